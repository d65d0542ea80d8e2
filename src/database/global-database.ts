import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { masterPasswordVariable } from './credentials';
import type { TerraformProvider } from 'cdktf';
import { RdsGlobalCluster } from '@cdktf/provider-aws/lib/rds-global-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { accountId } from '../iam/account';
import { ReplicatedSecret } from '../secretsmanager/replicated-secret';
import { managedPolicyArn, serviceTrustPolicy } from '../iam/policy';
import type { MultiRegionKey } from '../kms/multi-region-key';

/** The cross-region part of the database, decided by the tier from the config (`src/database/tier.ts`). */
export interface GlobalDatabaseProps {
  /** Provider of `globalRegion`: the secret, the global cluster and the IAM roles. */
  readonly provider: TerraformProvider;
  /** The multi-region key: each region's replica of the secret is encrypted with that region's copy. */
  readonly key: MultiRegionKey;
  /** The database's deployment-wide identifier: the Aurora global cluster's, and what the secret's description names. */
  readonly identifier: string;
  /** Name of the replicated secret holding the master credentials (JSON: username, password). */
  readonly secretName: string;
  /** The master user, written into the secret with the password. */
  readonly masterUsername: string;
  /** Sent with the write-only secret value, which is written only when this changes. */
  readonly passwordVersion: number;
  /** Every region's database (`identifier`) and the name of its Enhanced Monitoring role, created here. */
  readonly monitoredDatabases: readonly {
    readonly region: string;
    readonly identifier: string;
    readonly roleName: string;
  }[];
  /**
   * The Aurora global cluster every regional cluster joins by `identifier`; it owns the engine version (major and
   * minor upgrades happen here).
   * @default - none: the regions hold an RDS instance and its read replicas
   */
  readonly globalCluster?: GlobalClusterProps;
}

/** The Aurora global cluster. */
export interface GlobalClusterProps {
  /** An Aurora engine (`aurora-postgresql`, `aurora-mysql`). */
  readonly engine: string;
  /** The engine version every member runs; the regional clusters ignore theirs and follow it. */
  readonly engineVersion: string;
  /**
   * Name of the database created in the cluster.
   * @default - none created
   */
  readonly databaseName?: string;
}

/**
 * The cross-region half of the database tier, in the global stack (state and provider in `globalRegion`, so a
 * switchover moves none of it):
 * - the master credentials secret, replicated to every region and written through `secret_string_wo` from the
 *   ephemeral `var.database_master_password`, so no password reaches the configuration, the plan or the state;
 * - the enhanced monitoring role of every region's database (IAM's control plane is in us-east-1, so a regional
 *   stack holding it could not apply during a us-east-1 outage); regional stacks derive its ARN from its name;
 * - with `globalCluster` (mode aurora-global), the `aws_rds_global_cluster` every regional cluster joins by identifier.
 */
export class GlobalDatabase extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly globalCluster?: RdsGlobalCluster;

  constructor(scope: Construct, id: string, props: GlobalDatabaseProps) {
    super(scope, id);
    const { provider } = props;

    // The secrets tier's construct: a replica in every region, each with its region's key, value write-only.
    // Its resources keep the addresses database_credentials and database_credentials_version.
    const password = masterPasswordVariable(this);
    this.secret = new ReplicatedSecret(this, 'credentials', {
      provider,
      name: props.secretName,
      description: `Master credentials of ${props.identifier} (JSON: username, password)`,
      key: props.key,
      recoveryWindowInDays: 30,
      value: {
        expression: `\${${password} == "" ? "" : jsonencode({username = ${JSON.stringify(
          props.masterUsername,
        )}, password = ${password}})}`,
        version: props.passwordVersion,
      },
      // Denies every principal outside this account; IAM policies then decide who inside may read it.
      policy: { account: accountId(this, provider), readers: [] },
    }).secret;

    new TerraformOutput(this, 'secret_arn', {
      value: this.secret.arn,
      description: 'Master credentials (replicated to every region under the same name)',
    });

    for (const { region, identifier, roleName } of props.monitoredDatabases) {
      const role = new IamRole(this, `monitoring_role_${region}`, {
        provider,
        name: roleName,
        description: `RDS enhanced monitoring of ${identifier}`,
        assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com'),
      });
      new IamRolePolicyAttachment(this, `monitoring_policy_${region}`, {
        provider,
        role: role.name,
        policyArn: managedPolicyArn(region, 'service-role/AmazonRDSEnhancedMonitoringRole'),
      });
    }

    if (props.globalCluster === undefined) return;
    const { engine, engineVersion, databaseName } = props.globalCluster;
    this.globalCluster = new RdsGlobalCluster(this, 'global', {
      provider,
      globalClusterIdentifier: props.identifier,
      engine,
      // Major and minor upgrades happen here; the regional clusters ignore engine_version and follow.
      engineVersion,
      databaseName,
      storageEncrypted: true,
      deletionProtection: true,
    });
    new TerraformOutput(this, 'global_writer_endpoint', {
      value: this.globalCluster.endpoint,
      description: 'Writer endpoint that follows the primary through switchovers and failovers',
    });
  }
}
