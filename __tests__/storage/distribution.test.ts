import { MANAGED_POLICY } from '../../src/storage/distribution';
import { parseConfig } from '../../src/config/load';
import { Template, deploymentFor } from '../helpers/template';
import { configWith, defaultInput, regionsInput } from '../helpers/config';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef';

describe('cdn in the default deployment', () => {
  let edge: Template;
  let distribution: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(() => {
    edge = Template.fromStack(deploymentFor(configWith()).edge);
    distribution = edge.resource('aws_cloudfront_distribution', 'cdn_distribution');
  });

  it("fails over from the primary region's bucket to the first secondary's on the default codes", () => {
    expect(distribution.origin_group).toEqual([
      {
        origin_id: 's3-failover',
        failover_criteria: { status_codes: [500, 502, 503, 504] },
        member: [{ origin_id: 's3-us-east-1' }, { origin_id: 's3-us-west-2' }],
      },
    ]);
    expect(distribution.default_cache_behavior.target_origin_id).toBe('s3-failover');
  });

  it('reads every S3 origin through Origin Access Control at its regional endpoint', () => {
    expect(distribution.origin).toEqual([
      {
        origin_id: 's3-us-east-1',
        domain_name: 'shop-prod-assets-us-east-1.s3.us-east-1.amazonaws.com',
        origin_access_control_id: '${aws_cloudfront_origin_access_control.cdn_oac.id}',
      },
      {
        origin_id: 's3-us-west-2',
        domain_name: 'shop-prod-assets-us-west-2.s3.us-west-2.amazonaws.com',
        origin_access_control_id: '${aws_cloudfront_origin_access_control.cdn_oac.id}',
      },
    ]);
    expect(edge.resource('aws_cloudfront_origin_access_control', 'cdn_oac')).toMatchObject({
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
  });

  it('serves HTTPS (redirect), HTTP/2 and HTTP/3, compressed, with managed caching and security headers', () => {
    expect(distribution).toMatchObject({
      http_version: 'http2and3',
      is_ipv6_enabled: true,
      viewer_certificate: { cloudfront_default_certificate: true },
    });
    expect(distribution.default_cache_behavior).toMatchObject({
      viewer_protocol_policy: 'redirect-to-https',
      compress: true,
      allowed_methods: ['GET', 'HEAD', 'OPTIONS'],
      cache_policy_id: MANAGED_POLICY.cachingOptimized,
      response_headers_policy_id: '${aws_cloudfront_response_headers_policy.cdn_security_headers.id}',
    });
    expect(distribution.ordered_cache_behavior).toBeUndefined();
    expect(
      edge.resource('aws_cloudfront_response_headers_policy', 'cdn_security_headers').security_headers_config
        .strict_transport_security,
    ).toMatchObject({ access_control_max_age_sec: 63072000, include_subdomains: true });
  });

  it('lives in us-east-1 with its standard logging and 5xx alarm', () => {
    expect(distribution.provider).toBe('aws.us_east_1');
    expect(edge.resource('aws_cloudwatch_log_delivery_source', 'cdn_log_source')).toMatchObject({
      provider: 'aws.us_east_1',
      log_type: 'ACCESS_LOGS',
      resource_arn: '${aws_cloudfront_distribution.cdn_distribution.arn}',
    });
    expect(edge.resource('aws_cloudwatch_log_group', 'cdn_access_logs')).toMatchObject({
      retention_in_days: 365,
      kms_key_id: '${aws_kms_key.cdn_logs_key.arn}',
    });
    expect(edge.resource('aws_cloudwatch_metric_alarm', 'cdn_error_rate_alarm')).toMatchObject({
      provider: 'aws.us_east_1',
      namespace: 'AWS/CloudFront',
      metric_name: '5xxErrorRate',
      threshold: 5,
      dimensions: { DistributionId: '${aws_cloudfront_distribution.cdn_distribution.id}', Region: 'Global' },
    });
  });

  it('writes no policy for the origin buckets: the regional stacks own them', () => {
    // The only bucket policy in edge is the data-event trail's log bucket's.
    expect(Object.keys(edge.resources('aws_s3_bucket_policy'))).toEqual(['storage_data_event_trail_log_bucket_policy']);
  });
});

describe('cdn options', () => {
  const edgeOf = (patch: Parameters<typeof configWith>[0]) => Template.fromStack(deploymentFor(configWith(patch)).edge);

  it('uses a given us-east-1 certificate with TLS 1.2_2021, the WAF web ACL and custom failover codes', () => {
    const edge = edgeOf((i) => {
      i.cdn = {
        domainNames: ['cdn.example.com'],
        certificateArn: CERTIFICATE,
        webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b',
        failoverRegion: 'eu-west-1',
        failoverStatusCodes: [403, 503],
      };
    });
    const distribution = edge.resource('aws_cloudfront_distribution', 'cdn_distribution');
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: CERTIFICATE,
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    expect(distribution.aliases).toEqual(['cdn.example.com']);
    expect(distribution.web_acl_id).toBe('arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b');
    expect(distribution.origin_group[0]).toMatchObject({
      failover_criteria: { status_codes: [403, 503] },
      member: [{ origin_id: 's3-us-east-1' }, { origin_id: 's3-eu-west-1' }],
    });
    expect(edge.resources('aws_acm_certificate')).toEqual({});
  });

  it('issues a DNS-validated certificate in us-east-1 when given a hosted zone', () => {
    const edge = edgeOf((i) => {
      i.cdn = { domainNames: ['cdn.example.com', 'www.example.com'], hostedZoneId: 'Z123' };
    });
    expect(edge.resource('aws_acm_certificate', 'cdn_certificate')).toMatchObject({
      provider: 'aws.us_east_1',
      domain_name: 'cdn.example.com',
      subject_alternative_names: ['www.example.com'],
      validation_method: 'DNS',
    });
    expect(edge.resource('aws_route53_record', 'cdn_certificate_validation_www_example_com')).toMatchObject({
      zone_id: 'Z123',
      allow_overwrite: true,
    });
    expect(
      edge.resource('aws_acm_certificate_validation', 'cdn_certificate_validation').validation_record_fqdns,
    ).toHaveLength(2);
    expect(
      edge.resource('aws_cloudfront_distribution', 'cdn_distribution').viewer_certificate.acm_certificate_arn,
    ).toBe('${aws_acm_certificate_validation.cdn_certificate_validation.certificate_arn}');
    expect(edge.resource('aws_route53_record', 'cdn_alias_cdn_example_com_aaaa')).toMatchObject({
      type: 'AAAA',
      alias: { name: '${aws_cloudfront_distribution.cdn_distribution.domain_name}' },
    });
  });

  it("routes the dynamic path, uncached with every method, to the primary region's HTTPS origin", () => {
    const edge = edgeOf((i) => {
      i.cdn = {
        dynamicOrigins: { 'us-east-1': 'api.us-east-1.example.com', 'us-west-2': 'api.us-west-2.example.com' },
      };
    });
    const distribution = edge.resource('aws_cloudfront_distribution', 'cdn_distribution');
    expect(
      distribution.origin.filter((origin: { custom_origin_config?: unknown }) => origin.custom_origin_config),
    ).toEqual([
      {
        origin_id: 'http-us-east-1',
        domain_name: 'api.us-east-1.example.com',
        custom_origin_config: {
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: 'https-only',
          origin_ssl_protocols: ['TLSv1.2'],
        },
      },
      {
        origin_id: 'http-us-west-2',
        domain_name: 'api.us-west-2.example.com',
        custom_origin_config: {
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: 'https-only',
          origin_ssl_protocols: ['TLSv1.2'],
        },
      },
    ]);
    expect(distribution.ordered_cache_behavior).toEqual([
      expect.objectContaining({
        path_pattern: '/api/*',
        target_origin_id: 'http-us-east-1',
        viewer_protocol_policy: 'https-only',
        allowed_methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        cache_policy_id: MANAGED_POLICY.cachingDisabled,
        origin_request_policy_id: MANAGED_POLICY.allViewerExceptHostHeader,
      }),
    ]);
  });

  it('serves a single region from its bucket without an origin group', () => {
    const edge = edgeOf((i) => Object.assign(i, regionsInput('eu-west-1', [])));
    const distribution = edge.resource('aws_cloudfront_distribution', 'cdn_distribution');
    expect(distribution.origin_group).toBeUndefined();
    expect(distribution.default_cache_behavior.target_origin_id).toBe('s3-eu-west-1');
  });

  it('reaches us-east-1 for CloudFront even when it is not a configured region', () => {
    const example = path.join(__dirname, '..', '..', 'examples', 'storage-bidirectional-custom-domain.yaml');
    const edge = Template.fromStack(deploymentFor(parseConfig(parse(readFileSync(example, 'utf8')))).edge);
    expect(edge.providers.map((provider) => provider.alias)).toEqual([
      'eu_west_1',
      'eu_central_1',
      'eu_north_1',
      'us_east_1',
    ]);
    expect(edge.resource('aws_cloudfront_distribution', 'cdn_distribution').provider).toBe('aws.us_east_1');
  });

  it('leaves CloudFront out, and out of the bucket policies, when disabled', () => {
    const deployment = deploymentFor(parseConfig({ ...defaultInput(), cdn: { enabled: false } }));
    expect(Template.fromStack(deployment.edge).resources('aws_cloudfront_distribution')).toEqual({});
    const policy = String(
      Template.fromStack(deployment.regions.get('us-west-2')!).resource('aws_s3_bucket_policy', 'storage_bucket_policy')
        .policy,
    );
    expect(policy).toContain('aws:SecureTransport');
    expect(policy).not.toContain('cloudfront');
  });
});
