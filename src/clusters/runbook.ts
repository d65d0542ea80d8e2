import { Names } from '../base/names';
import type { Move, TierRunbook } from '../tiers/runbook';
import { ClusterNames } from './names';
import { addonVersions, describeAddonVersionsCommand, type ClustersSchema } from './config';
import type { TierConfig } from '../tiers/tier';

/** `runbooks/clusters.md`: first deploy, access, and a Kubernetes upgrade, with this deployment's names. */
export function clustersRunbook(config: TierConfig<{ clusters: typeof ClustersSchema }>): string {
  const names = new ClusterNames(new Names(config));
  const cluster = names.cluster();
  const regions = config.allRegions;
  const versions = addonVersions(config.clusters);
  return [
    `# EKS clusters: ${cluster}`,
    '',
    `One cluster per region (${regions.join(', ')}), Kubernetes ${config.clusters.kubernetesVersion} (${
      config.clusters.supportType
    } support).`,
    '',
    '## First deploy',
    '',
    '1. Once per account, the EC2 Auto Scaling service-linked role (the key policy names it, for encrypted node volumes):',
    '   `aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com` (an error saying it exists is fine).',
    '2. Apply `global` (IAM roles), then each `region-<region>` stack (cluster, nodes, add-ons), then each `cluster-<region>` stack.',
    '',
    '## Access',
    '',
    'Only the roles in `clusters.admins` and `clusters.viewers` have access entries. Assume one, then:',
    '',
    '```sh',
    ...regions.map(
      (region) => `aws eks update-kubeconfig --region ${region} --name ${cluster} --alias ${cluster}-${region}`,
    ),
    '```',
    '',
    '## Upgrading Kubernetes',
    '',
    '1. Raise `clusters.kubernetesVersion` by one minor version (EKS upgrades one minor at a time). Synthesis installs',
    "   that version's row of ADDON_PINS (src/clusters/config.ts); without a row, add one or pin every add-on in",
    `   \`clusters.addons\`: \`${describeAddonVersionsCommand('<version>', '<name>')}\`.`,
    '2. Apply one region at a time (`region-<region>`): the control plane first, then the node group (rolling), then the add-ons.',
    '   Check workloads there before the next region; the other regions keep serving meanwhile.',
    '',
    'Add-on versions now:',
    '',
    ...Object.entries(versions).map(([name, version]) => `- ${name}: ${version}`),
    '',
  ].join('\n');
}

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
    objectives: [
      {
        tier: 'clusters',
        mechanism: 'an EKS cluster per region, config parity',
        rpo: 'none of its own: workloads keep their state in the database, cache and buckets',
        rto: 'as long as shifting traffic to the target cluster takes (DNS or load balancer, outside this config)',
        source: 'no replication between clusters, so no AWS figure applies',
      },
    ],
    steps: [
      {
        phase: 'workloads',
        title: `Clusters: shift traffic to ${target}'s cluster \`${cluster}\``,
        text: [
          `Point traffic at ${target}'s workloads. They read ${target}'s database endpoint, cache, bucket, secrets and parameters by name.`,
        ],
        before: [
          {
            what: `${target}'s cluster`,
            command: `aws eks describe-cluster --region ${target} --name ${cluster} --query cluster.status --output text`,
            expect: '`ACTIVE`',
          },
        ],
        commands: [
          `aws eks update-kubeconfig --region ${target} --name ${cluster} --alias ${context}`,
          ...(namespaces.length > 0 ? [`kubectl --context ${context} get namespaces ${namespaces.join(' ')}`] : []),
        ],
        after: [
          {
            what: `${target}'s workloads`,
            command: `kubectl --context ${context} get deployments --all-namespaces`,
            expect: 'every deployment at its desired replicas',
          },
        ],
      },
    ],
    // The stack that applies the namespaces to a region's cluster, after the region's own stack.
    regionStacks: (region) => [`cluster-${region}`],
  };
}
