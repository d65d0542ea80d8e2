import { z } from 'zod';
import { Region, Tags, shown } from '../base/primitives';
import type { BaseParsed } from '../base/config';
import { regionlessArn } from '../base/partition';

// Destination storage classes of a replication rule (S3 API Destination.StorageClass); REDUCED_REDUNDANCY
// and OUTPOSTS are left out on purpose (deprecated, not replicable across regions).
export const REPLICA_STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;
// Archived objects cannot be served without a restore, so a CloudFront failover bucket must not hold them.
const ARCHIVE_CLASSES: readonly string[] = ['GLACIER', 'DEEP_ARCHIVE'];

// Status codes CloudFront origin failover accepts (CloudFront Developer Guide, "Optimize high availability
// with CloudFront origin failover").
export const FAILOVER_STATUS_CODES = [400, 403, 404, 416, 500, 502, 503, 504] as const;

// Retention values CloudWatch Logs accepts (PutRetentionPolicy) from one year up: the baseline requires >= 365.
const LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const Hostname = z.string().regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  error: (i) => `${shown(i.input)} is not a lowercase DNS name (optionally starting with "*.")`,
});

/**
 * CloudTrail Lake is closed to new customers from 31 May 2026 (CloudTrail User Guide, "CloudTrail Lake availability
 * change", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-lake-service-availability-change.html),
 * so a trail is the default; accounts that already use Lake may keep it.
 */
export const DATA_EVENT_STORES = ['trail', 'cloudtrail-lake', 'none'] as const;

export const StorageSchema = z.strictObject({
  bucketPrefix: z
    .string()
    .optional()
    .describe(
      'Bucket names are `<bucketPrefix>-<region>`, one bucket per configured region. Default: `<name>-<environment>-assets`',
    ),
  bidirectionalReplication: z
    .boolean()
    .default(false)
    .describe(
      'Writers in every region: add replica modification sync, so metadata changes made on a replica flow back without looping. Off, only the primary is expected to write; either way every replicated bucket has rules towards every other, so a switchover changes no replication rule. Default: false',
    ),
  replicationDestinations: z
    .array(Region)
    .optional()
    .describe(
      'Secondary regions whose buckets hold copies; together with the primary they form the replicated set, each bucket of which replicates to every other. Cannot be combined with bidirectionalReplication. Default: every secondary region',
    ),
  replicationTimeControl: z
    .boolean()
    .default(true)
    .describe(
      'S3 Replication Time Control: 99.99% of objects replicated within 15 minutes, with an SLA. Needs replication metrics. Default: true',
    ),
  replicationMetrics: z
    .boolean()
    .default(true)
    .describe(
      'Replication metrics (`ReplicationLatency`, `OperationsFailedReplication`, ...) and the alarms on them. Default: true',
    ),
  replicationPrefix: z
    .string()
    .max(1024, { error: (i) => `${shown(i.input)} is too long: S3 keys are at most 1024 bytes` })
    .optional()
    .describe('Replicate only keys starting with this prefix. Default: every key'),
  replicationTags: Tags.optional().describe(
    'Replicate only objects carrying all these tags. S3 cannot replicate delete markers for tag-filtered rules, so this needs `deleteMarkerReplication: false`. Default: no tag filter',
  ),
  replicationStorageClass: z
    .enum(REPLICA_STORAGE_CLASSES, {
      error: (i) => `${shown(i.input)} is not a replica storage class; allowed: ${REPLICA_STORAGE_CLASSES.join(', ')}`,
    })
    .default('STANDARD')
    .describe('Storage class of the replicas. Default: STANDARD'),
  deleteMarkerReplication: z
    .boolean()
    .default(true)
    .describe(
      'Replicate delete markers, so a delete in the source hides the object in every replica too. Default: true',
    ),
  replicationLatencyAlarmSeconds: z
    .number()
    .int()
    .min(60, { error: (i) => `${shown(i.input)} is too low: at least 60 seconds` })
    .default(900)
    .describe(
      'Alarm when an object took longer than this to replicate (`ReplicationLatency`, seconds). Default: 900 (the Replication Time Control threshold)',
    ),
  noncurrentVersionExpirationDays: z
    .number()
    .int()
    .min(1, { error: (i) => `${shown(i.input)} is too low: at least 1 day` })
    .default(90)
    .describe('Days to keep noncurrent object versions. Default: 90'),
  dataEventsStore: z
    .enum(DATA_EVENT_STORES, {
      error: (i) => `${shown(i.input)} is not a data event store; allowed: ${DATA_EVENT_STORES.join(', ')}`,
    })
    .default('trail')
    .describe(
      "Where the buckets' CloudTrail data events go: `trail` (a multi-region trail delivering to a KMS-encrypted log bucket in globalRegion), `cloudtrail-lake` (a Lake event data store; AWS closed CloudTrail Lake to new customers on 31 May 2026, so only accounts that already use it can create one) or `none`. Default: trail",
    ),
  dataEvents: z
    .enum(['all', 'write-only'], {
      error: (i) => `${shown(i.input)} is not a data event selection; allowed: all, write-only`,
    })
    .default('write-only')
    .describe(
      'Data events recorded for the buckets: `write-only` (puts, deletes, copies) or `all`, which adds every read, including each CloudFront origin fetch, as a billed event (see docs/storage.md for the cost). Default: write-only',
    ),
  dataEventRetentionDays: z
    .number()
    .int()
    .min(7, {
      error: (i) => `${shown(i.input)} is too low: keep data events at least 7 days (CloudTrail Lake's minimum)`,
    })
    .max(3653, {
      error: (i) =>
        `${shown(
          i.input,
        )} is too high: at most 3653 days (CloudTrail Lake's maximum with extendable retention pricing)`,
    })
    .default(365)
    .describe(
      "Days the data events are kept (7 to 3653): the Lake store's retention period, or the trail log bucket's expiration. Default: 365",
    ),
});

