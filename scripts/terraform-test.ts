/**
 * `npm run test:terraform`: synthesizes the default config and every `examples/*.yaml` (or the configs named on
 * the command line), then, offline from the plugin mirror:
 * - per distinct stack shape (JSON equal apart from region names and CIDRs, same test files), `terraform init` and
 *   `terraform test` with one test file assembled from every applicable `terraform-tests/<kind>/*.tftest.hcl`
 *   (one plan run and one mocked apply carrying all their assertions; see scripts/lib/tftest-merge.ts);
 * - every other stack (same shape as a tested one, no test files, the HCL synth of the default config):
 *   `terraform validate`, all of them in one run as child modules of a generated root module (each stack on its
 *   own when that fails, to name the broken ones).
 * Providers are installed once per distinct `required_providers` and linked into each stack; every `terraform test`
 * and `validate` talks to one running aws provider (SharedAwsProvider) instead of starting one per provider
 * configuration in every graph walk. A config's stacks are tested while the next config is synthesized (synthesis
 * takes seconds per config, all before any test otherwise).
 * The closing line counts the per-topic run blocks that ran (each passes when all its assertions hold) plus the
 * validates; failures also count synth errors, init errors, test files selected nowhere and skipped stacks that
 * are not on the skip allow-list under CI.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../src/config/load';
import { synthesize } from '../src/synth';
import { elapsedSeconds, indent, plural, run, type RunResult } from './lib/process';
import { ProviderCache, SharedAwsProvider, terraformEnvironment } from './lib/terraform-env';
import {
  applyOrder,
  awsProviders,
  ephemeralVariableDefaults,
  isCi,
  mapConcurrent,
  mockDirectory,
  mockProviderBlocks,
  parseRequires,
  regionEntries,
  regionalMock,
  resourceAddresses,
  selectTests,
  shapeKey,
  skipCause,
  skipReport,
  stackKind,
  summaryLine,
  testCost,
  type ManifestStack,
  type SkippedStack,
  type StackJson,
  type StackKind,
} from './lib/terraform-harness';
import {
  MERGED_RUN,
  assembleTestFile,
  fileSegments,
  guardedOutcomes,
  runOutcomes,
  unblamedFailure,
  type AssembledTestFile,
  type RunOutcome,
} from './lib/tftest-merge';

const ROOT = path.resolve(__dirname, '..');
const TESTS_DIR = path.join(ROOT, 'terraform-tests');
const CONCURRENCY = 2;
const KINDS: StackKind[] = ['bootstrap', 'global', 'edge', 'regional'];

interface TestFile {
  readonly name: string;
  readonly kind: StackKind;
  readonly requires: readonly string[];
  readonly text: string;
}

interface StackJob {
  readonly config: string;
  readonly stack: ManifestStack;
  readonly dir: string;
  readonly json: StackJson;
  /** The regions of the stack's aws provider blocks, in the config's region order. */
  readonly ownRegions: readonly string[];
  /** What the config decides for the stack's own regions; the tests get it as `harness_*` variables. */
  readonly facts: StackFacts;
  readonly kind?: StackKind;
  readonly tests: TestFile[];
  /** Set for the stacks that run `terraform test`: their test file, and how to assemble it without some run blocks. */
  assembled?: AssembledTestFile;
  /** `module`: the stack's directory from where a batched `terraform test` runs (testBatch). */
  assemble?: (without: ReadonlySet<string>, module?: string) => AssembledTestFile;
  /** Why a stack is only validated. */
  validateReason?: string;
  /** The tested stack of the same shape. */
  sameShapeAs?: StackJob;
  readonly hcl?: boolean;
}

interface StackFacts {
  readonly primaryRegion: string;
  /** Config entries keyed by each own region (regionEntries), for the shape key only. */
  readonly regionEntries: ReadonlyArray<Record<string, unknown>>;
}

interface Step {
  /** `retest`: the test file run again without the run blocks whose assertions errored (tftest-merge.ts, guardedOutcomes). */
  readonly name: 'init' | 'validate' | 'test' | 'retest';
  readonly result: RunResult;
  /** For a retest, the run blocks it left out (`<kind>/<file>:<run>`). */
  readonly without?: readonly string[];
}

interface StackResult {
  readonly steps: Step[];
  readonly outcomes: RunOutcome[];
  readonly ok: boolean;
  /** How it was tested, when not alone. */
  readonly note?: string;
}

