import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { synthesize } from '../../src/synth';
import { configWith } from '../helpers/config';
import { Template, deploymentFor } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('cluster signals', () => {
  const config = configWith((input) => {
    input.observability = { subscriptions: ['oncall@example.com'], clusterNodeCpuAlarmPercent: 70 };
  });
  const deployment = deploymentFor(config);

  it.each(['us-east-1', 'eu-west-1'])(
    "alarm on %s's Container Insights node health, notifying the region's topic",
    (region) => {
      const template = Template.fromStack(deployment.regions.get(region)!);
      const alarms = ['failed_nodes', 'node_cpu', 'node_memory'].map((name) =>
        template.resource('aws_cloudwatch_metric_alarm', `clusters_${name}_alarm`),
      );
      expect(alarms.map((alarm) => [alarm.namespace, alarm.metric_name, alarm.dimensions, alarm.threshold])).toEqual([
        ['ContainerInsights', 'cluster_failed_node_count', { ClusterName: 'shop-prod-eks' }, 0],
        ['ContainerInsights', 'node_cpu_utilization', { ClusterName: 'shop-prod-eks' }, 70],
        ['ContainerInsights', 'node_memory_utilization', { ClusterName: 'shop-prod-eks' }, 80],
      ]);
      for (const alarm of alarms)
        expect(alarm.alarm_actions).toEqual([
          `arn:aws:sns:${region}:\${data.aws_caller_identity.account.account_id}:shop-prod-alerts`,
        ]);
      expect(template.resource('aws_cloudwatch_composite_alarm', 'observability_health_alarm').alarm_rule).toContain(
        'ALARM("shop-prod-eks-failed-nodes")',
      );
    },
  );

  it.each(['us-east-1', 'eu-west-1'])(
    'alarm in %s when the cluster has fewer nodes than nodeGroup.minSize, or reports nothing at all',
    (region) => {
      const floor = Template.fromStack(
        deploymentFor(
          configWith((input) => {
            input.clusters = { ...input.clusters, nodeGroup: { minSize: 3, desiredSize: 3, maxSize: 6 } };
          }),
        ).regions.get(region)!,
      ).resource('aws_cloudwatch_metric_alarm', 'clusters_node_count_alarm');
      expect([
        floor.namespace,
        floor.metric_name,
        floor.dimensions,
        floor.statistic,
        floor.comparison_operator,
        floor.threshold,
        floor.treat_missing_data,
      ]).toEqual([
        'ContainerInsights',
        'cluster_node_count',
        { ClusterName: 'shop-prod-eks' },
        'Minimum',
        'LessThanThreshold',
        3,
        'breaching',
      ]);
    },
  );

  it('treat missing data as breaching only for the signals that prove life', () => {
    const alarms = Template.fromStack(deployment.regions.get('us-west-2')!).resources('aws_cloudwatch_metric_alarm');
    const breaching = Object.entries(alarms)
      .filter(([, alarm]) => alarm.treat_missing_data === 'breaching')
      .map(([name]) => name);
    expect(breaching).toEqual(['clusters_node_count_alarm']);
  });

  it('create none while clusters are off', () => {
    const off = Template.fromStack(
      deploymentFor(
        configWith((input) => {
          input.clusters = { enabled: false };
        }),
      ).regions.get('us-east-1')!,
    );
    expect(
      Object.keys(off.resources('aws_cloudwatch_metric_alarm')).filter((name) => name.startsWith('clusters_')),
    ).toEqual([]);
  });

  it("give Container Insights its log groups ahead of the add-on, with the region's key and the shared retention", () => {
    const template = Template.fromStack(
      deploymentFor(
        configWith((input) => {
          input.observability = { logRetentionDays: 731 };
        }),
      ).regions.get('us-west-2')!,
    );
    for (const kind of ['application', 'dataplane', 'host', 'performance']) {
      expect(template.resource('aws_cloudwatch_log_group', `clusters_insights_${kind}_group`)).toMatchObject({
        name: `/aws/containerinsights/shop-prod-eks/${kind}`,
        kms_key_id: '${data.aws_kms_key.kms_key.arn}',
        retention_in_days: 731,
      });
      expect(template.resource('aws_eks_addon', 'clusters_addon_amazon_cloudwatch_observability').depends_on).toContain(
        `aws_cloudwatch_log_group.clusters_insights_${kind}_group`,
      );
    }
    for (const [id, name] of [
      ['application_signals_group', '/aws/application-signals/data'],
      ['otlp_group', '/aws/cwagent/otlp'],
    ]) {
      expect(template.resource('aws_cloudwatch_log_group', `clusters_${id}`)).toMatchObject({
        name,
        kms_key_id: '${data.aws_kms_key.kms_key.arn}',
        retention_in_days: 731,
      });
      expect(template.resource('aws_eks_addon', 'clusters_addon_amazon_cloudwatch_observability').depends_on).toContain(
        `aws_cloudwatch_log_group.clusters_${id}`,
      );
    }
    expect(template.resource('aws_cloudwatch_log_group', 'clusters_log_group').retention_in_days).toBe(731);
  });
});

describe('OpenTelemetry resource attributes', () => {
  it("are the same in the workloads' opentelemetry ConfigMap and the collector config of every region, the ConfigMap adding the cluster's name", () => {
    const config = configWith();
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'otel-parity-')), 'cdktf.out');
    synthesize(config, outdir);
    for (const region of config.allRegions) {
      const collector = parse(readFileSync(path.join(outdir, 'otel', `collector-${region}.yaml`), 'utf8')) as Json;
      const fromCollector = Object.fromEntries(
        collector.processors.resource.attributes.map((attribute: Json) => [attribute.key, attribute.value]),
      );
      const stack = JSON.parse(
        readFileSync(path.join(outdir, 'stacks', `cluster-${region}`, 'cdk.tf.json'), 'utf8'),
      ) as Json;
      const variables = stack.resource.kubernetes_config_map_v1.k8s_config_map_shop_opentelemetry.data
        .OTEL_RESOURCE_ATTRIBUTES as string;
      expect(Object.fromEntries(variables.split(',').map((pair) => pair.split('=')))).toEqual({
        ...fromCollector,
        'k8s.cluster.name': 'shop-prod-eks',
      });
      expect(fromCollector['cloud.region']).toBe(region);
    }
  });
});
