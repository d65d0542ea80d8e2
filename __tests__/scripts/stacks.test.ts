import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SKIP_ALLOW_LIST } from '../../scripts/lib/terraform-harness';
import {
  PrerequisiteError,
  allowedInstallFailure,
  awsCredentialSource,
  backendProblem,
  parseArgs,
  planSummary,
  readStack,
  runStacks,
  summaryTable,
  validateSummary,
  type Report,
} from '../../scripts/lib/stacks';
import { provenanceOf } from '../../src/config/provenance';

/**
 * The runner against a fake `terraform` on PATH: a shell script that logs each call (stack directory and
 * arguments) and fails the stack named in FAIL_STACK, and fails init with the registry error for kubernetes in
 * the stack named in NO_KUBERNETES.
 */
const FAKE_TERRAFORM = `#!/bin/sh
stack=$(basename "$PWD")
echo "$stack $*" >> "$TERRAFORM_LOG"
case "$1" in
  init)
    if [ "$stack" = "$NO_KUBERNETES" ]; then
      echo 'Error: Failed to query available provider packages'
      echo 'Could not retrieve the list of available versions for provider hashicorp/kubernetes: could not connect to registry.terraform.io'
      exit 1
    fi
    echo 'Terraform has been successfully initialized!' ;;
  validate)
    if [ "$stack" = "$FAIL_STACK" ]; then
      echo '{"valid":false,"error_count":1,"warning_count":0,"diagnostics":[{"severity":"error","summary":"Unsupported argument"}]}'
      exit 1
    fi
    echo '{"valid":true,"error_count":0,"warning_count":0,"diagnostics":[]}' ;;
  plan)
    if [ "$stack" = "$FAIL_STACK" ]; then
      echo 'Error: No valid credential sources found'
      exit 1
    fi
    echo 'Plan: 2 to add, 0 to change, 0 to destroy.' ;;
  apply)
    echo 'Apply complete!' ;;
esac
`;

/** A synthesized output by hand: the dependencies the app declares, and a cluster stack that needs kubernetes. */
const STACKS: Record<string, string[]> = {
  edge: ['region-us-east-1', 'region-eu-west-1'],
  'region-eu-west-1': ['global', 'region-us-east-1'],
  'cluster-us-east-1': ['region-us-east-1'],
  'region-us-east-1': ['global'],
  global: ['bootstrap'],
  bootstrap: [],
};
const APPLY_ORDER = ['bootstrap', 'global', 'region-us-east-1', 'cluster-us-east-1', 'region-eu-west-1', 'edge'];

const work = mkdtempSync(path.join(os.tmpdir(), 'stacks-runner-'));
const bin = path.join(work, 'bin');
const outdir = path.join(work, 'cdktf.out');
const log = path.join(work, 'terraform.log');

beforeAll(() => {
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'terraform'), FAKE_TERRAFORM);
  chmodSync(path.join(bin, 'terraform'), 0o755);
  const manifest: Record<string, unknown> = {};
  for (const [name, dependencies] of Object.entries(STACKS)) {
    const dir = path.join(outdir, 'stacks', name);
    mkdirSync(dir, { recursive: true });
    const providers = name.startsWith('cluster-')
      ? { aws: { source: 'aws' }, kubernetes: { source: 'hashicorp/kubernetes' } }
      : { aws: { source: 'aws' } };
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: { required_providers: providers } }));
    manifest[name] = {
      name,
      dependencies,
      workingDirectory: `stacks/${name}`,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
    };
  }
  writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ stacks: manifest }));
  writeFileSync(path.join(work, 'terraform.rc'), '');
  writeFileSync(path.join(work, 'aws-config'), '[default]\nregion = us-east-1\n[profile ops]\nregion = eu-west-1\n');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeEach(() => rmSync(log, { force: true }));

