import { z } from 'zod';
import { parseCidr } from '../base/cidr';
import { LogRetentionDays, shown } from '../base/primitives';
import { requirePinnedGlobalRegion, type BaseParsed } from '../base/config';

/**
 * ElastiCache Global Datastore: "a primary cluster ... and up to two secondary clusters" in other Regions
 * (ElastiCache User Guide, "Replication across AWS Regions using global datastores", Prerequisites and limitations:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html).
 */
export const GLOBAL_DATASTORE_MAX_SECONDARY_REGIONS = 2;

/**
 * Node types a Global Datastore accepts: "M5, M6g, M7g, R5, R6g, R6gd, R7g and C7gn node types, of size large and
 * above" (same page); no T-class. Sizes per family from "Supported node types"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html); R6gd starts at xlarge.
 */
const GLOBAL_DATASTORE_FAMILIES: Record<string, readonly string[]> = {
  'cache.m5': ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'],
  'cache.m6g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.m7g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.r5': ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'],
  'cache.r6g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.r6gd': ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.r7g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'cache.c7gn': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
};
export const GLOBAL_DATASTORE_NODE_TYPES: readonly string[] = Object.entries(GLOBAL_DATASTORE_FAMILIES).flatMap(
  ([family, sizes]) => sizes.map((size) => `${family}.${size}`),
);

/**
 * MemoryDB Multi-Region (MemoryDB Developer Guide, "Prerequisites and limitations",
 * https://docs.aws.amazon.com/memorydb/latest/devguide/multi-region.prereq.html): "up to five AWS Regions", "R7g nodes
 * of size XL and above", "Valkey engine version 7.3 and above", and the Regions listed below.
 */
export const MEMORYDB_MULTI_REGION_MAX_REGIONS = 5;
export const MEMORYDB_MULTI_REGION_NODE_TYPES: readonly string[] = [
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
].map((size) => `db.r7g.${size}`);
/** US East (N. Virginia, Ohio), US West (Oregon, N. California), Europe (Ireland, Frankfurt, London), Asia Pacific (Tokyo, Sydney, Mumbai, Seoul, Singapore). */
export const MEMORYDB_MULTI_REGION_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'us-west-1',
  'eu-west-1',
  'eu-central-1',
  'eu-west-2',
  'ap-northeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'ap-northeast-2',
  'ap-southeast-1',
];

export const CACHE_MODES = ['elasticache-global', 'memorydb-multi-region', 'regional', 'none'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];
export const CACHE_ENGINES = ['valkey', 'redis'] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];
export const CACHE_PORT = 6379;

/** `ddd:hh24:mi-ddd:hh24:mi` (ElastiCache and MemoryDB `PreferredMaintenanceWindow`). */
const MaintenanceWindow = z
  .string()
  .regex(
    /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):[0-5]\d-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):[0-5]\d$/,
    {
      error: (i) =>
        `${shown(
          i.input,
        )} is not a maintenance window; expected ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. "sun:05:00-sun:06:00"`,
    },
  );
/** `hh24:mi-hh24:mi` (`SnapshotWindow`). */
const SnapshotWindow = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
  error: (i) => `${shown(i.input)} is not a snapshot window; expected hh24:mi-hh24:mi in UTC, e.g. "03:00-04:00"`,
});

const AppCidr = z.string().refine((value) => parseCidr(value) !== undefined && parseCidr(value)!.prefix >= 8, {
  error: (i) =>
    `${shown(i.input)} must be an IPv4 CIDR with prefix /8 or longer and zero host bits (never the whole internet)`,
});

const NodeType = z.string().regex(/^(cache|db)\.[a-z0-9]+\.[a-z0-9]+$/, {
  error: (i) =>
    `${shown(i.input)} is not a node type (cache.<family>.<size> for ElastiCache, db.<family>.<size> for MemoryDB)`,
});
const Shards = z
  .number()
  .int()
  .min(1, { error: (i) => `${shown(i.input)} is too few: at least 1 shard` })
  .max(500, { error: (i) => `${shown(i.input)} is too many: at most 500 shards` });
