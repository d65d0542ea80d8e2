import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TerraformStack } from 'cdktf';
import type { Config } from '../../src/config/load';
import { GLOBAL_MEMBER_IGNORED_CHANGES } from '../../src/cache/regional-cache';
import { synthesize } from '../../src/synth';
import { cacheRunbookSteps } from '../../src/cache/runbook';
import { cacheTopology } from '../../src/cache/topology';
import { configWith, regionsInput } from '../helpers/config';
import { Template, deploymentFor } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GROUP = 'aws_elasticache_replication_group';
const KMS = '${data.aws_kms_key.kms_key.arn}';
const PIN = 'ldgnf-shop-prod-cache';
const MRC = 'virxk-shop-prod-cache';

/** Every stack of a deployment (global, each region, edge), synthesized once. */
function synthAll(config: Config): Map<string, Template> {
  const deployment = deploymentFor(config);
  const stacks: Array<[string, TerraformStack]> = [
    ['global', deployment.global],
    ...deployment.regions,
    ['edge', deployment.edge],
  ];
  return new Map(stacks.map(([name, stack]) => [name, Template.fromStack(stack)]));
}

const cacheAddresses = (template: Template) =>
  template.addresses().filter((address) => /^aws_(elasticache|memorydb)_/.test(address) || /\.cache_/.test(address));

/** Arguments that conflict with global_replication_group_id (hashicorp/aws 5.100.0): a secondary must not set them. */
const OWNED_BY_DATASTORE = [
  'engine',
  'engine_version',
  'node_type',
  'num_node_groups',
  'parameter_group_name',
  'security_group_names',
  'transit_encryption_enabled',
  'transit_encryption_mode',
  'at_rest_encryption_enabled',
  'snapshot_arns',
  'snapshot_name',
];

const UNPINNED = configWith();
const PINNED = configWith((i) => {
  i.cache = { mode: 'elasticache-global', globalDatastoreId: PIN, regions: { 'eu-west-1': { replicasPerShard: 2 } } };
});
const FLIPPED = configWith((i) => {
  i.primaryRegion = 'us-west-2';
  i.secondaryRegions = ['us-east-1', 'eu-west-1'];
  i.cache = { mode: 'elasticache-global', globalDatastoreId: PIN, regions: { 'eu-west-1': { replicasPerShard: 2 } } };
});
const MEMORYDB = configWith((i) => {
  i.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: MRC };
});
const REGIONAL = configWith((i) => {
  i.cache = {
    mode: 'regional',
    engine: 'redis',
    engineVersion: '7.1',
    regions: { 'eu-west-1': { nodeType: 'cache.t4g.medium', shards: 2 } },
  };
});

