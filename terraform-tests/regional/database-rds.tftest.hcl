# requires: aws_db_instance.database_instance
# The RDS instance of each region: the Multi-AZ writer or a cross-region read replica, with the same secure defaults.

# The ephemeral password input: Terraform 1.11's test runner needs it set explicitly for apply runs.
variables {
  database_master_password = ""
}

run "instance_secure_defaults" {
  command = plan

  assert {
    condition     = aws_db_instance.database_instance.storage_encrypted && aws_db_instance.database_instance.kms_key_id == data.aws_kms_key.kms_key.arn
    error_message = "Instances must be encrypted with the region's own key (replicas too)."
  }

  assert {
    condition     = aws_db_instance.database_instance.publicly_accessible == false && aws_db_instance.database_instance.deletion_protection
    error_message = "Instances must be private and deletion-protected."
  }

  assert {
    condition     = aws_db_instance.database_instance.backup_retention_period >= 7 && aws_db_instance.database_instance.copy_tags_to_snapshot
    error_message = "Instances must keep backups at least 7 days and copy tags to snapshots."
  }

  assert {
    condition     = aws_db_instance.database_instance.iam_database_authentication_enabled && aws_db_instance.database_instance.performance_insights_enabled
    error_message = "Instances must enable IAM authentication and Performance Insights."
  }

  assert {
    condition     = (aws_db_instance.database_instance.replicate_source_db == null) == aws_db_instance.database_instance.multi_az
    error_message = "The writer is Multi-AZ; every other region holds a read replica of it."
  }

  assert {
    condition     = aws_db_instance.database_instance.replicate_source_db == (var.harness_region == var.harness_primary_region ? null : "arn:aws:rds:${var.harness_primary_region}:${data.aws_caller_identity.account.account_id}:db:${replace(aws_db_instance.database_instance.identifier, var.harness_region, var.harness_primary_region)}")
    error_message = "The primary region holds the writer; every other region a read replica of the primary region's instance, named by ARN."
  }

  # Terraform nulls write-only arguments in plan and state, so a null `password_wo` always holds. The design's
  # guarantees: the writer sets password_wo_version (a replica inherits the password), and no plaintext argument exists.
  assert {
    condition     = (aws_db_instance.database_instance.replicate_source_db == null) == (aws_db_instance.database_instance.password_wo_version != null)
    error_message = "The writer must set password_wo_version (database.passwordVersion), or the write-only password is never sent; a replica sets none."
  }

  assert {
    condition     = aws_db_instance.database_instance.password == null
    error_message = "The master password must go only to password_wo: password would store it in the plan and state."
  }
}

run "apply_and_outputs" {
  command = apply

  assert {
    condition     = output.database_endpoint == aws_db_instance.database_instance.address
    error_message = "Each region must output its instance address."
  }

  assert {
    condition     = aws_db_instance.database_instance.monitoring_role_arn == format("arn:aws:iam::%s:role/%s-monitoring", data.aws_caller_identity.account.account_id, aws_db_instance.database_instance.identifier)
    error_message = "Enhanced monitoring must use the global stack's role named after this region's instance (<identifier>-monitoring)."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.database_replication_lag.metric_name == "ReplicaLag"
    error_message = "Each region must alarm on ReplicaLag."
  }
}