const Replicas = z
  .number()
  .int()
  .min(1, {
    error: (i) =>
      `${shown(
        i.input,
      )} is too few: at least 1 replica per shard, or Multi-AZ and automatic failover have nothing to fail over to`,
  })
  .max(5, { error: (i) => `${shown(i.input)} is too many: at most 5 replicas per shard` });

const RegionOverride = z.strictObject({
  replicasPerShard: Replicas.optional().describe(
    'Replicas per shard in this region (may differ per region in every mode). Default: cache.replicasPerShard',
  ),
  nodeType: NodeType.optional().describe('Mode regional only: node type in this region. Default: cache.nodeType'),
  engineVersion: z
    .string()
    .optional()
    .describe('Mode regional only: engine version in this region. Default: cache.engineVersion'),
  shards: Shards.optional().describe('Mode regional only: shards in this region. Default: cache.shards'),
});

/** The AWS-assigned prefix of a Global Datastore or multi-Region cluster name: five lowercase letters and a hyphen. */
const PinnedName = (what: string, output: string) =>
  z.string().regex(/^[a-z]{5}-[a-z][a-z0-9-]*$/, {
    error: (i) =>
      `${shown(
        i.input,
      )} is not a ${what} (AWS prefixes the name with five letters and a hyphen, e.g. "ldgnf-shop-prod-cache"; copy the ${output} output)`,
  });

const CacheInput = z.strictObject({
  mode: z
    .enum(CACHE_MODES, { error: (i) => `${shown(i.input)} is not a cache mode; allowed: ${CACHE_MODES.join(', ')}` })
    .default('elasticache-global')
    .describe(
      '`elasticache-global` (ElastiCache Global Datastore: 1 primary + up to 2 read-only secondary regions, managed promotion), `memorydb-multi-region` (MemoryDB Multi-Region: up to 5 regions, active-active), `regional` (an independent cache per region, no cross-region sync) or `none`. Default: elasticache-global',
    ),
  engine: z
    .enum(CACHE_ENGINES, {
      error: (i) => `${shown(i.input)} is not a cache engine; allowed: ${CACHE_ENGINES.join(', ')}`,
    })
    .default('valkey')
    .describe('`valkey` or `redis` (Redis OSS, ElastiCache modes only). Default: valkey'),
  engineVersion: z
    .string()
    .optional()
    .describe(
      'Engine version. ElastiCache: Valkey 7.2 or later, Redis OSS 7.0 or later (IAM authentication). MemoryDB Multi-Region: Valkey 7.3 or later. Default: 8.0 (ElastiCache Valkey), 7.1 (Redis OSS), 7.3 (MemoryDB)',
    ),
  nodeType: NodeType.optional().describe(
    'Node type of every node. Global Datastore: M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn, large or above. MemoryDB Multi-Region: db.r7g.xlarge or above. Default: cache.r7g.large (ElastiCache), db.r7g.xlarge (MemoryDB)',
  ),
  shards: Shards.default(1).describe('Shards (node groups); cluster mode is always enabled. Default: 1'),
  replicasPerShard: Replicas.default(1).describe('Replicas per shard in each region (1-5). Default: 1'),
  regions: z
    .record(z.string(), RegionOverride)
    .default({})
    .describe(
      'Per-region overrides, keyed by region. Every mode: replicasPerShard. Mode regional: also nodeType, engineVersion, shards. Default: {}',
    ),
  appCidrs: z
    .array(AppCidr)
    .default([])
    .describe("CIDRs admitted to the cache port (6379) in every region. Default: the region's own VPC CIDR"),
  accessString: z
    .string()
    .regex(/^on /, { error: (i) => `${shown(i.input)} must start with "on " (an enabled user), e.g. "on ~* +@all"` })
    .default('on ~* +@all')
    .describe('Access string of the IAM-authenticated application user. Default: "on ~* +@all"'),
  snapshotRetentionDays: z
    .number()
    .int()
    .min(1, { error: (i) => `${shown(i.input)} is too short: keep snapshots at least 1 day` })
    .max(35, { error: (i) => `${shown(i.input)} is too long: at most 35 days` })
    .default(7)
    .describe('Days of automatic snapshots (1-35). Default: 7'),
  snapshotWindow: SnapshotWindow.default('03:00-04:00').describe('Daily snapshot window, UTC. Default: 03:00-04:00'),
  maintenanceWindow: MaintenanceWindow.default('sun:05:00-sun:06:00').describe(
    'Weekly maintenance window, UTC. Default: sun:05:00-sun:06:00',
  ),
  logRetentionDays: LogRetentionDays.default(365).describe(
    'Days to keep the slow and engine logs (ElastiCache). Default: 365',
  ),
  globalDatastoreId: PinnedName('Global Datastore ID', "edge stack's cache_global_datastore_id")
    .optional()
    .describe(
      "elasticache-global: the Global Datastore's full ID, from the edge stack's `cache_global_datastore_id` output after its first apply. Until it is set, secondary regions create no cache (see docs/cache.md, first deploy). Default: none",
    ),
  multiRegionClusterName: PinnedName(
    'MemoryDB multi-Region cluster name',
    "global stack's cache_multi_region_cluster_name",
  )
    .optional()
    .describe(
      "memorydb-multi-region: the multi-Region cluster's full name, from the global stack's `cache_multi_region_cluster_name` output after its first apply. Until it is set, no region creates its cluster. Default: none",
    ),
  replicationLagAlarmSeconds: z
    .number()
    .positive({ error: (i) => `${shown(i.input)} must be a positive number of seconds` })
    .default(5)
    .describe(
      "Cross-region replication lag above which a region's alarm fires (`GlobalDatastoreReplicationLag` in s, `MultiRegionClusterReplicationLag` in ms). Default: 5",
    ),
  cpuAlarmPercent: z
    .number()
    .min(1)
    .max(100)
    .default(80)
    .describe("EngineCPUUtilization and CPUUtilization (host) above which a node's alarms fire. Default: 80"),
  memoryAlarmPercent: z
    .number()
    .min(1)
    .max(100)
    .default(80)
    .describe("DatabaseMemoryUsagePercentage above which a node's alarm fires. Default: 80"),
  evictionsAlarmCount: z
    .number()
    .int()
    .min(0)
    .default(1000)
    .describe("Evictions per 5 minutes above which a node's alarm fires. Default: 1000"),
});

