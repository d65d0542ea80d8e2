/**
 * `npm run test:real-plan`: plans with the real hashicorp/aws 5.100.0 provider from the plugin mirror, offline (fake
 * static credentials, every provider lookup skipped, data sources replaced by region-aware values: see
 * scripts/lib/real-plan.ts), which the mock providers of `test:terraform` cannot do (CustomizeDiff, defaults,
 * ConflictsWith, ForceNew are the provider's own).
 * - Every stack of the default config with the cache's Global Datastore pinned (so secondaries hold cache members):
 *   `terraform plan` must succeed. cluster-<region> stacks are skipped: the kubernetes provider is not in the mirror.
 * - Day-2 changes, each planned against a prior state: a state built from the unchanged config's own plan
 *   (`stateFromPlan`), re-planned until that config plans no change, then the edited config planned with
 *   `-refresh=false` and read back with `terraform show -json`:
 *   - a primary flip to the first secondary (the runbook's config changes, src/operations/switchover-diff.ts): no
 *     resource replaced, and exactly the creates and destroys switchoverChanges lists (with them, no stateful one);
 *   - the same for an rds-replicas deployment, whose promoted replica re-declares the engine, database name and
 *     username it inherited (the state holds them as RDS reports them);
 *   - a secret renamed: the provider replaces the secret (replace_paths `name`), and with protection.preventDestroy the
 *     plan fails on prevent_destroy;
 *   - a SecureString's description edited: an in-place update whose value_wo_version changes, so the value is sent.
 * Each `terraform plan` covers several stacks, each a module of one root (`combinedRoot`) that passes them shared
 * provider configurations: loading the provider's schema (for the plan and again for `show -json`) and starting a
 * provider process per configuration are paid once per step, not once per stack. Per
 * deployment (the default config; the rds-replicas one) the steps are: its stacks fresh, the settling passes of the
 * stacks a change alters, and every change at once (the protected rename, meant to fail, alone). The two deployments
 * run side by side, at most CONCURRENCY plans at a time; a change is planned only in the stacks its checks read.
 * Closing line: `N passed, N failed` over these checks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_PATH, parseConfig, type Config } from '../src/config/load';
import type { ConfigInput } from '../src/registry/schema';
import { switchedConfig, switchoverChanges } from '../src/operations/switchover-diff';
import { parameterId, secureStringWriteVersion } from '../src/parameters/config';
import { STATEFUL_RESOURCE_TYPES } from '../src/protection/prevent-destroy';
import { buildDeployment } from '../src/stacks/deployment';
import { elapsedSeconds, indent, plural, run, type RunResult } from './lib/process';
import {
  combinedRoot,
  combinedState,
  modulePlan,
  type Combined,
  offlineAwsEnvironment,
  offlineStack,
  plannedChanges,
  stateFromPlan,
  type PlannedChange,
  type SchemaBlock,
} from './lib/real-plan';
import {
  applyOrder,
  limiter,
  mapConcurrent,
  summaryLine,
  unavailableProviders,
  type ManifestStack,
} from './lib/terraform-harness';
import { SharedAwsProvider, terraformEnvironment } from './lib/terraform-env';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONCURRENCY = 2;
/** Re-plans of the unchanged config before its state must have settled. */
const MAX_SETTLE_PLANS = 4;

/** The default config input with `patch` applied. */
function inputWith(patch: (input: ConfigInput) => void): ConfigInput {
  const input = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as ConfigInput;
  patch(input);
  return input;
}

/** Protection off unless a scenario asks for it: a plan with a destroy then shows it instead of failing. */
const unprotected = (input: ConfigInput): void => {
  input.protection = { preventDestroy: false };
};
// As docs/cache.md has it after the first deploy: the datastore's ID pinned, so every region holds a member.
const pinCache = (input: ConfigInput): void => {
  input.cache = { mode: 'elasticache-global', engine: 'valkey', globalDatastoreId: 'ldgnf-shop-prod-cache' };
};
const BASE = inputWith((input) => {
  unprotected(input);
  pinCache(input);
});
const RDS = inputWith((input) => {
  unprotected(input);
  input.database = { mode: 'rds-replicas', engine: 'mysql' };
});
const RENAMED_SECRET = 'payments_api_key';
const EDITED_PARAMETER = '/shop/prod/integrations/webhook-token';

