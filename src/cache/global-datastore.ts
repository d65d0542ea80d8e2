import { Construct } from 'constructs';
import { TerraformOutput, type TerraformProvider } from 'cdktf';
import { ElasticacheGlobalReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-global-replication-group';

/** The Global Datastore, decided by the tier from the config (`src/cache/tier.ts`). */
export interface GlobalDatastoreProps {
  /**
   * Provider of the region the datastore was created in (`globalDatastoreRegion`): AWS creates it from a replication
   * group in the calling region, and it stays managed there when `primaryRegion` changes.
   */
  readonly provider: TerraformProvider;
  /**
   * The members' replication group ID, the same in every region: the primary's, whichever region holds it, and the
   * suffix of the datastore's ID.
   */
  readonly replicationGroupId: string;
  /** The regions of its members, listed in its description. */
  readonly regions: readonly string[];
  /** Node type of every member. */
  readonly nodeType: string;
  /** Engine version of every member: upgrades go through the datastore. */
  readonly engineVersion: string;
  /** Shards (node groups) of every member. */
  readonly shards: number;
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
    const { replicationGroupId } = props;
    this.datastore = new ElasticacheGlobalReplicationGroup(this, 'datastore', {
      provider: props.provider,
      globalReplicationGroupIdSuffix: replicationGroupId,
      // Every member has the same replication group ID, so this stays right whichever region is primary.
      primaryReplicationGroupId: replicationGroupId,
      globalReplicationGroupDescription: `${replicationGroupId}: ${[...props.regions].sort().join(', ')}`,
      cacheNodeType: props.nodeType,
      engineVersion: props.engineVersion,
      numNodeGroups: props.shards,
      automaticFailoverEnabled: true,
      lifecycle: { ignoreChanges: GLOBAL_DATASTORE_IGNORED_CHANGES },
    });
    new TerraformOutput(this, 'global_datastore_id', {
      value: this.datastore.globalReplicationGroupId,
      description:
        'Pin this as cache.globalDatastoreId, then deploy the secondary regions: they join the datastore by this ID',
    });
  }
}
