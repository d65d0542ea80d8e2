# Secrets and parameters tiers (and the database credentials secret, which is one ReplicatedSecret).
mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-prod/db/master-AbCdEf"
    id  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-prod/db/master-AbCdEf"
  }
}
mock_resource "aws_ssm_parameter" {
  defaults = {
    arn = "arn:aws:ssm:us-east-1:123456789012:parameter/shop/prod/app/log-level"
  }
}
