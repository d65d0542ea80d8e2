import type { PolicyRule } from '../rule';
import { resourceRule } from '../rule';

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) as Json[];

/** Secrets Manager's default key (aws/secretsmanager) is regional and cannot be shared: every secret names our key. */
export const secretCustomerKey = resourceRule(
  'SECRETSMANAGER_CMK',
  'CKV_AWS_149',
  'aws_secretsmanager_secret',
  (secret) => (secret.config.kms_key_id ? undefined : 'is not encrypted with a customer-managed KMS key (kms_key_id)'),
);

export const secretReplicaKeys = resourceRule(
  'SECRETSMANAGER_REPLICA_CMK',
  undefined,
  'aws_secretsmanager_secret',
  (secret) => {
    const bare = list(secret.config.replica).filter((replica) => !replica.kms_key_id);
    return bare.length === 0
      ? undefined
      : `has replicas without kms_key_id: ${bare.map((replica) => String(replica.region)).join(', ')}`;
  },
);

export const secretPolicyBlocksPublic = resourceRule(
  'SECRETSMANAGER_BLOCK_PUBLIC_POLICY',
  undefined,
  'aws_secretsmanager_secret_policy',
  (policy) => (policy.config.block_public_policy === true ? undefined : 'does not set block_public_policy = true'),
);

/** Secret versions carry values only through write-only arguments: a plaintext value would land in the state. */
export const secretNoPlaintext = resourceRule(
  'SECRETSMANAGER_NO_PLAINTEXT',
  undefined,
  'aws_secretsmanager_secret_version',
  (version) =>
    version.config.secret_string === undefined && version.config.secret_binary === undefined
      ? undefined
      : 'sets secret_string or secret_binary; use secret_string_wo with secret_string_wo_version',
);

export const ssmSecureStringKey = resourceRule('SSM_SECURESTRING_CMK', undefined, 'aws_ssm_parameter', (parameter) =>
  parameter.config.type !== 'SecureString' || parameter.config.key_id
    ? undefined
    : 'is a SecureString without key_id (a customer-managed key)',
);

export const ssmSecureStringNoPlaintext = resourceRule(
  'SSM_SECURESTRING_NO_PLAINTEXT',
  undefined,
  'aws_ssm_parameter',
  (parameter) =>
    parameter.config.type !== 'SecureString' ||
    (parameter.config.value === undefined && parameter.config.insecure_value === undefined)
      ? undefined
      : 'is a SecureString with value or insecure_value; use value_wo with value_wo_version',
);

export const SECRETS_RULES: readonly PolicyRule[] = [
  secretCustomerKey,
  secretReplicaKeys,
  secretPolicyBlocksPublic,
  secretNoPlaintext,
];
export const PARAMETERS_RULES: readonly PolicyRule[] = [ssmSecureStringKey, ssmSecureStringNoPlaintext];
