import { defineTier } from '../tiers/tier';
import { ClustersSchema } from './config';

/**
 * The clusters tier: an EKS cluster in every region (regional stacks, IAM in the global stack) and a
 * `cluster-<region>` stack per region applying the same namespaces and ConfigMaps to each cluster.
 */
export const clustersTier = defineTier({
  name: 'clusters',
  sections: { clusters: ClustersSchema },
});
