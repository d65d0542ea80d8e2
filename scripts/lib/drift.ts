/**
 * Parameter drift (`npm run drift`): reads the deployed parameters under a path in every region with
 * GetParametersByPath (paging through NextToken, never decrypting) and compares each region with the config: every
 * configured name present, its type, and the value of a non-secure one for that region (`perRegion` included). A
 * SecureString is compared across regions by its version only, so no secret value is ever read. Parameters under the
 * path that the config does not declare are not reported (the path may hold other tools' parameters). The SSM client comes from a factory so that tests stub it (aws-sdk-client-mock).
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
  /** What differs: missing (configured, absent in a region), type, value (against the config), version (SecureString). */
  readonly field: string;
  /** Per region: what that region has ("-" when absent). */
  readonly byRegion: Readonly<Record<string, string>>;
}

export interface DriftOptions {
  readonly regions: readonly string[];
  /** Path read in every region, recursively. */
  readonly path: string;
  readonly clientFor: (region: string) => Pick<SSMClient, 'send'>;
  /** The configured parameters, by name: each region is compared with these. */
  readonly expected: ReadonlyMap<string, ExpectedParameter>;
  readonly log?: (line: string) => void;
}

/** Every parameter under `path` in one region, all pages. */
export async function deployedParameters(
  client: Pick<SSMClient, 'send'>,
  path: string,
): Promise<Map<string, DeployedParameter>> {
  const found = new Map<string, DeployedParameter>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetParametersByPathCommand({
        Path: path,
        Recursive: true,
        WithDecryption: false,
        MaxResults: 10,
        NextToken: nextToken,
      }),
    );
    for (const parameter of page.Parameters ?? []) found.set(parameter.Name ?? '', deployed(parameter));
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

function deployed(parameter: Parameter): DeployedParameter {
  const type = parameter.Type ?? '?';
  return {
    name: parameter.Name ?? '',
    type,
    version: parameter.Version ?? 0,
    value: type === 'SecureString' ? undefined : parameter.Value,
  };
}

/** What the config declares for one parameter. */
export interface ExpectedParameter {
  readonly type: string;
  /** The value per region (`perRegion` included); absent for a SecureString, whose value is never read. */
  readonly valueIn?: (region: string) => string | undefined;
}

/**
 * Differences between what each region holds and what the config declares: a configured parameter missing in a
 * region, a type or value other than the config's for that region (`perRegion` included). Versions count only for a
 * SecureString (its value cannot be compared): regions whose versions differ wrote its value a different number of
 * times. A plain parameter's version is just its write count, so equal values with different versions are not drift.
 */
export function compareWithConfig(
  byRegion: ReadonlyMap<string, ReadonlyMap<string, DeployedParameter>>,
  expected: ReadonlyMap<string, ExpectedParameter>,
): DriftRow[] {
  const regions = [...byRegion.keys()];
  const rows: DriftRow[] = [];
  for (const name of [...expected.keys()].sort()) {
    const want = expected.get(name)!;
    const at = (region: string) => byRegion.get(region)!.get(name);
    const cells = (show: (p: DeployedParameter, region: string) => string) =>
      Object.fromEntries(
        regions.map((region) => {
          const p = at(region);
          return [region, p ? show(p, region) : '-'];
        }),
      );
    if (regions.some((region) => !at(region))) {
      rows.push({ name, field: 'missing', byRegion: cells(() => 'present') });
      continue;
    }
    if (regions.some((region) => at(region)!.type !== want.type)) {
      rows.push({
        name,
        field: 'type',
        byRegion: cells((p) => (p.type === want.type ? p.type : `${p.type} (config: ${want.type})`)),
      });
      continue;
    }
    if (want.valueIn) {
      const valueIn = want.valueIn;
      if (regions.some((region) => at(region)!.value !== valueIn(region))) {
        rows.push({
          name,
          field: 'value',
          byRegion: cells((p, region) =>
            p.value === valueIn(region) ? p.value! : `${p.value ?? ''} (config: ${valueIn(region) ?? ''})`,
          ),
        });
      }
    } else if (new Set(regions.map((region) => at(region)!.version)).size > 1) {
      rows.push({ name, field: 'version', byRegion: cells((p) => String(p.version)) });
    }
  }
  return rows;
}

/** A plain-text table: parameter, field, one column per region. */
export function driftTable(rows: readonly DriftRow[], regions: readonly string[]): string {
  const header = ['parameter', 'differs', ...regions];
  const lines = [header, ...rows.map((r) => [r.name, r.field, ...regions.map((region) => r.byRegion[region] ?? '-')])];
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  const format = (line: string[]) =>
    line
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [format(lines[0]), format(widths.map((w) => '-'.repeat(w))), ...lines.slice(1).map(format)].join('\n');
}

const isMissingCredentials = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message));

/** 0: every region matches the config, 1: some differ, 2: could not read (missing credentials or an API error). */
export async function runDrift(options: DriftOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const byRegion = new Map<string, Map<string, DeployedParameter>>();
  for (const region of options.regions) {
    try {
      byRegion.set(region, await deployedParameters(options.clientFor(region), options.path));
    } catch (error) {
      if (isMissingCredentials(error)) {
        log(
          `drift: no AWS credentials found for ${region}; set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (read-only ssm:GetParametersByPath is enough)`,
        );
      } else {
        log(
          `drift: reading ${options.path} in ${region} failed: ${
            error instanceof Error ? `${error.name}: ${error.message}` : String(error)
          }`,
        );
      }
      return 2;
    }
  }
  const rows = compareWithConfig(byRegion, options.expected);
  const counts = options.regions.map((region) => `${region} ${byRegion.get(region)!.size}`).join(', ');
  if (rows.length === 0) {
    log(
      `drift: the ${options.expected.size} configured parameters under ${options.path} match the config in ${options.regions.length} regions (${counts} parameters found)`,
    );
    return 0;
  }
  log(driftTable(rows, options.regions));
  log(
    `drift: ${rows.length} difference(s) from the config under ${options.path} across ${options.regions.length} regions (${counts} parameters found)`,
  );
  return 1;
}

/** The deepest path that holds every name: `/shop/prod/app/x`, `/shop/prod/feature/y` -> `/shop/prod`. */
export function commonPath(names: readonly string[]): string {
  if (names.length === 0) return '/';
  const split = names.map((name) => name.split('/').slice(1, -1));
  const common: string[] = [];
  for (let i = 0; split.every((levels) => i < levels.length && levels[i] === split[0][i]); i++)
    common.push(split[0][i]);
  return `/${common.join('/')}`;
}
