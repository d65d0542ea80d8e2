import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { synthesize } from '../../src/synth';
import { checkBaseline } from '../../src/policy/security-baseline';
import { OBSERVABILITY_RULES } from '../../src/policy/rules/observability';
import type { SynthesizedStack } from '../../src/policy/synthesized';
import { footprintSignals } from '../../src/registry/footprint';
import {
  COMPOSITE_MAX_ALARMS,
  COMPOSITE_RULE_MAX_LENGTH,
  anyInAlarm,
  ruleGroups,
} from '../../src/observability/health-alarm';
import { configWith, issuesOf, withRegions } from '../helpers/config';
import { Template, decodePolicy, deploymentFor } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACCOUNT = '${data.aws_caller_identity.account.account_id}';
const topicArn = (region: string) => `arn:aws:sns:${region}:${ACCOUNT}:shop-prod-alerts`;
const outdir = () => path.join(mkdtempSync(path.join(tmpdir(), 'observability-')), 'cdktf.out');

describe('alerts topics', () => {
  const config = configWith();
  const deployment = deploymentFor(config);

  it.each(['us-east-1', 'us-west-2', 'eu-west-1'])(
    "exist in %s, encrypted with the region's key, publishable by this account's alarms there only",
    (region) => {
      const template = Template.fromStack(deployment.regions.get(region)!);
      const topic = template.resource('aws_sns_topic', 'observability_alerts_topic');
      expect(topic).toMatchObject({ name: 'shop-prod-alerts', kms_master_key_id: '${data.aws_kms_key.kms_key.arn}' });
      const policy = decodePolicy(template.resource('aws_sns_topic_policy', 'observability_alerts_policy').policy);
      const publish = policy.Statement.filter((statement: Json) => [statement.Action].flat().includes('sns:Publish'));
      expect(publish).toEqual([
        {
          Sid: 'CloudWatchAlarms',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: '${aws_sns_topic.observability_alerts_topic.arn}',
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:*` },
          },
        },
      ]);
      expect(Object.values(template.resources('aws_sns_topic_subscription'))).toEqual([
        expect.objectContaining({
          protocol: 'email',
          endpoint: 'oncall@example.com',
          topic_arn: '${aws_sns_topic.observability_alerts_topic.arn}',
        }),
      ]);
    },
  );

  it('let CloudWatch use every copy of the key for the encrypted topics', () => {
    const global = Template.fromStack(deployment.global);
    const policies: Array<[string, unknown]> = [
      ['us-east-1', global.resource('aws_kms_key', 'kms_primary').policy],
      ...['us-west-2', 'eu-west-1'].map((region): [string, unknown] => [
        region,
        global.resource('aws_kms_replica_key', `kms_replica_${region}`).policy,
      ]),
    ];
    for (const [region, policy] of policies) {
      expect(decodePolicy(policy).Statement).toContainEqual({
        Sid: 'CloudWatchAlarmsToEncryptedTopics',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:*` },
        },
      });
    }
  });

  it('subscribe https endpoints, and leave topic ARNs to the health alarm of their region', () => {
    const template = Template.fromStack(
      deploymentFor(
        configWith((input) => {
          input.observability = {
            subscriptions: ['https://hooks.example.com/alerts', 'arn:aws:sns:us-west-2:123456789012:pager'],
          };
        }),
      ).regions.get('us-west-2')!,
    );
    expect(
      Object.values(template.resources('aws_sns_topic_subscription')).map((s) => [s.protocol, s.endpoint]),
    ).toEqual([['https', 'https://hooks.example.com/alerts']]);
    expect(template.resource('aws_cloudwatch_composite_alarm', 'observability_health_alarm').alarm_actions).toEqual([
      '${aws_sns_topic.observability_alerts_topic.arn}',
      'arn:aws:sns:us-west-2:123456789012:pager',
    ]);
  });

  it("get a topic of their own in us-east-1 for CloudFront's alarm when no region runs there", () => {
    const edge = Template.fromStack(
      deploymentFor(
        configWith((input) => {
          withRegions(input, 'us-west-2', ['eu-west-1']);
        }),
      ).edge,
    );
    expect(edge.resource('aws_sns_topic', 'observability_alerts_us_east_1_topic')).toMatchObject({
      name: 'shop-prod-alerts',
      kms_master_key_id: '${aws_kms_key.observability_alerts_key_us_east_1.arn}',
      provider: 'aws.us_east_1',
    });
    expect(
      decodePolicy(edge.resource('aws_kms_key', 'observability_alerts_key_us_east_1').policy).Statement.map(
        (s: Json) => s.Sid,
      ),
    ).toEqual(['AccountAdministration', 'CloudWatchAlarmsToEncryptedTopics']);
    expect(Template.fromStack(deploymentFor(configWith()).edge).resources('aws_sns_topic')).toEqual({});
  });
});