function loadTestFiles(): TestFile[] {
  return KINDS.flatMap((kind) => {
    const dir = path.join(TESTS_DIR, kind);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => name.endsWith('.tftest.hcl'))
      .sort()
      .map((name) => {
        const text = readFileSync(path.join(dir, name), 'utf8');
        return { name, kind, requires: parseRequires(text), text };
      });
  });
}

/** The configs named on the command line, or the default config and every example. */
function configFiles(): Array<{ label: string; file: string }> {
  const named = process.argv.slice(2);
  if (named.length > 0)
    return named.map((file) => ({ label: path.relative(ROOT, path.resolve(file)), file: path.resolve(file) }));
  const examples = path.join(ROOT, 'examples');
  const found = existsSync(examples)
    ? readdirSync(examples)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => ({ label: `examples/${name}`, file: path.join(examples, name) }))
    : [];
  return [{ label: 'config/default.yaml', file: DEFAULT_CONFIG_PATH }, ...found];
}

const sourceOf = (test: TestFile): string => `${test.kind}/${test.name}`;
const stackLabel = (job: StackJob): string => `${job.config} ${job.stack.name}`;

/** `terraform-tests/mocks/*.tfmock.hcl` by file name, as written (`{region}` and `{account}` unsubstituted). */
function loadMocks(): Map<string, string> {
  const dir = path.join(TESTS_DIR, 'mocks');
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((file) => file.endsWith('.tfmock.hcl'))
      .sort()
      .map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]),
  );
}

/** Writes, per aws provider block, the mocks of its region into `<stack>/tests/`. */
function installMocks(job: StackJob, mocks: ReadonlyMap<string, string>): void {
  const testsDir = path.join(job.dir, 'tests');
  mkdirSync(testsDir, { recursive: true });
  for (const provider of awsProviders(job.json)) {
    const dir = path.join(testsDir, mockDirectory(provider));
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of mocks) writeFileSync(path.join(dir, name), regionalMock(text, provider));
  }
}

/**
 * The test variables the harness sets in every assembled file: the config's primary region, and for a stack of one
 * region that region (test files compare wiring with them, e.g. a secondary's `source_region`).
 */
function factVariables(job: StackJob): string {
  const lines = [`  harness_primary_region = ${JSON.stringify(job.facts.primaryRegion)}`];
  if (job.ownRegions.length === 1) lines.push(`  harness_region = ${JSON.stringify(job.ownRegions[0])}`);
  return `variables {\n${lines.join('\n')}\n}\n`;
}

/**
 * `TFTEST_ONLY` (comma-separated stack names or kinds, e.g. `region-us-west-2` or `regional,global`): only the
 * matching stacks are tested or validated, for a quick targeted run. Undefined when unset.
 */
