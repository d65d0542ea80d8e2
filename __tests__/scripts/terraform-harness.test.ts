import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SharedAwsProvider, awsProviderBinary, findPluginMirror } from '../../scripts/lib/terraform-env';
import {
  SKIP_ALLOW_LIST,
  applyOrder,
  cliConfig,
  ephemeralVariableDefaults,
  isCi,
  limiter,
  mapConcurrent,
  mockProviderBlocks,
  normalizedShape,
  parseRequires,
  parseTestSummary,
  providerAddress,
  regionEntries,
  regionalMock,
  resourceAddresses,
  selectTests,
  shapeKey,
  skipCause,
  skipReport,
  skipVerdict,
  stackKind,
  testCost,
  unavailableProviders,
  type StackJson,
} from '../../scripts/lib/terraform-harness';

const AWS_ONLY = new Set(['registry.terraform.io/hashicorp/aws']);

function fixture(name: string): StackJson {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as StackJson;
}

describe('stackKind', () => {
  it.each([
    ['bootstrap', 'bootstrap'],
    ['global', 'global'],
    ['edge', 'edge'],
    ['region-us-east-1', 'regional'],
    ['region-ap-southeast-2', 'regional'],
    ['region-us-gov-west-1', 'regional'],
  ])('%s is %s', (name, kind) => {
    expect(stackKind(name)).toBe(kind);
  });

  it.each(['regional', 'region-', 'region-mars', 'edges', 'dns'])('%s has no kind', (name) => {
    expect(stackKind(name)).toBeUndefined();
  });
});

describe('parseRequires', () => {
  it('reads every leading requires line', () => {
    const text =
      '# requires: aws_rds_cluster.database_cluster\n#requires:  aws_s3_bucket.a   aws_s3_bucket.b \nrun "x" {}\n';
    expect(parseRequires(text)).toEqual(['aws_rds_cluster.database_cluster', 'aws_s3_bucket.a', 'aws_s3_bucket.b']);
  });

  it('ignores requires lines after the first other line', () => {
    expect(parseRequires('# A comment\n# requires: aws_vpc.network_vpc\n')).toEqual([]);
    expect(parseRequires('run "x" {}\n# requires: aws_vpc.network_vpc\n')).toEqual([]);
  });

  it('handles CRLF files and files without requirements', () => {
    expect(parseRequires('# requires: aws_vpc.network_vpc\r\nrun "x" {}\r\n')).toEqual(['aws_vpc.network_vpc']);
    expect(parseRequires('')).toEqual([]);
  });
});

describe('selectTests', () => {
  const stack: StackJson = {
    resource: {
      aws_vpc: { network_vpc: {} },
      aws_rds_cluster: { database_cluster: {}, database_replica: {} },
    },
  };
  const addresses = resourceAddresses(stack);

  it('lists type.name addresses', () => {
    expect([...addresses].sort()).toEqual([
      'aws_rds_cluster.database_cluster',
      'aws_rds_cluster.database_replica',
      'aws_vpc.network_vpc',
    ]);
    expect(resourceAddresses({}).size).toBe(0);
  });

  it('keeps files whose required addresses all exist', () => {
    const files = [
      { name: 'always.tftest.hcl', requires: [] },
      { name: 'database.tftest.hcl', requires: ['aws_rds_cluster.database_cluster', 'aws_vpc.network_vpc'] },
      { name: 'partly.tftest.hcl', requires: ['aws_rds_cluster.database_cluster', 'aws_s3_bucket.storage'] },
      { name: 'typo.tftest.hcl', requires: ['aws_rds_cluster.databse_cluster'] },
    ];
    expect(selectTests(files, addresses).map((file) => file.name)).toEqual([
      'always.tftest.hcl',
      'database.tftest.hcl',
    ]);
  });
});