/** No AWS variable of the machine running the tests leaks in; shared files point nowhere. */
function envWith(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${bin}${path.delimiter}/usr/bin${path.delimiter}/bin`,
    TERRAFORM_LOG: log,
    TF_CLI_CONFIG_FILE: path.join(work, 'terraform.rc'),
    TF_PLUGIN_CACHE_DIR: path.join(work, 'plugin-cache'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-credentials'),
    AWS_CONFIG_FILE: path.join(work, 'no-config'),
    ...extra,
  };
}

async function runner(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Report & { lines: string[] }> {
  const lines: string[] = [];
  const report = await runStacks(parseArgs([...args, '--out', outdir]), work, envWith(extra), {
    log: (line) => lines.push(...line.split('\n')),
  });
  return { ...report, lines };
}

/** The fake terraform's calls: `<stack> <subcommand>`. */
function calls(): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').slice(0, 2).join(' '));
}

const results = (report: Report): Array<[string, string]> =>
  report.outcomes.map((outcome) => [outcome.stack, outcome.result]);

describe('npm run validate (scripts/stacks.ts) with a fake terraform', () => {
  it('validates every stack in dependency order, with a progress line each and a summary table', async () => {
    const report = await runner(['validate']);
    expect(report.code).toBe(0);
    expect(calls()).toEqual(APPLY_ORDER.flatMap((stack) => [`${stack} init`, `${stack} validate`]));
    expect(readFileSync(log, 'utf8')).toContain('bootstrap init -backend=false -input=false -no-color\n');
    expect(report.lines.filter((line) => line.endsWith(' validate ...'))).toEqual(
      APPLY_ORDER.map((stack, index) => `[${index + 1}/6] ${stack} validate ...`),
    );
    expect(report.lines).toContainEqual(expect.stringMatching(/^\[3\/6\] region-us-east-1 validate ok \(\d+\.\d s\)$/));
    expect(report.lines).toContainEqual(expect.stringMatching(/^stack +result +time +note$/));
    expect(report.lines).toContainEqual(expect.stringMatching(/^region-eu-west-1 +ok +\d+\.\d s$/));
    expect(report.lines[report.lines.length - 1]).toMatch(
      /^6 stacks: 6 ok, 0 failed, 0 skipped, 0 not run \(\d+\.\d s\)$/,
    );
  });

  it('stops at the first failure, runs none of the stacks after it and exits 1', async () => {
    const report = await runner(['validate'], { FAIL_STACK: 'region-us-east-1' });
    expect(report.code).toBe(1);
    expect(calls()).toEqual(
      ['bootstrap', 'global', 'region-us-east-1'].flatMap((stack) => [`${stack} init`, `${stack} validate`]),
    );
    expect(results(report)).toEqual([
      ['bootstrap', 'ok'],
      ['global', 'ok'],
      ['region-us-east-1', 'failed'],
      ['cluster-us-east-1', 'not run'],
      ['region-eu-west-1', 'not run'],
      ['edge', 'not run'],
    ]);
    expect(report.lines.find((line) => line.startsWith('[3/6] region-us-east-1 validate failed'))).toMatch(
      /: 1 error: Unsupported argument$/,
    );
    expect(report.lines).toContainEqual(
      expect.stringMatching(
        /^edge +not run +0\.0 s +stopped after region-us-east-1 failed \(--keep-going runs the rest\)$/,
      ),
    );
    expect(report.lines[report.lines.length - 1]).toMatch(/^6 stacks: 2 ok, 1 failed, 0 skipped, 3 not run/);
  });

  it('with --keep-going runs every stack past the failure and still exits 1', async () => {
    const report = await runner(['validate', '--keep-going'], { FAIL_STACK: 'region-us-east-1' });
    expect(report.code).toBe(1);
    expect(calls()).toHaveLength(12);
    expect(results(report)).toEqual(
      APPLY_ORDER.map((stack) => [stack, stack === 'region-us-east-1' ? 'failed' : 'ok']),
    );
    expect(report.lines[report.lines.length - 1]).toMatch(/^6 stacks: 5 ok, 1 failed, 0 skipped, 0 not run/);
  });

  it('skips a cluster stack whose kubernetes provider cannot be installed, with the allow-list reason, and exits 0', async () => {
    const report = await runner(['validate'], { NO_KUBERNETES: 'cluster-us-east-1' });
    expect(report.code).toBe(0);
    const skipped = report.outcomes.find((outcome) => outcome.stack === 'cluster-us-east-1')!;
    expect(skipped.result).toBe('skipped');
    expect(skipped.note).toBe(`hashicorp/kubernetes not installable: ${SKIP_ALLOW_LIST[0].reason}`);
    expect(calls()).not.toContain('cluster-us-east-1 validate');
  });

  it('runs only the named stacks, in dependency order whatever the order named', async () => {
    const report = await runner(['validate', 'edge', 'global']);
    expect(calls()).toEqual(['global init', 'global validate', 'edge init', 'edge validate']);
    expect(report.lines).toContain('[1/2] global validate ...');
  });
});

describe('npm run plan and bootstrap with a fake terraform', () => {
  it('plans with the backend initialized, saving the plan, and shows what it would change', async () => {
    const report = await runner(['plan', 'global'], {
      AWS_PROFILE: 'ops',
      AWS_CONFIG_FILE: path.join(work, 'aws-config'),
    });
    expect(readFileSync(log, 'utf8')).toBe(
      'global init -input=false -no-color\nglobal plan -input=false -out=tfplan -no-color\n',
    );
    expect(report.outcomes[0].note).toBe(
      'Plan: 2 to add, 0 to change, 0 to destroy. (saved: cdktf.out/stacks/global/tfplan, output in plan.log beside it)',
    );
    expect(readFileSync(path.join(outdir, 'stacks', 'global', 'plan.log'), 'utf8')).toContain('Plan: 2 to add');
  });

  it("turns the provider's credentials error into one line", async () => {
    const report = await runner(['plan', 'global'], {
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
      FAIL_STACK: 'global',
    });
    expect(report.outcomes[0].note).toBe(
      'the AWS provider found no usable credentials (expired SSO session or key?): run `aws sso login` or export valid credentials',
    );
  });

  it('bootstrap applies the bootstrap stack alone, passing --auto-approve on', async () => {
    const report = await runner(['bootstrap', '--auto-approve'], {
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
    });
    expect(report.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('bootstrap init -input=false -no-color\nbootstrap apply -auto-approve\n');
  });
});

describe('missing prerequisites: one line saying what to do', () => {
  const message = async (args: string[], extra: NodeJS.ProcessEnv = {}, out = outdir): Promise<string> => {
    const error = await runStacks(parseArgs([...args, '--out', out]), work, envWith(extra), {
      log: () => undefined,
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PrerequisiteError);
    expect(calls()).toEqual([]);
    return (error as Error).message;
  };

  it('terraform not on PATH', async () => {
    expect(await message(['validate'], { PATH: '/nonexistent' })).toBe(
      'terraform is not on PATH: install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) and run again',
    );
  });

  it('nothing synthesized', async () => {
    const missing = path.join(work, 'never-synthesized');
    expect(await message(['validate'], {}, missing)).toBe(
      `no synthesized output: ${missing}/manifest.json does not exist; run \`npm run synth\` first (INFRA_CONFIG=<your config> npm run synth for your own config)`,
    );
  });

  it('a stack that was not synthesized, naming those that were', async () => {
    expect(await message(['plan', 'region-ap-south-1'], { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' })).toBe(
      `no stack named region-ap-south-1 in ${outdir}; synthesized: ${APPLY_ORDER.join(
        ', ',
      )} (synthesize again with the config that has it)`,
    );
  });

  it('no AWS credentials for plan', async () => {
    expect(await message(['plan'])).toBe(
      'no AWS credentials: plan and bootstrap call AWS, so export AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), ' +
        'or run `aws configure` / `aws sso login`; on an EC2 instance role, add --skip-credentials-check',
    );
  });

  it('a profile neither shared file defines', async () => {
    expect(await message(['plan'], { AWS_PROFILE: 'typo' })).toBe(
      `AWS profile "typo" (AWS_PROFILE) is defined in neither ${path.join(work, 'no-credentials')} nor ${path.join(
        work,
        'no-config',
      )}; run \`aws configure --profile typo\` or set AWS_PROFILE to a profile that exists`,
    );
  });

  it('the CLI prints the line alone, no stack trace, and exits 2', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '..', '..', 'scripts', 'stacks.ts'), 'validate', '--out', outdir],
      {
        cwd: path.join(__dirname, '..', '..'),
        env: { ...envWith({ PATH: path.dirname(process.execPath) }) },
        encoding: 'utf8',
      },
    );
    expect([result.status, result.stdout, result.stderr]).toEqual([
      2,
      '',
      'terraform is not on PATH: install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) and run again\n',
    ]);
  });
});

