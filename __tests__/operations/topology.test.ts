import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import { clustersTopology } from '../../src/clusters/topology';
import { EDGE, type TopologyLink } from '../../src/tiers/topology';
import { topologyMermaid } from '../../src/operations/mermaid';
import { topologyDot, topologySvg } from '../../src/operations/dot';
import { embedTopology } from '../../src/operations/readme';
import { buildTopology, nodeId } from '../../src/operations/topology';
import type { Config } from '../../src/config/load';
import { configWith, withRegions } from '../helpers/config';

const root = path.join(__dirname, '..', '..');
const EXAMPLES = readdirSync(path.join(root, 'examples'))
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => path.join(root, 'examples', file));

/** `mechanism from -> to` of every link, for exact comparisons. */
const described = (links: readonly TopologyLink[]) =>
  links.map((l) => `${l.mechanism} ${l.from.tier}@${l.from.region} ${l.kind} ${l.to.tier}@${l.to.region}`);
/** The text of an SVG `<text>` element, its XML character references resolved. */
const unescapeXml = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const ofMechanism = (links: readonly TopologyLink[], mechanism: string) =>
  described(links.filter((l) => l.mechanism === mechanism));

describe('topology model', () => {
  const topology = buildTopology(configWith());

  it('marks the primary and the global region, and lists every data region', () => {
    expect(topology.regions.map((r) => r.title)).toEqual([
      'us-east-1 (primary, global)',
      'us-west-2 (secondary)',
      'eu-west-1 (secondary)',
    ]);
  });

  it('has every replication link of the default config, with its direction and mechanism', () => {
    const { links } = topology;
    expect(ofMechanism(links, 'aurora-global')).toEqual([
      'aurora-global database@us-east-1 replication database@us-west-2',
      'aurora-global database@us-east-1 replication database@eu-west-1',
    ]);
    // Every bucket replicates to every other: one two-way link per pair.
    expect(ofMechanism(links, 's3-crr')).toEqual([
      's3-crr storage@eu-west-1 bidirectional storage@us-east-1',
      's3-crr storage@eu-west-1 bidirectional storage@us-west-2',
      's3-crr storage@us-east-1 bidirectional storage@us-west-2',
    ]);
    expect(links.find((l) => l.mechanism === 's3-crr')!.label).toBe('S3 CRR + RTC 15 min');
    expect(ofMechanism(links, 'cloudfront-origin-failover')).toEqual([
      `cloudfront-origin-failover cdn@${EDGE} origin storage@us-east-1`,
      `cloudfront-origin-failover cdn@${EDGE} origin storage@us-west-2`,
    ]);
    expect(ofMechanism(links, 'elasticache-global-datastore')).toHaveLength(2);
    expect(ofMechanism(links, 'secrets-replica')).toEqual([
      'secrets-replica secrets@us-east-1 replication secrets@us-west-2',
      'secrets-replica secrets@us-east-1 replication secrets@eu-west-1',
    ]);
    expect(ofMechanism(links, 'ssm-parity').every((l) => l.includes(' parity '))).toBe(true);
    expect(ofMechanism(links, 'cluster-parity')).toEqual([
      'cluster-parity clusters@us-east-1 parity clusters@us-west-2',
      'cluster-parity clusters@us-east-1 parity clusters@eu-west-1',
    ]);
    expect(links).toHaveLength(2 + 3 + 2 + 2 + 2 + 2 + 2);
  });

  it('follows the config: RDS replicas, cache modes, a subset of replicated buckets, no CDN', () => {
    const rds = buildTopology(
      configWith((i) => {
        i.database = { mode: 'rds-replicas', backupReplicationRegion: 'eu-west-1' };
        i.cache = { mode: 'regional' };
        i.storage = {
          replicationDestinations: ['us-west-2'],
          replicationTimeControl: false,
          replicationMetrics: false,
        };
        i.cdn = { enabled: false };
      }),
    );
    expect(ofMechanism(rds.links, 'rds-replica')).toHaveLength(2);
    expect(ofMechanism(rds.links, 'rds-backup-replication')).toEqual([
      'rds-backup-replication database@us-east-1 replication database@eu-west-1',
    ]);
    expect(rds.components.filter((c) => c.tier === 'cache')).toHaveLength(3);
    expect(rds.links.filter((l) => l.from.tier === 'cache')).toEqual([]);
    expect(ofMechanism(rds.links, 's3-crr')).toEqual(['s3-crr storage@us-east-1 bidirectional storage@us-west-2']);
    expect(rds.links.find((l) => l.mechanism === 's3-crr')!.label).toBe('S3 CRR');
    expect(rds.components.filter((c) => c.region === EDGE)).toEqual([]);

    const none = buildTopology(
      configWith((i) => {
        i.cache = { mode: 'none' };
      }),
    );
    expect(none.components.filter((c) => c.tier === 'cache')).toEqual([]);

    const memorydb = buildTopology(
      configWith((i) => {
        withRegions(i, 'eu-west-1', ['eu-central-1', 'eu-west-2']);
        i.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' };
        i.globalRegion = 'eu-west-1';
      }),
    );
    expect(ofMechanism(memorydb.links, 'memorydb-multi-region')).toEqual([
      'memorydb-multi-region cache@eu-central-1 bidirectional cache@eu-west-1',
      'memorydb-multi-region cache@eu-central-1 bidirectional cache@eu-west-2',
      'memorydb-multi-region cache@eu-west-1 bidirectional cache@eu-west-2',
    ]);
  });

  it('replicates secrets from a management globalRegion that runs no workloads', () => {
    const management = buildTopology(loadConfig(path.join(root, 'examples', 'secrets-management-region.yaml')));
    expect(management.regions.map((r) => r.title)).toEqual([
      'eu-west-1 (primary)',
      'eu-central-1 (secondary)',
      'us-east-2 (global, management: no workloads)',
    ]);
    expect(ofMechanism(management.links, 'secrets-replica')).toEqual([
      'secrets-replica secrets@us-east-2 replication secrets@eu-west-1',
      'secrets-replica secrets@us-east-2 replication secrets@eu-central-1',
    ]);
    expect(management.components.filter((c) => c.region === 'us-east-2').map((c) => c.tier)).toEqual([
      'global',
      'secrets',
    ]);
  });

  it('gives the clusters tier parity links from the primary when clusters are enabled', () => {
    expect(
      clustersTopology(
        configWith((i) => {
          i.clusters = { enabled: false };
        }),
      ).links,
    ).toEqual([]);
    const enabled = clustersTopology(
      configWith((i) => {
        i.clusters = { enabled: true, apiAccessCidrs: ['10.100.0.0/16'], namespaces: { shop: {} } };
      }),
    );
    expect(enabled.components.map((c) => c.label)).toEqual(Array(3).fill('EKS shop-prod-eks, 1 namespace'));
    expect(described(enabled.links)).toEqual([
      'cluster-parity clusters@us-east-1 parity clusters@us-west-2',
      'cluster-parity clusters@us-east-1 parity clusters@eu-west-1',
    ]);
  });

  it('builds for every example, every link joining two placed components', () => {
    for (const file of EXAMPLES) {
      const example = buildTopology(loadConfig(file));
      const nodes = new Set(example.components.map(nodeId));
      for (const link of example.links)
        expect([file, nodes.has(nodeId(link.from)), nodes.has(nodeId(link.to))]).toEqual([file, true, true]);
      expect([file, example.links.length > 0]).toEqual([file, true]);
    }
  });
});

