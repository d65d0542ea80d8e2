import { Construct } from 'constructs';
import { Fn, TerraformIterator, TerraformOutput, Token, type TerraformProvider } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { CloudfrontDistribution, type CloudfrontDistributionOrigin, type CloudfrontDistributionOrderedCacheBehavior } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { Names } from '../base/names';
import { accountId } from '../iam/account';
import { policyDocument } from '../iam/policy';
import { accountAdministration, cloudWatchLogsUse } from '../kms/key-policy';
import type { TierConfig } from '../tiers/tier';
import { metricAlarm } from '../cloudwatch/metric-alarm';
import { alertsTopicArn } from '../observability/tier';
import { cdnSignals } from './signals';
import { cdnFailoverRegion, storageBucketName, type CdnSchema, type StorageSchema } from './config';

/**
 * CloudFront managed policies, by ID (CloudFront Developer Guide, "Use managed cache policies" and
 * "Use managed origin request policies"); the IDs are the same in every account.
 */
export const MANAGED_POLICY = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
} as const;

/** Origin ID of a region's bucket and of its dynamic origin. Region-named, so a switchover renames nothing. */
export const s3OriginId = (region: string): string => `s3-${region}`;
export const httpOriginId = (region: string): string => `http-${region}`;
export const S3_ORIGIN_GROUP_ID = 's3-failover';

export interface CdnProps {
  readonly config: TierConfig<{ storage: typeof StorageSchema; cdn: typeof CdnSchema }>;
  readonly names: Names;
  /** Provider in us-east-1: CloudFront's certificates, metrics and log delivery live there. */
  readonly usEast1: TerraformProvider;
}

/**
 * The CloudFront distribution in front of the storage buckets: an origin group with the primary region's
 * bucket first and the failover region's second, each read through Origin Access Control. The buckets'
 * policies (regional stacks) admit CloudFront; this construct writes no bucket policy.
 */
export class Cdn extends Construct {
  readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const { config, names, usEast1: provider } = props;
    const { cdn } = config;
    const failover = cdnFailoverRegion(config);
    const primary = config.primaryRegion;

