import { mkdirSync, mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { synthesize } from '../../src/synth';
import { configWith, regionsInput } from '../helpers/config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synthToDisk(config = configWith()): { outdir: string; manifest: Json; stack: (name: string) => Json } {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'layout-')), 'cdktf.out');
  synthesize(config, outdir);
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Json;
  return {
    outdir,
    manifest,
    stack: (name) => JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json,
  };
}

describe('stack graph of the default config', () => {
  const { manifest, stack } = synthToDisk();
  const dependencies = (name: string): string[] => manifest.stacks[name].dependencies;

  it('has bootstrap, global, one stack per region and edge', () => {
    expect(Object.keys(manifest.stacks).sort()).toEqual(
      ['bootstrap', 'edge', 'global', 'region-eu-west-1', 'region-us-east-1', 'region-us-west-2'],
    );
  });

  it('declares the apply order in manifest.json', () => {
    expect(dependencies('bootstrap')).toEqual([]);
    expect(dependencies('global')).toEqual(['bootstrap']);
    expect(dependencies('region-us-east-1')).toEqual(['global']);
    expect(dependencies('region-us-west-2').sort()).toEqual(['global', 'region-us-east-1']);
    expect(dependencies('edge').sort()).toEqual(['region-eu-west-1', 'region-us-east-1', 'region-us-west-2']);
  });

  it('keeps each stack\'s state in its own region, with DynamoDB and S3 locking', () => {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(stack(`region-${region}`).terraform.backend.s3).toEqual({
        bucket: `shop-prod-tfstate-${region}`,
        key: `region-${region}/terraform.tfstate`,
        region,
        encrypt: true,
        dynamodb_table: 'shop-prod-tflock',
        use_lockfile: true,
      });
    }
    expect(stack('global').terraform.backend.s3.region).toBe('us-east-1');
    expect(stack('bootstrap').terraform.backend.local).toEqual({ path: '../../../terraform.bootstrap.tfstate' });
  });

  it('looks the account up once per stack, whatever needs it', () => {
    for (const name of Object.keys(manifest.stacks).filter((stack) => stack !== 'bootstrap')) {
      expect(Object.keys(stack(name).data.aws_caller_identity)).toEqual(['account']);
    }
  });

  it('tags everything through the provider', () => {
    const [provider] = stack('region-us-west-2').provider.aws;
    expect(provider.default_tags).toEqual([{ tags: { CostCenter: 'platform', Project: 'shop', Environment: 'prod', ManagedBy: 'cdktf' } }]);
  });
});

describe('outage rule: a region plans and applies while every other region is down', () => {
  const regions = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1'];
  const { manifest, stack } = synthToDisk(configWith((input) => Object.assign(input, regionsInput(regions[0], regions.slice(1)))));

  it.each(regions)('region-%s uses only its own region\'s provider and backend', (region) => {
    const tf = stack(`region-${region}`);
    expect(tf.provider.aws).toHaveLength(1);
    expect(tf.provider.aws[0].region).toBe(region);
    expect(tf.provider.aws[0].alias).toBeUndefined();
    expect(Object.keys(tf.provider)).toEqual(['aws']);
    expect(tf.terraform.backend.s3.region).toBe(region);
    expect(tf.terraform.backend.s3.bucket).toBe(`shop-prod-tfstate-${region}`);
  });

  it.each(regions)('region-%s reads no other stack\'s state and pins no resource to another provider', (region) => {
    const tf = stack(`region-${region}`);
    expect(tf.data?.terraform_remote_state).toBeUndefined();
    const pinned = Object.values({ ...tf.resource, ...tf.data }).flatMap((byName) => Object.values(byName as Json)).filter((block) => block.provider !== undefined);
    expect(pinned).toEqual([]);
  });

  it('no stack reads another stack\'s state at all', () => {
    for (const name of Object.keys(manifest.stacks)) {
      expect(stack(name).data?.terraform_remote_state).toBeUndefined();
    }
  });
});

describe('atomic output', () => {
  it('writes nothing when a stack breaks the baseline, even if others were fine', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'atomic-')), 'cdktf.out');
    synthesize(configWith(), outdir);
    expect(readdirSync(path.join(outdir, 'stacks'))).toHaveLength(6);

    expect(() =>
      synthesize(configWith(), outdir, ({ edge }) => {
        new S3Bucket(edge, 'user_bucket', { provider: edge.providers.get('us-east-1'), bucket: 'user-bucket' });
      }),
    ).toThrow(/\[S3_PUBLIC_ACCESS_BLOCK, checkov CKV2_AWS_6\] aws_s3_bucket\.user_bucket has no aws_s3_bucket_public_access_block/);
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(path.dirname(outdir))).toEqual([]);
  });
});

