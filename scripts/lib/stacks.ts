/**
 * The multi-stack runner behind `npm run validate`, `npm run plan` and `npm run bootstrap`: reads the synthesized
 * manifest, orders its stacks by their dependencies, runs Terraform in each stack's directory with a progress line
 * per stack, and ends with a summary table. Missing prerequisites end the run with one line saying what to do.
 */
import { configFileFromEnvironment } from '../../src/config/load';
import { describeProvenance, provenanceMismatch, readProvenance } from '../../src/config/provenance';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { elapsedSeconds, indent, run, type RunResult } from './process';
import { findPluginMirror, mirrorProviders } from './terraform-env';
import {
  SKIP_ALLOW_LIST,
  applyOrder,
  cliConfig,
  providerAddress,
  type ManifestStack,
  type SkipAllowance,
  type StackJson,
} from './terraform-harness';

export type Command = 'validate' | 'plan' | 'bootstrap';
export const COMMANDS: readonly Command[] = ['validate', 'plan', 'bootstrap'];

/** A missing prerequisite: reported as its message alone (no stack trace), exit code 2. */
export class PrerequisiteError extends Error {}

export interface Options {
  readonly command: Command;
  /** Stacks named on the command line; empty for every stack. */
  readonly stacks: readonly string[];
  /** Continue past a failed stack instead of stopping at the first. */
  readonly keepGoing: boolean;
  /** `terraform apply -auto-approve` for bootstrap. */
  readonly autoApprove: boolean;
  /** Plan without looking for AWS credentials first (an EC2 instance role, which no file or variable shows). */
  readonly skipCredentialsCheck: boolean;
  /** The synthesized output; default `cdktf.out` (or `CDKTF_OUTDIR`). */
  readonly outdir?: string;
}

export const USAGE =
  'usage: tsx scripts/stacks.ts validate|plan|bootstrap [--keep-going] [--out <dir>] [--auto-approve] [--skip-credentials-check] [<stack>...]';

export function parseArgs(argv: readonly string[]): Options {
  const [command, ...rest] = argv;
  if (!COMMANDS.includes(command as Command))
    throw new PrerequisiteError(`unknown command ${JSON.stringify(command ?? '')}; ${USAGE}`);
  const stacks: string[] = [];
  let keepGoing = false;
  let autoApprove = false;
  let skipCredentialsCheck = false;
  let outdir: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--keep-going') keepGoing = true;
    else if (arg === '--auto-approve') autoApprove = true;
    else if (arg === '--skip-credentials-check') skipCredentialsCheck = true;
    else if (arg === '--out' && rest[i + 1] !== undefined) outdir = rest[++i];
    else if (arg.startsWith('-')) throw new PrerequisiteError(`unknown option ${arg}; ${USAGE}`);
    else stacks.push(arg);
  }
  return { command: command as Command, stacks, keepGoing, autoApprove, skipCredentialsCheck, outdir };
}

/** The first executable `name` on `env.PATH`, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface Manifest {
  readonly outdir: string;
  readonly stacks: readonly ManifestStack[];
}

/** The stacks of the synthesized output, or a PrerequisiteError saying how to synthesize it. */
export function readManifest(outdir: string): Manifest {
  const file = path.join(outdir, 'manifest.json');
  if (!existsSync(file)) {
    throw new PrerequisiteError(
      `no synthesized output: ${file} does not exist; run \`npm run synth\` first (INFRA_CONFIG=<your config> npm run synth for your own config)`,
    );
  }
  const stacks = Object.values(
    (JSON.parse(readFileSync(file, 'utf8')) as { stacks: Record<string, ManifestStack> }).stacks,
  );
  return { outdir, stacks };
}

