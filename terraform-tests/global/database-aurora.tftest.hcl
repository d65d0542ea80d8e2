# requires: aws_rds_global_cluster.database_global
# The Aurora global cluster: encrypted, protected, and the anchor every regional cluster joins by name.


# The ephemeral password input: Terraform 1.11's test runner needs it set explicitly for apply runs.
variables {
  database_master_password = ""
}

run "global_cluster_secure_defaults" {
  command = plan

  assert {
    condition     = aws_rds_global_cluster.database_global.storage_encrypted == true
    error_message = "The global cluster must be encrypted: encryption cannot be added to its members later."
  }

  assert {
    condition     = aws_rds_global_cluster.database_global.deletion_protection == true
    error_message = "The global cluster must have deletion protection."
  }

  assert {
    condition     = contains(["aurora-postgresql", "aurora-mysql"], aws_rds_global_cluster.database_global.engine)
    error_message = "The global cluster must run an Aurora engine."
  }

  assert {
    condition     = can(regex("^[a-z][a-z0-9-]*-db$", aws_rds_global_cluster.database_global.global_cluster_identifier))
    error_message = "The global cluster identifier must be the deterministic <prefix>-db the regional stacks join."
  }

  assert {
    condition     = aws_rds_global_cluster.database_global.engine_version != null
    error_message = "The global cluster must pin database.engineVersion: upgrades go through it, the regional clusters ignore theirs."
  }
}

run "global_writer_endpoint_output" {
  command = apply

  assert {
    condition     = output.database_global_writer_endpoint == aws_rds_global_cluster.database_global.endpoint
    error_message = "The global writer endpoint output must be the global cluster's endpoint."
  }
}
