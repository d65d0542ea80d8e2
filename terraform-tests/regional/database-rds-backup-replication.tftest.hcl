# requires: aws_db_instance_automated_backups_replication.database_backup_replication aws_db_instance.database_instance
# rds-replicas: the region receiving the writer's automated backups (database.backupReplicationRegion).

variables {
  database_master_password = ""
}

run "backup_replication" {
  command = plan

  assert {
    condition     = var.harness_region != var.harness_primary_region && aws_db_instance_automated_backups_replication.database_backup_replication.source_db_instance_arn == "arn:aws:rds:${var.harness_primary_region}:${data.aws_caller_identity.account.account_id}:db:${replace(aws_db_instance.database_instance.identifier, var.harness_region, var.harness_primary_region)}"
    error_message = "A secondary region replicates the primary region's writer's backups."
  }

  # The copies are encrypted in this region: the primary's key (or any other region's) cannot encrypt them here.
  assert {
    condition     = aws_db_instance_automated_backups_replication.database_backup_replication.kms_key_id == data.aws_kms_key.kms_key.arn
    error_message = "Replicated backups must be encrypted with this region's copy of the multi-region key."
  }

  assert {
    condition     = aws_db_instance_automated_backups_replication.database_backup_replication.retention_period == aws_db_instance.database_instance.backup_retention_period
    error_message = "Replicated backups are kept as long as the writer keeps its own (database.backupRetentionDays)."
  }
}
