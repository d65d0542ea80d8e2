# requires: aws_s3_bucket.state_bucket_us-east-1_bucket aws_dynamodb_table.lock_table_us-east-1
# State bucket and lock table of us-east-1 (addresses name the region; every region's set is built alike).

run "state_storage_plan" {
  command = plan

  assert {
    condition     = aws_s3_bucket.state_bucket_us-east-1_bucket.force_destroy == false
    error_message = "The state bucket must not be deletable while it holds state."
  }

  assert {
    condition     = aws_s3_bucket_versioning.state_bucket_us-east-1_versioning.versioning_configuration[0].status == "Enabled"
    error_message = "State must be versioned so an overwritten state can be restored."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.state_bucket_us-east-1_public_access_block.block_public_acls,
      aws_s3_bucket_public_access_block.state_bucket_us-east-1_public_access_block.block_public_policy,
      aws_s3_bucket_public_access_block.state_bucket_us-east-1_public_access_block.ignore_public_acls,
      aws_s3_bucket_public_access_block.state_bucket_us-east-1_public_access_block.restrict_public_buckets,
    ])
    error_message = "All public access to the state bucket must be blocked."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.state_bucket_us-east-1_ownership.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled on the state bucket."
  }

  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_server_side_encryption_configuration.state_bucket_us-east-1_encryption.rule :
      rule.apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms" && rule.bucket_key_enabled
    ])
    error_message = "State must be encrypted with KMS (with bucket keys)."
  }

  assert {
    condition     = aws_kms_key.state_key_us-east-1.enable_key_rotation
    error_message = "The state key must rotate."
  }

  assert {
    condition     = aws_dynamodb_table.lock_table_us-east-1.hash_key == "LockID" && one([for attribute in aws_dynamodb_table.lock_table_us-east-1.attribute : attribute.type if attribute.name == "LockID"]) == "S"
    error_message = "Terraform's S3 backend locks with a string hash key named LockID."
  }

  assert {
    condition     = aws_dynamodb_table.lock_table_us-east-1.point_in_time_recovery[0].enabled
    error_message = "The lock table needs point-in-time recovery."
  }

  assert {
    condition     = aws_dynamodb_table.lock_table_us-east-1.server_side_encryption[0].enabled
    error_message = "The lock table must be encrypted with a customer-managed key."
  }

  assert {
    condition     = aws_dynamodb_table.lock_table_us-east-1.deletion_protection_enabled
    error_message = "The lock table must have deletion protection."
  }
}

run "state_encryption_uses_the_state_key" {
  command = apply

  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_server_side_encryption_configuration.state_bucket_us-east-1_encryption.rule :
      rule.apply_server_side_encryption_by_default[0].kms_master_key_id == aws_kms_key.state_key_us-east-1.arn
    ])
    error_message = "The state bucket must be encrypted with the region's state key."
  }

  assert {
    condition     = aws_dynamodb_table.lock_table_us-east-1.server_side_encryption[0].kms_key_arn == aws_kms_key.state_key_us-east-1.arn
    error_message = "The lock table must be encrypted with the region's state key."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_s3_bucket_policy.state_bucket_us-east-1_policy.policy).Statement :
      statement.Effect == "Deny" && try(statement.Condition.Bool["aws:SecureTransport"], "") == "false" && contains(flatten([statement.Resource]), "${aws_s3_bucket.state_bucket_us-east-1_bucket.arn}/*")
    ])
    error_message = "The state bucket must refuse requests without TLS."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_s3_bucket_policy.state_bucket_us-east-1_policy.policy).Statement :
      statement.Effect == "Deny" && statement.Action == "s3:PutObject" && try(statement.Condition.StringNotEquals["s3:x-amz-server-side-encryption"], "") == "aws:kms"
    ])
    error_message = "The state bucket must refuse uploads that do not ask for SSE-KMS (the backends send kms_key_id)."
  }

  assert {
    condition     = aws_kms_alias.state_key_us-east-1_alias.name == format("alias/%s-tfstate", trimsuffix(aws_dynamodb_table.lock_table_us-east-1.name, "-tflock")) && aws_kms_alias.state_key_us-east-1_alias.target_key_id == aws_kms_key.state_key_us-east-1.key_id
    error_message = "The state key's alias must be the one every backend names (alias/<prefix>-tfstate, the prefix of the <prefix>-tflock table)."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.state_bucket_us-east-1_lifecycle.rule[0].noncurrent_version_expiration[0].noncurrent_days >= 30
    error_message = "Old state versions must be kept at least 30 days."
  }
}
