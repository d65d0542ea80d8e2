import type { Construct } from 'constructs';
import type { TerraformProvider, TerraformStack } from 'cdktf';
import type { z } from 'zod';
import type { BaseConfig, BaseParsed } from '../base/config';
import type { Names } from '../base/names';
import type { PolicyStatement } from '../iam/policy';
import type { PolicyRule } from '../policy/rule';
import type { MultiRegionKey } from '../kms/multi-region-key';
import type { NetworkPlacement } from '../network/regional-network';
import type { Signal } from './signal';
import type { TopologyContribution } from './topology';
import type { ConfigChange, Move, TierRunbook } from './runbook';

/** Config sections a tier owns, by top-level key. */
export type Sections = Record<string, z.ZodType>;
export type SectionsOutput<S> = { readonly [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a tier of any sections, dependencies and published API
export type AnyTier = Tier<any, any, any>;
type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void
  ? I
  : never;
/** The sections of the tiers in `R`, merged: what a tier may read of the tiers it requires. */
type RequiredSections<R extends readonly AnyTier[]> = [R[number]] extends [never]
  ? Record<never, never>
  : UnionToIntersection<R[number]['sections']>;

/** What a tier's hooks see of the config: the resolved base fields, the tier's own sections and its required tiers'. */
export type TierConfig<S extends Sections, R extends readonly AnyTier[] = []> =
  // `AnyTier` (sections `any`) takes any config, so that every tier is one.
  0 extends 1 & S ? any : BaseConfig & SectionsOutput<S> & SectionsOutput<RequiredSections<R>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A tier's request that another tier admit a principal to one of its resources (the clusters tier's workload roles to
 * the secrets they read). The owning tier reads the requests addressed to it from its hook context.
 */
export interface AccessGrant {
  /** The owning tier's `name`. */
  readonly tier: string;
  /** The resource, as the owning tier keys it (a secret's id). */
  readonly resource: string;
  readonly principalArn: string;
}

interface HookContext<S extends Sections, R extends readonly AnyTier[]> {
  /** The stack; a tier adds its constructs here, with ids that become Terraform addresses. */
  readonly scope: Construct;
  readonly config: TierConfig<S, R>;
  readonly names: Names;
  /** Every tier's signals, in every region (`Tier.signals`): what the observability tier alarms on and shows. */
  readonly signals: readonly Signal[];
}

/** The global stack: state and home provider in `globalRegion`, an aliased provider per region on request. */
export interface GlobalHookContext<S extends Sections, R extends readonly AnyTier[] = []> extends HookContext<S, R> {
  readonly provider: (region: string) => TerraformProvider;
  readonly key: MultiRegionKey;
  /** Every tier's access grants (`Tier.grants`); a tier applies those addressed to it. */
  readonly grants: readonly AccessGrant[];
}

/** One region's stack: its own provider only (the stack's default), nothing read from other regions. */
export interface RegionalHookContext<S extends Sections, R extends readonly AnyTier[] = []> extends HookContext<S, R> {
  readonly region: string;
  readonly isPrimary: boolean;
  readonly network: NetworkPlacement;
  /** This region's copy of the multi-region key. */
  readonly kmsKeyArn: string;
}

/** The edge stack, applied after every region: what joins regions once they exist. */
export interface EdgeHookContext<S extends Sections, R extends readonly AnyTier[] = []> extends HookContext<S, R> {
  readonly provider: (region: string) => TerraformProvider;
}

/** A stack of the tier's own in one region (the clusters tier's `cluster-<region>`), applied after that region's stack. */
export interface TierStack<S extends Sections, R extends readonly AnyTier[] = []> {
  /** The stack's name: its directory under the output and its name for `cdktf deploy`. */
  readonly name: string;
  /** Where its state lives and the only region its AWS provider configures. */
  readonly region: string;
  /** Fills the stack (shared code created it with its backend and its region's default AWS provider). */
  readonly build: (context: {
    readonly stack: TerraformStack;
    readonly config: TierConfig<S, R>;
    readonly names: Names;
    readonly region: string;
  }) => void;
}

/** A generated document, written under the synthesized output (`runbooks/database.md`). */
export interface TierDocument {
  readonly path: string;
  readonly content: string;
}

/** What generated documents may show of the whole deployment, computed by shared code from every tier. */
export interface DocumentContext {
  /** The config edit that makes `target` the primary, as the runbooks show it (YAML plus what the operator must add). */
  readonly flipConfig: (target: string) => string;
}

/** A tier's part of the config edit that makes `target` the primary. */
export interface SwitchoverEdit {
  /** Settings that must change (a setting that named `target` now names the old primary). */
  readonly changes?: readonly ConfigChange[];
  /** Settings that keep their value, shown so that nobody changes them. */
  readonly kept?: readonly ConfigChange[];
  /** What only the operator knows and the changed config needs, in Markdown lines. */
  readonly missing?: readonly string[];
}

/**
 * One capability of the footprint, plugged in by one line in `src/registry/tiers.ts`: its config sections and their
 * validation, what it adds to each kind of stack, its policy rules, its operations (runbook, topology, identifiers)
 * and its generated documents. `requires` lists the tiers whose sections it reads; `published` is what it offers
 * them (names, ARNs), so that no tier imports another's internals.
 */
export interface Tier<S extends Sections = Sections, R extends readonly AnyTier[] = [], P = unknown> {
  readonly name: string;
  readonly sections: S;
  readonly requires?: R;
  readonly published?: P;
  /** Cross-field checks of the tier's sections, after each section parsed on its own. */
  readonly validate?: (
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    config: 0 extends 1 & S ? any : BaseParsed & SectionsOutput<S> & SectionsOutput<RequiredSections<NoInfer<R>>>,
    ctx: z.RefinementCtx,
  ) => void;
  readonly global?: (context: GlobalHookContext<S, NoInfer<R>>) => void;
  readonly regional?: (context: RegionalHookContext<S, NoInfer<R>>) => void;
  readonly edge?: (context: EdgeHookContext<S, NoInfer<R>>) => void;
  /** Stacks of the tier's own, per region. */
  readonly stacks?: (config: TierConfig<S, NoInfer<R>>, names: Names) => readonly TierStack<S, NoInfer<R>>[];
  /** Statements the tier needs in the multi-region key's policy, in `region`'s copy. */
  readonly keyStatements?: (
    config: TierConfig<S, NoInfer<R>>,
    names: Names,
    region: string,
    account: string,
  ) => readonly PolicyStatement[];
  /** Principals the tier's resources need admitted to another tier's (see `AccessGrant`). */
  readonly grants?: (config: TierConfig<S, NoInfer<R>>, names: Names, account: string) => readonly AccessGrant[];
  /** Baseline rules every stack is held to, the user's own constructs included. */
  readonly rules?: readonly PolicyRule[];
  readonly documents?: (config: TierConfig<S, NoInfer<R>>, context: DocumentContext) => readonly TierDocument[];
  /**
   * What the tier's alarms watch, in every region, as data: the tier's constructs create each alarm from its signal
   * (`metricAlarm`), and the observability tier builds each region's health alarm and the dashboard from the same list.
   */
  readonly signals?: (config: TierConfig<S, NoInfer<R>>) => readonly Signal[];
  /** How to ask whether a region is healthy (the observability tier's composite alarm): the runbook checks it first. */
  readonly regionHealth?: (
    config: TierConfig<S, NoInfer<R>>,
    names: Names,
    region: string,
  ) => { readonly what: string; readonly command: string };
  /** How long the footprint's own logs (VPC flow logs) are kept, when the tier decides it. */
  readonly logRetentionDays?: (config: TierConfig<S, NoInfer<R>>) => number;
  /** What the tier runs in each region and how the copies follow each other: the topology diagram and runbook read it. */
  readonly topology?: (config: TierConfig<S, NoInfer<R>>) => TopologyContribution;
  /** The tier's recovery objectives and its step of a switchover or failover: the deployment runbook composes them. */
  readonly runbook?: (config: TierConfig<S, NoInfer<R>>, move: Move) => TierRunbook;
  /** The tier's part of the config edit of a switchover (`primaryRegion` to `target`). */
  readonly switchover?: (config: TierConfig<S, NoInfer<R>>, target: string) => SwitchoverEdit;
  /** The runbook's row of this deployment's identifiers (Markdown), or nothing when the tier runs nothing. */
  readonly identifiers?: (config: TierConfig<S, NoInfer<R>>, names: Names) => string | undefined;
}

export function defineTier<S extends Sections, R extends readonly AnyTier[] = [], P = unknown>(
  tier: Tier<S, R, P>,
): Tier<S, R, P> & { readonly published: P } {
  return tier as Tier<S, R, P> & { readonly published: P };
}
