import type { Names } from '../config/names';

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
}