describe('mockProviderBlocks', () => {
  it('mocks the default provider without an alias line, from its own mock directory', () => {
    expect(mockProviderBlocks({ provider: { aws: [{ region: 'us-east-1' }] } })).toBe(
      'mock_provider "aws" {\n  source          = "./tests/mocks-default"\n  override_during = plan\n}\n',
    );
  });

  it("mocks every aliased provider block once, each from the directory of its region's mocks", () => {
    const blocks = mockProviderBlocks({
      provider: {
        aws: [
          { alias: 'us_east_1', region: 'us-east-1' },
          { alias: 'eu_west_1', region: 'eu-west-1' },
          { region: 'us-east-1' },
        ],
      },
    });
    const during = '  override_during = plan\n';
    expect(blocks).toBe(
      `mock_provider "aws" {\n  alias  = "us_east_1"\n  source          = "./tests/mocks-us_east_1"\n${during}}\n\n` +
        `mock_provider "aws" {\n  alias  = "eu_west_1"\n  source          = "./tests/mocks-eu_west_1"\n${during}}\n\n` +
        `mock_provider "aws" {\n  source          = "./tests/mocks-default"\n${during}}\n`,
    );
  });

  it('gives every aws resource type without a mock_resource an empty one, so the mock fills it during plan', () => {
    const mocks = [
      'mock_resource "aws_sns_topic" {\n  defaults = {\n    arn = "arn:aws:sns:{region}:{account}:x"\n  }\n}\n',
    ];
    const blocks = mockProviderBlocks(
      {
        provider: { aws: [{ region: 'us-east-1' }] },
        resource: {
          aws_sns_topic: { t: {} },
          aws_s3_bucket: { b: {} },
          aws_kms_key: { k: {} },
          terraform_data: { d: {} },
        },
      },
      mocks,
    );
    expect(
      [...blocks.matchAll(/mock_resource "([a-z0-9_]+)" \{\n    defaults = \{\}\n  \}/g)].map((m) => m[1]),
    ).toEqual(['aws_kms_key', 'aws_s3_bucket']);
  });

  it('accepts a single provider object and ignores other providers', () => {
    expect(mockProviderBlocks({ provider: { aws: { alias: 'x', region: 'us-east-1' }, kubernetes: [{}] } })).toContain(
      'alias  = "x"',
    );
    expect(mockProviderBlocks({ provider: { kubernetes: [{}] } })).toBe('');
    expect(mockProviderBlocks({})).toBe('');
  });

  it("gives a named resource the ARN of its provider's region, keeping the type's other mock defaults", () => {
    const mocks = [
      'mock_resource "aws_sns_topic" {\n  defaults = {\n    arn = "arn:aws:sns:{region}:{account}:mock"\n    owner = "{account}"\n  }\n}\n',
    ];
    const stack: StackJson = {
      provider: {
        aws: [
          { alias: 'us_east_1', region: 'us-east-1' },
          { alias: 'us_west_2', region: 'us-west-2' },
        ],
      },
      resource: {
        aws_sns_topic: {
          east: { provider: 'aws.us_east_1', name: 'shop-prod-alerts' },
          west: { provider: 'aws.us_west_2', name: 'shop-prod-alerts' },
          computed: { provider: 'aws.us_west_2', name: '${var.name}' },
        },
      },
    };
    const blocks = mockProviderBlocks(stack, mocks).split('\n\n');
    expect(blocks[0]).toContain(
      'target = aws_sns_topic.east\n    values = {\n      arn = "arn:aws:sns:us-east-1:123456789012:shop-prod-alerts"\n      owner = "123456789012"\n      id = "arn:aws:sns:us-east-1:123456789012:shop-prod-alerts"',
    );
    expect(blocks[0]).not.toContain('aws_sns_topic.west');
    expect(blocks[1]).toContain('arn = "arn:aws:sns:us-west-2:123456789012:shop-prod-alerts"');
    expect(blocks[1]).not.toContain('aws_sns_topic.computed');
  });
});

describe('regionalMock', () => {
  it("puts the provider block's region and the mock account into every ARN", () => {
    expect(
      regionalMock('arn = "arn:aws:kms:{region}:{account}:key/mrk-1"\nnames = ["{region}a"]', {
        alias: 'eu_west_1',
        region: 'eu-west-1',
      }),
    ).toBe('arn = "arn:aws:kms:eu-west-1:123456789012:key/mrk-1"\nnames = ["eu-west-1a"]');
  });

  it('keeps every ARN of terraform-tests/mocks region- and account-free, so no mock can name a fixed region', () => {
    const dir = path.join(__dirname, '..', '..', 'terraform-tests', 'mocks');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect({
        file,
        regions: text.match(/\b[a-z]{2}-[a-z]+-\d\b/g) ?? [],
        accounts: text.match(/\b\d{12}\b/g) ?? [],
      }).toEqual({ file, regions: [], accounts: [] });
    }
  });
});

