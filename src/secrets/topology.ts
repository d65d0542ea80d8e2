import type { TierConfig } from '../tiers/tier';
import { linksFrom, type TopologyContribution } from '../tiers/topology';
import type { SecretsSchema } from './config';

const TIER = 'secrets';

/**
 * The primaries in globalRegion (possibly a management region), a replica in every other data region: the
 * application secrets and the database tier's master credentials, which it replicates the same way.
 */
export function secretsTopology(config: TierConfig<{ secrets: typeof SecretsSchema }>): TopologyContribution {
  const count = Object.keys(config.secrets.items).length + 1;
  const secrets = `${count} secrets, with the database credentials`;
  const regions = [...new Set([config.globalRegion, ...config.allRegions])];
  return {
    components: regions.map((region) => ({
      tier: TIER,
      region,
      label: `Secrets Manager: ${secrets} (${region === config.globalRegion ? 'primaries' : 'replicas'})`,
    })),
    links: linksFrom(TIER, config.globalRegion, config.allRegions, {
      mechanism: 'secrets-replica',
      kind: 'replication',
      label: 'Secrets Manager replica',
    }),
  };
}
