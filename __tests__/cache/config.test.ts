import {
  GLOBAL_DATASTORE_NODE_TYPES,
  MEMORYDB_MULTI_REGION_NODE_TYPES,
  MEMORYDB_MULTI_REGION_REGIONS,
} from '../../src/cache/config';
import { type Patch, TEN_SECONDARIES, configWith, issuesOf, regionsInput } from '../helpers/config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MEMORYDB = (i: Record<string, any>) => {
  i.cache = { mode: 'memorydb-multi-region' };
};

const INVALID: ReadonlyArray<[string, Patch, string]> = [
  [
    '1 + 10 regions on a Global Datastore',
    (i) => {
      Object.assign(i, regionsInput('us-east-1', TEN_SECONDARIES));
    },
    'secondaryRegions: has 10 regions; ElastiCache Global Datastore (cache.mode: elasticache-global) allows 1 primary and at most 2 secondary regions; use cache.mode: regional (an independent cache per region, no cross-region sync)',
  ],
  [
    '1 + 3 regions on a Global Datastore, all offered by MemoryDB Multi-Region',
    (i) => {
      Object.assign(i, regionsInput('us-east-1', ['us-west-2', 'eu-west-1', 'ap-northeast-1']));
    },
    'secondaryRegions: has 3 regions; ElastiCache Global Datastore (cache.mode: elasticache-global) allows 1 primary and at most 2 secondary regions; use cache.mode: memorydb-multi-region (up to 5 regions, active-active) or regional (an independent cache per region, no cross-region sync)',
  ],
  [
    '6 regions on MemoryDB Multi-Region',
    (i) => {
      Object.assign(i, regionsInput('us-east-1', ['us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2']));
      MEMORYDB(i);
    },
    'secondaryRegions: has 6 regions in all (1 primary + 5 secondary); MemoryDB Multi-Region (cache.mode: memorydb-multi-region) allows at most 5 regions in all (1 primary + 4 secondary); use cache.mode: regional (an independent cache per region, no cross-region sync)',
  ],
  [
    'a T-class node on a Global Datastore',
    (i) => {
      i.cache.nodeType = 'cache.t4g.medium';
    },
    `cache.nodeType: "cache.t4g.medium" is not supported by ElastiCache Global Datastore, which needs an M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn node of size large or above (no T-class); allowed: ${GLOBAL_DATASTORE_NODE_TYPES.join(
      ', ',
    )}`,
  ],
  [
    'a medium node on a Global Datastore',
    (i) => {
      i.cache.nodeType = 'cache.r7g.medium';
    },
    `cache.nodeType: "cache.r7g.medium" is not supported by ElastiCache Global Datastore, which needs an M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn node of size large or above (no T-class); allowed: ${GLOBAL_DATASTORE_NODE_TYPES.join(
      ', ',
    )}`,
  ],
  [
    'a MemoryDB region AWS does not offer',
    (i) => {
      Object.assign(i, regionsInput('us-east-1', ['sa-east-1']));
      MEMORYDB(i);
    },
    `cache.mode: memorydb-multi-region is not offered in sa-east-1; MemoryDB Multi-Region regions: ${MEMORYDB_MULTI_REGION_REGIONS.join(
      ', ',
    )}; use cache.mode: elasticache-global or regional`,
  ],
  [
    'an R7g large on MemoryDB Multi-Region',
    (i) => {
      i.cache = { mode: 'memorydb-multi-region', nodeType: 'db.r7g.large' };
    },
    `cache.nodeType: "db.r7g.large" is not supported by MemoryDB Multi-Region, which needs an R7g node of size xlarge or above; allowed: ${MEMORYDB_MULTI_REGION_NODE_TYPES.join(
      ', ',
    )}`,
  ],
  [
    'Valkey 7.2 on MemoryDB Multi-Region',
    (i) => {
      i.cache = { mode: 'memorydb-multi-region', engineVersion: '7.2' };
    },
    'cache.engineVersion: "7.2" is not supported: MemoryDB Multi-Region needs Valkey 7.3 or later',
  ],
  [
    'Redis OSS on MemoryDB Multi-Region',
    (i) => {
      i.cache = { mode: 'memorydb-multi-region', engine: 'redis' };
    },
    'cache.engine: "redis" is not supported: MemoryDB Multi-Region runs Valkey only',
  ],
  [
    'the multi-Region cluster outside the cache regions',
    (i) => {
      i.globalRegion = 'eu-central-1';
      MEMORYDB(i);
    },
    'globalRegion: "eu-central-1" holds the MemoryDB multi-Region cluster in cache.mode: memorydb-multi-region, so it must be one of the cache\'s regions; allowed: us-east-1, us-west-2, eu-west-1',
  ],
  [
    'mismatched engine versions in a Global Datastore',
    (i) => {
      i.cache.regions = { 'us-west-2': { engineVersion: '7.2' } };
    },
    'cache.regions.us-west-2.engineVersion: "7.2" differs from cache.engineVersion "8.0": every member of a Global Datastore has the same engine version (only replicasPerShard may differ per region)',
  ],
  [
    'mismatched node types in a multi-Region cluster',
    (i) => {
      i.cache = { mode: 'memorydb-multi-region', regions: { 'eu-west-1': { nodeType: 'db.r7g.2xlarge' } } };
    },
    'cache.regions.eu-west-1.nodeType: "db.r7g.2xlarge" differs from cache.nodeType "db.r7g.xlarge": every regional cluster of a MemoryDB multi-Region cluster has the same node type (only replicasPerShard may differ per region)',
  ],
  [
    'mismatched shard counts in a Global Datastore',
    (i) => {
      i.cache.regions = { 'eu-west-1': { shards: 3 } };
    },
    'cache.regions.eu-west-1.shards: 3 differs from cache.shards 1: every member of a Global Datastore has the same shard count (only replicasPerShard may differ per region)',
  ],
  [
    'Redis OSS 5.0.5 on a Global Datastore',
    (i) => {
      i.cache.engine = 'redis';
      i.cache.engineVersion = '5.0.5';
    },
    'cache.engineVersion: "5.0.5" is not supported: Global Datastore needs Redis OSS 5.0.6 or later',
  ],
  [
    'Redis OSS 6.2, which has no IAM authentication',
    (i) => {
      i.cache.engine = 'redis';
      i.cache.engineVersion = '6.2';
    },
    'cache.engineVersion: "6.2" is not supported: IAM authentication needs Redis OSS 7.0 or later (or Valkey 7.2 or later); older versions take only an AUTH token or RBAC passwords, which Terraform keeps in state',
  ],
  [
    'Valkey 7.1',
    (i) => {
      i.cache.engineVersion = '7.1';
    },
    'cache.engineVersion: "7.1" is not supported: ElastiCache offers Valkey 7.2 or later',
  ],
  [
    'a version that is no version',
    (i) => {
      i.cache.engineVersion = 'latest';
    },
    'cache.engineVersion: "latest" is not a valkey version; expected <major>.<minor>, e.g. "8.0"',
  ],
  [
    'no replica',
    (i) => {
      i.cache.replicasPerShard = 0;
    },
    'cache.replicasPerShard: 0 is too few: at least 1 replica per shard, or Multi-AZ and automatic failover have nothing to fail over to',
  ],
  [
    'an override for an unknown region',
    (i) => {
      i.cache.regions = { 'ap-south-1': { replicasPerShard: 2 } };
    },
    'cache.regions.ap-south-1: "ap-south-1" is not a configured region; allowed: us-east-1, us-west-2, eu-west-1',
  ],
  [
    'a Global Datastore ID without the AWS prefix',
    (i) => {
      i.cache.globalDatastoreId = 'shop-prod-cache';
    },
    'cache.globalDatastoreId: "shop-prod-cache" is not a Global Datastore ID (AWS prefixes the name with five letters and a hyphen, e.g. "ldgnf-shop-prod-cache"; copy the edge stack\'s cache_global_datastore_id output)',
  ],
  [
    "a Global Datastore ID whose prefix is not a cache region's",
    (i) => {
      i.cache = { mode: 'elasticache-global', globalDatastoreId: 'virxk-shop-prod-cache' };
    },
    'cache.globalDatastoreId: "virxk-shop-prod-cache" has the prefix "virxk", which is not that of a Global Datastore created in one of the cache\'s regions; AWS prefixes the ID by creation region: ldgnf (us-east-1), sgaui (us-west-2), gxeiz (eu-west-1)',
  ],
  [
    'a Global Datastore ID in mode regional',
    (i) => {
      i.cache = { mode: 'regional', globalDatastoreId: 'ldgnf-shop-prod-cache' };
    },
    'cache.globalDatastoreId: applies to cache.mode elasticache-global only',
  ],
  [
    'the cache open to the internet',
    (i) => {
      i.cache.appCidrs = ['0.0.0.0/0'];
    },
    'cache.appCidrs[0]: "0.0.0.0/0" must be an IPv4 CIDR with prefix /8 or longer and zero host bits (never the whole internet)',
  ],
  [
    'an unknown mode',
    (i) => {
      i.cache.mode = 'memcached';
    },
    'cache.mode: "memcached" is not a cache mode; allowed: elasticache-global, memorydb-multi-region, regional, none',
  ],
];

