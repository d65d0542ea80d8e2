# Secrets and parameters tiers (and the database credentials secret, which is one ReplicatedSecret).
mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:{region}:{account}:secret:shop-prod/db/master-AbCdEf"
    id  = "arn:aws:secretsmanager:{region}:{account}:secret:shop-prod/db/master-AbCdEf"
  }
}
mock_resource "aws_ssm_parameter" {
  defaults = {
    arn = "arn:aws:ssm:{region}:{account}:parameter/shop/prod/app/log-level"
  }
}
