/**
 * `npm run diagram [-- --readme]`: writes the topology of the config (`INFRA_CONFIG`, or the embedded default, as
 * synth reads it) to `cdktf.out/diagram/topology.md` (Mermaid) and `topology.svg` (Graphviz in WebAssembly).
 * `--readme` also rewrites the README's embedded diagram, always from the default config; a jest test fails while
 * the committed copy is stale. Exit 1 on a bad config.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_PATH, DEFAULT_CONFIG_SOURCE, configFileFromEnvironment, loadConfig } from '../src/config/load';
import { describeProvenance, provenanceOf } from '../src/config/provenance';
import { topologySvg } from '../src/operations/dot';
import { TOPOLOGY_DOCUMENT } from '../src/operations/documents';
import { topologyMarkdown } from '../src/operations/mermaid';
import { embedTopology } from '../src/operations/readme';
import { buildTopology } from '../src/operations/topology';

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--readme');
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(' ')}; usage: npm run diagram [-- --readme]`);
    return 1;
  }
  const file = configFileFromEnvironment();
  const config = loadConfig(file);
  console.log(describeProvenance(provenanceOf(file)));
  const topology = buildTopology(config);
  const dir = path.dirname(path.resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out', TOPOLOGY_DOCUMENT));
  mkdirSync(dir, { recursive: true });
  const files = {
    [path.basename(TOPOLOGY_DOCUMENT)]: topologyMarkdown(topology, config.source ?? DEFAULT_CONFIG_SOURCE),
    'topology.svg': await topologySvg(topology),
  };
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, file), content);
    console.log(`wrote ${path.relative(process.cwd(), path.join(dir, file))}`);
  }
  if (argv.includes('--readme')) {
    const readme = path.join(__dirname, '..', 'README.md');
    writeFileSync(readme, embedTopology(readFileSync(readme, 'utf8'), buildTopology(loadConfig(DEFAULT_CONFIG_PATH))));
    console.log("wrote the README's diagram (from config/default.yaml)");
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
