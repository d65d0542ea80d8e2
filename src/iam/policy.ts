import { Fn } from 'cdktf';
import { regionlessArn } from '../base/partition';

/**
 * IAM, KMS and resource policies as typed statements, rendered with `jsonencode` (valid in JSON and HCL
 * output alike); the baseline rules parse the rendered expression back into statements.
 */
export type OneOrMore = string | readonly string[];

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | { readonly AWS?: OneOrMore; readonly Service?: OneOrMore };
  readonly Action: OneOrMore;
  /** Absent only in trust policies. */
  readonly Resource?: OneOrMore;
  /** Operator -> condition key -> value(s), as IAM writes it: `{ Bool: { 'aws:SecureTransport': 'false' } }`. */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMore>>>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return Fn.jsonencode({ Version: '2012-10-17', Statement: statements });
}

/** A trust policy letting `service` assume the role, optionally only on behalf of `sourceAccount`. */
export function serviceTrustPolicy(service: string, sourceAccount?: string): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      ...(sourceAccount === undefined ? {} : { Condition: { StringEquals: { 'aws:SourceAccount': sourceAccount } } }),
    },
  ]);
}

/**
 * The trust policy of an EKS Pod Identity role (Amazon EKS User Guide, "Assign an IAM role to a Kubernetes service
 * account", https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html): the Pod Identity service
 * assumes the role and tags the session with the cluster, namespace and service account.
 */
export function podIdentityTrustPolicy(): string {
  return policyDocument([
    { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
  ]);
}

/** An AWS managed policy by name, in the partition of `region` (the region of the stack that attaches it). */
export const managedPolicyArn = (region: string, name: string): string =>
  regionlessArn('iam', region, 'aws', `policy/${name}`);

/** Denies every request to `resources` that does not use TLS (the baseline rule S3_TLS_ONLY looks for this statement). */
export function denyInsecureTransport(action: string, resources: readonly string[]): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: action,
    Resource: resources,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** An IAM role of `account` by name, in the partition of `region` (the region of the stack that refers to it). */
export const roleArn = (region: string, account: string, name: string): string =>
  regionlessArn('iam', region, account, `role/${name}`);

/** The account itself as a principal (`arn:<partition>:iam::<account>:root`), in the partition of `region`. */
export const accountPrincipal = (region: string, account: string): string =>
  regionlessArn('iam', region, account, 'root');
