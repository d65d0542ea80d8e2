import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { defaultInput, withRegions } from '../helpers/config';

/**
 * The real `npx cdktf synth`, not `synthesize()`: the CLI deletes, after the app has run, every stack
 * directory that existed before and is not in the new manifest, and failed (exit 1) when the app's own
 * output swap had removed it already.
 */
const root = path.join(__dirname, '..', '..');
const workdir = mkdtempSync(path.join(tmpdir(), 'synth-cli-'));
const outdir = path.join(workdir, 'cdktf.out');

function configFile(label: string, primary: string, secondaries: string[]): string {
  const file = path.join(workdir, `${label}.yaml`);
  // A regional cache: a Global Datastore allows only 1 + 2 regions.
  writeFileSync(file, stringify({ ...withRegions(defaultInput(), primary, secondaries), cache: { mode: 'regional' } }));
  return file;
}

function cdktfSynth(
  config: string,
  env: Record<string, string> = {},
): { status: number | null; output: string; stdout: string } {
  const result = spawnSync('npx', ['cdktf', 'synth', '--output', outdir], {
    cwd: root,
    env: { ...process.env, INFRA_CONFIG: config, CI: 'true', CHECKPOINT_DISABLE: '1', ...env },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, stdout: result.stdout };
}

function manifestStacks(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, unknown>;
  };
  return Object.keys(manifest.stacks).sort();
}

function stacksOnDisk(): string[] {
  return readdirSync(path.join(outdir, 'stacks')).sort();
}

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('npx cdktf synth, twice, with fewer regions the second time', () => {
  it('exits 0 and leaves exactly the new stacks, keeping what Terraform added to the stacks that remain', () => {
    const first = cdktfSynth(configFile('four-regions', 'us-east-1', ['us-west-2', 'eu-west-1', 'ap-northeast-1']));
    expect(first.status).toBe(0);
    const regionStacks = (regions: string[]) => regions.flatMap((region) => [`cluster-${region}`, `region-${region}`]);
    const four = [
      'bootstrap',
      'edge',
      'global',
      ...regionStacks(['ap-northeast-1', 'eu-west-1', 'us-east-1', 'us-west-2']),
    ].sort();
    expect(manifestStacks()).toEqual(four);
    expect(stacksOnDisk()).toEqual(four);

    // Terraform's files: one in a stack that stays, one in a stack that goes (region-ap-northeast-1 has none).
    writeFileSync(path.join(outdir, 'stacks', 'region-us-west-2', '.terraform.lock.hcl'), '# lock\n');
    mkdirSync(path.join(outdir, 'stacks', 'region-eu-west-1', '.terraform'));

    const second = cdktfSynth(configFile('two-regions', 'us-east-1', ['us-west-2']));
    expect(second.output).not.toMatch(/ENOENT/);
    expect(second.status).toBe(0);
    const two = ['bootstrap', 'edge', 'global', ...regionStacks(['us-east-1', 'us-west-2'])].sort();
    expect(manifestStacks()).toEqual(two);
    expect(stacksOnDisk()).toEqual(two);
    expect(existsSync(path.join(outdir, 'stacks', 'region-us-west-2', '.terraform.lock.hcl'))).toBe(true);
    expect(existsSync(path.join(outdir, 'stacks', 'region-us-west-2', 'cdk.tf.json'))).toBe(true);
  }, 600_000);
});

describe('npx cdktf synth with a bad config, as the README says to quiet it', () => {
  it('exits 1, shows the message once and no spinner frames, and leaves no output', () => {
    const file = path.join(workdir, 'misspelt.yaml');
    const input: Record<string, unknown> = defaultInput();
    input.secondaryRegion = input.secondaryRegions;
    delete input.secondaryRegions;
    writeFileSync(file, stringify(input));
    const logs = mkdtempSync(path.join(workdir, 'logs-'));

    const result = cdktfSynth(file, { CDKTF_LOG_FILE_DIRECTORY: logs });
    expect(result.status).toBe(1);
    expect(result.output.split('unknown key "secondaryRegion" (did you mean "secondaryRegions"?)')).toHaveLength(2);
    expect(result.stdout).not.toContain('\u001b[2K'); // the spinner's erase-line
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  }, 300_000);
});
