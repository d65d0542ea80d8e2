import type { Config } from '../config/load';
import { DEFAULT_CONFIG_SOURCE } from '../config/load';
import type { TierDocument } from '../tiers/tier';
import { topologyMarkdown } from './mermaid';
import { runbookDocument } from './runbook';
import { buildTopology } from './topology';

/** The topology's Markdown, where `npm run diagram` writes it (beside its SVG). */
export const TOPOLOGY_DOCUMENT = 'diagram/topology.md';

/** What synth writes beside the tiers' documents: the deployment runbook and the topology diagram (Mermaid). */
export function operationsDocuments(config: Config): TierDocument[] {
  return [
    runbookDocument(config),
    {
      path: TOPOLOGY_DOCUMENT,
      content: topologyMarkdown(buildTopology(config), config.source ?? DEFAULT_CONFIG_SOURCE),
    },
  ];
}
