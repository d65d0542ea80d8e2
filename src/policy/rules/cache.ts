import type { PolicyRule } from '../rule';
import { resourceRule } from '../rule';
import { block, type SynthesizedResource } from '../synthesized';

const GROUP = 'aws_elasticache_replication_group';
const MEMORYDB = 'aws_memorydb_cluster';

/** A Global Datastore secondary inherits encryption from the datastore and may not set it (it conflicts). */
const isSecondary = (group: SynthesizedResource) =>
  typeof group.config.global_replication_group_id === 'string' && group.config.global_replication_group_id !== '';
const positive = (value: unknown) => typeof value === 'number' && value > 0;

export const elasticacheAtRestKms = resourceRule('ELASTICACHE_AT_REST_KMS', 'CKV_AWS_191', GROUP, (group) =>
  group.config.kms_key_id && (isSecondary(group) || String(group.config.at_rest_encryption_enabled) === 'true')
    ? undefined
    : 'is not encrypted at rest with a KMS key (at_rest_encryption_enabled, kms_key_id)',
);

export const elasticacheInTransit = resourceRule('ELASTICACHE_IN_TRANSIT', 'CKV_AWS_30', GROUP, (group) =>
  isSecondary(group) ||
  (group.config.transit_encryption_enabled === true && group.config.transit_encryption_mode !== 'preferred')
    ? undefined
    : 'does not require in-transit encryption (transit_encryption_enabled = true, transit_encryption_mode "required")',
);

export const elasticacheFailover = resourceRule('ELASTICACHE_MULTI_AZ', 'CKV_AWS_29', GROUP, (group) =>
  group.config.automatic_failover_enabled === true && group.config.multi_az_enabled === true
    ? undefined
    : 'does not enable automatic failover and Multi-AZ (automatic_failover_enabled, multi_az_enabled)',
);

export const elasticacheSnapshots = resourceRule('ELASTICACHE_SNAPSHOTS', 'CKV_AWS_134', GROUP, (group) =>
  positive(group.config.snapshot_retention_limit)
    ? undefined
    : 'keeps no automatic snapshots; set snapshot_retention_limit > 0',
);

export const elasticacheRbac = resourceRule('ELASTICACHE_RBAC', undefined, GROUP, (group) => {
  const groups = group.config.user_group_ids;
  return Array.isArray(groups) && groups.length > 0
    ? undefined
    : 'has no user group (user_group_ids): anyone reaching the port gets the default user';
});

export const elasticacheUserNoPassword = resourceRule(
  'ELASTICACHE_USER_NO_PASSWORD',
  undefined,
  'aws_elasticache_user',
  (user) => {
    const mode = block(user.config.authentication_mode);
    return user.config.passwords !== undefined || mode?.passwords !== undefined || mode?.type === 'password'
      ? 'authenticates with a password, which Terraform stores in plaintext in state; use authentication_mode type "iam"'
      : undefined;
  },
);

export const memorydbEncrypted = resourceRule('MEMORYDB_ENCRYPTED', 'CKV_AWS_201', MEMORYDB, (cluster) =>
  cluster.config.kms_key_arn && cluster.config.tls_enabled !== false
    ? undefined
    : 'is not encrypted with a KMS key and TLS (kms_key_arn, tls_enabled)',
);

export const memorydbSnapshots = resourceRule('MEMORYDB_SNAPSHOTS', undefined, MEMORYDB, (cluster) =>
  positive(cluster.config.snapshot_retention_limit)
    ? undefined
    : 'keeps no automatic snapshots; set snapshot_retention_limit > 0',
);

export const memorydbAcl = resourceRule('MEMORYDB_ACL', undefined, MEMORYDB, (cluster) =>
  cluster.config.acl_name && cluster.config.acl_name !== 'open-access'
    ? undefined
    : 'uses the open-access ACL: set acl_name to an ACL of IAM-authenticated users',
);

export const memorydbMultiRegionTls = resourceRule(
  'MEMORYDB_MULTI_REGION_TLS',
  'CKV_AWS_202',
  'aws_memorydb_multi_region_cluster',
  (cluster) => (cluster.config.tls_enabled === false ? 'disables TLS (tls_enabled = false)' : undefined),
);

export const memorydbUserNoPassword = resourceRule(
  'MEMORYDB_USER_NO_PASSWORD',
  undefined,
  'aws_memorydb_user',
  (user) =>
    block(user.config.authentication_mode)?.type === 'iam'
      ? undefined
      : 'does not authenticate with IAM; passwords end up in plaintext in state',
);

export const CACHE_RULES: readonly PolicyRule[] = [
  elasticacheAtRestKms,
  elasticacheInTransit,
  elasticacheFailover,
  elasticacheSnapshots,
  elasticacheRbac,
  elasticacheUserNoPassword,
  memorydbEncrypted,
  memorydbSnapshots,
  memorydbAcl,
  memorydbMultiRegionTls,
  memorydbUserNoPassword,
];
