import { Testing } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { checkBaseline } from '../../src/policy/security-baseline';
import { BASELINE_RULES } from '../../src/registry/footprint';
import { FOUNDATION_RULES } from '../../src/policy/rules/foundation';
import type { SynthesizedStack } from '../../src/policy/synthesized';
import { BaseStack } from '../../src/stacks/base-stack';
import { SecureBucket } from '../../src/s3/secure-bucket';
import { configWith } from '../helpers/config';
import { denyInsecureTransport, type PolicyStatement } from '../../src/iam/policy';
import { parseHclLiteral } from '../../src/policy/hcl-literal';

/** A policy as a JSON string, one of the forms the baseline reads. */
const policyDocument = (statements: PolicyStatement[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

type Resources = NonNullable<SynthesizedStack['resource']>;

const secureBucketParts: Resources = {
  aws_s3_bucket: { b: { bucket: 'b' } },
  aws_s3_bucket_server_side_encryption_configuration: {
    b: {
      bucket: '${aws_s3_bucket.b.id}',
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }],
    },
  },
  aws_s3_bucket_public_access_block: {
    b: {
      bucket: '${aws_s3_bucket.b.id}',
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    },
  },
  aws_s3_bucket_versioning: { b: { bucket: '${aws_s3_bucket.b.id}', versioning_configuration: { status: 'Enabled' } } },
  aws_s3_bucket_policy: {
    b: {
      bucket: '${aws_s3_bucket.b.id}',
      policy: policyDocument([denyInsecureTransport('s3:*', ['${aws_s3_bucket.b.arn}', '${aws_s3_bucket.b.arn}/*'])]),
    },
  },
};

/** The secure bucket with its policy replaced. */
function withPolicy(policy: string, data?: SynthesizedStack['data']): SynthesizedStack {
  const resource: Resources = JSON.parse(JSON.stringify(secureBucketParts));
  resource.aws_s3_bucket_policy.b.policy = policy;
  return { resource, data };
}

function without(type: string, patch?: Record<string, unknown>): SynthesizedStack {
  const resource: Resources = JSON.parse(JSON.stringify(secureBucketParts));
  if (patch) Object.assign(resource[type].b, patch);
  else delete resource[type];
  return { resource };
}

