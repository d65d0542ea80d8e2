import type { TerraformStack } from 'cdktf';
import type { Config } from '../../src/config/load';
import { AURORA_IGNORED_CHANGES } from '../../src/database/regional-database';
import { TEN_SECONDARIES, configWith, regionsInput } from '../helpers/config';
import { Template, deploymentFor } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Top-level arguments whose value calls `timestamp()` (the final snapshot's name): every plan would change them, so
 * only `ignore_changes` keeps the name the resource was created with.
 */
function timestampArguments(resource: Json): string[] {
  return Object.entries(resource)
    .filter(
      ([argument, value]) => argument !== 'lifecycle' && typeof value === 'string' && value.includes('timestamp()'),
    )
    .map(([argument]) => argument);
}

/** Every stack of a deployment, synthesized once. */
function synthAll(config: Config): Map<string, Template> {
  const deployment = deploymentFor(config);
  const stacks: Array<[string, TerraformStack]> = [['global', deployment.global], ...deployment.regions];
  return new Map(stacks.map(([name, stack]) => [name, Template.fromStack(stack)]));
}

// The cache's Global Datastore pinned, as it is before any switchover: every region then holds a cache member.
const PINNED_CACHE = (i: { cache?: unknown }) => {
  i.cache = { mode: 'elasticache-global', globalDatastoreId: 'ldgnf-shop-prod-cache' };
};
const THREE = configWith(PINNED_CACHE);
const TWO = configWith((i) => Object.assign(i, regionsInput('us-east-1', ['eu-west-1'])));
const ELEVEN = configWith((i) => {
  Object.assign(i, regionsInput('us-east-1', TEN_SECONDARIES));
  i.cache = { mode: 'regional' };
});
const RDS = configWith((i) => {
  Object.assign(i, regionsInput('eu-central-1', ['eu-west-1', 'eu-north-1']));
  i.database = { mode: 'rds-replicas', engine: 'mysql' };
});

describe.each([
  ['2 regions', TWO],
  ['3 regions', THREE],
  ['11 regions', ELEVEN],
])('aurora-global, %s', (_name, config) => {
  let stacks: Map<string, Template>;
  beforeAll(() => {
    stacks = synthAll(config);
  });

  it('has one global cluster in the global stack, on the globalRegion provider', () => {
    const global = stacks.get('global')!.resource('aws_rds_global_cluster', 'database_global');
    expect(global).toMatchObject({
      storage_encrypted: true,
      deletion_protection: true,
      global_cluster_identifier: 'shop-prod-db',
      provider: `aws.${config.globalRegion.replace(/-/g, '_')}`,
    });
  });

  it('has one regional cluster per region at the same address, joined to the global cluster', () => {
    for (const region of config.allRegions) {
      const cluster = stacks.get(region)!.resource('aws_rds_cluster', 'database_cluster');
      expect(cluster).toMatchObject({
        global_cluster_identifier: 'shop-prod-db',
        cluster_identifier: `shop-prod-db-${region}`,
        storage_encrypted: true,
      });
      expect(cluster.lifecycle.ignore_changes).toEqual(
        expect.arrayContaining(['global_cluster_identifier', 'replication_source_identifier', 'engine_version']),
      );
    }
  });

  it('keeps the timestamped final snapshot name in ignore_changes, so no plan renames it', () => {
    for (const region of config.allRegions) {
      const cluster = stacks.get(region)!.resource('aws_rds_cluster', 'database_cluster');
      expect(timestampArguments(cluster)).toEqual(['final_snapshot_identifier']);
      expect(cluster.lifecycle.ignore_changes).toEqual(expect.arrayContaining(timestampArguments(cluster)));
    }
  });

  it('gives secondaries source_region and no credentials, the primary the write-only password', () => {
    for (const region of config.allRegions) {
      const cluster = stacks.get(region)!.resource('aws_rds_cluster', 'database_cluster');
      if (region === config.primaryRegion) {
        expect(cluster).toMatchObject({
          master_username: 'dbadmin',
          master_password_wo: '${var.database_master_password}',
          master_password_wo_version: 1,
        });
        expect(cluster.source_region).toBeUndefined();
      } else {
        expect(cluster).toMatchObject({ source_region: config.primaryRegion, enable_global_write_forwarding: false });
        expect(cluster.master_username).toBeUndefined();
        expect(cluster.master_password_wo).toBeUndefined();
      }
    }
  });

  it('runs 2 instances in the primary and 1 in each secondary, private and monitored', () => {
    for (const region of config.allRegions) {
      const instances = Object.values(stacks.get(region)!.resources('aws_rds_cluster_instance'));
      expect(instances).toHaveLength(region === config.primaryRegion ? 2 : 1);
      for (const instance of instances) {
        expect(instance).toMatchObject({
          publicly_accessible: false,
          performance_insights_enabled: true,
          monitoring_interval: 60,
          instance_class: 'db.r6g.large',
        });
        expect(instance.performance_insights_kms_key_id).toBe('${data.aws_kms_key.kms_key.arn}');
      }
    }
  });

  it('alarms on replication lag, CPU and memory in every region', () => {
    for (const region of config.allRegions) {
      const alarms = stacks.get(region)!.resources('aws_cloudwatch_metric_alarm');
      expect(alarms.database_replication_lag).toMatchObject({
        metric_name: 'AuroraGlobalDBReplicationLag',
        threshold: 5000,
        dimensions: { DBClusterIdentifier: `shop-prod-db-${region}` },
      });
      expect(Object.keys(alarms)).toEqual(expect.arrayContaining(['database_cpu', 'database_freeable_memory']));
    }
  });

  it('replicates the credentials secret to every other region and never carries a password', () => {
    const secret = stacks.get('global')!.resource('aws_secretsmanager_secret', 'database_credentials');
    expect(secret.replica.map((r: Json) => r.region).sort()).toEqual(
      config.allRegions.filter((r) => r !== config.globalRegion).sort(),
    );
    for (const template of stacks.values()) {
      const text = JSON.stringify(template.json);
      expect(text).not.toMatch(/"(master_)?password"\s*:/);
      expect(text).not.toContain('secret_string"');
    }
  });
});

// What the real provider replaces on this flip is planned by `npm run test:real-plan` (scripts/real-plan.ts).
describe('aurora-global, primary flip after a switchover', () => {
  const flipped = configWith((i) => {
    i.primaryRegion = 'us-west-2';
    i.secondaryRegions = ['us-east-1', 'eu-west-1'];
    PINNED_CACHE(i);
  });
  const pinned = (config: Config) => ({ ...config, database: { ...config.database, primaryInstances: 1 } });
  let before: Map<string, Template>;
  let after: Map<string, Template>;
  beforeAll(() => {
    before = synthAll(THREE);
    after = synthAll(flipped);
  });

  it('keeps the global stack unchanged (provider blocks aside, which follow the region order)', () => {
    const normalized = (json: Json) => ({ ...json, provider: undefined });
    expect(normalized(after.get('global')!.json)).toEqual(normalized(before.get('global')!.json));
    expect(
      after
        .get('global')!
        .providers.map((p) => p.alias)
        .sort(),
    ).toEqual(
      before
        .get('global')!
        .providers.map((p) => p.alias)
        .sort(),
    );
  });

  it('changes the clusters only in arguments that are ignored or updated in place', () => {
    const inPlace = ['master_password_wo', 'master_password_wo_version', 'enable_global_write_forwarding'];
    for (const region of THREE.allRegions) {
      const a = before.get(region)!.resource('aws_rds_cluster', 'database_cluster');
      const b = after.get(region)!.resource('aws_rds_cluster', 'database_cluster');
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      const changed = [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
      expect(changed.every((key) => inPlace.includes(key) || AURORA_IGNORED_CHANGES.includes(key))).toBe(true);
    }
    expect(after.get('us-west-2')!.resource('aws_rds_cluster', 'database_cluster').master_password_wo_version).toBe(1);
  });

  it('keeps every address, except the one reader that follows the writer role (a create and a destroy, never a replacement)', () => {
    const moved = (stack: string) => {
      const a = before.get(stack)!.addresses();
      const b = after.get(stack)!.addresses();
      return { removed: a.filter((x) => !b.includes(x)), added: b.filter((x) => !a.includes(x)) };
    };
    expect(moved('us-east-1')).toEqual({ removed: ['aws_rds_cluster_instance.database_instance_1'], added: [] });
    expect(moved('us-west-2')).toEqual({ removed: [], added: ['aws_rds_cluster_instance.database_instance_1'] });
    expect(moved('eu-west-1')).toEqual({ removed: [], added: [] });
  });

  it('keeps every address when instance counts do not depend on the role', () => {
    const a = synthAll(pinned(THREE));
    const b = synthAll(pinned(flipped));
    for (const [stack, template] of a) expect(b.get(stack)!.addresses()).toEqual(template.addresses());
  });
});

describe('rds-replicas', () => {
  let stacks: Map<string, Template>;
  beforeAll(() => {
    stacks = synthAll(RDS);
  });

  it('runs a Multi-AZ writer with the write-only password in the primary', () => {
    const writer = stacks.get('eu-central-1')!.resource('aws_db_instance', 'database_instance');
    expect(writer).toMatchObject({
      engine: 'mysql',
      multi_az: true,
      username: 'dbadmin',
      password_wo: '${var.database_master_password}',
      password_wo_version: 1,
      storage_encrypted: true,
      deletion_protection: true,
      publicly_accessible: false,
    });
    expect(writer.replicate_source_db).toBeUndefined();
  });

  it('runs a read replica of the writer ARN, with a local key and subnet group, in each secondary', () => {
    for (const region of ['eu-west-1', 'eu-north-1']) {
      const replica = stacks.get(region)!.resource('aws_db_instance', 'database_instance');
      expect(replica).toMatchObject({
        replicate_source_db:
          'arn:aws:rds:eu-central-1:${data.aws_caller_identity.account.account_id}:db:shop-prod-db-eu-central-1',
        kms_key_id: '${data.aws_kms_key.kms_key.arn}',
        db_subnet_group_name: '${aws_db_subnet_group.database_subnets.name}',
      });
      expect(replica.username).toBeUndefined();
      expect(replica.password_wo).toBeUndefined();
      expect(stacks.get(region)!.resource('aws_cloudwatch_metric_alarm', 'database_replication_lag')).toMatchObject({
        metric_name: 'ReplicaLag',
        threshold: 60,
      });
    }
  });

  it('replicates automated backups to the first secondary only', () => {
    expect(
      stacks.get('eu-west-1')!.resource('aws_db_instance_automated_backups_replication', 'database_backup_replication'),
    ).toMatchObject({
      source_db_instance_arn:
        'arn:aws:rds:eu-central-1:${data.aws_caller_identity.account.account_id}:db:shop-prod-db-eu-central-1',
      // The copies are encrypted in the destination region, with that region's key (the source's is unusable there).
      kms_key_id: '${data.aws_kms_key.kms_key.arn}',
      retention_period: 14,
    });
    expect(stacks.get('eu-north-1')!.resources('aws_db_instance_automated_backups_replication')).toEqual({});
  });

  it('keeps the timestamped final snapshot name of every instance in ignore_changes, so no plan renames it', () => {
    for (const region of RDS.allRegions) {
      const instance = stacks.get(region)!.resource('aws_db_instance', 'database_instance');
      expect(timestampArguments(instance)).toEqual(['final_snapshot_identifier']);
      expect(instance.lifecycle.ignore_changes).toEqual(expect.arrayContaining(timestampArguments(instance)));
    }
  });

  it('has no global cluster', () => {
    expect(stacks.get('global')!.resources('aws_rds_global_cluster')).toEqual({});
  });
});

// What the real provider replaces on this flip (nothing, the promoted replica keeping what it inherited) is planned
// by `npm run test:real-plan` (scripts/real-plan.ts).
describe('rds-replicas, primary flip after a promotion', () => {
  const flipped = configWith((i) => {
    Object.assign(i, regionsInput('eu-west-1', ['eu-central-1', 'eu-north-1']));
    i.database = { mode: 'rds-replicas', engine: 'mysql' };
  });
  let after: Map<string, Template>;
  beforeAll(() => {
    after = synthAll(flipped);
  });

  it('re-points the remaining replica at the new writer (RDS refuses in place: the runbook rebuilds it)', () => {
    expect(after.get('eu-north-1')!.resource('aws_db_instance', 'database_instance').replicate_source_db).toBe(
      'arn:aws:rds:eu-west-1:${data.aws_caller_identity.account.account_id}:db:shop-prod-db-eu-west-1',
    );
  });
});
