import type { Construct } from 'constructs';
import type { Config } from '../config/load';
import { StackNames } from '../base/names';
import { tierStacks } from '../registry/footprint';
import { BaseStack } from './base-stack';
import { BootstrapStack } from './bootstrap-stack';
import { GlobalStack } from './global-stack';
import { RegionalStack } from './regional-stack';
import { EdgeStack } from './edge-stack';

export interface Deployment {
  /** The state buckets and lock tables; absent with `state.backend: cloud`, which needs none. */
  readonly bootstrap?: BootstrapStack;
  readonly global: GlobalStack;
  /** Keyed by region, the primary first. */
  readonly regions: ReadonlyMap<string, RegionalStack>;
  readonly edge: EdgeStack;
  /** The tiers' own stacks (`Tier.stacks`, such as `cluster-<region>`), keyed by stack name. */
  readonly tierStacks: ReadonlyMap<string, BaseStack>;
}

/**
 * The stack graph, in apply order: bootstrap (S3 state only), global, the primary region, the secondary
 * regions, edge; each tier stack after its region's stack. Dependencies are declared (manifest.json), never taken
 * through cross-stack references, so no stack reads another stack's state.
 */
export function buildDeployment(scope: Construct, config: Config): Deployment {
  const bootstrap =
    config.state.backend === 's3' ? new BootstrapStack(scope, StackNames.bootstrap, { config }) : undefined;
  const global = new GlobalStack(scope, StackNames.global, { config });
  if (bootstrap) global.addDependency(bootstrap);

  const regions = new Map<string, RegionalStack>();
  for (const region of config.allRegions) {
    const stack = new RegionalStack(scope, StackNames.region(region), { config, region });
    stack.addDependency(global);
    if (region !== config.primaryRegion) stack.addDependency(regions.get(config.primaryRegion)!);
    regions.set(region, stack);
  }

  const edge = new EdgeStack(scope, StackNames.edge, { config });
  for (const stack of regions.values()) edge.addDependency(stack);

  const extra = new Map<string, BaseStack>();
  for (const spec of tierStacks(config, global.names)) {
    const stack = new BaseStack(scope, spec.name, { config, stateRegion: spec.region });
    stack.defaultProvider(spec.region);
    stack.addDependency(regions.get(spec.region)!);
    spec.build({ stack, config, names: stack.names, region: spec.region });
    extra.set(spec.name, stack);
  }

  return { bootstrap, global, regions, edge, tierStacks: extra };
}
