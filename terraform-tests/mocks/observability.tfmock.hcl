# Observability tier: realistic ARNs, since topic policies and subscriptions validate the topic ARN even under mocks.
mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:{region}:{account}:shop-prod-alerts"
  }
}
mock_resource "aws_sns_topic_subscription" {
  defaults = {
    arn = "arn:aws:sns:{region}:{account}:shop-prod-alerts:0b8e6e4c-8a4e-4d0e-9f3b-2a5e1c7d9f10"
  }
}
mock_resource "aws_cloudwatch_metric_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:{region}:{account}:alarm:mock"
  }
}
mock_resource "aws_cloudwatch_composite_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:{region}:{account}:alarm:mock-unhealthy"
  }
}
mock_resource "aws_cloudwatch_dashboard" {
  defaults = {
    dashboard_arn = "arn:aws:cloudwatch::{account}:dashboard/mock"
  }
}
mock_resource "aws_cloudwatch_log_stream" {
  defaults = {
    arn = "arn:aws:logs:{region}:{account}:log-group:mock:log-stream:collector"
  }
}
