# requires: aws_secretsmanager_secret.secrets_payments_api_key aws_secretsmanager_secret_version.secrets_payments_api_key_version aws_secretsmanager_secret_policy.secrets_payments_api_key_policy aws_secretsmanager_secret.secrets_session_signing_key aws_secretsmanager_secret_rotation.secrets_session_signing_key_rotation
# Application secrets of the default config: replicated with each region's key, policy and rotation on the primary only,
# values only through write-only arguments. (The harness passes the ephemeral variables their "" defaults.)

run "secrets_plan" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret.secrets_payments_api_key.recovery_window_in_days == 7
    error_message = "The configured recovery window applies."
  }

  assert {
    condition     = aws_secretsmanager_secret_version.secrets_payments_api_key_version.secret_string_wo_version == 1 && aws_secretsmanager_secret_version.secrets_payments_api_key_version.secret_string == null
    error_message = "The value goes only through secret_string_wo, versioned by the config; no plaintext argument."
  }

  assert {
    condition     = aws_secretsmanager_secret_policy.secrets_payments_api_key_policy.block_public_policy == true
    error_message = "The resource policy must block public policies."
  }

  assert {
    condition     = aws_secretsmanager_secret_rotation.secrets_session_signing_key_rotation.rotation_rules[0].schedule_expression == "rate(30 days)"
    error_message = "Rotation follows the configured schedule."
  }
}

run "secrets_apply" {
  command = apply

  assert {
    condition     = length(aws_secretsmanager_secret.secrets_payments_api_key.replica) == 2 && toset([for r in aws_secretsmanager_secret.secrets_payments_api_key.replica : r.region]) == toset(["us-west-2", "eu-west-1"])
    error_message = "One replica per data region other than globalRegion (the replica set is known only after apply: its key ARNs are computed)."
  }

  assert {
    condition     = alltrue([for r in aws_secretsmanager_secret.secrets_payments_api_key.replica : (r.region == "us-west-2" ? r.kms_key_id == aws_kms_replica_key.kms_replica_us-west-2.arn : r.kms_key_id == aws_kms_replica_key.kms_replica_eu-west-1.arn)])
    error_message = "Each replica is encrypted with its own region's replica of the multi-region key."
  }

  assert {
    condition     = aws_secretsmanager_secret.secrets_payments_api_key.kms_key_id == aws_kms_key.kms_primary.arn
    error_message = "The primary is encrypted with the multi-region key's primary."
  }

  assert {
    condition     = aws_secretsmanager_secret_policy.secrets_payments_api_key_policy.secret_arn == aws_secretsmanager_secret.secrets_payments_api_key.arn && aws_secretsmanager_secret_rotation.secrets_session_signing_key_rotation.secret_id == aws_secretsmanager_secret.secrets_session_signing_key.id
    error_message = "Policy and rotation are set on the primary secret (AWS replicates both)."
  }

  assert {
    condition     = length(jsondecode(aws_secretsmanager_secret_policy.secrets_payments_api_key_policy.policy).Statement) == 2
    error_message = "The policy denies other accounts and readers outside the list."
  }

  assert {
    condition     = length(output.secrets_payments_api_key_arns) == 3
    error_message = "One ARN per region is output."
  }
}
