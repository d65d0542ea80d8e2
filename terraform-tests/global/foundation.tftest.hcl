# The multi-region key's primary, in every config (replica addresses name regions: see foundation-replicas).

run "primary_key_plan" {
  command = plan

  assert {
    condition     = aws_kms_key.kms_primary.multi_region && aws_kms_key.kms_primary.enable_key_rotation
    error_message = "The primary key must be multi-region with yearly rotation."
  }

  assert {
    condition     = aws_kms_key.kms_primary.deletion_window_in_days >= 30
    error_message = "A deleted primary key must stay recoverable for 30 days."
  }

  assert {
    condition     = startswith(aws_kms_alias.kms_primary_alias.name, "alias/")
    error_message = "The primary key needs an alias for regional stacks to find it by."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_kms_key.kms_primary.policy).Statement :
      statement.Effect == "Allow" && (try(statement.Principal.AWS, null) == "arn:aws:iam::123456789012:root" || startswith(try(statement.Principal.AWS, ""), "arn:aws:iam::123456789012:role/aws-service-role/") || can(statement.Condition.ArnLike) || try(statement.Condition.StringEquals["aws:SourceAccount"], null) == "123456789012" || strcontains(try(statement.Condition.StringEquals["aws:SourceArn"], ""), ":123456789012:"))
    ])
    error_message = "Key policy statements must name the account root or one of its service-linked roles, or be scoped to this account by an ArnLike, aws:SourceAccount or aws:SourceArn condition."
  }
}

run "alias_targets_primary_after_apply" {
  command = apply

  assert {
    condition     = aws_kms_alias.kms_primary_alias.target_key_id == aws_kms_key.kms_primary.key_id
    error_message = "The alias must point at the primary key."
  }
}