describe('elasticache-global before cache.globalDatastoreId is pinned (first deploy)', () => {
  let stacks: Map<string, Template>;
  beforeAll(() => {
    stacks = synthAll(UNPINNED);
  });

  it("creates the primary replication group with everything the datastore will own, encrypted with the region's key", () => {
    const group = stacks.get('us-east-1')!.resource(GROUP, 'cache_group');
    expect(group).toMatchObject({
      replication_group_id: 'shop-prod-cache',
      engine: 'valkey',
      engine_version: '8.0',
      node_type: 'cache.r7g.large',
      num_node_groups: 1,
      replicas_per_node_group: 1,
      parameter_group_name: 'default.valkey8.cluster.on',
      cluster_mode: 'enabled',
      at_rest_encryption_enabled: 'true',
      kms_key_id: KMS,
      transit_encryption_enabled: true,
      transit_encryption_mode: 'required',
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      snapshot_retention_limit: 7,
      snapshot_window: '03:00-04:00',
      maintenance_window: 'sun:05:00-sun:06:00',
      port: 6379,
      user_group_ids: ['${aws_elasticache_user_group.cache_user_group.user_group_id}'],
      subnet_group_name: '${aws_elasticache_subnet_group.cache_subnets.name}',
    });
    expect(group.global_replication_group_id).toBeUndefined();
    // Literal, not the exported constant: dropping `engine` or `at_rest_encryption_enabled` makes the real provider
    // replace a member on the primary flip (test:real-plan's flip fails; docs/test-run.md, fault (j)).
    expect(group.lifecycle.ignore_changes).toEqual([
      'engine',
      'engine_version',
      'node_type',
      'num_node_groups',
      'parameter_group_name',
      'cluster_mode',
      'at_rest_encryption_enabled',
      'transit_encryption_enabled',
      'transit_encryption_mode',
      'global_replication_group_id',
    ]);
  });

  it('creates no cache resource and no cache output in the secondary regions until the datastore ID is pinned', () => {
    for (const region of ['us-west-2', 'eu-west-1']) {
      expect(cacheAddresses(stacks.get(region)!)).toEqual([]);
      expect(Object.keys(stacks.get(region)!.json.output ?? {}).filter((name) => name.startsWith('cache'))).toEqual([]);
    }
  });

  it("builds the Global Datastore in the edge stack from the primary group, on the primary region's provider, guarded against #46121", () => {
    const datastore = stacks.get('edge')!.resource('aws_elasticache_global_replication_group', 'cache_datastore');
    expect(datastore).toMatchObject({
      provider: 'aws.us_east_1',
      global_replication_group_id_suffix: 'shop-prod-cache',
      primary_replication_group_id: 'shop-prod-cache',
      cache_node_type: 'cache.r7g.large',
      engine_version: '8.0',
      num_node_groups: 1,
      automatic_failover_enabled: true,
      lifecycle: { ignore_changes: ['primary_replication_group_id'] },
    });
    expect(stacks.get('edge')!.json.output.cache_global_datastore_id.value).toBe(
      '${aws_elasticache_global_replication_group.cache_datastore.global_replication_group_id}',
    );
  });

  it('authenticates only through IAM: a disabled default user and an IAM user, no password or token anywhere', () => {
    const users = stacks.get('us-east-1')!.resources('aws_elasticache_user');
    expect(users.cache_default_user).toMatchObject({
      user_name: 'default',
      access_string: 'off -@all',
      authentication_mode: { type: 'no-password-required' },
      engine: 'valkey',
    });
    expect(users.cache_app_user).toMatchObject({
      user_id: 'shop-prod-cache-app',
      user_name: 'shop-prod-cache-app',
      authentication_mode: { type: 'iam' },
    });
    expect(stacks.get('us-east-1')!.resource('aws_elasticache_user_group', 'cache_user_group').user_ids).toEqual([
      '${aws_elasticache_user.cache_default_user.user_id}',
      '${aws_elasticache_user.cache_app_user.user_id}',
    ]);
  });

  it('admits the port from the VPC only and logs slow and engine logs to KMS-encrypted groups kept a year', () => {
    const region = stacks.get('us-east-1')!;
    expect(region.resource('aws_vpc_security_group_ingress_rule', 'cache_ingress_vpc')).toMatchObject({
      from_port: 6379,
      to_port: 6379,
      cidr_ipv4: '10.10.0.0/16',
    });
    for (const kind of ['slow_log', 'engine_log']) {
      expect(region.resource('aws_cloudwatch_log_group', `cache_${kind}_group`)).toMatchObject({
        kms_key_id: KMS,
        retention_in_days: 365,
      });
    }
    expect(
      region
        .resource(GROUP, 'cache_group')
        .log_delivery_configuration.map((log: Json) => [log.log_type, log.destination_type, log.log_format]),
    ).toEqual([
      ['slow-log', 'cloudwatch-logs', 'json'],
      ['engine-log', 'cloudwatch-logs', 'json'],
    ]);
  });

  it('alarms per node on engine CPU, memory, evictions and Global Datastore replication lag (seconds)', () => {
    const alarms = stacks.get('us-east-1')!.resources('aws_cloudwatch_metric_alarm');
    expect(alarms.cache_replication_lag_0).toMatchObject({
      metric_name: 'GlobalDatastoreReplicationLag',
      threshold: 5,
      namespace: 'AWS/ElastiCache',
      dimensions: { CacheClusterId: 'shop-prod-cache-0001-001' },
      treat_missing_data: 'notBreaching',
    });
    expect(alarms.cache_engine_cpu_1).toMatchObject({
      metric_name: 'EngineCPUUtilization',
      threshold: 80,
      dimensions: { CacheClusterId: 'shop-prod-cache-0001-002' },
    });
    expect(alarms.cache_memory_0.metric_name).toBe('DatabaseMemoryUsagePercentage');
    expect(alarms.cache_cpu_0).toMatchObject({ metric_name: 'CPUUtilization', threshold: 80 });
    expect(alarms.cache_evictions_0).toMatchObject({ metric_name: 'Evictions', threshold: 1000 });
  });
});

