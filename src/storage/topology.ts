import type { TierConfig } from '../tiers/tier';
import {
  EDGE,
  linksBetween,
  type TopologyComponent,
  type TopologyContribution,
  type TopologyLink,
} from '../tiers/topology';
import { cdnFailoverRegion, replicatedRegions, storageBucketName, type CdnSchema, type StorageSchema } from './config';

const TIER = 'storage';

/**
 * A bucket per region; every replicated bucket replicates to every other (so a switchover changes no rule); and,
 * with the CDN on, CloudFront reading the primary region's bucket and failing over to the failover region's.
 */
export function storageTopology(
  config: TierConfig<{ storage: typeof StorageSchema; cdn: typeof CdnSchema }>,
): TopologyContribution {
  const { storage, cdn } = config;
  const components: TopologyComponent[] = config.allRegions.map((region) => ({
    tier: TIER,
    region,
    label: `S3 bucket ${storageBucketName(config, region)}`,
  }));
  const replicated = replicatedRegions(config);
  const rtc = storage.replicationTimeControl ? ' + RTC 15 min' : '';
  const sync = storage.bidirectionalReplication ? ', replica modification sync' : '';
  const links: TopologyLink[] =
    replicated.length < 2
      ? []
      : linksBetween(TIER, replicated, { mechanism: 's3-crr', kind: 'bidirectional', label: `S3 CRR${rtc}${sync}` });
  if (cdn.enabled) {
    components.push({ tier: 'cdn', region: EDGE, label: 'CloudFront distribution' });
    const failover = cdnFailoverRegion(config);
    const origin = (region: string, label: string): TopologyLink => ({
      from: { tier: 'cdn', region: EDGE },
      to: { tier: TIER, region },
      mechanism: 'cloudfront-origin-failover',
      kind: 'origin',
      label,
    });
    links.push(
      origin(config.primaryRegion, failover === undefined ? 'CloudFront origin' : 'CloudFront primary origin'),
    );
    if (failover !== undefined)
      links.push(origin(failover, `CloudFront origin failover on ${cdn.failoverStatusCodes.join(', ')}`));
  }
  return { components, links };
}
