import type { BaseParsed } from '../base/config';
import type { Names } from '../base/names';
import { cacheDeployedIn, type CacheConfig } from './config';

/**
 * Deterministic cache names. ElastiCache and MemoryDB names are unique per region, so every region uses the same
 * ones: a region's role (primary or secondary) never changes a name, and the Global Datastore's primary is found by
 * the same replication group ID whichever region holds it. What no region can derive is the AWS-prefixed name of
 * the Global Datastore or multi-Region cluster: that one is pinned in the config.
 */
export class CacheNames {
  constructor(private readonly names: Names) {}

  /** Replication group (ElastiCache), cluster (MemoryDB), and the suffix of the global datastore or multi-Region cluster. */
  group(): string {
    return this.names.resource('cache');
  }

  subnetGroup(): string {
    return this.group();
  }

  securityGroup(): string {
    return this.group();
  }

  /** ElastiCache user group and MemoryDB ACL. */
  userGroup(): string {
    return this.group();
  }

  /** The IAM-authenticated application user (ElastiCache requires user ID = user name for IAM). */
  appUser(): string {
    return `${this.group()}-app`;
  }

  /** ElastiCache's mandatory `default` user, disabled. */
  defaultUser(): string {
    return `${this.group()}-default`;
  }

  logGroup(kind: 'slow-log' | 'engine-log'): string {
    return `/aws/elasticache/${this.group()}/${kind}`;
  }

  /** Node (cache cluster) IDs of a cluster-mode-enabled group: `<group>-<shard:4>-<node:3>`. */
  nodes(shards: number, replicasPerShard: number): string[] {
    const ids: string[] = [];
    for (let shard = 1; shard <= shards; shard++) {
      for (let node = 1; node <= replicasPerShard + 1; node++)
        ids.push(`${this.group()}-${String(shard).padStart(4, '0')}-${String(node).padStart(3, '0')}`);
    }
    return ids;
  }
}

/**
 * The cache of `region` as other tiers find it: its service and name, the same in every region, and while the region
 * has none, why (a phrase: "the cache tier, which is off (cache.mode: none)").
 */
export function regionalCache(
  config: Pick<BaseParsed, 'primaryRegion'> & { readonly cache: CacheConfig },
  names: Names,
  region: string,
): { readonly service: 'elasticache' | 'memorydb'; readonly name: string; readonly missing?: string } {
  const { cache } = config;
  const found = {
    service: cache.mode === 'memorydb-multi-region' ? 'memorydb' : 'elasticache',
    name: new CacheNames(names).group(),
  } as const;
  if (cacheDeployedIn(config, region)) return found;
  if (cache.mode === 'none') return { ...found, missing: 'the cache tier, which is off (cache.mode: none)' };
  const pin = cache.mode === 'elasticache-global' ? 'cache.globalDatastoreId' : 'cache.multiRegionClusterName';
  return { ...found, missing: `the cache of ${region}, which is not created until ${pin} is set` };
}
