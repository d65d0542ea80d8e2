import { App, TerraformResource, TerraformStack } from 'cdktf';
import { resolveBase } from '../base/config';
import type { Config } from '../config/load';
import { switchoverEdit } from '../registry/footprint';
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
  for (const change of switchoverEdit(config, target).changes) {
    const parent = change.path.slice(0, -1).reduce((node, key) => node[key] as Record<string, unknown>, switched);
    parent[change.path[change.path.length - 1]] = change.value;
  }
  return resolveBase(switched as unknown as Config) as Config;
}

/**
 * Every stack's resource addresses (`type.name`) for `config`, read from the construct tree: the addresses are fixed
 * once the constructs exist, so nothing is synthesized or written (a tenth of a synthesis' time).
 */
function resourceAddresses(config: Config): Map<string, Set<string>> {
  const key = JSON.stringify(config);
  const known = built.get(key);
  if (known) return known;
  const addresses = buildAddresses(config);
  built.set(key, addresses);
  return addresses;
}

/** Addresses by config: a runbook per target (synth writes one, the tests ask for several) builds each config once. */
const built = new Map<string, Map<string, Set<string>>>();

function buildAddresses(config: Config): Map<string, Set<string>> {
  const app = new App({ skipValidation: true });
  buildDeployment(app, config);
  return new Map(
    app.node.children
      .filter((child): child is TerraformStack => child instanceof TerraformStack)
      .map((stack) => [
        stack.node.id,
        new Set(
          stack.node
            .findAll()
            .filter((node): node is TerraformResource => node instanceof TerraformResource)
            .map((resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`),
        ),
      ]),
  );
}

/**
 * What moving the primary to `target` really adds and removes, per stack: the constructs of both configs built and
 * their resource addresses compared (Aurora readers follow primaryInstances and secondaryInstances, an unpinned cache
 * group is rebuilt, a stack can appear or go). Stacks with no address added or removed are left out. Replacements
 * forced by an argument change keep their address: `cdktf diff` shows them.
 */
export function switchoverChanges(config: Config, target: string): readonly StackChange[] {
  const before = resourceAddresses(config);
  const after = resourceAddresses(switchedConfig(config, target));
  const stacks = [...new Set([...before.keys(), ...after.keys()])];
  return stacks
    .map((stack) => {
      const was = before.get(stack) ?? new Set<string>();
      const now = after.get(stack) ?? new Set<string>();
      return {
        stack,
        removed: [...was].filter((a) => !now.has(a)).sort(),
        added: [...now].filter((a) => !was.has(a)).sort(),
      };
    })
    .filter((change) => change.removed.length > 0 || change.added.length > 0);
}

/** The runbook's lines for the changes: a list per stack, or that nothing is added or removed. */
export function switchoverChangeLines(changes: readonly StackChange[]): string[] {
  if (changes.length === 0)
    return [
      'Built before and after the config change, no stack adds or removes a resource: expect in-place updates only.',
      '',
    ];
  return [
    'Built before and after the config change, these resources are destroyed (-) and created (+); expect them in the',
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
