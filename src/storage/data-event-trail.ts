import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import type { PolicyStatement } from '../iam/policy';
import type { Names } from '../base/names';
import { cloudTrailLakeUse, cloudTrailTrailUse } from '../kms/key-policy';
import type { StorageConfig } from './config';
import { SecureBucket, bucketArn } from '../s3/secure-bucket';
import { regionalArn } from '../base/partition';

/** The trail's ARN, derived so that policies can name it before it exists. */
export const trailArn = (region: string, account: string, name: string): string =>
  regionalArn('cloudtrail', region, account, `trail/${name}`);

/** What the multi-region key's policy in globalRegion must admit for the configured record of data events. */
export function dataEventsKeyStatements(
  config: { readonly globalRegion: string; readonly storage: StorageConfig },
  names: Names,
  account: string,
): PolicyStatement[] {
  switch (config.storage.dataEventsStore) {
    case 'cloudtrail-lake':
      return [cloudTrailLakeUse(account)];
    case 'trail':
      return cloudTrailTrailUse(
        config.globalRegion,
        account,
        trailArn(config.globalRegion, account, names.resource('storage-data-events')),
      );
    case 'none':
      return [];
  }
}

export interface DataEventTrailProps {
  /** Trail name; its ARN is derived from it (the key and bucket policies name the trail before it exists). */
  readonly trailName: string;
  /** The trail's region (its provider's). */
  readonly region: string;
  readonly trailArn: string;
  readonly bucketName: string;
  readonly account: string;
  /** The multi-region key's copy in the trail's region; its policy admits this trail (src/kms/key-policy.ts). */
  readonly kmsKeyArn: string;
  readonly provider: TerraformProvider;
  /** Days the log files are kept. */
  readonly retentionDays: number;
  /** Advanced event selectors' field selectors: which data events the trail records. */
  readonly fieldSelectors: readonly {
    readonly field: string;
    readonly equalTo?: string[];
    readonly startsWith?: string[];
  }[];
  readonly selectorName: string;
}

/**
 * A multi-region trail recording only the selected data events (no management events: an account or organization
 * trail usually has those) into its own KMS-encrypted, TLS-only log bucket, with log file validation.
 */
export class DataEventTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: DataEventTrailProps) {
    super(scope, id);
    const { provider, trailArn } = props;
    const logBucketArn = bucketArn(props.region, props.bucketName);
    this.bucket = new SecureBucket(this, 'log_bucket', {
      provider,
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      expirationDays: props.retentionDays,
      policyStatements: cloudTrailDelivery(logBucketArn, props.account, trailArn),
    });
    this.trail = new Cloudtrail(this, 'trail', {
      provider,
      name: props.trailName,
      s3BucketName: props.bucketName,
      kmsKeyId: props.kmsKeyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: false,
      enableLogFileValidation: true,
      advancedEventSelector: [
        { name: props.selectorName, fieldSelector: props.fieldSelectors.map((selector) => ({ ...selector })) },
      ],
      // CloudTrail checks the bucket policy when the trail is created.
      dependsOn: [this.bucket.policy],
    });
  }
}

/**
 * CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html):
 * the ACL check and the delivery under AWSLogs/<account>/, both only for this trail.
 */
function cloudTrailDelivery(bucketArn: string, account: string, trailArn: string): PolicyStatement[] {
  const fromTrail = { 'aws:SourceArn': trailArn };
  return [
    {
      Sid: 'CloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: { StringEquals: fromTrail },
    },
    {
      Sid: 'CloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/AWSLogs/${account}/*`,
      Condition: { StringEquals: { ...fromTrail, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ];
}
