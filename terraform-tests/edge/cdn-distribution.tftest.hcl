# requires: aws_cloudfront_distribution.cdn_distribution
# Invariants of the distribution in every config: Origin Access Control on every S3 origin, an origin group
# of two S3 origins, HTTPS to viewers and origins, HTTP/2 and HTTP/3, compression, managed cache
# policies, security headers, standard logging and the 5xx alarm.

run "distribution" {
  command = apply

  assert {
    condition = alltrue([
      for origin in aws_cloudfront_distribution.cdn_distribution.origin :
      origin.origin_access_control_id == aws_cloudfront_origin_access_control.cdn_oac.id if strcontains(origin.domain_name, ".s3.")
    ]) && length([for origin in aws_cloudfront_distribution.cdn_distribution.origin : origin if strcontains(origin.domain_name, ".s3.")]) > 0
    error_message = "Every S3 origin must use the distribution's Origin Access Control."
  }

  assert {
    condition = (
      aws_cloudfront_origin_access_control.cdn_oac.origin_access_control_origin_type == "s3" &&
      aws_cloudfront_origin_access_control.cdn_oac.signing_behavior == "always" &&
      aws_cloudfront_origin_access_control.cdn_oac.signing_protocol == "sigv4"
    )
    error_message = "Origin Access Control must sign every request with SigV4."
  }

  assert {
    condition = alltrue(flatten([
      for group in aws_cloudfront_distribution.cdn_distribution.origin_group : [
        length(group.member) == 2,
        length(group.failover_criteria[0].status_codes) > 0,
        alltrue([for code in group.failover_criteria[0].status_codes : contains([400, 403, 404, 416, 500, 502, 503, 504], code)]),
        alltrue([for member in group.member : contains([for origin in aws_cloudfront_distribution.cdn_distribution.origin : origin.origin_id if strcontains(origin.domain_name, ".s3.")], member.origin_id)]),
      ]
    ]))
    error_message = "The origin group must hold two S3 origins and valid failover status codes."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.cdn_distribution.default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https" &&
      aws_cloudfront_distribution.cdn_distribution.default_cache_behavior[0].compress &&
      aws_cloudfront_distribution.cdn_distribution.default_cache_behavior[0].cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6" &&
      aws_cloudfront_distribution.cdn_distribution.default_cache_behavior[0].response_headers_policy_id == aws_cloudfront_response_headers_policy.cdn_security_headers.id
    )
    error_message = "The default behavior must redirect to HTTPS, compress, use CachingOptimized and the security headers."
  }

  assert {
    condition     = alltrue([for behavior in aws_cloudfront_distribution.cdn_distribution.ordered_cache_behavior : contains(["https-only", "redirect-to-https"], behavior.viewer_protocol_policy)])
    error_message = "No behavior may serve plain HTTP."
  }

  assert {
    condition     = alltrue([for origin in aws_cloudfront_distribution.cdn_distribution.origin : origin.custom_origin_config[0].origin_protocol_policy == "https-only" if length(origin.custom_origin_config) > 0])
    error_message = "Dynamic origins must be reached over HTTPS only."
  }

  assert {
    condition     = aws_cloudfront_distribution.cdn_distribution.http_version == "http2and3" && aws_cloudfront_distribution.cdn_distribution.is_ipv6_enabled
    error_message = "The distribution must serve HTTP/2 and HTTP/3 over IPv4 and IPv6."
  }

  assert {
    condition = (
      aws_cloudfront_response_headers_policy.cdn_security_headers.security_headers_config[0].strict_transport_security[0].access_control_max_age_sec >= 31536000 &&
      aws_cloudfront_response_headers_policy.cdn_security_headers.security_headers_config[0].frame_options[0].frame_option == "DENY" &&
      aws_cloudfront_response_headers_policy.cdn_security_headers.security_headers_config[0].content_type_options[0].override
    )
    error_message = "The response headers policy must send HSTS (a year or more), frame denial and nosniff."
  }

  assert {
    condition = (
      aws_cloudwatch_log_delivery_source.cdn_log_source.resource_arn == aws_cloudfront_distribution.cdn_distribution.arn &&
      aws_cloudwatch_log_delivery_source.cdn_log_source.log_type == "ACCESS_LOGS" &&
      aws_cloudwatch_log_delivery.cdn_log_delivery.delivery_destination_arn == aws_cloudwatch_log_delivery_destination.cdn_log_destination.arn &&
      aws_cloudwatch_log_group.cdn_access_logs.kms_key_id == aws_kms_key.cdn_logs_key.arn
    )
    error_message = "Standard logging must deliver the distribution's access logs to the encrypted log group."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.namespace == "AWS/CloudFront" &&
      aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.metric_name == "5xxErrorRate" &&
      aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.dimensions.DistributionId == aws_cloudfront_distribution.cdn_distribution.id &&
      aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.dimensions.Region == "Global"
    )
    error_message = "The distribution's 5xx error rate must be alarmed."
  }
}
