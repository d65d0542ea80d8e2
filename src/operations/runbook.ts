import type { Config } from '../config/load';
import { Names, StackNames } from '../base/names';
import { REGISTERED } from '../registry/tiers';
import { regionHealth, switchoverEdit, tierDocuments } from '../registry/footprint';
import type { TierDocument } from '../tiers/tier';
import { Commands } from '../tiers/commands';
import {
  STEP_PHASES,
  globalStackWhileDown,
  renderFlipConfig,
  type Check,
  type FailoverStep,
  type Move,
  type Transition,
} from '../tiers/runbook';
import { switchoverChangeLines, switchoverChanges, type StackChange } from './switchover-diff';

/** Raised for a target region the runbook cannot move the primary to; the message names the allowed ones. */
export class RunbookTargetError extends Error {}

/** The region a runbook moves the primary to: `requested` if it is a secondary, else the first secondary. */
export function runbookTarget(config: Config, requested?: string): string | undefined {
  if (requested === undefined) return config.secondaryRegions[0];
  if (!config.secondaryRegions.includes(requested as never)) {
    throw new RunbookTargetError(
      `${JSON.stringify(requested)} is not a secondary region of ${new Names(config).prefix}; allowed: ${
        config.secondaryRegions.join(', ') || 'none (no secondary regions)'
      }`,
    );
  }
  return requested;
}

/** Where synth and `npm run runbook` write a deployment's runbook, under the output directory. */
export function runbookPath(config: Config): string {
  return `runbooks/${new Names(config).prefix}.md`;
}

/** The deployment runbook as a generated document (synth writes it for the default target, the first secondary). */
export function runbookDocument(config: Config): TierDocument {
  return { path: runbookPath(config), content: deploymentRunbook(config) };
}

/** This deployment's identifiers, by tier (`Tier.identifiers`), as the runbook's commands name them. */
function identifiers(config: Config): string[] {
  const names = new Names(config);
  const rows = REGISTERED.flatMap((tier) => {
    const value = tier.identifiers?.(config, names);
    return value === undefined ? [] : [`| ${tier.name} | ${value} |`];
  });
  return ['| tier | identifiers |', '| --- | --- |', ...rows];
}

function checks(title: string, list: readonly Check[]): string[] {
  if (list.length === 0) return [];
  const looked = list
    .filter((check) => check.command === undefined)
    .map((check) => `- ${check.what}: expect ${check.expect}`);
  const run = list
    .filter((check) => check.command !== undefined)
    .flatMap((check) => [`# ${check.what}: expect ${check.expect.replace(/`/g, '')}`, check.command!]);
  return [
    `**${title}**`,
    '',
    ...(run.length > 0 ? ['```sh', ...run, '```', ''] : []),
    ...(looked.length > 0 ? [...looked, ''] : []),
  ];
}

function stepSection(index: number, step: FailoverStep): string[] {
  return [
    `### ${index}. ${step.title}`,
    '',
    ...step.text,
    '',
    ...checks('Before', step.before),
    ...(step.commands.length > 0 ? ['**Run**', '', '```sh', ...step.commands, '```', ''] : []),
    ...checks('After', step.after),
    ...(step.fallback
      ? [`**${step.fallback.when}**`, '', ...step.fallback.text, '', '```sh', ...step.fallback.commands, '```', '']
      : []),
  ];
}

/** Every tier's steps for `move`, in the order of their phases (`STEP_PHASES`), registry order within a phase. */
function stepsFor(config: Config, move: Move): FailoverStep[] {
  return REGISTERED.flatMap((tier) => tier.runbook?.(config, move).steps ?? []).sort(
    (a, b) => STEP_PHASES.indexOf(a.phase) - STEP_PHASES.indexOf(b.phase),
  );
}

/** A region's health checks (`Tier.regionHealth`), expecting `expect`. */
function healthChecks(config: Config, region: string, expect: string): Check[] {
  return regionHealth(config, new Names(config), region).map((health) => ({ ...health, expect }));
}

