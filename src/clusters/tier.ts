import { Annotations } from 'cdktf';
import { defineTier } from '../tiers/tier';
import { accountId } from '../iam/account';
import { secretName } from '../secrets/config';
import { CLUSTERS_RULES } from '../policy/rules/clusters';
import { ClustersSchema, addonPinsStaleWarning, calendarStaleWarning, serviceAccountsOf, validateClusters, type ClustersValidationInput } from './config';
import { ClusterRoles, type WorkloadAccess } from './cluster-roles';
import { ClusterNames } from './names';
import { RegionalCluster } from './regional-cluster';
import { validateClusterConfigMaps, type ClusterConfigMapsInput } from './config-maps';
import { clustersRunbook, clustersRunbookSteps } from './runbook';
import { clustersTopology } from './topology';
import { allClusterSignals, clusterSignals } from './signals';
import { sharedLogRetentionDays } from '../observability/config';

/**
 * The clusters tier: an EKS cluster in every region (regional stacks, IAM in the global stack) and a
 * `cluster-<region>` stack per region applying the same namespaces and ConfigMaps to each cluster.
 * Nothing is created while `clusters.enabled` is false.
 */
export const clustersTier = defineTier({
  name: 'clusters',
  sections: { clusters: ClustersSchema },
  validate: (config, ctx) => {
    validateClusters(config, ctx);
    // fromRegion values name other tiers' resources; the whole config reaches the hook at runtime.
    validateClusterConfigMaps(config as unknown as ClusterConfigMapsInput, ctx);
  },
  global: ({ scope, config, names, provider, key }) => {
    if (!config.clusters.enabled) return;
    const today = new Date().toISOString().slice(0, 10);
    for (const stale of [calendarStaleWarning(today), addonPinsStaleWarning(today)]) if (stale !== undefined) Annotations.of(scope).addWarning(stale);
    // The whole config reaches the hook; the secrets and parameters sections are the other tiers'.
    const { secrets, parameters } = config as unknown as Pick<ClustersValidationInput, 'secrets' | 'parameters'>;
    const account = accountId(scope);
    const workloads: WorkloadAccess[] = serviceAccountsOf(config.clusters).map(({ namespace, serviceAccount, config: workload }) => ({
      namespace,
      serviceAccount,
      secretNames: workload.secrets.map((id) => secretName(names.prefix, secrets!.items[id])),
      parameters: workload.parameters.map((name) => ({ name, secure: parameters!.items[name].type === 'SecureString' })),
    }));
    for (const region of config.allRegions) {
      new ClusterRoles(scope, `clusters_roles_${region}`, {
        provider: provider(config.globalRegion),
        names: new ClusterNames(names),
        region,
        account,
        // A multi-region key keeps its key ID in every region; only the region in the ARN differs.
        regionKeyArn: `arn:aws:kms:${region}:${account}:key/${key.primary.keyId}`,
        workloads,
      });
    }
  },
  regional: ({ scope, config, names, region, network, kmsKeyArn }) => {
    if (!config.clusters.enabled) return;
    new RegionalCluster(scope, 'clusters', {
      clusters: config.clusters,
      names,
      region,
      network,
      kmsKeyArn,
      logRetentionDays: sharedLogRetentionDays(config),
      signals: clusterSignals(config, region),
    });
  },
  rules: CLUSTERS_RULES,
  topology: clustersTopology,
  signals: allClusterSignals,
  runbook: clustersRunbookSteps,
  documents: (config) => (config.clusters.enabled ? [{ path: 'runbooks/clusters.md', content: clustersRunbook(config) }] : []),
});
