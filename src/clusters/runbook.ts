import { Names } from '../config/names';
import type { Move, TierRunbook } from '../operations/steps';
import type { TierConfig } from '../tiers/tier';
import type { ClustersSchema } from './config';
import { ClusterNames } from './names';

/**
 * The clusters' part of the deployment runbook. Each region's cluster is independent and gets the same namespaces
 * from the config; workloads keep no state of their own, so a move only shifts traffic to the target's cluster.
 */
export function clustersRunbookSteps(config: TierConfig<{ clusters: typeof ClustersSchema }>, move: Move): TierRunbook {
  if (!config.clusters.enabled) return { objectives: [], steps: [] };
  const { target } = move;
  const cluster = new ClusterNames(new Names(config)).cluster();
  const context = `${cluster}-${target}`;
  const namespaces = Object.keys(config.clusters.namespaces);
  return {
    objectives: [{
      tier: 'clusters',
      mechanism: 'an EKS cluster per region, config parity',
      rpo: 'none of its own: workloads keep their state in the database, cache and buckets',
      rto: 'as long as shifting traffic to the target cluster takes (DNS or load balancer, outside this config)',
      source: 'no replication between clusters, so no AWS figure applies',
    }],
    steps: [{
      phase: 'clusters',
      title: `Clusters: shift traffic to ${target}'s cluster \`${cluster}\``,
      text: [`Point traffic at ${target}'s workloads. They read ${target}'s database endpoint, cache, bucket, secrets and parameters by name.`],
      before: [{ what: `${target}'s cluster`, command: `aws eks describe-cluster --region ${target} --name ${cluster} --query cluster.status --output text`, expect: '`ACTIVE`' }],
      commands: [
        `aws eks update-kubeconfig --region ${target} --name ${cluster} --alias ${context}`,
        ...(namespaces.length > 0 ? [`kubectl --context ${context} get namespaces ${namespaces.join(' ')}`] : []),
      ],
      after: [{ what: `${target}'s workloads`, command: `kubectl --context ${context} get deployments --all-namespaces`, expect: 'every deployment at its desired replicas' }],
    }],
    // The stack that applies the namespaces to a region's cluster, after the region's own stack.
    regionStacks: (region) => [`cluster-${region}`],
  };
}
