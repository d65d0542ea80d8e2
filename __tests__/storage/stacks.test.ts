import type { Deployment } from '../../src/stacks/deployment';
import { replicationStatements } from '../../src/storage/edge-storage';
import { Template } from '../helpers/template';
import { configWith, regionsInput } from '../helpers/config';
import { deploymentFor } from '../helpers/template';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

describe('storage in the default deployment', () => {
  let deployment: Deployment;
  let regional: Map<string, Template>;
  let edge: Template;

  beforeAll(() => {
    deployment = deploymentFor(configWith());
    regional = new Map(REGIONS.map((region) => [region, Template.fromStack(deployment.regions.get(region)!)]));
    edge = Template.fromStack(deployment.edge);
  });

  it('gives every region one bucket with a deterministic name and every protection', () => {
    for (const [region, template] of regional) {
      expect(Object.keys(template.resources('aws_s3_bucket'))).toEqual(['storage_bucket_bucket']);
      expect(template.resource('aws_s3_bucket', 'storage_bucket_bucket').bucket).toBe(`shop-prod-assets-${region}`);
      expect(template.resource('aws_s3_bucket_versioning', 'storage_bucket_versioning').versioning_configuration.status).toBe('Enabled');
      const sse = template.resource('aws_s3_bucket_server_side_encryption_configuration', 'storage_bucket_encryption').rule[0];
      expect(sse).toEqual({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${data.aws_kms_key.kms_key.arn}' }, bucket_key_enabled: true });
      expect(template.resource('aws_s3_bucket_public_access_block', 'storage_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      expect(template.resource('aws_s3_bucket_ownership_controls', 'storage_bucket_ownership').rule.object_ownership).toBe('BucketOwnerEnforced');
      expect(template.resource('aws_s3_bucket_lifecycle_configuration', 'storage_bucket_lifecycle').rule[0]).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 90 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] });
    }
  });

  it('admits CloudFront Origin Access Control in every bucket policy, with the TLS-only deny', () => {
    for (const template of regional.values()) {
      const policy = String(template.resource('aws_s3_bucket_policy', 'storage_bucket_policy').policy);
      expect(policy).toContain('"aws:SecureTransport" = "false"');
      expect(policy).toContain('"Service" = "cloudfront.amazonaws.com"');
      expect(policy).toContain('"AWS:SourceArn" = "arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/*"');
    }
  });

  it('keeps replication and bucket policies apart: replication only in edge, policies only in regions', () => {
    for (const template of regional.values()) expect(template.resources('aws_s3_bucket_replication_configuration')).toEqual({});
    expect(edge.resources('aws_s3_bucket_policy')).toEqual({});
    expect(edge.resources('aws_s3_bucket_versioning')).toEqual({});
  });

  it('applies edge after every regional stack, so versioning exists on both sides before replication', () => {
    for (const region of REGIONS) expect(deployment.edge.dependencies).toContain(deployment.regions.get(region));
  });

  it('replicates the primary bucket to each secondary with RTC, metrics, delete markers and the destination key', () => {
    expect(Object.keys(edge.resources('aws_s3_bucket_replication_configuration'))).toEqual(['storage_replication_us-east-1']);
    const replication = edge.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1');
    expect(replication).toMatchObject({ bucket: 'shop-prod-assets-us-east-1', provider: 'aws.us_east_1', role: '${aws_iam_role.storage_replication_role.arn}' });
    expect(replication.rule.map((rule: { id: string }) => rule.id)).toEqual(['to-us-west-2', 'to-eu-west-1']);
    for (const [index, destination] of ['us-west-2', 'eu-west-1'].entries()) {
      expect(replication.rule[index]).toEqual({
        id: `to-${destination}`,
        priority: index + 1,
        status: 'Enabled',
        filter: {},
        delete_marker_replication: { status: 'Enabled' },
        source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
        destination: {
          bucket: `arn:aws:s3:::shop-prod-assets-${destination}`,
          storage_class: 'STANDARD',
          encryption_configuration: { replica_kms_key_id: `\${data.aws_kms_key.storage_key_${destination}.arn}` },
          replication_time: { status: 'Enabled', time: { minutes: 15 } },
          metrics: { status: 'Enabled', event_threshold: { minutes: 15 } },
        },
      });
    }
  });

  it('looks each key up by alias through its own region', () => {
    for (const region of REGIONS) {
      expect(edge.dataSources('aws_kms_key')[`storage_key_${region}`]).toMatchObject({ key_id: 'alias/shop-prod', provider: `aws.${region.replace(/-/g, '_')}` });
    }
  });

  it('grants the role decrypt on the source key and encrypt on every destination key', () => {
    const policy = String(edge.resource('aws_iam_role_policy', 'storage_replication_policy').policy);
    expect(policy).toMatch(/"Action" = "kms:Decrypt", "Resource" = \[data\.aws_kms_key\.storage_key_us-east-1\.arn\]/);
    expect(policy).toMatch(/"Action" = \["kms:Encrypt", "kms:GenerateDataKey"\], "Resource" = \[data\.aws_kms_key\.storage_key_us-west-2\.arn, data\.aws_kms_key\.storage_key_eu-west-1\.arn\]/);
  });

  it('alarms on latency and failed operations per destination, in the source region', () => {
    for (const destination of ['us-west-2', 'eu-west-1']) {
      expect(edge.resource('aws_cloudwatch_metric_alarm', `storage_latency_us-east-1_to_${destination}`)).toMatchObject({
        provider: 'aws.us_east_1', namespace: 'AWS/S3', metric_name: 'ReplicationLatency', threshold: 900,
        dimensions: { SourceBucket: 'shop-prod-assets-us-east-1', DestinationBucket: `shop-prod-assets-${destination}`, RuleId: `to-${destination}` },
      });
      expect(edge.resource('aws_cloudwatch_metric_alarm', `storage_failed_us-east-1_to_${destination}`)).toMatchObject({ metric_name: 'OperationsFailedReplication', threshold: 0, comparison_operator: 'GreaterThanThreshold' });
    }
  });

  it('records every bucket\'s data events in one multi-region CloudTrail Lake store', () => {
    const store = edge.resource('aws_cloudtrail_event_data_store', 'storage_data_events');
    expect(store).toMatchObject({ multi_region_enabled: true, retention_period: 365 });
    const selectors = store.advanced_event_selector[0].field_selector;
    expect(selectors).toContainEqual({ field: 'resources.ARN', starts_with: REGIONS.map((region) => `arn:aws:s3:::shop-prod-assets-${region}/`) });
    expect(selectors.map((selector: { field: string }) => selector.field)).not.toContain('readOnly');
  });
});

describe('storage options', () => {
  const edgeOf = (patch: Parameters<typeof configWith>[0]) => Template.fromStack(deploymentFor(configWith(patch)).edge);

  it('replicates every bucket to every other when bidirectional, syncing replica modifications', () => {
    const edge = edgeOf((i) => { i.storage = { bidirectionalReplication: true }; });
    for (const source of REGIONS) {
      const replication = edge.resource('aws_s3_bucket_replication_configuration', `storage_replication_${source}`);
      expect(replication.rule.map((rule: { destination: { bucket: string } }) => rule.destination.bucket)).toEqual(REGIONS.filter((r) => r !== source).map((r) => `arn:aws:s3:::shop-prod-assets-${r}`));
      for (const rule of replication.rule) expect(rule.source_selection_criteria.replica_modifications).toEqual({ status: 'Enabled' });
    }
    expect(Object.keys(edge.resources('aws_cloudwatch_metric_alarm')).filter((name) => name.startsWith('storage_latency_'))).toHaveLength(6);
  });

  it('drops RTC, metrics and their alarms when switched off', () => {
    const edge = edgeOf((i) => { i.storage = { replicationTimeControl: false, replicationMetrics: false }; });
    const rule = edge.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1').rule[0];
    expect(rule.destination.replication_time).toBeUndefined();
    expect(rule.destination.metrics).toBeUndefined();
    expect(Object.keys(edge.resources('aws_cloudwatch_metric_alarm')).filter((name) => name.startsWith('storage_'))).toEqual([]);
  });

  it('filters by prefix and tags, with delete markers off, into the chosen storage class', () => {
    const edge = edgeOf((i) => { i.storage = { replicationPrefix: 'public/', replicationTags: { replicate: 'yes' }, deleteMarkerReplication: false, replicationStorageClass: 'STANDARD_IA' }; });
    const rule = edge.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1').rule[0];
    expect(rule.filter).toEqual({ and: { prefix: 'public/', tags: { replicate: 'yes' } } });
    expect(rule.delete_marker_replication).toEqual({ status: 'Disabled' });
    expect(rule.destination.storage_class).toBe('STANDARD_IA');
    const tagOnly = edgeOf((i) => { i.storage = { replicationTags: { replicate: 'yes' }, deleteMarkerReplication: false }; });
    expect(tagOnly.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1').rule[0].filter).toEqual({ tag: { key: 'replicate', value: 'yes' } });
  });

  it('replicates only to the listed destinations', () => {
    const edge = edgeOf((i) => { i.storage = { replicationDestinations: ['us-west-2'] }; });
    expect(edge.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1').rule.map((rule: { id: string }) => rule.id)).toEqual(['to-us-west-2']);
  });

  it('creates no replication for a single region, but still records data events', () => {
    const edge = Template.fromStack(deploymentFor(configWith((i) => Object.assign(i, regionsInput('eu-west-1', [])))).edge);
    expect(edge.resources('aws_s3_bucket_replication_configuration')).toEqual({});
    expect(edge.resources('aws_iam_role')).toEqual({});
    expect(Object.keys(edge.resources('aws_cloudtrail_event_data_store'))).toEqual(['storage_data_events']);
  });
});

describe('replication role statements', () => {
  const statements = replicationStatements(
    [{ region: 'us-east-1', bucket: 'src', keyArn: 'key-src' }],
    [{ region: 'us-west-2', bucket: 'dst', keyArn: 'key-dst' }],
  );
  const bySid = (sid: string) => statements.find((statement) => statement.Sid === sid)!;

  it('scopes KMS use to S3 in the key\'s region and to the buckets, with or without bucket keys', () => {
    expect(bySid('DecryptSourceObjects')).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: ['key-src'],
      Condition: { StringLike: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'], 'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::src', 'arn:aws:s3:::src/*'] } },
    });
    expect(bySid('EncryptReplicas')).toMatchObject({ Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: ['key-dst'] });
  });

  it('reads only from sources and writes only to destinations', () => {
    expect(bySid('ReadSourceObjects').Resource).toEqual(['arn:aws:s3:::src/*']);
    expect(bySid('WriteReplicas').Resource).toEqual(['arn:aws:s3:::dst/*']);
    expect(JSON.stringify(statements)).not.toMatch(/"(s3|kms):\*"|"Resource":"\*"/);
  });
});
