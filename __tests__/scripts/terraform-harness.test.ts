import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  applyOrder,
  cliConfig,
  ephemeralVariableDefaults,
  mapConcurrent,
  mockProviderBlocks,
  parseRequires,
  parseTestSummary,
  providerAddress,
  resourceAddresses,
  selectTests,
  stackKind,
  summaryLine,
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

  it('prints the summary CI reads', () => {
    expect(summaryLine(17, 0)).toBe('17 passed, 0 failed');
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
