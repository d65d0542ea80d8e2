/**
 * Parameter drift across regions (`npm run drift`): reads the deployed parameters under a path in every region with
 * GetParametersByPath (paging through NextToken, never decrypting) and compares names, types, versions and the values
 * of non-secure parameters. A SecureString is compared by its version only (the version the last write produced), so no
 * secret value is ever read. The SSM client comes from a factory so that tests stub it (aws-sdk-client-mock).
 */
import { GetParametersByPathCommand, type Parameter, type SSMClient } from '@aws-sdk/client-ssm';

export interface DeployedParameter {
  readonly name: string;
  readonly type: string;
  readonly version: number;
  /** Undefined for a SecureString (never compared, never printed). */
  readonly value?: string;
}

export interface DriftRow {
  readonly name: string;
  /** What differs: missing, type, version, value. */
  readonly field: string;
  /** Per region: what that region has ("-" when absent). */
  readonly byRegion: Readonly<Record<string, string>>;
}

export interface DriftOptions {
  readonly regions: readonly string[];
  /** Path read in every region, recursively. */
  readonly path: string;
  readonly clientFor: (region: string) => Pick<SSMClient, 'send'>;
  /** Parameters whose value differs by region on purpose (the config's `perRegion`): value differences are not drift. */
  readonly overrides?: ReadonlySet<string>;
  readonly log?: (line: string) => void;
}

/** Every parameter under `path` in one region, all pages. */
export async function deployedParameters(client: Pick<SSMClient, 'send'>, path: string): Promise<Map<string, DeployedParameter>> {
  const found = new Map<string, DeployedParameter>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetParametersByPathCommand({ Path: path, Recursive: true, WithDecryption: false, MaxResults: 10, NextToken: nextToken }));
    for (const parameter of page.Parameters ?? []) found.set(parameter.Name ?? '', deployed(parameter));
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

function deployed(parameter: Parameter): DeployedParameter {
  const type = parameter.Type ?? '?';
  return { name: parameter.Name ?? '', type, version: parameter.Version ?? 0, value: type === 'SecureString' ? undefined : parameter.Value };
}

/** Differences between regions; empty when every region has the same parameters. */
export function compareRegions(byRegion: ReadonlyMap<string, ReadonlyMap<string, DeployedParameter>>, overrides: ReadonlySet<string> = new Set()): DriftRow[] {
  const regions = [...byRegion.keys()];
  const names = [...new Set(regions.flatMap((region) => [...byRegion.get(region)!.keys()]))].sort();
  const rows: DriftRow[] = [];
  for (const name of names) {
    const at = (region: string) => byRegion.get(region)!.get(name);
    const row = (field: string, show: (p: DeployedParameter) => string) => {
      const values = Object.fromEntries(regions.map((region) => { const p = at(region); return [region, p ? show(p) : '-']; }));
      if (new Set(Object.values(values)).size > 1) rows.push({ name, field, byRegion: values });
    };
    if (regions.some((region) => !at(region))) {
      row('missing', () => 'present');
      continue;
    }
    row('type', (p) => p.type);
    row('version', (p) => String(p.version));
    if (!overrides.has(name)) row('value', (p) => (p.value === undefined ? '(secure)' : p.value));
  }
  return rows;
}

/** A plain-text table: parameter, field, one column per region. */
export function driftTable(rows: readonly DriftRow[], regions: readonly string[]): string {
  const header = ['parameter', 'differs', ...regions];
  const lines = [header, ...rows.map((r) => [r.name, r.field, ...regions.map((region) => r.byRegion[region] ?? '-')])];
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  const format = (line: string[]) => line.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [format(lines[0]), format(widths.map((w) => '-'.repeat(w))), ...lines.slice(1).map(format)].join('\n');
}

const isMissingCredentials = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message));

/** 0: identical, 1: regions differ, 2: could not read (missing credentials or an API error). */
export async function runDrift(options: DriftOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const byRegion = new Map<string, Map<string, DeployedParameter>>();
  for (const region of options.regions) {
    try {
      byRegion.set(region, await deployedParameters(options.clientFor(region), options.path));
    } catch (error) {
      if (isMissingCredentials(error)) {
        log(`drift: no AWS credentials found for ${region}; set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (read-only ssm:GetParametersByPath is enough)`);
      } else {
        log(`drift: reading ${options.path} in ${region} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      return 2;
    }
  }
  const rows = compareRegions(byRegion, options.overrides);
  const counts = options.regions.map((region) => `${region} ${byRegion.get(region)!.size}`).join(', ');
  if (rows.length === 0) {
    log(`drift: ${options.path} identical in ${options.regions.length} regions (${counts} parameters)`);
    return 0;
  }
  log(driftTable(rows, options.regions));
  log(`drift: ${rows.length} difference(s) under ${options.path} across ${options.regions.length} regions (${counts} parameters)`);
  return 1;
}

/** The deepest path that holds every name: `/shop/prod/app/x`, `/shop/prod/feature/y` -> `/shop/prod`. */
export function commonPath(names: readonly string[]): string {
  if (names.length === 0) return '/';
  const split = names.map((name) => name.split('/').slice(1, -1));
  const common: string[] = [];
  for (let i = 0; split.every((levels) => i < levels.length && levels[i] === split[0][i]); i++) common.push(split[0][i]);
  return `/${common.join('/')}`;
}