function transitionSection(
  config: Config,
  target: string,
  transition: Transition,
  changes: readonly StackChange[],
): string[] {
  const commands = new Commands(config);
  const primary = config.primaryRegion;
  const planned = transition === 'planned';
  const move: Move = { target, transition };
  const steps = stepsFor(config, move);
  const regionChecks: Check[] = [
    ...healthChecks(config, primary, planned ? 'OK' : 'ALARM, or no answer: the region is down'),
    ...healthChecks(config, target, 'OK: do not move the primary to an unhealthy region'),
  ];
  // The global and edge stacks configure a provider in every region, the failed one included: while it is down,
  // neither can be planned, wherever its state is. They wait for it, with the failed region's own stack.
  const spanning = planned;
  const others = config.allRegions.filter((region) => region !== target);
  const reachable = planned ? others : config.secondaryRegions.filter((region) => region !== target);
  const reconcile = steps.flatMap((step) => (step.reconcile ? [step.reconcile] : []));
  // Regions a tier rebuilds (RDS replicas) are deployed by its own commands, after the new primary.
  const rebuilt = new Set(reconcile.flatMap((r) => r.regions));
  const deployed = reachable.filter((region) => !rebuilt.has(region));
  const regionStacks = (region: string) => [
    StackNames.region(region),
    ...REGISTERED.flatMap((tier) => tier.runbook?.(config, move).regionStacks?.(region) ?? []),
  ];
  const deploy = [
    ...(spanning ? [StackNames.global] : []),
    ...[target, ...deployed].flatMap(regionStacks),
    ...(spanning ? [StackNames.edge] : []),
  ];
  // When the failed region is back: what needed it, except a region a tier rebuilds itself then (an RDS replica).
  const back = [
    StackNames.global,
    ...(reconcile.some((r) => r.whenBack.length > 0) ? [] : regionStacks(primary)),
    StackNames.edge,
  ];
  return [
    planned ? `## Planned switchover to ${target}` : `## Unplanned failover to ${target}`,
    '',
    planned
      ? `Every region up; ${primary} hands the primary role to ${target} without data loss where the tier allows it. Run the steps in order.`
      : `${primary} is down or impaired. Run the steps in order from a machine that does not depend on ${primary}; each command goes to a region that is up.`,
    '',
    '### 0. Check the regions',
    '',
    ...checks('Before', regionChecks),
    ...steps.flatMap((step, index) => stepSection(index + 1, step)),
    `### ${steps.length + 1}. Bring Terraform back in line`,
    '',
    renderFlipConfig(switchoverEdit(config, target), commands),
    '',
    ...(planned ? [] : globalStackWhileDown(config, primary)),
    ...(planned
      ? []
      : [`Nor \`${StackNames.edge}\`: it too configures a provider in every region, ${primary} included.`, '']),
    ...switchoverChangeLines(changes),
    `Then synthesize and deploy, in this order (${
      planned
        ? 'the global stack, the new primary, the other regions, the edge'
        : "only the reachable regions' own stacks"
    }):`,
    '',
    '```sh',
    commands.synth(),
    `${commands.diff(
      StackNames.region(target),
    )}   # expect the resources listed above destroyed and created, nothing else replaced`,
    commands.deploy(deploy),
    '```',
    '',
    ...reconcile.flatMap((r) => (r.commands.length > 0 ? [...r.text, '', '```sh', ...r.commands, '```', ''] : [])),
    ...(planned
      ? []
      : [
          `When ${primary} is back, deploy what could not be deployed while it was down:`,
          '',
          '```sh',
          ...(back.length > 0 ? [commands.deploy(back)] : []),
          ...reconcile.flatMap((r) => r.whenBack),
          '```',
          '',
        ]),
    ...checks('After', healthChecks(config, target, 'OK')),
  ];
}

/**
 * The runbook of one deployment: a planned switchover and an unplanned failover of the primary role to `target`
 * (default: the first secondary), across every tier in order, with this deployment's identifiers, each tier's
 * expected RPO and RTO, the checks before and after each step, and the config change and deploys that bring
 * Terraform back in line. Each tier writes its own part (the `runbook` hook); this composes them.
 */
export function deploymentRunbook(config: Config, requested?: string): string {
  const target = runbookTarget(config, requested);
  const commands = new Commands(config);
  const prefix = new Names(config).prefix;
  const objectives = REGISTERED.flatMap(
    (tier) =>
      tier.runbook?.(config, { target: target ?? config.primaryRegion, transition: 'planned' }).objectives ?? [],
  );
  const header = [
    `# Runbook: ${prefix}`,
    '',
    `Generated from \`${commands.configFile}\`; do not edit. Primary ${config.primaryRegion}; secondaries ${
      config.secondaryRegions.join(', ') || 'none'
    };`,
    `globalRegion ${config.globalRegion} (the global and edge stacks' state). ${
      target === undefined ? '' : `Target: ${target}. For another secondary: \`npm run runbook -- <region>\`.`
    }`,
    '',
    `Every \`cdktf\` command names the config (\`INFRA_CONFIG\`); run them from the project root. Tier details:`,
    `${tierDocuments(config, commands)
      .filter((document) => document.path.startsWith('runbooks/'))
      .map((document) => `\`${document.path}\``)
      .join(', ')}.`,
    '',
    '## This deployment',
    '',
    ...identifiers(config),
    '',
    '## Expected RPO and RTO',
    '',
    '| tier | mechanism | RPO | RTO | source |',
    '| --- | --- | --- | --- | --- |',
    ...objectives.map((o) => `| ${o.tier} | ${o.mechanism} | ${o.rpo} | ${o.rto} | ${o.source} |`),
    '',
  ];
  if (target === undefined)
    return [...header, 'No secondary region: nothing to switch over or fail over to.', ''].join('\n');
  // Both transitions end in the same config change, so they add and remove the same resources.
  const changes = switchoverChanges(config, target);
  return [
    ...header,
    ...transitionSection(config, target, 'planned', changes),
    ...transitionSection(config, target, 'unplanned', changes),
  ].join('\n');
}
