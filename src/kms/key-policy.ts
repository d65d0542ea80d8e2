import { accountPrincipal, roleArn, type PolicyStatement } from '../iam/policy';
import { partitionOf, regionalArn } from '../base/partition';

/** Full control for the account's IAM principals (the KMS default key policy). */
export function accountAdministration(region: string, account: string): PolicyStatement {
  return {
    Sid: 'AccountAdministration',
    Effect: 'Allow',
    Principal: { AWS: accountPrincipal(region, account) },
    Action: 'kms:*',
    Resource: '*',
  };
}

/** Lets CloudWatch Logs in `region` encrypt this account's log groups there (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS"). */
export function cloudWatchLogsUse(region: string, account: string): PolicyStatement {
  return {
    Sid: 'CloudWatchLogs',
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': regionalArn('logs', region, account, '*') } },
  };
}

/** Lets CloudFront Origin Access Control decrypt SSE-KMS objects for matching distributions (CloudFront Developer Guide, "Restricting access to an Amazon S3 origin", SSE-KMS). */
export function cloudFrontDecrypt(sourceArn: string): PolicyStatement {
  return {
    Sid: 'CloudFrontOriginAccessControl',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
  };
}

/**
 * Lets CloudTrail encrypt and read a Lake event data store of this account (CloudTrail User Guide, "Configure
 * AWS KMS key policies for CloudTrail Lake").
 */
export function cloudTrailLakeUse(account: string): PolicyStatement {
  return {
    Sid: 'CloudTrailLakeEventDataStore',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    Resource: '*',
    Condition: { StringEquals: { 'aws:SourceAccount': account } },
  };
}

/**
 * Lets one CloudTrail trail encrypt its log and digest files and describe the key (CloudTrail User Guide, "Configure
 * AWS KMS key policies for CloudTrail", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html):
 * `aws:SourceArn` pins the trail, the encryption context this account's trails. Readers decrypt through the account's
 * own statement.
 */
export function cloudTrailTrailUse(region: string, account: string, trailArn: string): PolicyStatement[] {
  return [
    {
      Sid: 'CloudTrailTrailEncrypt',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partitionOf(region)}:cloudtrail:*:${account}:trail/*`,
        },
      },
    },
    {
      Sid: 'CloudTrailTrailDescribeKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    },
  ];
}

/**
 * Lets EC2 Auto Scaling (its service-linked role) launch instances with EBS volumes encrypted by this key, as EKS
 * managed node groups do (Amazon EC2 Auto Scaling User Guide, "Required AWS KMS key policy for use with encrypted
 * volumes", https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html).
 * The role must exist before the key policy names it (`aws iam create-service-linked-role --aws-service-name
 * autoscaling.amazonaws.com`, once per account).
 */
export function autoScalingEbsUse(region: string, account: string): PolicyStatement[] {
  const principal = {
    AWS: roleArn(region, account, 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'),
  };
  return [
    {
      Sid: 'AutoScalingEbsVolumes',
      Effect: 'Allow',
      Principal: principal,
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
    },
    {
      Sid: 'AutoScalingEbsGrants',
      Effect: 'Allow',
      Principal: principal,
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ];
}

/**
 * Lets CloudWatch alarms in `region` publish to SNS topics encrypted with this key: without it, an alarm's action fails
 * with a KMS AccessDeniedException (Amazon SNS Developer Guide, "Key management", compatibility with AWS services,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html; AWS re:Post, "Configure a CloudWatch alarm with an
 * encrypted SNS topic", https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns). Scoped to this account's
 * alarms in the key's region by `aws:SourceAccount` and `aws:SourceArn`, which CloudWatch sets when it acts for an alarm
 * (CloudWatch User Guide, "Cross-service confused deputy prevention").
 */
export function cloudWatchAlarmsUse(region: string, account: string): PolicyStatement {
  return {
    Sid: 'CloudWatchAlarmsToEncryptedTopics',
    Effect: 'Allow',
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': regionalArn('cloudwatch', region, account, 'alarm:*') },
    },
  };
}
