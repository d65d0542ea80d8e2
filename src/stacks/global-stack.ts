import type { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Config } from '../config/load';
import { MultiRegionKey } from '../kms/multi-region-key';
import { GlobalDatabase } from '../database/global-database';
import { cloudFrontSourceArn } from '../config/storage';
import { BaseStack } from './base-stack';

export interface GlobalStackProps {
  readonly config: Config;
}

/**
 * Cross-region anchors that regional stacks attach to by name: the multi-region KMS key (and, from the
 * tiers, global clusters). Applied before the regional stacks; its state lives in `globalRegion`.
 */
export class GlobalStack extends BaseStack {
  /** One aliased provider per configured region. */
  readonly providers: ReadonlyMap<string, AwsProvider>;
  readonly key: MultiRegionKey;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id, { config: props.config, stateRegion: props.config.globalRegion });
    this.providers = new Map(props.config.allRegions.map((region) => [region, this.awsProvider(region, { aliased: true })]));
    this.accountProvider = this.providers.get(props.config.globalRegion);
    this.key = new MultiRegionKey(this, 'kms', {
      alias: this.names.kmsAlias(),
      primaryRegion: props.config.globalRegion,
      providers: this.providers,
      cloudFrontSourceArn: props.config.cdn.enabled ? (account) => cloudFrontSourceArn(props.config, account) : undefined,
    });
    new GlobalDatabase(this, 'database', { config: props.config, names: this.names, providers: this.providers, key: this.key });
  }
}
