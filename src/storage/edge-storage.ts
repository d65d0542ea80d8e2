import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import {
  S3BucketReplicationConfigurationA,
  type S3BucketReplicationConfigurationRule,
  type S3BucketReplicationConfigurationRuleFilter,
} from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { CloudtrailEventDataStore } from '@cdktf/provider-aws/lib/cloudtrail-event-data-store';
import { accountId } from '../iam/account';
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from '../iam/policy';
import type { Signal } from '../tiers/signal';
import { metricAlarm } from '../cloudwatch/metric-alarm';
import { DataEventTrail, trailArn } from './data-event-trail';
import { bucketArn } from '../s3/secure-bucket';

/** Rule ID of the replication rule towards `destination`, also a dimension of its metrics. */
export const ruleId = (destination: string): string => `to-${destination}`;

/** How the buckets replicate, decided by the tier from the config (`src/storage/tier.ts`). */
export interface StorageReplication {
  /** Name of the replication role S3 assumes. */
  readonly roleName: string;
  /**
   * The destinations of each source region, in rule priority order. Both lists must not depend on which region is
   * the primary, so that a switchover changes no replication rule.
   */
  readonly routes: readonly { readonly source: string; readonly destinations: readonly string[] }[];
  /**
   * Replicate only keys starting with this prefix.
   * @default every key
   */
  readonly prefix?: string;
  /**
   * Replicate only objects carrying all these tags.
   * @default no tag filter
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** Replicate delete markers. */
  readonly deleteMarkers: boolean;
  /** Storage class of the replicas. */
  readonly storageClass: string;
  /** Replica modification sync: metadata changed on a replica flows back (writers in every region). */
  readonly replicaModifications: boolean;
  /** S3 Replication Time Control (15 minutes). */
  readonly replicationTimeControl: boolean;
  /** Replication metrics, which the alarms watch. */
  readonly metrics: boolean;
}

/** Where the buckets' data events are recorded, in the home region: a CloudTrail Lake event data store, or a trail. */
export type DataEventsRecord = {
  /** Name of the event data store or trail. */
  readonly name: string;
  /** Days the events are kept. */
  readonly retentionDays: number;
  /** `write-only`: puts, deletes and copies; `all` adds every read. */
  readonly events: 'all' | 'write-only';
} & (
  | { readonly store: 'cloudtrail-lake' }
  /** A multi-region trail delivering to a log bucket of its own, named `bucketName`. */
  | { readonly store: 'trail'; readonly bucketName: string }
);

/** What joins the regional buckets, decided by the tier from the config (`src/storage/tier.ts`). */
export interface EdgeStorageProps {
  /** The aliased provider of a region. */
  readonly provider: (region: string) => TerraformProvider;
  /** Region of the replication role and of the record of data events (the global region). */
  readonly homeRegion: string;
  /** Every region's storage bucket, by region. */
  readonly bucketNames: Readonly<Record<string, string>>;
  /** Alias of the multi-region key, looked up in each region through the region's own provider. */
  readonly kmsKeyAlias: string;
  /**
   * Replication between the buckets.
   * @default nothing replicates
   */
  readonly replication?: StorageReplication;
  /**
   * The record of the buckets' data events.
   * @default none recorded
   */
  readonly dataEvents?: DataEventsRecord;
  /** The replication alarms, each created in its signal's region, and the alerts topic of each region. */
  readonly alarms: { readonly signals: readonly Signal[]; readonly topicArn: (region: string) => string };
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
    const { provider, homeRegion, bucketNames, replication, dataEvents } = props;
    const home = provider(homeRegion);
    const account = accountId(this);
    const keyArn = (region: string): string => {
      if (!this.keys.has(region))
        this.keys.set(
          region,
          new DataAwsKmsKey(this, `key_${region}`, { provider: provider(region), keyId: props.kmsKeyAlias }),
        );
      return this.keys.get(region)!.arn;
    };
    const bucket = (region: string): string => bucketNames[region];

    if (dataEvents !== undefined)
      this.recordDataEvents(
        dataEvents,
        home,
        homeRegion,
        account,
        keyArn(homeRegion),
        Object.keys(bucketNames).sort().map(bucket),
      );

    const pairs = (replication?.routes ?? []).flatMap(({ source, destinations }) =>
      destinations.map((destination) => ({ source, destination })),
    );
    if (replication === undefined || pairs.length === 0) return;
    const sources = [...new Set(pairs.map((pair) => pair.source))];
    const destinations = [...new Set(pairs.map((pair) => pair.destination))];

    const role = new IamRole(this, 'replication_role', {
      provider: home,
      name: replication.roleName,
      description: 'S3 replication between the storage buckets',
      assumeRolePolicy: serviceTrustPolicy('s3.amazonaws.com', account),
    });
    this.role = role;

    new IamRolePolicy(this, 'replication_policy', {
      provider: home,
      role: role.name,
      name: 'replication',
      policy: policyDocument(
        replicationStatements(
          sources.map((r) => ({ region: r, bucket: bucket(r), keyArn: keyArn(r) })),
          destinations.map((r) => ({ region: r, bucket: bucket(r), keyArn: keyArn(r) })),
        ),
      ),
    });

