import { defineTier } from '../tiers/tier';
import { storageTopology } from './topology';
import { storageRunbookSteps, storageSwitchover } from './runbook';
import { cloudFrontDecrypt } from '../kms/key-policy';
import { dataEventsKeyStatements } from './data-event-trail';
import { STORAGE_RULES } from '../policy/rules/storage';
import { StorageDistribution } from './distribution';
import {
  CdnSchema,
  StorageSchema,
  cdnFailoverRegion,
  cloudFrontSourceArn,
  dataEventsBucketName,
  replicatedRegions,
  replicationDestinations,
  storageBucketName,
  validateStorage,
} from './config';
import { RegionalStorage } from './regional-storage';
import { EdgeStorage } from './edge-storage';
import { accountId } from '../iam/account';
import { alertsTopicArn } from '../observability/tier';
import { cdnSignals, storageSignals } from './signals';

/**
 * Object storage and its edge: a bucket per region (regional stacks), replication between them and the
 * CloudFront distribution in front of them (edge stack, applied once every bucket exists).
 */
export const storageTier = defineTier({
  name: 'storage',
  sections: { storage: StorageSchema, cdn: CdnSchema },
  validate: validateStorage,
  regional: ({ scope, config, region, kmsKeyArn }) => {
    new RegionalStorage(scope, 'storage', {
      bucketName: storageBucketName(config, region),
      region,
      kmsKeyArn,
      noncurrentVersionExpirationDays: config.storage.noncurrentVersionExpirationDays,
      cloudFrontSourceArn: config.cdn.enabled ? (account) => cloudFrontSourceArn(config, region, account) : undefined,
    });
  },
  edge: ({ scope, config, names, provider }) => {
    const { storage } = config;
    const account = accountId(scope);
    new EdgeStorage(scope, 'storage', {
      provider,
      homeRegion: config.globalRegion,
      bucketNames: Object.fromEntries(config.allRegions.map((region) => [region, storageBucketName(config, region)])),
      kmsKeyAlias: names.kmsAlias(),
      replication: {
        roleName: names.resource('s3-replication'),
        // Name order: nothing here may change when primaryRegion flips.
        routes: replicatedRegions(config).map((source) => ({
          source,
          destinations: replicationDestinations(config, source),
        })),
        prefix: storage.replicationPrefix,
        tags: storage.replicationTags,
        deleteMarkers: storage.deleteMarkerReplication,
        storageClass: storage.replicationStorageClass,
        replicaModifications: storage.bidirectionalReplication,
        replicationTimeControl: storage.replicationTimeControl,
        metrics: storage.replicationMetrics,
      },
      dataEvents:
        storage.dataEventsStore === 'none'
          ? undefined
          : {
              name: names.resource('storage-data-events'),
              retentionDays: storage.dataEventRetentionDays,
              events: storage.dataEvents,
              ...(storage.dataEventsStore === 'trail'
                ? { store: 'trail', bucketName: dataEventsBucketName(config) }
                : { store: 'cloudtrail-lake' }),
            },
      alarms: { signals: storageSignals(config), topicArn: (region) => alertsTopicArn(account, names, region) },
    });
    const { cdn } = config;
    if (!cdn.enabled) return;
    const bucket = (region: string) => ({ region, bucketName: storageBucketName(config, region) });
    const failover = cdnFailoverRegion(config);
    new StorageDistribution(scope, 'cdn', {
      // CloudFront's certificates, metrics and log delivery are in us-east-1, configured or not.
      usEast1: provider('us-east-1'),
      namePrefix: names.prefix,
      primary: bucket(config.primaryRegion),
      failover: failover === undefined ? undefined : { bucket: bucket(failover), statusCodes: cdn.failoverStatusCodes },
      dynamicOrigins:
        Object.keys(cdn.dynamicOrigins).length === 0
          ? undefined
          : { hostnames: cdn.dynamicOrigins, pathPattern: cdn.dynamicPathPattern },
      priceClass: cdn.priceClass,
      defaultRootObject: cdn.defaultRootObject,
      domainNames: cdn.domainNames,
      certificateArn: cdn.certificateArn,
      hostedZoneId: cdn.hostedZoneId,
      webAclArn: cdn.webAclArn,
      logRetentionDays: cdn.logRetentionDays,
      alarms: { signals: cdnSignals(config), topicArn: alertsTopicArn(account, names, 'us-east-1') },
    });
  },
  keyStatements: (config, names, region, account) => [
    ...(config.cdn.enabled ? [cloudFrontDecrypt(cloudFrontSourceArn(config, region, account))] : []),
    // The record of data events (edge stack) lives in globalRegion.
    ...(region === config.globalRegion ? dataEventsKeyStatements(config, names, account) : []),
  ],
  switchover: storageSwitchover,
  identifiers: (config, names) =>
    [
      `buckets ${config.allRegions.map((region) => `\`${storageBucketName(config, region)}\``).join(', ')}`,
      ...(config.cdn.enabled
        ? [
            `distribution ${
              config.cdn.distributionId
                ? `\`${config.cdn.distributionId}\``
                : `commented \`${names.prefix} storage\` (its ID is not pinned: \`cdn.distributionId\`)`
            }`,
          ]
        : []),
    ].join('; '),
  topology: storageTopology,
  runbook: storageRunbookSteps,
  // What other tiers may read: the region's bucket name.
  published: { bucketName: storageBucketName },
  rules: STORAGE_RULES,
  signals: (config) => [...storageSignals(config), ...cdnSignals(config)],
});
