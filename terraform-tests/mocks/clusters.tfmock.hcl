# Clusters tier (EKS). Realistic ARNs and IDs: the provider validates ARN-typed arguments even under mocks.
mock_resource "aws_eks_cluster" {
  defaults = {
    arn      = "arn:aws:eks:{region}:{account}:cluster/shop-prod-eks"
    endpoint = "https://0123456789ABCDEF0123456789ABCDEF.gr7.{region}.eks.amazonaws.com"
  }
}
mock_resource "aws_eks_node_group" {
  defaults = {
    arn = "arn:aws:eks:{region}:{account}:nodegroup/shop-prod-eks/shop-prod-eks-nodes/0123abcd-0123-abcd-0123-0123456789ab"
  }
}
mock_resource "aws_eks_addon" {
  defaults = {
    arn = "arn:aws:eks:{region}:{account}:addon/shop-prod-eks/vpc-cni/0123abcd-0123-abcd-0123-0123456789ab"
  }
}
mock_resource "aws_eks_access_entry" {
  defaults = {
    access_entry_arn = "arn:aws:eks:{region}:{account}:access-entry/shop-prod-eks/role/{account}/shop-prod-platform-admin/0123abcd-0123-abcd-0123-0123456789ab"
  }
}
mock_resource "aws_eks_pod_identity_association" {
  defaults = {
    association_arn = "arn:aws:eks:{region}:{account}:podidentityassociation/shop-prod-eks/a-0123456789abcdef0"
    association_id  = "a-0123456789abcdef0"
  }
}
mock_resource "aws_launch_template" {
  defaults = {
    id             = "lt-0123456789abcdef0"
    arn            = "arn:aws:ec2:{region}:{account}:launch-template/lt-0123456789abcdef0"
    latest_version = 1
  }
}
mock_resource "aws_vpc_endpoint" {
  defaults = {
    id  = "vpce-0123456789abcdef0"
    arn = "arn:aws:ec2:{region}:{account}:vpc-endpoint/vpce-0123456789abcdef0"
  }
}