export type StorageConfig = z.output<typeof StorageSchema>;
export type CdnConfig = z.output<typeof CdnSchema>;
/** The config a storage-tier function reads: the base fields and the storage and cdn sections. */
type StorageTierParsed = BaseParsed & { readonly storage: StorageConfig; readonly cdn: CdnConfig };

const failoverCodeError = (input: unknown): string =>
  `${shown(input)} is not a failover status code; allowed: ${FAILOVER_STATUS_CODES.join(', ')}`;

export const CdnSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Put CloudFront in front of the buckets. Default: true'),
  distributionId: z
    .string()
    .regex(/^[A-Z0-9]{8,32}$/, {
      error: (i) =>
        `${shown(i.input)} is not a CloudFront distribution ID (uppercase letters and digits, e.g. "E2QWRUHAPOMQZL")`,
    })
    .optional()
    .describe(
      "The distribution's ID, from the edge stack's `cdn_distribution_id` output once it exists: bucket and key policies then admit exactly this distribution. Default: none: they admit this account's distributions, since the ID is assigned only when the edge stack is first applied",
    ),
  failoverRegion: Region.optional().describe(
    "Region whose bucket (and dynamic origin) serve when the primary region's fails. Default: the first secondary region",
  ),
  failoverStatusCodes: z
    .array(
      z
        .number()
        .int()
        .min(400, { error: (i) => failoverCodeError(i.input) })
        .max(504, { error: (i) => failoverCodeError(i.input) })
        .refine((code) => (FAILOVER_STATUS_CODES as readonly number[]).includes(code), {
          error: (i) => `${shown(i.input)} is not a failover status code; allowed: ${FAILOVER_STATUS_CODES.join(', ')}`,
        }),
    )
    .min(1, { error: 'is empty: give at least one failover status code' })
    .default([500, 502, 503, 504])
    .describe('Origin status codes that make CloudFront retry the failover origin. Default: [500, 502, 503, 504]'),
  priceClass: z
    .enum(['PriceClass_All', 'PriceClass_200', 'PriceClass_100'], {
      error: (i) => `${shown(i.input)} is not a price class; allowed: PriceClass_All, PriceClass_200, PriceClass_100`,
    })
    .default('PriceClass_All')
    .describe('CloudFront price class. Default: PriceClass_All'),
  domainNames: z
    .array(Hostname)
    .default([])
    .describe(
      "Custom domain names (CNAMEs); need `certificateArn` or `hostedZoneId`. Default: none: the distribution's cloudfront.net name only",
    ),
  certificateArn: z
    .string()
    .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, {
      error: (i) =>
        `${shown(
          i.input,
        )} must be the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from us-east-1)`,
    })
    .optional()
    .describe('An existing ACM certificate in us-east-1 covering `domainNames`. Default: none'),
  hostedZoneId: z
    .string()
    .regex(/^Z[0-9A-Z]{1,32}$/, {
      error: (i) => `${shown(i.input)} is not a Route 53 hosted zone id (Z followed by letters and digits)`,
    })
    .optional()
    .describe(
      'Route 53 public hosted zone of `domainNames`: a certificate is issued in us-east-1 and validated by DNS, and alias records point the names at the distribution. Default: none',
    ),
  webAclArn: z
    .string()
    .regex(/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/, {
      error: (i) =>
        `${shown(
          i.input,
        )} must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)`,
    })
    .optional()
    .describe('AWS WAF web ACL (scope CLOUDFRONT, so in us-east-1) attached to the distribution. Default: none'),
  defaultRootObject: z
    .string()
    .default('index.html')
    .describe('Object returned for requests to the root URL. Default: index.html'),
  dynamicOrigins: z
    .record(z.string(), Hostname)
    .default({})
    .describe(
      'HTTPS origin for dynamic content per region (a load balancer hostname), keyed by region. Default: none: static content only',
    ),
  dynamicPathPattern: z
    .string()
    .regex(/^\/[\w\-./*?~]*$/, { error: (i) => `${shown(i.input)} is not a CloudFront path pattern (starts with "/")` })
    .default('/api/*')
    .describe("Path pattern routed to the primary region's dynamic origin, uncached. Default: /api/*"),
  errorRateAlarmPercent: z
    .number()
    .gt(0, { error: (i) => `${shown(i.input)} must be above 0` })
    .max(100, { error: (i) => `${shown(i.input)} is above 100 percent` })
    .default(5)
    .describe(
      "Alarm when the distribution's 5xx error rate (percent of requests) is above this for 15 minutes. Default: 5",
    ),
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: (i) =>
        `${shown(i.input)} is not a CloudWatch Logs retention of a year or more; allowed: ${LOG_RETENTION_DAYS.join(
          ', ',
        )}`,
    })
    .default(365)
    .describe('Days to keep CloudFront access logs in CloudWatch Logs. Default: 365'),
});

/**
 * `AWS:SourceArn` that bucket and key policies admit for CloudFront: the pinned distribution, or until its ID
 * is known (it is assigned when the edge stack is first applied, after the regions), the account's distributions.
 */
export function cloudFrontSourceArn(config: Pick<StorageTierParsed, 'cdn'>, region: string, account: string): string {
  return regionlessArn('cloudfront', region, account, `distribution/${config.cdn.distributionId ?? '*'}`);
}

/** Name of the storage bucket in `region`; deterministic, so other stacks address it without reading state. */
export function storageBucketName(
  config: Pick<StorageTierParsed, 'name' | 'environment' | 'storage'>,
  region: string,
): string {
  return `${config.storage.bucketPrefix ?? `${config.name}-${config.environment}-assets`}-${region}`;
}

/**
 * Regions whose buckets hold copies: the primary and its destinations, in name order. The set does not
 * depend on which of them is primary, so a switchover within it changes no replication rule.
 */
export function replicatedRegions(
  config: Pick<StorageTierParsed, 'primaryRegion' | 'secondaryRegions' | 'storage'>,
): string[] {
  return [config.primaryRegion, ...(config.storage.replicationDestinations ?? config.secondaryRegions)].sort();
}

/** The regions `source`'s bucket replicates to: every other replicated region, or none when it holds no copy. */
export function replicationDestinations(
  config: Pick<StorageTierParsed, 'primaryRegion' | 'secondaryRegions' | 'storage'>,
  source: string,
): string[] {
  const replicated = replicatedRegions(config);
  return replicated.includes(source) ? replicated.filter((region) => region !== source) : [];
}

/** The region CloudFront falls back to, if any. */
export function cdnFailoverRegion(config: Pick<StorageTierParsed, 'secondaryRegions' | 'cdn'>): string | undefined {
  return config.cdn.failoverRegion ?? config.secondaryRegions[0];
}

// General purpose bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
// Dots are allowed by S3 but refused here: they break TLS on virtual-hosted-style endpoints, which CloudFront uses.
/** The trail's log bucket, in globalRegion: one per deployment. */
export function dataEventsBucketName(
  config: Pick<StorageTierParsed, 'name' | 'environment' | 'primaryRegion' | 'globalRegion'>,
): string {
  return `${config.name}-${config.environment}-audit-${config.globalRegion ?? config.primaryRegion}`;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '--x-s3', '--table-s3'];

function bucketNameProblem(name: string): string | undefined {
  if (!BUCKET_NAME.test(name))
    return 'must be 3-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit';
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix) return `must not start with the reserved prefix ${shown(prefix)}`;
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix) return `must not end with the reserved suffix ${shown(suffix)}`;
  return undefined;
}

