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
import type { Names } from '../base/names';
import { managedPolicyArn, serviceTrustPolicy } from '../iam/policy';
import type { MultiRegionKey } from '../kms/multi-region-key';
import type { TierConfig } from '../tiers/tier';
import { isAurora, type DatabaseSchema } from './config';
import { DatabaseNames } from './names';

export interface GlobalDatabaseProps {
  readonly config: TierConfig<{ database: typeof DatabaseSchema }>;
  readonly names: Names;
  /** Provider of `globalRegion`: the secret, the global cluster and the IAM roles. */
  readonly provider: TerraformProvider;
  readonly key: MultiRegionKey;
}

/**
 * The cross-region half of the database tier, in the global stack (state and provider in `globalRegion`, so a
 * switchover moves none of it):
 * - the master credentials secret, replicated to every region and written through `secret_string_wo` from the
 *   ephemeral `var.database_master_password`, so no password reaches the configuration, the plan or the state;
 * - the enhanced monitoring role of every region's database (IAM's control plane is in us-east-1, so a regional
 *   stack holding it could not apply during a us-east-1 outage); regional stacks derive its ARN from its name;
 * - in mode aurora-global, the `aws_rds_global_cluster` every regional cluster joins by identifier.
 */
export class GlobalDatabase extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly globalCluster?: RdsGlobalCluster;

  constructor(scope: Construct, id: string, props: GlobalDatabaseProps) {
    super(scope, id);
    const { config } = props;
    const db = config.database;
    const names = new DatabaseNames(props.names);
    const { provider } = props;

    // The secrets tier's construct: a replica in every region, each with its region's key, value write-only.
    // Its resources keep the addresses database_credentials and database_credentials_version.
    const password = masterPasswordVariable(this);
    this.secret = new ReplicatedSecret(this, 'credentials', {
      provider,
      name: names.secret(),
      description: `Master credentials of ${names.globalCluster()} (JSON: username, password)`,
      key: props.key,
      recoveryWindowInDays: 30,
      value: {
        expression: `\${${password} == "" ? "" : jsonencode({username = ${JSON.stringify(db.masterUsername)}, password = ${password}})}`,
        version: db.passwordVersion,
      },
      // Denies every principal outside this account; IAM policies then decide who inside may read it.
      policy: { account: accountId(this, provider), readers: [] },
    }).secret;

    new TerraformOutput(this, 'secret_arn', {
      value: this.secret.arn,
      description: 'Master credentials (replicated to every region under the same name)',
    });

    for (const region of config.allRegions) {
      const role = new IamRole(this, `monitoring_role_${region}`, {
        provider,
        name: names.monitoringRole(region),
        description: `RDS enhanced monitoring of ${names.regional(region)}`,
        assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com'),
      });
      new IamRolePolicyAttachment(this, `monitoring_policy_${region}`, {
        provider,
        role: role.name,
        policyArn: managedPolicyArn(region, 'service-role/AmazonRDSEnhancedMonitoringRole'),
      });
    }

    if (!isAurora(db)) return;
    this.globalCluster = new RdsGlobalCluster(this, 'global', {
      provider,
      globalClusterIdentifier: names.globalCluster(),
      engine: db.engine,
      // Major and minor upgrades happen here; the regional clusters ignore engine_version and follow.
      engineVersion: db.engineVersion,
      databaseName: db.databaseName,
      storageEncrypted: true,
      deletionProtection: true,
    });
    new TerraformOutput(this, 'global_writer_endpoint', {
      value: this.globalCluster.endpoint,
      description: 'Writer endpoint that follows the primary through switchovers and failovers',
    });
  }
}
