import { Construct } from 'constructs';
import { TerraformOutput, type TerraformProvider } from 'cdktf';
import { MemorydbMultiRegionCluster } from '@cdktf/provider-aws/lib/memorydb-multi-region-cluster';

/** The MemoryDB multi-Region cluster, decided by the tier from the config (`src/cache/tier.ts`). */
export interface MultiRegionClusterProps {
  /** Provider of `globalRegion` (one of the cache's regions): the cluster stays there whatever the primary region. */
  readonly provider: TerraformProvider;
  /** The regional clusters' name, the same in every region: the suffix of the multi-Region cluster's name. */
  readonly clusterName: string;
  /** The regions of its clusters, listed in its description. */
  readonly regions: readonly string[];
  /** Valkey version of every regional cluster. */
  readonly engineVersion: string;
  /** Node type of every regional cluster. */
  readonly nodeType: string;
  /** Shards of every regional cluster. */
  readonly shards: number;
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
    this.cluster = new MemorydbMultiRegionCluster(this, 'multi_region', {
      provider: props.provider,
      multiRegionClusterNameSuffix: props.clusterName,
      description: `${props.clusterName}: ${[...props.regions].sort().join(', ')}`,
      engine: 'valkey',
      engineVersion: props.engineVersion,
      nodeType: props.nodeType,
      numShards: props.shards,
      tlsEnabled: true,
      lifecycle: { ignoreChanges: MULTI_REGION_CLUSTER_IGNORED_CHANGES },
    });
    new TerraformOutput(this, 'multi_region_cluster_name', {
      value: this.cluster.multiRegionClusterName,
      description:
        'Pin this as cache.multiRegionClusterName, then deploy the regions: each joins the cluster by this name',
    });
  }
}
