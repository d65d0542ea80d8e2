import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsReplicaKey } from '@cdktf/provider-aws/lib/kms-replica-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { accountId } from '../iam/account';
import { policyDocument, type PolicyStatement } from '../iam/policy';
import { accountAdministration, cloudWatchLogsUse } from './key-policy';

export interface MultiRegionKeyProps {
  /** Alias of the key in every region (`alias/...`). */
  readonly alias: string;
  /** Region of the primary key. */
  readonly primaryRegion: string;
  /** Regions that get a replica; the primary region, if listed, is skipped. */
  readonly replicaRegions: readonly string[];
  /** The aliased provider of a region. */
  readonly provider: (region: string) => TerraformProvider;
  /**
   * Days before a deleted key is gone.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Statements added to the key policy of the copy in `region`, after account administration and the
   * region's CloudWatch Logs.
   * @default none
   */
  readonly extraStatements?: (region: string, account: string) => PolicyStatement[];
}

/**
 * A multi-region KMS key: the primary in one region, a replica with the same alias in every other.
 * Regional stacks find their copy by alias ({@link RegionalKeyLookup}), so none of them depends on another region.
 */
export class MultiRegionKey extends Construct {
  readonly primary: KmsKey;
  readonly replicas = new Map<string, KmsReplicaKey>();

  constructor(scope: Construct, id: string, props: MultiRegionKeyProps) {
    super(scope, id);
    const primaryProvider = props.provider(props.primaryRegion);
    const account = accountId(this);
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    const policy = (region: string): string =>
      policyDocument([
        accountAdministration(region, account),
        cloudWatchLogsUse(region, account),
        ...(props.extraStatements?.(region, account) ?? []),
      ]);

    this.primary = new KmsKey(this, 'primary', {
      provider: primaryProvider,
      description: `${props.alias} (multi-region primary)`,
      multiRegion: true,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: policy(props.primaryRegion),
    });
    new KmsAlias(this, 'primary_alias', {
      provider: primaryProvider,
      name: props.alias,
      targetKeyId: this.primary.keyId,
    });

    for (const region of props.replicaRegions) {
      if (region === props.primaryRegion) continue;
      const provider = props.provider(region);
      // Replicas share the primary's key material and therefore its yearly rotation.
      const replica = new KmsReplicaKey(this, `replica_${region}`, {
        provider,
        description: `${props.alias} (replica in ${region})`,
        primaryKeyArn: this.primary.arn,
        deletionWindowInDays,
        policy: policy(region),
      });
      new KmsAlias(this, `replica_${region}_alias`, { provider, name: props.alias, targetKeyId: replica.keyId });
      this.replicas.set(region, replica);
    }
  }
}

/** This region's copy of the multi-region key, found by alias through the region's own API. */
export class RegionalKeyLookup extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: { readonly alias: string }) {
    super(scope, id);
    this.arn = new DataAwsKmsKey(this, 'key', { keyId: props.alias }).arn;
  }
}
