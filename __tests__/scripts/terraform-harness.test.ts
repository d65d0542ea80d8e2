import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPluginMirror } from '../../scripts/lib/terraform-env';
import {
  SKIP_ALLOW_LIST,
  applyOrder,
  cliConfig,
  ephemeralVariableDefaults,
  isCi,
  mapConcurrent,
  mockProviderBlocks,
  normalizedShape,
  parseRequires,
  parseTestSummary,
  providerAddress,
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
    const text = '# requires: aws_rds_cluster.database_cluster\n#requires:  aws_s3_bucket.a   aws_s3_bucket.b \nrun "x" {}\n';
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
    expect([...addresses].sort()).toEqual(['aws_rds_cluster.database_cluster', 'aws_rds_cluster.database_replica', 'aws_vpc.network_vpc']);
    expect(resourceAddresses({}).size).toBe(0);
  });

  it('keeps files whose required addresses all exist', () => {
    const files = [
      { name: 'always.tftest.hcl', requires: [] },
      { name: 'database.tftest.hcl', requires: ['aws_rds_cluster.database_cluster', 'aws_vpc.network_vpc'] },
      { name: 'partly.tftest.hcl', requires: ['aws_rds_cluster.database_cluster', 'aws_s3_bucket.storage'] },
      { name: 'typo.tftest.hcl', requires: ['aws_rds_cluster.databse_cluster'] },
    ];
    expect(selectTests(files, addresses).map((file) => file.name)).toEqual(['always.tftest.hcl', 'database.tftest.hcl']);
  });
});

describe('mockProviderBlocks', () => {
  it('mocks the default provider without an alias line', () => {
    expect(mockProviderBlocks({ provider: { aws: [{ region: 'us-east-1' }] } })).toBe('mock_provider "aws" {\n  source = "./tests/mocks"\n}\n');
  });

  it('mocks every aliased provider block once', () => {
    const blocks = mockProviderBlocks({
      provider: { aws: [{ alias: 'us_east_1', region: 'us-east-1' }, { alias: 'eu_west_1', region: 'eu-west-1' }, { region: 'us-east-1' }] },
    });
    expect(blocks).toBe(
      'mock_provider "aws" {\n  alias  = "us_east_1"\n  source = "./tests/mocks"\n}\n\n' +
        'mock_provider "aws" {\n  alias  = "eu_west_1"\n  source = "./tests/mocks"\n}\n\n' +
        'mock_provider "aws" {\n  source = "./tests/mocks"\n}\n',
    );
  });

  it('accepts a single provider object and ignores other providers', () => {
    expect(mockProviderBlocks({ provider: { aws: { alias: 'x' }, kubernetes: [{}] } })).toContain('alias  = "x"');
    expect(mockProviderBlocks({ provider: { kubernetes: [{}] } })).toBe('');
    expect(mockProviderBlocks({})).toBe('');
  });
});

describe('unavailableProviders', () => {
  it('names the kubernetes provider of a stack that uses it', () => {
    expect(unavailableProviders(fixture('kubernetes-stack.json'), AWS_ONLY)).toEqual(['kubernetes']);
  });

  it('detects a kubernetes provider block without required_providers, and the reverse', () => {
    expect(unavailableProviders({ provider: { kubernetes: [{}] } }, AWS_ONLY)).toEqual(['kubernetes']);
    expect(unavailableProviders({ terraform: { required_providers: { kubernetes: { source: 'hashicorp/kubernetes' } } } }, AWS_ONLY)).toEqual(['kubernetes']);
  });

  it('accepts stacks whose providers are all mirrored', () => {
    const stack: StackJson = { provider: { aws: [{}] }, terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } } };
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
  const stack = (name: string, ...dependencies: string[]) => ({ name, dependencies, workingDirectory: '', synthesizedStackPath: '' });

  it('puts dependencies first', () => {
    const order = applyOrder([stack('edge', 'region-b', 'region-a'), stack('region-b', 'global', 'region-a'), stack('region-a', 'global'), stack('global', 'bootstrap'), stack('bootstrap')]);
    expect(order.map((entry) => entry.name)).toEqual(['bootstrap', 'global', 'region-a', 'region-b', 'edge']);
  });

  it('rejects cycles and unknown dependencies', () => {
    expect(() => applyOrder([stack('a', 'b'), stack('b', 'a')])).toThrow('dependency cycle: a -> b -> a');
    expect(() => applyOrder([stack('a', 'missing')])).toThrow('unknown stack missing');
  });
});

