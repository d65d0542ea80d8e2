import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');

describe('npm run bench', () => {
  it('synthesizes each case once and reports its stacks, time and memory', () => {
    // One run per case: this proves the benchmark still runs on the current configs, not how fast it is.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/synth-bench.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BENCH_RUNS: '1' },
    });
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('median of 1 runs each');
    for (const name of ['floor: one-resource app', 'default config (3 regions)', '1 + 10 regions']) {
      expect(result.stdout).toMatch(
        new RegExp(`${name.replace(/[()+]/g, '\\$&')}\\s+\\d+\\.\\d+ s\\s+\\d+ MiB\\s+\\d+ stacks`),
      );
    }
  }, 180_000);
});
