import type { Construct } from 'constructs';
import type { Config } from '../config/load';
import { accountId } from '../iam/account';
import { MultiRegionKey } from '../kms/multi-region-key';
import { FlowLogRole } from '../network/flow-log-role';
import { REGISTERED } from '../registry/tiers';
import { footprintGrants, footprintSignals, keyStatements } from '../registry/footprint';
import { BaseStack } from './base-stack';

export interface GlobalStackProps {
  readonly config: Config;
}

/**
 * Cross-region anchors that regional stacks attach to by name: the multi-region KMS key, the IAM roles
 * every region uses (IAM is a global service: no regional stack may hold one) and the tiers' global parts.
 * Applied before the regional stacks; its state lives in `globalRegion`.
 */
export class GlobalStack extends BaseStack {
  readonly key: MultiRegionKey;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id, { config: props.config, stateRegion: props.config.globalRegion });
    const { config } = props;
    const home = this.provider(config.globalRegion);
    accountId(this, home);
    // The key's primary lives in globalRegion; replicas only where data lives.
    this.key = new MultiRegionKey(this, 'kms', {
      alias: this.names.kmsAlias(),
      primaryRegion: config.globalRegion,
      replicaRegions: config.allRegions,
      provider: (region) => this.provider(region),
      // What each tier's services need of the key (alerts topics, CloudFront, node volumes).
      extraStatements: (region, account) => keyStatements(config, this.names, region, account),
    });

    for (const region of config.allRegions) {
      new FlowLogRole(this, `network_flow_log_role_${region}`, {
        provider: home,
        roleName: this.names.flowLogRole(region),
        region,
        logGroupName: this.names.flowLogGroup(region),
      });
    }

    const signals = footprintSignals(config);
    const grants = footprintGrants(config, this.names, accountId(this));
    for (const tier of REGISTERED) {
      tier.global?.({
        scope: this,
        config,
        names: this.names,
        signals,
        grants,
        provider: (region) => this.provider(region),
        key: this.key,
      });
    }
  }
}
