import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA, type S3BucketReplicationConfigurationRule, type S3BucketReplicationConfigurationRuleFilter } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { CloudtrailEventDataStore } from '@cdktf/provider-aws/lib/cloudtrail-event-data-store';
import type { Names } from '../base/names';
import { accountId } from '../iam/account';
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from '../iam/policy';
import type { TierConfig } from '../tiers/tier';
import { metricAlarm } from '../cloudwatch/metric-alarm';
import { alertsTopicArn } from '../observability/tier';
import { ruleId, storageSignals } from './signals';
import { dataEventsBucketName, replicatedRegions, replicationDestinations, storageBucketName, type CdnSchema, type StorageSchema } from './config';
import { DataEventTrail, trailArn } from './data-event-trail';
import { bucketArn } from '../s3/secure-bucket';

export interface EdgeStorageProps {
  readonly config: TierConfig<{ storage: typeof StorageSchema; cdn: typeof CdnSchema }>;
  readonly names: Names;
  /** The aliased provider of a region. */
  readonly provider: (region: string) => TerraformProvider;
}


/**
 * What joins the regional buckets: the replication role, one replication configuration per source bucket,
 * replication alarms, and the record of the buckets' data events (a trail, or a CloudTrail Lake store). It lives in the edge
 * stack, which is applied after every regional stack: versioning is enabled on every bucket before any
 * replication configuration is put (S3 rejects a replication configuration otherwise).
 */
export class EdgeStorage extends Construct {
  /** The replication role; absent when nothing replicates (a single region). */
  readonly role?: IamRole;
  readonly replications = new Map<string, S3BucketReplicationConfigurationA>();
  /** A region's copy of the multi-region key, looked up through the region's own provider. */
  readonly keys = new Map<string, DataAwsKmsKey>();

  constructor(scope: Construct, id: string, props: EdgeStorageProps) {
    super(scope, id);
    const { config, names, provider } = props;
    const home = provider(config.globalRegion);
    const account = accountId(this);
    const keyArn = (region: string): string => {
      if (!this.keys.has(region)) this.keys.set(region, new DataAwsKmsKey(this, `key_${region}`, { provider: provider(region), keyId: names.kmsAlias() }));
      return this.keys.get(region)!.arn;
    };
    const bucket = (region: string): string => storageBucketName(config, region);

    // Name order throughout: nothing here may change when primaryRegion flips.
    const pairs = replicatedRegions(config).flatMap((source) => replicationDestinations(config, source).map((destination) => ({ source, destination })));
    const sources = [...new Set(pairs.map((pair) => pair.source))];
    const destinations = [...new Set(pairs.map((pair) => pair.destination))];

    const dataEventSelectors = [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
      { field: 'resources.ARN', startsWith: [...config.allRegions].sort().map((region) => `${bucketArn(region, bucket(region))}/`) },
      ...(config.storage.dataEvents === 'write-only' ? [{ field: 'readOnly', equalTo: ['false'] }] : []),
    ];
    const selectorName = `storage bucket data events (${config.storage.dataEvents})`;
    if (config.storage.dataEventsStore === 'cloudtrail-lake') {
      new CloudtrailEventDataStore(this, 'data_events', {
        provider: home,
        name: names.resource('storage-data-events'),
        multiRegionEnabled: true,
        organizationEnabled: false,
        retentionPeriod: config.storage.dataEventRetentionDays,
        billingMode: 'EXTENDABLE_RETENTION_PRICING',
        terminationProtectionEnabled: true,
        // The key policy of the multi-region key admits CloudTrail Lake in the global region (src/kms/key-policy.ts).
        kmsKeyId: keyArn(config.globalRegion),
        advancedEventSelector: [{ name: selectorName, fieldSelector: dataEventSelectors }],
      });
    } else if (config.storage.dataEventsStore === 'trail') {
      const trailName = names.resource('storage-data-events');
      new DataEventTrail(this, 'data_event_trail', {
        provider: home,
        trailName,
        region: config.globalRegion,
        trailArn: trailArn(config.globalRegion, account, trailName),
        bucketName: dataEventsBucketName(config),
        account,
        // The key policy of the multi-region key admits this trail in the global region (src/kms/key-policy.ts).
        kmsKeyArn: keyArn(config.globalRegion),
        retentionDays: config.storage.dataEventRetentionDays,
        fieldSelectors: dataEventSelectors,
        selectorName,
      });
    }
    if (pairs.length === 0) return;

    const role = new IamRole(this, 'replication_role', {
      provider: home,
      name: names.resource('s3-replication'),
      description: 'S3 replication between the storage buckets',
      assumeRolePolicy: serviceTrustPolicy('s3.amazonaws.com', account),
    });
    this.role = role;

    new IamRolePolicy(this, 'replication_policy', {
      provider: home,
      role: role.name,
      name: 'replication',
      policy: policyDocument(replicationStatements(
        sources.map((r) => ({ region: r, bucket: bucket(r), keyArn: keyArn(r) })),
        destinations.map((r) => ({ region: r, bucket: bucket(r), keyArn: keyArn(r) })),
      )),
    });

    const { storage } = config;
    for (const source of sources) {
      const rules: S3BucketReplicationConfigurationRule[] = replicationDestinations(config, source).map((destination, index) => ({
        id: ruleId(destination),
        priority: index + 1,
        status: 'Enabled',
        filter: replicationFilter(storage.replicationPrefix, storage.replicationTags),
        deleteMarkerReplication: { status: storage.deleteMarkerReplication ? 'Enabled' : 'Disabled' },
        sourceSelectionCriteria: {
          sseKmsEncryptedObjects: { status: 'Enabled' },
          // Replica modification sync: metadata changed on a replica flows back; S3 does not re-replicate replicas.
          replicaModifications: storage.bidirectionalReplication ? { status: 'Enabled' } : undefined,
        },
        destination: {
          bucket: bucketArn(destination, bucket(destination)),
          storageClass: storage.replicationStorageClass,
          encryptionConfiguration: { replicaKmsKeyId: keyArn(destination) },
          replicationTime: storage.replicationTimeControl ? { status: 'Enabled', time: { minutes: 15 } } : undefined,
          metrics: storage.replicationMetrics ? { status: 'Enabled', eventThreshold: { minutes: 15 } } : undefined,
        },
      }));
      this.replications.set(source, new S3BucketReplicationConfigurationA(this, `replication_${source}`, {
        provider: provider(source),
        bucket: bucket(source),
        role: role.arn,
        rule: rules,
      }));
    }

    // Replication metrics are published in the source bucket's region: each alarm uses that region's provider and topic.
    for (const signal of storageSignals(config)) {
      metricAlarm(this, signal, { provider: provider(signal.region), topicArn: alertsTopicArn(account, names, signal.region) });
    }
  }
}

