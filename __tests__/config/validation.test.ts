import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../src/config/load';
import type { ConfigInput } from '../../src/registry/schema';
import { main } from '../../src/synth';
import { provenanceOf, readProvenance } from '../../src/config/provenance';
import { defaultInput, regionsInput } from '../helpers/config';
import { BASE_SHAPE } from '../../src/base/config';
import { TIERS } from '../../src/registry/tiers';

/** The keys a config file may have: the base fields, then every registered tier's sections, in registry order. */
const TOP_LEVEL_KEYS = [...Object.keys(BASE_SHAPE), ...TIERS.flatMap((tier) => Object.keys(tier.sections))].join(', ');

type Patch = (input: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Each bad input with the exact issue line it must produce. */
const INVALID: ReadonlyArray<[string, Patch, string]> = [
  [
    'an unknown region',
    (i) => {
      i.primaryRegion = 'us-east-9';
    },
    'primaryRegion: "us-east-9" is not an AWS region; allowed: af-south-1, ap-east-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-southeast-4, ap-southeast-5, ap-southeast-7, ca-central-1, ca-west-1, eu-central-1, eu-central-2, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-2, eu-west-3, il-central-1, me-central-1, me-south-1, mx-central-1, sa-east-1, us-east-1, us-east-2, us-west-1, us-west-2',
  ],
  [
    'the primary among the secondaries',
    (i) => {
      i.secondaryRegions = ['us-west-2', 'us-east-1', 'eu-west-1'];
    },
    'secondaryRegions[1]: "us-east-1" is the primary region; a secondary must be another region',
  ],
  [
    'a secondary listed twice',
    (i) => {
      i.secondaryRegions = ['us-west-2', 'eu-west-1', 'us-west-2'];
    },
    'secondaryRegions[2]: "us-west-2" is listed twice; each secondary region once',
  ],
  [
    'overlapping VPC ranges',
    (i) => {
      i.regions['eu-west-1'].vpcCidr = '10.20.128.0/17';
    },
    `regions.eu-west-1.vpcCidr: "10.20.128.0/17" overlaps us-west-2's 10.20.0.0/16; VPC ranges must be disjoint so regions can peer`,
  ],
  [
    'a CIDR with host bits',
    (i) => {
      i.regions['us-west-2'].vpcCidr = '10.20.0.1/16';
    },
    'regions.us-west-2.vpcCidr: "10.20.0.1/16" must be an IPv4 CIDR with prefix /16 to /24 (AWS VPC limits) and zero host bits',
  ],
  [
    'a VPC larger than /16',
    (i) => {
      i.regions['us-west-2'].vpcCidr = '10.0.0.0/8';
    },
    'regions.us-west-2.vpcCidr: "10.0.0.0/8" must be an IPv4 CIDR with prefix /16 to /24 (AWS VPC limits) and zero host bits',
  ],
  [
    'an uppercase name',
    (i) => {
      i.name = 'Shop';
    },
    'name: "Shop" must be 2-20 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen',
  ],
  [
    'a name too long for S3',
    (i) => {
      i.name = 'a-very-long-application-name';
    },
    'name: "a-very-long-application-name" must be 2-20 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen',
  ],
  [
    'an environment with a hyphen',
    (i) => {
      i.environment = 'prod-1';
    },
    'environment: "prod-1" must be 1-10 lowercase letters or digits, starting with a letter',
  ],
  [
    'a misspelt section',
    (i) => {
      i.databse = { mode: 'aurora-global' };
    },
    `(top level): unknown key "databse" (did you mean "database"?); allowed: ${TOP_LEVEL_KEYS}`,
  ],
  [
    'an unknown nested key',
    (i) => {
      i.state.s3.lockTable = 'locks';
    },
    'state.s3: unknown key "lockTable"; allowed: bucketPrefix, dynamodbLocking, useLockfile',
  ],
  [
    'a misspelt list key',
    (i) => {
      i.secondaryRegion = i.secondaryRegions;
      delete i.secondaryRegions;
    },
    `(top level): unknown key "secondaryRegion" (did you mean "secondaryRegions"?); allowed: ${TOP_LEVEL_KEYS}`,
  ],
  [
    'a key in the wrong case, and one far from any',
    (i) => {
      i.state.s3.uselockfile = true;
      i.state.s3.retries = 3;
    },
    'state.s3: unknown keys "uselockfile" (did you mean "useLockfile"?), "retries"; allowed: bucketPrefix, dynamodbLocking, useLockfile',
  ],
  [
    'a missing primary region',
    (i) => {
      delete i.primaryRegion;
    },
    'primaryRegion: is required; allowed: af-south-1, ap-east-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-southeast-4, ap-southeast-5, ap-southeast-7, ca-central-1, ca-west-1, eu-central-1, eu-central-2, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-2, eu-west-3, il-central-1, me-central-1, me-south-1, mx-central-1, sa-east-1, us-east-1, us-east-2, us-west-1, us-west-2',
  ],
  [
    'a region without a network',
    (i) => {
      delete i.regions['eu-west-1'];
    },
    'regions.eu-west-1: is missing: every configured region needs a network entry (vpcCidr)',
  ],
  [
    'a network for a region not deployed',
    (i) => {
      i.regions['ap-south-1'] = { vpcCidr: '10.40.0.0/16' };
    },
    'regions.ap-south-1: "ap-south-1" is not a configured region; allowed: us-east-1, us-west-2, eu-west-1',
  ],
  [
    'a string where a list belongs',
    (i) => {
      i.secondaryRegions = 'us-west-2';
    },
    'secondaryRegions: must be an array (got "us-west-2")',
  ],
  [
    'a missing name',
    (i) => {
      delete i.name;
    },
    'name: is required (a string)',
  ],
  [
    'too few availability zones',
    (i) => {
      i.regions['us-east-1'].availabilityZones = 1;
    },
    'regions.us-east-1.availabilityZones: 1 is too few: at least 2 availability zones (Aurora and EKS need subnets in two)',
  ],
  [
    'more availability zones than the region offers',
    (i) => {
      i.regions['eu-west-1'].availabilityZones = 4;
    },
    'regions.eu-west-1.availabilityZones: 4 is more than the 3 availability zones eu-west-1 has: allowed 2 to 3',
  ],
  [
    'terraform cloud without an organization',
    (i) => {
      i.state = { backend: 'cloud' };
    },
    'state.cloud: is required when state.backend is "cloud" (organization, optional project)',
  ],
  [
    's3 state without any locking',
    (i) => {
      i.state.s3 = { dynamodbLocking: false, useLockfile: false };
    },
    'state.s3: has no locking: enable dynamodbLocking, useLockfile or both',
  ],
  [
    'an unknown state backend',
    (i) => {
      i.state.backend = 'consul';
    },
    'state.backend: "consul" is not a state backend; allowed: s3, cloud',
  ],
  [
    'a secret id with hyphens',
    (i) => {
      i.secrets.items['stripe-api-key'] = { name: 'payments/stripe' };
    },
    'secrets.items: key "stripe-api-key" must be 1-40 lowercase letters, digits or underscores, starting with a letter (it is part of Terraform addresses and the variable secret_<id>_value); use "stripe_api_key"',
  ],
  [
    'an unquoted boolean parameter value',
    (i) => {
      i.parameters.items['/shop/prod/feature/dark-mode'] = { value: false };
    },
    'parameters.items./shop/prod/feature/dark-mode.value: must be a string or an array (got false); quote it: "false"',
  ],
  [
    'an unquoted number where a string belongs',
    (i) => {
      i.secrets.items.payments_api_key.description = 42;
    },
    'secrets.items.payments_api_key.description: must be a string (got 42); quote it: "42"',
  ],
  [
    'more than 10 Aurora Global secondaries',
    (i) => {
      Object.assign(
        i,
        regionsInput('us-east-1', [
          'us-east-2',
          'us-west-1',
          'us-west-2',
          'ca-central-1',
          'eu-west-1',
          'eu-west-2',
          'eu-west-3',
          'eu-central-1',
          'eu-north-1',
          'ap-northeast-1',
          'ap-southeast-1',
        ]),
      );
    },
    'secondaryRegions: has 11 regions; Aurora Global Database allows at most 10 secondary regions',
  ],
];

function patched(patch: Patch): ConfigInput {
  const input = defaultInput();
  patch(input as Record<string, unknown>);
  return input;
}

describe('config validation', () => {
  it('accepts the embedded default and resolves its defaults', () => {
    const config = parseConfig(defaultInput());
    expect(config.allRegions).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(config.globalRegion).toBe('us-east-1');
    expect(config.regions['us-west-2'].availabilityZones).toBe(3);
  });

  it('refuses an unset globalRegion: the database credentials (always there) would follow primaryRegion on a switchover', () => {
    const input = defaultInput();
    delete input.globalRegion;
    delete input.secrets;
    input.primaryRegion = 'us-west-2';
    input.secondaryRegions = ['us-east-1', 'eu-west-1'];
    expect(() => parseConfig(input)).toThrow(
      'globalRegion: is required: the database\'s master credentials secret (and, in aurora-global, the global cluster) lives in globalRegion, and unset it follows primaryRegion "us-west-2"',
    );
  });

  it.each(INVALID)(
    'rejects %s with a message naming the field, the value and what is allowed',
    (_label, patch, expected) => {
      let error: unknown;
      try {
        parseConfig(patched(patch), 'my.yaml');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toContain(expected);
      expect((error as ConfigError).message).toContain(`invalid config my.yaml:\n  - `);
    },
  );

  it('says a document that is not a mapping is not one, at the top level', () => {
    expect(() => parseConfig([1], 'my.yaml')).toThrow(
      'invalid config my.yaml:\n  - (top level): must be an object (got [1])',
    );
  });

  it.each([
    ['secondaryRegion', 'secondaryRegions'],
    ['primaryRegon', 'primaryRegion'],
    ['regoins', 'regions'],
  ])('reports a top-level typo %s alone, without the errors it causes', (typo, meant) => {
    const input = patched((i) => {
      i[typo] = i[meant];
      delete i[meant];
    });
    let issues: readonly string[] = [];
    try {
      parseConfig(input);
    } catch (error) {
      issues = (error as ConfigError).issues;
    }
    expect(issues).toEqual([
      expect.stringMatching(new RegExp(`^\\(top level\\): unknown key "${typo}" \\(did you mean "${meant}"\\?\\)`)),
    ]);
  });

  it('still reports the other errors of a config with a typo in it', () => {
    const input = patched((i) => {
      i.secondaryRegion = i.secondaryRegions;
      delete i.secondaryRegions;
      i.state.backend = 'consul';
    });
    let issues: readonly string[] = [];
    try {
      parseConfig(input);
    } catch (error) {
      issues = (error as ConfigError).issues;
    }
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^state.backend: "consul" is not a state backend/);
    expect(issues[1]).toMatch(/^\(top level\): unknown key "secondaryRegion"/);
  });

  it('reports every problem at once, not only the first', () => {
    const input = patched((i) => {
      i.name = 'Shop';
      i.environment = 'PROD';
    });
    expect(() => parseConfig(input)).toThrow(/name: "Shop"[\s\S]*environment: "PROD"/);
  });
});

describe('synthesis from a bad config file', () => {
  const workdir = mkdtempSync(path.join(tmpdir(), 'config-errors-'));
  const saved = { ...process.env };
  let stderr: string[];

  beforeEach(() => {
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  it.each(INVALID)('exits non-zero for %s and leaves no cdktf.out behind', (label, patch, expected) => {
    const file = path.join(workdir, `${label.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, stringify(patched(patch)));
    const outdir = path.join(workdir, `out-${label.replace(/\W+/g, '-')}`);
    // A stale stack from an earlier run must not pass for this config's output.
    mkdirSync(path.join(outdir, 'stacks', 'region-us-east-1'), { recursive: true });
    process.env.INFRA_CONFIG = file;
    process.env.CDKTF_OUTDIR = outdir;

    expect(main()).toBe(1);
    expect(stderr.join('')).toContain(expected);
    expect(existsSync(outdir)).toBe(false);
  });

  it('names the file when it cannot be read or parsed', () => {
    process.env.CDKTF_OUTDIR = path.join(workdir, 'out-missing');
    process.env.INFRA_CONFIG = path.join(workdir, 'does-not-exist.yaml');
    expect(main()).toBe(1);
    expect(stderr.join('')).toMatch(/invalid config .*does-not-exist\.yaml:\n  - cannot read the file: ENOENT/);

    const broken = path.join(workdir, 'broken.yaml');
    writeFileSync(broken, 'name: [unclosed\n');
    process.env.INFRA_CONFIG = broken;
    expect(main()).toBe(1);
    expect(stderr.join('')).toMatch(/broken\.yaml:\n  - not valid YAML or JSON/);
  });

  it('says the file is empty, for an empty file and for one with only comments', () => {
    for (const [name, text] of [
      ['empty.yaml', ''],
      ['comments.yaml', '# name: shop\n\n'],
    ]) {
      stderr = [];
      const file = path.join(workdir, name);
      writeFileSync(file, text);
      process.env.INFRA_CONFIG = file;
      process.env.CDKTF_OUTDIR = path.join(workdir, `out-${name}`);
      expect(main()).toBe(1);
      expect(stderr.join('')).toBe(
        `invalid config ${file}:\n  - the file is empty (nothing but whitespace or comments); a config needs at least name, environment, primaryRegion, regions (start from config/default.yaml or one of examples/)\n`,
      );
    }
  });

  it('remembers which file the config came from, for the commands that use it', () => {
    const file = path.join(workdir, 'good.yaml');
    writeFileSync(file, stringify(defaultInput()));
    expect(loadConfig(file).source).toBe(file);
    delete process.env.INFRA_CONFIG;
    expect(loadConfig().source).toBe('config/default.yaml');
    expect(loadConfig(DEFAULT_CONFIG_PATH).source).toBe('config/default.yaml');
  });

  it('reads a relative INFRA_CONFIG from the directory the command was started in (INIT_CWD under npm)', () => {
    const started = path.join(workdir, 'started-here');
    mkdirSync(started, { recursive: true });
    writeFileSync(
      path.join(started, 'mine.yaml'),
      stringify(
        patched((i) => {
          i.name = 'mine';
        }),
      ),
    );
    process.env.INIT_CWD = started;
    process.env.INFRA_CONFIG = 'mine.yaml';
    const config = loadConfig();
    expect(config.name).toBe('mine');
    expect(config.source).toBe(path.join(started, 'mine.yaml'));
  });

  it('creates the missing parents of the output directory', () => {
    const outdir = path.join(workdir, 'missing', 'parents', 'out');
    process.env.INFRA_CONFIG = DEFAULT_CONFIG_PATH;
    process.env.CDKTF_OUTDIR = outdir;
    expect(main()).toBe(0);
    expect(stderr.join('')).toBe('');
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
  });

  it('records which config file, with which content, the output was made from', () => {
    const file = path.join(workdir, 'recorded.yaml');
    writeFileSync(
      file,
      stringify(
        patched((i) => {
          i.name = 'recorded';
        }),
      ),
    );
    const outdir = path.join(workdir, 'out-recorded');
    process.env.INFRA_CONFIG = file;
    process.env.CDKTF_OUTDIR = outdir;
    expect(main()).toBe(0);
    expect(readProvenance(outdir)).toEqual(provenanceOf(file));
  });

  it('makes the real entry point exit non-zero (what `cdktf synth` runs)', () => {
    const file = path.join(workdir, 'process.yaml');
    writeFileSync(
      file,
      stringify(
        patched((i) => {
          i.primaryRegion = 'us-east-9';
        }),
      ),
    );
    const outdir = path.join(workdir, 'out-process');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...saved, INFRA_CONFIG: file, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('primaryRegion: "us-east-9" is not an AWS region');
    // Once, on stderr only: cdktf echoes both streams (see README, "Quiet logs").
    expect(result.stderr.split('invalid config')).toHaveLength(2);
    expect(result.stdout).toBe('');
    expect(existsSync(outdir)).toBe(false);
  });
});
