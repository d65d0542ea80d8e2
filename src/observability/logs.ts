import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { CloudwatchQueryDefinition } from '@cdktf/provider-aws/lib/cloudwatch-query-definition';
import type { ObservabilityNames } from './names';

/** The questions on-call asks first, as Logs Insights queries (CloudWatch Logs User Guide, "CloudWatch Logs Insights language query syntax"). */
export const QUERIES = {
  /** Error-looking events per service: the OpenTelemetry `service.name` where the event has one, else its log group. */
  errors_by_service: {
    title: 'errors-by-service',
    query: [
      'fields @timestamp, @log, @message, coalesce(`resource.attributes.service.name`, @log) as service',
      'filter @message like /(?i)(error|exception|fatal|panic)/',
      'stats count(*) as errors by service',
      'sort errors desc',
    ],
  },
  /** The slowest events that carry a duration: HTTP server spans logged by OpenTelemetry, slow query logs. */
  slowest_requests: {
    title: 'slowest-requests',
    query: [
      'fields @timestamp, @log, @message, coalesce(`attributes.http.server.request.duration`, `attributes.duration_ms`, duration, query_time) as took',
      'filter ispresent(took)',
      'sort took desc',
      'limit 50',
    ],
  },
  /** Replication trouble reported by the engines (Aurora/RDS, ElastiCache) and the applications. */
  replication_errors: {
    title: 'replication-errors',
    query: [
      'fields @timestamp, @log, @message',
      'filter @message like /(?i)replic/ and @message like /(?i)(error|fail|lag|broken|timeout|disconnect)/',
      'sort @timestamp desc',
      'limit 100',
    ],
  },
} as const;

export interface RegionalLogsProps {
  readonly names: ObservabilityNames;
  readonly kmsKeyArn: string;
  readonly retentionInDays: number;
  /**
   * Log groups that exist outside this stack but the queries should cover (an EKS cluster's Container Insights groups).
   * @default none
   */
  readonly externalLogGroups?: readonly string[];
}

/**
 * A region's logs beyond the tiers': the OpenTelemetry log group and stream that collectors outside EKS write to
 * (`otel/collector-<region>.yaml`), and the saved Logs Insights queries over every log group of the stack (VPC flow
 * logs aside), the same names in every region so one query runs everywhere.
 */
export class RegionalLogs extends Construct {
  readonly otelLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RegionalLogsProps) {
    super(scope, id);
    this.otelLogGroup = new CloudwatchLogGroup(this, 'otel_group', {
      name: props.names.otelLogGroup(),
      kmsKeyId: props.kmsKeyArn,
      retentionInDays: props.retentionInDays,
    });
    new CloudwatchLogStream(this, 'otel_stream', {
      name: props.names.otelLogStream(),
      logGroupName: this.otelLogGroup.name,
    });

    const groups = TerraformStack.of(scope)
      .node.findAll()
      .filter(
        (child): child is CloudwatchLogGroup => child instanceof CloudwatchLogGroup && child !== this.otelLogGroup,
      )
      .map((group) => group.nameInput)
      .filter((name): name is string => name !== undefined && !name.startsWith('/vpc/'));
    const logGroupNames = [props.names.otelLogGroup(), ...groups, ...(props.externalLogGroups ?? [])];
    for (const [id, { title, query }] of Object.entries(QUERIES)) {
      new CloudwatchQueryDefinition(this, `query_${id}`, {
        name: props.names.query(title),
        logGroupNames,
        queryString: query.join('\n| '),
        dependsOn: [this.otelLogGroup],
      });
    }
  }
}
