import { BASE_SHAPE } from '../base/config';
import { configJsonSchema } from './json-schema';
import { AWS_REGIONS } from '../base/regions';
import { TIERS } from '../registry/tiers';
import type { Sections } from '../tiers/tier';

/** The subset of JSON Schema that `z.toJSONSchema` writes for the config. */
interface Node {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly Node[];
  readonly properties?: Readonly<Record<string, Node>>;
  readonly additionalProperties?: Node | boolean;
  readonly propertyNames?: Node;
  readonly items?: Node;
  readonly required?: readonly string[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

interface Row {
  readonly path: string;
  readonly node: Node;
  readonly required: boolean;
}

const REGION_LIST = JSON.stringify([...AWS_REGIONS]);
const isRegionEnum = (node: Node): boolean => node.enum !== undefined && JSON.stringify(node.enum) === REGION_LIST;
const code = (value: unknown): string => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
// zod writes the integer bounds it always applies (the safe-integer range) even where the schema sets none.
const meaningful = (bound: number | undefined): bound is number =>
  bound !== undefined && Math.abs(bound) !== Number.MAX_SAFE_INTEGER;

/** The placeholder for the keys of a map: `<region>` for maps keyed by region, `<name>` otherwise. */
function keyPlaceholder(path: string, keys: Node | undefined): string {
  return /(^|\.)(regions|perRegion)$/.test(path) || (keys && isRegionEnum(keys)) ? '<region>' : '<name>';
}

function mapValue(node: Node): Node | undefined {
  return typeof node.additionalProperties === 'object' && node.type === 'object' && !node.properties
    ? node.additionalProperties
    : undefined;
}

/** Every field below `node` (itself first), nested objects, map values and list items flattened into dotted paths. */
function rows(path: string, node: Node, required: boolean): Row[] {
  const own: Row = { path, node, required };
  const value = mapValue(node);
  if (value) {
    const child = `${path}.${keyPlaceholder(path, node.propertyNames)}`;
    return [own, ...(value.properties ? rows(child, value, false).slice(1) : [])];
  }
  if (node.type === 'array' && node.items?.properties) return [own, ...rows(`${path}[]`, node.items, false).slice(1)];
  return [
    own,
    ...Object.entries(node.properties ?? {}).flatMap(([key, child]) =>
      rows(`${path}.${key}`, child, node.required?.includes(key) ?? false),
    ),
  ];
}

function typeOf(node: Node): string {
  if (node.anyOf) {
    const types = [
      ...new Set(
        node.anyOf.map((option) => (option.const !== undefined ? option.type ?? typeof option.const : typeOf(option))),
      ),
    ];
    return types.join(' or ');
  }
  if (isRegionEnum(node)) return 'AWS region';
  if (node.type === 'array')
    return node.items ? `list of ${node.items.properties ? 'objects' : typeOf(node.items)}` : 'list';
  const value = mapValue(node);
  if (value) return `map of ${value.properties ? 'objects' : typeOf(value)}`;
  if (node.enum) return typeof node.enum[0] === 'number' ? 'number' : 'string';
  return node.type ?? 'any';
}

/** Allowed values and constraints of one node (a list's item constraints and a map's key constraints included). */
function constraints(node: Node): string[] {
  const found: string[] = [];
  if (isRegionEnum(node)) found.push('an AWS region of [the list below](#aws-regions)');
  else if (node.enum) found.push(`one of ${node.enum.map(code).join(', ')}`);
  const consts = node.anyOf?.filter((option) => option.const !== undefined);
  if (consts && consts.length > 0) found.push(`one of ${consts.map((option) => code(option.const)).join(', ')}`);
  if (node.pattern) found.push(`matches ${code(node.pattern)}`);
  const lower = meaningful(node.minimum)
    ? `>= ${node.minimum}`
    : node.exclusiveMinimum !== undefined
    ? `> ${node.exclusiveMinimum}`
    : undefined;
  const upper = meaningful(node.maximum)
    ? `<= ${node.maximum}`
    : node.exclusiveMaximum !== undefined
    ? `< ${node.exclusiveMaximum}`
    : undefined;
  if (lower && upper && meaningful(node.minimum) && meaningful(node.maximum))
    found.push(`${node.minimum} to ${node.maximum}`);
  else found.push(...[lower, upper].filter((bound): bound is string => bound !== undefined));
  if (node.minLength !== undefined && node.maxLength !== undefined)
    found.push(`${node.minLength} to ${node.maxLength} characters`);
  else if (node.minLength !== undefined)
    found.push(`at least ${node.minLength} character${node.minLength === 1 ? '' : 's'}`);
  else if (node.maxLength !== undefined) found.push(`at most ${node.maxLength} characters`);
  if (node.minItems !== undefined) found.push(`at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
  if (node.maxItems !== undefined) found.push(`at most ${node.maxItems} items`);
  if (node.type === 'array' && node.items && !node.items.properties)
    found.push(...constraints(node.items).map((text) => `each ${text}`));
  const value = mapValue(node);
  if (node.propertyNames) found.push(...constraints(node.propertyNames).map((text) => `keys: ${text}`));
  if (value && !value.properties) found.push(...constraints(value).map((text) => `values: ${text}`));
  return found;
}

/** Markdown table cell: one line, pipes escaped. */
const cell = (text: string): string => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

function row({ path, node, required }: Row): string {
  const fallback = node.default !== undefined ? code(node.default) : required ? '**required**' : '';
  return `| ${[code(path), typeOf(node), fallback, constraints(node).join('; '), node.description ?? '']
    .map(cell)
    .join(' | ')} |`;
}

function table(schema: Node, keys: readonly string[]): string[] {
  return [
    '| field | type | default | allowed values and constraints | description |',
    '| --- | --- | --- | --- | --- |',
    ...keys.flatMap((key) => rows(key, schema.properties![key], schema.required?.includes(key) ?? false)).map(row),
  ];
}

/**
 * docs/config.md: every field of the config file (type, default, allowed values and constraints, description),
 * generated from the zod schema through its JSON Schema, the deployment's base fields first, then each tier's
 * sections in registry order. A tier registered later appears without an edit here.
 */
export function configReference(): string {
  const schema = configJsonSchema() as Node;
  const base = Object.keys(BASE_SHAPE);
  const tiers = TIERS.map((tier) => ({ name: tier.name, sections: Object.keys(tier.sections as Sections) }));
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated from src/registry/schema.ts by `npm run schema` (src/config/reference.ts); do not edit by hand. -->',
    '',
    'Every field of the config file (`INFRA_CONFIG`, default [`config/default.yaml`](../config/default.yaml)), generated',
    'from the zod schema, as is its JSON Schema [`config/schema.json`](../config/schema.json). Only the fields marked',
    '**required** must be set; every tier section may be left out and then takes its defaults. Nested fields are',
    'written as paths: `<region>` stands for a region name used as a key, `<name>` for a name of your choosing, `[]`',
    'for the items of a list. Cross-field rules (disjoint VPC ranges, region limits per mode, ...) are checked after',
    "each field parses: see the tier's page.",
    '',
    '- [Deployment](#deployment)',
    ...tiers.map((tier) => `- [${tier.name} tier](#${tier.name}-tier): ${tier.sections.map(code).join(', ')}`),
    '- [AWS regions](#aws-regions)',
    '',
    '## Deployment',
    '',
    ...table(schema, base),
    ...tiers.flatMap((tier) => ['', `## ${tier.name} tier`, '', ...table(schema, tier.sections)]),
    '',
    '## AWS regions',
    '',
    AWS_REGIONS.map(code).join(', '),
    '',
  ];
  return lines.join('\n');
}
