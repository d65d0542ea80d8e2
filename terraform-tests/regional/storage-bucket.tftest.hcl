# requires: aws_s3_bucket.storage_bucket_bucket
# The region's storage bucket and its protections. Applied against mocks, so the bucket policy's
# references are known and its JSON can be read.

run "bucket_protections" {
  command = apply

  assert {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", aws_s3_bucket.storage_bucket_bucket.bucket))
    error_message = "The bucket name must be a valid S3 name without dots."
  }

  assert {
    condition     = aws_s3_bucket_versioning.storage_bucket_versioning.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be enabled: replication needs it on both sides."
  }

  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_server_side_encryption_configuration.storage_bucket_encryption.rule :
      rule.bucket_key_enabled && one(rule.apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" && one(rule.apply_server_side_encryption_by_default).kms_master_key_id == data.aws_kms_key.kms_key.arn
    ])
    error_message = "Default encryption must be SSE-KMS with the region's copy of the multi-region key and bucket keys on."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.storage_bucket_public_access_block.block_public_acls &&
      aws_s3_bucket_public_access_block.storage_bucket_public_access_block.block_public_policy &&
      aws_s3_bucket_public_access_block.storage_bucket_public_access_block.ignore_public_acls &&
      aws_s3_bucket_public_access_block.storage_bucket_public_access_block.restrict_public_buckets
    )
    error_message = "All four public access block settings must be on."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.storage_bucket_ownership.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "Object ownership must be enforced (no ACLs); Origin Access Control requires it too."
  }

  assert {
    condition = anytrue([
      for rule in aws_s3_bucket_lifecycle_configuration.storage_bucket_lifecycle.rule :
      rule.status == "Enabled" && length(rule.noncurrent_version_expiration) == 1 && length(rule.abort_incomplete_multipart_upload) == 1
    ])
    error_message = "A lifecycle rule must expire noncurrent versions and abort incomplete multipart uploads."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_s3_bucket_policy.storage_bucket_policy.policy).Statement :
      statement.Effect == "Deny" && statement.Principal == "*" && try(statement.Condition.Bool["aws:SecureTransport"], "") == "false"
    ])
    error_message = "The bucket policy must deny requests without TLS."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_s3_bucket_policy.storage_bucket_policy.policy).Statement :
      statement.Effect == "Allow" && try(statement.Principal.Service, "") == "cloudfront.amazonaws.com" && statement.Action == "s3:GetObject" &&
      try(statement.Condition.ArnLike["AWS:SourceArn"], "") == "arn:aws:cloudfront::${data.aws_caller_identity.account.account_id}:distribution/*" &&
      try(statement.Condition.StringEquals["AWS:SourceAccount"], "") == data.aws_caller_identity.account.account_id
    ])
    error_message = "The bucket policy must admit CloudFront Origin Access Control of this account's distributions, and only those."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_s3_bucket_policy.storage_bucket_policy.policy).Statement :
      statement.Effect == "Deny" || try(statement.Principal.Service, "") == "cloudfront.amazonaws.com"
    ])
    error_message = "The bucket policy must not grant anything beyond CloudFront's read."
  }
}
