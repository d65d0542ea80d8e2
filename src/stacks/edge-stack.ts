import type { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Config } from '../config/load';
import { EdgeStorage } from '../storage/edge-storage';
import { Cdn } from '../cdn/distribution';
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
  readonly storage: EdgeStorage;
  readonly cdn?: Cdn;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { config: props.config, stateRegion: props.config.globalRegion });
    this.providers = new Map(props.config.allRegions.map((region) => [region, this.awsProvider(region, { aliased: true })]));
    this.accountProvider = this.providers.get(props.config.globalRegion);
    this.storage = new EdgeStorage(this, 'storage', { config: props.config, providers: this.providers });
    if (props.config.cdn.enabled) {
      // CloudFront's certificates, metrics and log delivery are in us-east-1, configured or not.
      const usEast1 = this.providers.get('us-east-1') ?? this.awsProvider('us-east-1', { aliased: true });
      this.cdn = new Cdn(this, 'cdn', { config: props.config, usEast1 });
    }
  }
}