describe('unavailableProviders', () => {
  it('names the kubernetes provider of a stack that uses it', () => {
    expect(unavailableProviders(fixture('kubernetes-stack.json'), AWS_ONLY)).toEqual(['kubernetes']);
  });

  it('detects a kubernetes provider block without required_providers, and the reverse', () => {
    expect(unavailableProviders({ provider: { kubernetes: [{}] } }, AWS_ONLY)).toEqual(['kubernetes']);
    expect(
      unavailableProviders(
        { terraform: { required_providers: { kubernetes: { source: 'hashicorp/kubernetes' } } } },
        AWS_ONLY,
      ),
    ).toEqual(['kubernetes']);
  });

  it('accepts stacks whose providers are all mirrored', () => {
    const stack: StackJson = {
      provider: { aws: [{}] },
      terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
    };
    expect(unavailableProviders(stack, AWS_ONLY)).toEqual([]);
    expect(unavailableProviders({}, AWS_ONLY)).toEqual([]);
  });

  it('normalizes provider sources', () => {
    expect(providerAddress('aws')).toBe('registry.terraform.io/hashicorp/aws');
    expect(providerAddress('hashicorp/Kubernetes')).toBe('registry.terraform.io/hashicorp/kubernetes');
    expect(providerAddress('example.com/acme/thing')).toBe('example.com/acme/thing');
  });
});

describe('ephemeralVariableDefaults', () => {
  it('lists the defaults of ephemeral variables only', () => {
    const stack: StackJson = {
      variable: {
        password: { ephemeral: true, default: '' },
        token: { ephemeral: true, default: null },
        required: { ephemeral: true },
        plain: { default: 'x' },
      },
    };
    expect(ephemeralVariableDefaults(stack)).toEqual({ password: '', token: null });
    expect(ephemeralVariableDefaults({})).toEqual({});
  });
});

describe('applyOrder', () => {
  const stack = (name: string, ...dependencies: string[]) => ({
    name,
    dependencies,
    workingDirectory: '',
    synthesizedStackPath: '',
  });

  it('puts dependencies first', () => {
    const order = applyOrder([
      stack('edge', 'region-b', 'region-a'),
      stack('region-b', 'global', 'region-a'),
      stack('region-a', 'global'),
      stack('global', 'bootstrap'),
      stack('bootstrap'),
    ]);
    expect(order.map((entry) => entry.name)).toEqual(['bootstrap', 'global', 'region-a', 'region-b', 'edge']);
  });

  it('rejects cycles and unknown dependencies', () => {
    expect(() => applyOrder([stack('a', 'b'), stack('b', 'a')])).toThrow('dependency cycle: a -> b -> a');
    expect(() => applyOrder([stack('a', 'missing')])).toThrow('unknown stack missing');
  });
});

describe('report helpers', () => {
  it('reads terraform test counts, with or without color', () => {
    expect(parseTestSummary('tests/a.tftest.hcl... pass\n\nSuccess! 4 passed, 0 failed.\n')).toEqual({
      passed: 4,
      failed: 0,
    });
    expect(parseTestSummary('\x1b[31mFailure!\x1b[0m 1 passed, 2 failed.')).toEqual({ passed: 1, failed: 2 });
    expect(parseTestSummary('Error: Invalid configuration')).toBeUndefined();
  });

  it('writes a CLI config that keeps mirrored providers off the network', () => {
    const config = cliConfig('/opt/tf-plugins', ['registry.terraform.io/hashicorp/aws']);
    expect(config).toContain(
      'filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/hashicorp/aws"]',
    );
    expect(config).toContain('direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]');
  });
});

describe('testCost', () => {
  it('grows with provider blocks and test files', () => {
    const regional: StackJson = { provider: { aws: [{}] } };
    const global: StackJson = { provider: { aws: [{ alias: 'a' }, { alias: 'b' }, { alias: 'c' }] } };
    expect(testCost(regional, 4)).toBe(5);
    expect(testCost(global, 4)).toBe(15);
    expect(testCost({}, 0)).toBe(1);
  });
});

describe('mapConcurrent', () => {
  it('runs at most `limit` tasks at once and keeps input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrent([30, 10, 20, 5, 1], 2, async (delay) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running--;
      return delay * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 2]);
    expect(peak).toBe(2);
  });
});

