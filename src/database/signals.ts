import { Names } from '../base/names';
import type { Signal } from '../tiers/signal';
import type { TierConfig } from '../tiers/tier';
import { isAurora, type DatabaseSchema } from './config';
import { DatabaseNames } from './names';

type DatabaseTierConfig = TierConfig<{ database: typeof DatabaseSchema }>;

/**
 * What each region's database stack alarms on and the dashboard shows: replication lag (Aurora
 * `AuroraGlobalDBReplicationLag` in milliseconds, RDS `ReplicaLag` in seconds; reported by secondaries only), CPU and
 * freeable memory of the region's cluster or instance.
 */
export function databaseSignals(config: DatabaseTierConfig, region: string): Signal[] {
  const db = config.database;
  const identifier = new DatabaseNames(new Names(config)).regional(region);
  const aurora = isAurora(db);
  const dimensions: Record<string, string> = { [aurora ? 'DBClusterIdentifier' : 'DBInstanceIdentifier']: identifier };
  const common = { tier: 'database', region, stack: 'regional', namespace: 'AWS/RDS', dimensions, period: 60 } as const;
  const lag = aurora
    ? { metric: 'AuroraGlobalDBReplicationLag', threshold: db.replicationLagAlarmSeconds * 1000, unit: 'milliseconds' }
    : { metric: 'ReplicaLag', threshold: db.replicationLagAlarmSeconds, unit: 'seconds' };
  return [
    {
      ...common,
      id: 'replication_lag',
      alarmName: `${identifier}-replication-lag`,
      description: `${lag.metric} above ${lag.threshold} ${lag.unit}: this region's copy is behind the primary`,
      metricName: lag.metric,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: lag.threshold,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      unit: lag.unit,
    },
    {
      ...common,
      id: 'cpu',
      alarmName: `${identifier}-cpu`,
      description: `Average CPU above ${db.cpuAlarmPercent}%`,
      metricName: 'CPUUtilization',
      statistic: 'Average',
      comparison: 'GreaterThanThreshold',
      threshold: db.cpuAlarmPercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      unit: 'percent',
    },
    {
      ...common,
      id: 'freeable_memory',
      alarmName: `${identifier}-freeable-memory`,
      description: `Freeable memory below ${db.freeableMemoryAlarmMiB} MiB`,
      metricName: 'FreeableMemory',
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      threshold: db.freeableMemoryAlarmMiB * 1024 * 1024,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      unit: 'bytes',
    },
  ];
}

/** Every region's database signals. */
export const allDatabaseSignals = (config: DatabaseTierConfig): Signal[] =>
  config.allRegions.flatMap((region) => databaseSignals(config, region));
