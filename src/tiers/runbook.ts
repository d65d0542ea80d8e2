/**
 * What a tier contributes to the deployment runbook (the `runbook` hook of `src/tiers/tier.ts`): its recovery
 * objectives, and its step of a switchover or failover to a named region, with the checks around it.
 */

import { StackNames } from '../base/names';
import type { Commands } from './commands';

/** `planned`: every region up, no data loss wanted. `unplanned`: the primary region is down or impaired. */
export type Transition = 'planned' | 'unplanned';

/** The move a runbook describes: the primary role goes to `target`. */
export interface Move {
  readonly target: string;
  readonly transition: Transition;
}

/** A check: what to run and what to see. `command` absent: look (a console, a dashboard). */
export interface Check {
  readonly what: string;
  readonly command?: string;
  readonly expect: string;
}

/**
 * Where a step runs in a switchover: the system of record first, then data derived from it, the configuration that
 * points at both, the routing in front, and last the workloads that read them all.
 */
export const STEP_PHASES = ['system-of-record', 'derived-data', 'configuration', 'routing', 'workloads'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

export interface FailoverStep {
  readonly phase: StepPhase;
  readonly title: string;
  /** Why and what happens, in Markdown lines. */
  readonly text: readonly string[];
  readonly before: readonly Check[];
  /** Shell lines; empty when nothing is to be run for this tier. */
  readonly commands: readonly string[];
  readonly after: readonly Check[];
  /** Commands for a condition only the operator can judge (the call above failed; a value must change). */
  readonly fallback?: Fallback;
  /** What the tier needs once Terraform is back in line (after the config change and deploy). */
  readonly reconcile?: Reconcile;
}

export interface Fallback {
  /** `If the failover cannot complete while us-east-1 is down`. */
  readonly when: string;
  readonly text: readonly string[];
  readonly commands: readonly string[];
}

export interface Reconcile {
  readonly text: readonly string[];
  /** Regions whose stacks the commands deploy themselves: the deployment runbook leaves them out of its deploy. */
  readonly regions: readonly string[];
  /** Shell lines to run once the new primary's stack is deployed. */
  readonly commands: readonly string[];
  /** Unplanned only: shell lines for when the failed region is back. */
  readonly whenBack: readonly string[];
}

/** A tier's expected recovery point and time, with the AWS page the figures come from. */
export interface RecoveryObjective {
  readonly tier: string;
  readonly mechanism: string;
  readonly rpo: string;
  readonly rto: string;
  /** `<document title>, "<page title>", <URL>`. */
  readonly source: string;
}

export interface TierRunbook {
  readonly objectives: readonly RecoveryObjective[];
  readonly steps: readonly FailoverStep[];
  /** Stacks of the tier's own to deploy right after a region's stack when Terraform is brought back in line. */
  readonly regionStacks?: (region: string) => readonly string[];
}

/** One setting of a switchover's config change: its path in the file, its new value and why. */
export interface ConfigChange {
  readonly path: readonly string[];
  readonly value: string | readonly string[];
  readonly comment?: string;
}

/** The changes as YAML, grouped by section. */
function renderChanges(changes: readonly ConfigChange[]): string[] {
  const lines: string[] = [];
  let section: string | undefined;
  for (const change of changes) {
    const nested = change.path.length > 1;
    if (nested && change.path[0] !== section) lines.push(`${change.path[0]}:`);
    section = nested ? change.path[0] : undefined;
    const indent = nested ? '  ' : '';
    const key = change.path[change.path.length - 1];
    const comment = change.comment ? `   # ${change.comment}` : '';
    if (typeof change.value === 'string') {
      lines.push(`${indent}${key}: ${change.value}${comment}`);
    } else {
      lines.push(`${indent}${key}:${comment}`, ...change.value.map((item) => `${indent}  - ${item}`));
    }
  }
  return lines;
}

/** The config change as the runbooks show it: the file to edit and the YAML to set, plus what the operator must add. */
export function renderFlipConfig(
  edit: {
    readonly changes: readonly ConfigChange[];
    readonly kept: readonly ConfigChange[];
    readonly missing: readonly string[];
  },
  commands: Commands,
): string {
  const changes = [...edit.changes, ...edit.kept];
  return [
    `Change the config: in \`${commands.configFile}\`, set${
      changes.some((c) => c.path.length > 1) ? ' (the other settings of those sections unchanged)' : ''
    }:`,
    '',
    '```yaml',
    ...renderChanges(changes),
    '```',
    ...(edit.missing.length > 0 ? ['', ...edit.missing] : []),
  ].join('\n');
}

/**
 * After an unplanned failover away from `failed`: the global stack configures a provider in every region (the KMS
 * key's replicas live there), so it can be neither planned nor applied while `failed` is down, wherever its state is.
 */
export function globalStackWhileDown(config: { readonly globalRegion: string }, failed: string): string[] {
  const where =
    config.globalRegion === failed
      ? `Its state (and the primary of the multi-region KMS key) is in ${failed}, the failed region (\`globalRegion: ${config.globalRegion}\`)`
      : `Though its state is in ${config.globalRegion}, it configures a provider in every region (the key's replicas), ${failed} included`;
  return [
    `**Do not deploy \`${StackNames.global}\` now.** ${where}, so it can be neither planned nor applied until ${failed} returns.`,
    "The regional stacks of reachable regions read no other stack's state and deploy alone, as below. Deploy",
    `\`${StackNames.global}\` once ${failed} is back.`,
    '',
  ];
}
