import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { partitionOf, regionalArn, regionlessArn } from '../../src/base/partition';
import { accountAdministration, cloudWatchAlarmsUse } from '../../src/kms/key-policy';
import { managedPolicyArn, roleArn } from '../../src/iam/policy';
import { bucketArn } from '../../src/s3/secure-bucket';
import { RegionalStorage } from '../../src/storage/regional-storage';

describe('partitionOf', () => {
  it.each([
    ['eu-west-1', 'aws'],
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});

describe('ARNs follow the region they are built for', () => {
  it('regional and regionless ARNs', () => {
    expect(regionalArn('sns', 'cn-north-1', '111122223333', 'alerts')).toBe(
      'arn:aws-cn:sns:cn-north-1:111122223333:alerts',
    );
    expect(regionlessArn('s3', 'us-gov-west-1', '', 'logs')).toBe('arn:aws-us-gov:s3:::logs');
    expect(roleArn('us-gov-east-1', '111122223333', 'ops')).toBe('arn:aws-us-gov:iam::111122223333:role/ops');
    expect(managedPolicyArn('cn-north-1', 'ReadOnlyAccess')).toBe('arn:aws-cn:iam::aws:policy/ReadOnlyAccess');
    expect(bucketArn('eu-west-1', 'logs')).toBe('arn:aws:s3:::logs');
  });

  it("key policy statements name the principal and alarms of their region's partition", () => {
    expect(accountAdministration('cn-north-1', '111122223333').Principal).toEqual({
      AWS: 'arn:aws-cn:iam::111122223333:root',
    });
    expect(JSON.stringify(cloudWatchAlarmsUse('us-gov-west-1', '111122223333'))).toContain(
      '"arn:aws-us-gov:cloudwatch:us-gov-west-1:111122223333:alarm:*"',
    );
  });

  it('a construct in a China region writes aws-cn ARNs into its bucket policy', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'cn');
    new AwsProvider(stack, 'aws', { region: 'cn-north-1' });
    new RegionalStorage(stack, 'storage', {
      bucketName: 'shop-prod-cn-north-1',
      region: 'cn-north-1',
      kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:111122223333:key/1',
      noncurrentVersionExpirationDays: 30,
      cloudFrontSourceArn: (account) => regionlessArn('cloudfront', 'cn-north-1', account, 'distribution/*'),
    });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toContain('arn:aws-cn:s3:::shop-prod-cn-north-1/*');
    expect(synthesized).not.toMatch(/arn:aws:/);
  });
});
