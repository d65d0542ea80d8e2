import { Construct } from 'constructs';
import type { PolicyStatement } from '../iam/policy';
import { accountId } from '../iam/account';
import { SecureBucket, bucketArn } from '../s3/secure-bucket';

export interface RegionalStorageProps {
  readonly bucketName: string;
  /** The bucket's region. */
  readonly region: string;
  /** This region's copy of the multi-region key. */
  readonly kmsKeyArn: string;
  /** Days to keep noncurrent object versions. */
  readonly noncurrentVersionExpirationDays: number;
  /**
   * `AWS:SourceArn` of the CloudFront distributions that may read the bucket through Origin Access Control.
   * Receives the account ID.
   * @default no CloudFront access
   */
  readonly cloudFrontSourceArn?: (account: string) => string;
}

/**
 * The region's storage bucket. Its policy is owned here, and only here: the edge stack never writes a
 * bucket policy, so the TLS-only deny holds even while the edge stack is not applied.
 */
export class RegionalStorage extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: RegionalStorageProps) {
    super(scope, id);
    const statements: PolicyStatement[] = [];
    if (props.cloudFrontSourceArn !== undefined) {
      const account = accountId(this);
      statements.push(
        cloudFrontReadStatement(
          `${bucketArn(props.region, props.bucketName)}/*`,
          account,
          props.cloudFrontSourceArn(account),
        ),
      );
    }
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
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
