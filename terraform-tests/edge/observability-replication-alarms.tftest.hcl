# requires: aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2 aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1
# S3 replication alarms live in the source bucket's region (where S3 publishes the metrics) and notify the alerts topic
# of that region, never another region's: the whole ARN (region, account, and the deployment's topic name: the prefix
# the alarm's own name starts with, then `-alerts`), when they fire and when they recover.

run "replication_alarm_actions" {
  command = plan

  assert {
    condition = length(aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2.alarm_actions) == 1 && length(aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2.ok_actions) == 1 && alltrue([
      for action in concat(tolist(aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2.alarm_actions), tolist(aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2.ok_actions)) :
      action == format("arn:aws:sns:us-east-1:%s:%s-alerts", data.aws_caller_identity.account.account_id, split("-s3-replication-", aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2.alarm_name)[0])
    ])
    error_message = "Replication alarms from us-east-1 notify the us-east-1 alerts topic when they fire and when they recover."
  }

  assert {
    condition = length(aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1.alarm_actions) == 1 && length(aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1.ok_actions) == 1 && alltrue([
      for action in concat(tolist(aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1.alarm_actions), tolist(aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1.ok_actions)) :
      action == format("arn:aws:sns:us-west-2:%s:%s-alerts", data.aws_caller_identity.account.account_id, split("-s3-replication-", aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1.alarm_name)[0])
    ])
    error_message = "Replication alarms from us-west-2 notify the us-west-2 alerts topic when they fire and when they recover."
  }
}
