import { instance } from '@viz-js/viz';
import type { TopologyLink } from './model';
import { nodeId, scopes, type Topology } from './topology';

/** A DOT double-quoted string. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const EDGE_STYLE: Record<TopologyLink['kind'], string> = {
  replication: '',
  bidirectional: ', dir=both',
  parity: ', dir=none, style=dashed',
  origin: ', style=bold',
};

/** The topology in Graphviz DOT: a cluster per region, the same nodes and edges as the Mermaid rendering. */
export function topologyDot(topology: Topology): string {
  const lines = [
    'digraph topology {',
    '  rankdir=LR;',
    `  label=${quoted(`Topology: ${topology.deployment}`)}; labelloc=t;`,
    '  fontname="Helvetica"; node [shape=box, style=rounded, fontname="Helvetica"]; edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const scope of scopes(topology)) {
    lines.push(`  subgraph cluster_${scope.id} {`, `    label=${quoted(scope.title)};`);
    for (const component of scope.components) lines.push(`    ${nodeId(component)} [label=${quoted(component.label)}];`);
    lines.push('  }');
  }
  for (const link of topology.links) lines.push(`  ${nodeId(link.from)} -> ${nodeId(link.to)} [label=${quoted(link.label)}${EDGE_STYLE[link.kind]}];`);
  lines.push('}');
  return lines.join('\n');
}

/** The topology as SVG, laid out by Graphviz compiled to WebAssembly (`@viz-js/viz`): offline, no browser. */
export async function topologySvg(topology: Topology): Promise<string> {
  const viz = await instance();
  return viz.renderString(topologyDot(topology), { format: 'svg' });
}