    for (const { source, destinations: targets } of replication.routes.filter(
      (route) => route.destinations.length > 0,
    )) {
      const rules: S3BucketReplicationConfigurationRule[] = targets.map((destination, index) => ({
        id: ruleId(destination),
        priority: index + 1,
        status: 'Enabled',
        filter: replicationFilter(replication.prefix, replication.tags),
        deleteMarkerReplication: { status: replication.deleteMarkers ? 'Enabled' : 'Disabled' },
        sourceSelectionCriteria: {
          sseKmsEncryptedObjects: { status: 'Enabled' },
          // Replica modification sync: metadata changed on a replica flows back; S3 does not re-replicate replicas.
          replicaModifications: replication.replicaModifications ? { status: 'Enabled' } : undefined,
        },
        destination: {
          bucket: bucketArn(destination, bucket(destination)),
          storageClass: replication.storageClass,
          encryptionConfiguration: { replicaKmsKeyId: keyArn(destination) },
          replicationTime: replication.replicationTimeControl
            ? { status: 'Enabled', time: { minutes: 15 } }
            : undefined,
          metrics: replication.metrics ? { status: 'Enabled', eventThreshold: { minutes: 15 } } : undefined,
        },
      }));
      this.replications.set(
        source,
        new S3BucketReplicationConfigurationA(this, `replication_${source}`, {
          provider: provider(source),
          bucket: bucket(source),
          role: role.arn,
          rule: rules,
        }),
      );
    }

    // Replication metrics are published in the source bucket's region: each alarm uses that region's provider and topic.
    for (const signal of props.alarms.signals) {
      metricAlarm(this, signal, { provider: provider(signal.region), topicArn: props.alarms.topicArn(signal.region) });
    }
  }

  /** The buckets' data events (objects under `buckets`), into a CloudTrail Lake store or a trail in the home region. */
  private recordDataEvents(
    record: DataEventsRecord,
    provider: TerraformProvider,
    region: string,
    account: string,
    kmsKeyArn: string,
    buckets: readonly string[],
  ): void {
    const fieldSelectors = [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
      // Every bucket is in the home region's partition (a footprint spans one partition).
      { field: 'resources.ARN', startsWith: buckets.map((name) => `${bucketArn(region, name)}/`) },
      ...(record.events === 'write-only' ? [{ field: 'readOnly', equalTo: ['false'] }] : []),
    ];
    const selectorName = `storage bucket data events (${record.events})`;
    if (record.store === 'cloudtrail-lake') {
      new CloudtrailEventDataStore(this, 'data_events', {
        provider,
        name: record.name,
        multiRegionEnabled: true,
        organizationEnabled: false,
        retentionPeriod: record.retentionDays,
        billingMode: 'EXTENDABLE_RETENTION_PRICING',
        terminationProtectionEnabled: true,
        // The key policy of the multi-region key admits CloudTrail Lake in the global region (src/kms/key-policy.ts).
        kmsKeyId: kmsKeyArn,
        advancedEventSelector: [{ name: selectorName, fieldSelector: fieldSelectors }],
      });
    } else {
      new DataEventTrail(this, 'data_event_trail', {
        provider,
        trailName: record.name,
        region,
        trailArn: trailArn(region, account, record.name),
        bucketName: record.bucketName,
        account,
        // The key policy of the multi-region key admits this trail in the global region (src/kms/key-policy.ts).
        kmsKeyArn,
        retentionDays: record.retentionDays,
        fieldSelectors,
        selectorName,
      });
    }
  }
}

function replicationFilter(
  prefix: string | undefined,
  tags: Record<string, string> | undefined,
): S3BucketReplicationConfigurationRuleFilter {
  const tagList = Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
  if (tagList.length === 0) return prefix === undefined ? {} : { prefix };
  if (tagList.length === 1 && prefix === undefined) return { tag: tagList[0] };
  return { and: { prefix, tags } };
}

interface Endpoint {
  readonly region: string;
  readonly bucket: string;
  readonly keyArn: string;
}

/**
 * Least privilege for S3 replication of SSE-KMS objects (S3 User Guide, "Replicating encrypted objects"):
 * read and replicate on the named buckets only; decrypt with each source key and encrypt with each
 * destination key, only through S3 in that key's region and only for these buckets. The encryption
 * context is the bucket ARN with S3 Bucket Keys and the object ARN without, so both are admitted.
 */
export function replicationStatements(
  sources: readonly Endpoint[],
  destinations: readonly Endpoint[],
): PolicyStatement[] {
  const viaS3 = (endpoints: readonly Endpoint[]) => endpoints.map((endpoint) => `s3.${endpoint.region}.amazonaws.com`);
  const contexts = (endpoints: readonly Endpoint[]) =>
    endpoints.flatMap((endpoint) => [
      bucketArn(endpoint.region, endpoint.bucket),
      `${bucketArn(endpoint.region, endpoint.bucket)}/*`,
    ]);
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
      Condition: {
        StringLike: { 'kms:ViaService': viaS3(sources), 'kms:EncryptionContext:aws:s3:arn': contexts(sources) },
      },
    },
    {
      Sid: 'EncryptReplicas',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: destinations.map((destination) => destination.keyArn),
      Condition: {
        StringLike: {
          'kms:ViaService': viaS3(destinations),
          'kms:EncryptionContext:aws:s3:arn': contexts(destinations),
        },
      },
    },
  ];
}
