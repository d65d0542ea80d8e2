# requires: aws_eks_access_entry.clusters_viewer_orders-staging-support_entry
# examples/clusters-eks-2-regions.yaml: Kubernetes 1.33 on extended support, a public endpoint limited to two CIDRs,
# every control-plane log type, x86 nodes, a viewer, and pinned add-on overrides for 1.33.

variables {
  database_master_password = ""
}

run "public_extended_cluster" {
  command = plan

  assert {
    condition     = aws_eks_cluster.clusters_cluster.version == "1.33" && aws_eks_node_group.clusters_node_group.version == "1.33" && one(aws_eks_cluster.clusters_cluster.upgrade_policy).support_type == "EXTENDED" && one(aws_eks_cluster.clusters_cluster.zonal_shift_config).enabled == false
    error_message = "Control plane and nodes on Kubernetes 1.33, extended support, zonal shift off (clusters.kubernetesVersion, supportType, zonalShift)."
  }

  assert {
    condition     = one(aws_eks_cluster.clusters_cluster.vpc_config).endpoint_public_access == true && one(aws_eks_cluster.clusters_cluster.vpc_config).public_access_cidrs == toset(["203.0.113.0/24", "198.51.100.0/24"])
    error_message = "The public endpoint admits the configured CIDRs only (clusters.publicAccessCidrs)."
  }

  assert {
    condition     = aws_eks_cluster.clusters_cluster.enabled_cluster_log_types == toset(["api", "audit", "authenticator", "controllerManager", "scheduler"])
    error_message = "Every control-plane log type (clusters.logTypes)."
  }

  assert {
    condition     = one(aws_eks_node_group.clusters_node_group.scaling_config).min_size == 1 && one(aws_eks_node_group.clusters_node_group.scaling_config).desired_size == 2 && one(aws_eks_node_group.clusters_node_group.scaling_config).max_size == 4 && aws_eks_node_group.clusters_node_group.ami_type == "AL2023_x86_64_STANDARD" && one(one(aws_launch_template.clusters_launch_template.block_device_mappings).ebs).volume_size == 80
    error_message = "1/2/4 x86 nodes with 80 GiB volumes (clusters.nodeGroup)."
  }

  assert {
    condition     = aws_eks_addon.clusters_addon_kube_proxy.addon_version == "v1.33.3-eksbuild.4" && aws_eks_addon.clusters_addon_coredns.addon_version == "v1.12.1-eksbuild.2" && aws_eks_addon.clusters_addon_vpc_cni.addon_version == "v1.21.1-eksbuild.3"
    error_message = "clusters.addons overrides kube-proxy and coredns; the other add-ons keep their defaults."
  }

  assert {
    condition     = aws_eks_access_policy_association.clusters_viewer_orders-staging-support_policy.policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy" && aws_eks_access_policy_association.clusters_admin_orders-staging-platform_policy.policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    error_message = "The viewer gets AmazonEKSViewPolicy, the admin AmazonEKSClusterAdminPolicy."
  }
}
