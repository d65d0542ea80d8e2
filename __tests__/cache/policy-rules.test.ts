import { checkBaseline } from '../../src/policy/security-baseline';
import { BASELINE_RULES } from '../../src/registry/footprint';
import { CACHE_RULES } from '../../src/policy/rules/cache';
import type { SynthesizedStack } from '../../src/policy/synthesized';
import { configWith } from '../helpers/config';
import { Template, deploymentFor } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GOOD_GROUP: Json = {
  kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1',
  at_rest_encryption_enabled: 'true',
  transit_encryption_enabled: true,
  transit_encryption_mode: 'required',
  automatic_failover_enabled: true,
  multi_az_enabled: true,
  snapshot_retention_limit: 7,
  user_group_ids: ['g'],
};
const GOOD_CLUSTER: Json = {
  kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1',
  tls_enabled: true,
  snapshot_retention_limit: 7,
  acl_name: 'acl',
};

const stackWith = (type: string, config: Json): SynthesizedStack => ({ resource: { [type]: { user: config } } });
const violations = (stack: SynthesizedStack) => checkBaseline(stack, CACHE_RULES);

describe('cache policy rules', () => {
  it('accept the groups and clusters the tier builds, in every mode', () => {
    for (const patch of [
      () => undefined,
      (i: Json) => {
        i.cache.globalDatastoreId = 'ldgnf-shop-prod-cache';
      },
      (i: Json) => {
        i.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' };
      },
      (i: Json) => {
        i.cache = { mode: 'regional' };
      },
    ]) {
      const deployment = deploymentFor(configWith(patch));
      for (const stack of [deployment.global, ...deployment.regions.values(), deployment.edge]) {
        expect(violations(Template.fromStack(stack).json as SynthesizedStack)).toEqual([]);
      }
    }
  });

  it.each<[string, string, Json, string]>([
    [
      'no KMS key',
      'aws_elasticache_replication_group',
      { ...GOOD_GROUP, kms_key_id: undefined },
      '[ELASTICACHE_AT_REST_KMS, checkov CKV_AWS_191] aws_elasticache_replication_group.user is not encrypted at rest with a KMS key (at_rest_encryption_enabled, kms_key_id)',
    ],
    [
      'TLS preferred, not required',
      'aws_elasticache_replication_group',
      { ...GOOD_GROUP, transit_encryption_mode: 'preferred' },
      '[ELASTICACHE_IN_TRANSIT, checkov CKV_AWS_30] aws_elasticache_replication_group.user does not require in-transit encryption (transit_encryption_enabled = true, transit_encryption_mode "required")',
    ],
    [
      'no Multi-AZ',
      'aws_elasticache_replication_group',
      { ...GOOD_GROUP, multi_az_enabled: false },
      '[ELASTICACHE_MULTI_AZ, checkov CKV_AWS_29] aws_elasticache_replication_group.user does not enable automatic failover and Multi-AZ (automatic_failover_enabled, multi_az_enabled)',
    ],
    [
      'no snapshots',
      'aws_elasticache_replication_group',
      { ...GOOD_GROUP, snapshot_retention_limit: 0 },
      '[ELASTICACHE_SNAPSHOTS, checkov CKV_AWS_134] aws_elasticache_replication_group.user keeps no automatic snapshots; set snapshot_retention_limit > 0',
    ],
    [
      'no user group',
      'aws_elasticache_replication_group',
      { ...GOOD_GROUP, user_group_ids: undefined },
      '[ELASTICACHE_RBAC] aws_elasticache_replication_group.user has no user group (user_group_ids): anyone reaching the port gets the default user',
    ],
    [
      'a password user',
      'aws_elasticache_user',
      { authentication_mode: { type: 'password', passwords: ['x'] } },
      '[ELASTICACHE_USER_NO_PASSWORD] aws_elasticache_user.user authenticates with a password, which Terraform stores in plaintext in state; use authentication_mode type "iam"',
    ],
    [
      'MemoryDB without TLS',
      'aws_memorydb_cluster',
      { ...GOOD_CLUSTER, tls_enabled: false },
      '[MEMORYDB_ENCRYPTED, checkov CKV_AWS_201] aws_memorydb_cluster.user is not encrypted with a KMS key and TLS (kms_key_arn, tls_enabled)',
    ],
    [
      'MemoryDB open access',
      'aws_memorydb_cluster',
      { ...GOOD_CLUSTER, acl_name: 'open-access' },
      '[MEMORYDB_ACL] aws_memorydb_cluster.user uses the open-access ACL: set acl_name to an ACL of IAM-authenticated users',
    ],
    [
      'a MemoryDB password user',
      'aws_memorydb_user',
      { authentication_mode: { type: 'password', passwords: ['x'] } },
      '[MEMORYDB_USER_NO_PASSWORD] aws_memorydb_user.user does not authenticate with IAM; passwords end up in plaintext in state',
    ],
  ])('flag %s', (_name, type, config, expected) => {
    expect(violations(stackWith(type, config))).toContain(expected);
  });

  it('let a Global Datastore secondary inherit encryption, but never skip its KMS key', () => {
    const secondary = {
      ...GOOD_GROUP,
      global_replication_group_id: 'ldgnf-x',
      at_rest_encryption_enabled: undefined,
      transit_encryption_enabled: undefined,
      transit_encryption_mode: undefined,
    };
    expect(violations(stackWith('aws_elasticache_replication_group', secondary))).toEqual([]);
    expect(
      violations(stackWith('aws_elasticache_replication_group', { ...secondary, kms_key_id: undefined })),
    ).toHaveLength(1);
  });

  it('flag an auth token through the foundation rule', () => {
    expect(
      checkBaseline(stackWith('aws_elasticache_replication_group', { ...GOOD_GROUP, auth_token: 'x' }), BASELINE_RULES),
    ).toContain(
      '[NO_PLAINTEXT_SECRETS] aws_elasticache_replication_group.user sets auth_token, which Terraform stores in plaintext in state; use the write-only auth_token_wo or an AWS-managed credential',
    );
  });
});
