import { Construct } from 'constructs';
import { Fn, TerraformIterator, TerraformOutput, Token, type TerraformProvider } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import {
  CloudfrontDistribution,
  type CloudfrontDistributionOrigin,
  type CloudfrontDistributionOrderedCacheBehavior,
} from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { accountId } from '../iam/account';
import { policyDocument } from '../iam/policy';
import { accountAdministration, cloudWatchLogsUse } from '../kms/key-policy';
import type { Signal } from '../tiers/signal';
import { metricAlarm } from '../cloudwatch/metric-alarm';

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

/** A region's storage bucket, as a CloudFront origin. */
export interface BucketOrigin {
  readonly region: string;
  readonly bucketName: string;
}

/** What the distribution serves and how, decided by the tier from the config (`src/storage/tier.ts`). */
export interface StorageDistributionProps {
  /** Provider in us-east-1: CloudFront's certificates, metrics and log delivery live there. */
  readonly usEast1: TerraformProvider;
  /**
   * Prefix of the names of what it creates (`<namePrefix>-security-headers`), of its access log group
   * (`/aws/cloudfront/<namePrefix>`) and of its comment.
   */
  readonly namePrefix: string;
  /** The primary region's bucket: the default origin (first in the origin group); its region's dynamic origin takes the dynamic path. */
  readonly primary: BucketOrigin;
  /**
   * The bucket requests fail over to when the primary's answers with one of `statusCodes` (GET, HEAD and OPTIONS only).
   * @default none: the primary bucket alone, no origin group
   */
  readonly failover?: { readonly bucket: BucketOrigin; readonly statusCodes: readonly number[] };
  /**
   * HTTPS origins for dynamic content by region (hostnames), and the path pattern routed, uncached, to the primary
   * region's.
   * @default none: static content only
   */
  readonly dynamicOrigins?: { readonly hostnames: Readonly<Record<string, string>>; readonly pathPattern: string };
  /** CloudFront price class (`PriceClass_All`, `PriceClass_200`, `PriceClass_100`). */
  readonly priceClass: string;
  /** Object returned for requests to the root URL. */
  readonly defaultRootObject: string;
  /**
   * Custom domain names (CNAMEs); they need `certificateArn` or `hostedZoneId`.
   * @default none: the distribution's cloudfront.net name only
   */
  readonly domainNames?: readonly string[];
  /**
   * An ACM certificate in us-east-1 for `domainNames`.
   * @default issued and validated in `hostedZoneId` when it is given, else CloudFront's default certificate
   */
  readonly certificateArn?: string;
  /**
   * Route 53 hosted zone of `domainNames`: it validates the issued certificate and gets alias records to the distribution.
   * @default none: no certificate issued, no alias records
   */
  readonly hostedZoneId?: string;
  /**
   * ARN of the AWS WAF web ACL in front of the distribution.
   * @default none
   */
  readonly webAclArn?: string;
  /** Days to keep the access logs in CloudWatch Logs. */
  readonly logRetentionDays: number;
  /** The distribution's alarms (in us-east-1, where CloudFront's metrics are), and the alerts topic there. */
  readonly alarms: { readonly signals: readonly Signal[]; readonly topicArn: string };
}

/**
 * The CloudFront distribution in front of the storage buckets: an origin group with the primary region's
 * bucket first and the failover region's second, each read through Origin Access Control. The buckets'
 * policies (regional stacks) admit CloudFront; this construct writes no bucket policy.
 */
