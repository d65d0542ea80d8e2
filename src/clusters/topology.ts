import { Names } from '../base/names';
import type { TierConfig } from '../tiers/tier';
import { linksFrom, type TopologyContribution } from '../tiers/topology';
import type { ClustersSchema } from './config';
import { ClusterNames } from './names';

const TIER = 'clusters';

/** An EKS cluster per region, each given the same namespaces from the one config: parity, no replication. */
export function clustersTopology(config: TierConfig<{ clusters: typeof ClustersSchema }>): TopologyContribution {
  if (!config.clusters.enabled) return { components: [], links: [] };
  const cluster = new ClusterNames(new Names(config)).cluster();
  const namespaces = Object.keys(config.clusters.namespaces).length;
  return {
    components: config.allRegions.map((region) => ({
      tier: TIER,
      region,
      label: `EKS ${cluster}, ${namespaces} namespace${namespaces === 1 ? '' : 's'}`,
    })),
    links: linksFrom(TIER, config.primaryRegion, config.secondaryRegions, {
      mechanism: 'cluster-parity',
      kind: 'parity',
      label: 'Cluster config parity',
    }),
  };
}
