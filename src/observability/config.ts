import { z } from 'zod';
import { LogRetentionDays, shown } from '../base/primitives';
import type { BaseParsed } from '../base/config';

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const HTTPS = /^https:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/i;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):([\w-]{1,256})$/;

/**
 * Who hears the alarms: an email address or an HTTPS endpoint subscribes to every region's alerts topic; an existing
 * SNS topic cannot subscribe to another (SNS Subscribe protocols: http, https, email, email-json, sms, sqs, application,
 * lambda, firehose; Amazon SNS API Reference, "Subscribe", https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html),
 * so a topic ARN is added instead as an action of its region's health alarm (an alarm may only notify a topic in
 * its own region).
 */
export type SubscriptionKind = 'email' | 'https' | 'topic';

export function subscriptionKind(endpoint: string): SubscriptionKind | undefined {
  if (TOPIC_ARN.test(endpoint)) return 'topic';
  if (HTTPS.test(endpoint)) return 'https';
  if (EMAIL.test(endpoint)) return 'email';
  return undefined;
}

/** Region of a topic ARN subscription. */
export const topicRegion = (arn: string): string | undefined => TOPIC_ARN.exec(arn)?.[1];

const Subscription = z.string().refine((value) => subscriptionKind(value) !== undefined, {
  error: (i) =>
    `${shown(
      i.input,
    )} is not an email address, an https:// URL or an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
});

export const ObservabilitySchema = z.strictObject({
  subscriptions: z
    .array(Subscription)
    .default([])
    .describe(
      "Who is notified when an alarm fires and recovers: email addresses and https:// endpoints subscribe to the alerts topic of every region (email needs confirming from the message AWS sends); an existing SNS topic ARN (arn:aws:sns:<region>:...) in a configured region is notified by that region's health alarm. Without any, alarms notify topics nobody reads: add one. Default: none",
    ),
  logRetentionDays: LogRetentionDays.default(365).describe(
    'Days to keep the log groups of tiers without a retention setting of their own (VPC flow logs, database logs, the OpenTelemetry log group). Default: 365',
  ),
  dashboard: z
    .boolean()
    .default(true)
    .describe(
      'One CloudWatch dashboard for the whole footprint (global stack): a row per region, a column per tier. Default: true',
    ),
  clusterNodeCpuAlarmPercent: z
    .number()
    .min(1)
    .max(100)
    .default(80)
    .describe(
      'Average node CPU of an EKS cluster (Container Insights `node_cpu_utilization`) above which its alarm fires. Default: 80',
    ),
  clusterNodeMemoryAlarmPercent: z
    .number()
    .min(1)
    .max(100)
    .default(80)
    .describe(
      'Average node memory of an EKS cluster (Container Insights `node_memory_utilization`) above which its alarm fires. Default: 80',
    ),
});

export type ObservabilityConfig = z.output<typeof ObservabilitySchema>;

/** A topic ARN subscription must be in a configured region: only alarms there can notify it. */
export function validateObservability(
  config: BaseParsed & { readonly observability: ObservabilityConfig },
  ctx: z.RefinementCtx,
): void {
  const regions: readonly string[] = [config.primaryRegion, ...config.secondaryRegions];
  config.observability.subscriptions.forEach((endpoint, index) => {
    const region = topicRegion(endpoint);
    if (region !== undefined && !regions.includes(region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['observability', 'subscriptions', index],
        message: `${shown(
          endpoint,
        )} is a topic in ${region}, which is not a configured region; allowed: a topic in ${regions.join(
          ', ',
        )} (an alarm can only notify a topic in its own region)`,
      });
    }
  });
}
