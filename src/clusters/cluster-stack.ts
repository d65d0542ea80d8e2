import { Fn, type TerraformStack } from 'cdktf';
import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import type { Names } from '../base/names';
import { SecurityBaseline } from '../policy/security-baseline';
import { regionalStackHoldsNoGlobalService } from '../policy/rules/layout';
import { ClusterNames } from './names';
import { ClusterConfiguration } from './cluster-configuration';
import { configMapData, RegionalValues, type ClusterConfigMapsInput, type RegionalSources } from './config-maps';
import { clusterParity, describeDifference, type ClusterStackJson } from './parity';

/** The name of `region`'s kubernetes stack, applied after `region-<region>`. */
export const clusterStackName = (region: string): string => `cluster-${region}`;

export interface ClusterStackContentsProps {
  readonly config: ClusterConfigMapsInput;
  readonly names: Names;
  readonly region: string;
  /** Where the ConfigMaps' regional values come from. */
  readonly sources: RegionalSources;
  /** A secret's name in Secrets Manager, by secret id (what the secrets tier publishes). */
  readonly secretName: (id: string) => string;
}

/**
 * What runs inside one region's EKS cluster: the namespaces, ConfigMaps, service accounts and secret references
 * of `clusters.namespaces`. A stack of its own, applied after the region's stack, because the kubernetes provider
 * cannot be configured from a cluster created in the same apply and `kubernetes_manifest` reads the API at plan
 * time. It holds to the regional stacks' outage rule: state in its region's bucket, only its region's AWS provider,
 * the cluster found by name in its own region, nothing global.
 */
export function buildClusterStack(stack: TerraformStack, props: ClusterStackContentsProps): void {
  const { config, names, region, sources, secretName } = props;
  stack.node.addValidation(new SecurityBaseline(stack, [regionalStackHoldsNoGlobalService]));

  const clusterName = new ClusterNames(names).cluster();
  const cluster = new DataAwsEksCluster(stack, 'cluster', { name: clusterName });
  // exec fetches a short-lived token at plan and apply time and stores it nowhere (never data.aws_eks_cluster_auth).
  new KubernetesProvider(stack, 'kubernetes', {
    host: cluster.endpoint,
    clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
    exec: [
      {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', clusterName, '--region', region],
        // The token is a presigned STS call: sign it for the region's own STS endpoint, never the global one in us-east-1.
        // An expression, since cdktf writes a provider's map keys in snake case (aws_sts_regional_endpoints).
        env: Fn.tomap({ AWS_STS_REGIONAL_ENDPOINTS: 'regional' }) as unknown as Record<string, string>,
      },
    ],
  });

  const values = new RegionalValues(stack, sources, names, region);
  new ClusterConfiguration(stack, 'k8s', {
    region,
    deployment: config,
    clusterName,
    namespaces: Object.fromEntries(
      Object.entries(config.clusters.namespaces).map(([name, namespace]) => [
        name,
        {
          configMaps: Object.fromEntries(
            Object.entries(namespace.configMaps).map(([mapName, configMap]) => [
              mapName,
              configMapData(configMap, region, values),
            ]),
          ),
          serviceAccounts: Object.keys(namespace.serviceAccounts),
          secrets: Object.fromEntries(
            Object.values(namespace.serviceAccounts)
              .flatMap((account) => account.secrets)
              .map((id) => [id, secretName(id)]),
          ),
        },
      ]),
    ),
  });

  // Parity is a guard, not a report: every synth compares the cluster stacks (the user's constructs included) and
  // fails this stack on a difference of its region the config does not declare.
  stack.node.addValidation({
    validate: () => {
      const stacks = new Map(
        [config.primaryRegion, ...config.secondaryRegions].flatMap((other) => {
          const sibling = stack.node.scope?.node.tryFindChild(clusterStackName(other)) as TerraformStack | undefined;
          return sibling ? [[other as string, sibling.toTerraform() as ClusterStackJson] as const] : [];
        }),
      );
      return clusterParity(config.clusters, stacks)
        .undeclared.filter((difference) => difference.region === region)
        .map(
          (difference) =>
            `[CLUSTER_PARITY] ${describeDifference(
              difference,
            )}; declare it in clusters.namespaces (perRegion, fromRegion) or make the regions alike`,
        );
    },
  });
}
