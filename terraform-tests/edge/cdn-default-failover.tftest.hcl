# requires: aws_cloudfront_distribution.cdn_distribution aws_s3_bucket_replication_configuration.storage_replication_us-east-1 aws_cloudwatch_metric_alarm.storage_failed_us-east-1_to_us-west-2
# Configs with us-east-1 as primary and the default cdn settings (the default config and the examples
# that keep them): us-east-1's bucket first, a secondary's as failover, on the default failover codes,
# with the cloudfront.net certificate.

run "origin_group" {
  command = apply

  assert {
    condition = (
      length(aws_cloudfront_distribution.cdn_distribution.origin_group) == 1 &&
      length(one(aws_cloudfront_distribution.cdn_distribution.origin_group).member) == 2 &&
      one(aws_cloudfront_distribution.cdn_distribution.origin_group).member[0].origin_id == "s3-us-east-1" &&
      startswith(one(aws_cloudfront_distribution.cdn_distribution.origin_group).member[1].origin_id, "s3-") &&
      one(aws_cloudfront_distribution.cdn_distribution.origin_group).member[1].origin_id != "s3-us-east-1"
    )
    error_message = "The origin group must be the primary region's bucket, then a secondary's."
  }

  assert {
    condition     = toset(one(aws_cloudfront_distribution.cdn_distribution.origin_group).failover_criteria[0].status_codes) == toset([500, 502, 503, 504])
    error_message = "The default failover codes are 500, 502, 503 and 504."
  }

  assert {
    condition     = aws_cloudfront_distribution.cdn_distribution.default_cache_behavior[0].target_origin_id == one(aws_cloudfront_distribution.cdn_distribution.origin_group).origin_id
    error_message = "The default behavior must target the origin group."
  }

  assert {
    condition = alltrue([
      for origin in aws_cloudfront_distribution.cdn_distribution.origin :
      origin.domain_name == format("shop-prod-assets-%s.s3.%s.amazonaws.com", trimprefix(origin.origin_id, "s3-"), trimprefix(origin.origin_id, "s3-"))
    ]) && length(aws_cloudfront_distribution.cdn_distribution.origin) == 2
    error_message = "The S3 origins must be the deterministic regional endpoints of the two buckets."
  }

  assert {
    condition     = aws_cloudfront_distribution.cdn_distribution.viewer_certificate[0].cloudfront_default_certificate
    error_message = "Without a custom domain the cloudfront.net certificate is used."
  }
}
