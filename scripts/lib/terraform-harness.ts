/** Pure logic of `scripts/terraform-test.ts`: no processes, no file system. */
import { parseHclBody } from './tftest-merge';

export type StackKind = 'bootstrap' | 'global' | 'edge' | 'regional';

/** The subset of a synthesized `cdk.tf.json` the harness reads. */
export interface StackJson {
  readonly provider?: Record<string, unknown>;
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly terraform?: { readonly required_providers?: Record<string, unknown> };
  readonly variable?: Record<string, { readonly ephemeral?: boolean; readonly default?: unknown }>;
}

export interface ManifestStack {
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly workingDirectory: string;
  readonly synthesizedStackPath: string;
}

/** Which `terraform-tests/<kind>/` a stack's tests come from; undefined for unknown stack names. */
export function stackKind(stackName: string): StackKind | undefined {
  if (stackName === 'bootstrap' || stackName === 'global' || stackName === 'edge') return stackName;
  if (/^region-[a-z]{2}(-[a-z]+)+-\d+$/.test(stackName)) return 'regional';
  return undefined;
}

/**
 * Addresses named by the `# requires:` lines at the top of a test file (before its first other line);
 * an empty list means the file runs in every stack of its kind.
 */
export function parseRequires(text: string): string[] {
  const required: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*#\s*requires:(.*)$/.exec(line);
    if (!match) break;
    required.push(...match[1].trim().split(/\s+/).filter(Boolean));
  }
  return required;
}

/** `type.name` of every resource in the stack. */
export function resourceAddresses(stack: StackJson): Set<string> {
  return new Set(
    Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    ),
  );
}

export interface TestFile {
  readonly name: string;
  readonly requires: readonly string[];
}

/** The test files whose required addresses all exist in the stack. */
export function selectTests<T extends TestFile>(files: readonly T[], addresses: ReadonlySet<string>): T[] {
  return files.filter((file) => file.requires.every((address) => addresses.has(address)));
}

/** The provider's blocks as a list: cdktf writes a list per provider, hand-written JSON may hold one object. */
function providerBlocks(stack: StackJson, name: string): Array<Record<string, unknown>> {
  const blocks = stack.provider?.[name];
  if (blocks === undefined) return [];
  return (Array.isArray(blocks) ? blocks : [blocks]) as Array<Record<string, unknown>>;
}

/**
 * Relative cost of a stack's Terraform work: every `terraform test` run starts one mock provider per aws provider
 * block (`runs`: the runs of its assembled test file; 0 for a stack that is only validated, which starts each
 * provider once). Scheduling the costliest stacks first keeps one long stack from running alone at the end.
 */
export function testCost(stack: StackJson, runs: number): number {
  return Math.max(1, providerBlocks(stack, 'aws').length) * (runs + 1);
}

/** The account of every mocked ARN (the mocked `aws_caller_identity` returns it too). */
export const MOCK_ACCOUNT = '123456789012';

/** An aws provider block's alias (undefined for the default provider) and region. */
export interface AwsProvider {
  readonly alias?: string;
  readonly region: string;
}

/** The stack's aws provider blocks, in order. */
export function awsProviders(stack: StackJson): AwsProvider[] {
  return providerBlocks(stack, 'aws').map((block) => ({
    alias: typeof block.alias === 'string' ? block.alias : undefined,
    region: String(block.region),
  }));
}

/** The directory under `<stack>/tests/` holding one provider block's mocks. */
export function mockDirectory(provider: AwsProvider): string {
  return `mocks-${provider.alias ?? 'default'}`;
}

/**
 * A mock file for one provider block: `{region}` and `{account}` in `terraform-tests/mocks/*.tfmock.hcl` become the
 * block's region and the mock account, so every ARN a mock supplies names the region its provider serves (a
 * wrong-region reference cannot equal it).
 */
export function regionalMock(text: string, provider: AwsProvider, account = MOCK_ACCOUNT): string {
  return text.replace(/\{region\}/g, provider.region).replace(/\{account\}/g, account);
}

