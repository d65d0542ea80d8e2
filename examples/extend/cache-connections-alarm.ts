/**
 * Your own constructs next to the in-memory tier, through the `extend` hook of `synthesize()`: an alarm on client
 * connections of every region's ElastiCache replication group (the tier alarms on lag, CPU, memory and evictions).
 * A construct of a global service here (IAM, CloudFront, Route 53) would fail synthesis (REGIONAL_NO_GLOBAL_SERVICE), and so
 * would an alarm that notifies nobody (ALARM_ACTIONS_METRIC): it notifies its region's alerts topic, found by name.
 *
 *   synthesize(loadConfig(), 'cdktf.out', addConnectionAlarms);
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import type { Deployment } from '../../src/stacks/deployment';
import { accountId } from '../../src/iam/account';
import { alertsTopicArn } from '../../src/observability/tier';

/**
 * Nodes support up to 65,000 concurrent client connections; warn well before (ElastiCache User Guide, "Large number of
 * connections (Valkey and Redis OSS)", https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/BestPractices.Clients.Redis.Connections.html).
 */
const CONNECTIONS_THRESHOLD = 50_000;

export function addConnectionAlarms(deployment: Deployment): void {
  for (const stack of deployment.regions.values()) {
    // The tier's replication group, where the region has one (MemoryDB modes have none; an elasticache-global
    // secondary has none until cache.globalDatastoreId is pinned).
    const group = stack.node
      .findAll()
      .find((construct): construct is ElasticacheReplicationGroup => construct instanceof ElasticacheReplicationGroup);
    if (!group) continue;
    const topic = alertsTopicArn(accountId(stack), stack.names, stack.region);
    new CloudwatchMetricAlarm(stack, 'cache_connections', {
      alarmName: `${stack.names.resource('cache', stack.region)}-connections`,
      alarmDescription: 'Client connections of the cache near the per-node limit',
      namespace: 'AWS/ElastiCache',
      metricName: 'CurrConnections',
      dimensions: { ReplicationGroupId: group.replicationGroupId },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: CONNECTIONS_THRESHOLD,
      treatMissingData: 'notBreaching',
      alarmActions: [topic],
      okActions: [topic],
    });
  }
}
