import { ConfigError, parseConfig, type Config } from '../../src/config/load';
import { defaultInput, regionsInput, TEN_SECONDARIES } from '../../scripts/lib/config-inputs';

export { defaultInput, regionsInput, TEN_SECONDARIES };
import type { ConfigInput } from '../../src/registry/schema';

/**
 * The default's rotation functions live in its globalRegion (the config refuses them elsewhere): when a patch moves
 * globalRegion, they move with it, unless the patch set another function.
 */
function rotationFollowsGlobalRegion(input: ConfigInput): void {
  const defaults = defaultInput();
  const home = input.globalRegion ?? input.primaryRegion;
  for (const [id, secret] of Object.entries(input.secrets?.items ?? {})) {
    const rotation = secret.rotation;
    if (!rotation || rotation.lambdaArn !== defaults.secrets?.items?.[id]?.rotation?.lambdaArn) continue;
    rotation.lambdaArn = rotation.lambdaArn.replace(/^(arn:aws:lambda:)[a-z0-9-]+:/, `$1${home}:`);
  }
}

/** A config with `patch` applied to the default input; `patch` mutates a fresh copy. */
export function configWith(patch: (input: ConfigInput) => void = () => undefined): Config {
  const input = defaultInput();
  patch(input);
  rotationFollowsGlobalRegion(input);
  return parseConfig(input, 'test');
}

/**
 * `input` moved to `primary` + `secondaries`: the region fields of `regionsInput`, the default config's explicit
 * `parameters.items.*.perRegion` overrides dropped for regions no longer configured (the config refuses them), and its
 * rotation functions moved to the new globalRegion.
 */
export function withRegions<T extends ConfigInput>(input: T, primary: string, secondaries: string[]): T {
  Object.assign(input, regionsInput(primary, secondaries));
  const kept = new Set([primary, ...secondaries]);
  for (const parameter of Object.values(input.parameters?.items ?? {})) {
    const perRegion = parameter.perRegion as Record<string, unknown> | undefined;
    for (const region of Object.keys(perRegion ?? {})) if (!kept.has(region)) delete perRegion![region];
  }
  rotationFollowsGlobalRegion(input);
  return input;
}

/** A mutation of the raw default input, for validation tests. */
export type Patch = (input: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The validation issues of the default input with `patch` applied; none when it parses. */
export function issuesOf(patch: Patch): string[] {
  const input = defaultInput() as Record<string, unknown>;
  patch(input);
  rotationFollowsGlobalRegion(input as ConfigInput);
  try {
    parseConfig(input, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  return [];
}
