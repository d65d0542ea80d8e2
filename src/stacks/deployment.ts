import type { Construct } from 'constructs';
import type { Config } from '../config/load';
import { StackNames } from '../config/names';
import { BootstrapStack } from './bootstrap-stack';
import { GlobalStack } from './global-stack';
import { RegionalStack } from './regional-stack';
import { EdgeStack } from './edge-stack';
import { ClusterStack } from './cluster-stack';

export interface Deployment {
  /** The state buckets and lock tables; absent with `state.backend: cloud`, which needs none. */
  readonly bootstrap?: BootstrapStack;
  readonly global: GlobalStack;
  /** Keyed by region, the primary first. */
  readonly regions: ReadonlyMap<string, RegionalStack>;
  readonly edge: EdgeStack;
  /** The kubernetes stack of each region, keyed by region; empty unless `clusters.enabled`. */
  readonly clusters: ReadonlyMap<string, ClusterStack>;
}

/**
 * The stack graph, in apply order: bootstrap (S3 state only), global, the primary region, the secondary
 * regions, edge; each region's cluster stack after its region. Dependencies are declared (manifest.json), never taken through cross-stack references, so
 * no stack reads another stack's state.
 */
export function buildDeployment(scope: Construct, config: Config): Deployment {
  const bootstrap = config.state.backend === 's3' ? new BootstrapStack(scope, StackNames.bootstrap, { config }) : undefined;
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

  const clusters = new Map<string, ClusterStack>();
  if (config.clusters.enabled) {
    for (const [region, regional] of regions) {
      const stack = new ClusterStack(scope, StackNames.cluster(region), { config, region: regional.region });
      stack.addDependency(regional);
      clusters.set(region, stack);
    }
  }

  return { bootstrap, global, regions, edge, clusters };
}
