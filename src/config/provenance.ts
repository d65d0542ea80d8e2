import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Beside manifest.json in the output: which config file, with which content, the output was synthesized from. */
export const PROVENANCE_FILE = 'config.json';

export interface ConfigProvenance {
  /** Absolute path of the config file. */
  readonly path: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
}

export function provenanceOf(file: string): ConfigProvenance {
  return { path: path.resolve(file), sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

export function writeProvenance(outdir: string, provenance: ConfigProvenance): void {
  writeFileSync(path.join(outdir, PROVENANCE_FILE), `${JSON.stringify(provenance, null, 2)}\n`);
}

/** What `outdir` records, or undefined for an output synthesized before it was recorded. */
export function readProvenance(outdir: string): ConfigProvenance | undefined {
  const file = path.join(outdir, PROVENANCE_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConfigProvenance) : undefined;
}

/** For headers: `config <path> (sha256 <first 12 hex digits>)`. */
export function describeProvenance(provenance: ConfigProvenance | undefined): string {
  return provenance
    ? `config ${provenance.path} (sha256 ${provenance.sha256.slice(0, 12)})`
    : 'config not recorded (synthesized by an older version: synthesize again)';
}

/**
 * Why the output in `outdir` is not the synthesis of `file` (the config `INFRA_CONFIG` names), or undefined when it
 * is: another file, the same file changed since, or no record at all. `cdktf list`, `diff` and `deploy` synthesize
 * the config of their own environment over the output, so a stale output is easy to get.
 */
export function provenanceMismatch(outdir: string, file: string): string | undefined {
  const recorded = readProvenance(outdir);
  const synth = `run \`INFRA_CONFIG=${file} npm run synth\` first`;
  if (!recorded)
    return `${outdir} records no config it was synthesized from, so it may not be INFRA_CONFIG=${file}: ${synth}`;
  if (!existsSync(file)) return `INFRA_CONFIG=${file} does not exist (${outdir} was synthesized from ${recorded.path})`;
  const wanted = provenanceOf(file);
  if (wanted.path !== recorded.path)
    return `${outdir} was synthesized from ${recorded.path}, not from INFRA_CONFIG=${file}: ${synth}`;
  if (wanted.sha256 !== recorded.sha256) return `${file} changed since ${outdir} was synthesized from it: ${synth}`;
  return undefined;
}