describe('elasticache-global with cache.globalDatastoreId pinned', () => {
  let stacks: Map<string, Template>;
  beforeAll(() => {
    stacks = synthAll(PINNED);
  });

  it('joins each secondary to the pinned datastore, setting nothing the datastore owns', () => {
    for (const region of ['us-west-2', 'eu-west-1']) {
      const group = stacks.get(region)!.resource(GROUP, 'cache_group');
      expect(group).toMatchObject({
        replication_group_id: 'shop-prod-cache',
        global_replication_group_id: PIN,
        kms_key_id: KMS,
        automatic_failover_enabled: true,
        multi_az_enabled: true,
        snapshot_retention_limit: 7,
      });
      expect(OWNED_BY_DATASTORE.filter((argument) => group[argument] !== undefined)).toEqual([]);
      // The Valkey trap (#40786, #41713): engine and engine_version are ignored on every member.
      expect(group.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['engine', 'engine_version']));
    }
  });

  it('lets replica counts differ per region', () => {
    expect(stacks.get('us-west-2')!.resource(GROUP, 'cache_group').replicas_per_node_group).toBe(1);
    expect(stacks.get('eu-west-1')!.resource(GROUP, 'cache_group').replicas_per_node_group).toBe(2);
    expect(
      Object.keys(stacks.get('eu-west-1')!.resources('aws_cloudwatch_metric_alarm')).filter((name) =>
        name.startsWith('cache_engine_cpu'),
      ),
    ).toHaveLength(3);
  });

  it('outputs the local endpoint in every region', () => {
    for (const region of PINNED.allRegions) {
      expect(stacks.get(region)!.json.output.cache_endpoint.value).toBe(
        `\${${GROUP}.cache_group.configuration_endpoint_address}`,
      );
    }
  });

  it("keeps the outage rule: each region's cache uses only its own provider, reads no other stack, and no IAM", () => {
    for (const region of PINNED.allRegions) {
      const json = stacks.get(region)!.json;
      expect(json.provider.aws).toHaveLength(1);
      expect(json.provider.aws[0]).toMatchObject({ region });
      expect(json.data?.terraform_remote_state).toBeUndefined();
      const pinned = Object.values({ ...json.resource, ...json.data })
        .flatMap((byName) => Object.values(byName as Json))
        .filter((block) => block.provider !== undefined);
      expect(pinned).toEqual([]);
      expect(Object.keys(json.resource).filter((type) => /^aws_(iam|cloudfront|route53)_/.test(type))).toEqual([]);
      // Cross-region inputs are config values: the pinned ID, never another region's attribute.
      expect(JSON.stringify(json.resource[GROUP])).not.toMatch(/us_east_1|remote_state/);
    }
  });
});

// What the real provider replaces on this flip (nothing) is planned by `npm run test:real-plan` (scripts/real-plan.ts).
describe('elasticache-global, primaryRegion flip after a failover', () => {
  let before: Map<string, Template>;
  let after: Map<string, Template>;
  beforeAll(() => {
    before = synthAll(PINNED);
    after = synthAll(FLIPPED);
  });

  it('keeps every cache address in every stack', () => {
    for (const [stack, template] of before)
      expect({ stack, addresses: cacheAddresses(after.get(stack)!) }).toEqual({
        stack,
        addresses: cacheAddresses(template),
      });
  });

  it('changes the swapped groups only in ignored arguments', () => {
    for (const region of ['us-east-1', 'us-west-2']) {
      const a = before.get(region)!.resource(GROUP, 'cache_group');
      const b = after.get(region)!.resource(GROUP, 'cache_group');
      const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
        (key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]),
      );
      expect(changed.length).toBeGreaterThan(0);
      expect(changed.filter((key) => !GLOBAL_MEMBER_IGNORED_CHANGES.includes(key))).toEqual([]);
    }
    expect(JSON.stringify(after.get('eu-west-1')!.resource(GROUP, 'cache_group'))).toBe(
      JSON.stringify(before.get('eu-west-1')!.resource(GROUP, 'cache_group')),
    );
  });

  // No AWS document says a Global Datastore is managed through a member region other than its creation region: the
  // datastore stays on the provider of the region its pinned ID's prefix names (ldgnf = us-east-1), whatever the primary.
  it("keeps the datastore on its creation region's provider (from the ID prefix), arguments unchanged", () => {
    const a = before.get('edge')!.resource('aws_elasticache_global_replication_group', 'cache_datastore');
    const b = after.get('edge')!.resource('aws_elasticache_global_replication_group', 'cache_datastore');
    expect(b).toEqual(a);
    expect([a.provider, b.provider]).toEqual(['aws.us_east_1', 'aws.us_east_1']);
  });
});

