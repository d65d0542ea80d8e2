import { z } from 'zod';
import { shown } from '../base/primitives';
import { parseCidr } from '../base/cidr';
import type { BaseParsed } from '../base/config';
import { Names } from '../base/names';
import { ClusterNames } from './names';

/**
 * Kubernetes object names (Kubernetes docs, "Object Names and IDs",
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/): namespaces are RFC 1123 labels (at most
 * 63 lowercase letters, digits and '-', starting and ending alphanumeric); ConfigMaps, Secrets, service accounts and
 * SecretProviderClasses are RFC 1123 subdomains (at most 253, also '.'). ConfigMap keys: letters, digits, '-', '_'
 * and '.', at most 253 (ConfigMap API, `data`).
 */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

export const NamespaceName = z.string().regex(DNS_LABEL, {
  error: (i) =>
    `${shown(
      i.input,
    )} is not a Kubernetes namespace name; allowed: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit`,
});
export const ObjectName = z.string().regex(DNS_SUBDOMAIN, {
  error: (i) =>
    `${shown(
      i.input,
    )} is not a Kubernetes object name; allowed: at most 253 lowercase letters, digits, "-" and ".", each "."-separated part starting and ending with a letter or digit`,
});
export const ConfigKey = z.string().regex(CONFIG_KEY, {
  error: (i) => `${shown(i.input)} is not a ConfigMap key; allowed: at most 253 letters, digits, "-", "_" and "."`,
});

/**
 * A record whose keys must match `key`, reported with `key`'s own message at the key's path (a zod record key
 * schema would report only "Invalid key in record").
 */
function keyedRecord<V extends z.ZodType>(key: z.ZodString, value: V) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const name of Object.keys(record)) {
      const result = key.safeParse(name);
      if (!result.success) ctx.addIssue({ code: 'custom', path: [name], message: result.error.issues[0].message });
    }
  });
}

/** Values a ConfigMap key may take from its region instead of the config: the region's own, found by name. */
/**
 * `databaseClusterEndpoint` is the region's own cluster (Aurora) or instance (RDS) endpoint: the writer in the primary
 * region, read-only in a secondary until a switchover (or with write forwarding). It was `databaseWriterEndpoint`, a
 * name that promised writes a secondary cannot take; the old name is refused with the new one.
 */
export const REGIONAL_VALUES = [
  'region',
  'clusterName',
  'databaseClusterEndpoint',
  'databaseReaderEndpoint',
  'cacheEndpoint',
  'bucketName',
] as const;
export type RegionalValue = (typeof REGIONAL_VALUES)[number];

const ConfigMapInput = z.strictObject({
  data: keyedRecord(ConfigKey, z.string())
    .default({})
    .describe('Keys and values, identical in every region. Default: {}'),
  fromRegion: keyedRecord(
    ConfigKey,
    z.enum(REGIONAL_VALUES, {
      error: (i) =>
        i.input === 'databaseWriterEndpoint'
          ? '"databaseWriterEndpoint" is now databaseClusterEndpoint: the region\'s own database endpoint, which takes writes only in the primary region (read-only in a secondary until a switchover)'
          : `${shown(i.input)} is not a regional value; allowed: ${REGIONAL_VALUES.join(', ')}`,
    }),
  )
    .default({})
    .describe(`Keys whose value is the region's own: ${REGIONAL_VALUES.join(', ')}. Default: {}`),
  perRegion: z
    .record(z.string(), keyedRecord(ConfigKey, z.string()))
    .default({})
    .describe('Explicit per-region values, keyed by region, then by key; every other region gets `data`. Default: {}'),
});

const ServiceAccountInput = z.strictObject({
  secrets: z
    .array(z.string())
    .default([])
    .describe(
      "Ids of `secrets.items` this workload reads. Each is synced into the namespace as a Kubernetes Secret from the region's own replica (Secrets Store CSI driver). Default: []",
    ),
  parameters: z
    .array(z.string())
    .default([])
    .describe('Names of `parameters.items` this workload reads, in its own region. Default: []'),
});

