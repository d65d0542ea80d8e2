import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Config } from '../../src/config/load';
import { synthesize } from '../../src/synth';

const root = path.join(__dirname, '..', '..');

/**
 * Synthesized outputs shared by every test file and jest worker of a run (jest gives each file its own modules, so
 * only the disk crosses files). Under node_modules: `npm ci` empties it, so a clean CI run starts cold, and git never
 * sees it.
 */
const CACHE_DIR = path.join(root, 'node_modules', '.cache', 'synth');

/** Every file under `dir`, by path relative to `root`, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

let sourceDigest: string | undefined;

/**
 * What the output depends on besides the config: src/ (it imports nothing else of the project), the installed
 * package versions, Node, `SYNTH_HCL_OUTPUT` and cdktf's other `CDKTF_*` variables (HCL instead of JSON, context) and
 * the date (the clusters tier warns from it).
 */
function sourceKey(): string {
  if (sourceDigest === undefined) {
    const hash = createHash('sha256');
    for (const file of [...filesUnder(path.join(root, 'src')), 'package-lock.json']) {
      hash
        .update(`${file}\0`)
        .update(readFileSync(path.join(root, file)))
        .update('\0');
    }
    sourceDigest = hash.digest('hex');
  }
  const cdktfVariables = Object.entries(process.env)
    .filter(([name]) => name === 'SYNTH_HCL_OUTPUT' || name.startsWith('CDKTF_'))
    .sort();
  return JSON.stringify([sourceDigest, process.version, cdktfVariables, new Date().toISOString().slice(0, 10)]);
}

/**
 * `synthesize(config, outdir)` (by default into a fresh temp directory), copied from the cache when the same config
 * was synthesized from the same sources before; returns `outdir`. Only for the plain config: a test that extends the deployment, mocks a module of
 * src/ or checks what synthesize does to an existing directory calls `synthesize` itself.
 */
export function cachedSynthesis(
  config: Config,
  outdir = path.join(mkdtempSync(path.join(tmpdir(), 'synth-')), 'cdktf.out'),
): string {
  const key = createHash('sha256').update(sourceKey()).update('\n').update(JSON.stringify(config)).digest('hex');
  const entry = path.join(CACHE_DIR, key);
  if (!existsSync(entry)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const staging = mkdtempSync(path.join(CACHE_DIR, `.staging-${key.slice(0, 12)}-`));
    try {
      synthesize(config, path.join(staging, 'cdktf.out'));
      // A directory rename is atomic: another worker sees the whole entry or none. If it got there first, both
      // outputs are of the same key, so ours is dropped.
      renameSync(path.join(staging, 'cdktf.out'), entry);
    } catch (error) {
      if (!existsSync(entry)) throw error;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  cpSync(entry, outdir, { recursive: true });
  return outdir;
}
