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
import type { Names } from '../base/names';
import type { NetworkPlacement } from '../network/regional-network';
import type { TierConfig } from '../tiers/tier';
import { CACHE_PORT, cacheMember, clusterParameterGroup, type CacheConfig, type CacheMember, type CacheSchema } from './config';
import { CacheNames } from './names';
import { cacheSignals } from './signals';
import { accountId } from '../iam/account';
import { metricAlarm } from '../cloudwatch/metric-alarm';
import { alertsTopicArn } from '../observability/tier';

export interface RegionalCacheProps {
  readonly config: TierConfig<{ cache: typeof CacheSchema }>;
  readonly names: Names;
  readonly region: string;
  readonly isPrimary: boolean;
  readonly network: NetworkPlacement;
  /** This region's copy of the multi-region key: at rest, snapshots and log groups. */
  readonly kmsKeyArn: string;
}

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
export const MULTI_REGION_MEMBER_IGNORED_CHANGES = ['node_type', 'engine_version', 'num_shards', 'parameter_group_name'];

/**
 * The cache of one region: an ElastiCache replication group (primary, Global Datastore secondary or standalone) or a
 * MemoryDB regional cluster joining the multi-Region cluster. Addresses do not depend on the region's role. Every
 * mode: KMS at rest with the region's key, TLS, IAM-authenticated users only (no password anywhere), private
 * subnets, the port from the VPC (or `appCidrs`) only, Multi-AZ with automatic failover, snapshots, alarms.
 */
export class RegionalCache extends Construct {
  /** The endpoint applications in this region use. */
  readonly endpoint: string;

  private readonly cache: CacheConfig;
  private readonly cacheNames: CacheNames;
  private readonly member: CacheMember;

  constructor(scope: Construct, id: string, private readonly props: RegionalCacheProps) {
    super(scope, id);
    this.cache = props.config.cache;
    this.cacheNames = new CacheNames(props.names);
    this.member = cacheMember(this.cache, props.region);
    const memorydb = this.cache.mode === 'memorydb-multi-region';

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
      cidrs: this.cache.appCidrs,
      vpcCidr: props.network.vpcCidr,
    });

    this.endpoint = memorydb ? this.memorydbCluster(securityGroup.id) : this.replicationGroup(securityGroup.id);
    new TerraformOutput(this, 'endpoint', { value: this.endpoint, description: `Cache endpoint in ${props.region} (TLS, port ${CACHE_PORT}, IAM authentication as ${this.cacheNames.appUser()})` });
  }

  private replicationGroup(securityGroupId: string): string {
    const { props, cache, cacheNames, member } = this;
    const global = cache.mode === 'elasticache-global';
    const secondary = global && !props.isPrimary;

    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: cacheNames.subnetGroup(),
      description: `Private subnets of ${cacheNames.group()}`,
      subnetIds: props.network.subnetIds,
    });

    // ElastiCache requires a user named "default" in every user group: it is disabled and needs no password.
    const defaultUser = new ElasticacheUser(this, 'default_user', {
      userId: cacheNames.defaultUser(),
      userName: 'default',
      engine: cache.engine,
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    // IAM authentication: the user ID equals the user name, the client signs a SigV4 token (elasticache:Connect).
    const appUser = new ElasticacheUser(this, 'app_user', {
      userId: cacheNames.appUser(),
      userName: cacheNames.appUser(),
      engine: cache.engine,
      accessString: cache.accessString,
      authenticationMode: { type: 'iam' },
    });
    const userGroup = new ElasticacheUserGroup(this, 'user_group', {
      userGroupId: cacheNames.userGroup(),
      engine: cache.engine,
      userIds: [defaultUser.userId, appUser.userId],
    });

    const logs = (['slow-log', 'engine-log'] as const).map((kind) => {
      const group = new CloudwatchLogGroup(this, `${kind.replace('-', '_')}_group`, {
        name: cacheNames.logGroup(kind),
        kmsKeyId: props.kmsKeyArn,
        retentionInDays: cache.logRetentionDays,
      });
      return { logType: kind, destinationType: 'cloudwatch-logs', destination: group.name, logFormat: 'json' };
    });

    // Arguments the Global Datastore owns: set on the primary (and standalone groups), never on a secondary.
    const owned = secondary ? {} : {
      engine: cache.engine,
      engineVersion: member.engineVersion,
      nodeType: member.nodeType,
      numNodeGroups: member.shards,
      parameterGroupName: clusterParameterGroup(cache.engine, member.engineVersion),
      clusterMode: 'enabled',
      atRestEncryptionEnabled: 'true',
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
    };
    const group = new ElasticacheReplicationGroup(this, 'group', {
      replicationGroupId: cacheNames.group(),
      description: `${cacheNames.group()} (${cache.mode})`,
      globalReplicationGroupId: secondary ? cache.globalDatastoreId : undefined,
      ...owned,
      replicasPerNodeGroup: member.replicasPerShard,
      dataTieringEnabled: member.nodeType.startsWith('cache.r6gd.') ? true : undefined,
      kmsKeyId: props.kmsKeyArn,
      port: CACHE_PORT,
      subnetGroupName: subnets.name,
      securityGroupIds: [securityGroupId],
      userGroupIds: [userGroup.userGroupId],
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      autoMinorVersionUpgrade: 'true',
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      snapshotWindow: cache.snapshotWindow,
      maintenanceWindow: cache.maintenanceWindow,
      logDeliveryConfiguration: logs,
      lifecycle: global ? { ignoreChanges: GLOBAL_MEMBER_IGNORED_CHANGES } : undefined,
    });

    this.alarms();
    return group.configurationEndpointAddress;
  }

  private memorydbCluster(securityGroupId: string): string {
    const { props, cache, cacheNames, member } = this;
    const subnets = new MemorydbSubnetGroup(this, 'subnets', {
      name: cacheNames.subnetGroup(),
      description: `Private subnets of ${cacheNames.group()}`,
      subnetIds: props.network.subnetIds,
    });
    const appUser = new MemorydbUser(this, 'app_user', {
      userName: cacheNames.appUser(),
      accessString: cache.accessString,
      authenticationMode: { type: 'iam' },
    });
    const acl = new MemorydbAcl(this, 'acl', { name: cacheNames.userGroup(), userNames: [appUser.userName] });

    const cluster = new MemorydbCluster(this, 'cluster', {
      name: cacheNames.group(),
      description: `${cacheNames.group()} (regional cluster of ${cache.multiRegionClusterName})`,
      multiRegionClusterName: cache.multiRegionClusterName,
      engine: 'valkey',
      engineVersion: member.engineVersion,
      nodeType: member.nodeType,
      numShards: member.shards,
      numReplicasPerShard: member.replicasPerShard,
      aclName: acl.name,
      subnetGroupName: subnets.name,
      securityGroupIds: [securityGroupId],
      kmsKeyArn: props.kmsKeyArn,
      tlsEnabled: true,
      port: CACHE_PORT,
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      snapshotWindow: cache.snapshotWindow,
      maintenanceWindow: cache.maintenanceWindow,
      lifecycle: { ignoreChanges: MULTI_REGION_MEMBER_IGNORED_CHANGES },
    });

    this.alarms();
    return cluster.clusterEndpoint.get(0).address;
  }

  /** The region's cache alarms, from the same signals as the dashboard, notifying the region's alerts topic. */
  private alarms(): void {
    const topicArn = alertsTopicArn(accountId(this), this.props.names, this.props.region);
    for (const signal of cacheSignals(this.props.config, this.props.region)) metricAlarm(this, signal, { topicArn });
  }
}
