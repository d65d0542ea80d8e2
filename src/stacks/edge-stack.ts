import type { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Config } from '../config/load';
import { BaseStack } from './base-stack';

export interface EdgeStackProps {
  readonly config: Config;
}

/**
 * What joins regions once they all exist: replication between regional resources, the CDN in front of
 * them, cross-region dashboards. Applied last; its state lives in `globalRegion`.
 */
export class EdgeStack extends BaseStack {
  /** One aliased provider per configured region. */
  readonly providers: ReadonlyMap<string, AwsProvider>;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { config: props.config, stateRegion: props.config.globalRegion });
    this.providers = new Map(props.config.allRegions.map((region) => [region, this.awsProvider(region, { aliased: true })]));
  }
}