function onlyFilter(env: NodeJS.ProcessEnv): ((stackName: string) => boolean) | undefined {
  const entries = (env.TFTEST_ONLY ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  return (stackName) => entries.some((entry) => entry === stackName || entry === stackKind(stackName));
}

const terraformIn =
  (dir: string, env: NodeJS.ProcessEnv) =>
  (...args: string[]): Promise<RunResult> =>
    run('terraform', [...args, '-no-color'], { cwd: dir, env });

async function testStack(
  job: StackJob,
  assemble: (without: ReadonlySet<string>) => AssembledTestFile,
  mocks: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
  providers: ProviderCache,
): Promise<StackResult> {
  const terraform = terraformIn(job.dir, env);
  const init = await providers.install(job.json, job.dir);
  const steps: Step[] = [{ name: 'init', result: init }];
  if (init.code !== 0) {
    const outcomes = job.assembled!.runs.map((original) => ({
      run: original,
      ok: false,
      failedAssertions: 0,
      erroredAssertions: 0,
      note: 'terraform init failed',
    }));
    return { steps, outcomes, ok: false };
  }
  installMocks(job, mocks);
  const ephemeral = ephemeralVariableDefaults(job.json);
  const varFile = path.join(job.dir, 'ephemeral-defaults.tfvars.json');
  if (Object.keys(ephemeral).length > 0) writeFileSync(varFile, JSON.stringify(ephemeral));
  const { outcomes, passes } = await guardedOutcomes(assemble, async (file, without) => {
    writeFileSync(path.join(job.dir, 'tests', 'stack.tftest.hcl'), file.text);
    const test = await terraform('test', ...(Object.keys(ephemeral).length > 0 ? [`-var-file=${varFile}`] : []));
    steps.push(without.length === 0 ? { name: 'test', result: test } : { name: 'retest', result: test, without });
    return test;
  });
  const last = passes[passes.length - 1].result;
  return { steps, outcomes, ok: last.code === 0 && outcomes.every((outcome) => outcome.ok) };
}

/**
 * Tests `jobs` in one `terraform test`: one file per stack in `<dir>/tests/`, whose runs test the stack's directory as
 * a module. A `terraform test` process spends seconds starting and loading the aws provider's schema before its
 * first run; here the stacks share that. A stack that does not pass cleanly in the batch is tested again on its own
 * (testStack), so its outcome, the guard against an erroring assertion and its report are those of a single-stack run.
 */
async function testBatch(
  jobs: readonly StackJob[],
  dir: string,
  mocks: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
  providers: ProviderCache,
): Promise<Array<[StackJob, StackResult]>> {
  mkdirSync(path.join(dir, 'tests'), { recursive: true });
  writeFileSync(path.join(dir, 'main.tf.json'), '{}\n');
  const files = new Map<StackJob, AssembledTestFile>();
  const alone: StackJob[] = [];
  for (const job of jobs) {
    installMocks(job, mocks);
    try {
      const file = job.assemble!(new Set(), path.relative(dir, job.dir).split(path.sep).join('/'));
      writeFileSync(path.join(dir, 'tests', `${job.stack.name}.tftest.hcl`), file.text);
      files.set(job, file);
    } catch {
      alone.push(job);
    }
  }
  const terraform = terraformIn(dir, env);
  const init = await terraform('init', '-backend=false', '-input=false');
  const test = init.code === 0 ? await terraform('test') : init;
  const segments = fileSegments(test.output);
  const together = `one of ${plural(files.size, 'stack')} tested in one terraform test`;
  const results: Array<[StackJob, StackResult]> = [];
  for (const [job, file] of files) {
    const segment = segments.get(`tests/${job.stack.name}.tftest.hcl`);
    const outcomes = segment ? runOutcomes(file, segment.text) : [];
    if (segment?.status !== 'pass' || !outcomes.every((outcome) => outcome.ok)) {
      alone.push(job);
      continue;
    }
    const seconds = (init.seconds + test.seconds) / files.size;
    const step: Step = { name: 'test', result: { ...test, code: 0, output: segment.text, seconds } };
    results.push([job, { steps: [step], outcomes, ok: true, note: together }]);
  }
  for (const job of alone) {
    const result = await testStack(job, job.assemble!, mocks, env, providers);
    results.push([job, { ...result, note: `tested on its own after the batched terraform test (${together})` }]);
  }
  return results;
}

async function validateStack(job: StackJob, env: NodeJS.ProcessEnv, providers: ProviderCache): Promise<StackResult> {
  const init = await providers.install(job.json, job.dir);
  if (init.code !== 0) return { steps: [{ name: 'init', result: init }], outcomes: [], ok: false };
  const validate = await terraformIn(job.dir, env)('validate');
  return {
    steps: [
      { name: 'init', result: init },
      { name: 'validate', result: validate },
    ],
    outcomes: [],
    ok: validate.code === 0,
  };
}

/**
 * Validates every stack that is not tested in one `terraform validate` of a root module calling each as a child
 * module, which loads each provider's schema once instead of once per stack (backend blocks of child modules are
 * ignored, with a warning). When that fails, each stack is validated on its own so the report names the broken ones.
 */
async function validateStacks(
  jobs: readonly StackJob[],
  workDir: string,
  env: NodeJS.ProcessEnv,
  providers: ProviderCache,
): Promise<StackResult[]> {
  if (jobs.length === 0) return [];
  const dir = path.join(workDir, 'validate-all');
  mkdirSync(dir, { recursive: true });
  // Each stack's variables get an unknown value from a root variable, as in a root-module validate (where the
  // values are unknown too); a child module would otherwise need a value for every variable without a default.
  const variables: Record<string, { type: string }> = {};
  const modules = Object.fromEntries(
    jobs.map((job, index) => {
      const inputs = Object.fromEntries(
        Object.keys(job.json.variable ?? {}).map((name) => {
          variables[`stack_${index}_${name}`] = { type: 'any' };
          return [name, `\${var.stack_${index}_${name}}`];
        }),
      );
      return [`stack_${index}`, { source: `./${path.relative(dir, job.dir).split(path.sep).join('/')}`, ...inputs }];
    }),
  );
  // An empty `variable` object is an error to Terraform, so it is left out when no stack declares one.
  writeFileSync(
    path.join(dir, 'main.tf.json'),
    JSON.stringify({ ...(Object.keys(variables).length > 0 ? { variable: variables } : {}), module: modules }, null, 2),
  );
  const terraform = terraformIn(dir, env);
  const init = await terraform('init', '-backend=false', '-input=false');
  const validate = init.code === 0 ? await terraform('validate') : undefined;
  if (init.code === 0 && validate?.code === 0) {
    const share = (result: RunResult): RunResult => ({ ...result, seconds: result.seconds / jobs.length });
    return jobs.map(() => ({
      steps: [
        { name: 'init', result: share(init) },
        { name: 'validate', result: share(validate) },
      ],
      outcomes: [],
      ok: true,
    }));
  }
  console.log(
    `batched validate of ${plural(jobs.length, 'stack')} failed; validating each on its own\n${indent(
      (validate ?? init).output,
    )}`,
  );
  return mapConcurrent(jobs, CONCURRENCY, (job) => validateStack(job, env, providers));
}

/** What the configs give the harness: a job per stack to test or validate, the skipped stacks, where each test file ran. */
interface Collected {
  readonly configs: Array<{ label: string; file: string }>;
  readonly jobs: StackJob[];
  readonly skipped: SkippedStack[];
  readonly selectedIn: Map<TestFile, string[]>;
}

/**
 * Synthesizes every config and makes a job of each of its stacks, with the test files that apply to it; `synthesized`
 * gets each config's jobs as soon as they exist, so Terraform starts on them while the next config is synthesized.
 */
async function collectJobs(
  workDir: string,
  testFiles: TestFile[],
  providers: ReadonlySet<string>,
  only: ((stack: string) => boolean) | undefined,
  otherFailures: string[],
  synthesized: (jobs: StackJob[]) => void,
): Promise<Collected> {
  const jobs: StackJob[] = [];
  const skipped: SkippedStack[] = [];
  // A test file selected in no stack (a typo in `# requires:`, a renamed resource) fails the run.
  const selectedIn = new Map<TestFile, string[]>(testFiles.map((test) => [test, []]));
  const configs = configFiles();
  for (const [index, { label, file }] of configs.entries()) {
    const outdir = path.join(workDir, `config-${index}`);
    const synthStarted = process.hrtime.bigint();
    let config: ReturnType<typeof loadConfig>;
    try {
      // `terraform test` destroys what its apply runs created: prevent_destroy would fail every cleanup.
      config = { ...loadConfig(file), protection: { preventDestroy: false } };
      synthesize(config, outdir);
    } catch (error) {
      otherFailures.push(`synth ${label}`);
      console.log(`FAIL synth ${label}\n${indent((error as Error).message)}`);
      continue;
    }
    console.log(`ok   synth ${label} (${elapsedSeconds(synthStarted).toFixed(1)} s)`);
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, ManifestStack>;
    };
    const first = jobs.length;
    for (const stack of applyOrder(Object.values(manifest.stacks))) {
      if (only && !only(stack.name)) continue;
      const json = JSON.parse(readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8')) as StackJson;
      const cause = skipCause(stack.name, json, providers);
      if (cause) skipped.push({ config: label, stack: stack.name, cause });
      // A stack missing a provider cannot even be initialized offline; one of unknown kind is still validated.
      if (cause?.kind === 'provider') continue;
      const kind = stackKind(stack.name);
      const tests = kind
        ? selectTests(
            testFiles.filter((test) => test.kind === kind),
            resourceAddresses(json),
          )
        : [];
      const served = new Set(awsProviders(json).map((provider) => provider.region));
      const ownRegions = config.allRegions.filter((region) => served.has(region));
      const facts = {
        primaryRegion: config.primaryRegion,
        regionEntries: ownRegions.map((region) => regionEntries(config, region)),
      };
      jobs.push({
        config: label,
        stack,
        dir: path.join(outdir, stack.workingDirectory),
        json,
        ownRegions,
        facts,
        kind,
        tests,
      });
      for (const test of tests) selectedIn.get(test)!.push(`${label} ${stack.name}`);
    }
    synthesized(jobs.slice(first));
    // Synthesis blocks the event loop: let the jobs just handed over start their Terraform processes first.
    await new Promise((resolve) => setImmediate(resolve));
  }

  return { configs, jobs, skipped, selectedIn };
}

/**
 * One terraform test per shape: the first stack of each shape (config order, then apply order) is tested. Called per
 * config in config order with the same `representatives`, so the outcome is that of one call over every job.
 */
function assignShapes(
  jobs: StackJob[],
  mocks: Map<string, string>,
  otherFailures: string[],
  representatives: Map<string, StackJob>,
): void {
  for (const job of jobs) {
    if (job.tests.length === 0) {
      job.validateReason = job.kind ? `no test files for kind ${job.kind}` : 'unknown stack kind';
      continue;
    }
    const key = shapeKey(job.json, job.ownRegions, job.tests.map(sourceOf), job.facts);
    const representative = representatives.get(key);
    if (representative) {
      job.sameShapeAs = representative;
      job.validateReason = `same shape as ${stackLabel(representative)}`;
      continue;
    }
    representatives.set(key, job);
    try {
      const files = [
        { source: 'harness facts', text: factVariables(job) },
        ...job.tests.map((test) => ({ source: sourceOf(test), text: test.text })),
      ];
      const header = (mockRoot: string) =>
        `# Generated by scripts/terraform-test.ts\n${mockProviderBlocks(
          job.json,
          [...mocks.values()],
          undefined,
          mockRoot,
        )}\n`;
      job.assemble = (without, module) =>
        assembleTestFile(files, header(module ? `${module}/tests` : './tests'), without, module);
      job.assembled = job.assemble(new Set());
    } catch (error) {
      otherFailures.push(`assemble tests for ${stackLabel(job)}`);
      console.log(`FAIL assemble tests for ${stackLabel(job)}: ${(error as Error).message}`);
      job.validateReason = 'its test files could not be assembled';
    }
  }
}

/** `cdktf synth --hcl` of the default config: the same stacks as HCL, initialized and validated (the tests read JSON). */
function addHclJobs(collected: Collected, workDir: string, otherFailures: string[]): void {
  const { configs, jobs } = collected;
  const defaultConfig = configs.find((config) => config.file === DEFAULT_CONFIG_PATH);
  const defaultJobs = jobs.filter((job) => job.config === defaultConfig?.label);
  if (defaultConfig && defaultJobs.length > 0) {
    const label = `${defaultConfig.label} (HCL)`;
    const outdir = path.join(workDir, 'config-hcl');
    const synthStarted = process.hrtime.bigint();
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      synthesize({ ...loadConfig(DEFAULT_CONFIG_PATH), protection: { preventDestroy: false } }, outdir);
      const hclManifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
        stacks: Record<string, ManifestStack>;
      };
      const notHcl = Object.values(hclManifest.stacks).filter(
        (stack) =>
          !stack.synthesizedStackPath.endsWith('/cdk.tf') || !existsSync(path.join(outdir, stack.synthesizedStackPath)),
      );
      if (notHcl.length > 0) throw new Error(`not synthesized as HCL: ${notHcl.map((stack) => stack.name).join(', ')}`);
      console.log(`ok   synth ${label} (${elapsedSeconds(synthStarted).toFixed(1)} s)`);
      configs.push({ label, file: DEFAULT_CONFIG_PATH });
      for (const job of defaultJobs) {
        jobs.push({
          ...job,
          config: label,
          dir: path.join(outdir, job.stack.workingDirectory),
          tests: [],
          assembled: undefined,
          sameShapeAs: undefined,
          validateReason: 'HCL output',
          hcl: true,
        });
      }
    } catch (error) {
      otherFailures.push(`synth ${label}`);
      console.log(`FAIL synth ${label}\n${indent((error as Error).message)}`);
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
  }
}

