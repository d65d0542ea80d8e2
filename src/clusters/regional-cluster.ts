import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack, Token } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { ITerraformDependable } from 'cdktf';
import type { NetworkPlacement } from '../network/regional-network';
import { accountId } from '../iam/account';
import { roleArn } from '../iam/policy';
import { amiType } from './config';
import { ClusterNames, k8sId } from './names';
import { observabilityAddonConfiguration } from './observability-addon';
import { describeEksDifference, eksParity, type RegionalStackJson } from './eks-parity';
import { metricAlarm } from '../cloudwatch/metric-alarm';
import type { Signal } from '../tiers/signal';
import { regionlessArn } from '../base/partition';

/** What a region's EKS cluster is, decided by the tier from the config (`src/clusters/tier.ts`). */
export interface RegionalClusterProps {
  /** The cluster's names: cluster, node group, launch template, log groups, and the IAM roles (global stack). */
  readonly names: ClusterNames;
  /** The region the cluster is in. */
  readonly region: string;
  /** This region's VPC and private subnets: the control plane's ENIs, the nodes and the interface endpoints. */
  readonly network: NetworkPlacement;
  /** Kubernetes version of the control plane; the nodes follow it. */
  readonly kubernetesVersion: string;
  /** EKS support type after standard support ends (`STANDARD`, `EXTENDED`). */
  readonly supportType: string;
  /** Control-plane log types sent to CloudWatch Logs. */
  readonly logTypes: readonly string[];
  /** ARC zonal shift for the cluster. */
  readonly zonalShift: boolean;
  /**
   * The public API endpoint, for `publicAccessCidrs` only.
   * @default false: private endpoint only
   */
  readonly publicEndpoint?: boolean;
  /**
   * Who reaches the public endpoint (only with `publicEndpoint`).
   * @default none
   */
  readonly publicAccessCidrs?: readonly string[];
  /** CIDRs that reach the private endpoint on 443: the runners that apply the cluster stacks. */
  readonly apiAccessCidrs: readonly string[];
  /** IAM principal ARNs given cluster admin through access entries. */
  readonly admins: readonly string[];
  /** IAM principal ARNs given read-only access through access entries. */
  readonly viewers: readonly string[];
  /** The version of every managed add-on, by add-on name. */
  readonly addonVersions: Readonly<Record<string, string>>;
  /** The managed node group: instance types (their architecture picks the AMI), disk size and scaling. */
  readonly nodeGroup: {
    readonly instanceTypes: readonly string[];
    readonly diskSizeGiB: number;
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
  };
  /** The service accounts given a Pod Identity role of their own (`names.podRole`). */
  readonly serviceAccounts: readonly { readonly namespace: string; readonly serviceAccount: string }[];
  /** The region's alarms, and the topic they notify. */
  readonly alarms: { readonly signals: readonly Signal[]; readonly topicArn: string };
  /** This region's copy of the multi-region key: Kubernetes secrets, the control-plane log group, node volumes. */
  readonly kmsKeyArn: string;
  /**
   * Days the control-plane logs are kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/** The log groups Container Insights writes to (application and node logs, performance events). */
const CONTAINER_INSIGHTS_LOGS = ['application', 'dataplane', 'host', 'performance'];

/** An EKS access policy in `region`'s partition (Amazon EKS User Guide, "Associate access policies with access entries"). */
const accessPolicyArn = (region: string, name: string): string =>
  regionlessArn('eks', region, 'aws', `cluster-access-policy/${name}`);

/** Add-ons the nodes need to become Ready (networking, Pod Identity): created before the node group. */
const BEFORE_NODES = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];

/**
 * Interface endpoints that let nodes in the private subnets (no NAT, no internet gateway) join the cluster and run
 * the add-ons (Amazon EKS User Guide, "Deploy private clusters with limited internet access",
 * https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html): images (ECR; S3, for the layers, through the
 * network's gateway endpoint), EC2,
 * STS, CloudWatch Logs, Pod Identity (eks-auth), CloudWatch metrics and X-Ray for the agent, Secrets Manager and
 * Parameter Store for the Secrets Store CSI provider.
 */
export const CLUSTER_ENDPOINT_SERVICES = [
  'ec2',
  'ecr.api',
  'ecr.dkr',
  'sts',
  'logs',
  'eks-auth',
  'monitoring',
  'xray',
  'secretsmanager',
  'ssm',
];

/** The synthesized stacks of `app` that hold a regional cluster, keyed by its region, in creation (config) order. */
function regionalClusterStacks(app: Construct): Map<string, RegionalStackJson> {
  const stacks = new Map<string, RegionalStackJson>();
  for (const stack of app.node.children) {
    if (!(stack instanceof TerraformStack)) continue;
    const cluster = stack.node.tryFindChild('clusters');
    if (cluster instanceof RegionalCluster) stacks.set(cluster.region, stack.toTerraform() as RegionalStackJson);
  }
  return stacks;
}

