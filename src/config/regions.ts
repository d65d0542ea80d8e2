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
 * Availability zones each region offers every account, from AWS's published list (AWS Global Infrastructure,
 * "Regions and Availability Zones", https://aws.amazon.com/about-aws/global-infrastructure/regions_az/, and the
 * EC2 User Guide, "Availability Zones"). us-west-1 has three zones but offers newer accounts two, and
 * ap-northeast-1 has four but offers newer accounts three: those regions count what every account gets.
 * A plan-time postcondition on the zone lookup still stops an account that sees fewer.
 */
const AVAILABILITY_ZONES_OFFERED: Partial<Record<AwsRegion, number>> = {
  'us-east-1': 6,
  'us-west-1': 2,
  'us-west-2': 4,
  'ap-northeast-2': 4,
};

/** What `region` offers every account: the table above, else three (every other commercial region). */
export function availabilityZonesOffered(region: string): number {
  return AVAILABILITY_ZONES_OFFERED[region as AwsRegion] ?? 3;
}
