import { Construct } from 'constructs';
import { TerraformOutput, type TerraformResource } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { portIngressRules } from '../network/ingress';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbInstanceAutomatedBackupsReplication } from '@cdktf/provider-aws/lib/db-instance-automated-backups-replication';
import type { NetworkPlacement } from '../network/regional-network';
import { accountId } from '../iam/account';
import type { Signal } from '../tiers/signal';
import { ENGINE_PORTS, LOG_EXPORTS, type DatabaseEngine } from './config';
import type { DatabaseNames } from './names';
import { masterPasswordVariable } from './credentials';
import { metricAlarm } from '../cloudwatch/metric-alarm';

/** What a region's database is and does, decided by the tier from the config (`src/database/tier.ts`). */
export interface RegionalDatabaseProps {
  /** The deployment's database names: this region's cluster or instance, its readers, log groups, the global cluster. */
  readonly names: DatabaseNames;
  /** The region this database is in. */
  readonly region: string;
  /** `aurora`: a member of the global cluster; `rds`: an instance, or a read replica of the primary's. */
  readonly kind: 'aurora' | 'rds';
  /** The engine; its port and exported logs follow from it. */
  readonly engine: DatabaseEngine;
  /** Engine version; Aurora members ignore later changes and follow the global cluster's. */
  readonly engineVersion: string;
  /** Instance class of every instance (`db.r6g.large`). */
  readonly instanceClass: string;
  /** The primary region (the writer's); a region that is not it holds a secondary or a read replica. */
  readonly primaryRegion: string;
  /** Aurora: the instances of this region's cluster (the writer's count in the primary). */
  readonly instances: number;
  /**
   * Name of the database created with the writer.
   * @default - none created
   */
  readonly databaseName?: string;
  /** The master user; its password comes from the write-only ephemeral input (`masterPasswordVariable`). */
  readonly masterUsername: string;
  /** Sent with the write-only password, which is written only when this changes. */
  readonly passwordVersion: number;
  /** Aurora secondaries forward writes to the primary. */
  readonly globalWriteForwarding: boolean;
  /** This region's VPC and private subnets. */
  readonly network: NetworkPlacement;
  /** Who reaches the database port: CIDRs (none: the VPC's own) and security groups of this region. */
  readonly ingress: { readonly cidrs: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** This region's copy of the multi-region key: storage, Performance Insights, replicated backups and log groups. */
  readonly kmsKeyArn: string;
  /** Days of automated backups kept. */
  readonly backupRetentionDays: number;
  /** RDS: this region keeps a replica of the primary's automated backups. */
  readonly replicatesBackups: boolean;
  /** Enhanced Monitoring interval, in seconds. */
  readonly monitoringIntervalSeconds: number;
  /** ARN of the Enhanced Monitoring role (global stack, by name). */
  readonly monitoringRoleArn: string;
  /** Days Performance Insights keeps its data. */
  readonly performanceInsightsRetentionDays: number;
  /** The region's alarms, and the topic they notify. */
  readonly alarms: { readonly signals: readonly Signal[]; readonly topicArn: string };
  /**
   * Days to keep the exported logs.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * The final snapshot's name carries the creation time, kept in state by `ignore_changes`: a rebuilt instance
 * or cluster gets a name of its own, so a second rebuild never collides with the first one's snapshot.
 */
const FINAL_SNAPSHOT_ARGUMENT = 'final_snapshot_identifier';
const finalSnapshotName = (identifier: string): string =>
  `${identifier}-final-\${formatdate("YYYYMMDDhhmmss", timestamp())}`;

/**
 * Aurora cluster arguments that AWS changes behind Terraform's back: a managed switchover or failover moves
 * `global_cluster_identifier` / `replication_source_identifier` membership, global upgrades move `engine_version`
 * (upgrade through `aws_rds_global_cluster`), and a role flip changes `source_region` / `master_username`, which
 * force replacement but mean nothing to an existing cluster.
 */
export const AURORA_IGNORED_CHANGES = [
  'global_cluster_identifier',
  'replication_source_identifier',
  'engine_version',
  'source_region',
  'master_username',
  'snapshot_identifier',
  FINAL_SNAPSHOT_ARGUMENT,
];

/**
 * The database of one region. Every address is the same whatever the region's role, so flipping `primaryRegion`
 * after a switchover changes arguments in place and replaces nothing. Cross-region inputs (the global cluster,
 * the source instance's ARN, the secret) are built from deterministic names.
 */
export class RegionalDatabase extends Construct {
  /** Aurora: the regional cluster's reader endpoint; RDS: the instance's address. */
  readonly endpoint: string;

  private readonly names: DatabaseNames;
  private readonly identifier: string;
  private readonly isPrimary: boolean;
  private readonly subnetGroup: DbSubnetGroup;
  private readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, private readonly props: RegionalDatabaseProps) {
    super(scope, id);
    this.names = props.names;
    this.identifier = this.names.regional(props.region);
    this.isPrimary = props.region === props.primaryRegion;
    const port = ENGINE_PORTS[props.engine];

    this.subnetGroup = new DbSubnetGroup(this, 'subnets', {
      name: this.identifier,
      description: `Private subnets of ${this.identifier}`,
      subnetIds: props.network.subnetIds,
    });

    this.securityGroup = new SecurityGroup(this, 'security_group', {
      name: `${this.identifier}-db`,
      description: `Database port ${port} from the application only`,
      vpcId: props.network.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: `${this.identifier}-db` },
    });
    portIngressRules(this, {
      securityGroupId: this.securityGroup.id,
      service: 'Database',
      port,
      cidrs: props.ingress.cidrs,
      vpcCidr: props.network.vpcCidr,
      securityGroupIds: props.ingress.securityGroupIds,
    });

    this.endpoint = props.kind === 'aurora' ? this.auroraCluster() : this.rdsInstance();
  }

