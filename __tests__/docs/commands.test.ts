import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

/** The jobs the issue names; `test` and `bench` have sections of their own in the README, not commands-table rows. */
const JOBS = [
  'synth',
  'synth:hcl',
  'validate',
  'plan',
  'bootstrap',
  'runbook',
  'diagram',
  'drift',
  'test',
  'bench',
  'schema',
];

describe('the commands', () => {
  it('has an npm script for every job the issue names', () => {
    expect(JOBS.filter((job) => !scripts.includes(job))).toEqual([]);
  });

  it('lists every npm script in help', () => {
    const help = read('help');
    expect(
      scripts.filter(
        (script) =>
          !(script === 'test' ? /^ {2}npm test\b/m : new RegExp(`npm run ${script.replace(':', '\\:')}\\b`)).test(help),
      ),
    ).toEqual([]);
  });

  it('lists the job commands in the README commands table', () => {
    const table = read('README.md').split('\n### Commands\n')[1].split('\n### ')[0];
    for (const job of JOBS.filter((job) => job !== 'test' && job !== 'bench')) {
      expect([job, table.includes(`| \`npm run ${job}\` |`)]).toEqual([job, true]);
    }
  });
});
