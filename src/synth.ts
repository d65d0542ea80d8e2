import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { configFileFromEnvironment, loadConfig, type Config } from './config/load';
import { provenanceOf, writeProvenance } from './config/provenance';
import { buildDeployment, type Deployment } from './stacks/deployment';
import { tierDocuments } from './registry/footprint';
import { Commands } from './tiers/commands';
import { operationsDocuments } from './operations/documents';
import { repairHclStacks } from './hcl-output';
import { leaveRemovedStackDirectories, removeSynthesized, replaceOutput, stackDirectoryNames } from './output-dir';

/**
 * Synthesizes every stack into a staging directory beside `outdir` and swaps it in only when all of them
 * succeeded, so a bad config or a policy violation never leaves half-written Terraform behind. On failure
 * the previous output is removed too (stale Terraform must not pass for the current config), all but what
 * Terraform added to the stack directories.
 * `extend` adds a user's own constructs to the stacks; they are held to the same policy.
 */
export function synthesize(config: Config, outdir: string, extend?: (deployment: Deployment) => void): void {
  const absoluteOutdir = path.resolve(outdir);
  // The staging directory is made beside the output, so the output's parents must exist first.
  mkdirSync(path.dirname(absoluteOutdir), { recursive: true });
  const staging = mkdtempSync(`${absoluteOutdir}.staging-`);
  try {
    const app = new App({ outdir: staging });
    const deployment = buildDeployment(app, config);
    extend?.(deployment);
    app.synth();
    repairHclStacks(
      staging,
      app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack),
    );
    writeDocuments(config, staging);
    replaceOutput(staging, absoluteOutdir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    removeSynthesized(absoluteOutdir);
    throw error;
  }
}

/** Writes every tier's generated documents (runbooks), the deployment runbook and the topology under `outdir`. */
function writeDocuments(config: Config, outdir: string): void {
  for (const document of [...tierDocuments(config, new Commands(config)), ...operationsDocuments(config)]) {
    const file = path.join(outdir, document.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, document.content);
  }
}

/**
 * Entry point of `cdktf synth` (the `app` of cdktf.json): config from `INFRA_CONFIG` or the embedded default,
 * output in `CDKTF_OUTDIR`, which the CLI sets. A bad config is written to stderr once and exits 1 (the CLI
 * echoes the app's stderr as it arrives and again in its failure summary; see README "Quiet output").
 */
export function main(): number {
  const outdir = path.resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const before = stackDirectoryNames(outdir);
  try {
    const file = configFileFromEnvironment();
    synthesize(loadConfig(file), outdir);
    writeProvenance(outdir, provenanceOf(file));
    leaveRemovedStackDirectories(outdir, before);
    return 0;
  } catch (error) {
    removeSynthesized(outdir);
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}
