import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { defaultInput, regionsInput, TEN_SECONDARIES } from '../scripts/lib/config-inputs';

/**
 * Whole-process wall time and peak memory of `cdktf synth`'s app command (what `cdktf synth` runs,
 * without the CLI's own start-up) for the floor app, the default config and 1 + 10 regions.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.join(__dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'synth-bench-'));

const eleven = defaultInput();
Object.assign(eleven, regionsInput('us-east-1', TEN_SECONDARIES));
// A Global Datastore allows 1 + 2 regions: the cache is regional at this size (as in examples/aurora-global-11-regions.yaml).
Object.assign(eleven, { cache: { mode: 'regional' } });
const elevenFile = path.join(work, 'eleven-regions.yaml');
writeFileSync(elevenFile, stringify(eleven));

interface Case {
  readonly name: string;
  readonly entry: string;
  readonly config?: string;
}
const cases: Case[] = [
  { name: 'floor: one-resource app', entry: 'bench/floor-app.ts' },
  { name: 'default config (3 regions)', entry: 'main.ts' },
  { name: '1 + 10 regions', entry: 'main.ts', config: elevenFile },
];

interface Sample {
  readonly seconds: number;
  readonly rssMiB: number;
  readonly stacks: number;
}

function runOnce(benchCase: Case, index: number): Sample {
  const outdir = path.join(work, `out-${index}`);
  const rssFile = path.join(work, `rss-${index}`);
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ['--require', path.join(__dirname, 'max-rss.cjs'), '--import', 'tsx', benchCase.entry],
    {
      cwd: root,
      env: {
        ...process.env,
        CDKTF_OUTDIR: outdir,
        BENCH_RSS_FILE: rssFile,
        ...(benchCase.config ? { INFRA_CONFIG: benchCase.config } : {}),
      },
      encoding: 'utf8',
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${benchCase.name} failed:\n${result.stderr}`);
  const sample = {
    seconds,
    rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024,
    stacks: readdirSync(path.join(outdir, 'stacks')).length,
  };
  rmSync(outdir, { recursive: true, force: true });
  return sample;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = cases.map((benchCase, caseIndex) => {
  const samples = Array.from({ length: RUNS }, (_, run) => runOnce(benchCase, caseIndex * 100 + run));
  return {
    ...benchCase,
    seconds: median(samples.map((s) => s.seconds)),
    rssMiB: median(samples.map((s) => s.rssMiB)),
    stacks: samples[0].stacks,
  };
});
rmSync(work, { recursive: true, force: true });

const [floor] = results;
process.stdout.write(`synth benchmark, median of ${RUNS} runs each (node ${process.version})\n`);
for (const r of results) {
  process.stdout.write(
    `${r.name.padEnd(28)} ${r.seconds.toFixed(2).padStart(6)} s ${r.rssMiB.toFixed(0).padStart(5)} MiB  ${String(
      r.stacks,
    ).padStart(2)} stacks` +
      `  x${(r.seconds / floor.seconds).toFixed(2)} time, x${(r.rssMiB / floor.rssMiB).toFixed(2)} memory vs floor\n`,
  );
}
const [, standard, large] = results;
process.stdout.write(
  `1 + 10 regions vs default: x${(large.seconds / standard.seconds).toFixed(2)} time, x${(
    large.rssMiB / standard.rssMiB
  ).toFixed(2)} memory\n`,
);