export function validateStorage(config: StorageTierParsed, ctx: z.RefinementCtx): void {
  const { storage, cdn } = config;
  const configured: string[] = [config.primaryRegion, ...config.secondaryRegions];

  for (const region of configured) {
    const name = storageBucketName(config, region);
    const problem = bucketNameProblem(name);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        path: ['storage', 'bucketPrefix'],
        message: `gives bucket name ${shown(name)} in ${region}, which ${problem}`,
      });
      break;
    }
  }

  if (storage.dataEventsStore === 'trail') {
    const name = dataEventsBucketName(config);
    const problem = bucketNameProblem(name);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        path: ['storage', 'dataEventsStore'],
        message: `"trail" gives log bucket name ${shown(name)}, which ${problem}`,
      });
  }

  if (storage.replicationDestinations !== undefined) {
    if (storage.bidirectionalReplication) {
      ctx.addIssue({
        code: 'custom',
        path: ['storage', 'replicationDestinations'],
        message: 'cannot be combined with bidirectionalReplication, which replicates every bucket to every other',
      });
    }
    const seen = new Set<string>();
    storage.replicationDestinations.forEach((region, index) => {
      const path = ['storage', 'replicationDestinations', index];
      if (region === config.primaryRegion) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${shown(region)} is the primary region, the replication source; allowed: ${
            config.secondaryRegions.join(', ') || 'none (no secondary regions)'
          }`,
        });
      } else if (!configured.includes(region)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${shown(region)} is not a configured region; allowed: ${
            config.secondaryRegions.join(', ') || 'none (no secondary regions)'
          }`,
        });
      } else if (seen.has(region)) {
        ctx.addIssue({ code: 'custom', path, message: `${shown(region)} is listed twice; each destination once` });
      }
      seen.add(region);
    });
  }

  // S3 requires metrics for RTC (ReplicationTime needs Metrics, S3 API "Destination").
  if (storage.replicationTimeControl && !storage.replicationMetrics) {
    ctx.addIssue({
      code: 'custom',
      path: ['storage', 'replicationMetrics'],
      message: 'is false but replicationTimeControl is true: S3 Replication Time Control needs replication metrics',
    });
  }
  // S3 API DeleteMarkerReplication: "Amazon S3 does not support replicating delete markers for tag-based rules".
  if (
    storage.replicationTags !== undefined &&
    Object.keys(storage.replicationTags).length > 0 &&
    storage.deleteMarkerReplication
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['storage', 'replicationTags'],
      message: `${shown(
        storage.replicationTags,
      )} filters by tag, and S3 does not replicate delete markers for tag-filtered rules: set deleteMarkerReplication to false`,
    });
  }
  // An object carries at most 10 tags (S3 User Guide, "Categorizing your storage using tags").
  if (storage.replicationTags !== undefined && Object.keys(storage.replicationTags).length > 10) {
    ctx.addIssue({
      code: 'custom',
      path: ['storage', 'replicationTags'],
      message: `has ${Object.keys(storage.replicationTags).length} tags; an S3 object carries at most 10`,
    });
  }

  if (!cdn.enabled) return;
  const failover = cdnFailoverRegion(config);
  if (cdn.failoverRegion !== undefined && !config.secondaryRegions.includes(cdn.failoverRegion)) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdn', 'failoverRegion'],
      message: `${shown(cdn.failoverRegion)} is not a secondary region; allowed: ${
        config.secondaryRegions.join(', ') || 'none (no secondary regions)'
      }`,
    });
  } else if (failover !== undefined && !replicationDestinations(config, config.primaryRegion).includes(failover)) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdn', 'failoverRegion'],
      message: `${shown(
        failover,
      )} does not receive replicas from the primary bucket, so it cannot serve as failover; add it to storage.replicationDestinations or choose one of: ${
        replicationDestinations(config, config.primaryRegion).join(', ') || 'none'
      }`,
    });
  }
  if (failover !== undefined && ARCHIVE_CLASSES.includes(storage.replicationStorageClass)) {
    ctx.addIssue({
      code: 'custom',
      path: ['storage', 'replicationStorageClass'],
      message: `${shown(
        storage.replicationStorageClass,
      )} archives the replicas, which CloudFront cannot serve from the failover bucket; allowed with cdn: ${REPLICA_STORAGE_CLASSES.filter(
        (c) => !ARCHIVE_CLASSES.includes(c),
      ).join(', ')}`,
    });
  }
  if (new Set(cdn.failoverStatusCodes).size !== cdn.failoverStatusCodes.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdn', 'failoverStatusCodes'],
      message: `${shown(cdn.failoverStatusCodes)} lists a status code twice`,
    });
  }

  if (cdn.domainNames.length > 0 && cdn.certificateArn === undefined && cdn.hostedZoneId === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdn', 'domainNames'],
      message: `${shown(
        cdn.domainNames,
      )} need a certificate: set cdn.certificateArn (an ACM certificate in us-east-1) or cdn.hostedZoneId (issue one validated by DNS)`,
    });
  }
  if (cdn.certificateArn !== undefined && cdn.hostedZoneId !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdn', 'certificateArn'],
      message:
        'is set together with hostedZoneId; set one: certificateArn to bring a certificate, hostedZoneId to issue one',
    });
  }
  if (cdn.domainNames.length === 0 && (cdn.certificateArn !== undefined || cdn.hostedZoneId !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdn', 'domainNames'],
      message: 'is empty but certificateArn or hostedZoneId is set: list the custom domain names',
    });
  }

  const dynamic = Object.keys(cdn.dynamicOrigins);
  for (const region of dynamic) {
    if (!configured.includes(region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['cdn', 'dynamicOrigins', region],
        message: `${shown(region)} is not a configured region; allowed: ${configured.join(', ')}`,
      });
    }
  }
  if (dynamic.length > 0 && !dynamic.includes(config.primaryRegion)) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdn', 'dynamicOrigins'],
      message: `has no origin for the primary region ${shown(config.primaryRegion)}, which serves ${
        cdn.dynamicPathPattern
      }`,
    });
  }
}
