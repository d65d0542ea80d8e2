# requires: aws_sns_topic.observability_alerts_us_east_1_topic aws_cloudwatch_metric_alarm.cdn_error_rate_alarm
# When no region of the footprint runs in us-east-1, the edge stack gives CloudFront's alarm a topic there, encrypted
# with a rotating key of its own that admits CloudWatch.

run "us_east_1_topic" {
  command = apply

  assert {
    condition     = aws_sns_topic.observability_alerts_us_east_1_topic.kms_master_key_id == aws_kms_key.observability_alerts_key_us_east_1.arn && aws_kms_key.observability_alerts_key_us_east_1.enable_key_rotation
    error_message = "The us-east-1 alerts topic must be encrypted with its own rotating key."
  }

  assert {
    condition     = one(aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.alarm_actions) == "arn:aws:sns:us-east-1:${data.aws_caller_identity.account.account_id}:${aws_sns_topic.observability_alerts_us_east_1_topic.name}"
    error_message = "CloudFront's alarm must notify this topic."
  }

  assert {
    condition = [
      for statement in jsondecode(aws_kms_key.observability_alerts_key_us_east_1.policy).Statement :
      statement.Condition.ArnLike["aws:SourceArn"] if try(statement.Principal.Service, "") == "cloudwatch.amazonaws.com"
    ] == ["arn:aws:cloudwatch:us-east-1:${data.aws_caller_identity.account.account_id}:alarm:*"]
    error_message = "The key must let this account's CloudWatch alarms in us-east-1, and no others, use it for the topic."
  }
}
