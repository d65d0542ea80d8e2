import { Names } from '../base/names';
import { ASSIGNED_AT_APPLY, type Signal } from '../tiers/signal';
import type { TierConfig } from '../tiers/tier';
import {
  replicatedRegions,
  replicationDestinations,
  storageBucketName,
  type CdnSchema,
  type StorageSchema,
} from './config';
import { ruleId } from './edge-storage';

type StorageTierConfig = TierConfig<{ storage: typeof StorageSchema; cdn: typeof CdnSchema }>;

/**
 * S3 replication, per source and destination bucket (published in the source bucket's region once replication
 * metrics are on; the edge stack creates the alarms through the source region's provider): `ReplicationLatency` and
 * `OperationsFailedReplication`.
 */
export function storageSignals(config: StorageTierConfig): Signal[] {
  const { storage } = config;
  if (!storage.replicationMetrics) return [];
  const names = new Names(config);
  const bucket = (region: string): string => storageBucketName(config, region);
  return replicatedRegions(config).flatMap((source) =>
    replicationDestinations(config, source).flatMap((destination): Signal[] => {
      const dimensions = {
        SourceBucket: bucket(source),
        DestinationBucket: bucket(destination),
        RuleId: ruleId(destination),
      };
      const common = {
        tier: 'storage',
        region: source,
        stack: 'edge',
        namespace: 'AWS/S3',
        dimensions,
        period: 300,
        comparison: 'GreaterThanThreshold',
      } as const;
      return [
        {
          ...common,
          id: `latency_${source}_to_${destination}`,
          alarmName: names.resource('s3-replication-latency', source, 'to', destination),
          description: `Objects took over ${storage.replicationLatencyAlarmSeconds}s to replicate from ${bucket(
            source,
          )} to ${bucket(destination)}`,
          metricName: 'ReplicationLatency',
          statistic: 'Maximum',
          evaluationPeriods: 3,
          threshold: storage.replicationLatencyAlarmSeconds,
          unit: 'seconds',
        },
        {
          ...common,
          id: `failed_${source}_to_${destination}`,
          alarmName: names.resource('s3-replication-failed', source, 'to', destination),
          description: `Objects failed to replicate from ${bucket(source)} to ${bucket(destination)}`,
          metricName: 'OperationsFailedReplication',
          statistic: 'Sum',
          evaluationPeriods: 1,
          threshold: 0,
          unit: 'count',
        },
      ];
    }),
  );
}

/**
 * CloudFront's 5xx error rate: its metrics live in us-east-1 with `Region=Global`, so does the alarm (edge stack). The
 * distribution ID is AWS's to assign: until it is pinned in `cdn.distributionId`, the dashboard finds it by search.
 */
export function cdnSignals(config: StorageTierConfig): Signal[] {
  const { cdn } = config;
  if (!cdn.enabled) return [];
  return [
    {
      tier: 'cdn',
      region: 'us-east-1',
      global: true,
      stack: 'edge',
      id: 'error_rate_alarm',
      alarmName: new Names(config).resource('cdn-5xx-error-rate'),
      description: `More than ${cdn.errorRateAlarmPercent}% of CloudFront responses are 5xx`,
      namespace: 'AWS/CloudFront',
      metricName: '5xxErrorRate',
      dimensions: { DistributionId: cdn.distributionId ?? ASSIGNED_AT_APPLY, Region: 'Global' },
      statistic: 'Average',
      period: 300,
      evaluationPeriods: 3,
      threshold: cdn.errorRateAlarmPercent,
      comparison: 'GreaterThanThreshold',
      unit: 'percent',
    },
  ];
}
