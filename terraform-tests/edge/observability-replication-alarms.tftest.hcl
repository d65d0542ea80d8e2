# requires: aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2 aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1
# S3 replication alarms live in the source bucket's region (where S3 publishes the metrics) and notify the alerts topic
# of that region, never another region's.

run "replication_alarm_actions" {
  command = plan

  assert {
    condition     = [for action in concat(tolist(aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2.alarm_actions), tolist(aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2.ok_actions)) : split(":", action)[3]] == ["us-east-1", "us-east-1"]
    error_message = "Replication alarms from us-east-1 notify the us-east-1 topic when they fire and when they recover."
  }

  assert {
    condition     = [for action in concat(tolist(aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1.alarm_actions), tolist(aws_cloudwatch_metric_alarm.storage_failed_us-west-2_to_us-east-1.ok_actions)) : split(":", action)[3]] == ["us-west-2", "us-west-2"]
    error_message = "Replication alarms from us-west-2 notify the us-west-2 topic when they fire and when they recover."
  }
}
