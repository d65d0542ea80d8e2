# requires: aws_sns_topic.observability_alerts_topic aws_cloudwatch_composite_alarm.observability_health_alarm aws_cloudwatch_metric_alarm.database_cpu
# Every region: an alerts topic encrypted with the region's key that only this account's CloudWatch alarms in the region
# may publish to; every alarm notifies it when it fires and recovers; the region's health alarm covers its alarms.

variables {
  database_master_password = ""
}

run "alerts_topic_plan" {
  command = plan

  assert {
    condition     = aws_sns_topic.observability_alerts_topic.kms_master_key_id == data.aws_kms_key.kms_key.arn
    error_message = "The alerts topic must be encrypted with the region's copy of the multi-region key."
  }

  assert {
    condition     = endswith(aws_sns_topic.observability_alerts_topic.name, "-alerts") && aws_cloudwatch_composite_alarm.observability_health_alarm.actions_enabled
    error_message = "The alerts topic has the deployment's name, the same in every region, and the health alarm's actions are on."
  }

  assert {
    condition     = strcontains(aws_cloudwatch_composite_alarm.observability_health_alarm.alarm_rule, "ALARM(\"${aws_cloudwatch_metric_alarm.database_cpu.alarm_name}\")") && strcontains(aws_cloudwatch_composite_alarm.observability_health_alarm.alarm_rule, "ALARM(\"${aws_cloudwatch_metric_alarm.database_replication_lag.alarm_name}\")")
    error_message = "The region's health alarm must cover the region's database alarms."
  }

  assert {
    condition     = length(aws_cloudwatch_composite_alarm.observability_health_alarm.alarm_rule) <= 10240
    error_message = "A composite alarm rule is at most 10240 characters (PutCompositeAlarm)."
  }

  assert {
    condition     = aws_cloudwatch_log_group.observability_logs_otel_group.kms_key_id == data.aws_kms_key.kms_key.arn && aws_cloudwatch_log_group.observability_logs_otel_group.retention_in_days >= 365
    error_message = "The OpenTelemetry log group must be encrypted with the region's key and kept at least a year."
  }

  assert {
    condition = alltrue([
      for query in [aws_cloudwatch_query_definition.observability_logs_query_errors_by_service, aws_cloudwatch_query_definition.observability_logs_query_slowest_requests, aws_cloudwatch_query_definition.observability_logs_query_replication_errors] :
      contains(query.log_group_names, aws_cloudwatch_log_group.observability_logs_otel_group.name)
    ])
    error_message = "Every saved query must cover the OpenTelemetry log group."
  }
}

run "alerts_topic_apply" {
  command = apply

  assert {
    condition = [
      for statement in jsondecode(aws_sns_topic_policy.observability_alerts_policy.policy).Statement :
      [statement.Principal.Service, statement.Condition.StringEquals["aws:SourceAccount"], startswith(statement.Condition.ArnLike["aws:SourceArn"], "arn:aws:cloudwatch:"), endswith(statement.Condition.ArnLike["aws:SourceArn"], ":${data.aws_caller_identity.account.account_id}:alarm:*")]
      if contains(flatten([statement.Action]), "sns:Publish")
    ] == [["cloudwatch.amazonaws.com", data.aws_caller_identity.account.account_id, true, true]]
    error_message = "Only CloudWatch, for this account's alarms, may publish to the alerts topic."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_sns_topic_policy.observability_alerts_policy.policy).Statement :
      statement.Principal == { Service = "cloudwatch.amazonaws.com" } || statement.Principal == { AWS = "arn:aws:iam::${data.aws_caller_identity.account.account_id}:root" }
    ])
    error_message = "The topic policy admits CloudWatch and the account's own principals, no one else."
  }

  # The mocks give the topic the ARN AWS would (this region, this account, its name), so an alarm that builds
  # another region's topic ARN cannot equal it.
  assert {
    condition = alltrue([
      for alarm in [aws_cloudwatch_metric_alarm.database_cpu, aws_cloudwatch_metric_alarm.database_freeable_memory, aws_cloudwatch_metric_alarm.database_replication_lag, aws_cloudwatch_composite_alarm.observability_health_alarm] :
      alarm.alarm_actions == toset([aws_sns_topic.observability_alerts_topic.arn]) && alarm.ok_actions == toset([aws_sns_topic.observability_alerts_topic.arn])
    ])
    error_message = "Every alarm must notify exactly this region's alerts topic when it fires and when it recovers."
  }

  assert {
    condition     = split(":", aws_sns_topic.observability_alerts_topic.arn)[3] == var.harness_region
    error_message = "The alerts topic must live in the stack's own region."
  }
}
