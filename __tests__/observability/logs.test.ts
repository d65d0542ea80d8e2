import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { synthesize } from '../../src/synth';
import { QUERIES } from '../../src/observability/logs';
import { resourceAttributes } from '../../src/observability/resource-attributes';
import { configWith } from '../helpers/config';
import { Template, deploymentFor } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('OpenTelemetry collector configs', () => {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'otel-')), 'cdktf.out');
  const config = configWith((input) => {
    input.environment = 'staging';
  });
  synthesize(config, outdir);

  it('are written for every region, and only those', () => {
    expect(readdirSync(path.join(outdir, 'otel')).sort()).toEqual([
      'collector-eu-west-1.yaml',
      'collector-us-east-1.yaml',
      'collector-us-west-2.yaml',
    ]);
  });

  it('say in their first line that they are samples nothing deploys', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      expect(readFileSync(path.join(outdir, 'otel', `collector-${region}.yaml`), 'utf8').split('\n')[0]).toBe(
        `# SAMPLE OpenTelemetry Collector configuration for ${region}, for workloads outside EKS; nothing in this deployment`,
      );
    }
  });

  it.each(['us-east-1', 'us-west-2', 'eu-west-1'])(
    "send %s's logs and traces to that region's CloudWatch OTLP endpoints, signed for it",
    (region) => {
      const collector = parse(readFileSync(path.join(outdir, 'otel', `collector-${region}.yaml`), 'utf8')) as Json;
      expect(collector.service.pipelines).toEqual({
        logs: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'resource', 'batch'],
          exporters: ['otlphttp/logs'],
        },
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'resource', 'batch'],
          exporters: ['otlphttp/traces'],
        },
      });
      expect(collector.exporters['otlphttp/logs']).toEqual({
        logs_endpoint: `https://logs.${region}.amazonaws.com/v1/logs`,
        auth: { authenticator: 'sigv4auth/logs' },
        headers: { 'x-aws-log-group': '/otel/shop-staging', 'x-aws-log-stream': 'collector' },
      });
      expect(collector.exporters['otlphttp/traces']).toEqual({
        traces_endpoint: `https://xray.${region}.amazonaws.com/v1/traces`,
        auth: { authenticator: 'sigv4auth/xray' },
      });
      expect(collector.extensions).toEqual({
        'sigv4auth/logs': { region, service: 'logs' },
        'sigv4auth/xray': { region, service: 'xray' },
      });
      expect(collector.service.extensions).toEqual(['sigv4auth/logs', 'sigv4auth/xray']);
      expect(collector.processors.resource.attributes).toEqual([
        { key: 'deployment.environment', value: 'staging', action: 'upsert' },
        { key: 'cloud.region', value: region, action: 'upsert' },
        { key: 'service.namespace', value: 'shop', action: 'upsert' },
      ]);
      expect(Object.fromEntries(collector.processors.resource.attributes.map((a: Json) => [a.key, a.value]))).toEqual(
        resourceAttributes(config, region),
      );
    },
  );

  it('differ between regions only in the region', () => {
    const read = (region: string) => readFileSync(path.join(outdir, 'otel', `collector-${region}.yaml`), 'utf8');
    expect(read('eu-west-1').replaceAll('eu-west-1', '<region>')).toBe(
      read('us-west-2').replaceAll('us-west-2', '<region>'),
    );
  });
});

describe('regional logs', () => {
  const deployment = deploymentFor(
    configWith((input) => {
      input.observability = { logRetentionDays: 731 };
    }),
  );

  it.each(['us-east-1', 'eu-west-1'])(
    "give %s the collectors' log group and stream, encrypted, kept as configured",
    (region) => {
      const template = Template.fromStack(deployment.regions.get(region)!);
      expect(template.resource('aws_cloudwatch_log_group', 'observability_logs_otel_group')).toMatchObject({
        name: '/otel/shop-prod',
        kms_key_id: '${data.aws_kms_key.kms_key.arn}',
        retention_in_days: 731,
      });
      expect(template.resource('aws_cloudwatch_log_stream', 'observability_logs_otel_stream')).toMatchObject({
        name: 'collector',
        log_group_name: '${aws_cloudwatch_log_group.observability_logs_otel_group.name}',
      });
    },
  );

  it("keep VPC flow logs and the database's exported logs for the configured retention, with the region's key", () => {
    const template = Template.fromStack(deployment.regions.get('us-west-2')!);
    expect(template.resource('aws_cloudwatch_log_group', 'network_flow_log_group').retention_in_days).toBe(731);
    expect(template.resource('aws_cloudwatch_log_group', 'database_log_group_postgresql')).toMatchObject({
      name: '/aws/rds/cluster/shop-prod-db-us-west-2/postgresql',
      kms_key_id: '${data.aws_kms_key.kms_key.arn}',
      retention_in_days: 731,
    });
    expect(template.resource('aws_rds_cluster', 'database_cluster').depends_on).toEqual([
      'aws_cloudwatch_log_group.database_log_group_postgresql',
    ]);
    const rds = Template.fromStack(
      deploymentFor(
        configWith((input) => {
          input.database = { mode: 'rds-replicas', engine: 'mysql' };
        }),
      ).regions.get('eu-west-1')!,
    );
    expect(
      Object.values(rds.resources('aws_cloudwatch_log_group'))
        .map((group) => group.name)
        .filter((name) => name.startsWith('/aws/rds/')),
    ).toEqual(
      ['audit', 'error', 'general', 'slowquery'].map((type) => `/aws/rds/instance/shop-prod-db-eu-west-1/${type}`),
    );
    expect(rds.resource('aws_db_instance', 'database_instance').depends_on).toHaveLength(4);
  });

  it('save the on-call queries over every log group of the region but the flow logs, under the same names everywhere', () => {
    const names = (region: string) =>
      Object.values(Template.fromStack(deployment.regions.get(region)!).resources('aws_cloudwatch_query_definition'))
        .map((query) => query.name)
        .sort();
    expect(names('us-east-1')).toEqual([
      'shop-prod/errors-by-service',
      'shop-prod/replication-errors',
      'shop-prod/slowest-requests',
    ]);
    expect(names('eu-west-1')).toEqual(names('us-east-1'));
    const queries = Template.fromStack(deployment.regions.get('us-east-1')!).resources(
      'aws_cloudwatch_query_definition',
    );
    for (const query of Object.values(queries)) {
      expect(query.log_group_names).toEqual([
        '/otel/shop-prod',
        '/aws/rds/cluster/shop-prod-db-us-east-1/postgresql',
        '/aws/elasticache/shop-prod-cache/slow-log',
        '/aws/elasticache/shop-prod-cache/engine-log',
        '/aws/eks/shop-prod-eks/cluster',
        ...['application', 'dataplane', 'host', 'performance'].map(
          (kind) => `/aws/containerinsights/shop-prod-eks/${kind}`,
        ),
        '/aws/application-signals/data',
        '/aws/cwagent/otlp',
      ]);
    }
    expect(queries.observability_logs_query_replication_errors.query_string).toBe(
      QUERIES.replication_errors.query.join('\n| '),
    );
  });
});
