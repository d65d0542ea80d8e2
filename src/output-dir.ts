import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import * as path from 'node:path';

/** What synthesis writes into each stack's directory; anything else there is Terraform's (`.terraform`, lock files, plans). */
const SYNTHESIZED_STACK_FILES = new Set(['cdk.tf.json', 'cdk.tf', 'metadata.json']);
const SYNTHESIZED_TOP_LEVEL = ['manifest.json', 'runbooks'];

function stackDirs(outdir: string): string[] {
  const stacks = path.join(outdir, 'stacks');
  return existsSync(stacks) ? readdirSync(stacks).map((name) => path.join(stacks, name)) : [];
}

/** Removes what synthesis wrote, keeping what Terraform added, then every directory left empty. */
export function removeSynthesized(outdir: string): void {
  for (const dir of stackDirs(outdir)) {
    for (const entry of readdirSync(dir).filter((name) => SYNTHESIZED_STACK_FILES.has(name))) rmSync(path.join(dir, entry), { force: true });
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  }
  for (const entry of SYNTHESIZED_TOP_LEVEL) rmSync(path.join(outdir, entry), { recursive: true, force: true });
  for (const dir of [path.join(outdir, 'stacks'), outdir]) {
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  }
}

/**
 * Replaces `outdir` with `staging`, moving over what Terraform added to each stack's directory so that
 * a new synth keeps initialized working directories and provider lock files.
 */
export function replaceOutput(staging: string, outdir: string): void {
  for (const dir of stackDirs(outdir)) {
    const target = path.join(staging, 'stacks', path.basename(dir));
    for (const entry of readdirSync(dir).filter((name) => !SYNTHESIZED_STACK_FILES.has(name))) {
      mkdirSync(target, { recursive: true });
      renameSync(path.join(dir, entry), path.join(target, entry));
    }
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}
