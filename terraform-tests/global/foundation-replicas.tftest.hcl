# requires: aws_kms_replica_key.kms_replica_us-west-2 aws_kms_replica_key.kms_replica_eu-west-1
# Replicas of the default config (globalRegion us-east-1; secondaries us-west-2 and eu-west-1).

run "replicas_share_the_alias" {
  command = plan

  assert {
    condition = alltrue([
      for alias in [aws_kms_alias.kms_replica_us-west-2_alias, aws_kms_alias.kms_replica_eu-west-1_alias] :
      alias.name == aws_kms_alias.kms_primary_alias.name
    ])
    error_message = "Every replica must carry the primary's alias, so regional stacks find their copy by one name."
  }

  assert {
    condition = alltrue([
      for replica in [aws_kms_replica_key.kms_replica_us-west-2, aws_kms_replica_key.kms_replica_eu-west-1] :
      replica.deletion_window_in_days >= 30
    ])
    error_message = "Deleted replicas must stay recoverable for 30 days."
  }
}

run "replicas_follow_the_primary" {
  command = apply

  assert {
    condition = alltrue([
      for replica in [aws_kms_replica_key.kms_replica_us-west-2, aws_kms_replica_key.kms_replica_eu-west-1] :
      replica.primary_key_arn == aws_kms_key.kms_primary.arn
    ])
    error_message = "Every replica must replicate the primary key."
  }

  assert {
    condition     = aws_kms_alias.kms_replica_us-west-2_alias.target_key_id == aws_kms_replica_key.kms_replica_us-west-2.key_id && aws_kms_alias.kms_replica_eu-west-1_alias.target_key_id == aws_kms_replica_key.kms_replica_eu-west-1.key_id
    error_message = "Each region's alias must point at that region's replica."
  }
}