/** The stacks to run, in apply order: every stack, or the named ones (each must exist). */
export function selectStacks(manifest: Manifest, names: readonly string[]): ManifestStack[] {
  const ordered = applyOrder(manifest.stacks);
  const known = new Set(ordered.map((stack) => stack.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new PrerequisiteError(
      `no stack named ${unknown.join(', ')} in ${manifest.outdir}; synthesized: ${ordered
        .map((stack) => stack.name)
        .join(', ')}` + ' (synthesize again with the config that has it)',
    );
  }
  return names.length === 0 ? ordered : ordered.filter((stack) => names.includes(stack.name));
}

/**
 * What the runner reads of a synthesized stack: the JSON, or of HCL output (`synth:hcl`) its provider sources and
 * whether it has a `cloud` block.
 */
export function readStack(file: string): StackJson & { terraform?: { cloud?: unknown } } {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return JSON.parse(text) as StackJson;
  // cdktf's HCL indents required_providers unevenly: take every `<name> = { ... source = "..." }` up to the backend.
  const providers = /required_providers \{([\s\S]*?)\n\s*(backend|cloud|required_version)\b/.exec(text)?.[1] ?? '';
  const sources = [...providers.matchAll(/(\w+) = \{[^}]*?\bsource\s*= "([^"]+)"/g)];
  return {
    terraform: {
      required_providers: Object.fromEntries(sources.map((match) => [match[1], { source: match[2] }])),
      ...(/^\s*cloud \{/m.test(text) ? { cloud: {} } : {}),
    },
  };
}

/** Sections of an INI file (`[default]`, `[profile ci]` as `profile ci`), or none when it is missing. */
function iniSections(file: string): string[] {
  try {
    return [...readFileSync(file, 'utf8').matchAll(/^\s*\[([^\]]+)\]/gm)].map((match) => match[1].trim());
  } catch {
    return [];
  }
}

/**
 * Where the AWS provider would find credentials, as a short description, or undefined when it would find none.
 * Cheap: environment variables and the shared files only (an EC2 instance role is invisible here; see
 * `--skip-credentials-check`). Throws a PrerequisiteError for a named profile that neither file defines.
 */
export function awsCredentialSource(env: NodeJS.ProcessEnv, home = os.homedir()): string | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return 'AWS_ACCESS_KEY_ID';
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return 'AWS_WEB_IDENTITY_TOKEN_FILE';
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
    return 'container credentials';
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config');
  const profile = env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  const inCredentials = iniSections(credentialsFile);
  const inConfig = iniSections(configFile);
  if (profile) {
    if (
      inCredentials.includes(profile) ||
      inConfig.includes(`profile ${profile}`) ||
      (profile === 'default' && inConfig.includes('default'))
    ) {
      return `profile ${profile}`;
    }
    throw new PrerequisiteError(
      `AWS profile ${JSON.stringify(
        profile,
      )} (AWS_PROFILE) is defined in neither ${credentialsFile} nor ${configFile}; run \`aws configure --profile ${profile}\` or set AWS_PROFILE to a profile that exists`,
    );
  }
  if (inCredentials.includes('default') || inConfig.includes('default')) return 'default profile';
  return undefined;
}

const NO_CREDENTIALS =
  'no AWS credentials: plan and bootstrap call AWS, so export AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), ' +
  'or run `aws configure` / `aws sso login`; on an EC2 instance role, add --skip-credentials-check';

/** A one-line explanation of a provider credentials error in Terraform's output, or undefined. */
export function credentialsProblem(output: string): string | undefined {
  if (/No valid credential sources found|failed to refresh cached credentials|NoCredentialProviders/i.test(output)) {
    return 'the AWS provider found no usable credentials (expired SSO session or key?): run `aws sso login` or export valid credentials';
  }
  if (/ExpiredToken|InvalidClientTokenId|security token included in the request is (expired|invalid)/i.test(output)) {
    return 'AWS rejected the credentials (expired or invalid token): refresh them (`aws sso login`) and run again';
  }
  return undefined;
}

/** A one-line explanation of a backend error in `terraform init` output (state bucket not bootstrapped), or undefined. */
export function backendProblem(output: string): string | undefined {
  if (/NoSuchBucket|S3 bucket "?[^"\s]*"? does not exist/i.test(output)) {
    return 'the state bucket does not exist yet: run `npm run bootstrap` first (README "Bootstrapping state")';
  }
  return undefined;
}

