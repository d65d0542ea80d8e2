import { z } from 'zod';
import { shown } from '../config/primitives';
import { parseCidr } from '../config/cidr';

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
  error: (i) => `${shown(i.input)} is not a Kubernetes namespace name; allowed: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit`,
});
export const ObjectName = z.string().regex(DNS_SUBDOMAIN, {
  error: (i) => `${shown(i.input)} is not a Kubernetes object name; allowed: at most 253 lowercase letters, digits, "-" and ".", each "."-separated part starting and ending with a letter or digit`,
});
export const ConfigKey = z.string().regex(CONFIG_KEY, {
  error: (i) => `${shown(i.input)} is not a ConfigMap key; allowed: at most 253 letters, digits, "-", "_" and "."`,
});

/** Values a ConfigMap key may take from its region instead of the config: the region's own, found by name. */
export const REGIONAL_VALUES = ['region', 'clusterName', 'databaseWriterEndpoint', 'databaseReaderEndpoint', 'cacheEndpoint', 'bucketName'] as const;
export type RegionalValue = (typeof REGIONAL_VALUES)[number];

const ConfigMapInput = z.strictObject({
  data: z.record(ConfigKey, z.string()).default({}).describe('Keys and values, identical in every region. Default: {}'),
  fromRegion: z.record(ConfigKey, z.enum(REGIONAL_VALUES, {
    error: (i) => `${shown(i.input)} is not a regional value; allowed: ${REGIONAL_VALUES.join(', ')}`,
  })).default({}).describe(`Keys whose value is the region's own: ${REGIONAL_VALUES.join(', ')}. Default: {}`),
  perRegion: z.record(z.string(), z.record(ConfigKey, z.string())).default({})
    .describe('Explicit per-region values, keyed by region, then by key; every other region gets `data`. Default: {}'),
});

const ServiceAccountInput = z.strictObject({
  secrets: z.array(z.string()).default([])
    .describe('Ids of `secrets.items` this workload reads. Each is synced into the namespace as a Kubernetes Secret from the region\'s own replica (Secrets Store CSI driver). Default: []'),
  parameters: z.array(z.string()).default([])
    .describe('Names of `parameters.items` this workload reads, in its own region. Default: []'),
});

const NamespaceInput = z.strictObject({
  configMaps: z.record(ObjectName, ConfigMapInput).default({}).describe('ConfigMaps by name. Default: {}'),
  serviceAccounts: z.record(ObjectName, ServiceAccountInput).default({})
    .describe('Workloads by service account: each gets an EKS Pod Identity association and a role that reads only its region\'s replicas of what it names. Default: {}'),
});

const AppCidr = z.string().refine((value) => parseCidr(value) !== undefined, {
  error: (i) => `${shown(i.input)} is not an IPv4 CIDR with zero host bits`,
});

export const ClustersSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('An EKS cluster in every region and a `cluster-<region>` stack applying the namespaces below to it. Default: false'),
  kubernetesVersion: z.string().default('1.33').describe('Kubernetes version of every cluster. Default: 1.33'),
  supportType: z.enum(['STANDARD', 'EXTENDED'], { error: (i) => `${shown(i.input)} is not an EKS support type; allowed: STANDARD, EXTENDED` })
    .default('STANDARD').describe('upgrade_policy.support_type. EXTENDED keeps a version 12 more months at extra cost. Default: STANDARD'),
  publicEndpoint: z.boolean().default(false).describe('Open the API server endpoint to the internet, limited to publicAccessCidrs. Default: false (private endpoint only)'),
  publicAccessCidrs: z.array(AppCidr).default([]).describe('CIDRs allowed to reach a public endpoint; required when publicEndpoint is true. Default: []'),
  logTypes: z.array(z.enum(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'])).default(['api', 'audit', 'authenticator'])
    .describe('Control-plane log types; api, audit and authenticator are required. Default: [api, audit, authenticator]'),
  zonalShift: z.boolean().default(true).describe('ARC zonal shift for the cluster. Default: true'),
  admins: z.array(z.string()).default([]).describe('IAM role ARNs given cluster admin through access entries. Default: []'),
  viewers: z.array(z.string()).default([]).describe('IAM role ARNs given read-only (AmazonEKSViewPolicy) access. Default: []'),
  nodeGroup: z.strictObject({
    instanceTypes: z.array(z.string()).min(1).default(['m7g.large']).describe('Default: [m7g.large]'),
    minSize: z.number().int().min(1).default(2).describe('Default: 2'),
    desiredSize: z.number().int().min(1).default(3).describe('Default: 3'),
    maxSize: z.number().int().min(1).default(6).describe('Default: 6'),
    diskSizeGiB: z.number().int().min(20).default(50).describe('Encrypted root volume size. Default: 50'),
  }).prefault({}),
  addons: z.record(z.string(), z.string()).default({}).describe('Add-on versions by add-on name, overriding the pinned defaults. Default: {}'),
  namespaces: z.record(NamespaceName, NamespaceInput).default({}).describe('Namespaces applied to every cluster from this one definition. Default: {}'),
});

export type ClustersConfig = z.output<typeof ClustersSchema>;
export type NamespaceConfig = ClustersConfig['namespaces'][string];
export type ConfigMapConfig = NamespaceConfig['configMaps'][string];
export type ServiceAccountConfig = NamespaceConfig['serviceAccounts'][string];
