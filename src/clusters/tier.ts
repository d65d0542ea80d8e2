import { Annotations } from 'cdktf';
import { Names } from '../base/names';
import { defineTier } from '../tiers/tier';
import { accountId } from '../iam/account';
import { autoScalingEbsUse } from '../kms/key-policy';
import { CLUSTERS_RULES } from '../policy/rules/clusters';
import { cacheTier } from '../cache/tier';
import { databaseTier } from '../database/tier';
import { alertsTopicArn, observabilityTier } from '../observability/tier';
import { parametersTier } from '../parameters/tier';
import { secretsTier } from '../secrets/tier';
import { storageTier } from '../storage/tier';
import {
  ClustersSchema,
  addonPinsStaleWarning,
  addonVersions,
  calendarStaleWarning,
  serviceAccountsOf,
  validateClusters,
} from './config';
import { ClusterRoles } from './cluster-roles';
import { buildClusterStack, clusterStackName } from './cluster-stack';
import { ClusterNames } from './names';
import { RegionalCluster } from './regional-cluster';
import { validateClusterConfigMaps, type RegionalSources } from './config-maps';
import { clustersRunbook, clustersRunbookSteps } from './runbook';
import { clustersTopology } from './topology';
import { allClusterSignals, clusterSignals } from './signals';
import { regionalArn } from '../base/partition';
import { roleArn } from '../iam/policy';

type SourcesConfig = Parameters<typeof storageTier.published.bucketName>[0] &
  Parameters<typeof databaseTier.published.regionalDatabase>[0] &
  Parameters<typeof cacheTier.published.regionalCache>[0];

/** Where the ConfigMaps' regional values come from: what the storage, database and cache tiers publish. */
const regionalSources = (config: SourcesConfig, names: Names): RegionalSources => ({
  bucketName: (region) => storageTier.published.bucketName(config, region),
  database: (region) => databaseTier.published.regionalDatabase(config, names, region),
  cache: (region) => cacheTier.published.regionalCache(config, names, region),
});

/**
 * The clusters tier: an EKS cluster in every region (regional stacks, IAM in the global stack) and a
 * `cluster-<region>` stack per region applying the same namespaces and ConfigMaps to each cluster.
 * Nothing is created while `clusters.enabled` is false.
 */
export const clustersTier = defineTier({
  name: 'clusters',
  sections: { clusters: ClustersSchema },
  // ConfigMaps read the database, cache and bucket of their region; workloads read secrets and parameters.
  requires: [databaseTier, cacheTier, storageTier, secretsTier, parametersTier, observabilityTier],
  validate: (config, ctx) => {
    validateClusters(config, ctx);
    validateClusterConfigMaps(config, regionalSources(config, new Names(config)), ctx);
  },
  global: ({ scope, config, names, provider, key }) => {
    if (!config.clusters.enabled) return;
    const today = new Date().toISOString().slice(0, 10);
    for (const stale of [calendarStaleWarning(today), addonPinsStaleWarning(today)])
      if (stale !== undefined) Annotations.of(scope).addWarning(stale);
    const { secretName, secretArnPattern } = secretsTier.published;
    const { parameterArn } = parametersTier.published;
    const account = accountId(scope);
    for (const region of config.allRegions) {
      new ClusterRoles(scope, `clusters_roles_${region}`, {
        provider: provider(config.globalRegion),
        names: new ClusterNames(names),
        region,
        account,
        // A multi-region key keeps its key ID in every region; only the region in the ARN differs.
        regionKeyArn: regionalArn('kms', region, account, `key/${key.primary.keyId}`),
        workloads: serviceAccountsOf(config.clusters).map(({ namespace, serviceAccount, config: workload }) => ({
          namespace,
          serviceAccount,
          secretArns: workload.secrets.map((id) =>
            secretArnPattern(region, account, secretName(names.prefix, config.secrets.items[id])),
          ),
          parameterArns: workload.parameters.map((name) => parameterArn(region, account, name)),
          readsSecureStrings: workload.parameters.some((name) => config.parameters.items[name].type === 'SecureString'),
        })),
      });
    }
  },
  regional: ({ scope, config, names, region, network, kmsKeyArn }) => {
    if (!config.clusters.enabled) return;
    const { clusters } = config;
    new RegionalCluster(scope, 'clusters', {
      names: new ClusterNames(names),
      region,
      network,
      kubernetesVersion: clusters.kubernetesVersion,
      supportType: clusters.supportType,
      logTypes: clusters.logTypes,
      zonalShift: clusters.zonalShift,
      publicEndpoint: clusters.publicEndpoint,
      publicAccessCidrs: clusters.publicAccessCidrs,
      apiAccessCidrs: clusters.apiAccessCidrs,
      admins: clusters.admins,
      viewers: clusters.viewers,
      addonVersions: addonVersions(clusters),
      nodeGroup: clusters.nodeGroup,
      serviceAccounts: serviceAccountsOf(clusters),
      kmsKeyArn,
      logRetentionDays: config.observability.logRetentionDays,
      alarms: { signals: clusterSignals(config, region), topicArn: alertsTopicArn(accountId(scope), names, region) },
    });
  },
  stacks: (config) =>
    config.clusters.enabled
      ? config.allRegions.map((region) => ({
          name: clusterStackName(region),
          region,
          build: ({ stack, config: full, names }) =>
            buildClusterStack(stack, {
              config: full,
              names,
              region,
              sources: regionalSources(full, names),
              secretName: (id) => secretsTier.published.secretName(names.prefix, full.secrets.items[id]),
            }),
        }))
      : [],
  // The node groups encrypt their root volumes with the region's key.
  keyStatements: (config, _names, region, account) =>
    config.clusters.enabled ? autoScalingEbsUse(region, account) : [],
  // Each workload's Pod Identity role, in every region, reads the secrets it names: the secrets tier admits it.
  grants: (config, names, account) => {
    if (!config.clusters.enabled) return [];
    const clusterNames = new ClusterNames(names);
    return serviceAccountsOf(config.clusters).flatMap(({ namespace, serviceAccount, config: workload }) =>
      workload.secrets.flatMap((id) =>
        // Sorted: the list must not change when primaryRegion does.
        [...config.allRegions].sort().map((region) => ({
          tier: secretsTier.name,
          resource: id,
          principalArn: roleArn(region, account, clusterNames.podRole(region, namespace, serviceAccount)),
        })),
      ),
    );
  },
  identifiers: (config, names) =>
    config.clusters.enabled ? `EKS cluster \`${new ClusterNames(names).cluster()}\` in every region` : undefined,
  rules: CLUSTERS_RULES,
  topology: clustersTopology,
  signals: allClusterSignals,
  runbook: clustersRunbookSteps,
  documents: (config) =>
    config.clusters.enabled ? [{ path: 'runbooks/clusters.md', content: clustersRunbook(config) }] : [],
});
