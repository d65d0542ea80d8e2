import type { Construct } from 'constructs';
import type { Config } from '../config/load';
import { accountId } from '../iam/account';
import { REGISTERED } from '../registry/tiers';
import { footprintSignals } from '../registry/footprint';
import { BaseStack } from './base-stack';

export interface EdgeStackProps {
  readonly config: Config;
}

/**
 * What joins regions once they all exist: replication between regional resources and the CDN in front of
 * them. Applied last; its state lives in `globalRegion`.
 */
export class EdgeStack extends BaseStack {
  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { config: props.config, stateRegion: props.config.globalRegion });
    const { config } = props;
    accountId(this, this.provider(config.globalRegion));
    const signals = footprintSignals(config);
    for (const tier of REGISTERED) {
      tier.edge?.({ scope: this, config, names: this.names, signals, provider: (region) => this.provider(region) });
    }
  }
}
