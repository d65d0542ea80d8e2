import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, runStacks, type Report } from '../../scripts/lib/stacks';
import { SharedAwsProvider, findPluginMirror } from '../../scripts/lib/terraform-env';
import { loadConfig, DEFAULT_CONFIG_PATH } from '../../src/config/load';
import { synthesize } from '../../src/synth';
import awsBindings from '@cdktf/provider-aws/package.json';

/**
 * `npm run validate` end to end with the real terraform and the real aws provider on `cdktf synth --hcl` of the
 * default config: every stack validates with no warning, so the repairs of src/hcl-output.ts leave nothing Terraform
 * deprecates (quoted references in depends_on and friends). The provider is the mirror's binary, run once and
 * attached to every validate as in `test:terraform` (one process for all stacks instead of one per stack: 33 s to
 * 13 s), so the stacks' `terraform init` here installs no aws provider; test:terraform and test:real-plan install it
 * from the mirror with the same CLI config.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'stacks-terraform-'));
const outdir = path.join(work, 'cdktf.out');
let report: Report;
let attached = false;
const provider = new SharedAwsProvider(findPluginMirror());
const lines: string[] = [];

beforeAll(async () => {
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    synthesize(loadConfig(DEFAULT_CONFIG_PATH), outdir);
  } finally {
    delete process.env.SYNTH_HCL_OUTPUT;
  }
  // The plugin cache goes under `work`; a CLI config naming no file would be ignored, so drop it for the mirror.
  const plain = { ...process.env, TF_PLUGIN_CACHE_DIR: path.join(work, 'plugin-cache'), TF_CLI_CONFIG_FILE: '' };
  // The version the stacks pin (`required_providers`) is the one the bindings were generated for.
  const { version } = (awsBindings as { cdktf: { provider: { version: string } } }).cdktf.provider;
  const env = await provider.envFor(plain, [{ terraform: { required_providers: { aws: { version } } } }]);
  attached = env.TF_REATTACH_PROVIDERS !== undefined;
  report = await runStacks(parseArgs(['validate', '--keep-going', '--out', outdir]), work, env, {
    log: (line) => lines.push(line),
  });
}, 600_000);

afterAll(async () => {
  await provider.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('npm run validate on the default config synthesized as HCL, real terraform', () => {
  it('validates every stack of the manifest, in dependency order, with no error and no warning', () => {
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    expect(Object.values(manifest.stacks).every((stack) => stack.synthesizedStackPath.endsWith('/cdk.tf'))).toBe(true);
    expect(report.outcomes.map((outcome) => outcome.stack).sort()).toEqual(Object.keys(manifest.stacks).sort());
    // The cluster stacks need the kubernetes provider, which cannot be installed here: skipped, with the reason.
    const aws = report.outcomes.filter((outcome) => !outcome.stack.startsWith('cluster-'));
    expect(aws.map((outcome) => [outcome.stack, outcome.result, outcome.warnings, outcome.note])).toEqual(
      aws.map((outcome) => [outcome.stack, 'ok', 0, '']),
    );
    const clusters = report.outcomes.filter((outcome) => outcome.stack.startsWith('cluster-'));
    expect(clusters.map((outcome) => outcome.stack).sort()).toEqual([
      'cluster-eu-west-1',
      'cluster-us-east-1',
      'cluster-us-west-2',
    ]);
    for (const outcome of clusters)
      expect([outcome.result, outcome.note]).toEqual([
        'skipped',
        expect.stringContaining('kubernetes provider not installable offline'),
      ]);
    expect(report.code).toBe(0);
    expect(attached).toBe(true);
    expect(report.outcomes.map((outcome) => outcome.stack).slice(0, 2)).toEqual(['bootstrap', 'global']);
    expect(lines[lines.length - 1]).toMatch(/^9 stacks: 6 ok, 0 failed, 3 skipped, 0 not run \(\d+\.\d s\)$/m);
  });
});