describe('what Terraform adds to the output', () => {
  it('survives a new synth, and a failed one removes only the synthesized files', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'workdirs-')), 'cdktf.out');
    synthesize(configWith(), outdir);
    const global = path.join(outdir, 'stacks', 'global');
    mkdirSync(path.join(global, '.terraform', 'providers'), { recursive: true });
    writeFileSync(path.join(global, '.terraform.lock.hcl'), '# lock');

    synthesize(configWith(), outdir);
    expect(readdirSync(global).sort()).toEqual(['.terraform', '.terraform.lock.hcl', 'cdk.tf.json']);

    expect(() => synthesize(configWith(), outdir, ({ edge }) => { new S3Bucket(edge, 'loose', { provider: edge.providers.get('us-east-1'), bucket: 'loose' }); })).toThrow();
    expect(readdirSync(outdir)).toEqual(['stacks']);
    expect(readdirSync(path.join(outdir, 'stacks'))).toEqual(['global']);
    expect(readdirSync(global).sort()).toEqual(['.terraform', '.terraform.lock.hcl']);
  });
});

describe('multi-region KMS key', () => {
  const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'eu-north-1', 'ap-northeast-1', 'ap-southeast-2'];
  const { stack } = synthToDisk(configWith((input) => Object.assign(input, regionsInput(regions[0], regions.slice(1)))));
  const global = stack('global');

  it('has one rotating primary in the global region and one replica per other region, on that region\'s provider', () => {
    const primaries = Object.values(global.resource.aws_kms_key as Json);
    expect(primaries).toHaveLength(1);
    expect(primaries[0]).toMatchObject({ multi_region: true, enable_key_rotation: true, provider: 'aws.us_east_1' });
    const replicas = Object.values(global.resource.aws_kms_replica_key as Json);
    expect(replicas.map((replica) => replica.provider).sort()).toEqual(regions.slice(1).map((region) => `aws.${region.replace(/-/g, '_')}`).sort());
    for (const replica of replicas) expect(replica.primary_key_arn).toBe('${aws_kms_key.kms_primary.arn}');
  });

  it('gives every copy the same alias, which regional stacks look up locally', () => {
    const aliases = Object.values(global.resource.aws_kms_alias as Json);
    expect(aliases).toHaveLength(regions.length);
    expect(new Set(aliases.map((alias) => alias.name))).toEqual(new Set(['alias/shop-prod']));
    expect(new Set(aliases.map((alias) => alias.provider)).size).toBe(regions.length);
    expect(Object.values(stack('region-eu-north-1').data.aws_kms_key as Json)).toEqual([expect.objectContaining({ key_id: 'alias/shop-prod' })]);
  });
});

describe('key policy for CloudFront', () => {
  const policies = (cdn: boolean): string[] => {
    const { stack } = synthToDisk(configWith((input) => { input.cdn = { ...input.cdn, enabled: cdn }; }));
    const global = stack('global');
    return [...Object.values(global.resource.aws_kms_key as Json), ...Object.values(global.resource.aws_kms_replica_key as Json)].map((key) => key.policy);
  };

  it('lets the account\'s distributions decrypt in every region when the CDN is on', () => {
    const withCdn = policies(true);
    expect(withCdn).toHaveLength(3);
    for (const policy of withCdn) {
      expect(policy).toContain('"Principal" = {"Service" = "cloudfront.amazonaws.com"}, "Action" = "kms:Decrypt"');
      expect(policy).toContain('"AWS:SourceArn" = "arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/*"');
    }
  });

  it('admits exactly the pinned distribution, in key and bucket policies, once cdn.distributionId is set', () => {
    const { stack } = synthToDisk(configWith((input) => { input.cdn = { ...input.cdn, distributionId: 'E2QWRUHAPOMQZL' }; }));
    const exact = 'arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/E2QWRUHAPOMQZL';
    const keyPolicies = [...Object.values(stack('global').resource.aws_kms_key as Json), ...Object.values(stack('global').resource.aws_kms_replica_key as Json)];
    for (const key of keyPolicies) expect(key.policy).toContain(`"AWS:SourceArn" = "${exact}"`);
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const bucketPolicy = stack(`region-${region}`).resource.aws_s3_bucket_policy.storage_bucket_policy.policy as string;
      expect(bucketPolicy).toContain('"AWS:SourceArn" = "arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/E2QWRUHAPOMQZL"');
      expect(bucketPolicy).not.toContain('distribution/*');
    }
    expect(stack('edge').output.cdn_distribution_id.value).toBe('${aws_cloudfront_distribution.cdn_distribution.id}');
  });

  it('rejects a distribution ID that is not one', () => {
    expect(() => configWith((input) => { input.cdn = { ...input.cdn, distributionId: 'd123.cloudfront.net' }; })).toThrow(
      'cdn.distributionId: "d123.cloudfront.net" is not a CloudFront distribution ID (uppercase letters and digits, e.g. "E2QWRUHAPOMQZL")',
    );
  });

  it('admits no CloudFront without the CDN', () => {
    for (const policy of policies(false)) expect(policy).not.toContain('cloudfront');
  });
});
