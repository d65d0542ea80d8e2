import { Names } from '../base/names';
import { alarmState } from '../tiers/commands';
import type { Check, ConfigChange, Move, RecoveryObjective, TierRunbook } from '../tiers/runbook';
import type { SwitchoverEdit, TierConfig } from '../tiers/tier';
import {
  cdnFailoverRegion,
  replicationDestinations,
  storageBucketName,
  type CdnSchema,
  type StorageSchema,
} from './config';

type Config = TierConfig<{ storage: typeof StorageSchema; cdn: typeof CdnSchema }>;

const RTC_SOURCE =
  'S3 User Guide, "Meeting compliance requirements with S3 Replication Time Control", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html';
const ORIGIN_FAILOVER_SOURCE =
  'CloudFront Developer Guide, "Optimize high availability with CloudFront origin failover", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html';

/**
 * The distribution's ID in commands: pinned in the config, or found by its comment, which needs neither the edge
 * stack's state (in globalRegion) nor any region but CloudFront's.
 */
export function distributionIdCommand(config: Config): string {
  return `DISTRIBUTION_ID=${
    config.cdn.distributionId ??
    `$(aws cloudfront list-distributions --query "DistributionList.Items[?Comment=='${
      new Names(config).prefix
    } storage'].Id | [0]" --output text)`
  }`;
}

/** The storage tier's part of the deployment runbook: the buckets (already replicated) and the CDN's origins. */
/** The storage sections' part of a switchover: settings that named `target` name the old primary. */
export function storageSwitchover(config: Config, target: string): SwitchoverEdit {
  const { cdn, primaryRegion: primary } = config;
  const moved = `was ${target}, now the primary`;
  const changes: ConfigChange[] = [];
  if (cdn.failoverRegion === target) changes.push({ path: ['cdn', 'failoverRegion'], value: primary, comment: moved });
  const destinations = config.storage.replicationDestinations;
  if (destinations?.some((region) => region === target)) {
    changes.push({
      path: ['storage', 'replicationDestinations'],
      value: [...new Set(destinations.map((region) => (region === target ? primary : region)))],
      comment: `${target} replaced by ${primary}`,
    });
  }
  const kept: ConfigChange[] =
    cdn.enabled && cdn.distributionId
      ? [
          {
            path: ['cdn', 'distributionId'],
            value: cdn.distributionId,
            comment: 'unchanged: the same distribution; nothing is replaced',
          },
        ]
      : [];
  const origins = Object.keys(cdn.dynamicOrigins ?? {});
  const missing =
    !cdn.enabled || origins.length === 0 || origins.includes(target)
      ? []
      : [
          `\`cdn.dynamicOrigins\` has no origin in ${target}, and the primary region's serves \`${cdn.dynamicPathPattern}\`: add`,
          `\`cdn.dynamicOrigins.${target}\` (the application's hostname there) as well, or the changed config does not validate.`,
          'Better: add it now, before this failover is needed.',
        ];
  return { changes, kept, missing };
}

export function storageRunbookSteps(config: Config, move: Move): TierRunbook {
  const { target } = move;
  const primary = config.primaryRegion;
  const names = new Names(config);
  const bucket = (region: string) => storageBucketName(config, region);
  const replicated = replicationDestinations(config, primary).includes(target);
  const objectives: RecoveryObjective[] = [
    {
      tier: 'storage',
      mechanism: `S3 Cross-Region Replication${
        config.storage.replicationTimeControl ? ' with Replication Time Control' : ''
      }`,
      rpo: !replicated
        ? `${target}'s bucket holds no copies (not in storage.replicationDestinations)`
        : config.storage.replicationTimeControl
        ? '15 minutes for 99.99% of objects (RTC SLA); most replicate in seconds'
        : 'most objects within 15 minutes, no SLA (RTC off)',
      rto: `0: ${target}'s bucket \`${bucket(target)}\` is readable, and it replicates back to every other bucket`,
      source: RTC_SOURCE,
    },
  ];
  const failover = cdnFailoverRegion(config);
  if (!config.cdn.enabled) return { objectives, steps: [] };
  objectives.push({
    tier: 'cdn',
    mechanism: 'CloudFront origin group',
    rpo: 'as storage',
    rto:
      failover === undefined
        ? 'no failover origin'
        : `automatic, per request: GET, HEAD and OPTIONS retry \`${bucket(
            failover,
          )}\` on ${config.cdn.failoverStatusCodes.join(', ')}`,
    source: ORIGIN_FAILOVER_SOURCE,
  });
  const s3Alarm = (kind: 'latency' | 'failed') => names.resource(`s3-replication-${kind}`, primary, 'to', target);
  const before: Check[] = [
    {
      what: `${target}'s bucket`,
      command: `aws s3api head-bucket --region ${target} --bucket ${bucket(target)}`,
      expect: 'exit 0',
    },
    ...(replicated && config.storage.replicationMetrics && move.transition === 'planned'
      ? (['latency', 'failed'] as const).map((kind) => ({
          what: `replication ${primary} to ${target} (alarm \`${s3Alarm(kind)}\`, ${
            kind === 'latency' ? 'ReplicationLatency' : 'OperationsFailedReplication'
          })`,
          command: alarmState(primary, s3Alarm(kind)),
          expect: 'OK',
        }))
      : []),
    {
      what: 'the distribution',
      command: `${distributionIdCommand(
        config,
      )}\naws cloudfront get-distribution --id $DISTRIBUTION_ID --query 'Distribution.Status' --output text`,
      expect: '`Deployed`',
    },
  ];
  const dynamic = Object.keys(config.cdn.dynamicOrigins).length > 0;
  // The edge stack has a provider in every region: it cannot be planned while the primary region is down.
  const edgeBlocked = move.transition === 'unplanned';
  return {
    objectives,
    steps: [
      {
        phase: 'routing',
        title: 'CDN origins',
        text: [
          failover === target
            ? `Static content already fails over to ${target}'s bucket, the origin group's second member, per request.`
            : `Static content fails over to ${
                failover === undefined ? 'no other bucket' : `${failover}'s bucket`
              } per request until the config change below makes ${target}'s bucket the primary origin.`,
          ...(dynamic
            ? [
                `\`${config.cdn.dynamicPathPattern}\` goes to the primary region's dynamic origin only: it moves to ${target} when the edge stack is deployed below. CloudFront's API is in us-east-1; the edge stack's state is in ${config.globalRegion}.`,
              ]
            : []),
          ...(dynamic && edgeBlocked
            ? [
                `While ${primary} is down, the edge stack (a provider in every region) cannot be deployed, so \`${config.cdn.dynamicPathPattern}\` keeps going to ${primary}: until it`,
                `returns, point that cache behavior at origin \`http-${target}\` by hand (CloudFront console or \`aws cloudfront update-distribution\`); the later edge deploy sets the same.`,
              ]
            : []),
          'Nothing to run here: the edge stack, deployed after the config change, reorders the origin group.',
        ],
        before,
        commands: [],
        after: [
          {
            what: 'the origin group, after the edge stack is deployed',
            command: `aws cloudfront get-distribution-config --id $DISTRIBUTION_ID --query 'DistributionConfig.OriginGroups.Items[0].Members.Items[].OriginId' --output text`,
            expect: `\`s3-${target}\` first`,
          },
          {
            what: `CloudFront 5xx rate (alarm \`${names.resource('cdn-5xx-error-rate')}\`, us-east-1)`,
            command: alarmState('us-east-1', names.resource('cdn-5xx-error-rate')),
            expect: 'OK',
          },
        ],
      },
    ],
  };
}
