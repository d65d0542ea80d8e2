import type { PolicyRule } from '../rule';
import { resourceRule } from '../rule';
import { block, references, resourcesOfType } from '../synthesized';
import { readPolicy } from '../policy-documents';

type Json = Record<string, unknown>;

const list = (value: unknown): Json[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) as Json[];

function behaviors(distribution: Json): Json[] {
  return [...list(distribution.default_cache_behavior), ...list(distribution.ordered_cache_behavior)];
}

export const cloudFrontViewerHttps = resourceRule(
  'CLOUDFRONT_VIEWER_HTTPS',
  'CKV_AWS_34',
  'aws_cloudfront_distribution',
  (distribution) => {
    const plain = behaviors(distribution.config).filter(
      (behavior) => !['redirect-to-https', 'https-only'].includes(String(behavior.viewer_protocol_policy)),
    );
    return plain.length === 0
      ? undefined
      : `has cache behaviors allowing plain HTTP (${plain
          .map((b) => String(b.path_pattern ?? 'default'))
          .join(', ')}); set viewer_protocol_policy to redirect-to-https or https-only`;
  },
);

// The default *.cloudfront.net certificate has a fixed policy; the minimum applies to custom certificates.
const TLS_POLICIES = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];
export const cloudFrontTlsMinimum = resourceRule(
  'CLOUDFRONT_TLS_MINIMUM',
  'CKV_AWS_174',
  'aws_cloudfront_distribution',
  (distribution) => {
    const certificate = block(distribution.config.viewer_certificate);
    if (certificate === undefined || certificate.cloudfront_default_certificate === true) return undefined;
    const version = certificate.minimum_protocol_version;
    return TLS_POLICIES.includes(String(version))
      ? undefined
      : `uses minimum_protocol_version ${JSON.stringify(version)}; allowed: ${TLS_POLICIES.join(', ')}`;
  },
);

const S3_DOMAIN = /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/;
export const cloudFrontS3OriginAccessControl = resourceRule(
  'CLOUDFRONT_S3_OAC',
  undefined,
  'aws_cloudfront_distribution',
  (distribution) => {
    const open = list(distribution.config.origin).filter(
      (origin) => S3_DOMAIN.test(String(origin.domain_name)) && !origin.origin_access_control_id,
    );
    return open.length === 0
      ? undefined
      : `has S3 origins without origin_access_control_id: ${open.map((origin) => String(origin.origin_id)).join(', ')}`;
  },
);

export const cloudFrontHttpsOrigins = resourceRule(
  'CLOUDFRONT_HTTPS_ORIGINS',
  undefined,
  'aws_cloudfront_distribution',
  (distribution) => {
    const plain = list(distribution.config.origin).filter((origin) => {
      const custom = block(origin.custom_origin_config);
      return custom !== undefined && custom.origin_protocol_policy !== 'https-only';
    });
    return plain.length === 0
      ? undefined
      : `has custom origins reachable without TLS: ${plain
          .map((origin) => String(origin.origin_id))
          .join(', ')}; set origin_protocol_policy to https-only`;
  },
);

export const cloudFrontAccessLogs: PolicyRule = {
  id: 'CLOUDFRONT_ACCESS_LOGS',
  check(stack) {
    const sources = resourcesOfType(stack, 'aws_cloudwatch_log_delivery_source');
    return resourcesOfType(stack, 'aws_cloudfront_distribution')
      .filter(
        (distribution) =>
          block(distribution.config.logging_config) === undefined &&
          !sources.some((source) => references(source.config.resource_arn, distribution.address)),
      )
      .map((distribution) => ({
        address: distribution.address,
        message: 'has no standard logging (an aws_cloudwatch_log_delivery_source for it, or logging_config)',
      }));
  },
};

/**
 * Replication of SSE-KMS objects needs the role to decrypt with the source key and encrypt with every
 * destination key (cloudposse/terraform-aws-s3-bucket #277 is the known miss).
 */
export const s3ReplicationKms: PolicyRule = {
  id: 'S3_REPLICATION_KMS',
  check(stack) {
    return resourcesOfType(stack, 'aws_s3_bucket_replication_configuration').flatMap((replication) => {
      const role = /\$\{(aws_iam_role\.[\w-]+)\.arn\}/.exec(String(replication.config.role))?.[1];
      const statements = resourcesOfType(stack, 'aws_iam_role_policy')
        .filter((policy) => role !== undefined && references(policy.config.role, role))
        .flatMap((policy) => readPolicy(policy.config.policy, stack) ?? [])
        .filter((statement) => statement.effect === 'Allow');
      const decrypts = statements.some((statement) => statement.actions.includes('kms:Decrypt'));
      const problems: string[] = [];
      list(replication.config.rule).forEach((rule, index) => {
        const kms = block(block(rule.destination)?.encryption_configuration)?.replica_kms_key_id;
        if (
          block(block(rule.source_selection_criteria)?.sse_kms_encrypted_objects)?.status !== 'Enabled' ||
          kms === undefined
        ) {
          problems.push(
            `rule ${index} does not replicate SSE-KMS objects (source_selection_criteria.sse_kms_encrypted_objects and destination.encryption_configuration)`,
          );
        } else if (
          !decrypts ||
          !statements.some(
            (statement) => statement.actions.includes('kms:Encrypt') && statement.resources.includes(String(kms)),
          )
        ) {
          problems.push(
            `rule ${index}: the role has no aws_iam_role_policy in this stack allowing kms:Decrypt, and kms:Encrypt on ${String(
              kms,
            )}`,
          );
        }
      });
      return problems.map((message) => ({ address: replication.address, message }));
    });
  },
};

export const STORAGE_RULES: readonly PolicyRule[] = [
  cloudFrontViewerHttps,
  cloudFrontTlsMinimum,
  cloudFrontS3OriginAccessControl,
  cloudFrontHttpsOrigins,
  cloudFrontAccessLogs,
  s3ReplicationKms,
];