const NamespaceInput = z.strictObject({
  configMaps: keyedRecord(ObjectName, ConfigMapInput).default({}).describe('ConfigMaps by name. Default: {}'),
  serviceAccounts: keyedRecord(ObjectName, ServiceAccountInput)
    .default({})
    .describe(
      "Workloads by service account: each gets an EKS Pod Identity association and a role that reads only its region's replicas of what it names. Default: {}",
    ),
});

const AppCidr = z.string().refine((value) => parseCidr(value) !== undefined, {
  error: (i) => `${shown(i.input)} is not an IPv4 CIDR with zero host bits`,
});

/**
 * The EKS Kubernetes version calendar (Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS",
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, checked 2026-12-05): a minor version has
 * 14 months of standard support from its EKS release, then 12 months of extended support (extra cost per cluster
 * hour). 1.36's dates come from its EKS release on 2026-06-02 (the guide names 1.36 as current; dates by the 14 + 12
 * month rule). Update this table when the calendar moves; the status is computed for CALENDAR_CHECKED, not for the
 * day of the synth, so the same config always gives the same result.
 */
export const CALENDAR_CHECKED = '2026-12-05';
/** Days after CALENDAR_CHECKED from which every synth warns that the table may be out of date. */
export const CALENDAR_STALE_AFTER_DAYS = 30;

/** The warning every synth prints once the calendar is older than CALENDAR_STALE_AFTER_DAYS on `today` (YYYY-MM-DD). */
export function calendarStaleWarning(today: string, checked: string = CALENDAR_CHECKED): string | undefined {
  return staleTableWarning(
    'the EKS version calendar (EKS_VERSIONS in src/clusters/config.ts)',
    checked,
    today,
    'versions may have left standard or extended support since: check https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, ' +
      'update the table and CALENDAR_CHECKED, and refresh the add-on pins (ADDON_PINS)',
  );
}

/** The same warning for the add-on pins, older than CALENDAR_STALE_AFTER_DAYS after ADDON_PINS_CHECKED. */
export function addonPinsStaleWarning(today: string, checked: string = ADDON_PINS_CHECKED): string | undefined {
  return staleTableWarning(
    'the add-on pins (ADDON_PINS in src/clusters/config.ts)',
    checked,
    today,
    "newer builds may carry fixes: refresh each Kubernetes version's row with " +
      `${describeAddonVersionsCommand('<version>', '<name>')} and update ADDON_PINS_CHECKED`,
  );
}

function staleTableWarning(table: string, checked: string, today: string, advice: string): string | undefined {
  const age = Math.floor((Date.parse(today) - Date.parse(checked)) / 86_400_000);
  if (age <= CALENDAR_STALE_AFTER_DAYS) return undefined;
  return `clusters: ${table} was checked ${checked}, ${age} days ago; ${advice}`;
}

export const EKS_VERSIONS: Readonly<
  Record<string, { readonly endOfStandard: string; readonly endOfExtended: string }>
> = {
  '1.36': { endOfStandard: '2027-08-02', endOfExtended: '2028-08-02' },
  '1.35': { endOfStandard: '2027-03-27', endOfExtended: '2028-03-27' },
  '1.34': { endOfStandard: '2026-12-02', endOfExtended: '2027-12-02' },
  '1.33': { endOfStandard: '2026-07-29', endOfExtended: '2027-07-29' },
  '1.32': { endOfStandard: '2026-03-23', endOfExtended: '2027-03-23' },
  '1.31': { endOfStandard: '2025-11-26', endOfExtended: '2026-11-26' },
  '1.30': { endOfStandard: '2025-07-23', endOfExtended: '2026-07-23' },
};
/** 1.35 rather than the newest: 1.36's dates are not yet on the guide's calendar table, and 1.34 left standard support on 2026-12-02. */
export const DEFAULT_KUBERNETES_VERSION = '1.35';

