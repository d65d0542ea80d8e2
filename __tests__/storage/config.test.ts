import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/load';
import { cdnFailoverRegion, replicationDestinations, storageBucketName } from '../../src/storage/config';
import { defaultInput, withRegions } from '../helpers/config';

type Patch = (input: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'storage-bidirectional-custom-domain.yaml');

/** Each bad input with the exact issue line it must produce. */
const INVALID: ReadonlyArray<[string, Patch, string]> = [
  [
    'an uppercase bucket prefix',
    (i) => {
      i.storage = { bucketPrefix: 'Shop_Assets' };
    },
    'storage.bucketPrefix: gives bucket name "Shop_Assets-us-east-1" in us-east-1, which must be 3-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit',
  ],
  [
    'a bucket name over 63 characters',
    (i) => {
      i.storage = { bucketPrefix: 'a'.repeat(55) };
    },
    `storage.bucketPrefix: gives bucket name "${'a'.repeat(
      55,
    )}-us-east-1" in us-east-1, which must be 3-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit`,
  ],
  [
    'a dotted bucket name',
    (i) => {
      i.storage = { bucketPrefix: 'assets.example' };
    },
    'storage.bucketPrefix: gives bucket name "assets.example-us-east-1" in us-east-1, which must be 3-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit',
  ],
  [
    'a reserved bucket prefix',
    (i) => {
      i.storage = { bucketPrefix: 'xn--assets' };
    },
    'storage.bucketPrefix: gives bucket name "xn--assets-us-east-1" in us-east-1, which must not start with the reserved prefix "xn--"',
  ],
  [
    'a name that makes the trail log bucket name reserved',
    (i) => {
      i.name = 'xn--shop';
      i.storage = { bucketPrefix: 'shop-assets' };
    },
    'storage.dataEventsStore: "trail" gives log bucket name "xn--shop-prod-audit-us-east-1", which must not start with the reserved prefix "xn--"',
  ],
  [
    'an unknown data event store',
    (i) => {
      i.storage = { dataEventsStore: 'lake' };
    },
    'storage.dataEventsStore: "lake" is not a data event store; allowed: trail, cloudtrail-lake, none',
  ],
  [
    'a replication destination that is not configured',
    (i) => {
      i.storage = { replicationDestinations: ['us-west-2', 'ap-south-1'] };
    },
    'storage.replicationDestinations[1]: "ap-south-1" is not a configured region; allowed: us-west-2, eu-west-1',
  ],
  [
    'the primary as a replication destination',
    (i) => {
      i.storage = { replicationDestinations: ['us-east-1'] };
    },
    'storage.replicationDestinations[0]: "us-east-1" is the primary region, the replication source; allowed: us-west-2, eu-west-1',
  ],
  [
    'a replication destination listed twice',
    (i) => {
      i.storage = { replicationDestinations: ['us-west-2', 'us-west-2'] };
    },
    'storage.replicationDestinations[1]: "us-west-2" is listed twice; each destination once',
  ],
  [
    'destinations with bidirectional replication',
    (i) => {
      i.storage = { bidirectionalReplication: true, replicationDestinations: ['us-west-2'] };
    },
    'storage.replicationDestinations: cannot be combined with bidirectionalReplication, which replicates every bucket to every other',
  ],
  [
    'RTC without metrics',
    (i) => {
      i.storage = { replicationMetrics: false };
    },
    'storage.replicationMetrics: is false but replicationTimeControl is true: S3 Replication Time Control needs replication metrics',
  ],
  [
    'a tag filter with delete-marker replication',
    (i) => {
      i.storage = { replicationTags: { replicate: 'yes' } };
    },
    'storage.replicationTags: {"replicate":"yes"} filters by tag, and S3 does not replicate delete markers for tag-filtered rules: set deleteMarkerReplication to false',
  ],
  [
    'an archive replica class behind CloudFront',
    (i) => {
      i.storage = { replicationStorageClass: 'GLACIER' };
    },
    'storage.replicationStorageClass: "GLACIER" archives the replicas, which CloudFront cannot serve from the failover bucket; allowed with cdn: STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR',
  ],
  [
    'an unknown replica class',
    (i) => {
      i.storage = { replicationStorageClass: 'COLD' };
    },
    'storage.replicationStorageClass: "COLD" is not a replica storage class; allowed: STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE',
  ],
  [
    'a failover region that is not a secondary',
    (i) => {
      i.cdn = { failoverRegion: 'us-east-1' };
    },
    'cdn.failoverRegion: "us-east-1" is not a secondary region; allowed: us-west-2, eu-west-1',
  ],
  [
    'a failover region without replicas',
    (i) => {
      i.storage = { replicationDestinations: ['eu-west-1'] };
    },
    'cdn.failoverRegion: "us-west-2" does not receive replicas from the primary bucket, so it cannot serve as failover; add it to storage.replicationDestinations or choose one of: eu-west-1',
  ],
  [
    'an unsupported failover status code',
    (i) => {
      i.cdn = { failoverStatusCodes: [500, 501] };
    },
    'cdn.failoverStatusCodes[1]: 501 is not a failover status code; allowed: 400, 403, 404, 416, 500, 502, 503, 504',
  ],
  [
    'a custom domain without certificate settings',
    (i) => {
      i.cdn = { domainNames: ['cdn.example.com'] };
    },
    'cdn.domainNames: ["cdn.example.com"] need a certificate: set cdn.certificateArn (an ACM certificate in us-east-1) or cdn.hostedZoneId (issue one validated by DNS)',
  ],
  [
    'a certificate outside us-east-1',
    (i) => {
      i.cdn = {
        domainNames: ['cdn.example.com'],
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef',
      };
    },
    'cdn.certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef" must be the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from us-east-1)',
  ],
  [
    'both a certificate and a hosted zone',
    (i) => {
      i.cdn = {
        domainNames: ['cdn.example.com'],
        hostedZoneId: 'Z123',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef',
      };
    },
    'cdn.certificateArn: is set together with hostedZoneId; set one: certificateArn to bring a certificate, hostedZoneId to issue one',
  ],
  [
    'certificate settings without a domain',
    (i) => {
      i.cdn = { hostedZoneId: 'Z123' };
    },
    'cdn.domainNames: is empty but certificateArn or hostedZoneId is set: list the custom domain names',
  ],
  [
    'a regional WAF web ACL',
    (i) => {
      i.cdn = { webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b' };
    },
    'cdn.webAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b" must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)',
  ],
  [
    'a dynamic origin in an unconfigured region',
    (i) => {
      i.cdn = { dynamicOrigins: { 'us-east-1': 'api.example.com', 'ap-south-1': 'api2.example.com' } };
    },
    'cdn.dynamicOrigins.ap-south-1: "ap-south-1" is not a configured region; allowed: us-east-1, us-west-2, eu-west-1',
  ],
  [
    'dynamic origins without the primary',
    (i) => {
      i.cdn = { dynamicOrigins: { 'us-west-2': 'api.example.com' } };
    },
    'cdn.dynamicOrigins: has no origin for the primary region "us-east-1", which serves /api/*',
  ],
  [
    'a short log retention',
    (i) => {
      i.cdn = { logRetentionDays: 30 };
    },
    'cdn.logRetentionDays: 30 is not a CloudWatch Logs retention of a year or more; allowed: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
  ],
];

describe('storage and cdn config', () => {
  it.each(INVALID)(
    'rejects %s with a message naming the field, the value and what is allowed',
    (_label, patch, expected) => {
      const input = defaultInput() as Record<string, unknown>;
      patch(input);
      let error: unknown;
      try {
        parseConfig(input, 'my.yaml');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toContain(expected);
    },
  );

  it('derives deterministic bucket names and primary-to-secondary replication by default', () => {
    const config = parseConfig(defaultInput());
    expect(config.allRegions.map((region) => storageBucketName(config, region))).toEqual([
      'shop-prod-assets-us-east-1',
      'shop-prod-assets-us-west-2',
      'shop-prod-assets-eu-west-1',
    ]);
    // Every replicated bucket to every other, in name order, whatever the roles.
    expect(replicationDestinations(config, 'us-east-1')).toEqual(['eu-west-1', 'us-west-2']);
    expect(replicationDestinations(config, 'us-west-2')).toEqual(['eu-west-1', 'us-east-1']);
    const subset = parseConfig({
      ...defaultInput(),
      storage: { replicationDestinations: ['us-west-2'] },
      cdn: { enabled: false },
    });
    expect(replicationDestinations(subset, 'us-east-1')).toEqual(['us-west-2']);
    expect(replicationDestinations(subset, 'eu-west-1')).toEqual([]);
    expect(cdnFailoverRegion(config)).toBe('us-west-2');
    expect(config.cdn.failoverStatusCodes).toEqual([500, 502, 503, 504]);
    expect(config.storage.replicationTimeControl && config.storage.replicationMetrics).toBe(true);
  });

  it('replicates every bucket to every other when bidirectional', () => {
    const config = parseConfig({ ...defaultInput(), storage: { bidirectionalReplication: true } });
    expect(replicationDestinations(config, 'us-west-2')).toEqual(['eu-west-1', 'us-east-1']);
    expect(replicationDestinations(config, 'eu-west-1')).toEqual(['us-east-1', 'us-west-2']);
  });

  it('accepts a tag filter once delete-marker replication is off, and a single region without failover', () => {
    expect(() =>
      parseConfig({ ...defaultInput(), storage: { replicationTags: { a: 'b' }, deleteMarkerReplication: false } }),
    ).not.toThrow();
    const single = parseConfig(withRegions(defaultInput(), 'eu-west-1', []));
    expect(cdnFailoverRegion(single)).toBeUndefined();
    expect(replicationDestinations(single, 'eu-west-1')).toEqual([]);
  });

  it('accepts the storage example', () => {
    const config = parseConfig(parse(readFileSync(EXAMPLE, 'utf8')), EXAMPLE);
    expect(config.storage.bidirectionalReplication).toBe(true);
    expect(storageBucketName(config, 'eu-north-1')).toBe('media-prod-content-eu-north-1');
  });
});
