import { Names } from '../base/names';
import type { TierConfig } from '../tiers/tier';
import { linksBetween, linksFrom, type TopologyContribution } from '../tiers/topology';
import type { CacheSchema } from './config';
import { CacheNames } from './names';

const TIER = 'cache';

/**
 * `elasticache-global`: the primary's replication group replicates to each secondary's (members join once
 * `cache.globalDatastoreId` is pinned). `memorydb-multi-region`: active-active between every pair (regional clusters
 * join once `cache.multiRegionClusterName` is pinned). `regional`:
 * a cache per region, no link. `none`: nothing.
 */
export function cacheTopology(config: TierConfig<{ cache: typeof CacheSchema }>): TopologyContribution {
  const { cache } = config;
  if (cache.mode === 'none') return { components: [], links: [] };
  const group = new CacheNames(new Names(config)).group();
  const kind = { 'elasticache-global': 'ElastiCache', 'memorydb-multi-region': 'MemoryDB', regional: 'ElastiCache' }[
    cache.mode
  ];
  const role = (region: string) =>
    cache.mode !== 'elasticache-global' ? '' : region === config.primaryRegion ? ' (primary)' : ' (secondary)';
  const components = config.allRegions.map((region) => ({
    tier: TIER,
    region,
    label: `${kind} ${group}${role(region)}`,
  }));
  switch (cache.mode) {
    case 'elasticache-global': {
      const pinned = cache.globalDatastoreId === undefined ? ' (joins once globalDatastoreId is pinned)' : '';
      return {
        components,
        links: linksFrom(TIER, config.primaryRegion, config.secondaryRegions, {
          mechanism: 'elasticache-global-datastore',
          kind: 'replication',
          label: `ElastiCache Global Datastore${pinned}`,
        }),
      };
    }
    case 'memorydb-multi-region': {
      const pinned = cache.multiRegionClusterName === undefined ? ' (join once multiRegionClusterName is pinned)' : '';
      return {
        components,
        links: linksBetween(TIER, config.allRegions, {
          mechanism: 'memorydb-multi-region',
          kind: 'bidirectional',
          label: `MemoryDB Multi-Region (active-active)${pinned}`,
        }),
      };
    }
    case 'regional':
      return { components, links: [] };
  }
}
