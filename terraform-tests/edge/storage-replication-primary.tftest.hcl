# requires: aws_s3_bucket_replication_configuration.storage_replication_us-east-1 aws_cloudwatch_metric_alarm.storage_failed_us-east-1_to_us-west-2 aws_cloudwatch_metric_alarm.storage_failed_us-east-1_to_eu-west-1
# Replication from us-east-1 (the default config, and the examples that keep its primary): one rule per
# other replicated bucket, whatever their number; every replicated bucket is a source the same way. Three keys get distinct ARNs so the assertions
# can tell them apart; the others share the mock's.

override_data {
  target = data.aws_kms_key.storage_key_us-east-1
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000001" }
}
override_data {
  target = data.aws_kms_key.storage_key_us-west-2
  values = { arn = "arn:aws:kms:us-west-2:123456789012:key/mrk-00000000000000000000000000000001" }
}
override_data {
  target = data.aws_kms_key.storage_key_eu-west-1
  values = { arn = "arn:aws:kms:eu-west-1:123456789012:key/mrk-00000000000000000000000000000001" }
}

run "one_rule_per_destination" {
  command = apply

  assert {
    condition     = aws_s3_bucket_replication_configuration.storage_replication_us-east-1.bucket == "shop-prod-assets-us-east-1"
    error_message = "The primary bucket must be the replication source."
  }

  assert {
    condition = (
      length(distinct([for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule : rule.destination[0].bucket])) == length(aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule) &&
      alltrue([for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule : rule.destination[0].bucket == "arn:aws:s3:::shop-prod-assets-${trimprefix(rule.id, "to-")}" && rule.id != "to-us-east-1"]) &&
      length(setintersection(
        [for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule : rule.destination[0].bucket],
        ["arn:aws:s3:::shop-prod-assets-us-west-2", "arn:aws:s3:::shop-prod-assets-eu-west-1"],
      )) == 2
    )
    error_message = "There must be exactly one rule per secondary bucket, named after its region, and none back to the source."
  }

  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule :
      rule.status == "Enabled" &&
      rule.destination[0].replication_time[0].status == "Enabled" && rule.destination[0].replication_time[0].time[0].minutes == 15 &&
      rule.destination[0].metrics[0].status == "Enabled" && rule.destination[0].metrics[0].event_threshold[0].minutes == 15 &&
      rule.delete_marker_replication[0].status == "Enabled" &&
      rule.source_selection_criteria[0].sse_kms_encrypted_objects[0].status == "Enabled"
    ])
    error_message = "Every rule needs RTC (15 min), metrics, delete-marker replication and SSE-KMS object replication."
  }

  assert {
    condition = (
      one([for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule : rule.destination[0].encryption_configuration[0].replica_kms_key_id if rule.id == "to-us-west-2"]) == data.aws_kms_key.storage_key_us-west-2.arn &&
      one([for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule : rule.destination[0].encryption_configuration[0].replica_kms_key_id if rule.id == "to-eu-west-1"]) == data.aws_kms_key.storage_key_eu-west-1.arn
    )
    error_message = "Replicas must be encrypted with the destination region's key."
  }

  assert {
    condition     = aws_s3_bucket_replication_configuration.storage_replication_us-east-1.role == aws_iam_role.storage_replication_role.arn
    error_message = "Replication must use the replication role."
  }
}

run "role_is_complete_and_least_privilege" {
  command = apply

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_iam_role.storage_replication_role.assume_role_policy).Statement :
      statement.Principal.Service == "s3.amazonaws.com" && statement.Action == "sts:AssumeRole"
    ])
    error_message = "Only S3 may assume the replication role."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_iam_role_policy.storage_replication_policy.policy).Statement :
      statement.Action == "kms:Decrypt" && contains(statement.Resource, data.aws_kms_key.storage_key_us-east-1.arn) &&
      alltrue([for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule : contains(statement.Resource, rule.destination[0].encryption_configuration[0].replica_kms_key_id)])
    ])
    error_message = "Every replicated bucket is a source (so a switchover needs no change): the role must decrypt with the keys of us-east-1 and of each bucket it replicates to."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_iam_role_policy.storage_replication_policy.policy).Statement :
      contains(flatten([statement.Action]), "kms:Encrypt") &&
      contains(statement.Resource, data.aws_kms_key.storage_key_us-west-2.arn) && contains(statement.Resource, data.aws_kms_key.storage_key_eu-west-1.arn) &&
      alltrue([for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule : contains(statement.Resource, rule.destination[0].encryption_configuration[0].replica_kms_key_id)]) &&
      alltrue([for arn in statement.Resource : startswith(arn, "arn:aws:kms:")])
    ])
    error_message = "The role must encrypt with every destination key, and with keys only."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_iam_role_policy.storage_replication_policy.policy).Statement :
      contains(flatten([statement.Action]), "s3:ReplicateObject") && contains(flatten([statement.Action]), "s3:ReplicateDelete") &&
      toset(statement.Resource) == toset(concat(["arn:aws:s3:::shop-prod-assets-us-east-1/*"], [for rule in aws_s3_bucket_replication_configuration.storage_replication_us-east-1.rule : "${rule.destination[0].bucket}/*"]))
    ])
    error_message = "The role must write replicas (objects and delete markers) to the replicated buckets only: us-east-1's and its destinations'."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.storage_replication_policy.policy).Statement :
      statement.Effect == "Allow" && !contains(flatten([statement.Resource]), "*") && !contains(flatten([statement.Action]), "s3:*") && !contains(flatten([statement.Action]), "kms:*")
    ])
    error_message = "No wildcard actions or resources."
  }
}

run "replication_alarms" {
  command = plan

  assert {
    condition = alltrue([
      for alarm in [aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_us-west-2, aws_cloudwatch_metric_alarm.storage_latency_us-east-1_to_eu-west-1] :
      alarm.namespace == "AWS/S3" && alarm.metric_name == "ReplicationLatency" && alarm.threshold == 900 && alarm.dimensions.SourceBucket == "shop-prod-assets-us-east-1"
    ])
    error_message = "Each destination needs a ReplicationLatency alarm at the RTC threshold."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.storage_failed_us-east-1_to_us-west-2.metric_name == "OperationsFailedReplication" &&
      aws_cloudwatch_metric_alarm.storage_failed_us-east-1_to_us-west-2.dimensions.DestinationBucket == "shop-prod-assets-us-west-2" &&
      aws_cloudwatch_metric_alarm.storage_failed_us-east-1_to_us-west-2.dimensions.RuleId == "to-us-west-2" &&
      aws_cloudwatch_metric_alarm.storage_failed_us-east-1_to_eu-west-1.dimensions.DestinationBucket == "shop-prod-assets-eu-west-1"
    )
    error_message = "Each destination needs an OperationsFailedReplication alarm on its own rule's metrics."
  }
}
