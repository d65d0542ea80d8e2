import { footprintSignals } from '../../src/registry/footprint';
import { DASHBOARD_MAX_METRICS, dashboardBody, dashboardProblems } from '../../src/observability/dashboard';
import type { Config } from '../../src/config/load';
import { configWith, withRegions } from '../helpers/config';
import { Template, decodePolicy, deploymentFor } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACCOUNT = '${data.aws_caller_identity.account.account_id}';

function dashboardOf(config: Config): { resource: Json; body: Json } {
  const resource = Template.fromStack(deploymentFor(config).global).resource(
    'aws_cloudwatch_dashboard',
    'observability_dashboard_dashboard',
  );
  return { resource, body: decodePolicy(resource.dashboard_body) };
}

/** `namespace metric region` of every metric line (a search names its namespace and metric inside the expression). */
function drawn(body: Json): Set<string> {
  const lines = new Set<string>();
  for (const widget of body.widgets.filter((w: Json) => w.type === 'metric')) {
    for (const line of widget.properties.metrics) {
      const search = /SEARCH\('\{([^,}]+)[^}]*\} ([^\s']+)/.exec(line[0]?.expression ?? '');
      lines.add(
        search
          ? `${search[1]} ${search[2]} ${widget.properties.region}`
          : `${line[0]} ${line[1]} ${widget.properties.region}`,
      );
    }
  }
  return lines;
}

describe('the footprint dashboard', () => {
  const configs: Array<[string, Config]> = [
    ['the default config', configWith()],
    [
      'a pinned Global Datastore and a pinned distribution',
      configWith((input) => {
        input.cache = { mode: 'elasticache-global', globalDatastoreId: 'ldgnf-shop-prod-cache' };
        input.cdn = { distributionId: 'E2QWRUHAPOMQZL' };
      }),
    ],
    [
      'MemoryDB and RDS',
      configWith((input) => {
        input.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' };
        input.database = { mode: 'rds-replicas' };
      }),
    ],
  ];

  it.each(configs)("shows every alarm's metric of %s, in the alarm's region", (_name, config) => {
    const { resource, body } = dashboardOf(config);
    expect(resource.dashboard_name).toBe('shop-prod');
    // cdktf leaves double quotes inside jsonencode strings unescaped, which breaks the HCL output.
    expect(JSON.stringify(body)).not.toContain('\\"');
    const lines = drawn(body);
    for (const signal of footprintSignals(config)) {
      expect([signal.alarmName, lines.has(`${signal.namespace} ${signal.metricName} ${signal.region}`)]).toEqual([
        signal.alarmName,
        true,
      ]);
    }
  });

  it.each(configs)(
    'gives every region of %s a row: its health alarm, then a column per tier with signals there',
    (_name, config) => {
      const { body } = dashboardOf(config);
      const signals = footprintSignals(config);
      const tiers = [...new Set(signals.filter((signal) => !signal.global).map((signal) => signal.tier))];
      for (const region of config.allRegions) {
        const health = body.widgets.filter(
          (w: Json) => w.type === 'alarm' && w.properties.title === `${region}: health`,
        );
        expect(health.map((w: Json) => w.properties.alarms)).toEqual([
          [`arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:shop-prod-${region}-unhealthy`],
        ]);
        const row = body.widgets.filter((w: Json) => w.y === health[0].y);
        for (const tier of tiers.filter((t) =>
          signals.some((signal) => signal.tier === t && signal.region === region && !signal.global),
        )) {
          expect([
            region,
            tier,
            row.some(
              (w: Json) =>
                w.type === 'metric' &&
                w.properties.region === region &&
                String(w.properties.title).startsWith(`${region} ${tier}:`),
            ),
          ]).toEqual([region, tier, true]);
        }
        // Columns left to right: health first, then the tiers in registry order.
        expect(row.map((w: Json) => w.x)).toEqual([...row.map((w: Json) => w.x)].sort((a, b) => a - b));
      }
      const widths = body.widgets.filter((w: Json) => w.type !== 'text').map((w: Json) => w.x + w.width);
      expect(Math.max(...widths)).toBeLessThanOrEqual(24);
    },
  );

  it("puts CloudFront's 5xx error rate in the global row, from us-east-1 with Region=Global, found by search until the ID is pinned", () => {
    const unpinned = dashboardOf(configWith()).body.widgets.find(
      (w: Json) => w.properties.title === 'global: 5xxErrorRate',
    );
    expect(unpinned.properties.region).toBe('us-east-1');
    expect(unpinned.properties.metrics).toEqual([
      [
        {
          expression: "SEARCH('{AWS/CloudFront,DistributionId,Region} 5xxErrorRate Global', 'Average', 300)",
          label: '5xxErrorRate',
          id: 'search_error_rate_alarm',
        },
      ],
    ]);
    const pinned = dashboardOf(
      configWith((input) => {
        input.cdn = { distributionId: 'E2QWRUHAPOMQZL' };
      }),
    ).body.widgets.find((w: Json) => w.properties.title === 'global: 5xxErrorRate');
    expect(pinned.properties.metrics).toEqual([
      [
        'AWS/CloudFront',
        '5xxErrorRate',
        'DistributionId',
        'E2QWRUHAPOMQZL',
        'Region',
        'Global',
        { label: 'shop-prod-cdn-5xx-error-rate' },
      ],
    ]);
  });

  it('has a row for each of 11 regions, and stays within the dashboard quotas', () => {
    const config = configWith((input) => {
      withRegions(input, 'us-east-1', [
        'us-east-2',
        'us-west-1',
        'us-west-2',
        'eu-west-1',
        'eu-west-2',
        'eu-central-1',
        'ap-northeast-1',
        'ap-southeast-1',
        'ap-southeast-2',
        'ca-central-1',
      ]);
      input.cache = { mode: 'regional' };
    });
    const { body } = dashboardOf(config);
    expect(body.widgets.filter((w: Json) => w.type === 'alarm')).toHaveLength(11);
    expect(dashboardProblems(body)).toEqual([]);
  });

  it('refuses a dashboard past the metrics quota, naming the setting that turns it off', () => {
    // 60 shards x 6 nodes x 4 node metrics x 3 regions (4320), 9 database, 12 cluster, 12 replication and 1 CloudFront lines.
    const config = configWith((input) => {
      input.cache = { mode: 'regional', shards: 60, replicasPerShard: 5 };
    });
    const metrics = dashboardBody({
      title: 't',
      regions: config.allRegions.map((region) => ({ region, healthAlarmArn: 'arn' })),
      signals: footprintSignals(config),
    });
    expect(dashboardProblems(metrics)).toEqual([`4354 metrics; a dashboard shows at most ${DASHBOARD_MAX_METRICS}`]);
    expect(() => deploymentFor(config)).toThrow(
      'observability.dashboard: true draws 4354 metrics; a dashboard shows at most 2500 (CloudWatch service quotas); set observability.dashboard: false, or watch fewer nodes (cache.shards, cache.replicasPerShard)',
    );
    const off = configWith((input) => {
      input.cache = { mode: 'regional', shards: 60, replicasPerShard: 5 };
      input.observability = { dashboard: false };
    });
    expect(Template.fromStack(deploymentFor(off).global).resources('aws_cloudwatch_dashboard')).toEqual({});
  });
});