type Task = { readonly cost: number; readonly run: () => Promise<Array<[StackJob, StackResult]>> };

/**
 * Tests and validates jobs as they are handed over, CONCURRENCY at a time: each tested stack is a task of its own, the
 * validated ones one task handed over by `finish` (scheduled by their summed cost); the costliest waiting task starts
 * first, which keeps one long stack from running alone at the end.
 */
class JobRunner {
  private readonly waiting: Task[] = [];
  private readonly wake: Array<() => void> = [];
  private closed = false;
  private batches = 0;
  private known = 0;
  private finished = 0;
  private readonly results = new Map<StackJob, StackResult>();
  private readonly providerCache: ProviderCache;
  private readonly workers: Array<Promise<void>>;

  constructor(
    private readonly workDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly mocks: Map<string, string>,
    private readonly sharedProvider: SharedAwsProvider,
  ) {
    this.providerCache = new ProviderCache(workDir, env);
    this.workers = Array.from({ length: CONCURRENCY }, () => this.work());
  }

  /**
   * A config's jobs: its tested stacks start as soon as a worker is free, together in one `terraform test`
   * (testBatch) unless a stack has an apply run of its own, which needs the ephemeral variables' file.
   */
  add(jobs: readonly StackJob[]): void {
    this.known += jobs.length;
    const tested = jobs.filter((entry) => entry.assembled);
    const ownApply = (job: StackJob) =>
      job.assembled!.runs.some((run) => run.command === 'apply' && run.carriedBy !== MERGED_RUN);
    const batch = tested.filter((job) => !ownApply(job));
    const cost = (job: StackJob) => testCost(job.json, job.assembled!.assembledRuns.length);
    if (batch.length > 1) {
      const dir = path.join(this.workDir, `batch-${++this.batches}`);
      this.push({
        cost: batch.reduce((sum, job) => sum + cost(job), 0),
        run: async () => {
          const env = await this.sharedProvider.envFor(
            this.env,
            batch.map((job) => job.json),
          );
          const results = await testBatch(batch, dir, this.mocks, env, this.providerCache);
          for (const [job, result] of results) this.report(job, result);
          return results;
        },
      });
    }
    for (const job of batch.length > 1 ? tested.filter(ownApply) : tested) {
      this.push({
        cost: cost(job),
        run: async () => {
          const env = await this.sharedProvider.envFor(this.env, [job.json]);
          const result = await testStack(job, job.assemble!, this.mocks, env, this.providerCache);
          this.report(job, result);
          return [[job, result]];
        },
      });
    }
  }

