import { Construct } from 'constructs';
import { TerraformOutput, type TerraformProvider } from 'cdktf';
import { MemorydbMultiRegionCluster } from '@cdktf/provider-aws/lib/memorydb-multi-region-cluster';
import type { Names } from '../base/names';
import type { TierConfig } from '../tiers/tier';
import type { CacheSchema } from './config';
import { CacheNames } from './names';

export interface MultiRegionClusterProps {
  readonly config: TierConfig<{ cache: typeof CacheSchema }>;
  readonly names: Names;
  /** Provider of `globalRegion` (one of the cache's regions): the cluster stays there whatever the primary region. */
  readonly provider: TerraformProvider;
}

/**
 * `node_type` forces replacement of a multi-Region cluster in hashicorp/aws 5.100.0 (provider #48832), although the
 * API scales it in place: ignored, so a changed `cache.nodeType` never replaces the cluster and all its data.
 * Scale with `aws memorydb update-multi-region-cluster --node-type` (docs/cache.md), then set the config to match.
 * `tls_enabled` (also replacing) is always true.
 */
export const MULTI_REGION_CLUSTER_IGNORED_CHANGES = ['node_type'];

/**
 * The MemoryDB multi-Region cluster, in the global stack (applied before the regions). Its full name carries an
 * AWS-assigned prefix: the user pins it as `cache.multiRegionClusterName`, and each region's cluster joins it.
 */
export class MultiRegionCluster extends Construct {
  readonly cluster: MemorydbMultiRegionCluster;

  constructor(scope: Construct, id: string, props: MultiRegionClusterProps) {
    super(scope, id);
    const { cache } = props.config;
    const names = new CacheNames(props.names);
    this.cluster = new MemorydbMultiRegionCluster(this, 'multi_region', {
      provider: props.provider,
      multiRegionClusterNameSuffix: names.group(),
      description: `${names.group()}: ${[...props.config.allRegions].sort().join(', ')}`,
      engine: 'valkey',
      engineVersion: cache.engineVersion,
      nodeType: cache.nodeType,
      numShards: cache.shards,
      tlsEnabled: true,
      lifecycle: { ignoreChanges: MULTI_REGION_CLUSTER_IGNORED_CHANGES },
    });
    new TerraformOutput(this, 'multi_region_cluster_name', {
      value: this.cluster.multiRegionClusterName,
      description: 'Pin this as cache.multiRegionClusterName, then deploy the regions: each joins the cluster by this name',
    });
  }
}
