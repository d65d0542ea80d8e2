/**
 * `npm run runbook [-- <region>]`: writes the deployment runbook of the config (`INFRA_CONFIG`, or the embedded
 * default, as synth reads it) to `cdktf.out/runbooks/<name>-<environment>.md` and prints it. `<region>` is the
 * secondary region to move the primary to; default: the first secondary. Exit 1 on a bad config or region.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configFileFromEnvironment, loadConfig } from '../src/config/load';
import { describeProvenance, provenanceOf } from '../src/config/provenance';
import { deploymentRunbook, runbookPath } from '../src/operations/runbook';

function main(argv: readonly string[]): number {
  if (argv.length > 1) {
    console.error(`expected at most one region, got ${argv.join(' ')}; usage: npm run runbook [-- <secondary region>]`);
    return 1;
  }
  const configFile = configFileFromEnvironment();
  const config = loadConfig(configFile);
  const runbook = deploymentRunbook(config, argv[0]);
  const file = path.resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out', runbookPath(config));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, runbook);
  process.stdout.write(runbook);
  console.error(describeProvenance(provenanceOf(configFile)));
  console.error(`wrote ${path.relative(process.cwd(), file)}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
