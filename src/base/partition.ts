/**
 * "A partition is a group of AWS Regions. Each AWS account is scoped to one partition": `aws`, `aws-cn` (China
 * Regions) and `aws-us-gov` (AWS GovCloud (US) Regions) (IAM User Guide, "Identify AWS resources with Amazon Resource
 * Names", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). A region's name tells its partition,
 * so every ARN is built here from the region it lives in, known at synth time: the plan shows literal ARNs and the
 * policy rules read them, with no `data.aws_partition` lookup per stack.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` of a resource in `region`. */
export function regionalArn(service: string, region: string, account: string, resource: string): string {
  return `arn:${partitionOf(region)}:${service}:${region}:${account}:${resource}`;
}

/**
 * The ARN of a resource whose ARN names no region (IAM, S3, CloudFront, AWS managed policies: `account` may be
 * empty or `aws`), in the partition of `region`, the region of the stack that refers to it.
 */
export function regionlessArn(service: string, region: string, account: string, resource: string): string {
  return `arn:${partitionOf(region)}:${service}::${account}:${resource}`;
}