  /** The write-only password and its version on the primary; sent only when the version changes. */
  private writeMasterPassword(resource: TerraformResource, argument: 'master_password' | 'password'): void {
    resource.addOverride(`${argument}_wo`, `\${${masterPasswordVariable(this)}}`);
    resource.addOverride(`${argument}_wo_version`, this.props.passwordVersion);
  }

  private auroraCluster(): string {
    const { props, isPrimary } = this;
    const cluster = new RdsCluster(this, 'cluster', {
      clusterIdentifier: this.identifier,
      globalClusterIdentifier: this.names.globalCluster(),
      engine: props.engine,
      engineVersion: props.engineVersion,
      // Secondaries create encrypted replicas from the primary region (CreateDBCluster, PreSignedUrl).
      sourceRegion: isPrimary ? undefined : props.primaryRegion,
      masterUsername: isPrimary ? props.masterUsername : undefined,
      enableGlobalWriteForwarding: isPrimary ? undefined : props.globalWriteForwarding,
      ...this.dataDefaults(),
      lifecycle: { ignoreChanges: AURORA_IGNORED_CHANGES },
      dependsOn: this.logGroups('cluster'),
    });
    if (isPrimary) this.writeMasterPassword(cluster, 'master_password');

    for (let index = 0; index < props.instances; index++) {
      new RdsClusterInstance(this, `instance_${index}`, {
        identifier: this.names.instance(props.region, index),
        clusterIdentifier: cluster.clusterIdentifier,
        engine: props.engine,
        instanceClass: props.instanceClass,
        dbSubnetGroupName: this.subnetGroup.name,
        ...this.computeDefaults(),
        promotionTier: index,
      });
    }

    this.alarms();
    new TerraformOutput(this, 'reader_endpoint', {
      value: cluster.readerEndpoint,
      description: `Reader endpoint in ${props.region}`,
    });
    new TerraformOutput(this, 'cluster_endpoint', {
      value: cluster.endpoint,
      description: `Cluster (writer when primary) endpoint in ${props.region}`,
    });
    return cluster.readerEndpoint;
  }

  private rdsInstance(): string {
    const { props, isPrimary } = this;
    const primary = props.primaryRegion;
    const account = accountId(this);
    const common = {
      identifier: this.identifier,
      dependsOn: this.logGroups('instance'),
      instanceClass: props.instanceClass,
      ...this.dataDefaults(),
      ...this.computeDefaults(),
      // The writer is Multi-AZ; replicas are single-AZ until promoted (the config flip turns it on in place).
      multiAz: isPrimary,
    };
    const instance = isPrimary
      ? new DbInstance(this, 'instance', {
          ...common,
          engine: props.engine,
          engineVersion: props.engineVersion,
          dbName: props.databaseName,
          username: props.masterUsername,
          allocatedStorage: 100,
          maxAllocatedStorage: 1000,
          storageType: 'gp3',
          lifecycle: { ignoreChanges: [FINAL_SNAPSHOT_ARGUMENT] },
        })
      : new DbInstance(this, 'instance', {
          ...common,
          replicateSourceDb: this.names.instanceArn(primary, account),
          // RDS takes no final snapshot of a read replica (DeleteDBInstance, FinalDBSnapshotIdentifier). The name
          // stays in state, so a replica promoted by a flip (skip_final_snapshot turns false in place) has one.
          skipFinalSnapshot: true,
          lifecycle: { ignoreChanges: [FINAL_SNAPSHOT_ARGUMENT] },
        });
    if (isPrimary) this.writeMasterPassword(instance, 'password');

    if (props.replicatesBackups) {
      new DbInstanceAutomatedBackupsReplication(this, 'backup_replication', {
        sourceDbInstanceArn: this.names.instanceArn(primary, account),
        kmsKeyId: props.kmsKeyArn,
        retentionPeriod: props.backupRetentionDays,
      });
    }

    this.alarms();
    new TerraformOutput(this, 'endpoint', {
      value: instance.address,
      description: `Instance address in ${props.region}`,
    });
    return instance.address;
  }

  /**
   * The groups RDS exports the engine's logs to, created before the cluster or instance: RDS would otherwise create
   * them itself, unencrypted and kept forever.
   */
  private logGroups(kind: 'cluster' | 'instance'): CloudwatchLogGroup[] {
    return LOG_EXPORTS[this.props.engine].map(
      (logType) =>
        new CloudwatchLogGroup(this, `log_group_${logType}`, {
          name: this.names.logGroup(this.props.region, kind, logType),
          kmsKeyId: this.props.kmsKeyArn,
          retentionInDays: this.props.logRetentionDays ?? 365,
        }),
    );
  }

  /** Secure defaults of what holds the data (an Aurora cluster or an RDS instance). */
  private dataDefaults() {
    const { props } = this;
    return {
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      port: ENGINE_PORTS[props.engine],
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: finalSnapshotName(this.identifier),
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: [...LOG_EXPORTS[props.engine]],
    };
  }

  /** Secure defaults of what runs the engine (an Aurora instance or an RDS instance). */
  private computeDefaults() {
    const { props } = this;
    return {
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      monitoringInterval: props.monitoringIntervalSeconds,
      monitoringRoleArn: props.monitoringRoleArn,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays,
      copyTagsToSnapshot: true,
    };
  }

  /** The region's database alarms, from the same signals as the dashboard, notifying the region's alerts topic. */
  private alarms(): void {
    const { signals, topicArn } = this.props.alarms;
    for (const signal of signals) metricAlarm(this, signal, { topicArn });
  }
}
