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
 * The plans share one `terraform init` and run at most CONCURRENCY at a time; the day-2 parts run side by side, each
 * planning only the stacks its checks read.
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
import { elapsedSeconds, indent, run, type RunResult } from './lib/process';
import {
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
import { ProviderCache, terraformEnvironment } from './lib/terraform-env';

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
  readonly plan?: Json;
  /** The plan found no change and was not shown (`showOnlyChanges`). */
  readonly unchanged?: boolean;
}

class Planner {
  private count = 0;
  private schemas?: Promise<Record<string, { version?: number; block: SchemaBlock }>>;
  private readonly states = new Map<string, Promise<Json | string>>();
  private readonly providers: ProviderCache;
  /** At most CONCURRENCY plans at a time, whichever part asks for them. */
  private readonly slot = limiter(CONCURRENCY);

  constructor(private readonly workDir: string, private readonly env: NodeJS.ProcessEnv) {
    this.providers = new ProviderCache(workDir, env);
  }

  /**
   * `plan` of the offline form of `stack`, against `state` when given, then `show -json`. The providers are linked
   * from one shared `terraform init` (offlineStack drops the backend, and a stack has no modules). With
   * `showOnlyChanges`, a plan with no change (`-detailed-exitcode` 0) is not shown: `show -json` loads the provider's
   * schema again, a third of a plan's time, and a settled state needs only to know there is no change.
   */
  plan(label: string, stack: Json, state?: Json, showOnlyChanges = false): Promise<Planned> {
    return this.slot(() => this.planNow(label, stack, state, showOnlyChanges));
  }

