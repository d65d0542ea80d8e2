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
  rules: CACHE_RULES,
  signals: allCacheSignals,
  topology: cacheTopology,
  runbook: cacheRunbookSteps,
  documents: (config) => (config.cache.mode === 'none' ? [] : [{ path: 'runbooks/cache.md', content: cacheRunbook(config) }]),
});
