import type { Deployment } from '../../src/stacks/deployment';
import { replicationStatements } from '../../src/storage/edge-storage';
import { Template } from '../helpers/template';
import { configWith, regionsInput } from '../helpers/config';
import { decodePolicy, deploymentFor } from '../helpers/template';

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
      expect(
        template.resource('aws_s3_bucket_versioning', 'storage_bucket_versioning').versioning_configuration.status,
      ).toBe('Enabled');
      const sse = template.resource('aws_s3_bucket_server_side_encryption_configuration', 'storage_bucket_encryption')
        .rule[0];
      expect(sse).toEqual({
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: '${data.aws_kms_key.kms_key.arn}',
        },
        bucket_key_enabled: true,
      });
      expect(
        template.resource('aws_s3_bucket_public_access_block', 'storage_bucket_public_access_block'),
      ).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(
        template.resource('aws_s3_bucket_ownership_controls', 'storage_bucket_ownership').rule.object_ownership,
      ).toBe('BucketOwnerEnforced');
      expect(
        template.resource('aws_s3_bucket_lifecycle_configuration', 'storage_bucket_lifecycle').rule[0],
      ).toMatchObject({
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      });
    }
  });

  it('admits CloudFront Origin Access Control in every bucket policy, with the TLS-only deny', () => {
    for (const template of regional.values()) {
      const policy = decodePolicy(template.resource('aws_s3_bucket_policy', 'storage_bucket_policy').policy);
      expect(policy.Statement[0]).toMatchObject({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(policy.Statement[1]).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          ArnLike: {
            'AWS:SourceArn': 'arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/*',
          },
        },
      });
    }
  });

  it('keeps replication and bucket policies apart: replication only in edge, policies only in regions', () => {
    for (const template of regional.values())
      expect(template.resources('aws_s3_bucket_replication_configuration')).toEqual({});
    // Only the data-event trail's own log bucket has a policy and versioning in edge.
    expect(Object.keys(edge.resources('aws_s3_bucket_policy'))).toEqual(['storage_data_event_trail_log_bucket_policy']);
    expect(Object.keys(edge.resources('aws_s3_bucket_versioning'))).toEqual([
      'storage_data_event_trail_log_bucket_versioning',
    ]);
  });

  it('applies edge after every regional stack, so versioning exists on both sides before replication', () => {
    for (const region of REGIONS) expect(deployment.edge.dependencies).toContain(deployment.regions.get(region));
  });

  it('replicates every bucket to every other, so a switchover finds the new primary already replicating', () => {
    expect(Object.keys(edge.resources('aws_s3_bucket_replication_configuration')).sort()).toEqual(
      REGIONS.map((region) => `storage_replication_${region}`).sort(),
    );
    for (const source of REGIONS) {
      const replication = edge.resource('aws_s3_bucket_replication_configuration', `storage_replication_${source}`);
      expect(replication).toMatchObject({
        bucket: `shop-prod-assets-${source}`,
        provider: `aws.${source.replace(/-/g, '_')}`,
        role: '${aws_iam_role.storage_replication_role.arn}',
      });
      // Name order, whatever the roles: a flip of primaryRegion reorders no rule.
      expect(replication.rule.map((rule: { id: string }) => rule.id)).toEqual(
        [...REGIONS]
          .sort()
          .filter((region) => region !== source)
          .map((region) => `to-${region}`),
      );
      // Replica modification sync only for writers everywhere (bidirectionalReplication).
      for (const rule of replication.rule) expect(rule.source_selection_criteria.replica_modifications).toBeUndefined();
    }
  });

  it('gives each rule RTC, metrics, delete markers and the destination key', () => {
    const replication = edge.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1');
    for (const [index, destination] of ['eu-west-1', 'us-west-2'].entries()) {
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
      expect(edge.dataSources('aws_kms_key')[`storage_key_${region}`]).toMatchObject({
        key_id: 'alias/shop-prod',
        provider: `aws.${region.replace(/-/g, '_')}`,
      });
    }
  });

  it('grants the role decrypt on every source key and encrypt on every destination key', () => {
    const statements = decodePolicy(
      edge.resource('aws_iam_role_policy', 'storage_replication_policy').policy,
    ).Statement;
    const keys = REGIONS.map((region) => `\${data.aws_kms_key.storage_key_${region}.arn}`).sort();
    expect(statements.find((s: { Sid: string }) => s.Sid === 'DecryptSourceObjects')).toMatchObject({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
    });
    expect([...statements.find((s: { Sid: string }) => s.Sid === 'DecryptSourceObjects').Resource].sort()).toEqual(
      keys,
    );
    expect(statements.find((s: { Sid: string }) => s.Sid === 'EncryptReplicas')).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
    });
    expect([...statements.find((s: { Sid: string }) => s.Sid === 'EncryptReplicas').Resource].sort()).toEqual(keys);
  });

  it('alarms on latency and failed operations per destination, in the source region', () => {
    for (const destination of ['us-west-2', 'eu-west-1']) {
      expect(edge.resource('aws_cloudwatch_metric_alarm', `storage_latency_us-east-1_to_${destination}`)).toMatchObject(
        {
          provider: 'aws.us_east_1',
          namespace: 'AWS/S3',
          metric_name: 'ReplicationLatency',
          threshold: 900,
          dimensions: {
            SourceBucket: 'shop-prod-assets-us-east-1',
            DestinationBucket: `shop-prod-assets-${destination}`,
            RuleId: `to-${destination}`,
          },
        },
      );
      expect(edge.resource('aws_cloudwatch_metric_alarm', `storage_failed_us-east-1_to_${destination}`)).toMatchObject({
        metric_name: 'OperationsFailedReplication',
        threshold: 0,
        comparison_operator: 'GreaterThanThreshold',
      });
    }
  });

  it("records every bucket's write events with one multi-region trail into a KMS-encrypted log bucket in the global region", () => {
    const trail = edge.resource('aws_cloudtrail', 'storage_data_event_trail_trail');
    expect(trail).toMatchObject({
      name: 'shop-prod-storage-data-events',
      is_multi_region_trail: true,
      include_global_service_events: false,
      enable_log_file_validation: true,
      provider: 'aws.us_east_1',
      kms_key_id: '${data.aws_kms_key.storage_key_us-east-1.arn}',
      s3_bucket_name: 'shop-prod-audit-us-east-1',
    });
    const selectors = trail.advanced_event_selector[0].field_selector;
    expect(selectors).toContainEqual({
      field: 'resources.ARN',
      starts_with: [...REGIONS].sort().map((region) => `arn:aws:s3:::shop-prod-assets-${region}/`),
    });
    expect(selectors).toContainEqual({ field: 'readOnly', equals: ['false'] });
    expect(
      edge.resource('aws_s3_bucket_lifecycle_configuration', 'storage_data_event_trail_log_bucket_lifecycle').rule[0]
        .expiration,
    ).toEqual([{ days: 365 }]);
    expect(edge.resources('aws_cloudtrail_event_data_store')).toEqual({});
  });

  it('lets only this trail deliver into the log bucket', () => {
    const statements = decodePolicy(
      edge.resource('aws_s3_bucket_policy', 'storage_data_event_trail_log_bucket_policy').policy,
    ).Statement;
    const write = statements.find((statement: { Sid: string }) => statement.Sid === 'CloudTrailWrite');
    expect(write.Resource).toBe(
      'arn:aws:s3:::shop-prod-audit-us-east-1/AWSLogs/${data.aws_caller_identity.account.account_id}/*',
    );
    expect(write.Condition.StringEquals['aws:SourceArn']).toBe(
      'arn:aws:cloudtrail:us-east-1:${data.aws_caller_identity.account.account_id}:trail/shop-prod-storage-data-events',
    );
  });

  it('records reads too when dataEvents is all', () => {
    const trail = Template.fromStack(
      deploymentFor(
        configWith((i) => {
          i.storage = { dataEvents: 'all' };
        }),
      ).edge,
    ).resource('aws_cloudtrail', 'storage_data_event_trail_trail');
    expect(
      trail.advanced_event_selector[0].field_selector.map((selector: { field: string }) => selector.field),
    ).not.toContain('readOnly');
  });

  it('keeps a CloudTrail Lake store instead when dataEventsStore is cloudtrail-lake, and records nothing with none', () => {
    const lake = Template.fromStack(
      deploymentFor(
        configWith((i) => {
          i.storage = { dataEventsStore: 'cloudtrail-lake' };
        }),
      ).edge,
    );
    expect(lake.resource('aws_cloudtrail_event_data_store', 'storage_data_events')).toMatchObject({
      multi_region_enabled: true,
      retention_period: 365,
      kms_key_id: '${data.aws_kms_key.storage_key_us-east-1.arn}',
    });
    expect(lake.resources('aws_cloudtrail')).toEqual({});
    const none = Template.fromStack(
      deploymentFor(
        configWith((i) => {
          i.storage = { dataEventsStore: 'none' };
        }),
      ).edge,
    );
    expect({ ...none.resources('aws_cloudtrail'), ...none.resources('aws_cloudtrail_event_data_store') }).toEqual({});
  });

  it('changes no replication rule, alarm or role when primaryRegion flips', () => {
    const flipped = Template.fromStack(
      deploymentFor(
        configWith((i) => {
          i.primaryRegion = 'us-west-2';
          i.secondaryRegions = ['us-east-1', 'eu-west-1'];
        }),
      ).edge,
    );
    for (const type of [
      'aws_s3_bucket_replication_configuration',
      'aws_cloudwatch_metric_alarm',
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_cloudtrail',
      'aws_s3_bucket_policy',
    ]) {
      const storageOnly = (template: Template) =>
        Object.fromEntries(Object.entries(template.resources(type)).filter(([name]) => name.startsWith('storage_')));
      expect(storageOnly(flipped)).toEqual(storageOnly(edge));
    }
  });
});