/** The allow-list entries that explain an init failure, when every provider it could not install is on the list. */
export function allowedInstallFailure(
  json: StackJson,
  output: string,
  allowList: readonly SkipAllowance[] = SKIP_ALLOW_LIST,
): string | undefined {
  if (
    !/Failed to query available provider packages|Failed to install provider|could not connect to registry/i.test(
      output,
    )
  )
    return undefined;
  const required = json.terraform?.required_providers ?? {};
  const errors = output.slice(Math.max(0, output.indexOf('Error:')));
  const failing = Object.entries(required)
    .map(([name, entry]) =>
      providerAddress(typeof entry === 'object' && entry !== null && 'source' in entry ? String(entry.source) : name),
    )
    // Only the providers Terraform's errors name: its progress lines before them name every provider it installed.
    .filter((address) => errors.includes(address.split('/').slice(1).join('/')));
  const reasons = failing.map((address) => allowList.find((entry) => entry.provider === address));
  if (failing.length === 0 || reasons.some((entry) => entry === undefined)) return undefined;
  return `${failing.map((address) => address.split('/').slice(1).join('/')).join(', ')} not installable: ${[
    ...new Set(reasons.map((entry) => entry!.reason)),
  ].join('; ')}`;
}

export type Result = 'ok' | 'failed' | 'skipped' | 'not run';

export interface StackOutcome {
  readonly stack: string;
  readonly result: Result;
  readonly seconds: number;
  /** One line: a plan's change count, a validate's warnings, why a stack failed or was skipped. */
  readonly note: string;
  /** Warnings of `terraform validate`, for validate. */
  readonly warnings?: number;
}

/** The closing table: one row per stack (result, time, note) and the totals. */
export function summaryTable(outcomes: readonly StackOutcome[], seconds: number): string {
  const width = Math.max(5, ...outcomes.map((outcome) => outcome.stack.length));
  const rows = [
    `${'stack'.padEnd(width)}  ${'result'.padEnd(7)}  ${'time'.padStart(7)}  note`,
    ...outcomes.map((outcome) =>
      `${outcome.stack.padEnd(width)}  ${outcome.result.padEnd(7)}  ${`${outcome.seconds.toFixed(1)} s`.padStart(7)}  ${
        outcome.note
      }`.trimEnd(),
    ),
  ];
  const count = (result: Result): number => outcomes.filter((outcome) => outcome.result === result).length;
  const totals = `${outcomes.length} stacks: ${count('ok')} ok, ${count('failed')} failed, ${count(
    'skipped',
  )} skipped, ${count('not run')} not run (${seconds.toFixed(1)} s)`;
  return [...rows, totals].join('\n');
}

/** `Plan: 3 to add, 0 to change, 0 to destroy.` or `No changes.` from a plan's output. */
export function planSummary(output: string): string {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  return (
    /Plan: \d+ to add, \d+ to change, \d+ to destroy\./.exec(plain)?.[0] ??
    (/No changes\./.test(plain) ? 'No changes.' : '')
  );
}

/** The counts of `terraform validate -json`, with the first diagnostic's summary. */
export function validateSummary(output: string): { valid: boolean; warnings: number; note: string } | undefined {
  try {
    const report = JSON.parse(output.slice(output.indexOf('{'))) as {
      valid: boolean;
      warning_count: number;
      error_count: number;
      diagnostics: Array<{ severity: string; summary: string }>;
    };
    const first = report.diagnostics[0];
    const counted = (count: number, word: string): string =>
      count === 0 ? '' : `${count} ${word}${count === 1 ? '' : 's'}`;
    const counts = [counted(report.error_count, 'error'), counted(report.warning_count, 'warning')]
      .filter(Boolean)
      .join(', ');
    return { valid: report.valid, warnings: report.warning_count, note: first ? `${counts}: ${first.summary}` : '' };
  } catch {
    return undefined;
  }
}

export interface Io {
  readonly log: (line: string) => void;
}

interface Terraform {
  readonly env: NodeJS.ProcessEnv;
  readonly note: string;
  readonly cleanup: () => void;
}

