import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigSchema, type ParsedConfig } from './schema';
import { resolveBase, type BaseConfig } from './base';

/** The validated configuration with every default resolved. */
export type Config = Omit<ParsedConfig, keyof BaseConfig> & BaseConfig;

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

/** Reads the file named by `INFRA_CONFIG` (YAML or JSON), or the embedded default. */
export function loadConfig(file: string = process.env.INFRA_CONFIG || DEFAULT_CONFIG_PATH): Config {
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
    throw new ConfigError(file, [`the file is empty (nothing but whitespace or comments); a config needs at least ${requiredKeys().join(', ')} (start from ${DEFAULT_CONFIG_SOURCE} or one of examples/)`]);
  }
  const source = path.resolve(file) === path.resolve(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_SOURCE : file;
  return { ...parseConfig(data, file), source };
}

export function parseConfig(data: unknown, source = '<inline>'): Config {
  const result = ConfigSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(source, result.error.issues.map(describeIssue));
  }
  return resolveBase(result.data);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(issue.path);
    const keys = issue.keys
      .map((key) => {
        const nearest = allowed && suggestion(key, allowed);
        return `${JSON.stringify(key)}${nearest ? ` (did you mean ${JSON.stringify(nearest)}?)` : ''}`;
      })
      .join(', ');
    return `${where || '(top level)'}: unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${allowed ? `; allowed: ${allowed.join(', ')}` : ''}`;
  }
  const value = 'input' in issue ? issue.input : undefined;
  if (issue.code === 'invalid_type') {
    const expected = `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    return `${where || '(top level)'}: ${value === undefined ? `is required (${expected})` : `must be ${expected} (got ${JSON.stringify(value)})`}`;
  }
  if (issue.code === 'invalid_value' && value === undefined && issue.path.length > 0) {
    return `${where}: is required; allowed: ${issue.values.map(String).join(', ')}`;
  }
  const shown = JSON.stringify(value);
  const message = issue.message.includes(shown) || issue.code === 'custom' ? issue.message : `${issue.message} (got ${shown})`;
  return `${where || '(top level)'}: ${message}`;
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
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
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
