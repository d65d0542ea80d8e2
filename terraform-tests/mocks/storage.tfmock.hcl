# Storage and edge tier. Realistic ARNs and IDs: the provider validates ARN-typed arguments even under
# mocks (the log delivery, the alarm dimensions and the role's policy reference these).
mock_resource "aws_cloudfront_distribution" {
  defaults = {
    id             = "E2QWRUHAPOMQZL"
    arn            = "arn:aws:cloudfront::{account}:distribution/E2QWRUHAPOMQZL"
    domain_name    = "d111111abcdef8.cloudfront.net"
    hosted_zone_id = "Z2FDTNDATAQYW2"
  }
}
mock_resource "aws_cloudfront_origin_access_control" {
  defaults = {
    id = "E1ABCDEFGHIJKL"
  }
}
mock_resource "aws_cloudfront_response_headers_policy" {
  defaults = {
    id = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  }
}
mock_resource "aws_cloudwatch_log_delivery_source" {
  defaults = {
    arn = "arn:aws:logs:{region}:{account}:delivery-source:mock"
  }
}
mock_resource "aws_cloudwatch_log_delivery_destination" {
  defaults = {
    arn = "arn:aws:logs:{region}:{account}:delivery-destination:mock"
  }
}
mock_resource "aws_cloudtrail_event_data_store" {
  defaults = {
    arn = "arn:aws:cloudtrail:{region}:{account}:eventdatastore/01234567-89ab-cdef-0123-456789abcdef"
  }
}
# The validation records look their name up by domain, so the options must name the configured domains:
# these are the ones of examples/storage-bidirectional-custom-domain.yaml.
mock_resource "aws_acm_certificate" {
  defaults = {
    arn = "arn:aws:acm:{region}:{account}:certificate/01234567-89ab-cdef-0123-456789abcdef"
    domain_validation_options = [
      { domain_name = "cdn.media.example.com", resource_record_name = "_a1.cdn.media.example.com.", resource_record_type = "CNAME", resource_record_value = "_b1.acm-validations.aws." },
      { domain_name = "static.media.example.com", resource_record_name = "_a2.static.media.example.com.", resource_record_type = "CNAME", resource_record_value = "_b2.acm-validations.aws." },
    ]
  }
}