describe('foundation policy rules', () => {
  it('passes a bucket with every protection', () => {
    expect(checkBaseline({ resource: secureBucketParts }, BASELINE_RULES)).toEqual([]);
  });

  it.each([
    [
      'aws_s3_bucket_server_side_encryption_configuration',
      undefined,
      '[S3_KMS_ENCRYPTION, checkov CKV_AWS_145] aws_s3_bucket.b has no default encryption',
    ],
    [
      'aws_s3_bucket_server_side_encryption_configuration',
      { rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] },
      '[S3_KMS_ENCRYPTION',
    ],
    ['aws_s3_bucket_public_access_block', undefined, '[S3_PUBLIC_ACCESS_BLOCK, checkov CKV2_AWS_6] aws_s3_bucket.b'],
    ['aws_s3_bucket_public_access_block', { restrict_public_buckets: false }, '[S3_PUBLIC_ACCESS_BLOCK'],
    [
      'aws_s3_bucket_versioning',
      { versioning_configuration: { status: 'Suspended' } },
      '[S3_VERSIONING, checkov CKV_AWS_21] aws_s3_bucket.b',
    ],
    [
      'aws_s3_bucket_policy',
      undefined,
      '[S3_TLS_ONLY] aws_s3_bucket.b has no bucket policy statement denying every principal s3:* on the bucket and its objects when aws:SecureTransport is false',
    ],
  ])('flags a bucket when %s is missing or weakened (%j)', (type, patch, expected) => {
    const violations = checkBaseline(without(type, patch as Record<string, unknown> | undefined), BASELINE_RULES);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(expected);
  });

  it.each<[string, string]>([
    ['merely mentions aws:SecureTransport', '{"Condition":{"Bool":{"aws:SecureTransport":"false"}}}'],
    [
      'allows instead of denying',
      policyDocument([
        { ...denyInsecureTransport('s3:*', ['${aws_s3_bucket.b.arn}', '${aws_s3_bucket.b.arn}/*']), Effect: 'Allow' },
      ]),
    ],
    [
      'denies only when TLS is used',
      policyDocument([denyInsecureTransport('s3:*', ['${aws_s3_bucket.b.arn}', '${aws_s3_bucket.b.arn}/*'])]).replace(
        '"false"',
        '"true"',
      ),
    ],
    ['leaves the objects out', policyDocument([denyInsecureTransport('s3:*', ['${aws_s3_bucket.b.arn}'])])],
    ['is not a document the baseline can read', '${file("policy.json")}'],
  ])('flags a bucket policy that %s', (_label, policy) => {
    const violations = checkBaseline(withPolicy(policy), BASELINE_RULES);
    expect(violations).toEqual([
      expect.stringContaining('[S3_TLS_ONLY] aws_s3_bucket.b has no bucket policy statement denying every principal'),
    ]);
  });

  it('reads a TLS deny as cdktf renders Fn.jsonencode, bare references included', () => {
    const rendered =
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Deny", "Principal" = "*", "Action" = "s3:*", ' +
      '"Resource" = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"], "Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}}]})}';
    expect(checkBaseline(withPolicy(rendered), BASELINE_RULES)).toEqual([]);
  });

  it('parses the literal inside jsonencode: objects, tuples, strings with references, bare references, numbers', () => {
    expect(parseHclLiteral('{"a" = [x.y.arn, "${x.y.arn}/*", 3, true], b: {"c" = "q\\"uote"}}')).toEqual({
      a: ['${x.y.arn}', '${x.y.arn}/*', 3, true],
      b: { c: 'q"uote' },
    });
    expect(() => parseHclLiteral('{"a" = }')).toThrow(/expected a value/);
  });

  it('reads a TLS deny written with the aws_iam_policy_document data source', () => {
    const data = {
      aws_iam_policy_document: {
        tls: {
          statement: [
            {
              effect: 'Deny',
              actions: ['s3:*'],
              resources: ['${aws_s3_bucket.b.arn}', '${aws_s3_bucket.b.arn}/*'],
              principals: [{ type: '*', identifiers: ['*'] }],
              condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
            },
          ],
        },
      },
    };
    expect(checkBaseline(withPolicy('${data.aws_iam_policy_document.tls.json}', data), BASELINE_RULES)).toEqual([]);
  });

  it.each([
    [
      'aws_kms_key',
      { enable_key_rotation: false },
      '[KMS_ROTATION, checkov CKV_AWS_7] aws_kms_key.k does not set enable_key_rotation = true',
    ],
    [
      'aws_dynamodb_table',
      { point_in_time_recovery: { enabled: false }, server_side_encryption: { enabled: true, kms_key_arn: 'k' } },
      '[DYNAMODB_PITR, checkov CKV_AWS_28] aws_dynamodb_table.k',
    ],
    [
      'aws_dynamodb_table',
      { point_in_time_recovery: { enabled: true }, server_side_encryption: { enabled: true } },
      '[DYNAMODB_KMS, checkov CKV_AWS_119] aws_dynamodb_table.k',
    ],
    [
      'aws_cloudwatch_log_group',
      { retention_in_days: 365 },
      '[LOG_GROUP_KMS, checkov CKV_AWS_158] aws_cloudwatch_log_group.k',
    ],
    [
      'aws_cloudwatch_log_group',
      { kms_key_id: 'k', retention_in_days: 30 },
      '[LOG_GROUP_RETENTION, checkov CKV_AWS_338] aws_cloudwatch_log_group.k keeps logs 30 days; set retention_in_days >= 365',
    ],
    ['aws_cloudwatch_log_group', { kms_key_id: 'k' }, 'keeps logs forever without a set retention'],
    ['aws_subnet', { map_public_ip_on_launch: true }, '[SUBNET_NO_PUBLIC_IP, checkov CKV_AWS_130] aws_subnet.k'],
    [
      'aws_rds_cluster',
      { master_password: 'hunter2' },
      '[NO_PLAINTEXT_SECRETS] aws_rds_cluster.k sets master_password, which Terraform stores in plaintext in state; use the write-only master_password_wo',
    ],
    ['aws_secretsmanager_secret_version', { secret_string: 'x' }, 'sets secret_string'],
  ])('flags %s %j', (type, config, expected) => {
    const violations = checkBaseline({ resource: { [type]: { k: config } } }, FOUNDATION_RULES);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(expected);
  });

  it('accepts write-only secrets', () => {
    expect(
      checkBaseline(
        { resource: { aws_rds_cluster: { k: { master_password_wo: 'x', master_password_wo_version: 1 } } } },
        FOUNDATION_RULES,
      ),
    ).toEqual([]);
  });
});

describe('the baseline at synthesis', () => {
  const stackWith = (): BaseStack => {
    const stack = new BaseStack(Testing.app(), 'user', {
      config: configWith(),
      stateRegion: 'us-east-1',
      localStateFile: 'test.tfstate',
    });
    stack.defaultProvider('us-east-1');
    return stack;
  };

  it('holds resources a user adds to the same bar', () => {
    const stack = stackWith();
    new S3Bucket(stack, 'loose', { bucket: 'loose' });
    new KmsKey(stack, 'unrotated', {});
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[S3_KMS_ENCRYPTION[\s\S]*aws_s3_bucket\.loose[\s\S]*\[KMS_ROTATION, checkov CKV_AWS_7\] aws_kms_key\.unrotated/,
    );
  });

  it('lets a SecureBucket through', () => {
    const stack = stackWith();
    new SecureBucket(stack, 'safe', { bucketName: 'safe', kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