describe('storage options', () => {
  const edgeOf = (patch: Parameters<typeof configWith>[0]) => Template.fromStack(deploymentFor(configWith(patch)).edge);

  it('replicates every bucket to every other when bidirectional, syncing replica modifications', () => {
    const edge = edgeOf((i) => {
      i.storage = { bidirectionalReplication: true };
    });
    for (const source of REGIONS) {
      const replication = edge.resource('aws_s3_bucket_replication_configuration', `storage_replication_${source}`);
      expect(replication.rule.map((rule: { destination: { bucket: string } }) => rule.destination.bucket)).toEqual(
        [...REGIONS]
          .sort()
          .filter((r) => r !== source)
          .map((r) => `arn:aws:s3:::shop-prod-assets-${r}`),
      );
      for (const rule of replication.rule)
        expect(rule.source_selection_criteria.replica_modifications).toEqual({ status: 'Enabled' });
    }
    expect(
      Object.keys(edge.resources('aws_cloudwatch_metric_alarm')).filter((name) => name.startsWith('storage_latency_')),
    ).toHaveLength(6);
  });

  it('drops RTC, metrics and their alarms when switched off', () => {
    const edge = edgeOf((i) => {
      i.storage = { replicationTimeControl: false, replicationMetrics: false };
    });
    const rule = edge.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1').rule[0];
    expect(rule.destination.replication_time).toBeUndefined();
    expect(rule.destination.metrics).toBeUndefined();
    expect(
      Object.keys(edge.resources('aws_cloudwatch_metric_alarm')).filter((name) => name.startsWith('storage_')),
    ).toEqual([]);
  });

  it('filters by prefix and tags, with delete markers off, into the chosen storage class', () => {
    const edge = edgeOf((i) => {
      i.storage = {
        replicationPrefix: 'public/',
        replicationTags: { replicate: 'yes' },
        deleteMarkerReplication: false,
        replicationStorageClass: 'STANDARD_IA',
      };
    });
    const rule = edge.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1').rule[0];
    expect(rule.filter).toEqual({ and: { prefix: 'public/', tags: { replicate: 'yes' } } });
    expect(rule.delete_marker_replication).toEqual({ status: 'Disabled' });
    expect(rule.destination.storage_class).toBe('STANDARD_IA');
    const tagOnly = edgeOf((i) => {
      i.storage = { replicationTags: { replicate: 'yes' }, deleteMarkerReplication: false };
    });
    expect(
      tagOnly.resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1').rule[0].filter,
    ).toEqual({ tag: { key: 'replicate', value: 'yes' } });
  });

  it('replicates only to the listed destinations', () => {
    const edge = edgeOf((i) => {
      i.storage = { replicationDestinations: ['us-west-2'] };
    });
    expect(
      edge
        .resource('aws_s3_bucket_replication_configuration', 'storage_replication_us-east-1')
        .rule.map((rule: { id: string }) => rule.id),
    ).toEqual(['to-us-west-2']);
  });

  it('creates no replication for a single region, but still records data events', () => {
    const edge = Template.fromStack(
      deploymentFor(configWith((i) => Object.assign(i, regionsInput('eu-west-1', [])))).edge,
    );
    expect(edge.resources('aws_s3_bucket_replication_configuration')).toEqual({});
    expect(edge.resources('aws_iam_role')).toEqual({});
    expect(Object.keys(edge.resources('aws_cloudtrail'))).toEqual(['storage_data_event_trail_trail']);
  });
});

describe('replication role statements', () => {
  const statements = replicationStatements(
    [{ region: 'us-east-1', bucket: 'src', keyArn: 'key-src' }],
    [{ region: 'us-west-2', bucket: 'dst', keyArn: 'key-dst' }],
  );
  const bySid = (sid: string) => statements.find((statement) => statement.Sid === sid)!;

  it("scopes KMS use to S3 in the key's region and to the buckets, with or without bucket keys", () => {
    expect(bySid('DecryptSourceObjects')).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: ['key-src'],
      Condition: {
        StringLike: {
          'kms:ViaService': ['s3.us-east-1.amazonaws.com'],
          'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::src', 'arn:aws:s3:::src/*'],
        },
      },
    });
    expect(bySid('EncryptReplicas')).toMatchObject({
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: ['key-dst'],
    });
  });

  it('reads only from sources and writes only to destinations', () => {
    expect(bySid('ReadSourceObjects').Resource).toEqual(['arn:aws:s3:::src/*']);
    expect(bySid('WriteReplicas').Resource).toEqual(['arn:aws:s3:::dst/*']);
    expect(JSON.stringify(statements)).not.toMatch(/"(s3|kms):\*"|"Resource":"\*"/);
  });
});
