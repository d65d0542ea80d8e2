# requires: aws_cloudtrail.storage_data_event_trail_trail aws_s3_bucket_policy.storage_data_event_trail_log_bucket_policy
# The buckets' data events go to a multi-region trail (CloudTrail Lake is closed to new customers since 31 May 2026)
# whose log bucket, in the trail's own region, admits only this trail and shares the trail's key.

run "data_event_trail" {
  command = apply

  assert {
    condition = (
      aws_cloudtrail.storage_data_event_trail_trail.is_multi_region_trail &&
      aws_cloudtrail.storage_data_event_trail_trail.enable_log_file_validation &&
      !aws_cloudtrail.storage_data_event_trail_trail.include_global_service_events
    )
    error_message = "The trail must record every region, validate its log files, and leave management events to the account's own trail."
  }

  assert {
    condition = (
      startswith(aws_cloudtrail.storage_data_event_trail_trail.kms_key_id, "arn:aws:kms:") &&
      one([for rule in aws_s3_bucket_server_side_encryption_configuration.storage_data_event_trail_log_bucket_encryption.rule : rule.apply_server_side_encryption_by_default[0].kms_master_key_id]) == aws_cloudtrail.storage_data_event_trail_trail.kms_key_id
    )
    error_message = "The trail and its log bucket must use the same copy of the multi-region key."
  }

  assert {
    condition     = aws_cloudtrail.storage_data_event_trail_trail.s3_bucket_name == aws_s3_bucket.storage_data_event_trail_log_bucket_bucket.bucket
    error_message = "The trail must deliver into its own log bucket."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_s3_bucket_policy.storage_data_event_trail_log_bucket_policy.policy).Statement :
      can(regex("^arn:aws:cloudtrail:[a-z0-9-]+:${data.aws_caller_identity.account.account_id}:trail/${aws_cloudtrail.storage_data_event_trail_trail.name}$", statement.Condition.StringEquals["aws:SourceArn"])) &&
      endswith(aws_cloudtrail.storage_data_event_trail_trail.s3_bucket_name, "-${split(":", statement.Condition.StringEquals["aws:SourceArn"])[3]}")
      if try(statement.Principal.Service, "") == "cloudtrail.amazonaws.com"
    ])
    error_message = "Only this trail may write into the log bucket."
  }

  assert {
    condition     = one(flatten([for rule in aws_s3_bucket_lifecycle_configuration.storage_data_event_trail_log_bucket_lifecycle.rule : [for expiration in rule.expiration : expiration.days]])) == 365
    error_message = "Log files must expire after storage.dataEventRetentionDays."
  }

  assert {
    condition = contains(
      flatten([for selector in aws_cloudtrail.storage_data_event_trail_trail.advanced_event_selector[0].field_selector : selector.field == "readOnly" ? selector.equals : []]),
      "false",
    )
    error_message = "The default records write events only."
  }
}
