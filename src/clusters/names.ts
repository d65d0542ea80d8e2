import type { Names } from '../base/names';

/**
 * Deterministic cluster names. EKS names are unique per region, so the cluster stack finds its region's cluster
 * by name (data sources in its own region), and global IAM roles are named per region.
 */
export class ClusterNames {
  constructor(private readonly names: Names) {}

  /** The EKS cluster of `region`; the same name in every region, so kubeconfig contexts differ only by region. */
  cluster(): string {
    return this.names.resource('eks');
  }

  /** Control-plane log group (EKS fixes the name: /aws/eks/<cluster>/cluster). */
  logGroup(): string {
    return `/aws/eks/${this.cluster()}/cluster`;
  }

  /**
   * A Container Insights log group of the cluster (`application`, `dataplane`, `host`, `performance`): the names the
   * CloudWatch agent and Fluent Bit of the observability add-on write to (CloudWatch User Guide, "Set up Fluent Bit as
   * a DaemonSet to send logs to CloudWatch Logs").
   */
  containerInsightsLogGroup(kind: string): string {
    return `/aws/containerinsights/${this.cluster()}/${kind}`;
  }

  /** The managed node group, its launch template and the security group of the cluster's VPC endpoints. */
  nodeGroup(): string {
    return `${this.cluster()}-nodes`;
  }

  launchTemplate(): string {
    return this.nodeGroup();
  }

  endpointSecurityGroup(): string {
    return `${this.cluster()}-endpoints`;
  }

  /** IAM roles (global stack), one set per region: `<prefix>-<region>-eks-<purpose>`. */
  clusterRole(region: string): string {
    return this.names.resource(region, 'eks', 'cluster');
  }

  nodeRole(region: string): string {
    return this.names.resource(region, 'eks', 'node');
  }

  /** Pod Identity role of the CloudWatch agent (amazon-cloudwatch-observability add-on). */
  cloudwatchAgentRole(region: string): string {
    return this.names.resource(region, 'eks', 'cloudwatch-agent');
  }

  /** Pod Identity role of one declared workload: reads only `region`'s replicas of what it names. */
  podRole(region: string, namespace: string, serviceAccount: string): string {
    return this.names.resource(region, 'eks', namespace, serviceAccount);
  }

  /** Every role name derived for `region`, for the IAM length check. */
  roles(region: string, serviceAccounts: readonly { namespace: string; serviceAccount: string }[]): string[] {
    return [
      this.clusterRole(region),
      this.nodeRole(region),
      this.cloudwatchAgentRole(region),
      ...serviceAccounts.map(({ namespace, serviceAccount }) => this.podRole(region, namespace, serviceAccount)),
    ];
  }
}

/** A Terraform-safe id part of a Kubernetes name: `.` (the only character Terraform names refuse) becomes `_`. */
export const k8sId = (name: string): string => name.replace(/\./g, '_');
