import type { TierConfig } from '../tiers/tier';
import { linksFrom, type TopologyContribution } from '../tiers/topology';
import type { ParametersSchema } from './config';

const TIER = 'parameters';

/** Parameter Store has no replication: every region declares every parameter from the same config. */
export function parametersTopology(config: TierConfig<{ parameters: typeof ParametersSchema }>): TopologyContribution {
  const count = Object.keys(config.parameters.items).length;
  if (count === 0) return { components: [], links: [] };
  return {
    components: config.allRegions.map((region) => ({
      tier: TIER,
      region,
      label: `${count} SSM parameter${count === 1 ? '' : 's'}`,
    })),
    links: linksFrom(TIER, config.primaryRegion, config.secondaryRegions, {
      mechanism: 'ssm-parity',
      kind: 'parity',
      label: 'SSM parity (config-driven copies)',
    }),
  };
}