    const oac = new CloudfrontOriginAccessControl(this, 'oac', {
      provider,
      name: names.resource('storage'),
      description: 'CloudFront reads the storage buckets, signed with SigV4',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const headers = new CloudfrontResponseHeadersPolicy(this, 'security_headers', {
      provider,
      name: names.resource('security-headers'),
      comment: 'HSTS, nosniff, frame denial, strict referrer',
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const s3Regions = failover === undefined ? [primary] : [primary, failover];
    const origins: CloudfrontDistributionOrigin[] = s3Regions.map((region) => ({
      originId: s3OriginId(region),
      domainName: `${storageBucketName(config, region)}.s3.${region}.amazonaws.com`,
      originAccessControlId: oac.id,
    }));
    for (const [region, hostname] of Object.entries(cdn.dynamicOrigins)) {
      origins.push({
        originId: httpOriginId(region),
        domainName: hostname,
        customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
      });
    }
    // Only GET, HEAD and OPTIONS fail over, and a behavior on an origin group may allow no other method
    // (aws-cdk #32450). The dynamic behavior allows every method, so it targets the
    // primary region's origin directly and moves with primaryRegion (see docs/storage.md).
    const dynamicBehaviors: CloudfrontDistributionOrderedCacheBehavior[] = Object.keys(cdn.dynamicOrigins).length === 0 ? [] : [{
      pathPattern: cdn.dynamicPathPattern,
      targetOriginId: httpOriginId(primary),
      viewerProtocolPolicy: 'https-only',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId: MANAGED_POLICY.cachingDisabled,
      originRequestPolicyId: MANAGED_POLICY.allViewerExceptHostHeader,
      responseHeadersPolicyId: headers.id,
    }];

    const certificateArn = cdn.certificateArn ?? (cdn.hostedZoneId === undefined ? undefined : this.issueCertificate(provider, cdn.domainNames, cdn.hostedZoneId));

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      provider,
      comment: `${names.prefix} storage`,
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: cdn.priceClass,
      defaultRootObject: cdn.defaultRootObject,
      aliases: cdn.domainNames.length > 0 ? cdn.domainNames : undefined,
      webAclId: cdn.webAclArn,
      origin: origins,
      originGroup: failover === undefined ? undefined : [{
        originId: S3_ORIGIN_GROUP_ID,
        failoverCriteria: { statusCodes: cdn.failoverStatusCodes },
        member: [{ originId: s3OriginId(primary) }, { originId: s3OriginId(failover) }],
      }],
      defaultCacheBehavior: {
        targetOriginId: failover === undefined ? s3OriginId(primary) : S3_ORIGIN_GROUP_ID,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: MANAGED_POLICY.cachingOptimized,
        responseHeadersPolicyId: headers.id,
      },
      orderedCacheBehavior: dynamicBehaviors.length > 0 ? dynamicBehaviors : undefined,
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: certificateArn === undefined
        ? { cloudfrontDefaultCertificate: true }
        : { acmCertificateArn: certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    });
    // Pin it as `cdn.distributionId` so bucket and key policies admit exactly this distribution.
    new TerraformOutput(this, 'distribution_id', { value: this.distribution.id });
    new TerraformOutput(this, 'domain_name', { value: this.distribution.domainName });

    if (cdn.hostedZoneId !== undefined) {
      for (const domain of cdn.domainNames) {
        for (const type of ['A', 'AAAA']) {
          new Route53Record(this, `alias_${domain.replace(/[^a-z0-9]/g, '_')}_${type.toLowerCase()}`, {
            provider,
            zoneId: cdn.hostedZoneId,
            name: domain,
            type,
            alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
          });
        }
      }
    }

    this.accessLogs(provider, names, cdn.logRetentionDays);

    // CloudFront's metrics live in us-east-1, and so do its alarm and the alerts topic it notifies.
    for (const signal of cdnSignals(config)) {
      metricAlarm(this, signal, {
        provider,
        topicArn: alertsTopicArn(accountId(this), names, signal.region),
        dimensions: { DistributionId: this.distribution.id },
      });
    }
  }

  /** A certificate in us-east-1 for `domains`, validated by DNS records in `zoneId`. */
  private issueCertificate(provider: TerraformProvider, domains: string[], zoneId: string): string {
    const certificate = new AcmCertificate(this, 'certificate', {
      provider,
      domainName: domains[0],
      subjectAlternativeNames: domains.slice(1),
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      lifecycle: { createBeforeDestroy: true },
    });
    // One record per configured name, keyed statically: domain_validation_options is only known after
    // the certificate exists, so it cannot drive for_each keys.
    const byDomain = TerraformIterator.fromList(certificate.domainValidationOptions).forExpressionForMap('val.domain_name', 'val');
    const records = domains.map((domain) => {
      const option = Fn.lookup(byDomain, domain);
      return new Route53Record(this, `certificate_validation_${domain.replace(/[^a-z0-9]/g, '_')}`, {
        provider,
        zoneId,
        name: Token.asString(Fn.lookup(option, 'resource_record_name')),
        type: Token.asString(Fn.lookup(option, 'resource_record_type')),
        records: [Token.asString(Fn.lookup(option, 'resource_record_value'))],
        ttl: 300,
        allowOverwrite: true,
      });
    });
    return new AcmCertificateValidation(this, 'certificate_validation', {
      provider,
      certificateArn: certificate.arn,
      validationRecordFqdns: records.map((record) => record.fqdn),
    }).certificateArn;
  }

  /**
   * Standard logging (v2) into CloudWatch Logs: legacy logging needs an ACL-enabled bucket, which
   * BucketOwnerEnforced forbids. Log delivery for CloudFront is configured in us-east-1.
   */
  private accessLogs(provider: TerraformProvider, names: Names, retentionInDays: number): void {
    const account = accountId(this);
    const key = new KmsKey(this, 'logs_key', {
      provider,
      description: `${names.prefix} CloudFront access logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([accountAdministration('us-east-1', account), cloudWatchLogsUse('us-east-1', account)]),
    });
    new KmsAlias(this, 'logs_key_alias', { provider, name: `alias/${names.resource('cdn-logs')}`, targetKeyId: key.keyId });
    const group = new CloudwatchLogGroup(this, 'access_logs', {
      provider,
      name: `/aws/cloudfront/${names.prefix}`,
      retentionInDays,
      kmsKeyId: key.arn,
    });
    const source = new CloudwatchLogDeliverySource(this, 'log_source', {
      provider,
      name: names.resource('cdn-access-logs'),
      logType: 'ACCESS_LOGS',
      resourceArn: this.distribution.arn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, 'log_destination', {
      provider,
      name: names.resource('cdn-access-logs'),
      outputFormat: 'json',
      deliveryDestinationConfiguration: [{ destinationResourceArn: group.arn }],
    });
    new CloudwatchLogDelivery(this, 'log_delivery', {
      provider,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
    });
  }
}
