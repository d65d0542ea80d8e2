# requires: aws_cloudfront_distribution.cdn_distribution aws_cloudwatch_metric_alarm.storage_failed_us-east-1_to_us-west-2
# The default config: us-east-1's bucket first, us-west-2's (the first secondary) as failover, on the
# default failover codes, with the cloudfront.net certificate.

run "origin_group" {
  command = plan

  assert {
    condition = (
      length(aws_cloudfront_distribution.cdn_distribution.origin_group) == 1 &&
      [for member in one(aws_cloudfront_distribution.cdn_distribution.origin_group).member : member.origin_id] == ["s3-us-east-1", "s3-us-west-2"]
    )
    error_message = "The origin group must be the primary region's bucket, then the first secondary's."
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
    condition = toset([for origin in aws_cloudfront_distribution.cdn_distribution.origin : origin.domain_name]) == toset([
      "shop-prod-assets-us-east-1.s3.us-east-1.amazonaws.com",
      "shop-prod-assets-us-west-2.s3.us-west-2.amazonaws.com",
    ])
    error_message = "The S3 origins must be the deterministic regional endpoints of the two buckets."
  }
}
