import type { TierConfig } from '../tiers/tier';
import { Names, StackNames } from '../base/names';
import { Commands } from '../tiers/commands';
import type { SecretsSchema } from './config';
import type { Check, Move, TierRunbook } from '../tiers/runbook';

type Config = TierConfig<{ secrets: typeof SecretsSchema }>;

/** Every secret replicated from globalRegion: the database tier's master credentials, then the application secrets. */
export function replicatedSecrets(config: Config): string[] {
  const names = new Names(config);
  return [`${names.prefix}/db/master`, ...Object.values(config.secrets.items).map((s) => `${names.prefix}/${s.name}`)];
}

/** Promotes `region`'s replicas to standalone secrets: irreversible, they no longer receive the primary's values. */
export function stopReplicationCommands(config: Config, region: string): string[] {
  return replicatedSecrets(config).map(
    (secret) => `aws secretsmanager stop-replication-to-replica --region ${region} --secret-id ${secret}`,
  );
}

/** `runbooks/secrets.md`: what to do with the replicated secrets when globalRegion (home of the primaries) is down. */
export function secretsRunbook(config: Config): string {
  const run = new Commands(config);
  const replicas = config.allRegions.filter((region) => region !== config.globalRegion);
  const lines = [
    '# Secrets runbook',
    '',
    `Primaries live in \`${config.globalRegion}\` (globalRegion); replicas in ${
      replicas.map((r) => `\`${r}\``).join(', ') || 'no other region'
    }.`,
    'Applications read each secret **by name in their own region** (the replica), so reads keep working while',
    `\`${config.globalRegion}\` is down. Writes, rotation and policy changes are not possible on a replica.`,
    '',
    '## Regional outage of the global region',
    '',
    'Only if values must change before the region returns: promote the replicas of **one** region, the one that takes over as',
    "globalRegion (this cannot be undone; the promoted secret no longer receives the primary's values). Leave every other region's",
    'replicas alone: a promoted secret there would block the new primary from replicating to it later.',
    '',
    ...replicas.flatMap((region) => [
      `### If ${region} takes over`,
      '',
      '```sh',
      ...stopReplicationCommands(config, region),
      '```',
      '',
    ]),
    'Afterwards, in the config:',
    '',
    '1. set `globalRegion` to the promoted region (the global stack then owns secrets there); import each promoted',
    '   secret into the new global state (`terraform import aws_secretsmanager_secret.<address> <arn>`), or bump each',
    "   secret's `version` and supply the value again (`TF_VAR_secret_<id>_value`);",
    '2. set rotation Lambda ARNs (and `rotation.roleArn`) to functions in the new region (rotation runs where the primary is);',
    '3. when the old region returns, delete its now-orphaned primaries, or set `secrets.forceOverwriteReplicaSecret: true` so that',
    '   the new primary replicates over them (`force_overwrite_replica_secret`), then deploy the global stack:',
    '',
    '```sh',
    run.synth(),
    run.deploy([StackNames.global]),
    '```',
    '',
  ];
  return lines.join('\n');
}

const SECRETS_SOURCE =
  'Secrets Manager User Guide, "Replicate AWS Secrets Manager secrets across Regions", https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html';

/**
 * The secrets' part of the deployment runbook. The primaries stay in globalRegion whatever the primary region: a move
 * changes nothing here unless globalRegion is the failed region and a value must change before it returns.
 */
export function secretsRunbookSteps(config: Config, move: Move): TierRunbook {
  const { target } = move;
  const home = config.globalRegion;
  const secrets = replicatedSecrets(config);
  const homeDown = move.transition === 'unplanned' && home === config.primaryRegion;
  const inSync: Check = {
    what: `replication of every secret to ${target}`,
    command: secrets
      .map(
        (secret) =>
          `aws secretsmanager describe-secret --region ${home} --secret-id ${secret} --query "ReplicationStatus[?Region=='${target}'].Status" --output text`,
      )
      .join('\n'),
    expect: '`InSync` for each',
  };
  const replicaThere: Check = {
    what: `${target}'s replicas, read by name in ${target}`,
    command: secrets
      .map(
        (secret) =>
          `aws secretsmanager describe-secret --region ${target} --secret-id ${secret} --query '[Name,PrimaryRegion]' --output text`,
      )
      .join('\n'),
    expect: `each name, with primary region ${home}`,
  };
  return {
    objectives: [
      {
        tier: 'secrets',
        mechanism: `Secrets Manager replicas from ${home}`,
        rpo: 'a value written in the last moments before the outage may not have replicated (replication is asynchronous; values change rarely)',
        rto: `0 for reads: each region reads its own replica by name; writes and rotation wait for ${home}, or a promotion`,
        source: SECRETS_SOURCE,
      },
    ],
    steps: [
      {
        phase: 'configuration',
        title: homeDown
          ? `Secrets: read ${target}'s replicas; promote them only if a value must change`
          : 'Secrets: nothing to move',
        text: homeDown
          ? [
              `The primaries are in ${home} (globalRegion), the failed region. Applications in ${target} keep reading their replicas: nothing to run.`,
            ]
          : [
              `The primaries stay in ${home} (globalRegion, pinned), and ${target} reads its own replicas: nothing changes. Rotation keeps running in ${home}.`,
            ],
        before: [homeDown ? replicaThere : inSync],
        commands: [],
        after: homeDown ? [] : [replicaThere],
        fallback: homeDown
          ? {
              when: `Only if a value must change before ${home} returns`,
              text: [
                `Promote ${target}'s replicas to standalone secrets (irreversible: they stop receiving ${home}'s values), then set \`globalRegion: ${target}\` and import them (runbooks/secrets.md).`,
              ],
              commands: stopReplicationCommands(config, target),
            }
          : undefined,
      },
    ],
  };
}