/** `arn:aws:iam::1:role/path/ops-admin` -> `ops-admin`, a Terraform-safe id of an access entry. */
const principalId = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * One region's EKS cluster. It has no primary or secondary role: every region runs the same cluster, workloads are
 * active-active and each reads its own region's replicas. Its IAM roles live in the global stack; their ARNs are
 * derived from names here.
 */
export class RegionalCluster extends Construct {
  readonly cluster: EksCluster;
  readonly region: string;

  constructor(scope: Construct, id: string, props: RegionalClusterProps) {
    super(scope, id);
    const { names, region, network } = props;
    this.region = region;
    const account = accountId(this);
    const role = (name: string) => roleArn(region, account, name);

    // Created before the cluster: EKS would otherwise create it itself, unencrypted and kept forever.
    const logGroup = new CloudwatchLogGroup(this, 'log_group', {
      name: names.logGroup(),
      kmsKeyId: props.kmsKeyArn,
      retentionInDays: props.logRetentionDays ?? 365,
    });

    this.cluster = new EksCluster(this, 'cluster', {
      name: names.cluster(),
      version: props.kubernetesVersion,
      roleArn: role(names.clusterRole(region)),
      vpcConfig: {
        subnetIds: network.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: props.publicEndpoint ?? false,
        ...(props.publicEndpoint ? { publicAccessCidrs: [...(props.publicAccessCidrs ?? [])] } : {}),
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: props.kmsKeyArn } },
      enabledClusterLogTypes: [...props.logTypes],
      accessConfig: {
        authenticationMode: 'API',
        // Fixed at creation (changing it replaces the cluster): whoever runs Terraform gets no hidden admin entry;
        // admins are the access entries below, visible and removable.
        bootstrapClusterCreatorAdminPermissions: false,
      },
      // Also fixed at creation: vpc-cni, kube-proxy and coredns are managed add-ons below, with pinned versions.
      bootstrapSelfManagedAddons: false,
      upgradePolicy: { supportType: props.supportType },
      zonalShiftConfig: { enabled: props.zonalShift },
      dependsOn: [logGroup],
    });

