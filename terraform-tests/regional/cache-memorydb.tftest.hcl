# requires: aws_memorydb_cluster.cache_cluster aws_memorydb_acl.cache_acl aws_memorydb_user.cache_app_user
# Every MemoryDB regional cluster of the multi-Region cluster: membership, encryption, IAM-only ACL, lag alarms.

variables {
  database_master_password = ""
}

run "cluster_membership_and_security" {
  command = plan

  assert {
    condition     = can(regex("^[a-z]{5}-[a-z][a-z0-9-]*-cache$", aws_memorydb_cluster.cache_cluster.multi_region_cluster_name))
    error_message = "Every regional cluster must join the multi-Region cluster by its full, AWS-prefixed name (cache.multiRegionClusterName)."
  }

  assert {
    condition     = aws_memorydb_cluster.cache_cluster.kms_key_arn == data.aws_kms_key.kms_key.arn && aws_memorydb_cluster.cache_cluster.tls_enabled == true
    error_message = "Every regional cluster must use TLS and the region's copy of the multi-region key."
  }

  assert {
    condition     = aws_memorydb_cluster.cache_cluster.engine == "valkey" && can(regex("^db\\.r7g\\.([0-9]*xlarge)$", aws_memorydb_cluster.cache_cluster.node_type))
    error_message = "MemoryDB Multi-Region runs Valkey on R7g xlarge or larger nodes."
  }

  assert {
    condition     = aws_memorydb_cluster.cache_cluster.acl_name == aws_memorydb_acl.cache_acl.name && aws_memorydb_acl.cache_acl.name != "open-access"
    error_message = "The cluster must use the tier's ACL, never open-access."
  }

  assert {
    condition     = aws_memorydb_user.cache_app_user.authentication_mode[0].type == "iam" && aws_memorydb_acl.cache_acl.user_names == toset([aws_memorydb_user.cache_app_user.user_name])
    error_message = "The ACL must hold exactly the IAM-authenticated application user."
  }

  assert {
    condition     = aws_memorydb_cluster.cache_cluster.snapshot_retention_limit > 0 && aws_memorydb_cluster.cache_cluster.num_replicas_per_shard >= 1
    error_message = "Every regional cluster must keep snapshots and run a replica per shard (Multi-AZ)."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cache_engine_cpu_0.namespace == "AWS/MemoryDB" && aws_cloudwatch_metric_alarm.cache_engine_cpu_0.dimensions["ClusterName"] == aws_memorydb_cluster.cache_cluster.name
    error_message = "Node alarms must watch this region's MemoryDB nodes."
  }
}

run "apply_and_endpoint" {
  command = apply

  assert {
    condition     = output.cache_endpoint == aws_memorydb_cluster.cache_cluster.cluster_endpoint[0].address
    error_message = "Each region must output its cluster endpoint."
  }
}
