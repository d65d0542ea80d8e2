# requires: aws_acm_certificate.cdn_certificate aws_cloudfront_distribution.cdn_distribution aws_s3_bucket_replication_configuration.storage_replication_eu-north-1
# examples/storage-bidirectional-custom-domain.yaml: a certificate issued in us-east-1 and validated by
# DNS, TLS 1.2_2021, a WAF web ACL, custom failover codes and a dynamic origin per region. The
# certificate's validation options come from the aws_acm_certificate mock (storage.tfmock.hcl).

run "custom_domain" {
  command = apply

  assert {
    condition = (
      aws_acm_certificate.cdn_certificate.validation_method == "DNS" &&
      aws_route53_record.cdn_certificate_validation_cdn_media_example_com.name == "_a1.cdn.media.example.com." &&
      aws_route53_record.cdn_certificate_validation_static_media_example_com.records == toset(["_b2.acm-validations.aws."]) &&
      toset(aws_acm_certificate_validation.cdn_certificate_validation.validation_record_fqdns) == toset([
        aws_route53_record.cdn_certificate_validation_cdn_media_example_com.fqdn,
        aws_route53_record.cdn_certificate_validation_static_media_example_com.fqdn,
      ])
    )
    error_message = "The certificate must be validated by one DNS record per name."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.cdn_distribution.viewer_certificate[0].acm_certificate_arn == aws_acm_certificate_validation.cdn_certificate_validation.certificate_arn &&
      aws_cloudfront_distribution.cdn_distribution.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021" &&
      aws_cloudfront_distribution.cdn_distribution.viewer_certificate[0].ssl_support_method == "sni-only"
    )
    error_message = "The distribution must serve the validated certificate with TLS 1.2_2021 at least."
  }

  assert {
    condition     = toset(aws_cloudfront_distribution.cdn_distribution.aliases) == toset(["cdn.media.example.com", "static.media.example.com"])
    error_message = "The custom domain names must be the distribution's aliases."
  }

  assert {
    condition     = aws_route53_record.cdn_alias_cdn_media_example_com_a.alias[0].name == aws_cloudfront_distribution.cdn_distribution.domain_name
    error_message = "The custom domain must point at the distribution."
  }

  assert {
    condition     = aws_cloudfront_distribution.cdn_distribution.web_acl_id == "arn:aws:wafv2:us-east-1:123456789012:global/webacl/media-prod/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
    error_message = "The configured WAF web ACL must be attached."
  }

  assert {
    condition = (
      [for member in one(aws_cloudfront_distribution.cdn_distribution.origin_group).member : member.origin_id] == ["s3-eu-west-1", "s3-eu-central-1"] &&
      toset(one(aws_cloudfront_distribution.cdn_distribution.origin_group).failover_criteria[0].status_codes) == toset([502, 503, 504])
    )
    error_message = "The origin group must follow cdn.failoverRegion and cdn.failoverStatusCodes."
  }

  assert {
    condition = (
      length(aws_cloudfront_distribution.cdn_distribution.ordered_cache_behavior) == 1 &&
      aws_cloudfront_distribution.cdn_distribution.ordered_cache_behavior[0].path_pattern == "/api/*" &&
      aws_cloudfront_distribution.cdn_distribution.ordered_cache_behavior[0].target_origin_id == "http-eu-west-1" &&
      contains(aws_cloudfront_distribution.cdn_distribution.ordered_cache_behavior[0].allowed_methods, "POST") &&
      aws_cloudfront_distribution.cdn_distribution.ordered_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    )
    error_message = "Dynamic content must go, uncached and with every method, to the primary region's HTTP origin."
  }
}