describe('topology renderings', () => {
  const configs: Array<[string, Config]> = [
    ['default', configWith()],
    ...EXAMPLES.map((file): [string, Config] => [path.basename(file), loadConfig(file)]),
  ];

  it.each(configs)('%s: the Mermaid has every region and every link, with its arrow and label', (_, config) => {
    const topology = buildTopology(config);
    const mermaid = topologyMermaid(topology);
    const arrows = { replication: '-->', bidirectional: '<-->', parity: '-.-', origin: '-->' };
    for (const region of topology.regions) expect(mermaid).toContain(`["${region.title}"]`);
    for (const link of topology.links) {
      expect(mermaid).toContain(`\n  ${nodeId(link.from)} ${arrows[link.kind]}|"${link.label}"| ${nodeId(link.to)}`);
    }
    expect(mermaid.split('\n').filter((line) => line.includes('|"'))).toHaveLength(topology.links.length);
  });

  it('renders an SVG offline with every region and every link label', async () => {
    for (const [name, config] of configs.filter(([file]) =>
      ['default', 'secrets-management-region.yaml', 'cache-memorydb-multi-region.yaml'].includes(file),
    )) {
      const topology = buildTopology(config);
      const svg = await topologySvg(topology);
      expect([name, svg.startsWith('<?xml')]).toEqual([name, true]);
      expect(svg).toContain('</svg>');
      const texts = new Set([...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1])));
      for (const region of topology.regions) expect([name, texts.has(region.title)]).toEqual([name, true]);
      for (const link of topology.links)
        expect([name, link.label, texts.has(link.label)]).toEqual([name, link.label, true]);
      // One SVG edge per link.
      expect(svg.match(/class="edge"/g)).toHaveLength(topology.links.length);
    }
  }, 60_000);

  it('escapes quotes in DOT labels', () => {
    const topology = buildTopology(configWith());
    const odd = {
      ...topology,
      regions: [{ ...topology.regions[0], title: 'say "hi" \\ there' }, ...topology.regions.slice(1)],
    };
    expect(topologyDot(odd)).toContain('label="say \\"hi\\" \\\\ there";');
  });
});

describe('the README', () => {
  it("embeds the default config's current diagram (regenerate: npm run diagram -- --readme)", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toBe(embedTopology(readme, buildTopology(loadConfig(DEFAULT_CONFIG_PATH))));
    expect(readme).toContain('```mermaid\nflowchart LR\n  subgraph us_east_1["us-east-1 (primary, global)"]');
  });
});
