import { defineTier } from '../tiers/tier';
import { storageTopology } from './topology';
import { storageRunbookSteps, storageSwitchover } from './runbook';
import { cloudFrontDecrypt } from '../kms/key-policy';
import { dataEventsKeyStatements } from './data-event-trail';
import { STORAGE_RULES } from '../policy/rules/storage';
import { Cdn } from './distribution';
import { CdnSchema, StorageSchema, cloudFrontSourceArn, storageBucketName, validateStorage } from './config';
import { RegionalStorage } from './regional-storage';
import { EdgeStorage } from './edge-storage';
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
    new EdgeStorage(scope, 'storage', { config, names, provider });
    // CloudFront's certificates, metrics and log delivery are in us-east-1, configured or not.
    if (config.cdn.enabled) new Cdn(scope, 'cdn', { config, names, usEast1: provider('us-east-1') });
  },
  keyStatements: (config, names, region, account) => [
    ...(config.cdn.enabled ? [cloudFrontDecrypt(cloudFrontSourceArn(config, region, account))] : []),
    // The record of data events (edge stack) lives in globalRegion.
    ...(region === config.globalRegion ? dataEventsKeyStatements(config, names, account) : []),
  ],
  switchover: storageSwitchover,
  identifiers: (config, names) => [
    `buckets ${config.allRegions.map((region) => `\`${storageBucketName(config, region)}\``).join(', ')}`,
    ...(config.cdn.enabled ? [`distribution ${config.cdn.distributionId ? `\`${config.cdn.distributionId}\`` : `commented \`${names.prefix} storage\` (its ID is not pinned: \`cdn.distributionId\`)`}`] : []),
  ].join('; '),
  topology: storageTopology,
  runbook: storageRunbookSteps,
  rules: STORAGE_RULES,
  signals: (config) => [...storageSignals(config), ...cdnSignals(config)],
});
