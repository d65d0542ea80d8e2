import type { Construct } from 'constructs';
import type { Config } from '../config/load';
import type { AwsRegion } from '../base/regions';
import { accountId } from '../iam/account';
import { roleArn } from '../iam/policy';
import { RegionalNetwork } from '../network/regional-network';
import { RegionalKeyLookup } from '../kms/multi-region-key';
import { SecurityBaseline } from '../policy/security-baseline';
import { regionalStackHoldsNoGlobalService } from '../policy/rules/layout';
import { REGISTERED } from '../registry/tiers';
import { footprintLogRetentionDays, footprintSignals } from '../registry/footprint';
import { BaseStack } from './base-stack';

export interface RegionalStackProps {
  readonly config: Config;
  readonly region: AwsRegion;
}

/**
 * Everything that lives in one region. Its state sits in the region's own bucket and its only provider is
 * the region's, so it plans and applies while every other region is down; it holds no resource of a global
 * service (IAM, CloudFront, Route 53), whose control planes live in us-east-1. Its role (primary or
 * secondary) changes arguments, never addresses: flipping `primaryRegion` must not replace anything.
 */
export class RegionalStack extends BaseStack {
  readonly region: AwsRegion;
  readonly isPrimary: boolean;
  readonly network: RegionalNetwork;
  /** ARN of this region's copy of the multi-region KMS key. */
  readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, { config: props.config, stateRegion: props.region });
    const { config, region } = props;
    this.region = region;
    this.isPrimary = region === config.primaryRegion;
    this.defaultProvider(region);
    this.node.addValidation(new SecurityBaseline(this, [regionalStackHoldsNoGlobalService]));

    this.kmsKeyArn = new RegionalKeyLookup(this, 'kms', { alias: this.names.kmsAlias() }).arn;
    const network = config.regions[region];
    this.network = new RegionalNetwork(this, 'network', {
      name: this.names.resource(region),
      region,
      vpcCidr: network.vpcCidr,
      availabilityZones: network.availabilityZones,
      egress: network.egress,
      kmsKeyArn: this.kmsKeyArn,
      flowLogGroupName: this.names.flowLogGroup(region),
      flowLogRoleArn: roleArn(region, accountId(this), this.names.flowLogRole(region)),
      flowLogRetentionDays: footprintLogRetentionDays(config),
    });

    const signals = footprintSignals(config);
    for (const tier of REGISTERED) {
      tier.regional?.({
        scope: this,
        config,
        names: this.names,
        region,
        isPrimary: this.isPrimary,
        network: { vpcId: this.network.vpc.id, vpcCidr: network.vpcCidr, subnetIds: this.network.privateSubnetIds },
        kmsKeyArn: this.kmsKeyArn,
        signals,
      });
    }
  }
}
