import { Construct } from 'constructs';
import { BaseStack } from '../stacks/base-stack';
import type { Config } from '../config/load';
import { cloudFrontSourceArn, storageBucketName } from '../config/storage';
import { SecureBucket, type PolicyStatement } from './secure-bucket';

export interface RegionalStorageProps {
  readonly config: Config;
  readonly region: string;
  /** This region's copy of the multi-region key. */
  readonly kmsKeyArn: string;
}

/**
 * The region's storage bucket. Its policy is owned here, and only here: the edge stack never writes a
 * bucket policy, so the TLS-only deny holds even while the edge stack is not applied.
 */
export class RegionalStorage extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: RegionalStorageProps) {
    super(scope, id);
    const { config } = props;
    const statements: PolicyStatement[] = [];
    if (config.cdn.enabled) {
      const account = BaseStack.of(this).accountId;
      statements.push(cloudFrontReadStatement(`arn:aws:s3:::${storageBucketName(config, props.region)}/*`, account, cloudFrontSourceArn(config, account)));
    }
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: storageBucketName(config, props.region),
      kmsKeyArn: props.kmsKeyArn,
      noncurrentVersionExpirationDays: config.storage.noncurrentVersionExpirationDays,
      policyStatements: statements,
    });
  }
}

/**
 * Lets CloudFront Origin Access Control read objects. Every bucket admits it, not only the current
 * failover pair: an origin group fails over to a bucket whose policy must already allow the read
 * (aws-cdk #31016), and a switchover changes which buckets are members. The distribution's ID is assigned
 * by CloudFront when the edge stack is applied, after this stack, so until `cdn.distributionId` pins it the
 * statement admits this account's distributions (`AWS:SourceArn` pattern plus `AWS:SourceAccount`).
 */
export function cloudFrontReadStatement(objectsArn: string, account: string, sourceArn: string): PolicyStatement {
  return {
    Sid: 'AllowCloudFrontOriginAccessControl',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: objectsArn,
    Condition: {
      StringEquals: { 'AWS:SourceAccount': account },
      ArnLike: { 'AWS:SourceArn': sourceArn },
    },
  };
}