const DEFAULT_VERSIONS: Record<string, string> = { valkey: '8.0', redis: '7.1', memorydb: '7.3' };

export const CacheSchema = CacheInput.transform((input) => {
  const memorydb = input.mode === 'memorydb-multi-region';
  return {
    ...input,
    engineVersion: input.engineVersion ?? DEFAULT_VERSIONS[memorydb ? 'memorydb' : input.engine],
    nodeType: input.nodeType ?? (memorydb ? 'db.r7g.xlarge' : 'cache.r7g.large'),
  };
});

export type CacheConfig = z.output<typeof CacheSchema>;

/** What one region runs: the section's values with that region's overrides. */
export interface CacheMember {
  readonly nodeType: string;
  readonly engineVersion: string;
  readonly shards: number;
  readonly replicasPerShard: number;
}

export function cacheMember(cache: CacheConfig, region: string): CacheMember {
  const override = cache.regions[region] ?? {};
  return {
    nodeType: override.nodeType ?? cache.nodeType,
    engineVersion: override.engineVersion ?? cache.engineVersion,
    shards: override.shards ?? cache.shards,
    replicasPerShard: override.replicasPerShard ?? cache.replicasPerShard,
  };
}

const version = (value: string): number[] | undefined =>
  /^\d+\.\d+(\.\d+)?$/.test(value) ? value.split('.').map(Number) : undefined;
const atLeast = (parts: number[], minimum: number[]): boolean => {
  for (let index = 0; index < minimum.length; index++) {
    const part = parts[index] ?? 0;
    if (part !== minimum[index]) return part > minimum[index];
  }
  return true;
};

