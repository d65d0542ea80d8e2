# requires: aws_elasticache_replication_group.cache_group aws_cloudwatch_metric_alarm.cache_replication_lag_0
# Global Datastore members (elasticache-global): the cross-region lag alarm, armed in every region.

variables {
  database_master_password = ""
}

run "global_datastore_lag_alarm" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.cache_replication_lag_0.metric_name == "GlobalDatastoreReplicationLag" && aws_cloudwatch_metric_alarm.cache_replication_lag_0.namespace == "AWS/ElastiCache"
    error_message = "Every member must alarm on GlobalDatastoreReplicationLag."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cache_replication_lag_0.threshold > 0 && aws_cloudwatch_metric_alarm.cache_replication_lag_0.treat_missing_data == "notBreaching"
    error_message = "The lag alarm needs a positive threshold (seconds) and must stay quiet in the primary region, which reports no lag."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cache_replication_lag_0.dimensions["CacheClusterId"] == "${aws_elasticache_replication_group.cache_group.replication_group_id}-0001-001"
    error_message = "The lag alarm must watch this region's nodes."
  }
}
