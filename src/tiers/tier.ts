import type { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import type { z } from 'zod';
import type { BaseConfig, BaseParsed } from '../config/base';
import type { Names } from '../config/names';
import type { PolicyRule } from '../policy/rule';
import type { MultiRegionKey } from '../kms/multi-region-key';
import type { NetworkPlacement } from '../network/regional-network';
import type { Signal } from '../observability/signal';
import type { TopologyContribution } from '../operations/model';
import type { Move, TierRunbook } from '../operations/steps';

/** Config sections a tier owns, by top-level key. */
export type Sections = Record<string, z.ZodType>;
export type SectionsOutput<S extends Sections> = { readonly [K in keyof S]: z.output<S[K]> };

/** What a tier's hooks see of the config: the resolved base fields and the tier's own sections. */
export type TierConfig<S extends Sections> = BaseConfig & SectionsOutput<S>;

interface HookContext<S extends Sections> {
  /** The stack; a tier adds its constructs here, with ids that become Terraform addresses. */
  readonly scope: Construct;
  readonly config: TierConfig<S>;
  readonly names: Names;
  /** Every tier's signals, in every region (`Tier.signals`): what the observability tier alarms on and shows. */
  readonly signals: readonly Signal[];
}

/** The global stack: state and home provider in `globalRegion`, an aliased provider per region on request. */
export interface GlobalHookContext<S extends Sections> extends HookContext<S> {
  readonly provider: (region: string) => TerraformProvider;
  readonly key: MultiRegionKey;
}

/** One region's stack: its own provider only (the stack's default), nothing read from other regions. */
export interface RegionalHookContext<S extends Sections> extends HookContext<S> {
  readonly region: string;
  readonly isPrimary: boolean;
  readonly network: NetworkPlacement;
  /** This region's copy of the multi-region key. */
  readonly kmsKeyArn: string;
}

/** The edge stack, applied after every region: what joins regions once they exist. */
export interface EdgeHookContext<S extends Sections> extends HookContext<S> {
  readonly provider: (region: string) => TerraformProvider;
}

/** A generated document, written under the synthesized output (`runbooks/database.md`). */
export interface TierDocument {
  readonly path: string;
  readonly content: string;
}

/**
 * One capability of the footprint, plugged in by one line in `src/tiers/registry.ts`: its config sections
 * and their validation, what it adds to each kind of stack, its policy rules and its generated documents.
 */
export interface Tier<S extends Sections = Sections> {
  readonly name: string;
  readonly sections: S;
  /** Cross-field checks of the tier's sections, after each section parsed on its own. */
  readonly validate?: (config: BaseParsed & SectionsOutput<S>, ctx: z.RefinementCtx) => void;
  readonly global?: (context: GlobalHookContext<S>) => void;
  readonly regional?: (context: RegionalHookContext<S>) => void;
  readonly edge?: (context: EdgeHookContext<S>) => void;
  /** Baseline rules every stack is held to, the user's own constructs included. */
  readonly rules?: readonly PolicyRule[];
  readonly documents?: (config: TierConfig<S>) => readonly TierDocument[];
  /**
   * What the tier's alarms watch, in every region, as data: the tier's constructs create each alarm from its signal
   * (`metricAlarm`), and the observability tier builds each region's health alarm and the dashboard from the same list.
   */
  readonly signals?: (config: TierConfig<S>) => readonly Signal[];
  /** What the tier runs in each region and how the copies follow each other: the topology diagram and runbook read it. */
  readonly topology?: (config: TierConfig<S>) => TopologyContribution;
  /** The tier's recovery objectives and its step of a switchover or failover: the deployment runbook composes them. */
  readonly runbook?: (config: TierConfig<S>, move: Move) => TierRunbook;
}

export function defineTier<S extends Sections>(tier: Tier<S>): Tier<S> {
  return tier;
}