    // The private endpoint answers only inside the VPC: admit the runners that apply the cluster stacks, by CIDR.
    for (const cidr of props.apiAccessCidrs) {
      new VpcSecurityGroupIngressRule(this, `api_access_${cidr.replace(/[./]/g, '_')}`, {
        securityGroupId: this.cluster.vpcConfig.clusterSecurityGroupId,
        description: `Kubernetes API from ${cidr} (clusters.apiAccessCidrs)`,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    }

    this.accessEntries('admin', props.admins, accessPolicyArn(region, 'AmazonEKSClusterAdminPolicy'));
    this.accessEntries('viewer', props.viewers, accessPolicyArn(region, 'AmazonEKSViewPolicy'));

    const endpoints = this.endpoints(names, network, region);

    const versions = props.addonVersions;
    const addon = (
      name: string,
      dependsOn: ITerraformDependable[],
      extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {},
    ) =>
      new EksAddon(this, `addon_${name.replace(/-/g, '_')}`, {
        clusterName: this.cluster.name,
        addonName: name,
        addonVersion: versions[name],
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        dependsOn,
        ...extra,
      });
    const early = BEFORE_NODES.map((name) => addon(name, []));

    const launchTemplate = new LaunchTemplate(this, 'launch_template', {
      name: names.launchTemplate(),
      updateDefaultVersion: true,
      // IMDSv2 only. Hop limit 2: the CloudWatch agent and the CSI provider pods read instance metadata (region,
      // instance ID); pods get AWS credentials from Pod Identity, and the node role carries only node policies.
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 2 },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: props.nodeGroup.diskSizeGiB,
            volumeType: 'gp3',
            encrypted: 'true',
            kmsKeyId: props.kmsKeyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
    });
    const nodeGroup = new EksNodeGroup(this, 'node_group', {
      clusterName: this.cluster.name,
      nodeGroupName: names.nodeGroup(),
      nodeRoleArn: role(names.nodeRole(region)),
      // The cluster's version, read back: a kubernetesVersion bump upgrades the control plane, then the nodes.
      version: this.cluster.version,
      subnetIds: network.subnetIds,
      amiType: amiType(props.nodeGroup.instanceTypes),
      instanceTypes: [...props.nodeGroup.instanceTypes],
      scalingConfig: {
        minSize: props.nodeGroup.minSize,
        desiredSize: props.nodeGroup.desiredSize,
        maxSize: props.nodeGroup.maxSize,
      },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
      dependsOn: [...early, ...endpoints],
    });

    addon('coredns', [nodeGroup]);
    // The add-on's agents would create these unencrypted and kept forever: created first, with the key and retention.
    const insights = CONTAINER_INSIGHTS_LOGS.map(
      (kind) =>
        new CloudwatchLogGroup(this, `insights_${kind}_group`, {
          name: names.containerInsightsLogGroup(kind),
          kmsKeyId: props.kmsKeyArn,
          retentionInDays: props.logRetentionDays ?? 365,
        }),
    );
    // The agent's own region-wide groups, likewise: Application Signals data (CloudWatch User Guide, "Application
    // Signals", log group /aws/application-signals/data) and the logs its OTLP endpoint receives ("Receive OTLP data":
    // /aws/cwagent/otlp). One per account and region: a second deployment in the same account and region imports them.
    const agentGroups = [
      ['application_signals_group', '/aws/application-signals/data'],
      ['otlp_group', '/aws/cwagent/otlp'],
    ].map(
      ([id, name]) =>
        new CloudwatchLogGroup(this, id, {
          name,
          kmsKeyId: props.kmsKeyArn,
          retentionInDays: props.logRetentionDays ?? 365,
        }),
    );
    addon('amazon-cloudwatch-observability', [nodeGroup, ...insights, ...agentGroups], {
      configurationValues: observabilityAddonConfiguration(),
      podIdentityAssociation: [
        { serviceAccount: 'cloudwatch-agent', roleArn: role(names.cloudwatchAgentRole(region)) },
      ],
    });
    // Secret syncing on: the cluster stacks mirror mounted secrets into Kubernetes Secrets (SecretProviderClass secretObjects).
    addon('aws-secrets-store-csi-driver-provider', [nodeGroup], {
      configurationValues: JSON.stringify({ 'secrets-store-csi-driver': { syncSecret: { enabled: true } } }),
    });

    for (const { namespace, serviceAccount } of props.serviceAccounts) {
      new EksPodIdentityAssociation(this, `pod_identity_${k8sId(namespace)}_${k8sId(serviceAccount)}`, {
        clusterName: this.cluster.name,
        namespace,
        serviceAccount,
        roleArn: role(names.podRole(region, namespace, serviceAccount)),
      });
    }

    for (const signal of props.alarms.signals) metricAlarm(this, signal, { topicArn: props.alarms.topicArn });

    // Parity is a guard: every synth compares the regions' add-ons, Pod Identity associations and access entries (the
    // user's constructs and overrides included) and fails this region's stack on a difference of its own.
    this.node.addValidation({
      validate: () =>
        eksParity(regionalClusterStacks(TerraformStack.of(this).node.scope!))
          .filter((difference) => difference.region === region)
          .map(
            (difference) =>
              `[EKS_PARITY] ${describeEksDifference(
                difference,
              )}; the config gives every region the same add-ons, service accounts and access entries: make the regions alike`,
          ),
    });

    new TerraformOutput(this, 'name', { value: this.cluster.name, description: `EKS cluster in ${region}` });
    new TerraformOutput(this, 'endpoint', {
      value: this.cluster.endpoint,
      description: `API server endpoint of the EKS cluster in ${region} (private unless clusters.publicEndpoint)`,
    });
  }

  private accessEntries(kind: string, principals: readonly string[], policyArn: string): void {
    for (const principalArn of principals) {
      const id = `${kind}_${principalId(principalArn)}`;
      const entry = new EksAccessEntry(this, `${id}_entry`, {
        clusterName: this.cluster.name,
        principalArn,
        type: 'STANDARD',
      });
      new EksAccessPolicyAssociation(this, `${id}_policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn,
        accessScope: { type: 'cluster' },
      });
    }
  }

  private endpoints(names: ClusterNames, network: NetworkPlacement, region: string): VpcEndpoint[] {
    const securityGroup = new SecurityGroup(this, 'endpoint_security_group', {
      name: names.endpointSecurityGroup(),
      description: 'HTTPS from the VPC to the interface endpoints of the EKS nodes',
      vpcId: network.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: names.endpointSecurityGroup() },
    });
    new VpcSecurityGroupIngressRule(this, 'endpoint_ingress', {
      securityGroupId: securityGroup.id,
      description: `HTTPS from ${network.vpcCidr}`,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: network.vpcCidr,
    });
    return CLUSTER_ENDPOINT_SERVICES.map(
      (service) =>
        new VpcEndpoint(this, `endpoint_${service.replace(/[.-]/g, '_')}`, {
          vpcId: network.vpcId,
          serviceName: `com.amazonaws.${region}.${service}`,
          vpcEndpointType: 'Interface',
          subnetIds: network.subnetIds,
          securityGroupIds: [securityGroup.id],
          privateDnsEnabled: true,
          tags: { Name: `${names.cluster()}-${service}` },
        }),
    );
  }
}