/** Why `engineVersion` cannot run `mode` with IAM authentication, or undefined. */
function engineVersionProblem(mode: CacheMode, engine: CacheEngine, engineVersion: string): string | undefined {
  const parts = version(engineVersion);
  if (parts === undefined)
    return `is not a ${engine} version; expected <major>.<minor>, e.g. "${
      mode === 'memorydb-multi-region' ? '7.3' : DEFAULT_VERSIONS[engine]
    }"`;
  if (mode === 'memorydb-multi-region') {
    return atLeast(parts, [7, 3]) ? undefined : 'is not supported: MemoryDB Multi-Region needs Valkey 7.3 or later';
  }
  if (engine === 'redis') {
    // Global Datastore: "Redis OSS 5.0.6 or later" (Global Datastore prerequisites). IAM authentication: "Valkey 7.2 and
    // above or Redis OSS version 7.0 and above" (ElastiCache User Guide, "Authenticating with IAM").
    if (mode === 'elasticache-global' && !atLeast(parts, [5, 0, 6]))
      return 'is not supported: Global Datastore needs Redis OSS 5.0.6 or later';
    if (!atLeast(parts, [7, 0]))
      return 'is not supported: IAM authentication needs Redis OSS 7.0 or later (or Valkey 7.2 or later); older versions take only an AUTH token or RBAC passwords, which Terraform keeps in state';
    return undefined;
  }
  return atLeast(parts, [7, 2]) ? undefined : 'is not supported: ElastiCache offers Valkey 7.2 or later';
}

/** The mode to suggest when the configured regions exceed `mode`'s limit. */
function modeThatFits(regions: readonly string[]): string {
  const memorydb =
    regions.length <= MEMORYDB_MULTI_REGION_MAX_REGIONS &&
    regions.every((region) => MEMORYDB_MULTI_REGION_REGIONS.includes(region));
  return memorydb
    ? 'use cache.mode: memorydb-multi-region (up to 5 regions, active-active) or regional (an independent cache per region, no cross-region sync)'
    : 'use cache.mode: regional (an independent cache per region, no cross-region sync)';
}

