import { mkdirSync, mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { synthesize } from '../../src/synth';
import { configWith, regionsInput } from '../helpers/config';
import { clustersInput } from '../helpers/clusters';
import { decodePolicy } from '../helpers/template';
import { cachedSynthesis } from '../helpers/synth-cache';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synthToDisk(config = configWith()): { outdir: string; manifest: Json; stack: (name: string) => Json } {
  const outdir = cachedSynthesis(config);
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

  it('has bootstrap, global, one stack per region, one cluster stack per region and edge', () => {
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      'bootstrap',
      'cluster-eu-west-1',
      'cluster-us-east-1',
      'cluster-us-west-2',
      'edge',
      'global',
      'region-eu-west-1',
      'region-us-east-1',
      'region-us-west-2',
    ]);
  });

  it('declares the apply order in manifest.json', () => {
    expect(dependencies('bootstrap')).toEqual([]);
    expect(dependencies('global')).toEqual(['bootstrap']);
    expect(dependencies('region-us-east-1')).toEqual(['global']);
    expect(dependencies('region-us-west-2').sort()).toEqual(['global', 'region-us-east-1']);
    expect(dependencies('edge').sort()).toEqual(['region-eu-west-1', 'region-us-east-1', 'region-us-west-2']);
  });

  it("keeps each stack's state in its own region, with DynamoDB and S3 locking", () => {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(stack(`region-${region}`).terraform.backend.s3).toEqual({
        bucket: `shop-prod-tfstate-${region}`,
        key: `region-${region}/terraform.tfstate`,
        region,
        encrypt: true,
        // SSE-KMS with the region's own state key on every write, not the AES256 that encrypt alone sends.
        kms_key_id: 'alias/shop-prod-tfstate',
        dynamodb_table: 'shop-prod-tflock',
        use_lockfile: true,
      });
    }
    expect(stack('global').terraform.backend.s3.region).toBe('us-east-1');
    expect(stack('bootstrap').terraform.backend.local).toEqual({
      path: '../../../terraform.shop-prod.bootstrap.tfstate',
    });
  });

  it('gives the state key in every region the alias the backends name, and denies state uploads without SSE-KMS', () => {
    const bootstrap = stack('bootstrap');
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(bootstrap.resource.aws_kms_alias[`state_key_${region}_alias`].name).toBe('alias/shop-prod-tfstate');
      const statements = decodePolicy(
        bootstrap.resource.aws_s3_bucket_policy[`state_bucket_${region}_policy`].policy,
      ).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:PutObject',
          Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        }),
      );
    }
  });

  it('requires Terraform 1.11 in every stack (write-only arguments, ephemeral variables)', () => {
    for (const name of Object.keys(manifest.stacks)) expect(stack(name).terraform.required_version).toBe('>= 1.11.0');
  });

  it('looks the account up once per stack, whatever needs it', () => {
    // Cluster stacks look up nothing by account.
    for (const name of Object.keys(manifest.stacks).filter(
      (stack) => stack !== 'bootstrap' && !stack.startsWith('cluster-'),
    )) {
      expect(Object.keys(stack(name).data.aws_caller_identity)).toEqual(['account']);
    }
  });

  it('tags everything through the provider', () => {
    const [provider] = stack('region-us-west-2').provider.aws;
    expect(provider.default_tags).toEqual([
      { tags: { CostCenter: 'platform', Project: 'shop', Environment: 'prod', ManagedBy: 'cdktf' } },
    ]);
  });
});

