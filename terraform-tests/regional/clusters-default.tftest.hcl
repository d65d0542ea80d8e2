# requires: aws_eks_access_entry.clusters_admin_shop-prod-platform-admin_entry aws_eks_pod_identity_association.clusters_pod_identity_shop_api
# The default config's clusters: Kubernetes 1.35 on standard support, private endpoint only, the default node group
# and add-on versions, one admin, and the shop/api workload's Pod Identity.

variables {
  database_master_password = ""
}

run "default_cluster" {
  command = plan

  assert {
    condition     = aws_eks_cluster.clusters_cluster.version == "1.35" && aws_eks_node_group.clusters_node_group.version == "1.35" && one(aws_eks_cluster.clusters_cluster.upgrade_policy).support_type == "STANDARD" && one(aws_eks_cluster.clusters_cluster.zonal_shift_config).enabled == true
    error_message = "Control plane and nodes on Kubernetes 1.35, standard support, zonal shift on (clusters.kubernetesVersion, supportType, zonalShift defaults)."
  }

  assert {
    condition     = one(aws_eks_cluster.clusters_cluster.vpc_config).endpoint_public_access == false && aws_eks_cluster.clusters_cluster.enabled_cluster_log_types == toset(["api", "audit", "authenticator"])
    error_message = "Private endpoint only, and the three required log types (clusters.publicEndpoint, logTypes defaults)."
  }

  assert {
    condition     = one(aws_eks_node_group.clusters_node_group.scaling_config).min_size == 2 && one(aws_eks_node_group.clusters_node_group.scaling_config).desired_size == 3 && one(aws_eks_node_group.clusters_node_group.scaling_config).max_size == 6 && aws_eks_node_group.clusters_node_group.instance_types == tolist(["m7g.large"]) && aws_eks_node_group.clusters_node_group.ami_type == "AL2023_ARM_64_STANDARD"
    error_message = "The default node group: 2/3/6 Graviton m7g.large nodes on Amazon Linux 2023 arm64."
  }

  assert {
    condition     = one(one(aws_launch_template.clusters_launch_template.block_device_mappings).ebs).volume_size == 50
    error_message = "50 GiB root volumes (clusters.nodeGroup.diskSizeGiB default)."
  }

  assert {
    condition = {
      for addon in [aws_eks_addon.clusters_addon_vpc_cni, aws_eks_addon.clusters_addon_kube_proxy, aws_eks_addon.clusters_addon_coredns, aws_eks_addon.clusters_addon_eks_pod_identity_agent, aws_eks_addon.clusters_addon_amazon_cloudwatch_observability, aws_eks_addon.clusters_addon_aws_secrets_store_csi_driver_provider] : addon.addon_name => addon.addon_version
      } == {
      "vpc-cni"                               = "v1.21.1-eksbuild.3"
      "kube-proxy"                            = "v1.35.0-eksbuild.2"
      "coredns"                               = "v1.13.2-eksbuild.3"
      "eks-pod-identity-agent"                = "v1.3.10-eksbuild.2"
      "amazon-cloudwatch-observability"       = "v8.0.0-eksbuild.1"
      "aws-secrets-store-csi-driver-provider" = "v2.1.1-eksbuild.1"
    }
    error_message = "The pinned default add-on versions (src/clusters/config.ts ADDON_DEFAULTS)."
  }

  assert {
    condition     = aws_eks_access_entry.clusters_admin_shop-prod-platform-admin_entry.principal_arn == "arn:aws:iam::123456789012:role/shop-prod-platform-admin" && aws_eks_access_policy_association.clusters_admin_shop-prod-platform-admin_policy.policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" && one(aws_eks_access_policy_association.clusters_admin_shop-prod-platform-admin_policy.access_scope).type == "cluster"
    error_message = "The configured admin gets cluster-wide AmazonEKSClusterAdminPolicy through an access entry."
  }

  assert {
    condition     = aws_eks_pod_identity_association.clusters_pod_identity_shop_api.namespace == "shop" && aws_eks_pod_identity_association.clusters_pod_identity_shop_api.service_account == "api" && endswith(aws_eks_pod_identity_association.clusters_pod_identity_shop_api.role_arn, "-eks-shop-api")
    error_message = "The shop/api service account gets its region's workload role."
  }
}
