/**
 * One thing the footprint watches: a CloudWatch metric, the alarm on it and where both live. Tiers describe their
 * signals as data (`Tier.signals`); the alarms (each tier's constructs, through `metricAlarm`), the region's health
 * alarm and the dashboard are all built from the same list, so no metric name is kept twice.
 */
export interface Signal {
  /** The tier that owns it: the dashboard column. */
  readonly tier: string;
  /** Region of the metric and of its alarm (CloudFront: us-east-1). */
  readonly region: string;
  /**
   * Stack that creates the alarm: `regional` (the region's own stack) or `edge` (applied after every region, through
   * the region's provider).
   */
  readonly stack: 'regional' | 'edge';
  /** Construct id of the alarm inside the tier's construct: part of its Terraform address, never renamed. */
  readonly id: string;
  readonly alarmName: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  /**
   * Metric dimensions. A value AWS assigns only when the edge stack is applied (a distribution ID not yet pinned in
   * the config) is {@link ASSIGNED_AT_APPLY}: the creating construct passes the real value, the dashboard searches.
   */
  readonly dimensions: Readonly<Record<string, string>>;
  /**
   * A CloudWatch Metrics Insights query (`SELECT MAX(<metric>) FROM "<namespace>"`) the alarm evaluates instead of
   * the metric and its dimensions: for a metric whose dimension names AWS does not document, where an alarm on guessed
   * ones could match nothing and stay OK. The dashboard searches the namespace for the metric.
   * @default none: the alarm watches `metricName` with `dimensions`
   */
  readonly query?: string;
  readonly statistic: 'Average' | 'Maximum' | 'Minimum' | 'Sum';
  /** Seconds. */
  readonly period: number;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods (every period breaching) */
  readonly datapointsToAlarm?: number;
  readonly threshold: number;
  readonly comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
  /** Unit of the metric, as shown on the dashboard's axis label (`milliseconds`, `percent`). */
  readonly unit: string;
  /**
   * What a period without data means. `breaching` for signals that prove life (a node count, an agent's own metric):
   * silence then means the cluster or its agent is gone, not that all is well.
   * @default 'notBreaching'
   */
  readonly missingData?: 'breaching' | 'notBreaching';
  /**
   * A metric of a global service (CloudFront), shown in the dashboard's global row rather than a region's.
   * @default false
   */
  readonly global?: boolean;
}

/** A dimension value that exists only once the edge stack has been applied (see `Signal.dimensions`). */
export const ASSIGNED_AT_APPLY = '*';

/** The signals of `region` that `stack` creates. */
export function signalsOf(signals: readonly Signal[], region: string, stack: Signal['stack']): Signal[] {
  return signals.filter((signal) => signal.region === region && signal.stack === stack);
}