describe('outage rule: a region plans and applies while every other region is down', () => {
  const regions = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1'];
  // Five regions: the MemoryDB Multi-Region maximum, pinned, so every region also runs a cache cluster; clusters on,
  // with ConfigMaps taking every regional value, so each region also has a cluster stack.
  const { manifest, stack } = synthToDisk(
    configWith((input) => {
      clustersInput(input);
      Object.assign(input, regionsInput(regions[0], regions.slice(1)));
      input.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' };
    }),
  );

  it.each(regions)("region-%s uses only its own region's provider and backend", (region) => {
    const tf = stack(`region-${region}`);
    expect(tf.provider.aws).toHaveLength(1);
    expect(tf.provider.aws[0].region).toBe(region);
    expect(tf.provider.aws[0].alias).toBeUndefined();
    expect(Object.keys(tf.provider)).toEqual(['aws']);
    expect(tf.terraform.backend.s3.region).toBe(region);
    expect(tf.terraform.backend.s3.bucket).toBe(`shop-prod-tfstate-${region}`);
  });

  it.each(regions)("region-%s reads no other stack's state and pins no resource to another provider", (region) => {
    const tf = stack(`region-${region}`);
    expect(tf.data?.terraform_remote_state).toBeUndefined();
    const pinned = Object.values({ ...tf.resource, ...tf.data })
      .flatMap((byName) => Object.values(byName as Json))
      .filter((block) => block.provider !== undefined);
    expect(pinned).toEqual([]);
  });

  it.each(regions)('region-%s holds no resource of a global service (IAM, CloudFront, Route 53)', (region) => {
    const types = [
      ...Object.keys(stack(`region-${region}`).resource),
      ...Object.keys(stack(`region-${region}`).data ?? {}),
    ];
    expect(types.filter((type) => /^aws_(iam|cloudfront|route53)_/.test(type))).toEqual([]);
  });

  it.each(regions)(
    "cluster-%s keeps state in its region, uses only its region's AWS provider and its cluster, pins nothing elsewhere",
    (region) => {
      const tf = stack(`cluster-${region}`);
      expect(tf.terraform.backend.s3).toMatchObject({
        region,
        bucket: `shop-prod-tfstate-${region}`,
        key: `cluster-${region}/terraform.tfstate`,
      });
      expect(Object.keys(tf.provider).sort()).toEqual(['aws', 'kubernetes']);
      expect(tf.provider.aws).toEqual([expect.objectContaining({ region })]);
      expect(tf.provider.aws[0].alias).toBeUndefined();
      expect(tf.provider.kubernetes).toHaveLength(1);
      expect(tf.provider.kubernetes[0].exec[0].args).toEqual([
        'eks',
        'get-token',
        '--cluster-name',
        'shop-prod-eks',
        '--region',
        region,
      ]);
      expect(tf.data.terraform_remote_state).toBeUndefined();
      const pinned = Object.values({ ...tf.resource, ...tf.data })
        .flatMap((byName) => Object.values(byName as Json))
        .filter((block) => block.provider !== undefined);
      expect(pinned).toEqual([]);
      expect(manifest.stacks[`cluster-${region}`].dependencies).toEqual([`region-${region}`]);
    },
  );

  it.each(regions)(
    'cluster-%s holds no resource of a global service, and reads every regional value in its own region',
    (region) => {
      const tf = stack(`cluster-${region}`);
      const types = [...Object.keys(tf.resource), ...Object.keys(tf.data)];
      expect(types.filter((type) => /^aws_(iam|cloudfront|route53)_/.test(type))).toEqual([]);
      expect(Object.keys(tf.data).sort()).toEqual(['aws_eks_cluster', 'aws_memorydb_cluster', 'aws_rds_cluster']);
      expect(tf.data.aws_rds_cluster.database.cluster_identifier).toBe(`shop-prod-db-${region}`);
    },
  );

  it('puts the roles the regions use in the global stack, under the names the regions derive', () => {
    const roles = stack('global').resource.aws_iam_role as Json;
    for (const region of regions) {
      expect(roles[`network_flow_log_role_${region}_role`].name).toBe(`shop-prod-${region}-flow-logs`);
      expect(stack(`region-${region}`).resource.aws_flow_log.network_flow_log.iam_role_arn).toBe(
        `arn:aws:iam::\${data.aws_caller_identity.account.account_id}:role/shop-prod-${region}-flow-logs`,
      );
      expect(roles[`database_monitoring_role_${region}`].name).toBe(`shop-prod-db-${region}-monitoring`);
    }
  });

  it("no stack reads another stack's state at all", () => {
    for (const name of Object.keys(manifest.stacks)) {
      expect(stack(name).data?.terraform_remote_state).toBeUndefined();
    }
  });
});

describe('settings that take effect', () => {
  it('creates no lock table when DynamoDB locking is off', () => {
    const { stack } = synthToDisk(
      configWith((input) => {
        input.state = { backend: 's3', s3: { dynamodbLocking: false, useLockfile: true } };
      }),
    );
    expect(stack('bootstrap').resource.aws_dynamodb_table).toBeUndefined();
    expect(stack('region-us-east-1').terraform.backend.s3.dynamodb_table).toBeUndefined();
    expect(Object.keys(stack('bootstrap').resource.aws_s3_bucket)).toHaveLength(3);
  });

  it('synthesizes no bootstrap stack with Terraform Cloud, and global depends on nothing', () => {
    const { manifest, stack } = synthToDisk(
      configWith((input) => {
        input.state = { backend: 'cloud', cloud: { organization: 'acme' } };
      }),
    );
    expect(Object.keys(manifest.stacks)).not.toContain('bootstrap');
    expect(manifest.stacks.global.dependencies).toEqual([]);
    expect(stack('region-us-west-2').terraform.cloud.workspaces.name).toBe('shop-prod-region-us-west-2');
  });

  it('keys the bootstrap state file by deployment, so two configs never share it', () => {
    const { stack } = synthToDisk(
      configWith((input) => {
        input.name = 'acme';
        input.environment = 'dev';
      }),
    );
    expect(stack('bootstrap').terraform.backend.local.path).toBe('../../../terraform.acme-dev.bootstrap.tfstate');
  });
});

