import type { TierConfig } from '../tiers/tier';
import { Names } from '../config/names';
import type { SecretsSchema } from './config';

/** `runbooks/secrets.md`: what to do with the replicated secrets when globalRegion (home of the primaries) is down. */
export function secretsRunbook(config: TierConfig<{ secrets: typeof SecretsSchema }>): string {
  const names = new Names(config);
  const secrets = [`${names.prefix}/db/master (database credentials)`, ...Object.values(config.secrets.items).map((s) => `${names.prefix}/${s.name}`)];
  const replicas = config.allRegions.filter((region) => region !== config.globalRegion);
  const lines = [
    '# Secrets runbook',
    '',
    `Primaries live in \`${config.globalRegion}\` (globalRegion); replicas in ${replicas.map((r) => `\`${r}\``).join(', ') || 'no other region'}.`,
    'Applications read each secret **by name in their own region** (the replica), so reads keep working while',
    `\`${config.globalRegion}\` is down. Writes, rotation and policy changes are not possible on a replica.`,
    '',
    '## Regional outage of the global region',
    '',
    'Only if values must change before the region returns: promote a replica to a standalone secret, in the region',
    'that will take over (this cannot be undone; the promoted secret no longer receives the primary\'s values):',
    '',
    '```sh',
    ...replicas.flatMap((region) => secrets.map((secret) => `aws secretsmanager stop-replication-to-replica --region ${region} --secret-id ${secret.split(' ')[0]}`)),
    '```',
    '',
    'Afterwards, in the config:',
    '',
    '1. set `globalRegion` to the promoted region (the global stack then owns secrets there); import each promoted',
    '   secret into the new global state (`terraform import aws_secretsmanager_secret.<address> <arn>`), or bump each',
    '   secret\'s `version` and supply the value again (`TF_VAR_secret_<id>_value`);',
    '2. set rotation Lambda ARNs to functions in the new region (rotation runs where the primary is);',
    '3. when the old region returns, delete its now-orphaned primaries or let the new primary replicate over them',
    '   (`force_overwrite_replica_secret`), then `cdktf deploy global`.',
    '',
  ];
  return lines.join('\n');
}
