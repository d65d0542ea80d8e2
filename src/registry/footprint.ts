import type { Names } from '../base/names';
import type { PolicyStatement } from '../iam/policy';
import { FOUNDATION_RULES } from '../policy/rules/foundation';
import type { PolicyRule } from '../policy/rule';
import type { AccessGrant, DocumentContext, SwitchoverEdit, TierDocument } from '../tiers/tier';
import { renderFlipConfig, type ConfigChange } from '../tiers/runbook';
import type { Commands } from '../tiers/commands';
import type { Signal } from '../tiers/signal';
import type { Config } from './schema';
import { REGISTERED } from './tiers';

/**
 * What shared code needs from every tier at once: each function joins one hook over the registry, so that stacks,
 * operations and policy name no tier.
 */
const tiers = REGISTERED;

/** Every tier's signals for `config`, in every region: the one list alarms, health alarms and the dashboard come from. */
export function footprintSignals(config: Config): Signal[] {
  return tiers.flatMap((tier) => tier.signals?.(config) ?? []);
}

/** Every rule the baseline enforces: the foundation's and each registered tier's. */
export const BASELINE_RULES: readonly PolicyRule[] = [
  ...FOUNDATION_RULES,
  ...tiers.flatMap((tier) => tier.rules ?? []),
];

/** Every tier's access grants (`Tier.grants`). */
export function footprintGrants(config: Config, names: Names, account: string): AccessGrant[] {
  return tiers.flatMap((tier) => tier.grants?.(config, names, account) ?? []);
}

/** The statements every tier needs in `region`'s copy of the multi-region key. */
export function keyStatements(config: Config, names: Names, region: string, account: string): PolicyStatement[] {
  return tiers.flatMap((tier) => tier.keyStatements?.(config, names, region, account) ?? []);
}

/** The config edit that makes `target` the primary: the regions (the global layer stays put), then every tier's part. */
export function switchoverEdit(config: Config, target: string): Required<SwitchoverEdit> {
  const parts = tiers.map((tier) => tier.switchover?.(config, target) ?? {});
  const changes: ConfigChange[] = [
    { path: ['primaryRegion'], value: target },
    { path: ['secondaryRegions'], value: config.allRegions.filter((region) => region !== target) },
    {
      path: ['globalRegion'],
      value: config.globalRegion,
      comment: 'unchanged: the global stack and its state stay put',
    },
    ...parts.flatMap((part) => part.changes ?? []),
  ];
  return {
    changes,
    kept: parts.flatMap((part) => part.kept ?? []),
    missing: parts.flatMap((part) => part.missing ?? []),
  };
}

/** What generated documents may show of the whole deployment. */
export function documentContext(config: Config, commands: Commands): DocumentContext {
  return { flipConfig: (target) => renderFlipConfig(switchoverEdit(config, target), commands) };
}

/** Every tier's generated documents. */
export function tierDocuments(config: Config, commands: Commands): TierDocument[] {
  const context = documentContext(config, commands);
  return tiers.flatMap((tier) => tier.documents?.(config, context) ?? []);
}

/** Stacks of the tiers' own (`Tier.stacks`), in registry order. */
export function tierStacks(config: Config, names: Names) {
  return tiers.flatMap((tier) => tier.stacks?.(config, names) ?? []);
}

/** How each tier answers "is this region healthy?", for the runbook's first check. */
export function regionHealth(config: Config, names: Names, region: string) {
  return tiers.flatMap((tier) => (tier.regionHealth ? [tier.regionHealth(config, names, region)] : []));
}

/** The retention of the footprint's own logs: the first tier that decides it. */
export function footprintLogRetentionDays(config: Config): number | undefined {
  return tiers.map((tier) => tier.logRetentionDays?.(config)).find((days) => days !== undefined);
}
