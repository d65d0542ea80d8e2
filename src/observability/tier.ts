import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { defineTier } from '../tiers/tier';
import { OBSERVABILITY_RULES } from '../policy/rules/observability';
import { providerAlias } from '../base/names';
import { accountId } from '../iam/account';
import { policyDocument } from '../iam/policy';
import { accountAdministration, cloudWatchAlarmsUse } from '../kms/key-policy';
import { AlertsTopic } from './alerts-topic';
import { ObservabilitySchema, subscriptionKind, topicRegion, validateObservability } from './config';
import { collectorConfig } from './collector';
import { FootprintDashboard } from './dashboard';
import { HealthAlarm } from './health-alarm';
import { RegionalLogs } from './logs';
import { ObservabilityNames } from './names';
import { signalsOf } from '../tiers/signal';
import { compositeAlarmState } from '../tiers/commands';

export { resourceAttributes } from './resource-attributes';
import type { Names } from '../base/names';
import { regionalArn } from '../base/partition';

/**
 * The alerts topic of `region`, by name: every region's topic has the same name, and a CloudWatch alarm can only
 * notify a topic in its own region, so an alarm derives its topic from its own region and reads no other stack.
 */
export function alertsTopicArn(account: string, names: Names, region: string): string {
  return regionalArn('sns', region, account, new ObservabilityNames(names).alertsTopic());
}

/**
 * Observability: in every region an encrypted alerts topic that every alarm there notifies, and the region's health
 * alarm over the alarms of its own stack; one dashboard for the footprint (global stack). Tiers declare what they
 * watch as signals (`Tier.signals`); alarms, health alarms and the dashboard are built from them.
 */
export const observabilityTier = defineTier({
  name: 'observability',
  sections: { observability: ObservabilitySchema },
  validate: validateObservability,
  regional: ({ scope, config, names, region, kmsKeyArn, signals }) => {
    const observability = new ObservabilityNames(names);
    const { subscriptions } = config.observability;
    const topic = new AlertsTopic(scope, 'observability_alerts', {
      name: observability.alertsTopic(),
      region,
      account: accountId(scope),
      kmsKeyArn,
      subscriptions,
    });
    new RegionalLogs(scope, 'observability_logs', {
      names: observability,
      kmsKeyArn,
      retentionInDays: config.observability.logRetentionDays,
    });
    // Alarms of the edge stack (replication, CDN) are applied after this stack: a composite alarm naming them would
    // fail here (PutCompositeAlarm needs every alarm it names to exist). They notify the same topic on their own.
    const forwarded = subscriptions.filter(
      (endpoint) => subscriptionKind(endpoint) === 'topic' && topicRegion(endpoint) === region,
    );
    new HealthAlarm(scope, 'observability_health', {
      name: observability.regionHealthAlarm(region),
      region,
      alarmNames: signalsOf(signals, region, 'regional').map((signal) => signal.alarmName),
      actions: [topic.topic.arn, ...forwarded],
    });
  },
  global: ({ scope, config, names, provider, signals }) => {
    if (!config.observability.dashboard) return;
    const observability = new ObservabilityNames(names);
    const account = accountId(scope);
    new FootprintDashboard(scope, 'observability_dashboard', {
      name: observability.dashboard(),
      title: `${names.prefix}: ${config.allRegions.length} regions`,
      provider: provider(config.globalRegion),
      // Rows in name order: a primaryRegion flip leaves the global stack unchanged.
      regions: [...config.allRegions].sort().map((region) => ({
        region,
        healthAlarmArn: regionalArn('cloudwatch', region, account, `alarm:${observability.regionHealthAlarm(region)}`),
      })),
      signals,
    });
  },
  edge: ({ scope, config, names, provider, signals }) => {
    // CloudFront's alarm lives in us-east-1, which may run no region of the footprint: it gets an alerts topic of its
    // own there, with a key of its own (the multi-region key has no replica outside the configured regions).
    const account = accountId(scope);
    const outside = [
      ...new Set(signals.filter((signal) => signal.stack === 'edge').map((signal) => signal.region)),
    ].filter((region) => !(config.allRegions as readonly string[]).includes(region));
    for (const region of outside) {
      const key = new KmsKey(scope, `observability_alerts_key_${providerAlias(region)}`, {
        provider: provider(region),
        description: `${names.prefix} alerts topic in ${region}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policyDocument([accountAdministration(region, account), cloudWatchAlarmsUse(region, account)]),
      });
      new AlertsTopic(scope, `observability_alerts_${providerAlias(region)}`, {
        name: new ObservabilityNames(names).alertsTopic(),
        region,
        account,
        kmsKeyArn: key.arn,
        subscriptions: config.observability.subscriptions,
        provider: provider(region),
      });
    }
  },
  // Every region's alerts topic is encrypted with its copy of the key.
  keyStatements: (_config, _names, region, account) => [cloudWatchAlarmsUse(region, account)],
  regionHealth: (_config, names, region) => {
    const alarm = new ObservabilityNames(names).regionHealthAlarm(region);
    return { what: `${region}'s health (composite alarm \`${alarm}\`)`, command: compositeAlarmState(region, alarm) };
  },
  logRetentionDays: (config) => config.observability.logRetentionDays,
  identifiers: (config, names) =>
    `region health alarms ${config.allRegions
      .map((region) => `\`${new ObservabilityNames(names).regionHealthAlarm(region)}\``)
      .join(', ')}`,
  rules: OBSERVABILITY_RULES,
  documents: (config) =>
    config.allRegions.map((region) => ({
      path: `otel/collector-${region}.yaml`,
      content: collectorConfig(config, region),
    })),
});
