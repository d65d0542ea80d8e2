/**
 * The topology a tier contributes: what it runs in each region and how those copies are kept in step. Every tier
 * describes its own part (the `topology` hook of `src/tiers/tier.ts`); `src/operations/topology.ts` joins them.
 */

/** Where a component lives: an AWS region, or CloudFront's global edge. */
export const EDGE = 'edge';

/**
 * `replication`: data flows `from` -> `to`. `bidirectional`: both ways (every bucket to every other, active-active).
 * `parity`: no data flows; both sides are created from the same config. `origin`: CloudFront reads `to`.
 */
export type LinkKind = 'replication' | 'bidirectional' | 'parity' | 'origin';

/** One tier's part in one region (or at the edge), drawn as a node. */
export interface TopologyComponent {
  readonly tier: string;
  readonly region: string;
  /** What runs there, short: `Aurora cluster shop-prod-db-us-east-1 (writer)`. */
  readonly label: string;
}

export interface LinkEnd {
  readonly tier: string;
  readonly region: string;
}

export interface TopologyLink {
  readonly from: LinkEnd;
  readonly to: LinkEnd;
  /** How one region's copy follows another's, as a short key of the tier's own (`s3-crr`); `label` says it in words. */
  readonly mechanism: string;
  readonly kind: LinkKind;
  /** The edge label: the mechanism and what this deployment sets on it (`S3 CRR + RTC 15 min`). */
  readonly label: string;
}

export interface TopologyContribution {
  readonly components: readonly TopologyComponent[];
  readonly links: readonly TopologyLink[];
}

/** Links from `from` to each of `to` of one tier. */
export function linksFrom(
  tier: string,
  from: string,
  to: readonly string[],
  link: Pick<TopologyLink, 'mechanism' | 'kind' | 'label'>,
): TopologyLink[] {
  return to
    .filter((region) => region !== from)
    .map((region) => ({ from: { tier, region: from }, to: { tier, region }, ...link }));
}

/** One link per unordered pair of `regions` (name order), for what flows both ways or is kept at parity. */
export function linksBetween(
  tier: string,
  regions: readonly string[],
  link: Pick<TopologyLink, 'mechanism' | 'kind' | 'label'>,
): TopologyLink[] {
  const sorted = [...regions].sort();
  return sorted.flatMap((from, index) =>
    sorted.slice(index + 1).map((to) => ({ from: { tier, region: from }, to: { tier, region: to }, ...link })),
  );
}