export function validateCache(config: BaseParsed & { readonly cache: CacheConfig }, ctx: z.RefinementCtx): void {
  const cache = config.cache;
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const deployed: string[] = [config.primaryRegion, ...config.secondaryRegions];
  // The section failed to parse on its own (already reported): its defaults are not resolved, nothing to cross-check.
  if (
    typeof cache?.nodeType !== 'string' ||
    typeof cache.engineVersion !== 'string' ||
    typeof cache.regions !== 'object'
  )
    return;
  if (cache.mode === 'none') return;

  for (const region of Object.keys(cache.regions)) {
    if (!deployed.includes(region))
      issue(
        ['cache', 'regions', region],
        `${shown(region)} is not a configured region; allowed: ${deployed.join(', ')}`,
      );
  }

  if (cache.mode === 'elasticache-global') {
    const secondaries = config.secondaryRegions.length;
    if (secondaries > GLOBAL_DATASTORE_MAX_SECONDARY_REGIONS) {
      issue(
        ['secondaryRegions'],
        `has ${secondaries} regions; ElastiCache Global Datastore (cache.mode: elasticache-global) allows 1 primary and at most ${GLOBAL_DATASTORE_MAX_SECONDARY_REGIONS} secondary regions; ${modeThatFits(
          deployed,
        )}`,
      );
    }
    if (!GLOBAL_DATASTORE_NODE_TYPES.includes(cache.nodeType)) {
      issue(
        ['cache', 'nodeType'],
        `${shown(
          cache.nodeType,
        )} is not supported by ElastiCache Global Datastore, which needs an M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn node of size large or above (no T-class); allowed: ${GLOBAL_DATASTORE_NODE_TYPES.join(
          ', ',
        )}`,
      );
    }
  }

  if (cache.mode === 'memorydb-multi-region') {
    if (deployed.length > MEMORYDB_MULTI_REGION_MAX_REGIONS) {
      issue(
        ['secondaryRegions'],
        `has ${deployed.length} regions in all (1 primary + ${
          config.secondaryRegions.length
        } secondary); MemoryDB Multi-Region (cache.mode: memorydb-multi-region) allows at most ${MEMORYDB_MULTI_REGION_MAX_REGIONS} regions in all (1 primary + ${
          MEMORYDB_MULTI_REGION_MAX_REGIONS - 1
        } secondary); use cache.mode: regional (an independent cache per region, no cross-region sync)`,
      );
    }
    deployed
      .filter((region) => !MEMORYDB_MULTI_REGION_REGIONS.includes(region))
      .forEach((region) => {
        issue(
          ['cache', 'mode'],
          `memorydb-multi-region is not offered in ${region}; MemoryDB Multi-Region regions: ${MEMORYDB_MULTI_REGION_REGIONS.join(
            ', ',
          )}; use cache.mode: elasticache-global or regional`,
        );
      });
    requirePinnedGlobalRegion(config, ctx, 'the MemoryDB multi-Region cluster (cache.mode: memorydb-multi-region)');
    const home = config.globalRegion ?? config.primaryRegion;
    if (!deployed.includes(home)) {
      issue(
        ['globalRegion'],
        `${shown(
          home,
        )} holds the MemoryDB multi-Region cluster in cache.mode: memorydb-multi-region, so it must be one of the cache's regions; allowed: ${deployed.join(
          ', ',
        )}`,
      );
    }
    if (cache.engine !== 'valkey')
      issue(['cache', 'engine'], `${shown(cache.engine)} is not supported: MemoryDB Multi-Region runs Valkey only`);
    if (!MEMORYDB_MULTI_REGION_NODE_TYPES.includes(cache.nodeType)) {
      issue(
        ['cache', 'nodeType'],
        `${shown(
          cache.nodeType,
        )} is not supported by MemoryDB Multi-Region, which needs an R7g node of size xlarge or above; allowed: ${MEMORYDB_MULTI_REGION_NODE_TYPES.join(
          ', ',
        )}`,
      );
    }
  } else if (!cache.nodeType.startsWith('cache.')) {
    issue(
      ['cache', 'nodeType'],
      `${shown(cache.nodeType)} is a MemoryDB node type; ElastiCache node types start with "cache."`,
    );
  }

  const problem = engineVersionProblem(cache.mode, cache.engine, cache.engineVersion);
  if (problem !== undefined) issue(['cache', 'engineVersion'], `${shown(cache.engineVersion)} ${problem}`);

  if (cache.globalDatastoreId !== undefined && cache.mode !== 'elasticache-global') {
    issue(['cache', 'globalDatastoreId'], 'applies to cache.mode elasticache-global only');
  } else if (cache.globalDatastoreId !== undefined) {
    const prefix = cache.globalDatastoreId.slice(0, 5);
    const created = Object.keys(GLOBAL_DATASTORE_ID_PREFIXES).find(
      (region) => GLOBAL_DATASTORE_ID_PREFIXES[region] === prefix,
    );
    const allowed = deployed.map((region) => `${GLOBAL_DATASTORE_ID_PREFIXES[region] ?? '?'} (${region})`).join(', ');
    if (created === undefined || !deployed.includes(created)) {
      issue(
        ['cache', 'globalDatastoreId'],
        `${shown(cache.globalDatastoreId)} has the prefix ${shown(
          prefix,
        )}, which is not that of a Global Datastore created in one of the cache's regions; AWS prefixes the ID by creation region: ${allowed}`,
      );
    }
  }
  if (cache.multiRegionClusterName !== undefined && cache.mode !== 'memorydb-multi-region') {
    issue(['cache', 'multiRegionClusterName'], 'applies to cache.mode memorydb-multi-region only');
  }

  // Every member of a Global Datastore or multi-Region cluster has the same node type, engine version and shards;
  // replica counts may differ (the prerequisites pages above).
  const shared =
    cache.mode === 'elasticache-global'
      ? 'member of a Global Datastore'
      : 'regional cluster of a MemoryDB multi-Region cluster';
  for (const [region, override] of Object.entries(cache.regions)) {
    if (cache.mode === 'regional') {
      const member = cacheMember(cache, region);
      const regionProblem = engineVersionProblem('regional', cache.engine, member.engineVersion);
      if (override.engineVersion !== undefined && regionProblem !== undefined)
        issue(['cache', 'regions', region, 'engineVersion'], `${shown(member.engineVersion)} ${regionProblem}`);
      if (!member.nodeType.startsWith('cache.'))
        issue(
          ['cache', 'regions', region, 'nodeType'],
          `${shown(member.nodeType)} is a MemoryDB node type; ElastiCache node types start with "cache."`,
        );
      continue;
    }
    const mismatch: Array<[keyof CacheMember, string]> = [
      ['engineVersion', 'engine version'],
      ['nodeType', 'node type'],
      ['shards', 'shard count'],
    ];
    for (const [key, label] of mismatch) {
      const value = override[key as 'engineVersion' | 'nodeType' | 'shards'];
      if (value !== undefined && value !== cache[key]) {
        issue(
          ['cache', 'regions', region, key],
          `${shown(value)} differs from cache.${key} ${shown(
            cache[key],
          )}: every ${shared} has the same ${label} (only replicasPerShard may differ per region)`,
        );
      }
    }
  }
}

