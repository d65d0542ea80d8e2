# requires: aws_iam_role.clusters_roles_us-east-1_pod_shop_api_role aws_iam_role_policy.clusters_roles_eu-west-1_pod_shop_api_policy
# The default config's cluster roles (IAM is global, so they live here): who may assume each, which managed policies
# they carry, and that a workload role reads only its own region's copies of what the config names.

run "cluster_role_trust" {
  command = plan

  assert {
    condition     = [for statement in jsondecode(aws_iam_role.clusters_roles_us-east-1_cluster_role.assume_role_policy).Statement : statement.Principal.Service] == ["eks.amazonaws.com"] && [for statement in jsondecode(aws_iam_role.clusters_roles_us-east-1_node_role.assume_role_policy).Statement : statement.Principal.Service] == ["ec2.amazonaws.com"]
    error_message = "Only EKS assumes the cluster role and only EC2 the node role."
  }

  assert {
    condition = alltrue([for role in [aws_iam_role.clusters_roles_us-east-1_pod_shop_api_role, aws_iam_role.clusters_roles_eu-west-1_pod_shop_api_role, aws_iam_role.clusters_roles_us-east-1_cloudwatch_agent_role] :
      [for statement in jsondecode(role.assume_role_policy).Statement : [statement.Principal.Service, statement.Action]] == [["pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]]]
    ])
    error_message = "Pod Identity roles are assumed by pods.eks.amazonaws.com only, with sts:AssumeRole and sts:TagSession."
  }

  assert {
    condition     = aws_iam_role.clusters_roles_eu-west-1_pod_shop_api_role.name == "shop-prod-eu-west-1-eks-shop-api" && aws_iam_role.clusters_roles_us-east-1_cluster_role.name == "shop-prod-us-east-1-eks-cluster"
    error_message = "Role names carry the region, so regional stacks derive their ARNs from the config."
  }

  assert {
    condition = toset([aws_iam_role_policy_attachment.clusters_roles_us-east-1_node_AmazonEKSWorkerNodePolicy.policy_arn, aws_iam_role_policy_attachment.clusters_roles_us-east-1_node_AmazonEC2ContainerRegistryReadOnly.policy_arn, aws_iam_role_policy_attachment.clusters_roles_us-east-1_node_AmazonEKS_CNI_Policy.policy_arn]) == toset([
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    ]) && aws_iam_role_policy_attachment.clusters_roles_us-east-1_cluster_AmazonEKSClusterPolicy.policy_arn == "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
    error_message = "The cluster and node roles carry the AWS-managed EKS policies."
  }
}

# The policy names the multi-region key's ID, known after apply.
run "workload_reads_own_region" {
  assert {
    condition     = jsondecode(aws_iam_role_policy.clusters_roles_eu-west-1_cluster_secrets_key.policy).Statement[0].Resource == "arn:aws:kms:eu-west-1:${data.aws_caller_identity.account.account_id}:key/${aws_kms_key.kms_primary.key_id}"
    error_message = "The cluster role of eu-west-1 encrypts Kubernetes secrets with eu-west-1's copy of the key only."
  }

  assert {
    condition = alltrue(flatten([for region, policy in { "us-east-1" = aws_iam_role_policy.clusters_roles_us-east-1_pod_shop_api_policy.policy, "eu-west-1" = aws_iam_role_policy.clusters_roles_eu-west-1_pod_shop_api_policy.policy } : [
      for statement in jsondecode(policy).Statement : [for resource in flatten([statement.Resource]) : startswith(resource, "arn:aws:${split(":", statement.Action == "kms:Decrypt" ? "kms:x" : statement.Action[0])[0]}:${region}:")]
    ]]))
    error_message = "A workload role's every resource (secret, parameter, key) is in its own region."
  }

  assert {
    condition     = [for statement in jsondecode(aws_iam_role_policy.clusters_roles_eu-west-1_pod_shop_api_policy.policy).Statement : [for resource in flatten([statement.Resource]) : regex("^arn:aws:[a-z]+:eu-west-1:[0-9]{12}:(.*)$", resource)[0]]] == [["secret:shop-prod/payments/api-key-??????"], ["parameter/shop/prod/app/log-level"], ["key/${aws_kms_key.kms_primary.key_id}"]]
    error_message = "The shop/api role reads only secret payments/api-key, parameter /shop/prod/app/log-level and the region's key (config: clusters.namespaces.shop.serviceAccounts.api)."
  }

  assert {
    condition     = [for statement in jsondecode(aws_iam_role_policy.clusters_roles_eu-west-1_pod_shop_api_policy.policy).Statement : lookup(statement, "Condition", null)][2] == { StringEquals = { "kms:ViaService" = ["secretsmanager.eu-west-1.amazonaws.com"] } }
    error_message = "The key decrypts only through Secrets Manager in the role's region (the parameter is a String: no ssm decrypt)."
  }
}
