import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { Config } from '../config/load';
import { Names } from '../base/names';
import { SecureBucket } from '../s3/secure-bucket';
import { BaseStack } from './base-stack';

export interface BootstrapStackProps {
  readonly config: Config;
}

/**
 * The state buckets (and lock tables, when DynamoDB locking is on) every other stack's S3 backend names, one
 * set per state region so a region's state survives another region's outage. Only for `state.backend: s3`.
 * It keeps local state in a file keyed by deployment; see the README for moving it into S3.
 */
export class BootstrapStack extends BaseStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    const { config } = props;
    super(scope, id, {
      config,
      stateRegion: config.globalRegion,
      localStateFile: new Names(config).bootstrapStateFile(),
    });
    for (const region of config.stateRegions) {
      const provider = this.provider(region);
      // A key of the region's own, not the multi-region key: state must exist before anything else does.
      const key = new KmsKey(this, `state_key_${region}`, {
        provider,
        description: `Terraform state of ${this.names.prefix} in ${region}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      });
      new KmsAlias(this, `state_key_${region}_alias`, {
        provider,
        name: this.names.stateKeyAlias(),
        targetKeyId: key.keyId,
      });
      const bucket = new SecureBucket(this, `state_bucket_${region}`, {
        provider,
        bucketName: this.names.stateBucket(region),
        kmsKeyArn: key.arn,
        requireKmsUploads: true,
      });
      new TerraformOutput(this, `state_bucket_${region}_name`, { value: bucket.bucket.bucket });
      if (!config.state.s3.dynamodbLocking) continue;
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
      new TerraformOutput(this, `lock_table_${region}_name`, { value: table.name });
    }
  }
}
