import type { PolicyRule } from '../rule';
import { resourceRule } from '../rule';
import { allResources, attachedTo, block, type SynthesizedResource, type SynthesizedStack } from '../synthesized';
import { readPolicy, type ReadStatement } from '../policy-documents';

function bucketRule(
  id: string,
  checkov: string | undefined,
  check: (bucket: SynthesizedResource, stack: SynthesizedStack) => string | undefined,
): PolicyRule {
  return resourceRule(id, checkov, 'aws_s3_bucket', check);
}

export const s3KmsEncryption = bucketRule('S3_KMS_ENCRYPTION', 'CKV_AWS_145', (bucket, stack) => {
  const encrypted = attachedTo(stack, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket).some(
    (sse) => {
      const rule = block(sse.config.rule);
      return block(rule?.apply_server_side_encryption_by_default)?.sse_algorithm === 'aws:kms';
    },
  );
  return encrypted
    ? undefined
    : 'has no default encryption with a KMS key (aws_s3_bucket_server_side_encryption_configuration, sse_algorithm "aws:kms")';
});

export const s3PublicAccessBlock = bucketRule('S3_PUBLIC_ACCESS_BLOCK', 'CKV2_AWS_6', (bucket, stack) => {
  const settings = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
  const blocked = attachedTo(stack, 'aws_s3_bucket_public_access_block', 'bucket', bucket).some((pab) =>
    settings.every((setting) => pab.config[setting] === true),
  );
  return blocked ? undefined : `has no aws_s3_bucket_public_access_block with ${settings.join(', ')} all true`;
});

export const s3Versioning = bucketRule('S3_VERSIONING', 'CKV_AWS_21', (bucket, stack) => {
  const enabled = attachedTo(stack, 'aws_s3_bucket_versioning', 'bucket', bucket).some(
    (versioning) => block(versioning.config.versioning_configuration)?.status === 'Enabled',
  );
  return enabled ? undefined : 'has no aws_s3_bucket_versioning with status "Enabled"';
});

/** A Deny for everyone on every S3 action of the bucket and its objects when `aws:SecureTransport` is false. */
function deniesInsecureTransport(statement: ReadStatement, bucketAddress: string): boolean {
  const covers = (suffix: string) =>
    statement.resources.some((resource) => resource === `\${${bucketAddress}.arn}${suffix}`);
  return (
    statement.effect === 'Deny' &&
    statement.principals.includes('*') &&
    statement.actions.includes('s3:*') &&
    covers('') &&
    covers('/*') &&
    statement.conditions.some(
      (condition) =>
        condition.test === 'Bool' && condition.variable === 'aws:SecureTransport' && condition.values.includes('false'),
    )
  );
}

export const s3TlsOnly = bucketRule('S3_TLS_ONLY', undefined, (bucket, stack) => {
  const denies = attachedTo(stack, 'aws_s3_bucket_policy', 'bucket', bucket).some((policy) =>
    (readPolicy(policy.config.policy, stack) ?? []).some((statement) =>
      deniesInsecureTransport(statement, bucket.address),
    ),
  );
  return denies
    ? undefined
    : 'has no bucket policy statement denying every principal s3:* on the bucket and its objects when aws:SecureTransport is false (write the policy as JSON or with aws_iam_policy_document so it can be read)';
});

export const kmsRotation = resourceRule('KMS_ROTATION', 'CKV_AWS_7', 'aws_kms_key', (key) =>
  key.config.enable_key_rotation === true ? undefined : 'does not set enable_key_rotation = true',
);

export const dynamodbPitr = resourceRule('DYNAMODB_PITR', 'CKV_AWS_28', 'aws_dynamodb_table', (table) =>
  block(table.config.point_in_time_recovery)?.enabled === true ? undefined : 'does not enable point_in_time_recovery',
);

export const dynamodbKms = resourceRule('DYNAMODB_KMS', 'CKV_AWS_119', 'aws_dynamodb_table', (table) => {
  const sse = block(table.config.server_side_encryption);
  return sse?.enabled === true && sse.kms_key_arn
    ? undefined
    : 'is not encrypted with a customer managed KMS key (server_side_encryption.kms_key_arn)';
});

export const logGroupKms = resourceRule('LOG_GROUP_KMS', 'CKV_AWS_158', 'aws_cloudwatch_log_group', (group) =>
  group.config.kms_key_id ? undefined : 'is not encrypted with a KMS key (kms_key_id)',
);

export const logGroupRetention = resourceRule(
  'LOG_GROUP_RETENTION',
  'CKV_AWS_338',
  'aws_cloudwatch_log_group',
  (group) => {
    const days = group.config.retention_in_days;
    return typeof days === 'number' && days >= 365
      ? undefined
      : `keeps logs ${
          days === undefined ? 'forever without a set retention' : `${String(days)} days`
        }; set retention_in_days >= 365`;
  },
);

export const subnetNoPublicIp = resourceRule('SUBNET_NO_PUBLIC_IP', 'CKV_AWS_130', 'aws_subnet', (subnet) =>
  subnet.config.map_public_ip_on_launch === true ? 'assigns public IPs on launch (map_public_ip_on_launch)' : undefined,
);

/**
 * Arguments whose value Terraform keeps in state and in the plan. Each has a write-only twin
 * (`<name>_wo`, Terraform >= 1.11) or an AWS-managed alternative.
 */
const PLAINTEXT_SECRET_ARGUMENTS = ['master_password', 'password', 'secret_string', 'secret_binary', 'auth_token'];

export const noPlaintextSecrets: PolicyRule = {
  id: 'NO_PLAINTEXT_SECRETS',
  check(stack) {
    return allResources(stack).flatMap((resource) =>
      PLAINTEXT_SECRET_ARGUMENTS.filter((argument) => resource.config[argument] !== undefined).map((argument) => ({
        address: resource.address,
        message: `sets ${argument}, which Terraform stores in plaintext in state; use the write-only ${argument}_wo or an AWS-managed credential`,
      })),
    );
  },
};

export const FOUNDATION_RULES: readonly PolicyRule[] = [
  s3KmsEncryption,
  s3PublicAccessBlock,
  s3Versioning,
  s3TlsOnly,
  kmsRotation,
  dynamodbPitr,
  dynamodbKms,
  logGroupKms,
  logGroupRetention,
  subnetNoPublicIp,
  noPlaintextSecrets,
];
