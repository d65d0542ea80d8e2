# requires: aws_cloudwatch_metric_alarm.clusters_failed_nodes_alarm aws_cloudwatch_composite_alarm.observability_health_alarm
# With clusters on: the cluster's Container Insights alarms notify the region's alerts topic and count in the region's
# health, and Container Insights writes to log groups the stack created with the region's key.

variables {
  database_master_password = ""
}

run "cluster_alarms_and_logs" {
  command = plan

  assert {
    condition = alltrue([
      for alarm in [aws_cloudwatch_metric_alarm.clusters_failed_nodes_alarm, aws_cloudwatch_metric_alarm.clusters_node_cpu_alarm, aws_cloudwatch_metric_alarm.clusters_node_memory_alarm] :
      alarm.namespace == "ContainerInsights" && alarm.dimensions["ClusterName"] == aws_eks_cluster.clusters_cluster.name &&
      alarm.alarm_actions == alarm.ok_actions && endswith(one(alarm.alarm_actions), ":${aws_sns_topic.observability_alerts_topic.name}") &&
      strcontains(aws_cloudwatch_composite_alarm.observability_health_alarm.alarm_rule, "ALARM(\"${alarm.alarm_name}\")")
    ])
    error_message = "The cluster's alarms watch its Container Insights metrics, notify the region's topic and count in the region's health."
  }

  assert {
    condition = alltrue([
      for group in [aws_cloudwatch_log_group.clusters_insights_application_group, aws_cloudwatch_log_group.clusters_insights_dataplane_group, aws_cloudwatch_log_group.clusters_insights_host_group, aws_cloudwatch_log_group.clusters_insights_performance_group] :
      group.kms_key_id == data.aws_kms_key.kms_key.arn && group.retention_in_days >= 365 && startswith(group.name, "/aws/containerinsights/${aws_eks_cluster.clusters_cluster.name}/")
    ])
    error_message = "Container Insights log groups are encrypted with the region's key, kept at least a year, and named for the cluster."
  }
}