/** The parts to run: all, or those named on the command line. */
const PARTS = ['plans', 'flip', 'rds-flip', 'secret-rename', 'securestring'] as const;
const named = process.argv.slice(2);
const unknownPart = named.find((name) => !(PARTS as readonly string[]).includes(name));
if (unknownPart) throw new Error(`unknown part ${unknownPart}; parts: ${PARTS.join(', ')}`);
const runs = (part: (typeof PARTS)[number]): boolean => named.length === 0 || named.includes(part);

let checks = { passed: 0, failed: 0 };
function check(ok: boolean, what: string, detail = ''): void {
  if (ok) checks.passed++;
  else checks.failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `\n${indent(detail)}` : ''}`);
}

const isStateful = (type: string): boolean =>
  STATEFUL_RESOURCE_TYPES.has(type) || /^aws_(rds|elasticache|memorydb|kms)_/.test(type);

/** A config's stacks as synthesized JSON, by stack name (JSON output only; no runbooks or diagrams). */
function synthStacks(config: Config, outdir: string): Map<string, Json> {
  const app = new App({ outdir });
  buildDeployment(app, config);
  app.synth();
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, ManifestStack>;
  };
  return new Map(
    applyOrder(Object.values(manifest.stacks)).map((stack) => [
      stack.name,
      JSON.parse(readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8')) as Json,
    ]),
  );
}

interface Planned {
  readonly result: RunResult;
  /** The stack's part of the plan (`modulePlan`), as `terraform show -json` would print a plan of it alone. */
  readonly plan?: Json;
  /** The plan found no change and was not shown (`showOnlyChanges`). */
  readonly unchanged?: boolean;
}

/** A stack planned as a module of a combined plan, against its own state when given. */
interface PlannedModule {
  readonly module: string;
  readonly stack: Json;
  readonly state?: Json;
  /** The stack the state was built for, when the change alters it. */
  readonly prior?: Json;
}

class Planner {
  private count = 0;
  schemas?: Promise<Record<string, { version?: number; block: SchemaBlock }>>;
  /** At most CONCURRENCY plans at a time, whichever part asks for them. */
  private readonly slot = limiter(CONCURRENCY);

  /**
   * @param shownBy reads the saved plans (`show -json`, `providers schema -json`), which configure no provider, so
   * they attach to one running provider instead of each starting its own (a plan does configure one per region).
   */
  constructor(
    private readonly workDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly shownBy: SharedAwsProvider,
  ) {}

  /**
   * `modules` planned together by one `terraform plan` of a `combinedRoot` (against their states, `-refresh=false`,
   * when any has one), then `show -json` once; each module's outcome. With `showOnlyChanges`, a plan with no change
   * (`-detailed-exitcode` 0) is not shown: `show -json` loads the provider's schema again, and a settled state needs
   * only to know there is no change. A combined plan that fails is planned again stack by stack, so each error is
   * reported against the stack that has it and the others still plan.
   */
  async plan(label: string, modules: readonly PlannedModule[], showOnlyChanges = false): Promise<Map<string, Planned>> {
    const together = await this.slot(() => this.planNow(label, modules, showOnlyChanges));
    console.log(
      `     ${label}: ${plural(modules.length, 'stack')} in one plan, exit ${together.result.code}${
        together.unchanged ? ' (no change, not shown)' : ''
      } (${together.result.seconds.toFixed(1)} s)`,
    );
    if (together.result.code !== 1 || modules.length === 1)
      return new Map(
        modules.map(({ module }) => [
          module,
          {
            ...together,
            plan: together.plan ? modulePlan(together.plan, module, together.providers.get(module)!) : undefined,
          },
        ]),
      );
    console.log(`     ${label}: the plan of ${modules.length} stacks failed; planning each alone`);
    const alone = await mapConcurrent(modules, CONCURRENCY, (module) =>
      this.plan(`${label}-${module.module}`, [module], showOnlyChanges),
    );
    return new Map(alone.flatMap((planned) => [...planned]));
  }

  private async planNow(
    label: string,
    modules: readonly PlannedModule[],
    showOnlyChanges: boolean,
  ): Promise<{ result: RunResult; plan?: Json; unchanged?: boolean; providers: Combined['providers'] }> {
    const dir = path.join(
      this.workDir,
      `${String(++this.count).padStart(3, '0')}-${label.replace(/[^A-Za-z0-9-]+/g, '_')}`,
    );
    mkdirSync(dir, { recursive: true });
    const combined = combinedRoot(
      modules.map(({ module, stack, prior }) => ({
        module,
        stack: offlineStack(stack),
        prior: prior ? offlineStack(prior) : undefined,
      })),
    );
    const { providers } = combined;
    writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(combined.root, null, 1));
    for (const [module, configuration] of combined.modules) {
      mkdirSync(path.join(dir, module));
      writeFileSync(path.join(dir, module, 'main.tf.json'), JSON.stringify(configuration, null, 1));
    }
    const states = new Map(modules.flatMap(({ module, state }) => (state ? [[module, state] as const] : [])));
    if (states.size > 0)
      writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(combinedState(states, combined)));
    const terraform = (...args: string[]) => run('terraform', [...args, '-no-color'], { cwd: dir, env: this.env });
    // Installs the modules (local directories) and links the providers from the mirror.
    const init = await terraform('init', '-backend=false', '-input=false');
    if (init.code !== 0) return { result: { ...init, code: 1 }, providers };
    const plan = await terraform(
      'plan',
      '-input=false',
      '-lock=false',
      ...(states.size > 0 ? ['-refresh=false'] : []),
      '-detailed-exitcode',
      '-out=plan.bin',
    );
    const seconds = init.seconds + plan.seconds;
    if (plan.code === 0 && showOnlyChanges) return { result: { ...plan, seconds }, unchanged: true, providers };
    // -detailed-exitcode: 0 no change, 2 changes, 1 an error.
    if (plan.code === 1) return { result: { ...plan, seconds }, providers };
    const showEnv = await this.shownBy.envFor(
      this.env,
      modules.map(({ stack }) => stack),
    );
    const shown = await run('terraform', ['show', '-json', 'plan.bin'], { cwd: dir, env: showEnv });
    if (shown.code !== 0) return { result: { ...shown, code: 1 }, providers };
    this.schemas ??= run('terraform', ['providers', 'schema', '-json'], { cwd: dir, env: showEnv }).then((schema) => {
      if (schema.code !== 0) throw new Error(`terraform providers schema failed:\n${schema.output}`);
      return (JSON.parse(schema.output) as Json).provider_schemas['registry.terraform.io/hashicorp/aws']
        .resource_schemas;
    });
    return {
      result: { ...plan, seconds: seconds + shown.seconds },
      plan: JSON.parse(shown.output) as Json,
      providers,
    };
  }
}

const describe = (change: PlannedChange): string =>
  `${change.action} ${change.address}${change.replacedBy.length ? ` (forced by ${change.replacedBy.join(', ')})` : ''}`;

/** A stack's JSON with its provider blocks in alias order: their order follows the region order and means nothing to Terraform. */
function configurationKey(stack: Json): string {
  const aws = [...((stack.provider?.aws ?? []) as Json[])].sort((a, b) =>
    String(a.alias).localeCompare(String(b.alias)),
  );
  return JSON.stringify({ ...stack, provider: { ...stack.provider, aws } });
}

/** The deployment day-2 changes start from. */
interface Before {
  readonly key: string;
  readonly stacks: Map<string, Json>;
  /** The stacks its changes are planned in (default: every stack whose configuration a change alters). */
  readonly only?: (stack: string) => boolean;
  /** What AWS would hold that the plan cannot know, set on a copy of the settled state before a change is planned. */
  readonly asApplied?: (stack: string, state: Json) => Json;
}

/** A day-2 change: the config after it, and the checks on what the real provider plans for it. */
interface Day2 {
  /** A Terraform identifier: it prefixes the change's modules. */
  readonly name: string;
  readonly after: Map<string, Json>;
  /** The stacks it is planned in, beyond the before's `only`. */
  readonly only?: (stack: string) => boolean;
  /** Planned on its own: a plan meant to fail would otherwise fail the combined plan of the other changes. */
  readonly alone?: boolean;
  readonly check: (changes: Map<string, PlannedChange[] | string>) => void;
}

const changed = (plan: Json): PlannedChange[] => plannedChanges(plan).filter((change) => change.action !== 'no-op');

let available: ReadonlySet<string> = new Set();
const plannable = (json: Json): boolean => unavailableProviders(json, available).length === 0;

/** The stacks of `before` that `change` alters and can plan here. */
function differing(before: Before, change: Day2): string[] {
  return [...change.after]
    .filter(
      ([stack, json]) =>
        before.stacks.has(stack) &&
        (before.only?.(stack) ?? true) &&
        (change.only?.(stack) ?? true) &&
        configurationKey(json) !== configurationKey(before.stacks.get(stack)!) &&
        plannable(json),
    )
    .map(([stack]) => stack);
}

/**
 * One deployment's real plans, as few as possible, each of several stacks:
 * 1. `fresh`: the stacks planned without state (with `freshChecked`, each must plan only creates);
 * 2. the stacks a change alters get a state built from their last plan (`stateFromPlan`) and are planned again,
 *    unchanged, until they plan no change: that state is settled;
 * 3. every change is planned against those states. From the second settling pass on (the first, from a state built
 *    from a plan of creates alone, has always left changes) the changes ride in the same plan as the check that the
 *    state is settled, which saves a plan; a stack whose state turns out not settled is planned again in the next
 *    pass, changes included. An `alone` change, meant to fail, gets a plan of its own beside it.
 */
async function planDeployment(
  planner: Planner,
  before: Before,
  fresh: readonly string[],
  freshChecked: boolean,
  changes: Promise<Day2[]>,
): Promise<void> {
  const moduleOf = (stack: string) => `${before.key}__${stack}`;
  const first = await planner.plan(
    `${before.key}-fresh`,
    fresh.map((stack) => ({ module: moduleOf(stack), stack: before.stacks.get(stack)! })),
  );
  if (freshChecked)
    for (const stack of fresh) {
      const { result, plan } = first.get(moduleOf(stack))!;
      const planned = plan ? plannedChanges(plan) : [];
      const creates = planned.filter((change) => change.action === 'create').length;
      check(
        plan !== undefined && creates === planned.length,
        `plan ${stack}: ${creates} to create (one plan of ${fresh.length} stacks, ${result.seconds.toFixed(1)} s)`,
        plan ? '' : result.output,
      );
    }

  const day2 = await changes;
  const planned = new Map(day2.map((change) => [change, differing(before, change)]));
  const changeModules = (change: Day2, stack: string, state: Json): PlannedModule[] =>
    planned.get(change)!.includes(stack)
      ? [
          {
            module: `${change.name}__${stack}`,
            stack: change.after.get(stack)!,
            state: before.asApplied ? before.asApplied(stack, structuredClone(state)) : state,
            prior: before.stacks.get(stack),
          },
        ]
      : [];

  // Settled states, or why a stack has none; the changes' outcomes, kept from the pass that settled their stack.
  const settled = new Map<string, Json | string>();
  const changeOutcomes = new Map<string, Planned>();
  let pending = new Map<string, Json | undefined>(
    [...new Set([...planned.values()].flat())].map((s) => [s, undefined]),
  );
  let outcomes = first;
  let pendingChanges = new Map<string, Planned>();
  for (let pass = 0; pending.size > 0; pass++) {
    const next = new Map<string, Json>();
    for (const [stack, state] of pending) {
      const { result, plan, unchanged } = outcomes.get(moduleOf(stack)) ?? { result: undefined };
      if (state && (unchanged || (plan && changed(plan).length === 0))) {
        console.log(
          `     state of ${before.key}-${stack} settled: the unchanged config plans no change on pass ${pass}`,
        );
        settled.set(stack, state);
        for (const change of day2) {
          const module = `${change.name}__${stack}`;
          if (pendingChanges.has(module)) changeOutcomes.set(module, pendingChanges.get(module)!);
        }
      } else if (!plan) {
        settled.set(stack, `plan ${pass} of the unchanged config failed:\n${result?.output ?? 'not planned'}`);
      } else if (pass === MAX_SETTLE_PLANS) {
        settled.set(stack, `the unchanged config still plans changes after ${MAX_SETTLE_PLANS} passes`);
      } else {
        next.set(stack, stateFromPlan(plan, offlineStack(before.stacks.get(stack)!), await planner.schemas!, pass + 1));
      }
    }
    pending = next;
    if (next.size === 0) break;
    const settling = [...next].map(([stack, state]) => ({
      module: moduleOf(stack),
      stack: before.stacks.get(stack)!,
      state,
    }));
    const withChanges = pass >= 1;
    const riding = (group: Day2[]) =>
      withChanges
        ? group.flatMap((change) => [...next].flatMap(([stack, state]) => changeModules(change, stack, state)))
        : [];
    const alone = day2.filter((change) => change.alone).map((change) => riding([change]));
    const [together, ...apart] = await Promise.all([
      planner.plan(
        `${before.key}-settle-${pass + 1}`,
        [...settling, ...riding(day2.filter((change) => !change.alone))],
        !withChanges,
      ),
      ...alone
        .filter((modules) => modules.length > 0)
        .map((modules) => planner.plan(`${before.key}-${modules[0].module.split('__')[0]}`, modules)),
    ]);
    outcomes = together;
    pendingChanges = new Map([...together, ...apart.flatMap((outcome) => [...outcome])]);
  }

  for (const change of day2) {
    const byStack = new Map<string, PlannedChange[] | string>();
    for (const stack of planned.get(change)!) {
      const state = settled.get(stack);
      const outcome = changeOutcomes.get(`${change.name}__${stack}`);
      byStack.set(
        stack,
        typeof state === 'string'
          ? `no prior state for ${stack}: ${state}`
          : outcome?.plan
          ? changed(outcome.plan)
          : outcome?.result.output ?? 'not planned',
      );
    }
    change.check(byStack);
  }
}

/** Checks of a primary flip: the real plan against the switchover diff. */
function flipCheck(name: string, config: Config): (planned: Map<string, PlannedChange[] | string>) => void {
  const expected = new Map(
    switchoverChanges(config, config.secondaryRegions[0]).map((change) => [change.stack, change]),
  );
  return (planned) => {
    for (const [stack, changes] of planned) {
      if (typeof changes === 'string') {
        check(false, `${name} ${stack}: planned`, changes);
        continue;
      }
      // Replacements of any type fail, destroys of stateful types unless the switchover diff lists them.
      const documented = new Set(expected.get(stack)?.removed ?? []);
      const unexpected = changes.filter(
        (change) =>
          change.action === 'replace' ||
          (change.action === 'delete' && isStateful(change.type) && !documented.has(change.address)),
      );
      check(
        unexpected.length === 0,
        `${name} ${stack}: replaces nothing, destroys no stateful resource beyond the switchover diff (${changes.length} changes)`,
        unexpected.map(describe).join('\n'),
      );
      const addresses = (action: string) =>
        changes
          .filter((change) => change.action === action)
          .map((change) => change.address)
          .sort();
      const diff = { removed: addresses('delete'), added: addresses('create') };
      const wanted = {
        removed: [...(expected.get(stack)?.removed ?? [])],
        added: [...(expected.get(stack)?.added ?? [])],
      };
      check(
        JSON.stringify(diff) === JSON.stringify(wanted),
        `${name} ${stack}: destroys and creates what switchoverChanges lists (${diff.removed.length} destroyed, ${diff.added.length} created)`,
        JSON.stringify({ planned: diff, switchoverChanges: wanted }),
      );
    }
  };
}

/** Lets pending child-process events run between synchronous syntheses, so plans already asked for start. */
const yieldToPlans = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The day-2 changes of the default config (cache pinned), synthesized one at a time while its first plan runs. */
async function baseChanges(base: Config, baseStacks: Map<string, Json>, workDir: string): Promise<Day2[]> {
  const changes: Day2[] = [];
  if (runs('flip')) {
    await yieldToPlans();
    const name = `flip-${base.primaryRegion}-to-${base.secondaryRegions[0]}`;
    changes.push({
      name: 'flip',
      after: synthStacks(switchedConfig(base, base.secondaryRegions[0]), path.join(workDir, 'synth-flip')),
      check: flipCheck(name, base),
    });
  }

  // A secret renamed: replaced, and refused under prevent_destroy. The secret lives in the global stack; under
  // preventDestroy every stack's JSON changes, but only the global stack's plan is read.
  if (runs('secret-rename')) {
    const renamed = (preventDestroy: boolean) =>
      synthStacks(
        parseConfig(
          inputWith((input) => {
            pinCache(input);
            input.protection = { preventDestroy };
            input.secrets!.items![RENAMED_SECRET].name = `${input.secrets!.items![RENAMED_SECRET].name}-renamed`;
          }),
          preventDestroy ? 'renamed, protected' : 'renamed',
        ),
        path.join(workDir, preventDestroy ? 'synth-renamed-protected' : 'synth-renamed'),
      );
    const [secret] = Object.keys(baseStacks.get('global')!.resource.aws_secretsmanager_secret)
      .filter((name) => name.includes(RENAMED_SECRET))
      .map((name) => `aws_secretsmanager_secret.${name}`);
    // The real provider replaces the secret (name forces it) and, with it, what names the secret by ARN or ID.
    const secretName = secret.split('.')[1];
    const expectedReplaced = [
      `replace ${secret} (forced by name)`,
      `replace aws_secretsmanager_secret_policy.${secretName}_policy (forced by secret_arn)`,
      `replace aws_secretsmanager_secret_version.${secretName}_version (forced by secret_id)`,
    ];
    const globalOnly = (stack: string) => stack === 'global';
    await yieldToPlans();
    changes.push({
      name: 'secret-rename',
      after: renamed(false),
      only: globalOnly,
      check: (planned) => {
        const globalChanges = planned.get('global');
        const replaced = Array.isArray(globalChanges)
          ? globalChanges
              .filter((change) => change.action === 'replace' || change.action === 'delete')
              .map(describe)
              .sort()
          : [];
        check(
          JSON.stringify(replaced) === JSON.stringify(expectedReplaced),
          `secret-rename global: the provider replaces ${secret} (forced by name), its policy and its version, and nothing else`,
          typeof globalChanges === 'string' ? globalChanges : (globalChanges ?? []).map(describe).join('\n'),
        );
      },
    });
    await yieldToPlans();
    changes.push({
      name: 'secret-rename-protected',
      after: renamed(true),
      only: globalOnly,
      alone: true,
      check: (planned) => {
        const refusal = planned.get('global');
        check(
          typeof refusal === 'string' && refusal.includes('Instance cannot be destroyed') && refusal.includes(secret),
          `secret-rename global with protection.preventDestroy: the plan fails on prevent_destroy naming ${secret}`,
          typeof refusal === 'string'
            ? refusal
                .split('\n')
                .filter((line) => /Error|Resource/.test(line))
                .join('\n')
            : `planned: ${(refusal ?? []).map(describe).join(', ')}`,
        );
      },
    });
  }

  // A SecureString's description edited: updated in place with a new value_wo_version.
  if (runs('securestring')) {
    await yieldToPlans();
    const described = parseConfig(
      inputWith((input) => {
        unprotected(input);
        pinCache(input);
        input.parameters!.items![EDITED_PARAMETER].description = 'Token signing outgoing webhooks (rotated yearly)';
      }),
      'description edited',
    );
    const parameterAddress = `aws_ssm_parameter.parameters_${parameterId(EDITED_PARAMETER)}`;
    const version = secureStringWriteVersion(described.parameters.items[EDITED_PARAMETER]);
    changes.push({
      name: 'securestring',
      after: synthStacks(described, path.join(workDir, 'synth-described')),
      check: (planned) => {
        for (const region of base.allRegions) {
          const regional = planned.get(`region-${region}`);
          const update = Array.isArray(regional) && regional.length === 1 ? regional[0] : undefined;
          check(
            update?.address === parameterAddress &&
              update.action === 'update' &&
              update.before?.value_wo_version !== version &&
              update.after?.value_wo_version === version,
            `securestring-description region-${region}: ${parameterAddress} updated in place, value_wo_version ${String(
              update?.before?.value_wo_version,
            )} -> ${version}, nothing else changed`,
            typeof regional === 'string' ? regional : (regional ?? []).map(describe).join('\n') || 'no change planned',
          );
        }
      },
    });
  }
  return changes;
}

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'real-plan-'));
  let keep = false;
  let shownBy: SharedAwsProvider | undefined;
  try {
    const terraformEnv = terraformEnvironment(workDir);
    available = terraformEnv.providers;
    shownBy = new SharedAwsProvider(terraformEnv.mirror);
    const planner = new Planner(workDir, offlineAwsEnvironment(terraformEnv.env), shownBy);
    console.log(`real-plan: hashicorp/aws from ${terraformEnv.mirror}, work dir ${workDir}`);

    const deployments: Array<Promise<void>> = [];
    // The default config with the cache pinned: every stack kind, and the flip, rename and SecureString edit.
    if (runs('plans') || runs('flip') || runs('secret-rename') || runs('securestring')) {
      const base = parseConfig(BASE, 'config/default.yaml, cache pinned');
      const synthStarted = process.hrtime.bigint();
      const baseStacks = synthStacks(base, path.join(workDir, 'synth-base'));
      console.log(
        `synthesized the default config with the cache pinned (${elapsedSeconds(synthStarted).toFixed(1)} s)`,
      );
      const skipped = [...baseStacks].filter(([, json]) => !plannable(json));
      if (runs('plans'))
        for (const [stack, json] of skipped)
          console.log(
            `SKIPPED plan ${stack}: provider ${unavailableProviders(json, available).join(
              ', ',
            )} not in the plugin mirror (README, Validating the cluster stacks)`,
          );
      const fresh = [...baseStacks.keys()].filter((stack) => plannable(baseStacks.get(stack)!));
      const before: Before = { key: 'base', stacks: baseStacks };
      deployments.push(planDeployment(planner, before, fresh, runs('plans'), baseChanges(base, baseStacks, workDir)));
    }

    // An rds-replicas flip: the promoted replica re-declares engine, db_name and username, which it inherited.
    if (runs('rds-flip')) {
      await yieldToPlans();
      const rds = parseConfig(RDS, 'config/default.yaml, rds-replicas');
      const rdsStacks = synthStacks(rds, path.join(workDir, 'synth-rds'));
      const writer: Json = rdsStacks.get(`region-${rds.primaryRegion}`)!.resource.aws_db_instance.database_instance;
      const before: Before = {
        key: 'rds',
        stacks: rdsStacks,
        only: (stack) => stack.startsWith('region-'),
        // A read replica reports the engine, database name and master username it copied from its source
        // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html); its plan leaves them unknown.
        asApplied: (_stack, state) => {
          for (const resource of state.resources as Json[]) {
            const attributes = resource.instances[0].attributes;
            if (resource.type === 'aws_db_instance' && attributes.replicate_source_db)
              Object.assign(attributes, { engine: writer.engine, db_name: writer.db_name, username: writer.username });
          }
          return state;
        },
      };
      const flipped = synthStacks(switchedConfig(rds, rds.secondaryRegions[0]), path.join(workDir, 'synth-rds-flip'));
      const change: Day2 = {
        name: 'rds-flip',
        after: flipped,
        check: flipCheck(`rds-flip-${rds.primaryRegion}-to-${rds.secondaryRegions[0]}`, rds),
      };
      deployments.push(planDeployment(planner, before, differing(before, change), false, Promise.resolve([change])));
    }
    // Every deployment finishes (and keeps its checks) before a failure of one is rethrown.
    const failure = (await Promise.allSettled(deployments)).find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    keep = checks.failed > 0;
    return checks.failed === 0 ? 0 : 1;
  } catch (error) {
    keep = true;
    console.error(error);
    checks = { passed: checks.passed, failed: checks.failed + 1 };
    return 1;
  } finally {
    await shownBy?.stop();
    console.log(`wall time ${elapsedSeconds(started).toFixed(1)} s${keep ? `; work dir kept: ${workDir}` : ''}`);
    console.log(summaryLine(checks.passed, checks.failed));
    if (!keep) rmSync(workDir, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
