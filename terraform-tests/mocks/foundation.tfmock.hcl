mock_data "aws_kms_key" {
  defaults = {
    arn = "arn:aws:kms:{region}:{account}:key/mrk-1234abcd12ab34cd56ef1234567890ab"
  }
}
mock_data "aws_availability_zones" {
  defaults = {
    names = ["{region}a", "{region}b", "{region}c"]
  }
}
mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::{account}:role/mock"
  }
}
mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:{region}:{account}:log-group:mock"
  }
}
mock_resource "aws_kms_key" {
  defaults = {
    arn = "arn:aws:kms:{region}:{account}:key/mrk-1234abcd12ab34cd56ef1234567890ab"
  }
}
mock_resource "aws_kms_replica_key" {
  defaults = {
    arn = "arn:aws:kms:{region}:{account}:key/mrk-1234abcd12ab34cd56ef1234567890ab"
  }
}
mock_data "aws_caller_identity" {
  defaults = {
    account_id = "{account}"
  }
}
