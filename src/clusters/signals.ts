import { Names } from '../base/names';
import type { Signal } from '../tiers/signal';
import type { TierConfig } from '../tiers/tier';
import type { observabilityTier } from '../observability/tier';
import type { ClustersSchema } from './config';
import { ClusterNames } from './names';

type ClustersTierConfig = TierConfig<{ clusters: typeof ClustersSchema }, [typeof observabilityTier]>;

/**
 * EKS node health from Container Insights (namespace `ContainerInsights`, dimension `ClusterName`; published by the
 * amazon-cloudwatch-observability add-on; CloudWatch User Guide, "Amazon EKS and Kubernetes Container Insights
 * metrics"): the node count against nodeGroup.minSize (its silence breaches: a dead agent or cluster must not look
 * healthy), failed nodes, and node CPU and memory of the cluster as a whole (thresholds in the observability section).
 */
export function clusterSignals(config: ClustersTierConfig, region: string): Signal[] {
  if (!config.clusters.enabled) return [];
  const thresholds = config.observability;
  const cluster = new ClusterNames(new Names(config)).cluster();
  const common = {
    tier: 'clusters',
    region,
    stack: 'regional',
    namespace: 'ContainerInsights',
    dimensions: { ClusterName: cluster },
    comparison: 'GreaterThanThreshold',
  } as const;
  return [
    {
      ...common,
      id: 'node_count_alarm',
      alarmName: `${cluster}-node-count`,
      description: `${cluster} in ${region} has fewer than ${config.clusters.nodeGroup.minSize} nodes (nodeGroup.minSize), or Container Insights reports nothing: the nodes or the agent are gone`,
      metricName: 'cluster_node_count',
      statistic: 'Minimum',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold: config.clusters.nodeGroup.minSize,
      comparison: 'LessThanThreshold',
      // Silence is the failure this alarm exists for.
      missingData: 'breaching',
      unit: 'count',
    },
    {
      ...common,
      id: 'failed_nodes_alarm',
      alarmName: `${cluster}-failed-nodes`,
      description: `Worker nodes of ${cluster} in ${region} report a failed node condition`,
      metricName: 'cluster_failed_node_count',
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      threshold: 0,
      unit: 'count',
    },
    {
      ...common,
      id: 'node_cpu_alarm',
      alarmName: `${cluster}-node-cpu`,
      description: `Average node CPU of ${cluster} in ${region} above ${thresholds.clusterNodeCpuAlarmPercent}%`,
      metricName: 'node_cpu_utilization',
      statistic: 'Average',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold: thresholds.clusterNodeCpuAlarmPercent,
      unit: 'percent',
    },
    {
      ...common,
      id: 'node_memory_alarm',
      alarmName: `${cluster}-node-memory`,
      description: `Average node memory of ${cluster} in ${region} above ${thresholds.clusterNodeMemoryAlarmPercent}%`,
      metricName: 'node_memory_utilization',
      statistic: 'Average',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold: thresholds.clusterNodeMemoryAlarmPercent,
      unit: 'percent',
    },
  ];
}

/** Every region's cluster signals. */
export const allClusterSignals = (config: ClustersTierConfig): Signal[] =>
  config.allRegions.flatMap((region) => clusterSignals(config, region));
