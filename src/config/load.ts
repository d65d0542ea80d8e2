import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigSchema } from '../registry/schema';
import { resolveBase } from '../base/config';

import type { Config } from '../registry/schema';

export type { Config };

/** Raised for any bad input; `issues` holds one line per problem, each naming the field. */
export class ConfigError extends Error {
  constructor(readonly source: string, readonly issues: readonly string[]) {
    super(`invalid config ${source}:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG_PATH = path.join(__dirname, '..', '..', 'config', 'default.yaml');
/** The embedded default as commands run from the project root name it. */
export const DEFAULT_CONFIG_SOURCE = 'config/default.yaml';

/**
 * The file `INFRA_CONFIG` names, resolved against the directory the command was started in: npm runs scripts from
 * the project root but keeps that directory in `INIT_CWD`. Shown relative to the current directory when inside it.
 */
export function configFileFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.INFRA_CONFIG) return DEFAULT_CONFIG_PATH;
  const resolved = path.resolve(env.INIT_CWD || process.cwd(), env.INFRA_CONFIG);
  const relative = path.relative(process.cwd(), resolved);
  return relative.startsWith('..') || path.isAbsolute(relative) ? resolved : relative;
}

/** Reads the file named by `INFRA_CONFIG` (YAML or JSON), or the embedded default. */
export function loadConfig(file: string = configFileFromEnvironment()): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML or JSON: ${(error as Error).message}`]);
  }
  if (data === null || data === undefined) {
    throw new ConfigError(file, [
      `the file is empty (nothing but whitespace or comments); a config needs at least ${requiredKeys().join(
        ', ',
      )} (start from ${DEFAULT_CONFIG_SOURCE} or one of examples/)`,
    ]);
  }
  const source = path.resolve(file) === path.resolve(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_SOURCE : file;
  return { ...parseConfig(data, file), source };
}

export function parseConfig(data: unknown, source = '<inline>'): Config {
  const result = ConfigSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(source, issuesWithoutKnockOns(data, result.error.issues));
  }
  return resolveBase(result.data);
}

/**
 * A misspelt key (`secondaryRegion`) also makes the key it was meant to be missing, and everything checked against
 * that key fail in turn. When every unknown key has a near allowed key that the input lacks, the input is checked
 * again with those keys renamed: its errors, then the typos, are what is reported.
 */
function issuesWithoutKnockOns(data: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  const typos = issues.filter((issue) => issue.code === 'unrecognized_keys');
  const renames = typos.flatMap((issue) =>
    issue.keys.map((key) => ({ parent: issue.path, key, meant: suggestedKey(issue.path, key) })),
  );
  if (renames.length === 0 || renames.some((rename) => rename.meant === undefined)) return issues.map(describeIssue);
  const corrected = structuredClone(data);
  for (const { parent, key, meant } of renames) {
    const object = parent.reduce<unknown>(
      (node, segment) => (node as Record<PropertyKey, unknown>)?.[segment],
      corrected,
    ) as Record<string, unknown> | undefined;
    if (!object || typeof object !== 'object' || meant! in object) return issues.map(describeIssue);
    object[meant!] = object[key];
    delete object[key];
  }
  const recheck = ConfigSchema.safeParse(corrected, { reportInput: true });
  const remaining = recheck.success ? [] : recheck.error.issues.filter((issue) => issue.code !== 'unrecognized_keys');
  return [...remaining, ...typos].map(describeIssue);
}

function suggestedKey(parent: readonly PropertyKey[], key: string): string | undefined {
  const allowed = allowedKeys(parent);
  return allowed && suggestion(key, allowed);
}

