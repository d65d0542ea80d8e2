import type { TierConfig } from '../tiers/tier';
import { Names } from '../config/names';
import { addonVersions, type ClustersSchema } from './config';
import { ClusterNames } from './names';

/** `runbooks/clusters.md`: first deploy, access, and a Kubernetes upgrade, with this deployment's names. */
export function clustersRunbook(config: TierConfig<{ clusters: typeof ClustersSchema }>): string {
  const names = new ClusterNames(new Names(config));
  const cluster = names.cluster();
  const regions = config.allRegions;
  const versions = addonVersions(config.clusters);
  return [
    `# EKS clusters: ${cluster}`,
    '',
    `One cluster per region (${regions.join(', ')}), Kubernetes ${config.clusters.kubernetesVersion} (${config.clusters.supportType} support).`,
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
    ...regions.map((region) => `aws eks update-kubeconfig --region ${region} --name ${cluster} --alias ${cluster}-${region}`),
    '```',
    '',
    '## Upgrading Kubernetes',
    '',
    '1. Raise `clusters.kubernetesVersion` by one minor version (EKS upgrades one minor at a time), and pin the add-on',
    '   builds for it in `clusters.addons` (at least kube-proxy and coredns):',
    '   `aws eks describe-addon-versions --kubernetes-version <version> --addon-name <name>`.',
    '2. Apply one region at a time (`region-<region>`): the control plane first, then the node group (rolling), then the add-ons.',
    '   Check workloads there before the next region; the other regions keep serving meanwhile.',
    '',
    'Add-on versions now:',
    '',
    ...Object.entries(versions).map(([name, version]) => `- ${name}: ${version}`),
    '',
  ].join('\n');
}
