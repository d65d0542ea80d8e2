import { Names } from '../base/names';
import type { Signal } from '../tiers/signal';
import type { TierConfig } from '../tiers/tier';
import { cacheDeployedIn, cacheMember, type CacheSchema } from './config';
import { CacheNames } from './names';

type CacheTierConfig = TierConfig<{ cache: typeof CacheSchema }>;

/**
 * What a region's cache alarms on and the dashboard shows, per node: engine CPU, host CPU, memory and evictions; and
 * cross-region replication lag: ElastiCache `GlobalDatastoreReplicationLag` (seconds, per node, reported by the
 * secondaries' nodes) or MemoryDB `MultiRegionClusterReplicationLag` (milliseconds, one per remote region). None in a
 * region that runs no cache yet (a Global Datastore secondary before the datastore's ID is pinned).
 */
export function cacheSignals(config: CacheTierConfig, region: string): Signal[] {
  if (!cacheDeployedIn(config, region)) return [];
  const { cache } = config;
  const cacheNames = new CacheNames(new Names(config));
  const member = cacheMember(cache, region);
  const nodes = cacheNames.nodes(member.shards, member.replicasPerShard);
  const memorydb = cache.mode === 'memorydb-multi-region';
  const namespace = memorydb ? 'AWS/MemoryDB' : 'AWS/ElastiCache';
  const common = { tier: 'cache', region, stack: 'regional', namespace, period: 60 } as const;
  const perNode = (node: string): Record<string, string> =>
    memorydb ? { ClusterName: cacheNames.group(), NodeName: node } : { CacheClusterId: node };
  const fiveOfFive = { evaluationPeriods: 5, datapointsToAlarm: 5, comparison: 'GreaterThanThreshold' } as const;

  const signals: Signal[] = nodes.flatMap((node, index) => [
    {
      ...common,
      ...fiveOfFive,
      id: `engine_cpu_${index}`,
      dimensions: perNode(node),
      alarmName: `${node}-engine-cpu`,
      description: `Engine CPU of ${node} above ${cache.cpuAlarmPercent}%`,
      metricName: 'EngineCPUUtilization',
      statistic: 'Average',
      threshold: cache.cpuAlarmPercent,
      unit: 'percent',
    },
    // Host CPU: what AWS recommends watching on nodes with 2 vCPUs or fewer, where the engine thread shares the host.
    {
      ...common,
      ...fiveOfFive,
      id: `cpu_${index}`,
      dimensions: perNode(node),
      alarmName: `${node}-cpu`,
      description: `Host CPU of ${node} above ${cache.cpuAlarmPercent}%`,
      metricName: 'CPUUtilization',
      statistic: 'Average',
      threshold: cache.cpuAlarmPercent,
      unit: 'percent',
    },
    {
      ...common,
      ...fiveOfFive,
      id: `memory_${index}`,
      dimensions: perNode(node),
      alarmName: `${node}-memory`,
      description: `Memory of ${node} above ${cache.memoryAlarmPercent}% (DatabaseMemoryUsagePercentage)`,
      metricName: 'DatabaseMemoryUsagePercentage',
      statistic: 'Maximum',
      threshold: cache.memoryAlarmPercent,
      unit: 'percent',
    },
    {
      ...common,
      id: `evictions_${index}`,
      dimensions: perNode(node),
      alarmName: `${node}-evictions`,
      description: `More than ${cache.evictionsAlarmCount} evictions in 5 minutes on ${node}`,
      metricName: 'Evictions',
      statistic: 'Sum',
      period: 300,
      comparison: 'GreaterThanThreshold',
      threshold: cache.evictionsAlarmCount,
      evaluationPeriods: 1,
      unit: 'count',
    },
  ]);

  const lag = (
    id: string,
    label: string,
    dimensions: Record<string, string>,
    metricName: string,
    threshold: number,
    unit: string,
  ): Signal => ({
    ...common,
    id: `replication_lag_${id}`,
    dimensions,
    alarmName: `${cacheNames.group()}-replication-lag-${label}`,
    description: `${metricName} above ${threshold} ${unit} (${label}): this region's copy is behind`,
    metricName,
    statistic: 'Maximum',
    comparison: 'GreaterThanThreshold',
    threshold,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    unit,
  });
  if (memorydb) {
    // Milliseconds, "emitted for every source- and destination-Region pair at shard level" under dimension names AWS does
    // not document (MemoryDB Developer Guide, "Monitoring MemoryDB Multi-Region",
    // https://docs.aws.amazon.com/memorydb/latest/devguide/multi-Region.monitoring.html): one alarm on the largest lag
    // the region reports, through a Metrics Insights query that names no dimension.
    const metric = 'MultiRegionClusterReplicationLag';
    signals.push({
      ...lag('multi_region', 'any remote region', {}, metric, cache.replicationLagAlarmSeconds * 1000, 'milliseconds'),
      alarmName: `${cacheNames.group()}-replication-lag`,
      query: `SELECT MAX(${metric}) FROM "${namespace}"`,
    });
  } else if (cache.mode === 'elasticache-global') {
    // Seconds, reported by the secondary's nodes; the primary region reports none (missing data does not breach).
    nodes.forEach((node, index) => {
      signals.push(
        lag(
          String(index),
          node,
          { CacheClusterId: node },
          'GlobalDatastoreReplicationLag',
          cache.replicationLagAlarmSeconds,
          'seconds',
        ),
      );
    });
  }
  return signals;
}

/** Every region's cache signals. */
export const allCacheSignals = (config: CacheTierConfig): Signal[] =>
  config.allRegions.flatMap((region) => cacheSignals(config, region));
