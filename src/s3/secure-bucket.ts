import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { denyInsecureTransport, policyDocument, type PolicyStatement } from '../iam/policy';
import { regionlessArn } from '../base/partition';

/** A bucket's ARN (it names no region or account), in the partition of the bucket's `region`. */
export const bucketArn = (region: string, name: string): string => regionlessArn('s3', region, '', name);

export interface SecureBucketProps {
  readonly bucketName: string;
  /** KMS key for default encryption (SSE-KMS with bucket keys). */
  readonly kmsKeyArn: string;
  /**
   * Provider of the bucket's region.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Statements added to the bucket policy after the TLS-only deny.
   * @default none
   */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Days to keep noncurrent object versions.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which current object versions expire (a log bucket's retention).
   * @default never
   */
  readonly expirationDays?: number;
  /**
   * Let `terraform destroy` delete the bucket with every object and version in it.
   * @default false: a bucket that holds objects cannot be destroyed
   */
  readonly forceDestroy?: boolean;
  /**
   * Deny uploads that do not ask for SSE-KMS themselves, so no writer can fall back to another encryption.
   * @default false
   */
  readonly requireKmsUploads?: boolean;
}

/**
 * An S3 bucket with the baseline every bucket here gets: versioning, SSE-KMS with bucket keys, all public
 * access blocked, object ownership enforced (no ACLs), a TLS-only bucket policy and lifecycle hygiene.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly versioning: S3BucketVersioningA;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
    });
    const bucket = this.bucket.id;

    this.versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public_access_block', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      dependsOn: [this.versioning],
      rule: [
        {
          id: 'noncurrent-and-incomplete-uploads',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
          ...(props.expirationDays === undefined ? {} : { expiration: [{ days: props.expirationDays }] }),
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      // A policy put before the public access block exists can be rejected as public.
      dependsOn: [publicAccessBlock],
      policy: policyDocument([
        denyInsecureTransport('s3:*', [this.bucket.arn, `${this.bucket.arn}/*`]),
        ...(props.requireKmsUploads ? [denyUploadsWithoutKms(`${this.bucket.arn}/*`)] : []),
        ...(props.policyStatements ?? []),
      ]),
    });
  }
}

/** S3 User Guide, "Requiring server-side encryption": a PutObject whose header asks for anything but aws:kms (or nothing) is denied. */
function denyUploadsWithoutKms(objects: string): PolicyStatement {
  return {
    Sid: 'DenyUploadsWithoutKms',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: objects,
    Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
  };
}
