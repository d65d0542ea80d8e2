# Database tier. Realistic ARNs and endpoints: the provider validates ARN-typed arguments even under mocks,
# and outputs should look like what operators will see.
mock_resource "aws_rds_global_cluster" {
  defaults = {
    arn      = "arn:aws:rds::123456789012:global-cluster:shop-prod-db"
    endpoint = "shop-prod-db.global-abcdefghij.global.rds.amazonaws.com"
  }
}
mock_resource "aws_rds_cluster" {
  defaults = {
    arn             = "arn:aws:rds:us-east-1:123456789012:cluster:shop-prod-db-us-east-1"
    endpoint        = "shop-prod-db-us-east-1.cluster-abcdefghij.us-east-1.rds.amazonaws.com"
    reader_endpoint = "shop-prod-db-us-east-1.cluster-ro-abcdefghij.us-east-1.rds.amazonaws.com"
  }
}
mock_resource "aws_rds_cluster_instance" {
  defaults = {
    arn = "arn:aws:rds:us-east-1:123456789012:db:shop-prod-db-us-east-1-0"
  }
}
mock_resource "aws_db_instance" {
  defaults = {
    arn     = "arn:aws:rds:us-east-1:123456789012:db:shop-prod-db-us-east-1"
    address = "shop-prod-db-us-east-1.abcdefghij.us-east-1.rds.amazonaws.com"
  }
}
mock_resource "aws_security_group" {
  defaults = {
    id  = "sg-0123456789abcdef0"
    arn = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0"
  }
}