describe('memorydb-multi-region', () => {
  let stacks: Map<string, Template>;
  beforeAll(() => {
    stacks = synthAll(MEMORYDB);
  });

  it('puts the multi-Region cluster in the global stack, TLS on, node type guarded against #48832', () => {
    const cluster = stacks.get('global')!.resource('aws_memorydb_multi_region_cluster', 'cache_multi_region');
    expect(cluster).toMatchObject({
      provider: 'aws.us_east_1',
      multi_region_cluster_name_suffix: 'shop-prod-cache',
      engine: 'valkey',
      engine_version: '7.3',
      node_type: 'db.r7g.xlarge',
      num_shards: 1,
      tls_enabled: true,
      lifecycle: { ignore_changes: ['node_type'] },
    });
    expect(stacks.get('global')!.json.output.cache_multi_region_cluster_name.value).toBe(
      '${aws_memorydb_multi_region_cluster.cache_multi_region.multi_region_cluster_name}',
    );
    expect(stacks.get('edge')!.resources('aws_elasticache_global_replication_group')).toEqual({});
  });

  it('joins a regional cluster in every region, encrypted, TLS, with an ACL of one IAM user', () => {
    for (const region of MEMORYDB.allRegions) {
      const template = stacks.get(region)!;
      expect(template.resource('aws_memorydb_cluster', 'cache_cluster')).toMatchObject({
        name: 'shop-prod-cache',
        multi_region_cluster_name: MRC,
        engine: 'valkey',
        node_type: 'db.r7g.xlarge',
        num_shards: 1,
        num_replicas_per_shard: 1,
        kms_key_arn: KMS,
        tls_enabled: true,
        acl_name: '${aws_memorydb_acl.cache_acl.name}',
        snapshot_retention_limit: 7,
      });
      expect(template.resource('aws_memorydb_user', 'cache_app_user')).toMatchObject({
        user_name: 'shop-prod-cache-app',
        authentication_mode: { type: 'iam' },
      });
      expect(template.resource('aws_memorydb_acl', 'cache_acl').user_names).toEqual([
        '${aws_memorydb_user.cache_app_user.user_name}',
      ]);
    }
  });

  it('alarms on MultiRegionClusterReplicationLag (ms) with a Metrics Insights query, which needs no dimension names', () => {
    // AWS documents no dimensions for this metric: an alarm on guessed ones could match nothing and stay OK forever.
    for (const region of MEMORYDB.allRegions) {
      const alarms = stacks.get(region)!.resources('aws_cloudwatch_metric_alarm');
      const lag = Object.entries(alarms).filter(([name]) => name.startsWith('cache_replication_lag'));
      expect(lag.map(([name]) => name)).toEqual(['cache_replication_lag_multi_region']);
      const [, alarm] = lag[0];
      expect(alarm).toMatchObject({
        threshold: 5000,
        comparison_operator: 'GreaterThanThreshold',
        alarm_name: 'shop-prod-cache-replication-lag',
      });
      expect(alarm.metric_name).toBeUndefined();
      expect(alarm.dimensions).toBeUndefined();
      expect(alarm.metric_query).toEqual([
        {
          id: 'lag',
          expression: 'SELECT MAX(MultiRegionClusterReplicationLag) FROM "AWS/MemoryDB"',
          period: 60,
          return_data: true,
        },
      ]);
    }
  });

  it('creates no regional cluster until the multi-Region cluster name is pinned', () => {
    const unpinned = synthAll(
      configWith((i) => {
        i.cache = { mode: 'memorydb-multi-region' };
      }),
    );
    for (const region of MEMORYDB.allRegions) expect(cacheAddresses(unpinned.get(region)!)).toEqual([]);
    expect(unpinned.get('global')!.resources('aws_memorydb_multi_region_cluster')).not.toEqual({});
  });
});