function replicationFilter(prefix: string | undefined, tags: Record<string, string> | undefined): S3BucketReplicationConfigurationRuleFilter {
  const tagList = Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
  if (tagList.length === 0) return prefix === undefined ? {} : { prefix };
  if (tagList.length === 1 && prefix === undefined) return { tag: tagList[0] };
  return { and: { prefix, tags } };
}

interface Endpoint { readonly region: string; readonly bucket: string; readonly keyArn: string }

/**
 * Least privilege for S3 replication of SSE-KMS objects (S3 User Guide, "Replicating encrypted objects"):
 * read and replicate on the named buckets only; decrypt with each source key and encrypt with each
 * destination key, only through S3 in that key's region and only for these buckets. The encryption
 * context is the bucket ARN with S3 Bucket Keys and the object ARN without, so both are admitted.
 */
export function replicationStatements(sources: readonly Endpoint[], destinations: readonly Endpoint[]): PolicyStatement[] {
  const viaS3 = (endpoints: readonly Endpoint[]) => endpoints.map((endpoint) => `s3.${endpoint.region}.amazonaws.com`);
  const contexts = (endpoints: readonly Endpoint[]) => endpoints.flatMap((endpoint) => [bucketArn(endpoint.region, endpoint.bucket), `${bucketArn(endpoint.region, endpoint.bucket)}/*`]);
  return [
    {
      Sid: 'ReadSourceConfiguration',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: sources.map((source) => bucketArn(source.region, source.bucket)),
    },
    {
      Sid: 'ReadSourceObjects',
      Effect: 'Allow',
      Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      Resource: sources.map((source) => `${bucketArn(source.region, source.bucket)}/*`),
    },
    {
      Sid: 'WriteReplicas',
      Effect: 'Allow',
      Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
      Resource: destinations.map((destination) => `${bucketArn(destination.region, destination.bucket)}/*`),
    },
    {
      Sid: 'DecryptSourceObjects',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: sources.map((source) => source.keyArn),
      Condition: { StringLike: { 'kms:ViaService': viaS3(sources), 'kms:EncryptionContext:aws:s3:arn': contexts(sources) } },
    },
    {
      Sid: 'EncryptReplicas',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: destinations.map((destination) => destination.keyArn),
      Condition: { StringLike: { 'kms:ViaService': viaS3(destinations), 'kms:EncryptionContext:aws:s3:arn': contexts(destinations) } },
    },
  ];
}
