import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { Config } from '../config/load';
import { SecureBucket } from '../storage/secure-bucket';
import { BaseStack } from './base-stack';

export interface BootstrapStackProps {
  readonly config: Config;
}

/**
 * The state buckets and lock tables every other stack's backend names, one set per region so a region's
 * state survives another region's outage. It keeps local state; see the README for moving it into S3.
 */
export class BootstrapStack extends BaseStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id, { config: props.config, stateRegion: props.config.globalRegion, localState: true });
    for (const region of props.config.allRegions) {
      const provider = this.awsProvider(region, { aliased: true });
      // A key of the region's own, not the multi-region key: state must exist before anything else does.
      const key = new KmsKey(this, `state_key_${region}`, {
        provider,
        description: `Terraform state of ${this.names.prefix} in ${region}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      });
      new KmsAlias(this, `state_key_${region}_alias`, { provider, name: `alias/${this.names.resource('tfstate')}`, targetKeyId: key.keyId });
      const bucket = new SecureBucket(this, `state_bucket_${region}`, {
        provider,
        bucketName: this.names.stateBucket(region),
        kmsKeyArn: key.arn,
      });
      const table = new DynamodbTable(this, `lock_table_${region}`, {
        provider,
        name: this.names.lockTable(),
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'LockID',
        attribute: [{ name: 'LockID', type: 'S' }],
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
        deletionProtectionEnabled: true,
      });
      new TerraformOutput(this, `state_bucket_${region}_name`, { value: bucket.bucket.bucket });
      new TerraformOutput(this, `lock_table_${region}_name`, { value: table.name });
    }
  }
}
