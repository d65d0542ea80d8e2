# Database tier. Realistic ARNs and endpoints: the provider validates ARN-typed arguments even under mocks,
# and outputs should look like what operators will see.
mock_resource "aws_rds_global_cluster" {
  defaults = {
    arn      = "arn:aws:rds::{account}:global-cluster:shop-prod-db"
    endpoint = "shop-prod-db.global-abcdefghij.global.rds.amazonaws.com"
  }
}
mock_resource "aws_rds_cluster" {
  defaults = {
    arn             = "arn:aws:rds:{region}:{account}:cluster:shop-prod-db-{region}"
    endpoint        = "shop-prod-db-{region}.cluster-abcdefghij.{region}.rds.amazonaws.com"
    reader_endpoint = "shop-prod-db-{region}.cluster-ro-abcdefghij.{region}.rds.amazonaws.com"
  }
}
mock_resource "aws_rds_cluster_instance" {
  defaults = {
    arn = "arn:aws:rds:{region}:{account}:db:shop-prod-db-{region}-0"
  }
}
mock_resource "aws_db_instance" {
  defaults = {
    arn     = "arn:aws:rds:{region}:{account}:db:shop-prod-db-{region}"
    address = "shop-prod-db-{region}.abcdefghij.{region}.rds.amazonaws.com"
  }
}
mock_resource "aws_security_group" {
  defaults = {
    id  = "sg-0123456789abcdef0"
    arn = "arn:aws:ec2:{region}:{account}:security-group/sg-0123456789abcdef0"
  }
}