describe('cache config', () => {
  it.each(INVALID)('rejects %s with a message naming the limit and what fits', (_name, patch, expected) => {
    expect(issuesOf(patch)).toContain(expected);
  });

  it('resolves mode-dependent defaults', () => {
    const global = configWith().cache;
    expect([
      global.mode,
      global.engine,
      global.engineVersion,
      global.nodeType,
      global.shards,
      global.replicasPerShard,
      global.snapshotRetentionDays,
    ]).toEqual(['elasticache-global', 'valkey', '8.0', 'cache.r7g.large', 1, 1, 7]);
    const memorydb = configWith((i) => {
      i.cache = { mode: 'memorydb-multi-region' };
    }).cache;
    expect([memorydb.engineVersion, memorydb.nodeType]).toEqual(['7.3', 'db.r7g.xlarge']);
    expect(
      configWith((i) => {
        i.cache = { mode: 'regional', engine: 'redis' };
      }).cache.engineVersion,
    ).toBe('7.1');
  });

  it('accepts the limits themselves: 1 + 2 on a Global Datastore, 5 MemoryDB regions, 1 + 10 regional caches, replica counts per region', () => {
    expect(
      issuesOf((i) => {
        i.cache.regions = { 'us-west-2': { replicasPerShard: 3 } };
      }),
    ).toEqual([]);
    expect(
      issuesOf((i) => {
        Object.assign(i, regionsInput('us-east-1', ['us-east-2', 'us-west-2', 'eu-west-1', 'ap-south-1']));
        MEMORYDB(i);
      }),
    ).toEqual([]);
    expect(
      issuesOf((i) => {
        Object.assign(i, regionsInput('us-east-1', TEN_SECONDARIES));
        i.cache = {
          mode: 'regional',
          regions: { 'us-west-1': { nodeType: 'cache.t4g.medium', engineVersion: '7.2' } },
        };
      }),
    ).toEqual([]);
    expect(
      issuesOf((i) => {
        Object.assign(i, regionsInput('us-east-1', TEN_SECONDARIES));
        i.cache = { mode: 'none' };
      }),
    ).toEqual([]);
  });
});
