import { z } from 'zod';
import { cidrsOverlap, parseCidr } from './cidr';
import { Region, Tags, shown } from './primitives';
import {
  MIN_AVAILABILITY_ZONES,
  availabilityZonesForEveryAccount,
  availabilityZonesInRegion,
  type AwsRegion,
} from './regions';

// Names end up in bucket, table, cluster and IAM names: the strictest of those rules is S3's
// (lowercase letters, digits, hyphens; https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
const Name = z.string().regex(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/, {
  error: (issue) =>
    `${shown(
      issue.input,
    )} must be 2-20 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen`,
});

const Environment = z.string().regex(/^[a-z][a-z0-9]{0,9}$/, {
  error: (issue) => `${shown(issue.input)} must be 1-10 lowercase letters or digits, starting with a letter`,
});

const Cidr = z.string().refine(
  (value) => {
    const cidr = parseCidr(value);
    return cidr !== undefined && cidr.prefix >= 16 && cidr.prefix <= 24;
  },
  {
    error: (issue) =>
      `${shown(issue.input)} must be an IPv4 CIDR with prefix /16 to /24 (AWS VPC limits) and zero host bits`,
  },
);

/** How the private subnets reach the internet: not at all, through one NAT gateway, or through one per zone. */
export const EGRESS_MODES = ['none', 'nat-single', 'nat-per-az'] as const;
export type EgressMode = (typeof EGRESS_MODES)[number];

export const RegionNetworkSchema = z.strictObject({
  vpcCidr: Cidr.describe("The VPC range of this region; must not overlap any other region's."),
  availabilityZones: z
    .number()
    .int()
    .min(MIN_AVAILABILITY_ZONES, {
      error: (i) =>
        `${shown(
          i.input,
        )} is too few: at least ${MIN_AVAILABILITY_ZONES} availability zones (Aurora and EKS need subnets in two)`,
    })
    // The most any region has (us-east-1, six); what each region offers is checked against the config's regions.
    .max(6, { error: (i) => `${shown(i.input)} is too many: no AWS region has more than 6 availability zones` })
    .optional()
    .describe(
      'Availability zones to spread private subnets across, one subnet each: 2 up to what the region has (6 in us-east-1). Default: 3, or 2 in us-west-1, where newer accounts see only 2. A plan-time check stops an account that sees fewer than asked',
    ),
  egress: z
    .enum(EGRESS_MODES, {
      error: (i) => `${shown(i.input)} is not an egress mode; allowed: ${EGRESS_MODES.join(', ')}`,
    })
    .default('none')
    .describe(
      'Internet egress of the private subnets: `none` (AWS services only, through VPC endpoints; free), `nat-single` (one NAT gateway in the first zone: about 33 USD a month plus 0.045 USD per GB in us-east-1; egress stops while that zone is down) or `nat-per-az` (a NAT gateway per zone, each zone routed through its own: survives the loss of a zone, at that price times the zones). Default: none',
    ),
});

const S3StateSchema = z.strictObject({
  bucketPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,40}$/, {
      error: (i) =>
        `${shown(
          i.input,
        )} must be 2-41 lowercase letters, digits, dots or hyphens (the region is appended; S3 allows 63)`,
    })
    .optional()
    .describe('Prefix of the per-region state bucket; the region is appended. Default: `<name>-<environment>-tfstate`'),
  dynamodbLocking: z
    .boolean()
    .default(true)
    .describe(
      'Lock with a DynamoDB table per region (`<name>-<environment>-tflock`), created by the bootstrap stack. Off: no lock table is created. Default: true',
    ),
  useLockfile: z
    .boolean()
    .default(false)
    .describe('Also lock with S3 conditional writes (`use_lockfile`, Terraform >= 1.10). Default: false'),
});

const CloudStateSchema = z.strictObject({
  organization: z.string().min(1).describe('Terraform Cloud organization.'),
  project: z.string().min(1).optional().describe("Default: the organization's default project"),
  hostname: z.string().min(1).default('app.terraform.io').describe('Default: app.terraform.io'),
});

const StateSchema = z.strictObject({
  backend: z
    .enum(['s3', 'cloud'], { error: (i) => `${shown(i.input)} is not a state backend; allowed: s3, cloud` })
    .default('s3')
    .describe(
      'Where every stack keeps its state: `s3` (per-region bucket and lock table, created by the bootstrap stack) or `cloud` (Terraform Cloud; no bootstrap stack). Default: s3',
    ),
  s3: S3StateSchema.prefault({}),
  cloud: CloudStateSchema.optional(),
});

/** The fields every deployment has, whatever tiers it runs. */
export const BASE_SHAPE = {
  name: Name.describe('Prefix of every resource name.'),
  environment: Environment.describe('Environment, part of every resource name (`prod`, `staging`).'),
  primaryRegion: Region.describe('The region that takes writes.'),
  secondaryRegions: z.array(Region).default([]).describe('Read-only regions, ready to take over.'),
  globalRegion: Region.optional().describe(
    "Home of the global layer: its state and the primary of the multi-region KMS key. One of the data regions, or a management region that runs no workloads (it then gets only state and the key's primary). Required while a tier keeps state there (the database's credentials, application secrets, a MemoryDB multi-Region cluster): unset, it follows primaryRegion, so a switchover would move that state. Best a region other than the primary: while the region holding the global state is down, the global stack can be neither planned nor applied. Default: primaryRegion",
  ),
  regions: z.record(z.string(), RegionNetworkSchema).describe('Network of every configured region, keyed by region.'),
  tags: Tags.default({}).describe('Tags on every resource (provider `default_tags`).'),
  state: StateSchema.prefault({}),
  protection: z
    .strictObject({
      preventDestroy: z
        .boolean()
        .default(true)
        .describe(
          'lifecycle.prevent_destroy on every stateful resource of every stack (databases, buckets, secrets, caches, EKS clusters, KMS keys, the state lock table): Terraform refuses any plan that would destroy one. Set false only to tear the deployment down, or to let a reviewed change replace one. Default: true',
        ),
    })
    .prefault({})
    .describe('Guards against a config edit that destroys data.'),
};

