import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { resolveBase } from '../config/base';
import type { Config } from '../config/load';
import { configChanges } from '../database/runbook';
import { buildDeployment } from '../stacks/deployment';

/** Resources of one stack the switchover destroys and creates, by Terraform address (`type.name`). */
export interface StackChange {
  readonly stack: string;
  readonly removed: readonly string[];
  readonly added: readonly string[];
}

/** The config after moving the primary to `target`: the changes the runbook tells the operator to make. */
export function switchedConfig(config: Config, target: string): Config {
  const switched = structuredClone(config) as unknown as Record<string, unknown>;
  for (const change of configChanges(config, target)) {
    const parent = change.path.slice(0, -1).reduce((node, key) => node[key] as Record<string, unknown>, switched);
    parent[change.path[change.path.length - 1]] = change.value;
  }
  return resolveBase(switched as unknown as Config) as Config;
}

/** Every stack's resource addresses in a synthesized output directory. */
function outputAddresses(outdir: string): Map<string, Set<string>> {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(Object.entries(manifest.stacks).map(([name, stack]) => {
    const text = readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8');
    // `cdktf synth --hcl` (SYNTH_HCL_OUTPUT, which every App follows) writes cdk.tf: one `resource "type" "name" {` per line.
    if (!stack.synthesizedStackPath.endsWith('.json')) {
      return [name, new Set([...text.matchAll(/^resource "([^"]+)" "([^"]+)"/gm)].map(([, type, resource]) => `${type}.${resource}`))];
    }
    const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>> };
    return [name, new Set(Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((resource) => `${type}.${resource}`)))];
  }));
}

/** Addresses of configs already synthesized, by the config's JSON: synth records its own output, saving a synthesis. */
const synthesized = new Map<string, Map<string, Set<string>>>();

/** Records what `outdir` holds as the synthesis of `config`, for the runbook written with it. */
export function rememberSynthesis(config: Config, outdir: string): void {
  synthesized.set(JSON.stringify(config), outputAddresses(outdir));
}

/** Every stack's resource addresses for `config`: remembered, or synthesized into a directory removed afterwards. */
function synthesizedAddresses(config: Config): Map<string, Set<string>> {
  const known = synthesized.get(JSON.stringify(config));
  if (known) return known;
  const outdir = mkdtempSync(path.join(tmpdir(), 'switchover-'));
  try {
    const app = new App({ outdir });
    buildDeployment(app, config);
    app.synth();
    return outputAddresses(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * What moving the primary to `target` really adds and removes, per stack: both configs synthesized and their resource
 * addresses compared (Aurora readers follow primaryInstances and secondaryInstances, an unpinned cache group is
 * rebuilt, a stack can appear or go). Stacks with no address added or removed are left out. Replacements forced by
 * an argument change keep their address: `cdktf diff` shows them.
 */
export function switchoverChanges(config: Config, target: string): readonly StackChange[] {
  // Two syntheses take seconds; synth and `npm run runbook` ask again for the same config and target.
  const key = JSON.stringify([config, target]);
  const known = computed.get(key);
  if (known) return known;
  const changes = compareSyntheses(config, target);
  computed.set(key, changes);
  return changes;
}

const computed = new Map<string, readonly StackChange[]>();

function compareSyntheses(config: Config, target: string): StackChange[] {
  const before = synthesizedAddresses(config);
  const after = synthesizedAddresses(switchedConfig(config, target));
  const stacks = [...new Set([...before.keys(), ...after.keys()])];
  return stacks
    .map((stack) => {
      const was = before.get(stack) ?? new Set<string>();
      const now = after.get(stack) ?? new Set<string>();
      return { stack, removed: [...was].filter((a) => !now.has(a)).sort(), added: [...now].filter((a) => !was.has(a)).sort() };
    })
    .filter((change) => change.removed.length > 0 || change.added.length > 0);
}

/** The runbook's lines for the changes: a list per stack, or that nothing is added or removed. */
export function switchoverChangeLines(changes: readonly StackChange[]): string[] {
  if (changes.length === 0) return ['Synthesized before and after the config change, no stack adds or removes a resource: expect in-place updates only.', ''];
  return [
    'Synthesized before and after the config change, these resources are destroyed (-) and created (+); expect them in the',
    'plans, and nothing else added or removed:',
    '',
    ...changes.flatMap((change) => [
      `- \`${change.stack}\`: ${change.removed.length} destroyed, ${change.added.length} created`,
      ...change.removed.map((address) => `  - \`- ${address}\``),
      ...change.added.map((address) => `  - \`+ ${address}\``),
    ]),
    '',
  ];
}