/** `mock_resource` defaults of mock files, per resource type and attribute (the expression's source text). */
export function mockResourceDefaults(mockTexts: readonly string[]): Map<string, Map<string, string>> {
  const defaults = new Map<string, Map<string, string>>();
  for (const text of mockTexts) {
    for (const item of parseHclBody(text)) {
      if (item.kind !== 'block' || item.type !== 'mock_resource') continue;
      const value = parseHclBody(item.body).find((entry) => entry.kind === 'attribute' && entry.name === 'defaults');
      if (value?.kind !== 'attribute') continue;
      const inner = value.expression.trim().replace(/^\{/, '').replace(/\}$/, '');
      const attributes = parseHclBody(inner).filter((entry) => entry.kind === 'attribute');
      defaults.set(item.labels[0], new Map(attributes.map((entry) => [entry.name, entry.expression])));
    }
  }
  return defaults;
}

/**
 * ARNs AWS derives from a resource's name, per type: the name argument and the ARN in a region and account.
 * A mock cannot compute values from arguments, so the harness writes one override per such resource; alarms,
 * policies and roles that build these ARNs from names can then be compared with the resource's own ARN.
 */
const NAMED_ARNS: Record<
  string,
  {
    readonly name: string;
    readonly arn: (region: string, account: string, name: string) => string;
    readonly idIsArn?: boolean;
  }
> = {
  aws_sns_topic: {
    name: 'name',
    arn: (region, account, name) => `arn:aws:sns:${region}:${account}:${name}`,
    idIsArn: true,
  },
  aws_cloudwatch_log_group: {
    name: 'name',
    arn: (region, account, name) => `arn:aws:logs:${region}:${account}:log-group:${name}`,
  },
  aws_iam_role: { name: 'name', arn: (_region, account, name) => `arn:aws:iam::${account}:role/${name}` },
  // Secrets Manager appends six random characters to a secret's name.
  aws_secretsmanager_secret: {
    name: 'name',
    arn: (region, account, name) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`,
    idIsArn: true,
  },
  aws_ssm_parameter: {
    name: 'name',
    arn: (region, account, name) =>
      `arn:aws:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
  },
  aws_rds_cluster: {
    name: 'cluster_identifier',
    arn: (region, account, name) => `arn:aws:rds:${region}:${account}:cluster:${name}`,
  },
  aws_db_instance: {
    name: 'identifier',
    arn: (region, account, name) => `arn:aws:rds:${region}:${account}:db:${name}`,
  },
  aws_eks_cluster: { name: 'name', arn: (region, account, name) => `arn:aws:eks:${region}:${account}:cluster/${name}` },
  aws_elasticache_replication_group: {
    name: 'replication_group_id',
    arn: (region, account, name) => `arn:aws:elasticache:${region}:${account}:replicationgroup:${name}`,
  },
  aws_memorydb_cluster: {
    name: 'name',
    arn: (region, account, name) => `arn:aws:memorydb:${region}:${account}:cluster/${name}`,
  },
};

/** The `override_resource` blocks giving each named resource served by `provider` the ARN AWS would give it. */
function namedArnOverrides(
  stack: StackJson,
  provider: AwsProvider,
  defaults: ReadonlyMap<string, ReadonlyMap<string, string>>,
  account: string,
): string[] {
  const reference = provider.alias ? `aws.${provider.alias}` : undefined;
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => {
    const naming = NAMED_ARNS[type];
    if (!naming) return [];
    return Object.entries(byName as Record<string, Record<string, unknown>>).flatMap(([name, resource]) => {
      const value = resource[naming.name];
      const served = (resource.provider ?? undefined) === reference;
      if (!served || typeof value !== 'string' || value.includes('${') || 'count' in resource || 'for_each' in resource)
        return [];
      const arn = JSON.stringify(naming.arn(provider.region, account, value));
      // An override replaces the type's mock defaults: keep them, with the ARN (and the ID, where it is the ARN) replaced.
      const values = new Map(defaults.get(type) ?? []);
      values.set('arn', arn);
      if (naming.idIsArn) values.set('id', arn);
      const body = [...values].map(([attribute, expression]) => `      ${attribute} = ${expression}\n`).join('');
      return [`  override_resource {\n    target = ${type}.${name}\n    values = {\n${body}    }\n  }\n`];
    });
  });
}

