import { Construct } from 'constructs';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { resourceAttributes } from '../observability/tier';
import { OPENTELEMETRY_CONFIG_MAP, openTelemetryEnvironment } from './observability-addon';

/** Labels every object the cluster stacks create, so `kubectl get -l` finds them. */
export const MANAGED_LABELS = { 'app.kubernetes.io/managed-by': 'cdktf' };

/** The key of the synced Kubernetes Secret that holds the secret's value. */
export const SYNCED_SECRET_KEY = 'value';

/**
 * The Kubernetes name of secret `id` (secret ids allow `_`, Kubernetes object names do not): the name of its
 * SecretProviderClass and of the Kubernetes Secret the CSI driver syncs it into.
 */
export function secretObjectName(id: string): string {
  return id.replace(/_/g, '-');
}

/** One namespace of the cluster, as the stack decided it for the cluster's region. */
export interface ClusterNamespace {
  /** ConfigMaps by name, each with its data in this region. */
  readonly configMaps: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Names of the service accounts to create. */
  readonly serviceAccounts: readonly string[];
  /**
   * The secrets its workloads read, by secret id: each secret's name in Secrets Manager. Each becomes a
   * SecretProviderClass and the Kubernetes Secret the CSI driver syncs it into.
   */
  readonly secrets: Readonly<Record<string, string>>;
}

/** What one region's cluster runs, decided from the config by the cluster stack (`src/clusters/cluster-stack.ts`). */
export interface ClusterConfigurationProps {
  /** The cluster's region: its secrets are read from this region's replicas. */
  readonly region: string;
  /** The deployment's name and environment, which every signal's OpenTelemetry resource attributes carry. */
  readonly deployment: { readonly name: string; readonly environment: string };
  /** The EKS cluster's name, also in the OpenTelemetry variables. */
  readonly clusterName: string;
  /** Namespaces by name: each also gets the OpenTelemetry ConfigMap. */
  readonly namespaces: Readonly<Record<string, ClusterNamespace>>;
}

/**
 * The namespaces, ConfigMaps, service accounts and secret references of `clusters.namespaces`, built from that one
 * definition for every region's cluster; only the declared values (fromRegion, perRegion) differ between regions.
 * Secret values never pass through Terraform: each secret is a SecretProviderClass the Secrets Store CSI driver
 * resolves in the cluster's own region, syncing it into a Kubernetes Secret when a pod mounts it.
 */
export class ClusterConfiguration extends Construct {
  constructor(scope: Construct, id: string, props: ClusterConfigurationProps) {
    super(scope, id);
    const { region } = props;

    for (const [namespaceName, namespace] of Object.entries(props.namespaces)) {
      const ns = new NamespaceV1(this, `namespace_${namespaceName}`, {
        metadata: { name: namespaceName, labels: MANAGED_LABELS },
      });
      // A reference, so each object is created after (and deleted before) its namespace.
      const inNamespace = (name: string) => ({ name, namespace: ns.metadata.name, labels: MANAGED_LABELS });

      for (const [name, data] of Object.entries(namespace.configMaps)) {
        new ConfigMapV1(this, `config_map_${namespaceName}_${name}`, { metadata: inNamespace(name), data });
      }
      new ConfigMapV1(this, `config_map_${namespaceName}_${OPENTELEMETRY_CONFIG_MAP}`, {
        metadata: inNamespace(OPENTELEMETRY_CONFIG_MAP),
        data: openTelemetryEnvironment(resourceAttributes(props.deployment, region), props.clusterName),
      });

      for (const name of namespace.serviceAccounts) {
        new ServiceAccountV1(this, `service_account_${namespaceName}_${name}`, { metadata: inNamespace(name) });
      }

      for (const secretId of Object.keys(namespace.secrets).sort()) {
        const objectName = secretObjectName(secretId);
        new Manifest(this, `secret_provider_class_${namespaceName}_${objectName}`, {
          // kubernetes_manifest reads the CRD from the API at plan time: the regional stack (the CSI driver add-on) is applied first.
          dependsOn: [ns],
          manifest: {
            apiVersion: 'secrets-store.csi.x-k8s.io/v1',
            kind: 'SecretProviderClass',
            metadata: { name: objectName, namespace: namespaceName, labels: MANAGED_LABELS },
            spec: {
              provider: 'aws',
              parameters: {
                // The region's own replica, by name: the driver calls Secrets Manager in this region only, so the
                // cluster keeps reading its secrets while another region is down.
                region,
                usePodIdentity: 'true',
                objects: JSON.stringify([
                  { objectName: namespace.secrets[secretId], objectType: 'secretsmanager', objectAlias: objectName },
                ]),
              },
              secretObjects: [
                { secretName: objectName, type: 'Opaque', data: [{ objectName, key: SYNCED_SECRET_KEY }] },
              ],
            },
          },
        });
      }
    }
  }
}
