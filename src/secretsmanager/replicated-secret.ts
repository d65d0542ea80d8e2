import type { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { policyDocument, type PolicyStatement } from '../iam/policy';
import type { MultiRegionKey } from '../kms/multi-region-key';

export interface ReplicatedSecretProps {
  /** Provider of `globalRegion`, home of the primary secret. */
  readonly provider: TerraformProvider;
  readonly name: string;
  readonly description?: string;
  /** Primary encrypted with the key's primary, a replica in every region of `key.replicas` with that region's copy. */
  readonly key: MultiRegionKey;
  readonly recoveryWindowInDays: number;
  /**
   * Replication overwrites a same-named secret already in a replica region (force_overwrite_replica_secret).
   * @default false
   */
  readonly forceOverwriteReplicaSecret?: boolean;
  /**
   * The value, written only through `secret_string_wo` (an HCL expression over ephemeral variables) and sent only when
   * `version` changes. Absent: no version resource (the rotation function writes the first value).
   */
  readonly value?: { readonly expression: string; readonly version: number };
  /** Resource policy (primary only; AWS replicates it): deny outside `account`, and reads by principals outside `readers`. */
  readonly policy?: { readonly account: string; readonly readers: readonly string[] };
  /** Rotation, on the primary only: AWS propagates rotated values to the replicas. */
  readonly rotation?: { readonly lambdaArn: string; readonly schedule: string };
}

/**
 * The one way to make a secret replicated to every region: `aws_secretsmanager_secret.<id>` with a `replica` per
 * region of the multi-region key, `<id>_version` (write-only value), `<id>_policy` and `<id>_rotation`. Resources
 * are created directly in `scope` under `<id>` so that existing addresses (the database credentials) stay as they were.
 */
export class ReplicatedSecret {
  readonly secret: SecretsmanagerSecret;
  readonly version?: SecretsmanagerSecretVersion;
  readonly policy?: SecretsmanagerSecretPolicy;
  readonly rotation?: SecretsmanagerSecretRotation;
  /** Regions of the replicas, in the order of the `replica` blocks. */
  readonly replicaRegions: readonly string[];

  constructor(scope: Construct, id: string, props: ReplicatedSecretProps) {
    const { provider } = props;
    this.replicaRegions = [...props.key.replicas.keys()];
    this.secret = new SecretsmanagerSecret(scope, id, {
      provider,
      name: props.name,
      description: props.description,
      kmsKeyId: props.key.primary.arn,
      recoveryWindowInDays: props.recoveryWindowInDays,
      forceOverwriteReplicaSecret: props.forceOverwriteReplicaSecret ?? false,
      // Every region reads its own replica, so applications keep working with globalRegion gone.
      replica: [...props.key.replicas].map(([region, key]) => ({ region, kmsKeyId: key.arn })),
    });

    if (props.value) {
      // The write-only value is sent only when secret_string_wo_version changes: on creation and on a new version.
      this.version = new SecretsmanagerSecretVersion(scope, `${id}_version`, {
        provider,
        secretId: this.secret.id,
        secretStringWoVersion: props.value.version,
      });
      this.version.addOverride('secret_string_wo', props.value.expression);
    }

    if (props.policy) {
      const statements: PolicyStatement[] = [
        {
          Sid: 'DenyOutsideAccount',
          Effect: 'Deny',
          Principal: '*',
          Action: 'secretsmanager:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': props.policy.account } },
        },
      ];
      if (props.policy.readers.length > 0) {
        statements.push({
          Sid: 'DenyReadersOutsideList',
          Effect: 'Deny',
          Principal: '*',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue'],
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': props.policy.readers } },
        });
      }
      // Set on the primary only: PutResourcePolicy on a replica fails, and AWS replicates the primary's policy.
      this.policy = new SecretsmanagerSecretPolicy(scope, `${id}_policy`, {
        provider,
        secretArn: this.secret.arn,
        policy: policyDocument(statements),
        blockPublicPolicy: true,
      });
    }

    if (props.rotation) {
      this.rotation = new SecretsmanagerSecretRotation(scope, `${id}_rotation`, {
        provider,
        secretId: this.secret.id,
        rotationLambdaArn: props.rotation.lambdaArn,
        rotationRules: { scheduleExpression: props.rotation.schedule },
        // Enabling rotation rotates at once, starting from AWSCURRENT: wait for the first value to be written.
        dependsOn: this.version ? [this.version] : undefined,
      });
    }
  }
}
