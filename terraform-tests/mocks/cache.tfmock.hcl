# Cache tier. Realistic ARNs, IDs and endpoints: the provider validates ARN-typed arguments even under mocks, and
# outputs should look like what operators will see.
mock_resource "aws_elasticache_replication_group" {
  defaults = {
    arn                            = "arn:aws:elasticache:{region}:{account}:replicationgroup:shop-prod-cache"
    configuration_endpoint_address = "clustercfg.shop-prod-cache.abcdef.use1.cache.amazonaws.com"
    primary_endpoint_address       = ""
    reader_endpoint_address        = ""
    member_clusters                = ["shop-prod-cache-0001-001", "shop-prod-cache-0001-002"]
    engine_version_actual          = "8.0.1"
  }
}
mock_resource "aws_elasticache_global_replication_group" {
  defaults = {
    arn                         = "arn:aws:elasticache::{account}:globalreplicationgroup:ldgnf-shop-prod-cache"
    global_replication_group_id = "ldgnf-shop-prod-cache"
    engine_version_actual       = "8.0.1"
  }
}
mock_resource "aws_elasticache_user" {
  defaults = {
    arn = "arn:aws:elasticache:{region}:{account}:user:shop-prod-cache-app"
  }
}
mock_resource "aws_elasticache_user_group" {
  defaults = {
    arn = "arn:aws:elasticache:{region}:{account}:usergroup:shop-prod-cache"
  }
}
mock_resource "aws_elasticache_subnet_group" {
  defaults = {
    arn = "arn:aws:elasticache:{region}:{account}:subnetgroup:shop-prod-cache"
  }
}
mock_resource "aws_memorydb_multi_region_cluster" {
  defaults = {
    arn                       = "arn:aws:memorydb::{account}:multiregioncluster/virxk-shop-prod-cache"
    multi_region_cluster_name = "virxk-shop-prod-cache"
    status                    = "available"
  }
}
mock_resource "aws_memorydb_cluster" {
  defaults = {
    arn              = "arn:aws:memorydb:{region}:{account}:cluster/shop-prod-cache"
    cluster_endpoint = [{ address = "clustercfg.shop-prod-cache.abcdef.memorydb.{region}.amazonaws.com", port = 6379 }]
  }
}
mock_resource "aws_memorydb_user" {
  defaults = {
    arn = "arn:aws:memorydb:{region}:{account}:user/shop-prod-cache-app"
  }
}
mock_resource "aws_memorydb_acl" {
  defaults = {
    arn = "arn:aws:memorydb:{region}:{account}:acl/shop-prod-cache"
  }
}
mock_resource "aws_memorydb_subnet_group" {
  defaults = {
    arn = "arn:aws:memorydb:{region}:{account}:subnetgroup/shop-prod-cache"
  }
}
