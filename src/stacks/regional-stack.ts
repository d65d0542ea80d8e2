import type { Construct } from 'constructs';
import type { Config } from '../config/load';
import type { AwsRegion } from '../config/regions';
import { RegionalNetwork } from '../network/regional-network';
import { RegionalKeyLookup } from '../kms/multi-region-key';
import { RegionalDatabase } from '../database/regional-database';
import { RegionalStorage } from '../storage/regional-storage';
import { BaseStack } from './base-stack';

export interface RegionalStackProps {
  readonly config: Config;
  readonly region: AwsRegion;
}

/**
 * Everything that lives in one region. Its state sits in the region's own bucket and its only provider is
 * the region's, so it plans and applies while every other region is down. Its role (primary or secondary)
 * changes arguments, never addresses: flipping `primaryRegion` must not replace anything.
 */
export class RegionalStack extends BaseStack {
  readonly region: AwsRegion;
  readonly isPrimary: boolean;
  readonly network: RegionalNetwork;
  /** ARN of this region's copy of the multi-region KMS key. */
  readonly kmsKeyArn: string;
  readonly storage: RegionalStorage;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, { config: props.config, stateRegion: props.region });
    this.region = props.region;
    this.isPrimary = props.region === props.config.primaryRegion;
    this.awsProvider(props.region, { aliased: false });

    this.kmsKeyArn = new RegionalKeyLookup(this, 'kms', { alias: this.names.kmsAlias() }).arn;
    const network = props.config.regions[props.region];
    this.network = new RegionalNetwork(this, 'network', {
      name: this.names.resource(props.region),
      vpcCidr: network.vpcCidr,
      availabilityZones: network.availabilityZones,
      kmsKeyArn: this.kmsKeyArn,
    });
    new RegionalDatabase(this, 'database', {
      config: props.config,
      names: this.names,
      region: props.region,
      isPrimary: this.isPrimary,
      vpcId: this.network.vpc.id,
      vpcCidr: network.vpcCidr,
      subnetIds: this.network.privateSubnetIds,
      kmsKeyArn: this.kmsKeyArn,
    });
    this.storage = new RegionalStorage(this, 'storage', { config: props.config, region: props.region, kmsKeyArn: this.kmsKeyArn });
  }
}
