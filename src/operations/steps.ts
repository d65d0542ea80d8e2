/**
 * What a tier contributes to the deployment runbook (the `runbook` hook of `src/tiers/tier.ts`): its recovery
 * objectives, and its step of a switchover or failover to a named region, with the checks around it.
 */

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

/** Where a step runs among the tiers: data first, then what reads it, then what routes to it. */
export const STEP_ORDER = ['database', 'cache', 'secrets', 'cdn', 'clusters'] as const;
export type StepPhase = (typeof STEP_ORDER)[number];

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