  /** Validates every job of `all` that is not tested, waits for every task, and gives each job's result. */
  async finish(all: readonly StackJob[]): Promise<Map<StackJob, StackResult>> {
    this.known = all.length;
    const validated = all.filter((job) => !job.assembled);
    if (validated.length > 0) {
      this.push({
        cost: validated.reduce((sum, job) => sum + testCost(job.json, 0), 0),
        run: async () => {
          const env = await this.sharedProvider.envFor(
            this.env,
            validated.map((job) => job.json),
          );
          const results = await validateStacks(validated, this.workDir, env, this.providerCache);
          validated.forEach((job, index) =>
            this.report(job, results[index], `, one of ${plural(validated.length, 'stack')} validated together`),
          );
          return validated.map((job, index): [StackJob, StackResult] => [job, results[index]]);
        },
      });
    }
    this.closed = true;
    this.wake.splice(0).forEach((resume) => resume());
    await Promise.all(this.workers);
    return this.results;
  }

  private push(task: Task): void {
    this.waiting.push(task);
    this.wake.shift()?.();
  }

  private async work(): Promise<void> {
    for (;;) {
      while (this.waiting.length === 0 && !this.closed) await new Promise<void>((resume) => this.wake.push(resume));
      if (this.waiting.length === 0) return;
      const task = this.waiting.sort((a, b) => b.cost - a.cost).shift()!;
      for (const [job, result] of await task.run()) this.results.set(job, result);
    }
  }