/**
 * One `mock_provider "aws"` per aws provider block of the stack, aliased like it, sourcing its own region's mocks
 * (`<mockRoot>/<mockDirectory>`, written from `regionalMock`), with the name-derived ARNs of the resources it serves.
 * `mockTexts` are the mock files as written (with `{region}` and `{account}`).
 *
 * Every value a mock supplies is known during plan (`override_during = plan`), so one plan run evaluates every
 * assertion (scripts/lib/tftest-merge.ts). Terraform 1.11 applies that only to resource types with a `mock_resource`
 * block (hashicorp/terraform v1.11.4 internal/providers/mock.go, `PlanResourceChange`); the others' computed
 * attributes would stay unknown, so each aws resource type of the stack without one gets an empty `mock_resource`,
 * whose computed values the mock then generates during plan.
 */
export function mockProviderBlocks(
  stack: StackJson,
  mockTexts: readonly string[] = [],
  account = MOCK_ACCOUNT,
  mockRoot = './tests',
): string {
  return awsProviders(stack)
    .map((provider) => {
      const alias = provider.alias ? `  alias  = "${provider.alias}"\n` : '';
      const defaults = mockResourceDefaults(mockTexts.map((text) => regionalMock(text, provider, account)));
      const unmocked = Object.keys(stack.resource ?? {})
        .filter((type) => type.startsWith('aws_') && !defaults.has(type))
        .sort()
        .map((type) => `  mock_resource "${type}" {\n    defaults = {}\n  }\n`)
        .join('');
      const overrides = namedArnOverrides(stack, provider, defaults, account).join('');
      return `mock_provider "aws" {\n${alias}  source          = "${mockRoot}/${mockDirectory(
        provider,
      )}"\n  override_during = plan\n${unmocked}${overrides}}\n`;
    })
    .join('\n');
}

/** `registry.terraform.io/hashicorp/aws` for `aws`, `hashicorp/aws` or the full address. */
export function providerAddress(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

/**
 * Providers the stack needs that are not in `available` (addresses like `registry.terraform.io/hashicorp/aws`),
 * by local name. Such a stack cannot be initialized offline (today: kubernetes).
 */
export function unavailableProviders(stack: StackJson, available: ReadonlySet<string>): string[] {
  const required = stack.terraform?.required_providers ?? {};
  const names = new Set([...Object.keys(required), ...Object.keys(stack.provider ?? {})]);
  return [...names]
    .filter((name) => {
      const entry = required[name];
      const source = typeof entry === 'object' && entry !== null && 'source' in entry ? String(entry.source) : name;
      return !available.has(providerAddress(source));
    })
    .sort();
}

/**
 * The defaults of the stack's ephemeral variables, to be set explicitly: Terraform 1.11's test runner fails
 * every `command = apply` run on an ephemeral variable left unset (hashicorp/terraform#38974, fixed in 1.17).
 */
export function ephemeralVariableDefaults(stack: StackJson): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stack.variable ?? {})
      .filter(([, variable]) => variable.ephemeral === true && 'default' in variable)
      .map(([name, variable]) => [name, variable.default]),
  );
}

/** Stacks in apply order (dependencies first), ties in name order; throws on a cycle or unknown dependency. */
export function applyOrder(stacks: readonly ManifestStack[]): ManifestStack[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const ordered: ManifestStack[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: ManifestStack, path: string[]): void => {
    if (state.get(stack.name) === 'done') return;
    if (state.get(stack.name) === 'visiting')
      throw new Error(`dependency cycle: ${[...path, stack.name].join(' -> ')}`);
    state.set(stack.name, 'visiting');
    for (const dependency of [...stack.dependencies].sort()) {
      const found = byName.get(dependency);
      if (!found) throw new Error(`stack ${stack.name} depends on unknown stack ${dependency}`);
      visit(found, [...path, stack.name]);
    }
    state.set(stack.name, 'done');
    ordered.push(stack);
  };
  for (const stack of [...stacks].sort((a, b) => a.name.localeCompare(b.name))) visit(stack, []);
  return ordered;
}