describe('limiter', () => {
  it('runs at most `limit` of the tasks given from anywhere at once, the rest in the order they came, and passes failures on', async () => {
    const slot = limiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (id: number, delay: number) => () => {
      started.push(id);
      running++;
      peak = Math.max(peak, running);
      return new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => {
        running--;
        if (id === 3) throw new Error('task 3 failed');
        return id;
      });
    };
    // Two callers, as two day-2 parts of real-plan ask for plans side by side.
    const first = Promise.all([slot(task(1, 30)), slot(task(2, 5))]);
    const second = Promise.allSettled([slot(task(3, 5)), slot(task(4, 5)), slot(task(5, 1))]);
    expect(await first).toEqual([1, 2]);
    const settled = await second;
    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    // A failed task gave its slot back: the limiter still runs two at once.
    expect(await Promise.all([slot(task(6, 1)), slot(task(7, 1))])).toEqual([6, 7]);
  });
});

describe('skips', () => {
  const kubernetes = {
    config: 'config/default.yaml',
    stack: 'clusters-us-east-1',
    cause: skipCause('region-us-east-1', fixture('kubernetes-stack.json'), AWS_ONLY)!,
  };
  const helm = {
    config: 'config/default.yaml',
    stack: 'region-us-east-1',
    cause: skipCause('region-us-east-1', fixture('helm-stack.json'), AWS_ONLY)!,
  };
  const unknownKind = {
    config: 'config/default.yaml',
    stack: 'dns',
    cause: skipCause('dns', fixture('unknown-kind-stack.json'), AWS_ONLY)!,
  };

  it('names the cause: a provider missing from the mirror, or a stack name of no kind', () => {
    expect(kubernetes.cause).toEqual({ kind: 'provider', providers: ['kubernetes'] });
    expect(helm.cause).toEqual({ kind: 'provider', providers: ['helm'] });
    expect(unknownKind.cause).toEqual({ kind: 'unknown-stack-kind' });
    expect(skipCause('region-us-east-1', fixture('unknown-kind-stack.json'), AWS_ONLY)).toBeUndefined();
  });

  it('fails a deliberately skipped stack under CI unless the allow-list covers it', () => {
    expect(skipVerdict(helm, true).fails).toBe(true);
    expect(skipVerdict(unknownKind, true).fails).toBe(true);
    expect(skipVerdict(kubernetes, true)).toMatchObject({ fails: false, allowedBecause: SKIP_ALLOW_LIST[0].reason });
    expect(skipVerdict(kubernetes, true, []).fails).toBe(true);
  });

  it('reports every skip by name, and fails the run under CI only', () => {
    const ci = skipReport([kubernetes, helm, unknownKind], true);
    expect(ci.failures).toBe(2);
    expect(ci.lines).toEqual([
      expect.stringMatching(
        /^SKIPPED config\/default.yaml clusters-us-east-1: provider kubernetes not in the plugin mirror.*\(allowed: /,
      ),
      expect.stringMatching(
        /^FAIL {4}config\/default.yaml region-us-east-1 SKIPPED: provider helm .*not on the skip allow-list/,
      ),
      expect.stringMatching(/^FAIL {4}config\/default.yaml dns SKIPPED: stack name matches no stack kind/),
    ]);
    const local = skipReport([kubernetes, helm, unknownKind], false);
    expect(local.failures).toBe(0);
    expect(local.lines[1]).toMatch(/^SKIPPED config\/default.yaml region-us-east-1: .*this fails under CI$/);
  });

  it('documents every allow-list entry with its reason', () => {
    for (const entry of SKIP_ALLOW_LIST) {
      expect(entry.provider).toMatch(/^registry\.terraform\.io\/[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(entry.reason.length).toBeGreaterThan(40);
    }
  });

  it('reads CI like CI systems set it', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({})).toBe(false);
  });
});

describe('stack shapes', () => {
  const regional = (region: string, cidr: string, zones = 3) => ({
    provider: { aws: [{ region, alias: region.replace(/-/g, '_') }] },
    resource: {
      aws_vpc: { network_vpc: { cidr_block: cidr } },
      aws_s3_bucket: { bucket: { bucket: `shop-prod-assets-${region}` } },
      aws_subnet: Object.fromEntries(
        Array.from({ length: zones }, (_, i) => [`private_${i}`, { availability_zone: `${region}${'abc'[i]}` }]),
      ),
      aws_iam_role_policy: { policy: { role_arn: `arn:aws:iam::123456789012:role/shop-prod-${region}-node` } },
    },
  });

  it('is equal for stacks that differ only in their own region names, zones and CIDRs', () => {
    expect(normalizedShape(regional('us-west-2', '10.11.0.0/16'), ['us-west-2'])).toBe(
      normalizedShape(regional('eu-west-1', '10.12.0.0/16'), ['eu-west-1']),
    );
    expect(normalizedShape(regional('eu-west-1', '10.12.0.0/16'), ['eu-west-1'])).toContain(
      '"shop-prod-assets-<region-0>"',
    );
    expect(normalizedShape(regional('eu-west-1', '10.12.0.0/16'), ['eu-west-1'])).toContain('"alias":"<region_0>"');
    expect(normalizedShape(regional('eu-west-1', '10.12.0.0/16'), ['eu-west-1'])).toContain(
      '"availability_zone":"<zone-0>"',
    );
  });

  it("differs for a stack that points at another region's role", () => {
    const miswired = regional('eu-west-1', '10.12.0.0/16');
    miswired.resource.aws_iam_role_policy.policy.role_arn = 'arn:aws:iam::123456789012:role/shop-prod-us-east-1-node';
    const wellWired = regional('us-west-2', '10.11.0.0/16');
    expect(normalizedShape(miswired, ['eu-west-1'])).not.toBe(normalizedShape(wellWired, ['us-west-2']));
    expect(normalizedShape(miswired, ['eu-west-1'])).toContain('shop-prod-us-east-1-node');
  });

  it('numbers the regions of a multi-region stack by their place, so swapped wiring differs', () => {
    const stack = (a: string, b: string) => ({ replica: { region: b, key: `arn:aws:kms:${a}:1:key/x` } });
    expect(normalizedShape(stack('us-east-1', 'us-west-2'), ['us-east-1', 'us-west-2'])).toBe(
      normalizedShape(stack('eu-west-1', 'eu-north-1'), ['eu-west-1', 'eu-north-1']),
    );
    expect(normalizedShape(stack('us-east-1', 'us-west-2'), ['us-east-1', 'us-west-2'])).not.toBe(
      normalizedShape(stack('us-west-2', 'us-west-2'), ['us-east-1', 'us-west-2']),
    );
  });

  it("differs when the structure or a non-region value differs, or the selected test files or the region's config do", () => {
    expect(normalizedShape(regional('us-west-2', '10.11.0.0/16', 4), ['us-west-2'])).not.toBe(
      normalizedShape(regional('us-east-1', '10.10.0.0/16'), ['us-east-1']),
    );
    const renamed = regional('us-west-2', '10.11.0.0/16');
    renamed.resource.aws_s3_bucket.bucket.bucket = 'media-prod-assets-us-west-2';
    expect(normalizedShape(renamed, ['us-west-2'])).not.toBe(
      normalizedShape(regional('us-east-1', '10.10.0.0/16'), ['us-east-1']),
    );
    expect(shapeKey(regional('us-west-2', '10.11.0.0/16'), ['us-west-2'], ['regional/a.tftest.hcl'])).not.toBe(
      shapeKey(regional('us-east-1', '10.10.0.0/16'), ['us-east-1'], ['regional/b.tftest.hcl']),
    );
    const config = {
      primaryRegion: 'us-east-1',
      parameters: { label: { value: 'us', perRegion: { 'eu-west-1': 'eu' } } },
    };
    const facts = (region: string) => ({ primaryRegion: config.primaryRegion, entries: regionEntries(config, region) });
    expect(shapeKey(regional('us-west-2', '10.11.0.0/16'), ['us-west-2'], [], facts('us-west-2'))).not.toBe(
      shapeKey(regional('eu-west-1', '10.12.0.0/16'), ['eu-west-1'], [], facts('eu-west-1')),
    );
    expect(shapeKey(regional('us-west-2', '10.11.0.0/16'), ['us-west-2'], [], facts('us-west-2'))).toBe(
      shapeKey(regional('ap-south-1', '10.12.0.0/16'), ['ap-south-1'], [], facts('ap-south-1')),
    );
  });

  it('leaves names that merely contain a region-like string alone', () => {
    expect(normalizedShape({ a: 'us-east-10', b: 'xus-east-1' }, ['us-east-1'])).toBe(
      '{"a":"us-east-10","b":"xus-east-1"}',
    );
  });
});

describe('regionEntries', () => {
  it('collects what the config says about one region, wherever it says it', () => {
    const config = {
      regions: { 'us-east-1': { vpcCidr: '10.10.0.0/16' }, 'eu-west-1': { vpcCidr: '10.30.0.0/16' } },
      items: [{ perRegion: { 'eu-west-1': 'eu' } }],
    };
    expect(regionEntries(config, 'eu-west-1')).toEqual({
      '.regions.<region>': { vpcCidr: '10.30.0.0/16' },
      '.items[0].perRegion.<region>': 'eu',
    });
    expect(regionEntries(config, 'us-east-1')).toEqual({ '.regions.<region>': { vpcCidr: '10.10.0.0/16' } });
  });
});

describe('findPluginMirror', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mirror-test-'));
    const platform = path.join(dir, 'good', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64');
    mkdirSync(platform, { recursive: true });
    writeFileSync(path.join(platform, 'terraform-provider-aws_v5.100.0_x5'), '');
    mkdirSync(path.join(dir, 'empty'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes TF_PLUGIN_MIRROR, and refuses one without the aws provider', () => {
    expect(findPluginMirror({ TF_PLUGIN_MIRROR: path.join(dir, 'good') }, [])).toBe(path.join(dir, 'good'));
    expect(() => findPluginMirror({ TF_PLUGIN_MIRROR: path.join(dir, 'empty') }, [])).toThrow(
      'holds no registry.terraform.io/hashicorp/aws',
    );
  });

  it('else takes the first known place that holds it, and names the places it checked when none does', () => {
    expect(findPluginMirror({}, [path.join(dir, 'missing'), path.join(dir, 'empty'), path.join(dir, 'good')])).toBe(
      path.join(dir, 'good'),
    );
    expect(() => findPluginMirror({}, [path.join(dir, 'empty')])).toThrow(
      `in ${path.join(dir, 'empty')}: set TF_PLUGIN_MIRROR`,
    );
  });
});

describe('SharedAwsProvider', () => {
  const requiring = (version: string) => ({ terraform: { required_providers: { aws: { source: 'aws', version } } } });

  it('finds the binary of the required version for this platform in an unpacked mirror, and nothing else', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mirror-binary-'));
    const arch = process.arch === 'x64' ? 'amd64' : process.arch;
    const platform = path.join(
      dir,
      'registry.terraform.io',
      'hashicorp',
      'aws',
      '5.100.0',
      `${process.platform}_${arch}`,
    );
    mkdirSync(platform, { recursive: true });
    writeFileSync(path.join(platform, 'terraform-provider-aws_v5.100.0_x5'), '');
    try {
      expect(awsProviderBinary(dir, '5.100.0')).toBe(path.join(platform, 'terraform-provider-aws_v5.100.0_x5'));
      expect(awsProviderBinary(dir, '5.99.0')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('attaches Terraform to one running provider of the required version; mixed or inexact versions get none', async () => {
    const shared = new SharedAwsProvider(findPluginMirror());
    const env = { TF_IN_AUTOMATION: '1' };
    try {
      expect(await shared.envFor(env, [requiring('5.100.0'), requiring('5.99.0')])).toBe(env);
      expect(await shared.envFor(env, [requiring('~> 5.100')])).toBe(env);
      expect(await shared.envFor(env, [requiring('1.0.0')])).toBe(env);
      const attached = await shared.envFor(env, [requiring('5.100.0'), requiring('5.100.0')]);
      const reattach = JSON.parse(attached.TF_REATTACH_PROVIDERS!) as Record<string, { Pid: number }>;
      expect(Object.keys(reattach)).toEqual(['registry.terraform.io/hashicorp/aws']);
      const pid = reattach['registry.terraform.io/hashicorp/aws'].Pid;
      expect(() => process.kill(pid, 0)).not.toThrow();
      expect((await shared.envFor(env, [requiring('5.100.0')])).TF_REATTACH_PROVIDERS).toBe(
        attached.TF_REATTACH_PROVIDERS,
      );
      await shared.stop();
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      await shared.stop();
    }
  });
});
