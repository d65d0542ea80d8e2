# requires: aws_cloudwatch_metric_alarm.cdn_error_rate_alarm
# CloudFront's 5xx alarm lives in us-east-1 with its metrics, and notifies the alerts topic there.

run "cdn_alarm_actions" {
  command = plan

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.alarm_actions == aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.ok_actions &&
      can(regex("^arn:aws:sns:us-east-1:${data.aws_caller_identity.account.account_id}:[a-z0-9-]+-alerts$", one(aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.alarm_actions)))
    )
    error_message = "The CDN alarm must notify the us-east-1 alerts topic when it fires and when it recovers."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.dimensions["Region"] == "Global" && aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.namespace == "AWS/CloudFront"
    error_message = "CloudFront publishes its metrics with Region=Global in us-east-1."
  }
}