/** Passed and failed counts of `terraform test` output ("Success! 3 passed, 0 failed." / "Failure! 1 passed, 2 failed."). */
export function parseTestSummary(output: string): { passed: number; failed: number } | undefined {
  const match = /(\d+) passed, (\d+) failed/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
}

/** The final line CI reads. */
export function summaryLine(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}

/** Runs `task` over `items` with at most `limit` at a time; results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs each task it is given with at most `limit` running at a time, the others waiting in order. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < limit) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // A finished task hands its slot to the next waiting one, if any.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** A Terraform CLI configuration that installs `providers` only from the filesystem mirror at `mirror`. */
export function cliConfig(mirror: string, providers: readonly string[]): string {
  const list = JSON.stringify([...providers]);
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    `    include = ${list}`,
    '  }',
    '  direct {',
    `    exclude = ${list}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Whether `CI` is set to something other than an explicit false. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Why a stack's Terraform tests were not run. */
export type SkipCause =
  | { readonly kind: 'provider'; readonly providers: readonly string[] }
  | { readonly kind: 'unknown-stack-kind' };

export interface SkippedStack {
  readonly config: string;
  readonly stack: string;
  readonly cause: SkipCause;
}

export interface SkipAllowance {
  /** A provider address (`registry.terraform.io/hashicorp/kubernetes`) whose absence from the mirror may skip a stack. */
  readonly provider: string;
  /** Why skipping is acceptable, and what covers those stacks instead. */
  readonly reason: string;
}

/**
 * The only skips that do not fail a CI run (documented in terraform-tests/README.md). A stack skipped for any
 * other cause (another missing provider, a stack name with no kind) fails the run under `CI`.
 */
export const SKIP_ALLOW_LIST: readonly SkipAllowance[] = [
  {
    provider: 'registry.terraform.io/hashicorp/kubernetes',
    reason:
      'kubernetes provider not installable offline (no registry access on CI, and it is not in the plugin mirror); ' +
      "the clusters tier's cluster-<region> stacks are checked by jest on their synthesized JSON instead (README, Validating the cluster stacks)",
  },
];

export interface SkipVerdict {
  readonly skip: SkippedStack;
  /** What was skipped and why, for the report. */
  readonly description: string;
  /** The allow-list reasons that cover the skip; undefined when it is not covered. */
  readonly allowedBecause?: string;
  /** Whether the skip fails the run. */
  readonly fails: boolean;
}

/**
 * Why the harness skips a stack's tests, or undefined when it tests it: a provider missing from the mirror (the
 * stack is not even initialized), or a stack name of no known kind (validated, but no test files apply).
 */
export function skipCause(stackName: string, stack: StackJson, available: ReadonlySet<string>): SkipCause | undefined {
  const missing = unavailableProviders(stack, available);
  if (missing.length > 0) return { kind: 'provider', providers: missing };
  return stackKind(stackName) ? undefined : { kind: 'unknown-stack-kind' };
}

function describeSkip(cause: SkipCause): string {
  return cause.kind === 'provider'
    ? `provider ${cause.providers.join(', ')} not in the plugin mirror, so the stack cannot be initialized offline`
    : 'stack name matches no stack kind, so no terraform-tests/<kind>/ applies (tests not run; validated only)';
}

/** Whether a skip fails the run: under CI, unless every missing provider is on `allowList`. */
export function skipVerdict(
  skip: SkippedStack,
  ci: boolean,
  allowList: readonly SkipAllowance[] = SKIP_ALLOW_LIST,
): SkipVerdict {
  const description = describeSkip(skip.cause);
  const allowances =
    skip.cause.kind === 'provider' && skip.cause.providers.length > 0
      ? skip.cause.providers.map((provider) => allowList.find((entry) => entry.provider === providerAddress(provider)))
      : [undefined];
  const allowed = allowances.every((entry) => entry !== undefined);
  const allowedBecause = allowed ? [...new Set(allowances.map((entry) => entry!.reason))].join('; ') : undefined;
  return { skip, description, allowedBecause, fails: ci && !allowed };
}

/** Report lines for every skipped stack (each named) and how many of them fail the run. */
export function skipReport(
  skips: readonly SkippedStack[],
  ci: boolean,
  allowList: readonly SkipAllowance[] = SKIP_ALLOW_LIST,
): { lines: string[]; failures: number } {
  const verdicts = skips.map((skip) => skipVerdict(skip, ci, allowList));
  const lines = verdicts.map((verdict) => {
    const name = `${verdict.skip.config} ${verdict.skip.stack}`;
    if (verdict.allowedBecause) return `SKIPPED ${name}: ${verdict.description} (allowed: ${verdict.allowedBecause})`;
    if (verdict.fails)
      return `FAIL    ${name} SKIPPED: ${verdict.description}; not on the skip allow-list (scripts/lib/terraform-harness.ts SKIP_ALLOW_LIST), so it fails under CI`;
    return `SKIPPED ${name}: ${verdict.description}; not on the skip allow-list: this fails under CI`;
  });
  return { lines, failures: verdicts.filter((verdict) => verdict.fails).length };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The stack's JSON with its own regions (the `i`-th of `ownRegions`, its underscore form and its zones
 * `<region><letter>`) replaced by numbered placeholders and every CIDR block by `<cidr>`. Other regions' names stay:
 * two stacks have equal shapes only if they are equal after substituting their own regions, so a stack that points
 * at another region's key, role or topic has a shape of its own.
 */
export function normalizedShape(stack: unknown, ownRegions: readonly string[]): string {
  let text = JSON.stringify(stack);
  text = text.replace(/(?<![0-9])\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}(?![0-9])/g, '<cidr>');
  const regions = [...new Set(ownRegions)];
  if (regions.length === 0) return text;
  const index = new Map(
    regions.flatMap((region, at) => [
      [region, at],
      [region.replace(/-/g, '_'), at],
    ]),
  );
  const names = [...index.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![A-Za-z0-9])(${names.join('|')})([a-z](?![A-Za-z0-9]))?(?![0-9])`, 'g');
  return text.replace(pattern, (_match, name: string, zone?: string) => {
    const at = index.get(name)!;
    if (name.includes('_')) return zone ? `<region_${at}>${zone}` : `<region_${at}>`;
    return zone ? `<zone-${at}>` : `<region-${at}>`;
  });
}

/**
 * The entries of a config that concern `region` alone (any object member keyed by the region name, such as
 * `regions.<region>` or a parameter's `perRegion.<region>`), by path with the region replaced: what the config
 * decides for this region that its stack's tests may assert.
 */
export function regionEntries(config: unknown, region: string): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, at) => visit(item, `${path}[${at}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [key, member] of Object.entries(value)) {
        if (key === region) entries[`${path}.<region>`] = member;
        else visit(member, `${path}.${key}`);
      }
    }
  };
  visit(config, '');
  return entries;
}

/**
 * The key under which stacks share one `terraform test`: the selected test files, the normalized JSON and what the
 * config decides for the stack's own regions (`facts`, normalized the same way): a stack whose region-specific
 * config differs is tested on its own even when a fault made its JSON equal another's.
 */
export function shapeKey(
  stack: unknown,
  ownRegions: readonly string[],
  testFiles: readonly string[],
  facts: unknown = {},
): string {
  return `${[...testFiles].sort().join(',')}\n${normalizedShape(facts, ownRegions)}\n${normalizedShape(
    stack,
    ownRegions,
  )}`;
}
