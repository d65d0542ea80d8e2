import { Testing, type TerraformStack } from 'cdktf';
import { buildDeployment, type Deployment } from '../../src/stacks/deployment';
import type { Config } from '../../src/config/load';
import { parseHclLiteral } from '../../src/policy/hcl-literal';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Assertions over one stack's synthesized Terraform JSON. */
export class Template {
  static fromStack(stack: TerraformStack): Template {
    return new Template(JSON.parse(Testing.synth(stack, true)) as Json);
  }

  private constructor(readonly json: Json) {}

  /** Every resource of `type`, keyed by name. */
  resources(type: string): Record<string, Json> {
    return this.json.resource?.[type] ?? {};
  }

  /** The resource `type.name`; throws when it is missing. */
  resource(type: string, name: string): Json {
    const found = this.resources(type)[name];
    if (!found) throw new Error(`no ${type}.${name}; have: ${Object.keys(this.resources(type)).join(', ') || 'none'}`);
    return found;
  }

  dataSources(type: string): Record<string, Json> {
    return this.json.data?.[type] ?? {};
  }

  /** `type.name` of every resource, sorted: the stack's Terraform addresses. */
  addresses(): string[] {
    return Object.entries(this.json.resource ?? {})
      .flatMap(([type, byName]) => Object.keys(byName as Json).map((name) => `${type}.${name}`))
      .sort();
  }

  /** The resources of `type` whose configuration contains `properties` (deep, partial). */
  resourcesMatching(type: string, properties: Json): Json[] {
    return Object.values(this.resources(type)).filter((resource) => contains(resource, properties));
  }

  get providers(): Json[] {
    return this.json.provider?.aws ?? [];
  }

  get backend(): Json | undefined {
    return this.json.terraform?.backend;
  }
}

function contains(actual: unknown, expected: unknown): boolean {
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([key, value]) => contains((actual as Json)[key], value));
  }
  return actual === expected;
}

/** Builds the whole stack graph for `config` in a test app (no files written). */
export function deploymentFor(config: Config): Deployment {
  return buildDeployment(Testing.app(), config);
}

/** The document inside a synthesized `${jsonencode({...})}` policy, bare references as `${ref}`. */
export function decodePolicy(value: unknown): Json {
  const literal = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(String(value))?.[1];
  if (literal === undefined) throw new Error(`not a jsonencode() policy: ${String(value)}`);
  return parseHclLiteral(literal) as Json;
}
