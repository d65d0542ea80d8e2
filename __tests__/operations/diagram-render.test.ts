import { topologySvg } from '../../src/operations/dot';
import { DIAGRAM_FONT } from '../../src/operations/text-width';
import { buildTopology } from '../../src/operations/topology';
import type { Config } from '../../src/config/load';
import { configWith, withRegions } from '../helpers/config';

const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');

/** resvg with the machine's fonts (fonts-dejavu-core here), as a viewer of the SVG would render it. */
const FONTS = { loadSystemFonts: true };

interface Box {
  id: string;
  left: number;
  right: number;
  top: number;
  text: string;
}

/** Every Graphviz node (or cluster) of `svg`: its border's horizontal extent and top, and its `<text>` element. */
function shapes(svg: string, kind: 'node' | 'cluster'): Box[] {
  return [
    ...svg.matchAll(
      new RegExp(
        `<g id="[^"]+" class="${kind}">\\s*<title>([^<]+)</title>\\s*<(?:path|polygon)[^>]*(?:d|points)="([^"]+)"[^>]*/>\\s*(<text[^>]*>[^<]*</text>)`,
        'g',
      ),
    ),
  ].map(([, id, shape, text]) => {
    const numbers = shape.match(/-?\d+(\.\d+)?/g)!.map(Number);
    const xs = numbers.filter((_, index) => index % 2 === 0);
    const ys = numbers.filter((_, index) => index % 2 === 1);
    return { id, left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), text };
  });
}

/** The horizontal extent of one `<text>` element as resvg renders it, in the SVG's own units. */
function renderedExtent(text: string): { left: number; right: number } {
  const alone = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="4000"><g transform="translate(0 2000)">${text}</g></svg>`;
  const box = new Resvg(alone, { font: FONTS }).getBBox();
  if (!box) throw new Error(`resvg rendered nothing for ${text}: no font?`);
  return { left: box.x, right: box.x + box.width };
}

const CONFIGS: ReadonlyArray<[string, Config]> = [
  ['the default config', configWith()],
  [
    'a 4-region config',
    configWith((i) => {
      withRegions(i, 'us-east-1', ['us-west-2', 'eu-west-1', 'ap-northeast-1']);
      i.cache = { mode: 'memorydb-multi-region' } as typeof i.cache;
    }),
  ],
];

describe.each(CONFIGS)('the topology SVG of %s, rendered to PNG', (_label, config) => {
  let svg: string;
  beforeAll(async () => {
    svg = await topologySvg(buildTopology(config));
  });

  it('renders to a PNG, in a font this machine has', () => {
    const png = new Resvg(svg, { font: FONTS }).render().asPng();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
    expect([...new Set([...svg.matchAll(/font-family="([^"]+)"/g)].map(([, family]) => family))]).toEqual([
      DIAGRAM_FONT,
    ]);
  });

  it('has every box wide enough for its text as rendered', () => {
    const nodes = shapes(svg, 'node');
    expect(nodes.length).toBe(buildTopology(config).components.length);
    const overflowing = nodes
      .filter((node) => {
        const text = renderedExtent(node.text);
        return text.left < node.left || text.right > node.right;
      })
      .map((node) => node.id);
    expect(overflowing).toEqual([]);
  });

  it('lays the regions out one column each, in config order, with the global layer on top', () => {
    const clusters = shapes(svg, 'cluster');
    const columns = config.stateRegions.map(
      (region) => clusters.find((cluster) => cluster.id === `cluster_${region.replace(/-/g, '_')}`)!,
    );
    for (const [index, column] of columns.entries()) {
      if (index > 0) expect(column.left).toBeGreaterThanOrEqual(columns[index - 1].right);
    }
    const nodes = shapes(svg, 'node');
    const global = nodes.find((node) => node.id.startsWith('global_'))!;
    const workloads = nodes.filter((node) => !node.id.startsWith('global_') && !node.id.startsWith('cdn_'));
    expect(workloads.every((node) => node.top > global.top)).toBe(true);
    // Each tier on one row across the regions.
    const rows = new Map<string, Set<number>>();
    for (const node of workloads)
      rows.set(node.id.split('_')[0], (rows.get(node.id.split('_')[0]) ?? new Set()).add(node.top));
    expect([...rows].filter(([, tops]) => tops.size > 1).map(([tier]) => tier)).toEqual([]);
  });
});