  private report(job: StackJob, result: StackResult, note = ''): void {
    const seconds = result.steps.reduce((sum, step) => sum + step.result.seconds, 0);
    const what = job.assembled
      ? `test: ${plural(job.assembled.assembledRuns.length, 'run')} carrying ${plural(
          job.assembled.runs.length,
          'run block',
        )}, ${plural(
          job.assembled.runs.reduce((sum, original) => sum + original.assertions, 0),
          'assertion',
        )}${result.note ? `, ${result.note}` : ''}`
      : `validate (${job.validateReason})${note}`;
    console.log(
      `[${++this.finished}/${this.known}] ${stackLabel(job)}: ${result.ok ? 'ok' : 'FAIL'} (${seconds.toFixed(
        1,
      )} s) ${what}`,
    );
  }
}

interface Tallies {
  readonly blocksPassed: number;
  readonly blocksFailed: number;
  readonly validates: { passed: number; failed: number };
  readonly keepWorkDir: boolean;
}

/** The report, grouped by config with stacks in apply order, then the shapes and the counts per stack kind. */
function printReport(
  collected: Collected,
  representatives: Map<string, StackJob>,
  results: Map<StackJob, StackResult>,
  otherFailures: string[],
): Tallies {
  const { configs, jobs, skipped } = collected;
  let keepWorkDir = false;
  const perKind = new Map<
    string,
    { stacks: number; runs: number; blocksPassed: number; blocksFailed: number; assertions: number }
  >();
  const validates = { passed: 0, failed: 0, reasons: new Map<string, number>() };
  for (const { label } of configs) {
    const configJobs = jobs.filter((job) => job.config === label);
    const configSkips = skipped.filter(
      (skip) => skip.config === label && !configJobs.some((job) => job.stack.name === skip.stack),
    );
    if (configJobs.length === 0 && configSkips.length === 0) continue;
    console.log(`\n== ${label}`);
    for (const job of configJobs) {
      const { steps, outcomes, ok } = results.get(job)!;
      const after = job.stack.dependencies.length ? ` (after ${job.stack.dependencies.join(', ')})` : '';
      console.log(`-- ${job.stack.name}${after}`);
      const lastTest = steps.filter((step) => step.name === 'test' || step.name === 'retest').pop();
      for (const step of steps) {
        const stepOk = step.result.code === 0 && (step !== lastTest || ok);
        let detail = '';
        if (step.name === 'retest') {
          detail = `again without ${step.without!.join(
            ', ',
          )}, whose assertions errored (an erroring assertion makes Terraform skip the later runs)`;
        } else if (step.name === 'test' && job.assembled) {
          const passed = outcomes.filter((outcome) => outcome.ok).length;
          const assertions = job.assembled.runs.reduce((sum, original) => sum + original.assertions, 0);
          detail = `${passed} of ${plural(outcomes.length, 'run block')} passed (${plural(
            assertions,
            'assertion',
          )} in ${plural(job.assembled.assembledRuns.length, 'run')}) from ${job.tests.map(sourceOf).join(', ')}`;
        } else if (step.name === 'validate') {
          detail = job.validateReason ?? '';
        }
        console.log(
          `   ${stepOk ? 'ok  ' : 'FAIL'} ${step.name.padEnd(8)} ${step.result.seconds
            .toFixed(1)
            .padStart(5)} s ${detail}`,
        );
        if (!stepOk) console.log(indent(step.result.output));
      }
      for (const outcome of outcomes.filter((entry) => !entry.ok)) {
        const why = outcome.note ?? `${plural(outcome.failedAssertions, 'assertion')} failed`;
        console.log(`   FAIL run     ${outcome.run.source} run "${outcome.run.run}": ${why}`);
      }
      const unblamed = lastTest && unblamedFailure(lastTest.result.code, outcomes);
      if (unblamed) {
        console.log(`   FAIL test     ${unblamed}`);
        otherFailures.push(`${stackLabel(job)}: ${unblamed}`);
      }
      if (job.assembled) {
        const kind = job.kind ?? 'unknown';
        const tally = perKind.get(kind) ?? { stacks: 0, runs: 0, blocksPassed: 0, blocksFailed: 0, assertions: 0 };
        tally.stacks++;
        tally.runs += job.assembled.assembledRuns.length;
        tally.blocksPassed += outcomes.filter((outcome) => outcome.ok).length;
        tally.blocksFailed += outcomes.filter((outcome) => !outcome.ok).length;
        tally.assertions += job.assembled.runs.reduce((sum, original) => sum + original.assertions, 0);
        perKind.set(kind, tally);
      } else {
        if (ok) validates.passed++;
        else validates.failed++;
        const reason = job.hcl
          ? 'HCL output'
          : job.sameShapeAs
          ? 'same shape as a tested stack'
          : job.validateReason ?? '';
        validates.reasons.set(reason, (validates.reasons.get(reason) ?? 0) + 1);
      }
      keepWorkDir ||= !ok;
    }
    for (const skip of configSkips) console.log(`-- ${skip.stack} SKIPPED`);
  }

  console.log(
    "\n== shapes (stacks whose JSON and region-specific config are equal apart from their own regions' names and CIDRs share one terraform test)",
  );
  for (const representative of jobs.filter((job) => job.assembled)) {
    const shared = jobs.filter((job) => job.sameShapeAs === representative);
    if (shared.length > 0)
      console.log(`   ${stackLabel(representative)} (tested) shared by: ${shared.map(stackLabel).join(', ')}`);
  }
  const sharedCount = jobs.filter((job) => job.sameShapeAs).length;
  console.log(
    `   ${plural(representatives.size, 'shape')} tested; ${plural(
      sharedCount,
      'stack',
    )} validated as the same shape as a tested one`,
  );

  console.log('\n== terraform test, per stack kind (a run block passes when every assertion it carries holds)');
  let blocksPassed = 0;
  let blocksFailed = 0;
  for (const kind of [...KINDS, 'unknown']) {
    const tally = perKind.get(kind);
    if (!tally) continue;
    blocksPassed += tally.blocksPassed;
    blocksFailed += tally.blocksFailed;
    console.log(
      `   ${kind.padEnd(9)} ${tally.blocksPassed} passed, ${tally.blocksFailed} failed run blocks (${plural(
        tally.assertions,
        'assertion',
      )}) in ${plural(tally.stacks, 'stack')}, ${plural(tally.runs, 'terraform test run')}`,
    );
  }
  console.log(`   total     ${blocksPassed} passed, ${blocksFailed} failed run blocks`);
  const reasons = [...validates.reasons].map(([reason, count]) => `${count} ${reason}`).join(', ');
  console.log(
    `== terraform validate: ${validates.passed} passed, ${validates.failed} failed${reasons ? ` (${reasons})` : ''}`,
  );

  return { blocksPassed, blocksFailed, validates, keepWorkDir };
}

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'terraform-test-'));
  const ci = isCi(process.env);
  let keepWorkDir = false;
  let sharedProvider: SharedAwsProvider | undefined;
  // Failures outside run blocks and validates: synth, assembly, init of a validated stack counts as its validate.
  const otherFailures: string[] = [];
  try {
    const { env, mirror, providers } = terraformEnvironment(workDir);
    sharedProvider = new SharedAwsProvider(mirror);
    console.log(
      `terraform-test: work dir ${workDir}, plugin mirror ${mirror} (${[...providers].join(', ')})${ci ? ', CI' : ''}`,
    );
    const testFiles = loadTestFiles();
    const mocks = loadMocks();
    const only = onlyFilter(process.env);
    if (only)
      console.log(
        `TFTEST_ONLY=${process.env.TFTEST_ONLY}: only the matching stacks run; the HCL synth is not validated`,
      );

    const representatives = new Map<string, StackJob>();
    const runner = new JobRunner(workDir, env, mocks, sharedProvider);
    const collected = await collectJobs(workDir, testFiles, providers, only, otherFailures, (jobs) => {
      assignShapes(jobs, mocks, otherFailures, representatives);
      runner.add(jobs);
    });
    if (!only) addHclJobs(collected, workDir, otherFailures);
    const results = await runner.finish(collected.jobs);
    const {
      blocksPassed,
      blocksFailed,
      validates,
      keepWorkDir: keep,
    } = printReport(collected, representatives, results, otherFailures);
    keepWorkDir = keep;
    const { selectedIn } = collected;

    console.log('');
    const skips = skipReport(collected.skipped, ci);
    for (const line of skips.lines) console.log(line);
    for (let i = 0; i < skips.failures; i++) otherFailures.push('skipped stack not on the allow-list');
    // With configs named on the command line, files for the other configs legitimately run nowhere.
    const partial = process.argv.length > 2 || only !== undefined;
    for (const [test, stacks] of selectedIn) {
      if (stacks.length > 0) continue;
      const requires = test.requires.length ? ` (requires ${test.requires.join(' ')})` : '';
      if (partial) {
        console.log(`note terraform-tests/${sourceOf(test)} ran in no stack of the named configs${requires}`);
      } else {
        otherFailures.push(`terraform-tests/${sourceOf(test)} selected nowhere`);
        console.log(`FAIL terraform-tests/${sourceOf(test)} ran in no stack${requires}`);
      }
    }
    for (const failure of otherFailures) console.log(`FAIL ${failure}`);
    console.log(
      'counted: passed = run blocks of terraform-tests/ that ran (all their assertions held) + validates; ' +
        'failed = failed run blocks + failed validates + other failures (synth, assembly, test files selected nowhere, skips not allowed under CI)',
    );
    const failed = blocksFailed + validates.failed + otherFailures.length;
    keepWorkDir ||= failed > 0;
    console.log(
      `wall time ${elapsedSeconds(started).toFixed(1)} s${
        keepWorkDir ? `; work dir kept for inspection: ${workDir}` : ''
      }`,
    );
    console.log(summaryLine(blocksPassed + validates.passed, failed));
    return failed === 0 ? 0 : 1;
  } catch (error) {
    keepWorkDir = true;
    console.error(error);
    console.log(summaryLine(0, otherFailures.length + 1));
    return 1;
  } finally {
    await sharedProvider?.stop();
    if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