describe("the runner's parts", () => {
  it('skips a stack whose init fails only on the kubernetes provider, as cdktf writes it in HCL', () => {
    const stackFile = path.join(work, 'cluster.tf');
    writeFileSync(
      stackFile,
      'terraform {\nrequired_providers {\n  aws = {\nversion = "5.100.0"\nsource = "aws"\n}\n  kubernetes = {\nversion = "2.37.1"\nsource = "kubernetes"\n}\n}\nbackend "s3" {\n}\n}\n',
    );
    const stack = readStack(stackFile);
    const output = (failing: string) =>
      `- Installing hashicorp/aws v5.100.0...\n- Installed hashicorp/aws v5.100.0 (unauthenticated)\n\nError: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider\n${failing}: could not connect to registry.terraform.io\n`;
    expect(allowedInstallFailure(stack, output('hashicorp/kubernetes'))).toMatch(
      /^hashicorp\/kubernetes not installable: kubernetes provider not installable offline/,
    );
    // The aws provider is never on the allow list: its failure fails the stack.
    expect(allowedInstallFailure(stack, output('hashicorp/aws'))).toBeUndefined();
  });

  it('finds credentials in the environment and in the shared files', () => {
    const config = path.join(work, 'aws-config');
    const none = {
      AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-credentials'),
      AWS_CONFIG_FILE: path.join(work, 'no-config'),
    };
    expect(awsCredentialSource(none, work)).toBeUndefined();
    expect(awsCredentialSource({ ...none, AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, work)).toBe(
      'AWS_ACCESS_KEY_ID',
    );
    expect(awsCredentialSource({ ...none, AWS_ACCESS_KEY_ID: 'a' }, work)).toBeUndefined();
    expect(awsCredentialSource({ ...none, AWS_CONFIG_FILE: config }, work)).toBe('default profile');
    expect(awsCredentialSource({ ...none, AWS_CONFIG_FILE: config, AWS_PROFILE: 'ops' }, work)).toBe('profile ops');
  });

  it('reads plan and validate results', () => {
    expect(planSummary('\x1b[1mPlan:\x1b[0m 1 to add, 2 to change, 3 to destroy.\n')).toBe(
      'Plan: 1 to add, 2 to change, 3 to destroy.',
    );
    expect(planSummary('No changes. Your infrastructure matches the configuration.')).toBe('No changes.');
    expect(
      validateSummary(
        '{"valid":true,"error_count":0,"warning_count":2,"diagnostics":[{"severity":"warning","summary":"Deprecated"}]}',
      ),
    ).toEqual({ valid: true, warnings: 2, note: '2 warnings: Deprecated' });
  });

  it('reads the providers and the cloud block of a stack synthesized as HCL', () => {
    const file = path.join(work, 'cdk.tf');
    writeFileSync(
      file,
      'terraform {\n  required_providers {\n    aws = {\n      version = "5.100.0"\n      source  = "aws"\n    }\n    kubernetes = {\n      source  = "hashicorp/kubernetes"\n    }\n  }\n  cloud {\n    organization = "acme"\n  }\n}\n',
    );
    expect(readStack(file)).toEqual({
      terraform: {
        required_providers: { aws: { source: 'aws' }, kubernetes: { source: 'hashicorp/kubernetes' } },
        cloud: {},
      },
    });
  });

  it('explains a state bucket that was never bootstrapped', () => {
    expect(
      backendProblem(
        'Error: Failed to get existing workspaces: S3 bucket "shop-prod-tfstate-us-east-1" does not exist.',
      ),
    ).toBe('the state bucket does not exist yet: run `npm run bootstrap` first (README "Bootstrapping state")');
    expect(backendProblem('Error: Unsupported argument')).toBeUndefined();
  });

  it('refuses unknown commands and options', () => {
    expect(() => parseArgs(['apply'])).toThrow(/^unknown command "apply"; usage: /);
    expect(() => parseArgs(['plan', '--keepgoing'])).toThrow(/^unknown option --keepgoing; usage: /);
  });

  it('prints a row per stack', () => {
    expect(
      summaryTable(
        [
          { stack: 'global', result: 'ok', seconds: 1.25, note: '' },
          { stack: 'region-us-east-1', result: 'failed', seconds: 10, note: 'terraform init failed' },
        ],
        12,
      ),
    ).toBe(
      [
        'stack             result      time  note',
        'global            ok         1.3 s',
        'region-us-east-1  failed    10.0 s  terraform init failed',
        '2 stacks: 1 ok, 1 failed, 0 skipped, 0 not run (12.0 s)',
      ].join('\n'),
    );
  });
});

describe('which config the output was made from', () => {
  const provenanceFile = path.join(outdir, 'config.json');
  const mine = path.join(work, 'mine.yaml');
  const other = path.join(work, 'other.yaml');
  beforeAll(() => {
    writeFileSync(mine, 'name: mine\n');
    writeFileSync(other, 'name: other\n');
  });
  afterEach(() => rmSync(provenanceFile, { force: true }));

  const synthesizedFrom = (file: string): void => {
    writeFileSync(provenanceFile, JSON.stringify(provenanceOf(file)));
  };
  const refusal = async (extra: NodeJS.ProcessEnv): Promise<unknown> =>
    runStacks(parseArgs(['validate', '--out', outdir]), work, envWith(extra), { log: () => undefined }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

  it('names the config file and its content hash in the header', async () => {
    synthesizedFrom(mine);
    const report = await runner(['validate']);
    const sha = provenanceOf(mine).sha256;
    expect(report.lines[0]).toContain(`config ${mine} (sha256 ${sha.slice(0, 12)})`);
  });

  it('says so in the header when the output records no config', async () => {
    const report = await runner(['validate']);
    expect(report.lines[0]).toContain('config not recorded');
  });

  it('refuses, in one line, when INFRA_CONFIG names another config than the output was made from', async () => {
    synthesizedFrom(mine);
    const error = await refusal({ INFRA_CONFIG: other });
    expect(error).toBeInstanceOf(PrerequisiteError);
    expect((error as Error).message).toBe(
      `${outdir} was synthesized from ${mine}, not from INFRA_CONFIG=${other}: run \`INFRA_CONFIG=${other} npm run synth\` first`,
    );
    expect(calls()).toEqual([]);
  });

  it('refuses when the config changed since the output was made from it', async () => {
    writeFileSync(other, 'name: other\n');
    synthesizedFrom(other);
    writeFileSync(other, 'name: changed\n');
    const error = await refusal({ INFRA_CONFIG: other });
    expect(error).toBeInstanceOf(PrerequisiteError);
    expect((error as Error).message).toMatch(/changed since .* was synthesized from it/);
  });

  it('runs when INFRA_CONFIG names the config the output was made from', async () => {
    synthesizedFrom(mine);
    const report = await runner(['validate'], { INFRA_CONFIG: mine });
    expect(report.code).toBe(0);
  });
});