  private async planNow(
    label: string,
    stack: Json,
    state: Json | undefined,
    showOnlyChanges: boolean,
  ): Promise<Planned> {
    const dir = path.join(
      this.workDir,
      `${String(++this.count).padStart(3, '0')}-${label.replace(/[^A-Za-z0-9-]+/g, '_')}`,
    );
    mkdirSync(dir, { recursive: true });
    const offline = offlineStack(stack);
    writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(offline, null, 1));
    if (state) writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
    const terraform = (...args: string[]) => run('terraform', [...args, '-no-color'], { cwd: dir, env: this.env });
    const init = await this.providers.install(offline, dir);
    if (init.code !== 0) return { result: init };
    const plan = await terraform(
      'plan',
      '-input=false',
      '-lock=false',
      ...(state ? ['-refresh=false'] : []),
      '-detailed-exitcode',
      '-out=plan.bin',
    );
    if (plan.code === 0 && showOnlyChanges)
      return { result: { ...plan, seconds: init.seconds + plan.seconds }, unchanged: true };
    // -detailed-exitcode: 0 no change, 2 changes, 1 an error.
    if (plan.code === 1) return { result: plan };
    const shown = await run('terraform', ['show', '-json', 'plan.bin'], { cwd: dir, env: this.env });
    if (shown.code !== 0) return { result: shown };
    if (this.schemas === undefined) {
      this.schemas = run('terraform', ['providers', 'schema', '-json'], { cwd: dir, env: this.env }).then((schema) => {
        if (schema.code !== 0) throw new Error(`terraform providers schema failed:\n${schema.output}`);
        return (JSON.parse(schema.output) as Json).provider_schemas['registry.terraform.io/hashicorp/aws']
          .resource_schemas;
      });
    }
    return {
      result: { ...plan, seconds: init.seconds + plan.seconds + shown.seconds },
      plan: JSON.parse(shown.output) as Json,
    };
  }

  /**
   * The state an apply of `stack` would leave: built from its plan, then re-planned against until the same config
   * plans no change (each pass settles the references to values the previous plan left unknown). A string says why not.
   */
  settledState(key: string, stack: Json): Promise<Json | string> {
    let state = this.states.get(key);
    if (!state) {
      state = this.settle(key, stack);
      this.states.set(key, state);
    }
    return state;
  }

  /** Plans of configs without a state, by settledState key: the first pass of settling, when it is asked for. */
  readonly firstPlans = new Map<string, Json>();

  private async settle(key: string, stack: Json): Promise<Json | string> {
    let state: Json | undefined;
    for (let pass = 0; pass <= MAX_SETTLE_PLANS; pass++) {
      const first = pass === 0 ? this.firstPlans.get(key) : undefined;
      const { result, plan, unchanged } = first
        ? { result: undefined, plan: first, unchanged: false }
        : await this.plan(`${key}-settle-${pass}`, stack, state, state !== undefined);
      if (state && unchanged) {
        console.log(`     state of ${key} settled: the unchanged config plans no change on pass ${pass}`);
        return state;
      }
      if (!plan) return `plan ${pass} of the unchanged config failed:\n${result!.output}`;
      const changed = plannedChanges(plan).filter((change) => change.action !== 'no-op');
      if (state && changed.length === 0) {
        console.log(`     state of ${key} settled: the unchanged config plans no change on pass ${pass}`);
        return state;
      }
      state = stateFromPlan(plan, offlineStack(stack), await this.schemas!, pass + 1);
    }
    return `the unchanged config still plans changes after ${MAX_SETTLE_PLANS} passes`;
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

/** The deployment a day-2 change starts from. */
interface Before {
  readonly key: string;
  readonly stacks: Map<string, Json>;
  /** The stacks the change is planned in (default: every stack whose configuration it changes). */
  readonly only?: (stack: string) => boolean;
  /** What AWS would hold that the plan cannot know, set on a copy of the settled state before the change is planned. */
  readonly asApplied?: (stack: string, state: Json) => Json;
}

/** Plans `after`'s stacks that differ from `before`'s against `before`'s settled states; the changes by stack. */
async function planDay2(
  planner: Planner,
  name: string,
  before: Before,
  after: Map<string, Json>,
): Promise<Map<string, PlannedChange[] | string>> {
  const differing = [...after].filter(
    ([stack, json]) =>
      before.stacks.has(stack) &&
      (before.only?.(stack) ?? true) &&
      configurationKey(json) !== configurationKey(before.stacks.get(stack)!) &&
      plannable(json),
  );
  const results = await mapConcurrent(
    differing,
    CONCURRENCY,
    async ([stack, json]): Promise<[string, PlannedChange[] | string]> => {
      const settled = await planner.settledState(`${before.key}-${stack}`, before.stacks.get(stack)!);
      if (typeof settled === 'string') return [stack, `no prior state for ${stack}: ${settled}`];
      const state = before.asApplied ? before.asApplied(stack, structuredClone(settled)) : settled;
      const { result, plan } = await planner.plan(`${name}-${stack}`, json, state);
      return [stack, plan ? plannedChanges(plan).filter((change) => change.action !== 'no-op') : result.output];
    },
  );
  return new Map(results);
}

let available: ReadonlySet<string> = new Set();
const plannable = (json: Json): boolean => unavailableProviders(json, available).length === 0;

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'real-plan-'));
  let keep = false;
  try {
    const terraformEnv = terraformEnvironment(workDir);
    available = terraformEnv.providers;
    const planner = new Planner(workDir, offlineAwsEnvironment(terraformEnv.env));
    console.log(`real-plan: hashicorp/aws from ${terraformEnv.mirror}, work dir ${workDir}`);

    const base = parseConfig(BASE, 'config/default.yaml, cache pinned');
    const synthStarted = process.hrtime.bigint();
    const baseStacks = synthStacks(base, path.join(workDir, 'synth-base'));
    console.log(`synthesized the default config with the cache pinned (${elapsedSeconds(synthStarted).toFixed(1)} s)`);

    // 1. Every stack kind plans with the real provider.
    const fresh = await mapConcurrent(runs('plans') ? [...baseStacks] : [], CONCURRENCY, async ([stack, json]) => {
      if (!plannable(json)) return { stack, skipped: unavailableProviders(json, available) };
      const { result, plan } = await planner.plan(`plan-${stack}`, json);
      // Settling a state for a day-2 plan starts from this plan rather than planning it again.
      if (plan) planner.firstPlans.set(`base-${stack}`, plan);
      return { stack, result, plan };
    });
    for (const entry of fresh) {
      if ('skipped' in entry) {
        console.log(
          `SKIPPED plan ${entry.stack}: provider ${entry.skipped!.join(
            ', ',
          )} not in the plugin mirror (README, Validating the cluster stacks)`,
        );
        continue;
      }
      const changes = entry.plan ? plannedChanges(entry.plan) : [];
      const creates = changes.filter((change) => change.action === 'create').length;
      check(
        entry.plan !== undefined && creates === changes.length,
        `plan ${entry.stack}: ${creates} to create (${entry.result!.seconds.toFixed(1)} s)`,
        entry.plan ? '' : entry.result!.output,
      );
    }

    const baseline = { key: 'base', stacks: baseStacks };
    const primary = base.primaryRegion;
    const target = base.secondaryRegions[0];

    // 2a. Primary flip: the real plan against the switchover diff.
    const flip = async (name: string, config: Config, before: Before): Promise<void> => {
      const after = synthStacks(
        switchedConfig(config, config.secondaryRegions[0]),
        path.join(workDir, `synth-${name}`),
      );
      const planned = await planDay2(planner, name, before, after);
      const expected = new Map(
        switchoverChanges(config, config.secondaryRegions[0]).map((change) => [change.stack, change]),
      );
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
    // The day-2 parts run side by side: each waits on few plans at a time (secret-rename on one stack), and the
    // planner keeps CONCURRENCY plans running across them; states they share are settled once.
    const day2: Array<Promise<void>> = [];
    if (runs('flip')) day2.push(flip(`flip-${primary}-to-${target}`, base, baseline));

    // 2b. rds-replicas flip: the promoted replica re-declares engine, db_name and username, which it inherited.
    if (runs('rds-flip'))
      day2.push(
        (async () => {
          const rds = parseConfig(RDS, 'config/default.yaml, rds-replicas');
          const rdsStacks = synthStacks(rds, path.join(workDir, 'synth-rds'));
          const writer: Json = rdsStacks.get(`region-${rds.primaryRegion}`)!.resource.aws_db_instance.database_instance;
          await flip(`rds-flip-${rds.primaryRegion}-to-${rds.secondaryRegions[0]}`, rds, {
            key: 'rds',
            stacks: rdsStacks,
            only: (stack) => stack.startsWith('region-'),
            // A read replica reports the engine, database name and master username it copied from its source
            // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html); its plan leaves them unknown.
            asApplied: (_stack, state) => {
              for (const resource of state.resources as Json[]) {
                const attributes = resource.instances[0].attributes;
                if (resource.type === 'aws_db_instance' && attributes.replicate_source_db)
                  Object.assign(attributes, {
                    engine: writer.engine,
                    db_name: writer.db_name,
                    username: writer.username,
                  });
              }
              return state;
            },
          });
        })(),
      );

    // 2c. A secret renamed: replaced, and refused under prevent_destroy.
    if (runs('secret-rename'))
      day2.push(
        (async () => {
          const renamedInput = (preventDestroy: boolean) =>
            inputWith((input) => {
              pinCache(input);
              input.protection = { preventDestroy };
              input.secrets!.items![RENAMED_SECRET].name = `${input.secrets!.items![RENAMED_SECRET].name}-renamed`;
            });
          // The secret lives in the global stack; under preventDestroy every stack's JSON changes, but only the
          // global stack's plan is read.
          const globalOnly: Before = { ...baseline, only: (stack) => stack === 'global' };
          const renamed = await planDay2(
            planner,
            'secret-rename',
            globalOnly,
            synthStacks(parseConfig(renamedInput(false), 'renamed'), path.join(workDir, 'synth-renamed')),
          );
          const globalChanges = renamed.get('global');
          const secretAddress = (stacks: Map<string, Json>) =>
            Object.keys(stacks.get('global')!.resource.aws_secretsmanager_secret)
              .filter((name) => name.includes(RENAMED_SECRET))
              .map((name) => `aws_secretsmanager_secret.${name}`);
          const [secret] = secretAddress(baseStacks);
          // The real provider replaces the secret (name forces it) and, with it, what names the secret by ARN or ID.
          const secretName = secret.split('.')[1];
          const expectedReplaced = [
            `replace ${secret} (forced by name)`,
            `replace aws_secretsmanager_secret_policy.${secretName}_policy (forced by secret_arn)`,
            `replace aws_secretsmanager_secret_version.${secretName}_version (forced by secret_id)`,
          ];
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
          const protectedRename = await planDay2(
            planner,
            'secret-rename-protected',
            globalOnly,
            synthStacks(
              parseConfig(renamedInput(true), 'renamed, protected'),
              path.join(workDir, 'synth-renamed-protected'),
            ),
          );
          const refusal = protectedRename.get('global');
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
        })(),
      );

    // 2d. A SecureString's description edited: updated in place with a new value_wo_version.
    if (runs('securestring'))
      day2.push(
        (async () => {
          const describedInput = inputWith((input) => {
            unprotected(input);
            pinCache(input);
            input.parameters!.items![EDITED_PARAMETER].description = 'Token signing outgoing webhooks (rotated yearly)';
          });
          const described = parseConfig(describedInput, 'description edited');
          const edited = await planDay2(
            planner,
            'securestring-description',
            baseline,
            synthStacks(described, path.join(workDir, 'synth-described')),
          );
          const parameterAddress = `aws_ssm_parameter.parameters_${parameterId(EDITED_PARAMETER)}`;
          const version = secureStringWriteVersion(described.parameters.items[EDITED_PARAMETER]);
          for (const region of base.allRegions) {
            const changes = edited.get(`region-${region}`);
            const update = Array.isArray(changes) && changes.length === 1 ? changes[0] : undefined;
            check(
              update?.address === parameterAddress &&
                update.action === 'update' &&
                update.before?.value_wo_version !== version &&
                update.after?.value_wo_version === version,
              `securestring-description region-${region}: ${parameterAddress} updated in place, value_wo_version ${String(
                update?.before?.value_wo_version,
              )} -> ${version}, nothing else changed`,
              typeof changes === 'string' ? changes : (changes ?? []).map(describe).join('\n') || 'no change planned',
            );
          }
        })(),
      );
    // Every part finishes (and keeps its checks) before a failure of one is rethrown.
    const failure = (await Promise.allSettled(day2)).find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    keep = checks.failed > 0;
    return checks.failed === 0 ? 0 : 1;
  } catch (error) {
    keep = true;
    console.error(error);
    checks = { passed: checks.passed, failed: checks.failed + 1 };
    return 1;
  } finally {
    console.log(`wall time ${elapsedSeconds(started).toFixed(1)} s${keep ? `; work dir kept: ${workDir}` : ''}`);
    console.log(summaryLine(checks.passed, checks.failed));
    if (!keep) rmSync(workDir, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
