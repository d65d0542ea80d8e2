# requires: aws_security_group.database_security_group aws_db_subnet_group.database_subnets aws_cloudwatch_metric_alarm.database_replication_lag
# Database network and alarms, both modes: private subnets, the port only from the application, lag alarms armed.

# The ephemeral password input: Terraform 1.11's test runner needs it set explicitly for apply runs.
variables {
  database_master_password = ""
}

run "database_network_and_alarms" {
  command = plan

  assert {
    condition     = contains(["AuroraGlobalDBReplicationLag", "ReplicaLag"], aws_cloudwatch_metric_alarm.database_replication_lag.metric_name) && aws_cloudwatch_metric_alarm.database_replication_lag.threshold > 0
    error_message = "Every region must carry a replication lag alarm with a positive threshold."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.database_replication_lag.treat_missing_data == "notBreaching"
    error_message = "The writer reports no lag metric: missing data must not breach."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.database_cpu.metric_name == "CPUUtilization" && aws_cloudwatch_metric_alarm.database_freeable_memory.metric_name == "FreeableMemory"
    error_message = "Every region must alarm on CPU and freeable memory."
  }
}

run "subnet_group_spans_private_subnets" {
  command = apply

  assert {
    condition     = length(aws_db_subnet_group.database_subnets.subnet_ids) >= 2 && contains(aws_db_subnet_group.database_subnets.subnet_ids, aws_subnet.network_private_0.id) && contains(aws_db_subnet_group.database_subnets.subnet_ids, aws_subnet.network_private_1.id)
    error_message = "The subnet group must span the region's private subnets (at least 2 zones: Multi-AZ needs them)."
  }
}
