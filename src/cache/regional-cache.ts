import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { MemorydbAcl } from '@cdktf/provider-aws/lib/memorydb-acl';
import { MemorydbCluster } from '@cdktf/provider-aws/lib/memorydb-cluster';
import { MemorydbSubnetGroup } from '@cdktf/provider-aws/lib/memorydb-subnet-group';
import { MemorydbUser } from '@cdktf/provider-aws/lib/memorydb-user';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { portIngressRules } from '../network/ingress';
import type { NetworkPlacement } from '../network/regional-network';
import type { Signal } from '../tiers/signal';
import { CACHE_PORT } from './config';
import type { CacheNames } from './names';
import { metricAlarm } from '../cloudwatch/metric-alarm';

/** What a region's cache is and does, decided by the tier from the config (`src/cache/tier.ts`). */
export interface RegionalCacheProps {
  /** The region, named in the endpoint's output. */
  readonly region: string;
  /** The cache's names (the same in every region): replication group or cluster, subnet and security group, users, log groups. */
  readonly names: CacheNames;
  /** What the region's cache is, and what it belongs to. */
  readonly membership: CacheMembership;
  /** ElastiCache: the engine of the replication group and its users (MemoryDB multi-Region runs Valkey). */
  readonly engine: 'valkey' | 'redis';
  /** Engine version; Global Datastore and multi-Region cluster members ignore later changes and follow their anchor. */
  readonly engineVersion: string;
  /** Node type of every node; a `cache.r6gd.*` type turns on data tiering. */
  readonly nodeType: string;
  /** Shards (node groups); cluster mode is always enabled. */
  readonly shards: number;
  /** Replicas per shard in this region, for Multi-AZ and automatic failover. */
  readonly replicasPerShard: number;
  /** ElastiCache: the engine version's default cluster-mode parameter group (`default.valkey8.cluster.on`). */
  readonly parameterGroupName: string;
  /** What the IAM-authenticated application user may run (a Redis ACL access string). */
  readonly accessString: string;
  /** This region's VPC and private subnets. */
  readonly network: NetworkPlacement;
  /** CIDRs that reach the cache port; none: the VPC's own. */
  readonly ingressCidrs: readonly string[];
  /** This region's copy of the multi-region key: at rest, snapshots and log groups. */
  readonly kmsKeyArn: string;
  /** Days of automatic snapshots kept. */
  readonly snapshotRetentionDays: number;
  /** Daily snapshot window, `hh24:mi-hh24:mi` in UTC. */
  readonly snapshotWindow: string;
  /** Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` in UTC. */
  readonly maintenanceWindow: string;
  /** ElastiCache: days to keep the slow and engine logs. */
  readonly logRetentionDays: number;
  /** The region's alarms, and the topic they notify. */
  readonly alarms: { readonly signals: readonly Signal[]; readonly topicArn: string };
}

/** What a region's cache is: an ElastiCache replication group (standalone or a Global Datastore member) or a MemoryDB cluster. */
export type CacheMembership =
  /** An independent ElastiCache replication group. */
  | { readonly kind: 'standalone' }
  /** The ElastiCache replication group the Global Datastore (edge stack) is created from. */
  | { readonly kind: 'global-datastore-primary' }
  /** An ElastiCache replication group joining the pinned Global Datastore: it sets nothing the datastore owns. */
  | { readonly kind: 'global-datastore-secondary'; readonly globalDatastoreId: string }
  /** A MemoryDB regional cluster joining the pinned multi-Region cluster. */
  | { readonly kind: 'multi-region-cluster'; readonly multiRegionClusterName: string };

/**
 * What a Global Datastore owns and its members follow (and must not set on a secondary: each conflicts with
 * `global_replication_group_id`). Ignored on every member, whatever its role, so that:
 * - a Valkey secondary does not plan `engine "valkey" -> "redis"` (a replacement) on every run (provider #40786, #41713);
 * - a `primaryRegion` flip after a failover plans no replacement: the old primary's `engine`, `at_rest_encryption_enabled`
 *   (replacing) and the new primary's read-back `global_replication_group_id` (replacing) stay as AWS has them;
 * - upgrades and scaling go through the Global Datastore (`aws_elasticache_global_replication_group`), as AWS requires.
 */
export const GLOBAL_MEMBER_IGNORED_CHANGES = [
  'engine',
  'engine_version',
  'node_type',
  'num_node_groups',
  'parameter_group_name',
  'cluster_mode',
  'at_rest_encryption_enabled',
  'transit_encryption_enabled',
  'transit_encryption_mode',
  'global_replication_group_id',
];

/** What the multi-Region cluster owns (identical in every region); its members follow. */
export const MULTI_REGION_MEMBER_IGNORED_CHANGES = [
  'node_type',
  'engine_version',
  'num_shards',
  'parameter_group_name',
];

/**
 * The cache of one region: an ElastiCache replication group (primary, Global Datastore secondary or standalone) or a
 * MemoryDB regional cluster joining the multi-Region cluster. Addresses do not depend on the region's role. Every
 * mode: KMS at rest with the region's key, TLS, IAM-authenticated users only (no password anywhere), private
 * subnets, the port from the VPC (or `ingressCidrs`) only, Multi-AZ with automatic failover, snapshots, alarms.
 */
export class RegionalCache extends Construct {
  /** The endpoint applications in this region use. */
  readonly endpoint: string;

  private readonly cacheNames: CacheNames;

  constructor(scope: Construct, id: string, private readonly props: RegionalCacheProps) {
    super(scope, id);
    this.cacheNames = props.names;
    const { membership } = props;

    const securityGroup = new SecurityGroup(this, 'security_group', {
      name: this.cacheNames.securityGroup(),
      description: `Cache port ${CACHE_PORT} from the application only`,
      vpcId: props.network.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: this.cacheNames.securityGroup() },
    });
    portIngressRules(this, {
      securityGroupId: securityGroup.id,
      service: 'Cache',
      port: CACHE_PORT,
      cidrs: props.ingressCidrs,
      vpcCidr: props.network.vpcCidr,
    });