describe('report helpers', () => {
  it('reads terraform test counts, with or without color', () => {
    expect(parseTestSummary('tests/a.tftest.hcl... pass\n\nSuccess! 4 passed, 0 failed.\n')).toEqual({ passed: 4, failed: 0 });
    expect(parseTestSummary('\x1b[31mFailure!\x1b[0m 1 passed, 2 failed.')).toEqual({ passed: 1, failed: 2 });
    expect(parseTestSummary('Error: Invalid configuration')).toBeUndefined();
  });

  it('writes a CLI config that keeps mirrored providers off the network', () => {
    const config = cliConfig('/opt/tf-plugins', ['registry.terraform.io/hashicorp/aws']);
    expect(config).toContain('filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/hashicorp/aws"]');
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

describe('skips', () => {
  const kubernetes = { config: 'config/default.yaml', stack: 'clusters-us-east-1', cause: skipCause('region-us-east-1', fixture('kubernetes-stack.json'), AWS_ONLY)! };
  const helm = { config: 'config/default.yaml', stack: 'region-us-east-1', cause: skipCause('region-us-east-1', fixture('helm-stack.json'), AWS_ONLY)! };
  const unknownKind = { config: 'config/default.yaml', stack: 'dns', cause: skipCause('dns', fixture('unknown-kind-stack.json'), AWS_ONLY)! };

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
      expect.stringMatching(/^SKIPPED config\/default.yaml clusters-us-east-1: provider kubernetes not in the plugin mirror.*\(allowed: /),
      expect.stringMatching(/^FAIL {4}config\/default.yaml region-us-east-1 SKIPPED: provider helm .*not on the skip allow-list/),
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
      aws_subnet: Object.fromEntries(Array.from({ length: zones }, (_, i) => [`private_${i}`, { availability_zone: `${region}${'abc'[i]}` }])),
    },
  });

  it('is equal for stacks that differ only in region names, zones and CIDRs', () => {
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
    expect(normalizedShape(regional('us-west-2', '10.11.0.0/16'), regions)).toBe(normalizedShape(regional('eu-west-1', '10.12.0.0/16'), regions));
    expect(normalizedShape(regional('eu-west-1', '10.12.0.0/16'), regions)).toContain('"shop-prod-assets-<region>"');
    expect(normalizedShape(regional('eu-west-1', '10.12.0.0/16'), regions)).toContain('"alias":"<region_>"');
    expect(normalizedShape(regional('eu-west-1', '10.12.0.0/16'), regions)).toContain('"availability_zone":"<zone>"');
  });

  it('differs when the structure or a non-region value differs, or the selected test files do', () => {
    const regions = ['us-east-1', 'us-west-2'];
    expect(normalizedShape(regional('us-west-2', '10.11.0.0/16', 4), regions)).not.toBe(normalizedShape(regional('us-east-1', '10.10.0.0/16'), regions));
    const renamed = regional('us-west-2', '10.11.0.0/16');
    renamed.resource.aws_s3_bucket.bucket.bucket = 'media-prod-assets-us-west-2';
    expect(normalizedShape(renamed, regions)).not.toBe(normalizedShape(regional('us-east-1', '10.10.0.0/16'), regions));
    expect(shapeKey(regional('us-west-2', '10.11.0.0/16'), regions, ['regional/a.tftest.hcl'])).not.toBe(shapeKey(regional('us-east-1', '10.10.0.0/16'), regions, ['regional/b.tftest.hcl']));
  });

  it('leaves names that merely contain a region-like string alone', () => {
    expect(normalizedShape({ a: 'us-east-10', b: 'xus-east-1' }, ['us-east-1'])).toBe('{"a":"us-east-10","b":"xus-east-1"}');
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
    expect(() => findPluginMirror({ TF_PLUGIN_MIRROR: path.join(dir, 'empty') }, [])).toThrow('holds no registry.terraform.io/hashicorp/aws');
  });

  it('else takes the first known place that holds it, and names the places it checked when none does', () => {
    expect(findPluginMirror({}, [path.join(dir, 'missing'), path.join(dir, 'empty'), path.join(dir, 'good')])).toBe(path.join(dir, 'good'));
    expect(() => findPluginMirror({}, [path.join(dir, 'empty')])).toThrow(`in ${path.join(dir, 'empty')}: set TF_PLUGIN_MIRROR`);
  });
});
