import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PROVENANCE_FILE } from './config/provenance';

/** What synthesis writes into each stack's directory; anything else there is Terraform's (`.terraform`, lock files, plans). */
const SYNTHESIZED_STACK_FILES = new Set(['cdk.tf.json', 'cdk.tf', 'metadata.json']);
const SYNTHESIZED_TOP_LEVEL = ['manifest.json', PROVENANCE_FILE, 'runbooks', 'diagram', 'otel'];

function stackDirs(outdir: string): string[] {
  const stacks = path.join(outdir, 'stacks');
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks)
    .map((name) => path.join(stacks, name))
    .filter((dir) => statSync(dir).isDirectory());
}

/** The names of the stack directories under `outdir/stacks`. */
export function stackDirectoryNames(outdir: string): string[] {
  return stackDirs(outdir).map((dir) => path.basename(dir));
}

/** Removes what synthesis wrote, keeping what Terraform added, then every directory left empty. */
export function removeSynthesized(outdir: string): void {
  for (const dir of stackDirs(outdir)) {
    for (const entry of readdirSync(dir).filter((name) => SYNTHESIZED_STACK_FILES.has(name)))
      rmSync(path.join(dir, entry), { force: true });
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  }
  for (const entry of SYNTHESIZED_TOP_LEVEL) rmSync(path.join(outdir, entry), { recursive: true, force: true });
  for (const dir of [path.join(outdir, 'stacks'), outdir]) {
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  }
}

/**
 * Replaces `outdir` with `staging`, moving over what Terraform added to the directory of each stack that is
 * still synthesized, so that a new synth keeps initialized working directories and provider lock files.
 * The directory of a stack no longer synthesized goes entirely, Terraform's files with it, as `cdktf synth`
 * does with such directories itself.
 */
export function replaceOutput(staging: string, outdir: string): void {
  for (const dir of stackDirs(outdir)) {
    const target = path.join(staging, 'stacks', path.basename(dir));
    if (!existsSync(target)) continue;
    for (const entry of readdirSync(dir).filter((name) => !SYNTHESIZED_STACK_FILES.has(name))) {
      renameSync(path.join(dir, entry), path.join(target, entry));
    }
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}

/**
 * `cdktf synth` (and `diff`, `deploy`) lists the stack directories before it runs the app and, once the app
 * has exited, deletes every one of them that is not in the new manifest, without tolerating one that is
 * already gone (`ENOENT ... lstat 'cdktf.out/stacks/<stack>'`, exit 1). The swap above has already removed
 * them, so leave an empty directory for each for the CLI to delete.
 */
export function leaveRemovedStackDirectories(outdir: string, before: readonly string[]): void {
  const now = new Set(stackDirectoryNames(outdir));
  for (const name of before.filter((stack) => !now.has(stack)))
    mkdirSync(path.join(outdir, 'stacks', name), { recursive: true });
}
