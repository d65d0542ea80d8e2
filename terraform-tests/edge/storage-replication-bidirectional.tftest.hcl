# requires: aws_s3_bucket_replication_configuration.storage_replication_eu-west-1 aws_s3_bucket_replication_configuration.storage_replication_eu-central-1 aws_s3_bucket_replication_configuration.storage_replication_eu-north-1
# examples/storage-bidirectional-custom-domain.yaml: every bucket replicates to every other, with replica
# modification sync, a prefix filter and a replica storage class.

override_data {
  target = data.aws_kms_key.storage_key_eu-west-1
  values = { arn = "arn:aws:kms:eu-west-1:123456789012:key/mrk-00000000000000000000000000000002" }
}
override_data {
  target = data.aws_kms_key.storage_key_eu-central-1
  values = { arn = "arn:aws:kms:eu-central-1:123456789012:key/mrk-00000000000000000000000000000002" }
}
override_data {
  target = data.aws_kms_key.storage_key_eu-north-1
  values = { arn = "arn:aws:kms:eu-north-1:123456789012:key/mrk-00000000000000000000000000000002" }
}

run "every_bucket_to_every_other" {
  command = apply

  assert {
    condition = alltrue([
      for replication in [
        aws_s3_bucket_replication_configuration.storage_replication_eu-west-1,
        aws_s3_bucket_replication_configuration.storage_replication_eu-central-1,
        aws_s3_bucket_replication_configuration.storage_replication_eu-north-1,
      ] :
      length(replication.rule) == 2 &&
      !contains([for rule in replication.rule : rule.destination[0].bucket], "arn:aws:s3:::${replication.bucket}") &&
      alltrue([
        for rule in replication.rule :
        rule.source_selection_criteria[0].replica_modifications[0].status == "Enabled" &&
        rule.filter[0].prefix == "public/" &&
        rule.destination[0].storage_class == "STANDARD_IA" &&
        rule.destination[0].replication_time[0].status == "Enabled" &&
        rule.destination[0].metrics[0].status == "Enabled"
      ])
    ])
    error_message = "Each bucket must replicate to both others, syncing replica modifications, with the configured filter and storage class."
  }

  assert {
    condition = alltrue([
      for action in ["kms:Decrypt", "kms:Encrypt"] : anytrue([
        for statement in jsondecode(aws_iam_role_policy.storage_replication_policy.policy).Statement :
        contains(flatten([statement.Action]), action) && toset(statement.Resource) == toset([
          data.aws_kms_key.storage_key_eu-west-1.arn,
          data.aws_kms_key.storage_key_eu-central-1.arn,
          data.aws_kms_key.storage_key_eu-north-1.arn,
        ])
      ])
    ])
    error_message = "Bidirectionally, the role must decrypt and encrypt with every region's key."
  }
}