describe('a management region as globalRegion', () => {
  const { manifest, stack } = synthToDisk(
    configWith((input) => {
      input.globalRegion = 'eu-central-1';
    }),
  );

  it('keeps global state, the key primary and a state bucket there, and replicas only where data lives', () => {
    expect(stack('global').terraform.backend.s3).toMatchObject({
      region: 'eu-central-1',
      bucket: 'shop-prod-tfstate-eu-central-1',
    });
    expect(stack('global').resource.aws_kms_key.kms_primary.provider).toBe('aws.eu_central_1');
    expect(Object.keys(stack('global').resource.aws_kms_replica_key).sort()).toEqual([
      'kms_replica_eu-west-1',
      'kms_replica_us-east-1',
      'kms_replica_us-west-2',
    ]);
    expect(Object.keys(stack('bootstrap').resource.aws_s3_bucket)).toContain('state_bucket_eu-central-1_bucket');
  });

  it('gets no regional stack of its own', () => {
    expect(Object.keys(manifest.stacks)).not.toContain('region-eu-central-1');
  });
});

describe('regional stacks refuse global services at synthesis', () => {
  it('fails with the rule, the resource and where it belongs', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'global-service-')), 'cdktf.out');
    expect(() =>
      synthesize(configWith(), outdir, ({ regions }) => {
        new IamRole(regions.get('us-west-2')!, 'app_role', { name: 'app', assumeRolePolicy: '{}' });
      }),
    ).toThrow(
      /\[REGIONAL_NO_GLOBAL_SERVICE\] aws_iam_role\.app_role belongs to a global service \(IAM, CloudFront, Route 53\) whose control plane is in us-east-1/,
    );
  });
});

describe('cluster stacks refuse global services at synthesis', () => {
  it('fails with the rule, the resource and where it belongs', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'global-service-')), 'cdktf.out');
    expect(() =>
      synthesize(configWith(clustersInput), outdir, ({ tierStacks }) => {
        new IamRole(tierStacks.get('cluster-eu-west-1')!, 'app_role', { name: 'app', assumeRolePolicy: '{}' });
      }),
    ).toThrow(/\[REGIONAL_NO_GLOBAL_SERVICE\] aws_iam_role\.app_role belongs to a global service/);
  });
});

describe('atomic output', () => {
  it('writes nothing when a stack breaks the baseline, even if others were fine', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'atomic-')), 'cdktf.out');
    synthesize(configWith(), outdir);
    expect(readdirSync(path.join(outdir, 'stacks'))).toHaveLength(9);

    expect(() =>
      synthesize(configWith(), outdir, ({ edge }) => {
        new S3Bucket(edge, 'user_bucket', { provider: edge.provider('us-east-1'), bucket: 'user-bucket' });
      }),
    ).toThrow(
      /\[S3_PUBLIC_ACCESS_BLOCK, checkov CKV2_AWS_6\] aws_s3_bucket\.user_bucket has no aws_s3_bucket_public_access_block/,
    );
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

    expect(() =>
      synthesize(configWith(), outdir, ({ edge }) => {
        new S3Bucket(edge, 'loose', { provider: edge.provider('us-east-1'), bucket: 'loose' });
      }),
    ).toThrow();
    expect(readdirSync(outdir)).toEqual(['stacks']);
    expect(readdirSync(path.join(outdir, 'stacks'))).toEqual(['global']);
    expect(readdirSync(global).sort()).toEqual(['.terraform', '.terraform.lock.hcl']);
  });
});

