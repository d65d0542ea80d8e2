import { Construct } from 'constructs';
import { Fn, type TerraformProvider } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';

/** One statement of an IAM policy document, in its JSON form. */
export type PolicyStatement = Record<string, unknown>;

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
   * Refuse `terraform destroy` while the bucket holds objects.
   * @default false (Terraform's own default: a non-empty bucket cannot be deleted)
   */
  readonly forceDestroy?: boolean;
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
    this.bucket = new S3Bucket(this, 'bucket', { provider, bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false });
    const bucket = this.bucket.id;

    this.versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
        bucketKeyEnabled: true,
      }],
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
      rule: [{
        id: 'noncurrent-and-incomplete-uploads',
        status: 'Enabled',
        filter: [{}],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      }],
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      // A policy put before the public access block exists can be rejected as public.
      dependsOn: [publicAccessBlock],
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          ...(props.policyStatements ?? []),
        ],
      }),
    });
  }
}