describe('alarm actions', () => {
  it.each([
    ['the default config', () => configWith()],
    [
      'MemoryDB and RDS',
      () =>
        configWith((input) => {
          input.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' };
          input.database = { mode: 'rds-replicas' };
        }),
    ],
  ])('send every alarm of %s to the topic of its own region, when it fires and when it recovers', (_name, make) => {
    const deployment = deploymentFor(make());
    let count = 0;
    for (const [region, stack] of deployment.regions) {
      for (const alarm of Object.values(Template.fromStack(stack).resources('aws_cloudwatch_metric_alarm'))) {
        expect([alarm.alarm_name, alarm.alarm_actions, alarm.ok_actions]).toEqual([
          alarm.alarm_name,
          [topicArn(region)],
          [topicArn(region)],
        ]);
        count++;
      }
    }
    const edge = Template.fromStack(deployment.edge);
    for (const alarm of Object.values(edge.resources('aws_cloudwatch_metric_alarm'))) {
      const region = String(alarm.provider).replace('aws.', '').replace(/_/g, '-');
      expect([alarm.alarm_name, alarm.alarm_actions, alarm.ok_actions]).toEqual([
        alarm.alarm_name,
        [topicArn(region)],
        [topicArn(region)],
      ]);
      count++;
    }
    expect(count).toBe(footprintSignals(make()).length);
  });
});

