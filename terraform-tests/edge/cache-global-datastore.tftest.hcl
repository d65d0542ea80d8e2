# requires: aws_elasticache_global_replication_group.cache_datastore
# The ElastiCache Global Datastore, created in the edge stack from the primary region's replication group.

run "global_datastore" {
  command = plan

  assert {
    condition     = aws_elasticache_global_replication_group.cache_datastore.primary_replication_group_id == aws_elasticache_global_replication_group.cache_datastore.global_replication_group_id_suffix
    error_message = "The datastore is named after the replication group every region uses, so its primary is found by the same ID whichever region holds it."
  }

  assert {
    condition     = can(regex("^cache\\.(m5|m6g|m7g|r5|r6g|r6gd|r7g|c7gn)\\.([0-9]*x)?large$", aws_elasticache_global_replication_group.cache_datastore.cache_node_type))
    error_message = "A Global Datastore needs an M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn node, large or above."
  }

  assert {
    condition     = aws_elasticache_global_replication_group.cache_datastore.automatic_failover_enabled == true && aws_elasticache_global_replication_group.cache_datastore.num_node_groups >= 1
    error_message = "The datastore must keep automatic failover on and own the shard count."
  }
}

run "datastore_id_output" {
  command = apply

  assert {
    condition     = output.cache_global_datastore_id == aws_elasticache_global_replication_group.cache_datastore.global_replication_group_id
    error_message = "The edge stack must output the datastore's full ID to pin as cache.globalDatastoreId."
  }
}
