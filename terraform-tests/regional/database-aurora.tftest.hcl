# requires: aws_rds_cluster.database_cluster aws_rds_cluster_instance.database_instance_0
# Every Aurora regional cluster, primary or secondary: secure defaults, membership of the global cluster, drift guards.

# The ephemeral password input: Terraform 1.11's test runner needs it set explicitly for apply runs.
variables {
  database_master_password = ""
}

run "cluster_secure_defaults" {
  command = plan

  assert {
    condition     = aws_rds_cluster.database_cluster.storage_encrypted && aws_rds_cluster.database_cluster.kms_key_id == data.aws_kms_key.kms_key.arn
    error_message = "Clusters must be encrypted with the region's copy of the multi-region key."
  }

  assert {
    condition     = aws_rds_cluster.database_cluster.deletion_protection == true && aws_rds_cluster.database_cluster.skip_final_snapshot == false
    error_message = "Clusters must have deletion protection and a final snapshot."
  }

  assert {
    condition     = aws_rds_cluster.database_cluster.backup_retention_period >= 7 && aws_rds_cluster.database_cluster.copy_tags_to_snapshot
    error_message = "Clusters must keep backups at least 7 days and copy tags to snapshots."
  }

  assert {
    condition     = aws_rds_cluster.database_cluster.iam_database_authentication_enabled == true
    error_message = "Clusters must enable IAM database authentication."
  }

  assert {
    condition     = length(aws_rds_cluster.database_cluster.enabled_cloudwatch_logs_exports) > 0
    error_message = "Clusters must export their logs to CloudWatch Logs."
  }

  assert {
    condition     = can(regex("-db$", aws_rds_cluster.database_cluster.global_cluster_identifier))
    error_message = "Every regional cluster must join the global cluster by its deterministic identifier."
  }

  assert {
    condition     = (aws_rds_cluster.database_cluster.source_region == null) == (aws_rds_cluster.database_cluster.master_password_wo_version != null)
    error_message = "Exactly one role per region: the primary sets the password version, a secondary sets source_region."
  }

  assert {
    condition     = aws_rds_cluster.database_cluster.source_region == (var.harness_region == var.harness_primary_region ? null : var.harness_primary_region)
    error_message = "A secondary replicates from the primary region (source_region = primaryRegion); the primary sets none."
  }

  # Terraform nulls write-only arguments in plan and state, so a null `master_password_wo` always holds; the
  # guarantee is that the password has no plaintext argument (the version above is what sends it).
  assert {
    condition     = aws_rds_cluster.database_cluster.master_password == null
    error_message = "The master password must go only to master_password_wo: master_password would store it in the plan and state."
  }
}

run "instances_secure_defaults" {
  command = plan

  assert {
    condition     = aws_rds_cluster_instance.database_instance_0.publicly_accessible == false
    error_message = "Instances must not be publicly accessible."
  }

  assert {
    condition     = aws_rds_cluster_instance.database_instance_0.performance_insights_enabled && aws_rds_cluster_instance.database_instance_0.performance_insights_kms_key_id == data.aws_kms_key.kms_key.arn
    error_message = "Performance Insights must be on and encrypted with the region's copy of the KMS key."
  }

  assert {
    condition     = aws_rds_cluster_instance.database_instance_0.monitoring_interval > 0
    error_message = "Enhanced monitoring must be on."
  }

  assert {
    condition     = can(regex("^db\\.(r5|r6g|r6i|r7g|r7i|r8g|x2g)\\.", aws_rds_cluster_instance.database_instance_0.instance_class))
    error_message = "Aurora Global Database needs a memory-optimized instance class."
  }
}

run "apply_and_outputs" {
  command = apply

  assert {
    condition     = output.database_reader_endpoint == aws_rds_cluster.database_cluster.reader_endpoint && output.database_cluster_endpoint == aws_rds_cluster.database_cluster.endpoint
    error_message = "Each region must output its reader endpoint and its cluster endpoint, each from the matching attribute."
  }

  assert {
    condition     = aws_rds_cluster_instance.database_instance_0.monitoring_role_arn == format("arn:aws:iam::%s:role/%s-monitoring", data.aws_caller_identity.account.account_id, aws_rds_cluster.database_cluster.cluster_identifier)
    error_message = "Enhanced monitoring must use the global stack's role named after this region's cluster (<cluster>-monitoring)."
  }
}
