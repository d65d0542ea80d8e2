# requires: aws_elasticache_replication_group.cache_group aws_elasticache_user_group.cache_user_group aws_elasticache_user.cache_app_user
# Every ElastiCache replication group, whatever its role (Global Datastore primary or secondary, or standalone):
# encryption, IAM-only authentication, membership, failover, snapshots, network, logs and alarms.

# The ephemeral password input of the database tier: Terraform 1.11's test runner needs it set for apply runs.
variables {
  database_master_password = ""
}

# A secondary sets no engine (the Global Datastore owns it); a primary or standalone group sets it. `global_replication_group_id`
# is computed on a primary, so the role is read from `engine`, which the configuration always decides.
run "encryption_and_membership" {
  command = plan

  assert {
    condition     = aws_elasticache_replication_group.cache_group.kms_key_id != null
    error_message = "Every member must be encrypted at rest with a KMS key (a secondary too: it sets the key of its own region)."
  }

  assert {
    condition     = aws_elasticache_replication_group.cache_group.engine == null ? true : (aws_elasticache_replication_group.cache_group.at_rest_encryption_enabled == "true" && aws_elasticache_replication_group.cache_group.transit_encryption_enabled == true && aws_elasticache_replication_group.cache_group.transit_encryption_mode == "required")
    error_message = "A primary or standalone group must require TLS and encrypt at rest (a secondary inherits both from the Global Datastore)."
  }

  assert {
    condition     = aws_elasticache_replication_group.cache_group.engine != null ? true : can(regex("^[a-z]{5}-[a-z][a-z0-9-]*-cache$", aws_elasticache_replication_group.cache_group.global_replication_group_id))
    error_message = "A secondary must join the Global Datastore by its full, AWS-prefixed ID (cache.globalDatastoreId)."
  }

  assert {
    condition     = aws_elasticache_replication_group.cache_group.engine == null ? aws_elasticache_replication_group.cache_group.global_replication_group_id != null : (contains(["valkey", "redis"], aws_elasticache_replication_group.cache_group.engine) && can(regex("^default\\.(valkey|redis)[0-9]+\\.cluster\\.on$", aws_elasticache_replication_group.cache_group.parameter_group_name)))
    error_message = "A primary or standalone group sets the engine and a cluster-mode parameter group; a group without an engine must be a Global Datastore secondary."
  }

  assert {
    condition     = aws_elasticache_replication_group.cache_group.replication_group_id == aws_elasticache_user_group.cache_user_group.user_group_id
    error_message = "Every region uses the same replication group ID, so a role change renames nothing and the datastore finds its primary by the same ID."
  }

  assert {
    condition     = aws_elasticache_replication_group.cache_group.automatic_failover_enabled && aws_elasticache_replication_group.cache_group.multi_az_enabled && aws_elasticache_replication_group.cache_group.replicas_per_node_group >= 1
    error_message = "Every member must be Multi-AZ with automatic failover and at least one replica per shard."
  }

  assert {
    condition     = aws_elasticache_replication_group.cache_group.snapshot_retention_limit > 0 && aws_elasticache_replication_group.cache_group.snapshot_window != null && aws_elasticache_replication_group.cache_group.maintenance_window != null
    error_message = "Every member must keep snapshots and have snapshot and maintenance windows."
  }
}

run "iam_authentication_only" {
  command = plan

  assert {
    condition     = aws_elasticache_replication_group.cache_group.auth_token == null
    error_message = "No AUTH token: it would be a shared secret in state."
  }

  assert {
    condition     = aws_elasticache_replication_group.cache_group.user_group_ids == toset([aws_elasticache_user_group.cache_user_group.user_group_id])
    error_message = "The group must admit exactly the tier's user group."
  }

  assert {
    condition     = aws_elasticache_user.cache_app_user.authentication_mode[0].type == "iam" && aws_elasticache_user.cache_app_user.user_id == aws_elasticache_user.cache_app_user.user_name
    error_message = "The application user must authenticate with IAM (which needs user ID = user name)."
  }

  assert {
    condition     = aws_elasticache_user.cache_default_user.user_name == "default" && startswith(aws_elasticache_user.cache_default_user.access_string, "off ") && aws_elasticache_user.cache_default_user.authentication_mode[0].type == "no-password-required"
    error_message = "The mandatory default user must be disabled and carry no password."
  }

  assert {
    condition     = aws_elasticache_user.cache_app_user.passwords == null && aws_elasticache_user.cache_default_user.passwords == null
    error_message = "No user may carry a password."
  }
}

run "network_logs_and_alarms" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.cache_slow_log_group.kms_key_id != null && aws_cloudwatch_log_group.cache_engine_log_group.kms_key_id != null
    error_message = "Slow and engine logs must go to KMS-encrypted log groups."
  }

  assert {
    condition     = aws_cloudwatch_log_group.cache_slow_log_group.retention_in_days >= 365 && aws_cloudwatch_log_group.cache_engine_log_group.retention_in_days >= 365
    error_message = "Cache logs must be kept at least a year."
  }

  assert {
    condition     = toset([for log in aws_elasticache_replication_group.cache_group.log_delivery_configuration : log.log_type]) == toset(["slow-log", "engine-log"])
    error_message = "The group must deliver both its slow log and its engine log."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cache_engine_cpu_0.metric_name == "EngineCPUUtilization" && aws_cloudwatch_metric_alarm.cache_cpu_0.metric_name == "CPUUtilization" && aws_cloudwatch_metric_alarm.cache_memory_0.metric_name == "DatabaseMemoryUsagePercentage" && aws_cloudwatch_metric_alarm.cache_evictions_0.metric_name == "Evictions"
    error_message = "Every node must alarm on engine and host CPU, memory and evictions."
  }
}

run "apply_and_endpoint" {
  command = apply

  assert {
    condition     = output.cache_endpoint == aws_elasticache_replication_group.cache_group.configuration_endpoint_address
    error_message = "Each region must output its local (configuration) endpoint."
  }

  assert {
    condition     = aws_elasticache_replication_group.cache_group.kms_key_id == data.aws_kms_key.kms_key.arn && aws_cloudwatch_log_group.cache_slow_log_group.kms_key_id == data.aws_kms_key.kms_key.arn && aws_cloudwatch_log_group.cache_engine_log_group.kms_key_id == data.aws_kms_key.kms_key.arn
    error_message = "The group and its log groups must use the region's copy of the multi-region key."
  }

  assert {
    condition     = length(aws_elasticache_subnet_group.cache_subnets.subnet_ids) >= 2 && contains(aws_elasticache_subnet_group.cache_subnets.subnet_ids, aws_subnet.network_private_0.id) && contains(aws_elasticache_subnet_group.cache_subnets.subnet_ids, aws_subnet.network_private_1.id)
    error_message = "The subnet group must span the region's private subnets (at least 2 zones: Multi-AZ needs them)."
  }

}
