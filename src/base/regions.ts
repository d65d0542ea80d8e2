/**
 * Commercial AWS regions known to hashicorp/aws 5.100.0, the provider version we pin.
 * A region outside this list fails validation instead of failing at plan time.
 */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

/** `us-east-1` -> `us_east_1`: the form used for provider aliases and Terraform identifiers. */
export function regionIdentifier(region: string): string {
  return region.replace(/-/g, '_');
}

/** Aurora DB subnet groups and EKS clusters need subnets in at least two availability zones. */
export const MIN_AVAILABILITY_ZONES = 2;

/**
 * Availability zones of each region, from AWS's published list (AWS Global Infrastructure, "Regions and
 * Availability Zones", https://aws.amazon.com/about-aws/global-infrastructure/regions_az/, and the EC2 User
 * Guide, "Availability Zones"); every region not listed has three.
 */
const AVAILABILITY_ZONES: Partial<Record<AwsRegion, number>> = {
  'us-east-1': 6,
  'us-west-1': 3,
  'us-west-2': 4,
  'ap-northeast-1': 4,
  'ap-northeast-2': 4,
};

/**
 * Regions where newer accounts see fewer zones than the region has (EC2 User Guide, "Availability Zones":
 * usw1-az2 and apne1-az3 are not offered to new accounts).
 */
const AVAILABILITY_ZONES_FOR_EVERY_ACCOUNT: Partial<Record<AwsRegion, number>> = {
  'us-west-1': 2,
  'ap-northeast-1': 3,
};

/** Zones `region` has: the most `availabilityZones` may ask for there. */
export function availabilityZonesInRegion(region: string): number {
  return AVAILABILITY_ZONES[region as AwsRegion] ?? 3;
}

/** Zones every account sees in `region`: the default never asks for more. */
export function availabilityZonesForEveryAccount(region: string): number {
  return AVAILABILITY_ZONES_FOR_EVERY_ACCOUNT[region as AwsRegion] ?? availabilityZonesInRegion(region);
}
