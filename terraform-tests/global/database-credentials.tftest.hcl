# requires: aws_secretsmanager_secret.database_credentials aws_secretsmanager_secret_version.database_credentials_version
# The master credentials: one secret replicated to every region, written only through secret_string_wo.


# The ephemeral password input: Terraform 1.11's test runner needs it set explicitly for apply runs.
variables {
  database_master_password = ""
}

run "credentials_secret_replicated_and_encrypted" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret.database_credentials.recovery_window_in_days >= 7
    error_message = "A deleted credentials secret must stay recoverable for at least 7 days."
  }

  # Terraform nulls write-only arguments in plan and state, so a null `secret_string_wo` holds whatever is
  # configured. What the design guarantees: the version that sends the value is set, and no plaintext argument is.
  assert {
    condition     = aws_secretsmanager_secret_version.database_credentials_version.secret_string_wo_version >= 1
    error_message = "The secret version must set secret_string_wo_version (database.passwordVersion), or the write-only value is never sent."
  }

  assert {
    condition     = aws_secretsmanager_secret_version.database_credentials_version.secret_string == null && aws_secretsmanager_secret_version.database_credentials_version.secret_binary == null
    error_message = "The credentials must be written only through secret_string_wo: secret_string and secret_binary would store them in the plan and state."
  }
}

run "no_password_in_state" {
  command = apply

  assert {
    condition     = alltrue([for replica in aws_secretsmanager_secret.database_credentials.replica : startswith(replica.kms_key_id, "arn:aws:kms:")])
    error_message = "Every secret replica must be encrypted with that region's replica of the multi-region key."
  }

  assert {
    condition     = startswith(aws_secretsmanager_secret.database_credentials.kms_key_id, "arn:aws:kms:")
    error_message = "The credentials secret must be encrypted with the multi-region key."
  }
}
