import { Construct } from 'constructs';
import { Fn, type TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsReplicaKey } from '@cdktf/provider-aws/lib/kms-replica-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { BaseStack } from '../stacks/base-stack';

export interface MultiRegionKeyProps {
  /** Alias of the key in every region (`alias/...`). */
  readonly alias: string;
  /** Region of the primary key. */
  readonly primaryRegion: string;
  /** Provider of every region the key lives in, the primary's included. */
  readonly providers: ReadonlyMap<string, TerraformProvider>;
  /**
   * Days before a deleted key is gone.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Let CloudFront decrypt for the distributions matching this `AWS:SourceArn`, so Origin Access Control can
   * serve SSE-KMS objects. Receives the account ID.
   * @default no CloudFront access
   */
  readonly cloudFrontSourceArn?: (accountId: string) => string;
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
    const primaryProvider = props.providers.get(props.primaryRegion);
    if (!primaryProvider) throw new Error(`no provider for the key's primary region ${props.primaryRegion}`);
    const accountId = BaseStack.of(this).accountId;
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    const cloudFront = props.cloudFrontSourceArn?.(accountId);
    const policy = (region: string): string => keyPolicy(accountId, region, cloudFront);

    this.primary = new KmsKey(this, 'primary', {
      provider: primaryProvider,
      description: `${props.alias} (multi-region primary)`,
      multiRegion: true,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: policy(props.primaryRegion),
    });
    new KmsAlias(this, 'primary_alias', { provider: primaryProvider, name: props.alias, targetKeyId: this.primary.keyId });

    for (const [region, provider] of props.providers) {
      if (region === props.primaryRegion) continue;
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

/** Account administrators, the region's CloudWatch Logs (log group encryption) and optionally CloudFront (OAC reads). */
function keyPolicy(accountId: string, region: string, cloudFrontSourceArn: string | undefined): string {
  return Fn.jsonencode({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministration',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'CloudWatchLogs',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:*` } },
      },
      // CloudFront Developer Guide, "Restricting access to an Amazon S3 origin", SSE-KMS.
      ...(cloudFrontSourceArn !== undefined
        ? [{
            Sid: 'CloudFrontOriginAccessControl',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { ArnLike: { 'AWS:SourceArn': cloudFrontSourceArn } },
          }]
        : []),
    ],
  });
}

/** This region's copy of the multi-region key, found by alias through the region's own API. */
export class RegionalKeyLookup extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: { readonly alias: string }) {
    super(scope, id);
    this.arn = new DataAwsKmsKey(this, 'key', { keyId: props.alias }).arn;
  }
}
