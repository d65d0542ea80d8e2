import { topologyMermaid } from './mermaid';
import type { Topology } from './topology';
import { ValidationError } from '../base/errors';

/** The markers around the README's embedded diagram (of the default config), rewritten by `npm run diagram -- --readme`. */
export const README_BEGIN =
  '<!-- topology:begin: generated from config/default.yaml by `npm run diagram -- --readme`; do not edit -->';
export const README_END = '<!-- topology:end -->';

/** `readme` with the block between the markers replaced by `topology`'s Mermaid diagram. */
export function embedTopology(readme: string, topology: Topology): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin)
    throw new ValidationError(
      `README.md has no diagram block: add a line ${README_BEGIN} and a line ${README_END} where it goes`,
    );
  const block = ['', '```mermaid', topologyMermaid(topology), '```', ''].join('\n');
  return `${readme.slice(0, begin + README_BEGIN.length)}${block}${readme.slice(end)}`;
}