/** One line for a zod issue: the field, what is wrong with the value, and what is allowed (or the fix). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(issue.path);
    const keys = issue.keys
      .map((key) => {
        const nearest = allowed && suggestion(key, allowed);
        return `${JSON.stringify(key)}${nearest ? ` (did you mean ${JSON.stringify(nearest)}?)` : ''}`;
      })
      .join(', ');
    return `${where || '(top level)'}: unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${
      allowed ? `; allowed: ${allowed.join(', ')}` : ''
    }`;
  }
  const value = 'input' in issue ? issue.input : undefined;
  if (issue.code === 'invalid_type') {
    const expected = `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    if (value === undefined) return `${where || '(top level)'}: is required (${expected})`;
    return `${where || '(top level)'}: must be ${expected} (got ${JSON.stringify(value)})${
      issue.expected === 'string' ? quoteHint(value) : ''
    }`;
  }
  if (issue.code === 'invalid_value' && value === undefined && issue.path.length > 0) {
    return `${where}: is required; allowed: ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'invalid_key') {
    // The key's own schema says what a key must be; zod's wrapper ("Invalid key in record") names nothing allowed.
    const key = String(issue.input);
    const reasons = issue.issues.map((inner) => inner.message).join('; ');
    const fixed = key.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    return `${formatPath(issue.path.slice(0, -1)) || '(top level)'}: key ${JSON.stringify(key)} ${reasons}${
      fixed !== key && /^[a-z]/.test(fixed) ? `; use ${JSON.stringify(fixed)}` : ''
    }`;
  }
  // Only zod's own wording ("Invalid input"): a union with a message of its own says what is allowed already.
  if (
    issue.code === 'invalid_union' &&
    issue.message === 'Invalid input' &&
    issue.errors.length > 0 &&
    issue.errors.every((option) => option.length > 0)
  ) {
    const alternatives = unionAlternatives(issue.errors);
    if (alternatives) {
      return `${where || '(top level)'}: must be ${alternatives.join(' or ')} (got ${JSON.stringify(value)})${
        alternatives.includes('a string') ? quoteHint(value) : ''
      }`;
    }
  }
  const shown = JSON.stringify(value);
  const message =
    issue.message.includes(shown) || issue.code === 'custom' ? issue.message : `${issue.message} (got ${shown})`;
  return `${where || '(top level)'}: ${message}`;
}

/** What each option of a failed union expected, when every option failed on the type of the value itself. */
function unionAlternatives(options: readonly (readonly z.core.$ZodIssue[])[]): string[] | undefined {
  const alternatives: string[] = [];
  for (const option of options) {
    const own = option.find((issue) => issue.path.length === 0);
    if (own?.code === 'invalid_type')
      alternatives.push(`${/^[aeiou]/.test(own.expected) ? 'an' : 'a'} ${own.expected}`);
    else if (own?.code === 'invalid_value')
      alternatives.push(own.values.map((allowed) => JSON.stringify(allowed)).join(', '));
    else return undefined;
  }
  return [...new Set(alternatives)];
}

/** YAML reads an unquoted `false`, `42` or `1.10` as a boolean or number; the fix is quoting it. */
function quoteHint(value: unknown): string {
  return typeof value === 'boolean' || typeof value === 'number' ? `; quote it: "${String(value)}"` : '';
}

/** The allowed key nearest to a misspelt `key`, when it is near enough to be what was meant. */
export function suggestion(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  if (!best) return undefined;
  // Up to 2 edits, or a third of the key for long keys; never half or more of a short key.
  const near = best.distance <= Math.max(2, Math.floor(key.length / 3)) && best.distance <= Math.floor(key.length / 2);
  return near ? best.key : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Top-level keys a config must have. */
function requiredKeys(): string[] {
  return Object.entries(ConfigSchema.shape)
    .filter(([, schema]) => !(schema as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** Keys the schema accepts at `segments`, for "unknown key" errors. */
function allowedKeys(segments: readonly PropertyKey[]): string[] | undefined {
  let schema: z.core.$ZodType | undefined = unwrap(ConfigSchema);
  for (const segment of segments) {
    if (schema instanceof z.ZodObject) schema = unwrap(schema.shape[String(segment)]);
    else if (schema instanceof z.ZodRecord) schema = unwrap(schema._zod.def.valueType);
    else if (schema instanceof z.ZodArray) schema = unwrap(schema._zod.def.element);
    else return undefined;
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  while (current && 'innerType' in current._zod.def) {
    current = current._zod.def.innerType as z.core.$ZodType;
  }
  if (current instanceof z.ZodPipe) return unwrap(current._zod.def.in);
  return current;
}
