# Cache tier. Realistic ARNs, IDs and endpoints: the provider validates ARN-typed arguments even under mocks, and
# outputs should look like what operators will see.
mock_resource "aws_elasticache_replication_group" {
  defaults = {
    arn                            = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:shop-prod-cache"
    configuration_endpoint_address = "clustercfg.shop-prod-cache.abcdef.use1.cache.amazonaws.com"
    primary_endpoint_address       = ""
    reader_endpoint_address        = ""
    member_clusters                = ["shop-prod-cache-0001-001", "shop-prod-cache-0001-002"]
    engine_version_actual          = "8.0.1"
  }
}
mock_resource "aws_elasticache_global_replication_group" {
  defaults = {
    arn                         = "arn:aws:elasticache::123456789012:globalreplicationgroup:ldgnf-shop-prod-cache"
    global_replication_group_id = "ldgnf-shop-prod-cache"
    engine_version_actual       = "8.0.1"
  }
}
mock_resource "aws_elasticache_user" {
  defaults = {
    arn = "arn:aws:elasticache:us-east-1:123456789012:user:shop-prod-cache-app"
  }
}
mock_resource "aws_elasticache_user_group" {
  defaults = {
    arn = "arn:aws:elasticache:us-east-1:123456789012:usergroup:shop-prod-cache"
  }
}
mock_resource "aws_elasticache_subnet_group" {
  defaults = {
    arn = "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:shop-prod-cache"
  }
}
mock_resource "aws_memorydb_multi_region_cluster" {
  defaults = {
    arn                       = "arn:aws:memorydb::123456789012:multiregioncluster/virxk-shop-prod-cache"
    multi_region_cluster_name = "virxk-shop-prod-cache"
    status                    = "available"
  }
}
mock_resource "aws_memorydb_cluster" {
  defaults = {
    arn              = "arn:aws:memorydb:eu-west-1:123456789012:cluster/shop-prod-cache"
    cluster_endpoint = [{ address = "clustercfg.shop-prod-cache.abcdef.memorydb.eu-west-1.amazonaws.com", port = 6379 }]
  }
}
mock_resource "aws_memorydb_user" {
  defaults = {
    arn = "arn:aws:memorydb:eu-west-1:123456789012:user/shop-prod-cache-app"
  }
}
mock_resource "aws_memorydb_acl" {
  defaults = {
    arn = "arn:aws:memorydb:eu-west-1:123456789012:acl/shop-prod-cache"
  }
}
mock_resource "aws_memorydb_subnet_group" {
  defaults = {
    arn = "arn:aws:memorydb:eu-west-1:123456789012:subnetgroup/shop-prod-cache"
  }
}