    this.endpoint =
      membership.kind === 'multi-region-cluster'
        ? this.memorydbCluster(securityGroup.id, membership.multiRegionClusterName)
        : this.replicationGroup(securityGroup.id);
    new TerraformOutput(this, 'endpoint', {
      value: this.endpoint,
      description: `Cache endpoint in ${
        props.region
      } (TLS, port ${CACHE_PORT}, IAM authentication as ${this.cacheNames.appUser()})`,
    });
  }

  private replicationGroup(securityGroupId: string): string {
    const { props, cacheNames } = this;
    const { membership } = props;
    const global = membership.kind !== 'standalone';
    const secondary = membership.kind === 'global-datastore-secondary';

    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: cacheNames.subnetGroup(),
      description: `Private subnets of ${cacheNames.group()}`,
      subnetIds: props.network.subnetIds,
    });

    // ElastiCache requires a user named "default" in every user group: it is disabled and needs no password.
    const defaultUser = new ElasticacheUser(this, 'default_user', {
      userId: cacheNames.defaultUser(),
      userName: 'default',
      engine: props.engine,
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    // IAM authentication: the user ID equals the user name, the client signs a SigV4 token (elasticache:Connect).
    const appUser = new ElasticacheUser(this, 'app_user', {
      userId: cacheNames.appUser(),
      userName: cacheNames.appUser(),
      engine: props.engine,
      accessString: props.accessString,
      authenticationMode: { type: 'iam' },
    });
    const userGroup = new ElasticacheUserGroup(this, 'user_group', {
      userGroupId: cacheNames.userGroup(),
      engine: props.engine,
      userIds: [defaultUser.userId, appUser.userId],
    });

    const logs = (['slow-log', 'engine-log'] as const).map((kind) => {
      const group = new CloudwatchLogGroup(this, `${kind.replace('-', '_')}_group`, {
        name: cacheNames.logGroup(kind),
        kmsKeyId: props.kmsKeyArn,
        retentionInDays: props.logRetentionDays,
      });
      return { logType: kind, destinationType: 'cloudwatch-logs', destination: group.name, logFormat: 'json' };
    });

    // Arguments the Global Datastore owns: set on the primary (and standalone groups), never on a secondary.
    const owned = secondary
      ? {}
      : {
          engine: props.engine,
          engineVersion: props.engineVersion,
          nodeType: props.nodeType,
          numNodeGroups: props.shards,
          parameterGroupName: props.parameterGroupName,
          clusterMode: 'enabled',
          atRestEncryptionEnabled: 'true',
          transitEncryptionEnabled: true,
          transitEncryptionMode: 'required',
        };
    const group = new ElasticacheReplicationGroup(this, 'group', {
      replicationGroupId: cacheNames.group(),
      // The cache mode's name, as groups were described before these props: a new text would update every group.
      description: `${cacheNames.group()} (${global ? 'elasticache-global' : 'regional'})`,
      globalReplicationGroupId: secondary ? membership.globalDatastoreId : undefined,
      ...owned,
      replicasPerNodeGroup: props.replicasPerShard,
      dataTieringEnabled: props.nodeType.startsWith('cache.r6gd.') ? true : undefined,
      kmsKeyId: props.kmsKeyArn,
      port: CACHE_PORT,
      subnetGroupName: subnets.name,
      securityGroupIds: [securityGroupId],
      userGroupIds: [userGroup.userGroupId],
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      autoMinorVersionUpgrade: 'true',
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow,
      logDeliveryConfiguration: logs,
      lifecycle: global ? { ignoreChanges: GLOBAL_MEMBER_IGNORED_CHANGES } : undefined,
    });

    this.alarms();
    return group.configurationEndpointAddress;
  }

  private memorydbCluster(securityGroupId: string, multiRegionClusterName: string): string {
    const { props, cacheNames } = this;
    const subnets = new MemorydbSubnetGroup(this, 'subnets', {
      name: cacheNames.subnetGroup(),
      description: `Private subnets of ${cacheNames.group()}`,
      subnetIds: props.network.subnetIds,
    });
    const appUser = new MemorydbUser(this, 'app_user', {
      userName: cacheNames.appUser(),
      accessString: props.accessString,
      authenticationMode: { type: 'iam' },
    });
    const acl = new MemorydbAcl(this, 'acl', { name: cacheNames.userGroup(), userNames: [appUser.userName] });

    const cluster = new MemorydbCluster(this, 'cluster', {
      name: cacheNames.group(),
      description: `${cacheNames.group()} (regional cluster of ${multiRegionClusterName})`,
      multiRegionClusterName,
      engine: 'valkey',
      engineVersion: props.engineVersion,
      nodeType: props.nodeType,
      numShards: props.shards,
      numReplicasPerShard: props.replicasPerShard,
      aclName: acl.name,
      subnetGroupName: subnets.name,
      securityGroupIds: [securityGroupId],
      kmsKeyArn: props.kmsKeyArn,
      tlsEnabled: true,
      port: CACHE_PORT,
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow,
      lifecycle: { ignoreChanges: MULTI_REGION_MEMBER_IGNORED_CHANGES },
    });

    this.alarms();
    return cluster.clusterEndpoint.get(0).address;
  }

  /** The region's cache alarms, from the same signals as the dashboard, notifying the region's alerts topic. */
  private alarms(): void {
    const { signals, topicArn } = this.props.alarms;
    for (const signal of signals) metricAlarm(this, signal, { topicArn });
  }
}
