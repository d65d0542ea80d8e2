import type { Config } from '../config/load';
import { Names } from '../base/names';
import { regionIdentifier } from '../base/regions';
import { TIERS } from '../registry/tiers';
import { EDGE, type LinkEnd, type TopologyComponent, type TopologyLink } from '../tiers/topology';
import { ValidationError } from '../base/errors';

/** A region of the deployment and what it is to it. */
export interface TopologyRegion {
  readonly region: string;
  /** `primary`, `secondary`, and `global` for globalRegion (state and the KMS primary key; maybe no workloads). */
  readonly roles: readonly ('primary' | 'secondary' | 'global')[];
  /** `us-east-1 (primary, global)`. */
  readonly title: string;
}

/** The deployment's topology, generated from the config: regions, the tiers in each and every replication link. */
export interface Topology {
  /** `<name>-<environment>`. */
  readonly deployment: string;
  readonly regions: readonly TopologyRegion[];
  readonly components: readonly TopologyComponent[];
  readonly links: readonly TopologyLink[];
}

/** The id of a component's node in the Mermaid and DOT renderings. */
export function nodeId(end: LinkEnd): string {
  return `${end.tier}_${regionIdentifier(end.region)}`;
}

/**
 * Joins every tier's contribution (the `topology` hook) under the regions of the config. The global layer is shown
 * in globalRegion, which may be a management region that runs no workloads.
 */
export function buildTopology(config: Config): Topology {
  const regions: TopologyRegion[] = config.stateRegions.map((region) => {
    const roles = [
      ...(region === config.primaryRegion
        ? ['primary' as const]
        : config.allRegions.includes(region)
        ? ['secondary' as const]
        : []),
      ...(region === config.globalRegion ? ['global' as const] : []),
    ];
    const title =
      roles.includes('primary') || roles.includes('secondary')
        ? `${region} (${roles.join(', ')})`
        : `${region} (global, management: no workloads)`;
    return { region, roles, title };
  });
  const contributions = TIERS.map((tier) => tier.topology?.(config) ?? { components: [], links: [] });
  const components: TopologyComponent[] = [
    {
      tier: 'global',
      region: config.globalRegion,
      label: 'global stack: Terraform state, KMS multi-region primary key',
    },
    ...contributions.flatMap((contribution) => contribution.components),
  ];
  const links = contributions.flatMap((contribution) => contribution.links);
  const known = new Set(components.map(nodeId));
  for (const link of links) {
    for (const end of [link.from, link.to]) {
      if (!known.has(nodeId(end)))
        throw new ValidationError(
          `topology: the ${link.mechanism} link names ${end.tier} in ${end.region}, which no tier placed there`,
        );
    }
  }
  return { deployment: new Names(config).prefix, regions, components, links };
}

/** Scopes that hold components, regions first (in config order), then CloudFront's edge. */
export function scopes(topology: Topology): Array<{ id: string; title: string; components: TopologyComponent[] }> {
  const inScope = (scope: string) => topology.components.filter((component) => component.region === scope);
  const edge = inScope(EDGE);
  return [
    ...topology.regions.map((region) => ({
      id: regionIdentifier(region.region),
      title: region.title,
      components: inScope(region.region),
    })),
    ...(edge.length > 0 ? [{ id: 'global_edge', title: 'CloudFront (global edge)', components: edge }] : []),
  ];
}
