import type { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Signal } from '../tiers/signal';

export interface MetricAlarmOptions {
  /** The topic notified when the alarm fires and recovers: one in the signal's region (an alarm can only notify its own region's topics). */
  readonly topicArn: string;
  /**
   * Provider of the signal's region, in stacks that span regions.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Dimension values known only to the creating construct (a resource attribute), replacing the signal's.
   * @default the signal's dimensions
   */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/**
 * The alarm of `signal`, with id `signal.id` in `scope` (its Terraform address), notifying the region's alerts topic
 * when it fires and when it recovers. Missing data does not breach unless the signal says so (`missingData`): a metric
 * that only a secondary reports (lag) keeps the primary's alarm quiet and already armed for the day it becomes a
 * secondary, while a liveness signal's silence is itself the alarm.
 */
export function metricAlarm(scope: Construct, signal: Signal, options: MetricAlarmOptions): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, signal.id, {
    provider: options.provider,
    alarmName: signal.alarmName,
    alarmDescription: signal.description,
    ...(signal.query === undefined
      ? {
          namespace: signal.namespace,
          metricName: signal.metricName,
          dimensions: { ...signal.dimensions, ...options.dimensions },
          statistic: signal.statistic,
          period: signal.period,
        }
      : {
          // An alarm on a Metrics Insights query: one query returning one time series (CloudWatch User Guide, "Create
          // alarms on Metrics Insights queries").
          metricQuery: [{ id: 'lag', expression: signal.query, period: signal.period, returnData: true }],
        }),
    evaluationPeriods: signal.evaluationPeriods,
    datapointsToAlarm: signal.datapointsToAlarm,
    threshold: signal.threshold,
    comparisonOperator: signal.comparison,
    treatMissingData: signal.missingData ?? 'notBreaching',
    alarmActions: [options.topicArn],
    okActions: [options.topicArn],
  });
}