describe('multi-region KMS key', () => {
  const regions = [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'ca-central-1',
    'eu-west-1',
    'eu-west-2',
    'eu-central-1',
    'eu-north-1',
    'ap-northeast-1',
    'ap-southeast-2',
  ];
  const { stack } = synthToDisk(
    configWith((input) => {
      Object.assign(input, regionsInput(regions[0], regions.slice(1)));
      input.cache = { mode: 'regional' };
    }),
  );
  const global = stack('global');

  it("has one rotating primary in the global region and one replica per other region, on that region's provider", () => {
    const primaries = Object.values(global.resource.aws_kms_key as Json);
    expect(primaries).toHaveLength(1);
    expect(primaries[0]).toMatchObject({ multi_region: true, enable_key_rotation: true, provider: 'aws.us_east_1' });
    const replicas = Object.values(global.resource.aws_kms_replica_key as Json);
    expect(replicas.map((replica) => replica.provider).sort()).toEqual(
      regions
        .slice(1)
        .map((region) => `aws.${region.replace(/-/g, '_')}`)
        .sort(),
    );
    for (const replica of replicas) expect(replica.primary_key_arn).toBe('${aws_kms_key.kms_primary.arn}');
  });

  it('gives every copy the same alias, which regional stacks look up locally', () => {
    const aliases = Object.values(global.resource.aws_kms_alias as Json);
    expect(aliases).toHaveLength(regions.length);
    expect(new Set(aliases.map((alias) => alias.name))).toEqual(new Set(['alias/shop-prod']));
    expect(new Set(aliases.map((alias) => alias.provider)).size).toBe(regions.length);
    expect(Object.values(stack('region-eu-north-1').data.aws_kms_key as Json)).toEqual([
      expect.objectContaining({ key_id: 'alias/shop-prod' }),
    ]);
  });
});

describe('key policy for CloudFront', () => {
  const policies = (cdn: boolean): string[] => {
    const { stack } = synthToDisk(
      configWith((input) => {
        input.cdn = { ...input.cdn, enabled: cdn };
      }),
    );
    const global = stack('global');
    return [
      ...Object.values(global.resource.aws_kms_key as Json),
      ...Object.values(global.resource.aws_kms_replica_key as Json),
    ].map((key) => key.policy);
  };

  it("lets the account's distributions decrypt in every region when the CDN is on", () => {
    const withCdn = policies(true);
    expect(withCdn).toHaveLength(3);
    for (const policy of withCdn) {
      expect(decodePolicy(policy).Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 'kms:Decrypt',
          Condition: {
            ArnLike: {
              'AWS:SourceArn': 'arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/*',
            },
          },
        }),
      );
    }
  });

  it('admits exactly the pinned distribution, in key and bucket policies, once cdn.distributionId is set', () => {
    const { stack } = synthToDisk(
      configWith((input) => {
        input.cdn = { ...input.cdn, distributionId: 'E2QWRUHAPOMQZL' };
      }),
    );
    const exact = 'arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/E2QWRUHAPOMQZL';
    const keyPolicies = [
      ...Object.values(stack('global').resource.aws_kms_key as Json),
      ...Object.values(stack('global').resource.aws_kms_replica_key as Json),
    ];
    for (const key of keyPolicies)
      expect(JSON.stringify(decodePolicy(key.policy))).toContain(`"AWS:SourceArn":"${exact}"`);
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const bucketPolicy = stack(`region-${region}`).resource.aws_s3_bucket_policy.storage_bucket_policy
        .policy as string;
      expect(JSON.stringify(decodePolicy(bucketPolicy))).toContain(
        '"AWS:SourceArn":"arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/E2QWRUHAPOMQZL"',
      );
      expect(bucketPolicy).not.toContain('distribution/*');
    }
    expect(stack('edge').output.cdn_distribution_id.value).toBe('${aws_cloudfront_distribution.cdn_distribution.id}');
  });

  it('rejects a distribution ID that is not one', () => {
    expect(() =>
      configWith((input) => {
        input.cdn = { ...input.cdn, distributionId: 'd123.cloudfront.net' };
      }),
    ).toThrow(
      'cdn.distributionId: "d123.cloudfront.net" is not a CloudFront distribution ID (uppercase letters and digits, e.g. "E2QWRUHAPOMQZL")',
    );
  });

  it('lets the data-event trail, and only it, use the primary in the global region', () => {
    const global = synthToDisk().stack('global');
    const statements = (policy: string) => decodePolicy(policy).Statement as { Sid: string; Condition?: Json }[];
    const encrypt = statements(global.resource.aws_kms_key.kms_primary.policy).find(
      (statement) => statement.Sid === 'CloudTrailTrailEncrypt',
    );
    expect(encrypt?.Condition?.StringEquals['aws:SourceArn']).toBe(
      'arn:aws:cloudtrail:us-east-1:${data.aws_caller_identity.account.account_id}:trail/shop-prod-storage-data-events',
    );
    for (const replica of Object.values(global.resource.aws_kms_replica_key as Json)) {
      expect(statements(replica.policy).map((statement) => statement.Sid)).not.toContain('CloudTrailTrailEncrypt');
    }
  });

  it('admits no CloudFront without the CDN', () => {
    for (const policy of policies(false)) expect(policy).not.toContain('cloudfront');
  });
});
