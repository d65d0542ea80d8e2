import { defineTier } from '../tiers/tier';
import { cacheTopology } from './topology';
import { CACHE_RULES } from '../policy/rules/cache';
import { Annotations } from 'cdktf';
import { CacheSchema, cacheDeployedIn, globalDatastoreRegion, unpinnedCacheWarning, validateCache } from './config';
import { GlobalDatastore } from './global-datastore';
import { MultiRegionCluster } from './multi-region-cluster';
import { RegionalCache } from './regional-cache';
import { cacheRunbook, cacheRunbookSteps } from './runbook';
import { allCacheSignals } from './signals';
import { CacheNames, regionalCache } from './names';

/**
 * The in-memory tier: ElastiCache Global Datastore (edge stack, from the primary region's replication group),
 * MemoryDB Multi-Region (global stack) or independent regional caches. Regional stacks join the global anchor by the
 * name pinned in the config, never by reading another stack's state.
 */
export const cacheTier = defineTier({
  name: 'cache',
  sections: { cache: CacheSchema },
  validate: validateCache,
  global: ({ scope, config, names, provider }) => {
    const unpinned = unpinnedCacheWarning(config);
    // Printed by every synth (cdktf reports stack annotations) until the anchor is pinned.
    if (unpinned !== undefined) Annotations.of(scope).addWarning(unpinned);
    if (config.cache.mode === 'memorydb-multi-region') {
      new MultiRegionCluster(scope, 'cache', { config, names, provider: provider(config.globalRegion) });
    }
  },
  regional: ({ scope, ...props }) => {
    if (cacheDeployedIn(props.config, props.region)) new RegionalCache(scope, 'cache', props);
  },
  edge: ({ scope, config, names, provider }) => {
    if (config.cache.mode === 'elasticache-global') {
      new GlobalDatastore(scope, 'cache', { config, names, provider: provider(globalDatastoreRegion(config)) });
    }
  },
  // What other tiers may read: the region's cache, found by name.
  published: { regionalCache },
  rules: CACHE_RULES,
  signals: allCacheSignals,
  topology: cacheTopology,
  runbook: cacheRunbookSteps,
  switchover: ({ cache }) => {
    const kept = cache.mode === 'elasticache-global' ? cache.globalDatastoreId : cache.mode === 'memorydb-multi-region' ? cache.multiRegionClusterName : undefined;
    if (kept === undefined) return {};
    const key = cache.mode === 'elasticache-global' ? 'globalDatastoreId' : 'multiRegionClusterName';
    return { kept: [{ path: ['cache', key], value: kept, comment: `unchanged: the same ${cache.mode === 'elasticache-global' ? 'datastore' : 'multi-Region cluster'}; nothing is replaced` }] };
  },
  identifiers: (config, names) => {
    const group = `\`${new CacheNames(names).group()}\``;
    const { cache } = config;
    const pinned = (value: string | undefined, setting: string) => (value ? `\`${value}\`` : `not pinned yet (\`cache.${setting}\`)`);
    switch (cache.mode) {
      case 'elasticache-global': return `replication group ${group} in every region; Global Datastore ${pinned(cache.globalDatastoreId, 'globalDatastoreId')}`;
      case 'memorydb-multi-region': return `cluster ${group} in every region; multi-Region cluster ${pinned(cache.multiRegionClusterName, 'multiRegionClusterName')}`;
      case 'regional': return `replication group ${group} in every region, independent`;
      case 'none': return undefined;
    }
  },
  documents: (config) => (config.cache.mode === 'none' ? [] : [{ path: 'runbooks/cache.md', content: cacheRunbook(config) }]),
});
