import { checkBaseline } from '../../src/policy/security-baseline';
import { BASELINE_RULES } from '../../src/registry/footprint';
import { STORAGE_RULES } from '../../src/policy/rules/storage';
import type { SynthesizedStack } from '../../src/policy/synthesized';
import type { PolicyStatement } from '../../src/iam/policy';

const policyDocument = (statements: PolicyStatement[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const distribution = (): Json => ({
  origin: [
    {
      origin_id: 's3-a',
      domain_name: 'b.s3.us-east-1.amazonaws.com',
      origin_access_control_id: '${aws_cloudfront_origin_access_control.o.id}',
    },
    {
      origin_id: 'http-a',
      domain_name: 'api.example.com',
      custom_origin_config: { origin_protocol_policy: 'https-only' },
    },
  ],
  default_cache_behavior: { viewer_protocol_policy: 'redirect-to-https' },
  ordered_cache_behavior: [{ path_pattern: '/api/*', viewer_protocol_policy: 'https-only' }],
  viewer_certificate: { acm_certificate_arn: 'arn', minimum_protocol_version: 'TLSv1.2_2021' },
});

const replication = (): Json => ({
  role: '${aws_iam_role.r.arn}',
  rule: [
    {
      source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
      destination: { encryption_configuration: { replica_kms_key_id: '${data.aws_kms_key.dst.arn}' } },
    },
  ],
});

const ROLE_POLICY = policyDocument([
  { Effect: 'Allow', Action: 'kms:Decrypt', Resource: ['${data.aws_kms_key.src.arn}'] },
  { Effect: 'Allow', Action: ['kms:Encrypt'], Resource: ['${data.aws_kms_key.dst.arn}'] },
]);

function stack(patch: (resources: Json) => void = () => undefined): SynthesizedStack {
  const resource: Json = {
    aws_cloudfront_distribution: { d: distribution() },
    aws_cloudwatch_log_delivery_source: { l: { resource_arn: '${aws_cloudfront_distribution.d.arn}' } },
    aws_s3_bucket_replication_configuration: { r: replication() },
    aws_iam_role_policy: { p: { role: '${aws_iam_role.r.name}', policy: ROLE_POLICY } },
  };
  patch(resource);
  return { resource };
}

describe('storage policy rules', () => {
  it('pass a compliant distribution and replication', () => {
    expect(checkBaseline(stack(), STORAGE_RULES)).toEqual([]);
  });

  it('run in the baseline every stack is checked against', () => {
    expect(
      checkBaseline(
        stack((r) => {
          r.aws_cloudfront_distribution.d.default_cache_behavior.viewer_protocol_policy = 'allow-all';
        }),
        BASELINE_RULES,
      ),
    ).not.toEqual([]);
  });

  it.each<[string, (resources: Json) => void, string]>([
    [
      'plain HTTP to viewers',
      (r) => {
        r.aws_cloudfront_distribution.d.ordered_cache_behavior[0].viewer_protocol_policy = 'allow-all';
      },
      '[CLOUDFRONT_VIEWER_HTTPS, checkov CKV_AWS_34] aws_cloudfront_distribution.d has cache behaviors allowing plain HTTP (/api/*)',
    ],
    [
      'an old TLS policy',
      (r) => {
        r.aws_cloudfront_distribution.d.viewer_certificate.minimum_protocol_version = 'TLSv1.1_2016';
      },
      '[CLOUDFRONT_TLS_MINIMUM, checkov CKV_AWS_174] aws_cloudfront_distribution.d uses minimum_protocol_version "TLSv1.1_2016"',
    ],
    [
      'an S3 origin without OAC',
      (r) => {
        delete r.aws_cloudfront_distribution.d.origin[0].origin_access_control_id;
      },
      '[CLOUDFRONT_S3_OAC] aws_cloudfront_distribution.d has S3 origins without origin_access_control_id: s3-a',
    ],
    [
      'a custom origin over HTTP',
      (r) => {
        r.aws_cloudfront_distribution.d.origin[1].custom_origin_config.origin_protocol_policy = 'match-viewer';
      },
      '[CLOUDFRONT_HTTPS_ORIGINS] aws_cloudfront_distribution.d has custom origins reachable without TLS: http-a',
    ],
    [
      'no access logs',
      (r) => {
        delete r.aws_cloudwatch_log_delivery_source;
      },
      '[CLOUDFRONT_ACCESS_LOGS] aws_cloudfront_distribution.d has no standard logging',
    ],
    [
      'a role policy without the destination key',
      (r) => {
        r.aws_iam_role_policy.p.policy = ROLE_POLICY.replace('${data.aws_kms_key.dst.arn}', '*');
      },
      '[S3_REPLICATION_KMS] aws_s3_bucket_replication_configuration.r rule 0: the role has no aws_iam_role_policy in this stack allowing kms:Decrypt, and kms:Encrypt on ${data.aws_kms_key.dst.arn}',
    ],
    [
      'a role policy without kms:Encrypt (cloudposse #277)',
      (r) => {
        r.aws_iam_role_policy.p.policy = ROLE_POLICY.replace('kms:Encrypt', 's3:ReplicateObject');
      },
      '[S3_REPLICATION_KMS] aws_s3_bucket_replication_configuration.r rule 0: the role has no aws_iam_role_policy',
    ],
    [
      'a rule skipping SSE-KMS objects',
      (r) => {
        delete r.aws_s3_bucket_replication_configuration.r.rule[0].source_selection_criteria;
      },
      '[S3_REPLICATION_KMS] aws_s3_bucket_replication_configuration.r rule 0 does not replicate SSE-KMS objects',
    ],
  ])('flag %s', (_label, patch, expected) => {
    const violations = checkBaseline(stack(patch), STORAGE_RULES);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(expected);
  });

  it('leave the fixed policy of the default cloudfront.net certificate alone', () => {
    expect(
      checkBaseline(
        stack((r) => {
          r.aws_cloudfront_distribution.d.viewer_certificate = { cloudfront_default_certificate: true };
        }),
        STORAGE_RULES,
      ),
    ).toEqual([]);
  });
});
