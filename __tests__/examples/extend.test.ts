import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { addConnectionAlarms } from '../../examples/extend/cache-connections-alarm';
import { addReportingReaders } from '../../examples/extend/database-reporting-reader';
import { addPartnerKey } from '../../examples/extend/secrets-partner-key';
import { addExportsBuckets } from '../../examples/extend/storage-exports-bucket';
import { loadConfig, DEFAULT_CONFIG_PATH } from '../../src/config/load';
import type { Deployment } from '../../src/stacks/deployment';
import { synthesize } from '../../src/synth';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The examples of docs/*.md "Adding your own constructs", synthesized through `synthesize(config, outdir, extend)`. */
const config = loadConfig(DEFAULT_CONFIG_PATH);
const work = mkdtempSync(path.join(os.tmpdir(), 'extend-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let synths = 0;
function synth(extend: (deployment: Deployment) => void): (stack: string) => Json {
  const outdir = path.join(work, `out-${synths++}`);
  synthesize(config, outdir, extend);
  return (stack) => JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Json;
}

const regions = config.allRegions;
const primary = `region-${config.primaryRegion}`;

describe('the extend examples on the default config', () => {
  const stackJson = synth((deployment) => {
    addReportingReaders(deployment);
    addExportsBuckets(deployment);
    addPartnerKey(deployment);
    addConnectionAlarms(deployment);
  });

  it("database: a reporting reader in every region, on the tier's cluster, never promoted, with the tier's monitoring role", () => {
    const global = stackJson('global');
    for (const region of regions) {
      const reader = stackJson(`region-${region}`).resource.aws_rds_cluster_instance.reporting_reader;
      expect(reader).toMatchObject({
        identifier: `shop-prod-db-${region}-reporting`,
        cluster_identifier: '${aws_rds_cluster.database_cluster.id}',
        promotion_tier: 15,
        publicly_accessible: false,
        performance_insights_kms_key_id: '${data.aws_kms_key.kms_key.arn}',
      });
      const roleName = String(reader.monitoring_role_arn).split('/').pop();
      expect(Object.values(global.resource.aws_iam_role as Json).map((role) => role.name)).toContain(roleName);
    }
  });

  it('storage: an exports bucket in every region with the baseline protections', () => {
    for (const region of regions) {
      const stack = stackJson(`region-${region}`);
      expect(stack.resource.aws_s3_bucket.exports_bucket.bucket).toBe(`shop-prod-exports-${region}`);
      expect(stack.resource.aws_s3_bucket_public_access_block.exports_public_access_block).toMatchObject({
        block_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(stack.resource.aws_s3_bucket_versioning.exports_versioning.versioning_configuration.status).toBe(
        'Enabled',
      );
    }
  });

  it("secrets: a secret in globalRegion with a replica in every other region, each with its region's key", () => {
    const secret = stackJson('global').resource.aws_secretsmanager_secret.partner_api_key;
    expect(secret.name).toBe('shop-prod/partner/api-key');
    expect(secret.replica.map((replica: Json) => replica.region).sort()).toEqual(
      regions.filter((region) => region !== config.globalRegion).sort(),
    );
    expect(secret.replica.every((replica: Json) => typeof replica.kms_key_id === 'string')).toBe(true);
  });

  it("cache: a connections alarm on the region's replication group, only where the region has one", () => {
    const alarm = stackJson(primary).resource.aws_cloudwatch_metric_alarm.cache_connections;
    const groupAddress = Object.keys(stackJson(primary).resource.aws_elasticache_replication_group)[0];
    expect(alarm.dimensions).toEqual({
      ReplicationGroupId: `\${aws_elasticache_replication_group.${groupAddress}.replication_group_id}`,
    });
    const topic = `arn:aws:sns:${config.primaryRegion}:\${data.aws_caller_identity.account.account_id}:shop-prod-alerts`;
    expect([alarm.alarm_actions, alarm.ok_actions]).toEqual([[topic], [topic]]);
    // elasticache-global secondaries create no cache until cache.globalDatastoreId is pinned, so no alarm either.
    for (const region of config.secondaryRegions)
      expect(stackJson(`region-${region}`).resource.aws_cloudwatch_metric_alarm?.cache_connections).toBeUndefined();
  });
});

describe('what the examples add is held to the security baseline', () => {
  const weakened = (extend: (deployment: Deployment) => void, weaken: (deployment: Deployment) => void) => () =>
    synth((deployment) => {
      extend(deployment);
      weaken(deployment);
    });
  const primaryStack = (deployment: Deployment) => deployment.regions.get(config.primaryRegion)!;

  it('a public reporting reader fails synthesis', () => {
    expect(
      weakened(addReportingReaders, (deployment) => {
        (primaryStack(deployment).node.findChild('reporting_reader') as RdsClusterInstance).publiclyAccessible = true;
      }),
    ).toThrow(/RDS_NOT_PUBLIC_CLUSTER_INSTANCE.*aws_rds_cluster_instance\.reporting_reader/);
  });

  it('an exports bucket open to public policies fails synthesis', () => {
    expect(
      weakened(addExportsBuckets, (deployment) => {
        (
          primaryStack(deployment)
            .node.findChild('exports')
            .node.findChild('public_access_block') as S3BucketPublicAccessBlock
        ).restrictPublicBuckets = false;
      }),
    ).toThrow(/\[S3_PUBLIC_ACCESS_BLOCK, checkov CKV2_AWS_6\] aws_s3_bucket\.exports_bucket/);
  });

  it('a connections alarm that notifies nobody fails synthesis', () => {
    expect(
      weakened(addConnectionAlarms, (deployment) => {
        const alarm = primaryStack(deployment).node.findChild('cache_connections') as CloudwatchMetricAlarm;
        alarm.alarmActions = [];
        alarm.okActions = [];
      }),
    ).toThrow(/ALARM_ACTIONS_METRIC.*aws_cloudwatch_metric_alarm\.cache_connections/);
  });

  it("a replica without its region's key fails synthesis", () => {
    expect(
      weakened(addPartnerKey, (deployment) => {
        (deployment.global.node.findChild('partner_api_key') as SecretsmanagerSecret).putReplica([
          { region: config.secondaryRegions[0] },
        ]);
      }),
    ).toThrow(/SECRETSMANAGER_REPLICA_CMK.*aws_secretsmanager_secret\.partner_api_key/);
  });
});