describe('region health alarms', () => {
  const config = configWith((input) => {
    input.cache = { mode: 'elasticache-global', globalDatastoreId: 'ldgnf-shop-prod-cache' };
  });
  const deployment = deploymentFor(config);

  it.each(['us-east-1', 'us-west-2', 'eu-west-1'])(
    "cover every alarm of region-%s's own stack, after they exist",
    (region) => {
      const template = Template.fromStack(deployment.regions.get(region)!);
      const alarms = template.resources('aws_cloudwatch_metric_alarm');
      const health = template.resource('aws_cloudwatch_composite_alarm', 'observability_health_alarm');
      expect(health.alarm_name).toBe(`shop-prod-${region}-unhealthy`);
      const named = [...String(health.alarm_rule).matchAll(/ALARM\("([^"]+)"\)/g)].map((match) => match[1]);
      expect(String(health.alarm_rule).split(' OR ')).toHaveLength(named.length);
      expect(named.sort()).toEqual(
        Object.values(alarms)
          .map((alarm) => alarm.alarm_name)
          .sort(),
      );
      // 3 database, 10 cache (2 nodes), 4 cluster alarms.
      expect(Object.keys(alarms)).toHaveLength(17);
      expect([...health.depends_on].sort()).toEqual(
        Object.keys(alarms)
          .map((name) => `aws_cloudwatch_metric_alarm.${name}`)
          .sort(),
      );
      expect([health.alarm_actions, health.ok_actions]).toEqual([
        ['${aws_sns_topic.observability_alerts_topic.arn}'],
        ['${aws_sns_topic.observability_alerts_topic.arn}'],
      ]);
    },
  );

  it('split past 100 alarms into parts the health alarm covers', () => {
    const big = deploymentFor(
      configWith((input) => {
        input.cache = { mode: 'regional', shards: 10, replicasPerShard: 2 };
      }),
    );
    const template = Template.fromStack(big.regions.get('us-east-1')!);
    const composites = template.resources('aws_cloudwatch_composite_alarm');
    // 30 nodes x 4 alarms + 3 database + 3 cluster alarms = 126: parts of 100 and 26.
    expect(Object.keys(composites).sort()).toEqual([
      'observability_health_alarm',
      'observability_health_part_1',
      'observability_health_part_2',
    ]);
    expect(composites.observability_health_alarm.alarm_rule).toBe(
      'ALARM("shop-prod-us-east-1-unhealthy-part-1") OR ALARM("shop-prod-us-east-1-unhealthy-part-2")',
    );
    expect(composites.observability_health_part_1.depends_on).toHaveLength(100);
    expect(composites.observability_health_part_2.depends_on).toHaveLength(27);
  });

  it("keep each rule within PutCompositeAlarm's limits", () => {
    const long = Array.from({ length: 150 }, (_, index) => `${'x'.repeat(200)}-${index}`);
    const groups = ruleGroups(long);
    expect(groups.flat()).toEqual(long);
    for (const group of groups) {
      expect(group.length).toBeLessThanOrEqual(COMPOSITE_MAX_ALARMS);
      expect(anyInAlarm(group).length).toBeLessThanOrEqual(COMPOSITE_RULE_MAX_LENGTH);
    }
    // ALARM("<204 characters>") OR: 216 characters each, 47 of them fit in 10240.
    expect(groups.map((group) => group.length)).toEqual([47, 47, 47, 9]);
  });
});

describe('the alarm actions rule', () => {
  it('accepts every stack the tiers build', () => {
    const deployment = deploymentFor(configWith());
    for (const stack of [deployment.global, ...deployment.regions.values(), deployment.edge]) {
      expect(checkBaseline(Template.fromStack(stack).json as SynthesizedStack, OBSERVABILITY_RULES)).toEqual([]);
    }
  });

  it('fails synthesis for a user alarm that notifies nobody', () => {
    expect(() =>
      synthesize(configWith(), outdir(), ({ regions }) => {
        new CloudwatchMetricAlarm(regions.get('us-west-2')!, 'user_alarm', {
          alarmName: 'user',
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          statistic: 'Average',
          period: 60,
          evaluationPeriods: 1,
          threshold: 90,
          comparisonOperator: 'GreaterThanThreshold',
          alarmActions: ['arn:aws:sns:us-west-2:123456789012:shop-prod-alerts'],
        });
      }),
    ).toThrow(
      "[ALARM_ACTIONS_METRIC] aws_cloudwatch_metric_alarm.user_alarm notifies nobody: set ok_actions (the alerts topic of the alarm's region, ObservabilityNames.alertsTopic())",
    );
  });

  it('fails synthesis for a composite alarm with its actions off', () => {
    expect(() =>
      synthesize(configWith(), outdir(), ({ edge }) => {
        new CloudwatchCompositeAlarm(edge, 'user_composite', {
          provider: edge.provider('us-east-1'),
          alarmName: 'user',
          alarmRule: 'ALARM("x")',
          actionsEnabled: false,
          alarmActions: ['arn:aws:sns:us-east-1:123456789012:shop-prod-alerts'],
          okActions: ['arn:aws:sns:us-east-1:123456789012:shop-prod-alerts'],
        });
      }),
    ).toThrow(
      '[ALARM_ACTIONS_COMPOSITE] aws_cloudwatch_composite_alarm.user_composite has its actions switched off (actions_enabled = false)',
    );
  });
});

describe('observability config', () => {
  it.each<[string, (input: Json) => void, string]>([
    [
      'a subscription that is neither email, https nor a topic',
      (input) => {
        input.observability = { subscriptions: ['http://hooks.example.com'] };
      },
      'observability.subscriptions[0]: "http://hooks.example.com" is not an email address, an https:// URL or an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
    ],
    [
      'a topic outside the configured regions',
      (input) => {
        input.observability = { subscriptions: ['oncall@example.com', 'arn:aws:sns:ap-south-1:123456789012:pager'] };
      },
      'observability.subscriptions[1]: "arn:aws:sns:ap-south-1:123456789012:pager" is a topic in ap-south-1, which is not a configured region; allowed: a topic in us-east-1, us-west-2, eu-west-1 (an alarm can only notify a topic in its own region)',
    ],
    [
      'a retention under a year',
      (input) => {
        input.observability = { logRetentionDays: 90 };
      },
      'observability.logRetentionDays: 90 is not a CloudWatch Logs retention of a year or more; allowed: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
  ])('rejects %s', (_name, patch, expected) => {
    expect(issuesOf(patch)).toEqual([expected]);
  });

  it('synthesizes without subscriptions (every alarm still has its topic)', () => {
    const template = Template.fromStack(
      deploymentFor(
        configWith((input) => {
          delete input.observability;
        }),
      ).regions.get('us-east-1')!,
    );
    expect(template.resources('aws_sns_topic_subscription')).toEqual({});
    expect(Object.keys(template.resources('aws_sns_topic'))).toEqual(['observability_alerts_topic']);
  });
});