export type VersionSupport = 'standard' | 'extended' | 'unsupported';
export function versionSupport(version: string, on: string = CALENDAR_CHECKED): VersionSupport {
  const dates = EKS_VERSIONS[version];
  if (!dates || on >= dates.endOfExtended) return 'unsupported';
  return on < dates.endOfStandard ? 'standard' : 'extended';
}
const versionsIn = (support: VersionSupport): string[] =>
  Object.keys(EKS_VERSIONS).filter((version) => versionSupport(version) === support);

/** The command that gives an add-on's newest build for a Kubernetes version: what a row of ADDON_PINS records. */
export const describeAddonVersionsCommand = (version: string, name: string): string =>
  `aws eks describe-addon-versions --kubernetes-version ${version} --addon-name ${name} --query 'addons[0].addonVersions[0].addonVersion' --output text`;

/** The day ADDON_PINS was last refreshed; every synth warns once it is more than CALENDAR_STALE_AFTER_DAYS old. */
export const ADDON_PINS_CHECKED = '2026-11-28';

/**
 * The add-ons every cluster gets, pinned per Kubernetes minor version: each row is the output of
 * {@link describeAddonVersionsCommand} for every add-on, on ADDON_PINS_CHECKED. Synthesis installs the row of
 * `clusters.kubernetesVersion` (each add-on overridable in `clusters.addons`) and refuses a version without one.
 * amazon-cloudwatch-observability must be 8.0.0 or later for the OTLP endpoint (CloudWatch User Guide, "OTLP
 * ingestion", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/eks-observability-addon-otlp-endpoint.html);
 * its stored configuration schema (src/clusters/addon-schemas) names the version it belongs to.
 * aws-secrets-store-csi-driver-provider is the AWS Secrets Manager and Config Provider (ASCP) with the Secrets Store
 * CSI driver, an EKS add-on (EC2 nodes only, no Fargate).
 */
export const ADDON_PINS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '1.35': {
    'vpc-cni': 'v1.21.1-eksbuild.3',
    coredns: 'v1.13.2-eksbuild.3',
    'kube-proxy': 'v1.35.0-eksbuild.2',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.2',
    'amazon-cloudwatch-observability': 'v8.0.0-eksbuild.1',
    'aws-secrets-store-csi-driver-provider': 'v2.1.1-eksbuild.1',
  },
};
/** The pins of DEFAULT_KUBERNETES_VERSION. */
export const ADDON_DEFAULTS = ADDON_PINS[DEFAULT_KUBERNETES_VERSION];
export const ADDON_NAMES = Object.keys(ADDON_DEFAULTS);
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

/** The add-on versions a cluster installs: its Kubernetes version's pins, overridden by `clusters.addons`. */
export const addonVersions = (
  clusters: Pick<ClustersConfig, 'addons' | 'kubernetesVersion'>,
): Record<string, string> => ({ ...ADDON_PINS[clusters.kubernetesVersion], ...clusters.addons });

/**
 * Amazon EKS User Guide, "View and manage Amazon EKS and Fargate service quotas",
 * https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html: at most 450 nodes per managed node group and
 * 40 public endpoint access CIDR ranges per cluster.
 */
