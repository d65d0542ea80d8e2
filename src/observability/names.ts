import type { Names } from '../base/names';

/**
 * Deterministic observability names, the same in every region, so that any stack (and the runbook) can address a
 * region's topic or health alarm without reading another stack's state.
 */
export class ObservabilityNames {
  constructor(private readonly names: Names) {}

  /** The SNS topic every alarm of a region notifies (CloudWatch alarms can only notify a topic in their own region). */
  alertsTopic(): string {
    return this.names.resource('alerts');
  }

  /** The composite alarm summarising one region's health: the paging signal and the runbook's failover check. */
  regionHealthAlarm(region: string): string {
    return this.names.resource(region, 'unhealthy');
  }

  /** The one dashboard of the footprint, in the global stack's region. */
  dashboard(): string {
    return this.names.prefix;
  }

  /** The log group OpenTelemetry collectors outside EKS export logs to (OTLP `x-aws-log-group`), in every region. */
  otelLogGroup(): string {
    return `/otel/${this.names.prefix}`;
  }

  /** Its log stream: the OTLP logs endpoint writes to an existing group and stream (`x-aws-log-stream`). */
  otelLogStream(): string {
    return 'collector';
  }

  /** A saved Logs Insights query, under the deployment's folder of the console's query list. */
  query(title: string): string {
    return `${this.names.prefix}/${title}`;
  }
}