/**
 * Terraform's environment: the user's CLI config when `TF_CLI_CONFIG_FILE` names one; otherwise the providers of a
 * filesystem mirror (as the Terraform tests find it) from the mirror and the rest from the registry. A plugin cache
 * under `.terraform/plugin-cache` (unless `TF_PLUGIN_CACHE_DIR` is set) links providers into each stack instead
 * of copying the ~700 MB aws provider into every one.
 */
function terraformEnv(env: NodeJS.ProcessEnv, root: string): Terraform {
  const base: NodeJS.ProcessEnv = { ...env, CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1', TF_IN_AUTOMATION: '1' };
  if (!base.TF_PLUGIN_CACHE_DIR) {
    base.TF_PLUGIN_CACHE_DIR = path.join(root, '.terraform', 'plugin-cache');
    mkdirSync(base.TF_PLUGIN_CACHE_DIR, { recursive: true });
  }
  // A TF_CLI_CONFIG_FILE naming no file is ignored, as Terraform itself ignores it.
  if (env.TF_CLI_CONFIG_FILE && existsSync(env.TF_CLI_CONFIG_FILE))
    return { env: base, note: `providers as ${env.TF_CLI_CONFIG_FILE} says`, cleanup: () => undefined };
  let mirror: string;
  try {
    mirror = findPluginMirror(env);
  } catch {
    return { env: base, note: 'providers from the registry', cleanup: () => undefined };
  }
  const providers = mirrorProviders(mirror);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-'));
  writeFileSync(path.join(dir, 'terraform.rc'), cliConfig(mirror, providers));
  return {
    env: { ...base, TF_CLI_CONFIG_FILE: path.join(dir, 'terraform.rc') },
    note: `providers ${providers.join(', ')} from the mirror ${mirror}, the rest from the registry`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs with the terminal attached (bootstrap's apply asks for confirmation); no output collected. */
function runAttached(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<RunResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: 'inherit' });
    child.on('error', (error) => resolve({ code: 127, output: error.message, seconds: elapsedSeconds(started) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output: '', seconds: elapsedSeconds(started) }));
  });
}

interface StepOutcome {
  readonly result: Result;
  readonly note: string;
  /** Terraform's output, shown under the progress line of a failed stack. */
  readonly output?: string;
  readonly warnings?: number;
}

/** What one command does in one stack directory. */
async function runStack(
  options: Options,
  root: string,
  dir: string,
  json: StackJson,
  env: NodeJS.ProcessEnv,
): Promise<StepOutcome> {
  const terraform = (...args: string[]): Promise<RunResult> =>
    run('terraform', [...args, '-no-color'], { cwd: dir, env });
  const initArgs =
    options.command === 'validate' ? ['init', '-backend=false', '-input=false'] : ['init', '-input=false'];
  const init = await terraform(...initArgs);
  if (init.code !== 0) {
    const allowed = allowedInstallFailure(json, init.output);
    if (allowed) return { result: 'skipped', note: allowed };
    return {
      result: 'failed',
      note: credentialsProblem(init.output) ?? backendProblem(init.output) ?? 'terraform init failed',
      output: init.output,
    };
  }
  if (options.command === 'validate') {
    const validate = await terraform('validate', '-json');
    const summary = validateSummary(validate.output);
    if (validate.code !== 0 || !summary?.valid)
      return { result: 'failed', note: summary?.note || 'terraform validate failed', output: validate.output };
    return { result: 'ok', note: summary.note, warnings: summary.warnings };
  }
  if (options.command === 'plan') {
    const plan = await terraform('plan', '-input=false', '-out=tfplan');
    writeFileSync(path.join(dir, 'plan.log'), plan.output);
    if (plan.code !== 0)
      return {
        result: 'failed',
        note: credentialsProblem(plan.output) ?? 'terraform plan failed',
        output: plan.output,
      };
    return {
      result: 'ok',
      note: `${planSummary(plan.output)} (saved: ${path.relative(
        root,
        path.join(dir, 'tfplan'),
      )}, output in plan.log beside it)`.trim(),
    };
  }
  const apply = await runAttached('terraform', ['apply', ...(options.autoApprove ? ['-auto-approve'] : [])], {
    cwd: dir,
    env,
  });
  return apply.code === 0
    ? { result: 'ok', note: 'applied' }
    : { result: 'failed', note: 'terraform apply failed (its output is above)' };
}