describe('regional and none', () => {
  it('runs an independent group per region, no datastore, no ignored arguments, per-region overrides', () => {
    const stacks = synthAll(REGIONAL);
    for (const region of REGIONAL.allRegions) {
      const group = stacks.get(region)!.resource(GROUP, 'cache_group');
      expect(group).toMatchObject({
        engine: 'redis',
        engine_version: '7.1',
        parameter_group_name: 'default.redis7.cluster.on',
        transit_encryption_enabled: true,
        kms_key_id: KMS,
      });
      expect(group.global_replication_group_id).toBeUndefined();
      expect(group.lifecycle?.ignore_changes).toBeUndefined();
    }
    expect(stacks.get('eu-west-1')!.resource(GROUP, 'cache_group')).toMatchObject({
      node_type: 'cache.t4g.medium',
      num_node_groups: 2,
    });
    expect(stacks.get('edge')!.resources('aws_elasticache_global_replication_group')).toEqual({});
  });

  it('builds nothing with mode none', () => {
    const stacks = synthAll(
      configWith((i) => {
        i.cache = { mode: 'none' };
      }),
    );
    for (const template of stacks.values()) expect(cacheAddresses(template)).toEqual([]);
  });
});

describe('no shared secret in any synthesized file', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? (name === '.terraform' ? [] : files(file)) : [file];
    });

  it.each([
    ['elasticache-global', PINNED],
    ['memorydb-multi-region', MEMORYDB],
    ['regional', REGIONAL],
  ])('%s: no auth token, password list or password-mode user', (_mode, config) => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'cache-')), 'cdktf.out');
    synthesize(config, outdir);
    const all = files(outdir);
    expect(all.some((file) => file.endsWith(path.join('runbooks', 'cache.md')))).toBe(true);
    for (const file of all) {
      const text = readFileSync(file, 'utf8');
      expect({ file, hits: text.match(/auth_token|"passwords"|"type":\s*"password"|AUTH_TOKEN/g) ?? [] }).toEqual({
        file,
        hits: [],
      });
    }
  });
});

describe('default config with five MemoryDB regions', () => {
  it('keeps each regional cluster name the same across regions', () => {
    const five = configWith((i) => {
      Object.assign(i, regionsInput('us-east-1', ['us-east-2', 'us-west-2', 'eu-west-1', 'ap-northeast-1']));
      i.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: MRC };
    });
    const stacks = synthAll(five);
    expect(
      five.allRegions.map((region) => stacks.get(region)!.resource('aws_memorydb_cluster', 'cache_cluster').name),
    ).toEqual(Array(5).fill('shop-prod-cache'));
  });
});

describe('an unpinned global anchor is warned on every synth, in the switchover and in the diagram', () => {
  const warnings = (config: Config): string[] =>
    deploymentFor(config)
      .global.node.findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === '@cdktf/warn')
      .map((entry) => String(entry.data));

  it("warns while cache.globalDatastoreId is unpinned that a primaryRegion change destroys the old primary's cache", () => {
    expect(warnings(UNPINNED)).toEqual([expect.stringContaining('cache.globalDatastoreId is not pinned')]);
    expect(warnings(UNPINNED)[0]).toContain(
      "a primaryRegion change in this state destroys us-east-1's replication group and its data",
    );
    expect(warnings(PINNED)).toEqual([]);
  });

  it('warns while cache.multiRegionClusterName is unpinned, and not once it is', () => {
    expect(
      warnings(
        configWith((i) => {
          i.cache = { mode: 'memorydb-multi-region' };
        }),
      ),
    ).toEqual([expect.stringContaining('cache.multiRegionClusterName is not pinned')]);
    expect(warnings(MEMORYDB)).toEqual([]);
  });

  it("says so in the deployment runbook's switchover step", () => {
    const step = cacheRunbookSteps(UNPINNED, { target: 'us-west-2', transition: 'planned' }).steps[0];
    expect(step.text.join(' ')).toContain("destroys us-east-1's replication group and its data");
  });

  it("draws MemoryDB links as joining once pinned, like the Global Datastore's", () => {
    const label = (config: Config) => cacheTopology(config).links[0].label;
    expect(
      label(
        configWith((i) => {
          i.cache = { mode: 'memorydb-multi-region' };
        }),
      ),
    ).toBe('MemoryDB Multi-Region (active-active) (join once multiRegionClusterName is pinned)');
    expect(label(MEMORYDB)).toBe('MemoryDB Multi-Region (active-active)');
  });
});
