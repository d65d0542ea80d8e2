import { Construct } from 'constructs';
import { TerraformOutput, type TerraformProvider } from 'cdktf';
import { ElasticacheGlobalReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-global-replication-group';
import type { Names } from '../base/names';
import type { TierConfig } from '../tiers/tier';
import type { CacheSchema } from './config';
import { CacheNames } from './names';

export interface GlobalDatastoreProps {
  readonly config: TierConfig<{ cache: typeof CacheSchema }>;
  readonly names: Names;
  /**
   * Provider of the region the datastore was created in (`globalDatastoreRegion`): AWS creates it from a replication
   * group in the calling region, and it stays managed there when `primaryRegion` changes.
   */
  readonly provider: TerraformProvider;
}

/**
 * Replacement-forcing arguments of the Global Datastore that AWS changes behind Terraform's back: a failover done
 * with `aws elasticache failover-global-replication-group` changes the read-back `primary_replication_group_id`, and
 * without this the next plan replaces the whole datastore (provider #46121).
 */
export const GLOBAL_DATASTORE_IGNORED_CHANGES = ['primary_replication_group_id'];

/**
 * The ElastiCache Global Datastore, in the edge stack: it can only be created from the primary region's replication
 * group, which the primary region's stack creates first. Its full ID carries an AWS-assigned prefix, so it is an
 * output the user pins as `cache.globalDatastoreId`; only then do the secondary regions create their members.
 * Node type, engine version and shard count of every member are set here (members ignore them).
 */
export class GlobalDatastore extends Construct {
  readonly datastore: ElasticacheGlobalReplicationGroup;

  constructor(scope: Construct, id: string, props: GlobalDatastoreProps) {
    super(scope, id);
    const { cache } = props.config;
    const names = new CacheNames(props.names);
    this.datastore = new ElasticacheGlobalReplicationGroup(this, 'datastore', {
      provider: props.provider,
      globalReplicationGroupIdSuffix: names.group(),
      // Every member has the same replication group ID, so this stays right whichever region is primary.
      primaryReplicationGroupId: names.group(),
      globalReplicationGroupDescription: `${names.group()}: ${[...props.config.allRegions].sort().join(', ')}`,
      cacheNodeType: cache.nodeType,
      engineVersion: cache.engineVersion,
      numNodeGroups: cache.shards,
      automaticFailoverEnabled: true,
      lifecycle: { ignoreChanges: GLOBAL_DATASTORE_IGNORED_CHANGES },
    });
    new TerraformOutput(this, 'global_datastore_id', {
      value: this.datastore.globalReplicationGroupId,
      description: 'Pin this as cache.globalDatastoreId, then deploy the secondary regions: they join the datastore by this ID',
    });
  }
}
