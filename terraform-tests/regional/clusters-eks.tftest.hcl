# requires: aws_eks_cluster.clusters_cluster aws_eks_node_group.clusters_node_group aws_launch_template.clusters_launch_template aws_subnet.network_private_2
# Every region's EKS cluster, whatever the config: secrets encrypted with the region's key, control-plane logs into a
# KMS-encrypted log group kept a year and created first, private endpoint on, access entries only, IMDSv2 and
# encrypted node volumes, the six add-ons, and the CloudWatch agent's Pod Identity.

variables {
  database_master_password = ""
}

run "cluster" {
  command = plan

  assert {
    condition     = one(aws_eks_cluster.clusters_cluster.encryption_config).resources == toset(["secrets"]) && one(one(aws_eks_cluster.clusters_cluster.encryption_config).provider).key_arn == data.aws_kms_key.kms_key.arn
    error_message = "Kubernetes secrets must be envelope-encrypted with this region's copy of the multi-region key."
  }

  assert {
    condition     = length(setsubtract(["api", "audit", "authenticator"], aws_eks_cluster.clusters_cluster.enabled_cluster_log_types)) == 0
    error_message = "The api, audit and authenticator control-plane logs must be on."
  }

  assert {
    condition     = aws_cloudwatch_log_group.clusters_log_group.name == "/aws/eks/${aws_eks_cluster.clusters_cluster.name}/cluster" && aws_cloudwatch_log_group.clusters_log_group.retention_in_days >= 365 && aws_cloudwatch_log_group.clusters_log_group.kms_key_id == data.aws_kms_key.kms_key.arn
    error_message = "The control-plane log group must be the one EKS writes to, encrypted with the region's key and kept at least 365 days."
  }

  assert {
    condition     = one(aws_eks_cluster.clusters_cluster.vpc_config).endpoint_private_access == true
    error_message = "The API server must be reachable privately."
  }

  assert {
    condition     = one(aws_eks_cluster.clusters_cluster.vpc_config).endpoint_public_access == false ? true : (length(one(aws_eks_cluster.clusters_cluster.vpc_config).public_access_cidrs) > 0 && !contains(one(aws_eks_cluster.clusters_cluster.vpc_config).public_access_cidrs, "0.0.0.0/0"))
    error_message = "A public endpoint must be limited to listed CIDRs, never 0.0.0.0/0."
  }

  assert {
    condition     = one(aws_eks_cluster.clusters_cluster.access_config).authentication_mode == "API" && one(aws_eks_cluster.clusters_cluster.access_config).bootstrap_cluster_creator_admin_permissions == false && aws_eks_cluster.clusters_cluster.bootstrap_self_managed_addons == false
    error_message = "Access entries only (no aws-auth, no hidden creator admin), and no self-managed add-ons beside the managed ones."
  }

  assert {
    condition     = one(aws_launch_template.clusters_launch_template.metadata_options).http_tokens == "required" && one(aws_launch_template.clusters_launch_template.metadata_options).http_put_response_hop_limit == 2
    error_message = "Nodes must require IMDSv2 (hop limit 2)."
  }

  assert {
    condition     = one(one(aws_launch_template.clusters_launch_template.block_device_mappings).ebs).encrypted == "true" && one(one(aws_launch_template.clusters_launch_template.block_device_mappings).ebs).volume_type == "gp3" && one(one(aws_launch_template.clusters_launch_template.block_device_mappings).ebs).kms_key_id == data.aws_kms_key.kms_key.arn
    error_message = "Node root volumes must be gp3, encrypted with the region's key."
  }

  assert {
    condition = toset([for addon in [aws_eks_addon.clusters_addon_vpc_cni, aws_eks_addon.clusters_addon_kube_proxy, aws_eks_addon.clusters_addon_coredns, aws_eks_addon.clusters_addon_eks_pod_identity_agent, aws_eks_addon.clusters_addon_amazon_cloudwatch_observability, aws_eks_addon.clusters_addon_aws_secrets_store_csi_driver_provider] : addon.addon_name]) == toset([
      "vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent", "amazon-cloudwatch-observability", "aws-secrets-store-csi-driver-provider",
    ])
    error_message = "Every cluster gets the six managed add-ons."
  }

  assert {
    condition     = alltrue([for addon in [aws_eks_addon.clusters_addon_vpc_cni, aws_eks_addon.clusters_addon_kube_proxy, aws_eks_addon.clusters_addon_coredns, aws_eks_addon.clusters_addon_eks_pod_identity_agent, aws_eks_addon.clusters_addon_amazon_cloudwatch_observability, aws_eks_addon.clusters_addon_aws_secrets_store_csi_driver_provider] : can(regex("^v[0-9]+\\.[0-9]+\\.[0-9]+-eksbuild\\.[0-9]+$", addon.addon_version))])
    error_message = "Every add-on version is pinned to an EKS build."
  }

  assert {
    condition     = one(aws_eks_addon.clusters_addon_amazon_cloudwatch_observability.pod_identity_association).service_account == "cloudwatch-agent" && endswith(one(aws_eks_addon.clusters_addon_amazon_cloudwatch_observability.pod_identity_association).role_arn, "-eks-cloudwatch-agent")
    error_message = "The CloudWatch agent gets its region's Pod Identity role."
  }

  assert {
    condition     = jsondecode(aws_eks_addon.clusters_addon_amazon_cloudwatch_observability.configuration_values).otlp.enabled == true && jsondecode(aws_eks_addon.clusters_addon_amazon_cloudwatch_observability.configuration_values).agent.config.logs.metrics_collected.kubernetes.enhanced_container_insights == true && !contains(keys(jsondecode(aws_eks_addon.clusters_addon_amazon_cloudwatch_observability.configuration_values).agent.config), "opentelemetry")
    error_message = "The CloudWatch add-on runs enhanced Container Insights and the OTLP endpoint, with no opentelemetry section (its resource attributes would reach nothing without collect)."
  }

  assert {
    condition     = jsondecode(aws_eks_addon.clusters_addon_aws_secrets_store_csi_driver_provider.configuration_values)["secrets-store-csi-driver"].syncSecret.enabled == true
    error_message = "The Secrets Store CSI driver syncs mounted secrets into Kubernetes Secrets (the cluster stacks rely on it)."
  }
}

run "mocked_apply" {
  assert {
    condition     = one(aws_eks_cluster.clusters_cluster.vpc_config).subnet_ids == toset([for subnet in [aws_subnet.network_private_0, aws_subnet.network_private_1, aws_subnet.network_private_2] : subnet.id]) && aws_eks_node_group.clusters_node_group.subnet_ids == one(aws_eks_cluster.clusters_cluster.vpc_config).subnet_ids
    error_message = "The control plane's network interfaces and the nodes are in the region's private subnets."
  }

  assert {
    condition     = aws_eks_node_group.clusters_node_group.launch_template[0].id == aws_launch_template.clusters_launch_template.id && aws_eks_node_group.clusters_node_group.launch_template[0].version == tostring(aws_launch_template.clusters_launch_template.latest_version)
    error_message = "The node group launches from the IMDSv2 launch template, at its latest version."
  }

  assert {
    condition     = aws_eks_cluster.clusters_cluster.name == output.clusters_name && output.clusters_endpoint == aws_eks_cluster.clusters_cluster.endpoint
    error_message = "The stack outputs its cluster's name and endpoint after apply."
  }
}
