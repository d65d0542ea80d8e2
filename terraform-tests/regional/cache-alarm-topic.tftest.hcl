# requires: aws_cloudwatch_metric_alarm.cache_cpu_0 aws_cloudwatch_metric_alarm.cache_engine_cpu_0 aws_cloudwatch_metric_alarm.cache_memory_0 aws_cloudwatch_metric_alarm.cache_evictions_0 aws_cloudwatch_metric_alarm.cache_replication_lag_0 aws_sns_topic.observability_alerts_topic
# Every cache member's alarms, primary or secondary, notify the alerts topic of their own region.

variables {
  database_master_password = ""
}

run "cache_alarms_notify_region_topic" {
  command = apply

  assert {
    condition = alltrue([
      for alarm in [aws_cloudwatch_metric_alarm.cache_cpu_0, aws_cloudwatch_metric_alarm.cache_engine_cpu_0, aws_cloudwatch_metric_alarm.cache_memory_0, aws_cloudwatch_metric_alarm.cache_evictions_0, aws_cloudwatch_metric_alarm.cache_replication_lag_0] :
      alarm.alarm_actions == toset([aws_sns_topic.observability_alerts_topic.arn]) && alarm.ok_actions == toset([aws_sns_topic.observability_alerts_topic.arn])
    ])
    error_message = "Every cache alarm must notify exactly this region's alerts topic when it fires and when it recovers."
  }
}