export class StorageDistribution extends Construct {
  readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: StorageDistributionProps) {
    super(scope, id);
    const { usEast1: provider, namePrefix, primary, failover } = props;
    const domainNames = [...(props.domainNames ?? [])];
    const dynamicOrigins = props.dynamicOrigins;

    const oac = new CloudfrontOriginAccessControl(this, 'oac', {
      provider,
      name: `${namePrefix}-storage`,
      description: 'CloudFront reads the storage buckets, signed with SigV4',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const headers = new CloudfrontResponseHeadersPolicy(this, 'security_headers', {
      provider,
      name: `${namePrefix}-security-headers`,
      comment: 'HSTS, nosniff, frame denial, strict referrer',
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: 63072000,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const buckets = failover === undefined ? [primary] : [primary, failover.bucket];
    const origins: CloudfrontDistributionOrigin[] = buckets.map(({ region, bucketName }) => ({
      originId: s3OriginId(region),
      domainName: `${bucketName}.s3.${region}.amazonaws.com`,
      originAccessControlId: oac.id,
    }));
    for (const [region, hostname] of Object.entries(dynamicOrigins?.hostnames ?? {})) {
      origins.push({
        originId: httpOriginId(region),
        domainName: hostname,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: 'https-only',
          originSslProtocols: ['TLSv1.2'],
        },
      });
    }
    // Only GET, HEAD and OPTIONS fail over, and a behavior on an origin group may allow no other method
    // (aws-cdk #32450). The dynamic behavior allows every method, so it targets the
    // primary region's origin directly and moves with primaryRegion (see docs/storage.md).
    const dynamicBehaviors: CloudfrontDistributionOrderedCacheBehavior[] =
      dynamicOrigins === undefined
        ? []
        : [
            {
              pathPattern: dynamicOrigins.pathPattern,
              targetOriginId: httpOriginId(primary.region),
              viewerProtocolPolicy: 'https-only',
              allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
              cachedMethods: ['GET', 'HEAD'],
              compress: true,
              cachePolicyId: MANAGED_POLICY.cachingDisabled,
              originRequestPolicyId: MANAGED_POLICY.allViewerExceptHostHeader,
              responseHeadersPolicyId: headers.id,
            },
          ];

    const certificateArn =
      props.certificateArn ??
      (props.hostedZoneId === undefined ? undefined : this.issueCertificate(provider, domainNames, props.hostedZoneId));

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      provider,
      comment: `${namePrefix} storage`,
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: props.priceClass,
      defaultRootObject: props.defaultRootObject,
      aliases: domainNames.length > 0 ? domainNames : undefined,
      webAclId: props.webAclArn,
      origin: origins,
      originGroup:
        failover === undefined
          ? undefined
          : [
              {
                originId: S3_ORIGIN_GROUP_ID,
                failoverCriteria: { statusCodes: [...failover.statusCodes] },
                member: [{ originId: s3OriginId(primary.region) }, { originId: s3OriginId(failover.bucket.region) }],
              },
            ],
      defaultCacheBehavior: {
        targetOriginId: failover === undefined ? s3OriginId(primary.region) : S3_ORIGIN_GROUP_ID,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: MANAGED_POLICY.cachingOptimized,
        responseHeadersPolicyId: headers.id,
      },
      orderedCacheBehavior: dynamicBehaviors.length > 0 ? dynamicBehaviors : undefined,
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate:
        certificateArn === undefined
          ? { cloudfrontDefaultCertificate: true }
          : { acmCertificateArn: certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    });
    // Pin it as `cdn.distributionId` so bucket and key policies admit exactly this distribution.
    new TerraformOutput(this, 'distribution_id', { value: this.distribution.id });
    new TerraformOutput(this, 'domain_name', { value: this.distribution.domainName });

    if (props.hostedZoneId !== undefined) {
      for (const domain of domainNames) {
        for (const type of ['A', 'AAAA']) {
          new Route53Record(this, `alias_${domain.replace(/[^a-z0-9]/g, '_')}_${type.toLowerCase()}`, {
            provider,
            zoneId: props.hostedZoneId,
            name: domain,
            type,
            alias: {
              name: this.distribution.domainName,
              zoneId: this.distribution.hostedZoneId,
              evaluateTargetHealth: false,
            },
          });
        }
      }
    }

    this.accessLogs(provider, namePrefix, props.logRetentionDays);

    // CloudFront's metrics live in us-east-1, and so do its alarm and the alerts topic it notifies.
    for (const signal of props.alarms.signals) {
      metricAlarm(this, signal, {
        provider,
        topicArn: props.alarms.topicArn,
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
    const byDomain = TerraformIterator.fromList(certificate.domainValidationOptions).forExpressionForMap(
      'val.domain_name',
      'val',
    );
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
  private accessLogs(provider: TerraformProvider, namePrefix: string, retentionInDays: number): void {
    const account = accountId(this);
    const key = new KmsKey(this, 'logs_key', {
      provider,
      description: `${namePrefix} CloudFront access logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([accountAdministration('us-east-1', account), cloudWatchLogsUse('us-east-1', account)]),
    });
    new KmsAlias(this, 'logs_key_alias', { provider, name: `alias/${namePrefix}-cdn-logs`, targetKeyId: key.keyId });
    const group = new CloudwatchLogGroup(this, 'access_logs', {
      provider,
      name: `/aws/cloudfront/${namePrefix}`,
      retentionInDays,
      kmsKeyId: key.arn,
    });
    const source = new CloudwatchLogDeliverySource(this, 'log_source', {
      provider,
      name: `${namePrefix}-cdn-access-logs`,
      logType: 'ACCESS_LOGS',
      resourceArn: this.distribution.arn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, 'log_destination', {
      provider,
      name: `${namePrefix}-cdn-access-logs`,
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
