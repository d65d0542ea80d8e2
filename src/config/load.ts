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
  return parseConfig(data, file);
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
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    return `${where || '(top level)'}: unknown key ${keys}${allowed ? `; allowed: ${allowed.join(', ')}` : ''}`;
  }
  const value = 'input' in issue ? issue.input : undefined;
  if (issue.code === 'invalid_type') {
    const expected = `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    return `${where}: ${value === undefined ? `is required (${expected})` : `must be ${expected} (got ${JSON.stringify(value)})`}`;
  }
  const shown = JSON.stringify(value);
  const message = issue.message.includes(shown) || issue.code === 'custom' ? issue.message : `${issue.message} (got ${shown})`;
  return `${where || '(top level)'}: ${message}`;
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