export type BaseParsed = z.output<z.ZodObject<typeof BASE_SHAPE>>;

export interface RegionNetwork {
  readonly vpcCidr: string;
  readonly availabilityZones: number;
  readonly egress: EgressMode;
}

/** The base fields with every default resolved. */
export interface BaseConfig extends Omit<BaseParsed, 'regions'> {
  readonly globalRegion: AwsRegion;
  /** The data regions: the primary first, then the secondaries in configured order. */
  readonly allRegions: readonly AwsRegion[];
  /** Every region holding state: the data regions and `globalRegion`, which may be a management region. */
  readonly stateRegions: readonly AwsRegion[];
  readonly regions: Readonly<Record<string, RegionNetwork>>;
  /**
   * The file the config was read from, as the commands that use it should name it (`INFRA_CONFIG=<source>`):
   * the path given in `INFRA_CONFIG`, or `config/default.yaml` for the embedded default. Unset for a config
   * parsed from data.
   */
  readonly source?: string;
}

export function resolveBase<T extends BaseParsed>(parsed: T): Omit<T, 'regions'> & BaseConfig {
  const allRegions = [parsed.primaryRegion, ...parsed.secondaryRegions];
  const globalRegion = parsed.globalRegion ?? parsed.primaryRegion;
  const regions = Object.fromEntries(
    Object.entries(parsed.regions).map(([region, network]) => [
      region,
      {
        vpcCidr: network.vpcCidr,
        availabilityZones: network.availabilityZones ?? Math.min(3, availabilityZonesForEveryAccount(region)),
        egress: network.egress,
      },
    ]),
  );
  return {
    ...parsed,
    globalRegion,
    allRegions,
    stateRegions: allRegions.includes(globalRegion) ? allRegions : [...allRegions, globalRegion],
    regions,
  };
}

/**
 * For a tier whose state is homed in globalRegion (`holder` says what): refuses an unset `globalRegion`, which follows
 * `primaryRegion` and so would move that state (destroy and re-create it in the new primary) on a switchover.
 */
export function requirePinnedGlobalRegion(config: BaseParsed, ctx: z.RefinementCtx, holder: string): void {
  if (config.globalRegion !== undefined) return;
  ctx.addIssue({
    code: 'custom',
    path: ['globalRegion'],
    message: `is required: ${holder} lives in globalRegion, and unset it follows primaryRegion ${shown(
      config.primaryRegion,
    )}, so changing primaryRegion would re-create it in the new primary, where a replica already exists; pin it, e.g. globalRegion: ${
      config.primaryRegion
    }`,
  });
}

export function validateBase(config: BaseParsed, ctx: z.RefinementCtx): void {
  validateRegions(config, ctx);
  validateState(config, ctx);
}

function validateRegions(config: BaseParsed, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  config.secondaryRegions.forEach((region, index) => {
    if (region === config.primaryRegion) {
      ctx.addIssue({
        code: 'custom',
        path: ['secondaryRegions', index],
        message: `${shown(region)} is the primary region; a secondary must be another region`,
      });
    } else if (seen.has(region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['secondaryRegions', index],
        message: `${shown(region)} is listed twice; each secondary region once`,
      });
    }
    seen.add(region);
  });
  const deployed = [...new Set([config.primaryRegion, ...config.secondaryRegions])];
  for (const region of deployed) {
    if (!(region in config.regions)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions', region],
        message: `is missing: every configured region needs a network entry (vpcCidr)`,
      });
    }
  }
  const networks = Object.entries(config.regions);
  networks.forEach(([region, network], index) => {
    if (!deployed.includes(region as (typeof deployed)[number])) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions', region],
        message: `${shown(region)} is not a configured region; allowed: ${deployed.join(', ')}`,
      });
      return;
    }
    const zones = availabilityZonesInRegion(region);
    if (network.availabilityZones !== undefined && network.availabilityZones > zones) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions', region, 'availabilityZones'],
        message: `${network.availabilityZones} is more than the ${zones} availability zones ${region} has: allowed ${MIN_AVAILABILITY_ZONES} to ${zones}`,
      });
    }
    const mine = parseCidr(network.vpcCidr);
    for (const [other, otherNetwork] of networks.slice(0, index)) {
      const theirs = parseCidr(otherNetwork.vpcCidr);
      if (mine && theirs && cidrsOverlap(mine, theirs)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', region, 'vpcCidr'],
          message: `${shown(network.vpcCidr)} overlaps ${other}'s ${
            otherNetwork.vpcCidr
          }; VPC ranges must be disjoint so regions can peer`,
        });
      }
    }
  });
}

function validateState(config: BaseParsed, ctx: z.RefinementCtx): void {
  if (config.state.backend === 'cloud' && config.state.cloud === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['state', 'cloud'],
      message: 'is required when state.backend is "cloud" (organization, optional project)',
    });
  }
  if (config.state.backend === 's3' && !config.state.s3.dynamodbLocking && !config.state.s3.useLockfile) {
    ctx.addIssue({
      code: 'custom',
      path: ['state', 's3'],
      message: 'has no locking: enable dynamodbLocking, useLockfile or both',
    });
  }
}
