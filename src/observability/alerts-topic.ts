import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { accountPrincipal, policyDocument, type PolicyStatement } from '../iam/policy';
import { subscriptionKind } from './config';
import { regionalArn } from '../base/partition';

export interface AlertsTopicProps {
  /** The topic's name, the same in every region (`ObservabilityNames.alertsTopic()`). */
  readonly name: string;
  readonly region: string;
  readonly account: string;
  /** The region's KMS key; its policy must admit CloudWatch (`cloudWatchAlarmsUse`). */
  readonly kmsKeyArn: string;
  /** Email addresses and https:// endpoints; topic ARNs are not subscriptions and are skipped. */
  readonly subscriptions: readonly string[];
  /**
   * Provider of `region`, in stacks that span regions.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/** Topic administration for the account's IAM principals; publishing is CloudWatch's alone. */
const ADMINISTRATION_ACTIONS = [
  'sns:GetTopicAttributes',
  'sns:SetTopicAttributes',
  'sns:AddPermission',
  'sns:RemovePermission',
  'sns:DeleteTopic',
  'sns:Subscribe',
  'sns:ListSubscriptionsByTopic',
  'sns:TagResource',
  'sns:UntagResource',
  'sns:ListTagsForResource',
];

/**
 * Publishing by this account's CloudWatch alarms in the topic's region only: `aws:SourceAccount` and `aws:SourceArn`
 * (the alarm's ARN) guard against the confused deputy (AWS re:Post, "Why didn't I receive an SNS notification for my
 * CloudWatch alarm trigger?", https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
 */
export function alertsTopicStatements(topicArn: string, region: string, account: string): PolicyStatement[] {
  return [
    {
      Sid: 'AccountAdministration',
      Effect: 'Allow',
      Principal: { AWS: accountPrincipal(region, account) },
      Action: ADMINISTRATION_ACTIONS,
      Resource: topicArn,
    },
    {
      Sid: 'CloudWatchAlarms',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': regionalArn('cloudwatch', region, account, 'alarm:*') },
      },
    },
  ];
}

/** Terraform-address-safe form of a subscription endpoint: an address that moves only when the endpoint does. */
const endpointId = (endpoint: string): string =>
  endpoint
    .toLowerCase()
    .replace(/^https:\/\//, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/**
 * A region's alerts topic: every alarm there notifies it (alarms can only notify a topic in their own region), encrypted
 * with the region's key, publishable by the account's CloudWatch alarms only, with the configured subscribers.
 */
export class AlertsTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlertsTopicProps) {
    super(scope, id);
    const { provider } = props;
    this.topic = new SnsTopic(this, 'topic', { provider, name: props.name, kmsMasterKeyId: props.kmsKeyArn });
    new SnsTopicPolicy(this, 'policy', {
      provider,
      arn: this.topic.arn,
      policy: policyDocument(alertsTopicStatements(this.topic.arn, props.region, props.account)),
    });
    for (const endpoint of props.subscriptions) {
      const kind = subscriptionKind(endpoint);
      if (kind !== 'email' && kind !== 'https') continue;
      new SnsTopicSubscription(this, `subscription_${endpointId(endpoint)}`, {
        provider,
        topicArn: this.topic.arn,
        protocol: kind,
        endpoint,
      });
    }
  }
}