/**
 * The prefix ElastiCache gives a Global Datastore's ID, by the region it was created in (ElastiCache User Guide,
 * "Using global datastores (CLI)", https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-CLI.html:
 * "Each AWS Region has its own prefix").
 */
export const GLOBAL_DATASTORE_ID_PREFIXES: Readonly<Record<string, string>> = {
  'us-east-2': 'fpkhr',
  'us-east-1': 'ldgnf',
  'us-west-1': 'virxk',
  'us-west-2': 'sgaui',
  'ca-central-1': 'bxodz',
  'ap-south-1': 'erpgt',
  'ap-northeast-1': 'quwsw',
  'ap-northeast-2': 'lfqnh',
  'ap-northeast-3': 'nlapn',
  'ap-southeast-1': 'vlqxn',
  'ap-southeast-2': 'vbgxd',
  'eu-central-1': 'iudkw',
  'eu-west-1': 'gxeiz',
  'eu-west-2': 'okuqm',
  'eu-west-3': 'fgjhi',
  'sa-east-1': 'juxlw',
  'ap-east-1': 'knjmp',
};

/**
 * The region whose API manages the Global Datastore: the region it was created in, read from the pinned ID's prefix,
 * or the primary region before it exists (AWS creates it from the primary's group). It does not follow a later
 * `primaryRegion` change: no AWS document says that a member region other than the creation region answers for it.
 */
export function globalDatastoreRegion(
  config: Pick<BaseParsed, 'primaryRegion'> & { readonly cache: Pick<CacheConfig, 'globalDatastoreId'> },
): string {
  const prefix = config.cache.globalDatastoreId?.slice(0, 5);
  return (
    Object.keys(GLOBAL_DATASTORE_ID_PREFIXES).find((region) => GLOBAL_DATASTORE_ID_PREFIXES[region] === prefix) ??
    config.primaryRegion
  );
}

/**
 * What is at risk while the cache's global anchor is not pinned in the config, or undefined once it is (or in a mode
 * without one). Warned on every synth and stated in the deployment runbook's switchover.
 */
export function unpinnedCacheWarning(
  config: Pick<BaseParsed, 'primaryRegion'> & { readonly cache: CacheConfig },
): string | undefined {
  const { cache } = config;
  if (cache.mode === 'elasticache-global' && cache.globalDatastoreId === undefined) {
    return `cache.globalDatastoreId is not pinned: no secondary region has a cache member yet, and a primaryRegion change in this state destroys ${config.primaryRegion}'s replication group and its data (protection.preventDestroy makes that plan fail). Pin the edge stack's cache_global_datastore_id output (runbooks/cache.md, first deploy).`;
  }
  if (cache.mode === 'memorydb-multi-region' && cache.multiRegionClusterName === undefined) {
    return "cache.multiRegionClusterName is not pinned: no region has its regional cluster yet, so no region has a cache. Pin the global stack's cache_multi_region_cluster_name output (runbooks/cache.md, first deploy).";
  }
  return undefined;
}

/** Whether `region` runs cache resources now: every region in mode regional; pinned members only in the global modes. */
export function cacheDeployedIn(
  config: Pick<BaseParsed, 'primaryRegion'> & { readonly cache: CacheConfig },
  region: string,
): boolean {
  switch (config.cache.mode) {
    case 'none':
      return false;
    case 'regional':
      return true;
    case 'elasticache-global':
      return region === config.primaryRegion || config.cache.globalDatastoreId !== undefined;
    case 'memorydb-multi-region':
      return config.cache.multiRegionClusterName !== undefined;
  }
}

/** The default parameter group of a cluster-mode-enabled replication group (`default.valkey8.cluster.on`). */
export function clusterParameterGroup(engine: CacheEngine, engineVersion: string): string {
  return `default.${engine}${engineVersion.split('.')[0]}.cluster.on`;
}