export const MAX_NODES_PER_GROUP = 450;
export const MAX_PUBLIC_ACCESS_CIDRS = 40;
/** IAM role names: at most 64 characters (IAM User Guide, "IAM and AWS STS quotas", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const ROLE_NAME_MAX = 64;
export const REQUIRED_LOG_TYPES = ['api', 'audit', 'authenticator'] as const;

const RoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
  error: (i) => `${shown(i.input)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
});

export const ClustersSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe(
      'An EKS cluster in every region and a `cluster-<region>` stack applying the namespaces below to it. Default: false',
    ),
  kubernetesVersion: z
    .string()
    .default(DEFAULT_KUBERNETES_VERSION)
    .describe(
      `Kubernetes version of every cluster, one EKS supports (standard support, or extended with supportType EXTENDED). Default: ${DEFAULT_KUBERNETES_VERSION}`,
    ),
  supportType: z
    .enum(['STANDARD', 'EXTENDED'], {
      error: (i) => `${shown(i.input)} is not an EKS support type; allowed: STANDARD, EXTENDED`,
    })
    .default('STANDARD')
    .describe('upgrade_policy.support_type. EXTENDED keeps a version 12 more months at extra cost. Default: STANDARD'),
  publicEndpoint: z
    .boolean()
    .default(false)
    .describe(
      'Open the API server endpoint to the internet, limited to publicAccessCidrs. Default: false (private endpoint only)',
    ),
  publicAccessCidrs: z
    .array(AppCidr)
    .default([])
    .describe('CIDRs allowed to reach a public endpoint; required when publicEndpoint is true. Default: []'),
  apiAccessCidrs: z
    .array(AppCidr)
    .default([])
    .describe(
      'CIDRs admitted on 443 to the private API endpoint (the cluster security group): where the runners that apply the `cluster-<region>` stacks sit, over VPN, peering or Transit Gateway. A private endpoint needs at least one. Default: []',
    ),
  logTypes: z
    .array(z.enum(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']))
    .default(['api', 'audit', 'authenticator'])
    .describe(
      'Control-plane log types; api, audit and authenticator are required. Default: [api, audit, authenticator]',
    ),
  zonalShift: z.boolean().default(true).describe('ARC zonal shift for the cluster. Default: true'),
  admins: z
    .array(RoleArn)
    .default([])
    .describe('IAM role ARNs given cluster admin through access entries. Default: []'),
  viewers: z
    .array(RoleArn)
    .default([])
    .describe('IAM role ARNs given read-only (AmazonEKSViewPolicy) access. Default: []'),
  nodeGroup: z
    .strictObject({
      instanceTypes: z.array(z.string()).min(1).default(['m7g.large']).describe('Default: [m7g.large]'),
      minSize: z.number().int().min(1).default(2).describe('Default: 2'),
      desiredSize: z.number().int().min(1).default(3).describe('Default: 3'),
      maxSize: z.number().int().min(1).default(6).describe(`At most ${MAX_NODES_PER_GROUP} (EKS quota). Default: 6`),
      diskSizeGiB: z.number().int().min(20).default(50).describe('Encrypted root volume size. Default: 50'),
    })
    .prefault({}),
  addons: z
    .record(z.string(), z.string())
    .default({})
    .describe(
      `Add-on versions by add-on name (${ADDON_NAMES.join(
        ', ',
      )}), overriding the pins of kubernetesVersion (kept per Kubernetes version, for ${Object.keys(ADDON_PINS).join(
        ', ',
      )}; a version without pins needs every add-on here). Default: {}`,
    ),
  namespaces: keyedRecord(NamespaceName, NamespaceInput)
    .default({})
    .describe('Namespaces applied to every cluster from this one definition. Default: {}'),
});

export type ClustersConfig = z.output<typeof ClustersSchema>;
export type NamespaceConfig = ClustersConfig['namespaces'][string];
export type ConfigMapConfig = NamespaceConfig['configMaps'][string];
export type ServiceAccountConfig = NamespaceConfig['serviceAccounts'][string];

/** The sections besides `clusters` that the validation reads (the whole parsed config reaches it at runtime). */
export interface ClustersValidationInput extends BaseParsed {
  readonly clusters: ClustersConfig;
  /** Only the ids of the declared secrets and parameters are read. */
  readonly secrets?: { readonly items: Readonly<Record<string, unknown>> };
  readonly parameters?: { readonly items: Readonly<Record<string, unknown>> };
}

/** Every declared (namespace, service account) pair, in config order. */
export function serviceAccountsOf(
  clusters: Pick<ClustersConfig, 'namespaces'>,
): { namespace: string; serviceAccount: string; config: ServiceAccountConfig }[] {
  return Object.entries(clusters.namespaces).flatMap(([namespace, ns]) =>
    Object.entries(ns.serviceAccounts).map(([serviceAccount, config]) => ({ namespace, serviceAccount, config })),
  );
}