export interface Report {
  /** 0 when every stack passed (or was skipped for an allowed reason), 1 when one failed or was not run. */
  readonly code: number;
  readonly outcomes: readonly StackOutcome[];
}

/**
 * Runs `options.command` over the selected stacks in apply order. A missing prerequisite throws a
 * PrerequisiteError before any stack runs. `root` holds the default output directory and the plugin cache.
 */
export async function runStacks(options: Options, root: string, env: NodeJS.ProcessEnv, io: Io): Promise<Report> {
  const started = process.hrtime.bigint();
  if (!findOnPath('terraform', env)) {
    throw new PrerequisiteError(
      'terraform is not on PATH: install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) and run again',
    );
  }
  const outdir = path.resolve(root, options.outdir ?? env.CDKTF_OUTDIR ?? 'cdktf.out');
  const manifest = readManifest(outdir);
  if (env.INFRA_CONFIG) {
    const mismatch = provenanceMismatch(outdir, configFileFromEnvironment(env));
    if (mismatch) throw new PrerequisiteError(mismatch);
  }
  let stacks: ManifestStack[];
  if (options.command === 'bootstrap') {
    if (!manifest.stacks.some((stack) => stack.name === 'bootstrap')) {
      throw new PrerequisiteError(
        `no bootstrap stack in ${outdir}: with state.backend cloud, Terraform Cloud holds the state and there is nothing to bootstrap`,
      );
    }
    stacks = selectStacks(manifest, ['bootstrap']);
  } else {
    stacks = selectStacks(manifest, options.stacks);
  }
  const jsonOf = new Map(stacks.map((stack) => [stack.name, readStack(path.join(outdir, stack.synthesizedStackPath))]));
  if (options.command !== 'validate' && !options.skipCredentialsCheck) {
    // A stack whose state and runs live in Terraform Cloud uses the workspace's AWS credentials, not local ones.
    const local = stacks.filter((stack) => !jsonOf.get(stack.name)?.terraform?.cloud);
    if (local.length > 0 && !awsCredentialSource(env)) throw new PrerequisiteError(NO_CREDENTIALS);
  }
  const terraform = terraformEnv(env, root);
  try {
    io.log(
      `${options.command}: ${stacks.length} stacks from ${path.relative(root, outdir) || '.'} (${describeProvenance(
        readProvenance(outdir),
      )}) in dependency order; ${terraform.note}`,
    );
    const outcomes: StackOutcome[] = [];
    let stopped: string | undefined;
    for (const [index, stack] of stacks.entries()) {
      const label = `[${index + 1}/${stacks.length}] ${stack.name} ${options.command}`;
      if (stopped) {
        outcomes.push({
          stack: stack.name,
          result: 'not run',
          seconds: 0,
          note: `stopped after ${stopped} failed (--keep-going runs the rest)`,
        });
        continue;
      }
      io.log(`${label} ...`);
      const stackStarted = process.hrtime.bigint();
      const outcome = await runStack(
        options,
        root,
        path.join(outdir, stack.workingDirectory),
        jsonOf.get(stack.name)!,
        terraform.env,
      );
      const seconds = elapsedSeconds(stackStarted);
      io.log(`${label} ${outcome.result} (${seconds.toFixed(1)} s)${outcome.note ? `: ${outcome.note}` : ''}`);
      if (outcome.output) io.log(indent(outcome.output));
      outcomes.push({
        stack: stack.name,
        result: outcome.result,
        seconds,
        note: outcome.note,
        warnings: outcome.warnings,
      });
      if (outcome.result === 'failed' && !options.keepGoing) stopped = stack.name;
    }
    io.log('');
    io.log(summaryTable(outcomes, elapsedSeconds(started)));
    return {
      code: outcomes.some((outcome) => outcome.result === 'failed' || outcome.result === 'not run') ? 1 : 0,
      outcomes,
    };
  } finally {
    terraform.cleanup();
  }
}
