import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import {
  managedPolicyArn,
  podIdentityTrustPolicy,
  policyDocument,
  serviceTrustPolicy,
  type PolicyStatement,
} from '../iam/policy';
import { k8sId, type ClusterNames } from './names';

/** What one workload reads in its region: the ARNs of that region's secret replicas and parameters. */
export interface WorkloadAccess {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly secretArns: readonly string[];
  readonly parameterArns: readonly string[];
  /** Some of the parameters are SecureStrings: reading them decrypts with the region's key through Parameter Store. */
  readonly readsSecureStrings: boolean;
}

export interface ClusterRolesProps {
  /** Provider the IAM calls go through (IAM is global; any region's provider reaches it). */
  readonly provider: TerraformProvider;
  readonly names: ClusterNames;
  /** The region whose cluster uses these roles; part of every role name. */
  readonly region: string;
  readonly account: string;
  /** ARN of the multi-region key in `region` (secrets replicas and SecureStrings there are encrypted with it). */
  readonly regionKeyArn: string;
  /** The workloads of `region`'s cluster. */
  readonly workloads: readonly WorkloadAccess[];
}

/** Managed policies by role (Amazon EKS User Guide, "Amazon EKS cluster IAM role" and "Amazon EKS node IAM role"). */
const CLUSTER_POLICIES = ['AmazonEKSClusterPolicy'];
/** The VPC CNI runs with the node role's AmazonEKS_CNI_Policy: one role less than Pod Identity for aws-node, same pods. */
const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy'];
/** The CloudWatch agent (Container Insights, Application Signals, OTLP): metrics, logs and X-Ray traces. */
const CLOUDWATCH_AGENT_POLICIES = ['CloudWatchAgentServerPolicy', 'AWSXrayWriteOnlyAccess'];

/**
 * The IAM roles of one region's cluster, in the global stack (IAM is global: a regional stack holding them could not
 * refresh during a us-east-1 outage). The regional cluster derives their ARNs from the same names.
 */
export class ClusterRoles extends Construct {
  private readonly provider: TerraformProvider;
  /** The cluster's region: its partition is the managed policies'. */
  private readonly region: string;

  constructor(scope: Construct, id: string, props: ClusterRolesProps) {
    super(scope, id);
    this.provider = props.provider;
    this.region = props.region;
    const { names, region } = props;
    const cluster = this.role(
      'cluster',
      names.clusterRole(region),
      serviceTrustPolicy('eks.amazonaws.com'),
      CLUSTER_POLICIES,
    );
    // Envelope encryption of Kubernetes secrets with the region's key (Amazon EKS User Guide, "Encrypt Kubernetes
    // secrets with KMS on existing clusters": the cluster role needs these on the key).
    new IamRolePolicy(this, 'cluster_secrets_key', {
      provider: this.provider,
      role: cluster.id,
      name: 'secrets-encryption',
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
          Resource: props.regionKeyArn,
        },
      ]),
    });
    this.role('node', names.nodeRole(region), serviceTrustPolicy('ec2.amazonaws.com'), NODE_POLICIES);
    this.role(
      'cloudwatch_agent',
      names.cloudwatchAgentRole(region),
      podIdentityTrustPolicy(),
      CLOUDWATCH_AGENT_POLICIES,
    );
    for (const workload of props.workloads) {
      const id = `pod_${k8sId(workload.namespace)}_${k8sId(workload.serviceAccount)}`;
      const role = this.role(
        id,
        names.podRole(region, workload.namespace, workload.serviceAccount),
        podIdentityTrustPolicy(),
        [],
      );
      const statements = workloadStatements(region, props.regionKeyArn, workload);
      if (statements.length > 0) {
        new IamRolePolicy(this, `${id}_policy`, {
          provider: props.provider,
          role: role.id,
          name: 'read-own-region',
          policy: policyDocument(statements),
        });
      }
    }
  }

  private role(id: string, name: string, trust: string, managed: readonly string[]): IamRole {
    const role = new IamRole(this, `${id}_role`, { provider: this.provider, name, assumeRolePolicy: trust });
    for (const policy of managed) {
      new IamRolePolicyAttachment(this, `${id}_${policy}`, {
        provider: this.provider,
        role: role.name,
        policyArn: managedPolicyArn(this.region, policy),
      });
    }
    return role;
  }
}

/**
 * Read access to `region`'s copies only: the secret replicas and parameters of that region, and the region's key
 * only through Secrets Manager or Parameter Store there (kms:ViaService), so another region's outage or copy is
 * never in the path.
 */
export function workloadStatements(region: string, regionKeyArn: string, workload: WorkloadAccess): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const viaServices: string[] = [];
  if (workload.secretArns.length > 0) {
    statements.push({
      Sid: 'ReadSecretsInRegion',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: workload.secretArns,
    });
    viaServices.push(`secretsmanager.${region}.amazonaws.com`);
  }
  if (workload.parameterArns.length > 0) {
    statements.push({
      Sid: 'ReadParametersInRegion',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters'],
      Resource: workload.parameterArns,
    });
    if (workload.readsSecureStrings) viaServices.push(`ssm.${region}.amazonaws.com`);
  }
  if (viaServices.length > 0) {
    statements.push({
      Sid: 'DecryptViaServiceInRegion',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: regionKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': viaServices } },
    });
  }
  return statements;
}