/** Graviton instance families carry a `g` after the generation (m7g, c7gn, r6gd, t4g). */
const isArm = (instanceType: string): boolean => /^[a-z]+\d+g[a-z]*\./.test(instanceType);

/** The node group's AMI type: Amazon Linux 2023, for the instance types' architecture. */
export const amiType = (instanceTypes: readonly string[]): string =>
  instanceTypes.every(isArm) ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD';

export function validateClusters(config: ClustersValidationInput, ctx: z.RefinementCtx): void {
  const clusters = config.clusters;
  const issue = (path: PropertyKey[], message: string) =>
    ctx.addIssue({ code: 'custom', path: ['clusters', ...path], message });

  const version = clusters.kubernetesVersion;
  const support = versionSupport(version);
  const standard = versionsIn('standard');
  if (support === 'unsupported') {
    issue(
      ['kubernetesVersion'],
      `${shown(
        version,
      )} is not a Kubernetes version EKS supports (calendar checked ${CALENDAR_CHECKED}); allowed: ${standard.join(
        ', ',
      )} (standard support), ${versionsIn('extended').join(', ')} (extended support, supportType EXTENDED)`,
    );
  } else if (support === 'extended' && clusters.supportType === 'STANDARD') {
    issue(
      ['kubernetesVersion'],
      `${shown(version)} is only in extended support (standard support ended ${
        EKS_VERSIONS[version].endOfStandard
      }); set supportType EXTENDED or use ${standard.join(', ')}`,
    );
  } else {
    const unpinned = ADDON_NAMES.filter(
      (name) => clusters.addons[name] === undefined && ADDON_PINS[version]?.[name] === undefined,
    );
    if (unpinned.length > 0) {
      issue(
        ['kubernetesVersion'],
        `${shown(
          version,
        )} has no add-on pins: ADDON_PINS (src/clusters/config.ts, checked ${ADDON_PINS_CHECKED}) has ${Object.keys(
          ADDON_PINS,
        ).join(', ')}; add its row from ${describeAddonVersionsCommand(version, '<name>')}, or pin ${unpinned.join(
          ', ',
        )} in clusters.addons`,
      );
    }
  }

  if (clusters.enabled && !clusters.publicEndpoint && clusters.apiAccessCidrs.length === 0) {
    issue(
      ['apiAccessCidrs'],
      'is empty while the API endpoint is private (publicEndpoint false): nothing can reach the cluster API to apply the cluster-<region> stacks; list the CIDRs of your VPN, peered or Transit Gateway runners, or set publicEndpoint true with publicAccessCidrs',
    );
  }
  clusters.apiAccessCidrs.forEach((cidr, index) => {
    if (parseCidr(cidr)?.prefix === 0)
      issue(
        ['apiAccessCidrs', index],
        `${shown(cidr)} opens the API server to the whole internet; list specific CIDRs`,
      );
  });
  if (clusters.publicEndpoint && clusters.publicAccessCidrs.length === 0) {
    issue(
      ['publicAccessCidrs'],
      'is empty while publicEndpoint is true: list the CIDRs allowed to reach the API server',
    );
  }
  if (!clusters.publicEndpoint && clusters.publicAccessCidrs.length > 0) {
    issue(
      ['publicAccessCidrs'],
      'is set while publicEndpoint is false: the endpoint is private, set publicEndpoint true or remove the CIDRs',
    );
  }
  clusters.publicAccessCidrs.forEach((cidr, index) => {
    if (parseCidr(cidr)?.prefix === 0)
      issue(
        ['publicAccessCidrs', index],
        `${shown(cidr)} opens the API server to the whole internet; list specific CIDRs`,
      );
  });
  if (clusters.publicAccessCidrs.length > MAX_PUBLIC_ACCESS_CIDRS) {
    issue(
      ['publicAccessCidrs'],
      `has ${clusters.publicAccessCidrs.length} CIDRs; EKS allows at most ${MAX_PUBLIC_ACCESS_CIDRS}`,
    );
  }

  const missing = REQUIRED_LOG_TYPES.filter((type) => !clusters.logTypes.includes(type));
  if (missing.length > 0)
    issue(['logTypes'], `must include ${REQUIRED_LOG_TYPES.join(', ')}; missing: ${missing.join(', ')}`);

  const { minSize, desiredSize, maxSize } = clusters.nodeGroup;
  if (minSize > maxSize) issue(['nodeGroup', 'minSize'], `${minSize} is larger than maxSize ${maxSize}`);
  else if (desiredSize < minSize || desiredSize > maxSize)
    issue(['nodeGroup', 'desiredSize'], `${desiredSize} is outside minSize ${minSize} to maxSize ${maxSize}`);
  const arm = clusters.nodeGroup.instanceTypes.filter(isArm);
  if (arm.length > 0 && arm.length < clusters.nodeGroup.instanceTypes.length) {
    issue(
      ['nodeGroup', 'instanceTypes'],
      `mixes arm64 (${arm.join(', ')}) and x86_64 instance types; a node group runs one AMI type`,
    );
  }
  if (maxSize > MAX_NODES_PER_GROUP)
    issue(
      ['nodeGroup', 'maxSize'],
      `${maxSize} is more nodes than EKS allows in a managed node group: at most ${MAX_NODES_PER_GROUP}`,
    );

  clusters.viewers.forEach((arn, index) => {
    if (clusters.admins.includes(arn))
      issue(
        ['viewers', index],
        `${shown(arn)} is also in admins; a principal has one access entry, keep it in one list`,
      );
  });

  for (const [name, addonVersion] of Object.entries(clusters.addons)) {
    if (!ADDON_NAMES.includes(name))
      issue(['addons', name], `${shown(name)} is not an add-on this tier installs; allowed: ${ADDON_NAMES.join(', ')}`);
    else if (!ADDON_VERSION.test(addonVersion))
      issue(
        ['addons', name],
        `${shown(addonVersion)} is not an EKS add-on version (v<major>.<minor>.<patch>-eksbuild.<n>)`,
      );
  }
  const secretIds = Object.keys(config.secrets?.items ?? {});
  const parameterNames = Object.keys(config.parameters?.items ?? {});
  const clusterNames = new ClusterNames(new Names(config));
  const regions = [config.primaryRegion, ...config.secondaryRegions];
  for (const { namespace, serviceAccount, config: account } of serviceAccountsOf(clusters)) {
    const path = ['namespaces', namespace, 'serviceAccounts', serviceAccount];
    account.secrets.forEach((id, index) => {
      if (!secretIds.includes(id))
        issue(
          [...path, 'secrets', index],
          `${shown(id)} is not declared in secrets.items; declared: ${secretIds.join(', ') || 'none'}`,
        );
    });
    account.parameters.forEach((name, index) => {
      if (!parameterNames.includes(name))
        issue(
          [...path, 'parameters', index],
          `${shown(name)} is not declared in parameters.items; declared: ${parameterNames.join(', ') || 'none'}`,
        );
    });
    const longest = regions
      .map((region) => clusterNames.podRole(region, namespace, serviceAccount))
      .sort((a, b) => b.length - a.length)[0];
    if (longest.length > ROLE_NAME_MAX)
      issue(
        path,
        `gives the IAM role name ${shown(longest)} (${
          longest.length
        } characters); IAM allows at most ${ROLE_NAME_MAX}: shorten the namespace or service account name`,
      );
  }
  for (const region of regions) {
    for (const role of clusterNames.roles(region, [])) {
      if (role.length > ROLE_NAME_MAX)
        issue(
          [],
          `gives the IAM role name ${shown(role)} (${
            role.length
          } characters); IAM allows at most ${ROLE_NAME_MAX}: shorten name or environment`,
        );
    }
  }
}
