import { instance } from '@viz-js/viz';
import { EDGE, type TopologyLink } from '../tiers/topology';
import { DIAGRAM_FONT, textWidth } from './text-width';
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

/** Node text size, and the space between a box's text and its border, in points. */
const NODE_FONT_SIZE = 14;
const NODE_MARGIN = { x: 10, y: 5 };
const POINTS_PER_INCH = 72;

/** A box wide enough for `label` as DIAGRAM_FONT renders it (Graphviz takes this as the minimum width). */
function nodeWidth(label: string): string {
  const widest = Math.max(...label.split('\n').map((line) => textWidth(line, NODE_FONT_SIZE)));
  return ((widest + 2 * NODE_MARGIN.x) / POINTS_PER_INCH).toFixed(3);
}

/**
 * The topology in Graphviz DOT: one column per region (a cluster each), the global layer (the global stack and
 * CloudFront's edge) on the top row, and each tier on a row of its own across the columns, so that replication edges
 * run straight between neighbours instead of crossing the picture. Boxes are sized for the font the SVG names.
 */
export function topologyDot(topology: Topology): string {
  const font = quoted(DIAGRAM_FONT);
  const lines = [
    'digraph topology {',
    '  rankdir=TB; newrank=true; nodesep=0.4; ranksep=0.6;',
    `  label=${quoted(`Topology: ${topology.deployment}`)}; labelloc=t;`,
    `  fontname=${font}; node [shape=box, style=rounded, fontname=${font}, fontsize=${NODE_FONT_SIZE}, margin="${(
      NODE_MARGIN.x / POINTS_PER_INCH
    ).toFixed(3)},${(NODE_MARGIN.y / POINTS_PER_INCH).toFixed(3)}"]; edge [fontname=${font}, fontsize=10];`,
  ];
  const all = scopes(topology);
  for (const scope of all) {
    lines.push(`  subgraph cluster_${scope.id} {`, `    label=${quoted(scope.title)};`);
    for (const component of scope.components)
      lines.push(`    ${nodeId(component)} [label=${quoted(component.label)}, width=${nodeWidth(component.label)}];`);
    // Keep the column in tier order, top to bottom.
    const ids = scope.components.map(nodeId);
    if (ids.length > 1) lines.push(`    ${ids.join(' -> ')} [style=invis];`);
    lines.push('  }');
  }
  // One row per tier across the regions; the global stack and CloudFront share the top row.
  const tiers = [...new Set(topology.components.map((component) => component.tier))];
  const top = topology.components.filter((component) => component.tier === 'global' || component.region === EDGE);
  const rows = [
    top,
    ...tiers.map((tier) =>
      topology.components.filter((component) => component.tier === tier && !top.includes(component)),
    ),
  ];
  for (const row of rows.filter((members) => members.length > 1))
    lines.push(`  { rank=same; ${row.map(nodeId).join('; ')}; }`);
  // Edges between regions do not move the columns; edges from the top row hang below it.
  for (const link of topology.links) {
    const sameRow = rows.some(
      (row) => row.some((c) => nodeId(c) === nodeId(link.from)) && row.some((c) => nodeId(c) === nodeId(link.to)),
    );
    lines.push(
      `  ${nodeId(link.from)} -> ${nodeId(link.to)} [label=${quoted(link.label)}${EDGE_STYLE[link.kind]}${
        sameRow ? '' : ', constraint=false'
      }];`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}

/** The topology as SVG, laid out by Graphviz compiled to WebAssembly (`@viz-js/viz`): offline, no browser. */
export async function topologySvg(topology: Topology): Promise<string> {
  const viz = await instance();
  return viz.renderString(topologyDot(topology), { format: 'svg' });
}
