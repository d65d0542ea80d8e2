import { defineTier } from '../tiers/tier';
import { cacheTopology } from './topology';
import { CACHE_RULES } from '../policy/rules/cache';
import { Annotations } from 'cdktf';
import {
  CacheSchema,
  cacheDeployedIn,
  cacheMember,
  clusterParameterGroup,
  globalDatastoreRegion,
  unpinnedCacheWarning,
  validateCache,
  type CacheConfig,
} from './config';
import { GlobalDatastore } from './global-datastore';
import { MultiRegionCluster } from './multi-region-cluster';
import { RegionalCache, type CacheMembership } from './regional-cache';
import { cacheRunbook, cacheRunbookSteps } from './runbook';
import { allCacheSignals, cacheSignals } from './signals';
import { CacheNames, regionalCache } from './names';
import { accountId } from '../iam/account';
import { alertsTopicArn } from '../observability/tier';

/**
 * The in-memory tier: ElastiCache Global Datastore (edge stack, from the primary region's replication group),
 * MemoryDB Multi-Region (global stack) or independent regional caches; members join the global anchor by pinned name.
 */
export const cacheTier = defineTier({
  name: 'cache',
  sections: { cache: CacheSchema },
  global: ({ scope, config, names, provider }) => {
    const unpinned = unpinnedCacheWarning(config);
    // Printed by every synth (cdktf reports stack annotations) until the anchor is pinned.
    if (unpinned !== undefined) Annotations.of(scope).addWarning(unpinned);
    if (config.cache.mode === 'memorydb-multi-region') {
      new MultiRegionCluster(scope, 'cache', {
        provider: provider(config.globalRegion),
        clusterName: new CacheNames(names).group(),
        regions: config.allRegions,
        engineVersion: config.cache.engineVersion,
        nodeType: config.cache.nodeType,
        shards: config.cache.shards,
      });
    }
  },
  regional: ({ scope, config, names, region, isPrimary, network, kmsKeyArn }) => {
    if (!cacheDeployedIn(config, region)) return;
    const { cache } = config;
    const member = cacheMember(cache, region);
    new RegionalCache(scope, 'cache', {
      region,
      names: new CacheNames(names),
      membership: cacheMembership(cache, isPrimary),
      engine: cache.engine,
      engineVersion: member.engineVersion,
      nodeType: member.nodeType,
      shards: member.shards,
      replicasPerShard: member.replicasPerShard,
      parameterGroupName: clusterParameterGroup(cache.engine, member.engineVersion),
      accessString: cache.accessString,
      network,
      ingressCidrs: cache.appCidrs,
      kmsKeyArn,
      snapshotRetentionDays: cache.snapshotRetentionDays,
      snapshotWindow: cache.snapshotWindow,
      maintenanceWindow: cache.maintenanceWindow,
      logRetentionDays: cache.logRetentionDays,
      alarms: { signals: cacheSignals(config, region), topicArn: alertsTopicArn(accountId(scope), names, region) },
    });
  },
  edge: ({ scope, config, names, provider }) => {
    if (config.cache.mode === 'elasticache-global') {
      new GlobalDatastore(scope, 'cache', {
        provider: provider(globalDatastoreRegion(config)),
        replicationGroupId: new CacheNames(names).group(),
        regions: config.allRegions,
        nodeType: config.cache.nodeType,
        engineVersion: config.cache.engineVersion,
        shards: config.cache.shards,
      });
    }
  },
  validate: validateCache,
  // What other tiers may read: the region's cache, found by name.
  published: { regionalCache },
  rules: CACHE_RULES,
  signals: allCacheSignals,
  topology: cacheTopology,
  runbook: cacheRunbookSteps,
  switchover: ({ cache }) => {
    const kept =
      cache.mode === 'elasticache-global'
        ? cache.globalDatastoreId
        : cache.mode === 'memorydb-multi-region'
        ? cache.multiRegionClusterName
        : undefined;
    if (kept === undefined) return {};
    const key = cache.mode === 'elasticache-global' ? 'globalDatastoreId' : 'multiRegionClusterName';
    return {
      kept: [
        {
          path: ['cache', key],
          value: kept,
          comment: `unchanged: the same ${
            cache.mode === 'elasticache-global' ? 'datastore' : 'multi-Region cluster'
          }; nothing is replaced`,
        },
      ],
    };
  },
  identifiers: (config, names) => {
    const group = `\`${new CacheNames(names).group()}\``;
    const { cache } = config;
    const pinned = (value: string | undefined, setting: string) =>
      value ? `\`${value}\`` : `not pinned yet (\`cache.${setting}\`)`;
    switch (cache.mode) {
      case 'elasticache-global':
        return `replication group ${group} in every region; Global Datastore ${pinned(
          cache.globalDatastoreId,
          'globalDatastoreId',
        )}`;
      case 'memorydb-multi-region':
        return `cluster ${group} in every region; multi-Region cluster ${pinned(
          cache.multiRegionClusterName,
          'multiRegionClusterName',
        )}`;
      case 'regional':
        return `replication group ${group} in every region, independent`;
      case 'none':
        return undefined;
    }
  },
  documents: (config) =>
    config.cache.mode === 'none' ? [] : [{ path: 'runbooks/cache.md', content: cacheRunbook(config) }],
});

/**
 * What a deployed region's cache belongs to. Regional stacks join the global anchor by the name pinned in the config,
 * never by reading another stack's state; secondaries and MemoryDB regions run only once it is pinned (`cacheDeployedIn`).
 */
function cacheMembership(cache: CacheConfig, isPrimary: boolean): CacheMembership {
  switch (cache.mode) {
    case 'elasticache-global':
      return isPrimary
        ? { kind: 'global-datastore-primary' }
        : { kind: 'global-datastore-secondary', globalDatastoreId: cache.globalDatastoreId! };
    case 'memorydb-multi-region':
      return { kind: 'multi-region-cluster', multiRegionClusterName: cache.multiRegionClusterName! };
    default:
      return { kind: 'standalone' };
  }
}
