# requires: aws_memorydb_multi_region_cluster.cache_multi_region
# The MemoryDB multi-Region cluster the regions join: Valkey 7.3+, R7g xlarge+, TLS (replacing if changed), and
# the name output the regions are pinned to.

variables {
  database_master_password = ""
}

run "multi_region_cluster" {
  command = plan

  assert {
    condition     = aws_memorydb_multi_region_cluster.cache_multi_region.tls_enabled == true
    error_message = "TLS must be on: tls_enabled forces replacement of the multi-Region cluster, so it is never changed later."
  }

  assert {
    condition     = aws_memorydb_multi_region_cluster.cache_multi_region.engine == "valkey" && can(regex("^db\\.r7g\\.([0-9]*xlarge)$", aws_memorydb_multi_region_cluster.cache_multi_region.node_type))
    error_message = "MemoryDB Multi-Region needs Valkey on R7g xlarge or larger."
  }

  assert {
    condition     = tonumber(split(".", aws_memorydb_multi_region_cluster.cache_multi_region.engine_version)[0]) > 7 || (tonumber(split(".", aws_memorydb_multi_region_cluster.cache_multi_region.engine_version)[0]) == 7 && tonumber(split(".", aws_memorydb_multi_region_cluster.cache_multi_region.engine_version)[1]) >= 3)
    error_message = "MemoryDB Multi-Region needs Valkey 7.3 or later."
  }

  assert {
    condition     = can(regex("^[a-z][a-z0-9-]*-cache$", aws_memorydb_multi_region_cluster.cache_multi_region.multi_region_cluster_name_suffix))
    error_message = "The suffix must be the deterministic <prefix>-cache that every regional cluster is also named."
  }
}

run "name_output" {
  command = apply

  assert {
    condition     = output.cache_multi_region_cluster_name == aws_memorydb_multi_region_cluster.cache_multi_region.multi_region_cluster_name
    error_message = "The global stack must output the full multi-Region cluster name to pin as cache.multiRegionClusterName."
  }
}
