import type { SectionsOutput, TierConfig } from '../tiers/tier';
import type { CdnSchema, StorageSchema } from '../storage/config';
import type { DatabaseSchema } from './config';
import { Names, StackNames } from '../config/names';
import { DatabaseNames } from './names';
import { Commands, alarmState, shellWord } from '../operations/commands';
import type { Check, Move, TierRunbook } from '../operations/steps';

/** The database tier's config; the storage sections, when present, decide which settings a flip must move too. */
type Config = TierConfig<{ database: typeof DatabaseSchema }> & Partial<SectionsOutput<{ storage: typeof StorageSchema; cdn: typeof CdnSchema }>>;

const GENERATE_PASSWORD = `export TF_VAR_database_master_password="$(aws secretsmanager get-random-password --password-length 32 --exclude-characters '/@"'"'"' \\\\' --require-each-included-type --query RandomPassword --output text)"`;
/** A UTC timestamp, so that every rebuild's final snapshot has a name of its own. */
const TIMESTAMP = '$(date -u +%Y%m%d%H%M%S)';

/** One setting of the config change: its path in the file, its new value and why. */
export interface ConfigChange {
  readonly path: readonly string[];
  readonly value: string | readonly string[];
  readonly comment?: string;
}

/**
 * The config change after `target` became the primary: the old primary joins the secondaries, and every setting
 * that must name a secondary and named `target` names the old primary instead (else the config would not validate).
 */
export function configChanges(config: Config, target: string): ConfigChange[] {
  const primary = config.primaryRegion;
  const moved = `was ${target}, now the primary`;
  const changes: ConfigChange[] = [
    { path: ['primaryRegion'], value: target },
    { path: ['secondaryRegions'], value: config.allRegions.filter((region) => region !== target) },
    { path: ['globalRegion'], value: config.globalRegion, comment: 'unchanged: the global stack and its state stay put' },
  ];
  if (config.database.backupReplicationRegion === target) changes.push({ path: ['database', 'backupReplicationRegion'], value: primary, comment: moved });
  if (config.cdn?.failoverRegion === target) changes.push({ path: ['cdn', 'failoverRegion'], value: primary, comment: moved });
  const destinations = config.storage?.replicationDestinations;
  if (destinations?.some((region) => region === target)) {
    changes.push({ path: ['storage', 'replicationDestinations'], value: [...new Set(destinations.map((region) => (region === target ? primary : region)))], comment: `${target} replaced by ${primary}` });
  }
  return changes;
}

function renderChanges(changes: readonly ConfigChange[]): string[] {
  const lines: string[] = [];
  let section: string | undefined;
  for (const change of changes) {
    const nested = change.path.length > 1;
    if (nested && change.path[0] !== section) lines.push(`${change.path[0]}:`);
    section = nested ? change.path[0] : undefined;
    const indent = nested ? '  ' : '';
    const key = change.path[change.path.length - 1];
    const comment = change.comment ? `   # ${change.comment}` : '';
    if (typeof change.value === 'string') {
      lines.push(`${indent}${key}: ${change.value}${comment}`);
    } else {
      lines.push(`${indent}${key}:${comment}`, ...change.value.map((item) => `${indent}  - ${item}`));
    }
  }
  return lines;
}

/** What the config change needs that only the operator knows; without it the changed config does not validate. */
export function missingForTarget(config: Config, target: string): string[] {
  const { cdn } = config;
  const origins = Object.keys(cdn?.dynamicOrigins ?? {});
  if (!cdn?.enabled || origins.length === 0 || origins.includes(target)) return [];
  return [
    `\`cdn.dynamicOrigins\` has no origin in ${target}, and the primary region's serves \`${cdn.dynamicPathPattern}\`: add`,
    `\`cdn.dynamicOrigins.${target}\` (the application's hostname there) as well, or the changed config does not validate.`,
    'Better: add it now, before this failover is needed.',
  ];
}

/** The config change as the runbooks show it: the file to edit and the YAML to set, plus what the operator must add. */
export function flipConfig(config: Config, commands: Commands, target: string, extra: readonly ConfigChange[] = []): string {
  const changes = [...configChanges(config, target), ...extra];
  const missing = missingForTarget(config, target);
  return [
    `Change the config: in \`${commands.configFile}\`, set${changes.some((c) => c.path.length > 1) ? ' (the other settings of those sections unchanged)' : ''}:`,
    '',
    '```yaml',
    ...renderChanges(changes),
    '```',
    ...(missing.length > 0 ? ['', ...missing] : []),
  ].join('\n');
}

/**
 * After an unplanned failover away from `failed`: the global stack configures a provider in every region (the KMS
 * key's replicas live there), so it can be neither planned nor applied while `failed` is down, wherever its state is.
 */
export function globalStackWhileDown(config: Pick<Config, 'globalRegion'>, failed: string): string[] {
  const where = config.globalRegion === failed
    ? `Its state (and the primary of the multi-region KMS key) is in ${failed}, the failed region (\`globalRegion: ${config.globalRegion}\`)`
    : `Though its state is in ${config.globalRegion}, it configures a provider in every region (the key's replicas), ${failed} included`;
  return [
    `**Do not deploy \`${StackNames.global}\` now.** ${where}, so it can be neither planned nor applied until ${failed} returns.`,
    'The regional stacks of reachable regions read no other stack\'s state and deploy alone, as below. Deploy',
    `\`${StackNames.global}\` once ${failed} is back.`,
    '',
  ];
}

/**
 * Makes `target` the writer of the global cluster: a switchover (Aurora waits for `target` to catch up, no data lost)
 * or a failover (`--allow-data-loss`), then the members' roles to watch.
 */
export function auroraMoveCommands(db: DatabaseNames, commands: Commands, move: Move): string[] {
  const { target } = move;
  const global = db.globalCluster();
  const planned = move.transition === 'planned';
  return [
    commands.account(target),
    `aws rds ${planned ? 'switchover' : 'failover'}-global-cluster --region ${target} \\`,
    `  --global-cluster-identifier ${global} \\`,
    `  --target-db-cluster-identifier ${db.clusterArn(target, '$ACCOUNT_ID')}${planned ? '' : ' \\'}`,
    ...(planned ? [] : ['  --allow-data-loss']),
    `aws rds describe-global-clusters --region ${target} --global-cluster-identifier ${global} \\`,
    "  --query 'GlobalClusters[0].{Status:Status,Members:GlobalClusterMembers[].{Cluster:DBClusterArn,Writer:IsWriter}}'",
  ];
}

/** Promotes `target`'s read replica to a standalone writer and waits for it. */
export function rdsPromoteCommands(config: Config, db: DatabaseNames, target: string): string[] {
  return [
    `aws rds promote-read-replica --region ${target} --db-instance-identifier ${db.regional(target)} --backup-retention-period ${config.database.backupRetentionDays}`,
    `aws rds wait db-instance-available --region ${target} --db-instance-identifier ${db.regional(target)}`,
  ];
}

/** The highest ReplicaLag of `target`'s replica over the last 5 minutes. */
export function rdsReplicaLagCommand(db: DatabaseNames, target: string): string[] {
  return [
    `aws cloudwatch get-metric-statistics --region ${target} --namespace AWS/RDS --metric-name ReplicaLag \\`,
    `  --dimensions Name=DBInstanceIdentifier,Value=${db.regional(target)} --statistics Maximum --period 60 \\`,
    '  --start-time "$(date -u -d \'-5 min\' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"   # wait for 0',
  ];
}

/** What `cdktf diff` of the new primary shows for the database: readers follow the instance counts, the cluster stays. */
function auroraFlipExpectation(config: Config): string {
  if (config.database.mode !== 'aurora-global') return '';
  const { primaryInstances, secondaryInstances } = config.database;
  if (primaryInstances === secondaryInstances) return 'expect no cluster or instance replaced';
  const change = primaryInstances > secondaryInstances ? `${primaryInstances - secondaryInstances} reader(s) created here and destroyed in the old primary` : `${secondaryInstances - primaryInstances} reader(s) destroyed here and created in the old primary`;
  return `expect no cluster replaced; ${change} (primaryInstances ${primaryInstances}, secondaryInstances ${secondaryInstances})`;
}

function auroraSections(config: Config, db: DatabaseNames, commands: Commands): string[] {
  const primary = config.primaryRegion;
  return config.secondaryRegions.flatMap((target) => {
    const reachable = [target, ...config.secondaryRegions.filter((region) => region !== target)];
    return [
      `## Planned switchover to ${target}`,
      '',
      `No data loss (RPO 0): Aurora waits for ${target} to catch up, then swaps roles. The global writer endpoint follows.`,
      '',
      '```sh',
      ...auroraMoveCommands(db, commands, { target, transition: 'planned' }),
      '```',
      '',
      `Wait until the member in ${target} shows \`Writer: true\` and the status is \`available\`.`,
      '',
      flipConfig(config, commands, target),
      '',
      '```sh',
      commands.synth(),
      `${commands.diff(StackNames.region(target))}   # ${auroraFlipExpectation(config)}`,
      commands.deploy([StackNames.global, StackNames.region(target), ...config.allRegions.filter((r) => r !== target).map(StackNames.region)]),
      '```',
      '',
      `## Unplanned failover to ${target}`,
      '',
      `When ${primary} is down. Writes not yet replicated to ${target} are lost (RPO = the replication lag at the time, typically under a second).`,
      '',
      '```sh',
      ...auroraMoveCommands(db, commands, { target, transition: 'unplanned' }),
      '```',
      '',
      flipConfig(config, commands, target),
      '',
      ...globalStackWhileDown(config, primary),
      `While ${primary} is down, deploy only the stacks of reachable regions:`,
      '',
      '```sh',
      commands.synth(),
      commands.deploy(reachable.map(StackNames.region)),
      '```',
      '',
      `When ${primary} is back, Aurora rejoins its cluster as a secondary. Then deploy the global stack and its stack:`,
      '',
      '```sh',
      commands.deploy([StackNames.global, StackNames.region(primary)]),
      '```',
      '',
    ];
  });
}

/**
 * Deletes the instance of `region` so that its stack recreates it as a replica of the new primary. RDS cannot
 * re-point a replica nor turn a standalone instance into one, and `terraform apply -replace` stops at deletion
 * protection, so: protection off, delete, wait, deploy (the new instance has protection on again).
 */
export function rebuildRegion(db: DatabaseNames, commands: Commands, region: string, standalone: boolean): string[] {
  const id = db.regional(region);
  const where = `--region ${region} --db-instance-identifier ${id}`;
  return [
    `aws rds modify-db-instance ${where} --no-deletion-protection --apply-immediately`,
    `until [ "$(aws rds describe-db-instances ${where} --query 'DBInstances[0].DeletionProtection' --output text)" = False ]; do sleep 10; done`,
    standalone
      ? `aws rds delete-db-instance ${where} --final-db-snapshot-identifier ${id}-rebuild-${TIMESTAMP}`
      : `aws rds delete-db-instance ${where} --skip-final-snapshot   # a replica: no data of its own, and RDS takes no final snapshot of one`,
    `aws rds wait db-instance-deleted ${where}`,
    commands.deploy([StackNames.region(region)]),
  ];
}

function rdsSections(config: Config, db: DatabaseNames, commands: Commands): string[] {
  const primary = config.primaryRegion;
  return config.secondaryRegions.flatMap((target) => {
    const others = config.secondaryRegions.filter((region) => region !== target);
    const promote = ['```sh', ...rdsPromoteCommands(config, db, target), '```'];
    const newPrimary = (stacks: readonly string[]) => [
      commands.synth(),
      `${commands.diff(StackNames.region(target))}   # expect the promoted instance kept, not replaced`,
      commands.deploy(stacks),
    ];
    const rebuildIntro = [
      `A promoted instance stays standalone, and RDS can neither re-point a replica nor turn a standalone instance into one.`,
      `So every other region is rebuilt as a replica of ${target}: deletion protection off, delete, deploy its stack (which`,
      'creates the replica with protection on again). Replicas go without a final snapshot (they hold no data of their own);',
      'the old primary keeps one, named with the time of the rebuild.',
    ];
    return [
      `## Planned switchover to ${target}`,
      '',
      'RDS has no managed switchover: stop writes, let the replica catch up, then promote it. The endpoint changes.',
      '',
      '```sh',
      ...rdsReplicaLagCommand(db, target),
      '```',
      '',
      ...promote,
      '',
      flipConfig(config, commands, target),
      '',
      '```sh',
      ...newPrimary([StackNames.global, StackNames.region(target)]),
      '```',
      '',
      ...rebuildIntro,
      '',
      '```sh',
      ...others.flatMap((region) => rebuildRegion(db, commands, region, false)),
      ...rebuildRegion(db, commands, primary, true),
      '```',
      '',
      `## Unplanned failover to ${target}`,
      '',
      `When ${primary} is down. Writes not yet replicated to ${target} are lost (RPO = ReplicaLag, seconds to minutes).`,
      '',
      ...promote,
      '',
      flipConfig(config, commands, target),
      '',
      ...globalStackWhileDown(config, primary),
      '```sh',
      ...newPrimary([StackNames.region(target)]),
      '```',
      '',
      ...rebuildIntro,
      '',
      ...(others.length > 0
        ? ['The reachable regions now:', '', '```sh', ...others.flatMap((region) => rebuildRegion(db, commands, region, false)), '```', '']
        : []),
      `When ${primary} is back, its old instance runs again as a standalone writer. Writes it took that never reached ${target}`,
      `are only there; the final snapshot keeps them. Point clients at ${target} first, then rebuild ${primary} and deploy the global stack:`,
      '',
      '```sh',
      ...rebuildRegion(db, commands, primary, true),
      commands.deploy([StackNames.global]),
      '```',
      '',
    ];
  });
}

/** The database runbook of this deployment: exact commands for switchover and failover to each secondary. */
export function databaseRunbook(config: Config): string {
  const db = new DatabaseNames(new Names(config));
  const commands = new Commands(config);
  const aurora = config.database.mode === 'aurora-global';
  const header = [
    `# Database runbook: ${new Names(config).prefix}`,
    '',
    `Generated by \`cdktf synth\` from \`${commands.configFile}\`; do not edit. Mode \`${config.database.mode}\`, engine \`${config.database.engine}\` ${config.database.engineVersion}.`,
    `Primary: ${config.primaryRegion}. Secondaries: ${config.secondaryRegions.join(', ') || 'none'}. Global stack state: ${config.globalRegion}.`,
    '',
    aurora
      ? `Global cluster \`${db.globalCluster()}\`; regional clusters ${config.allRegions.map((r) => `\`${db.regional(r)}\``).join(', ')}.`
      : `Instances ${config.allRegions.map((r) => `\`${db.regional(r)}\``).join(', ')}.`,
    `Master credentials: Secrets Manager secret \`${db.secret()}\`, replicated to every region.`,
    '',
    `Every \`cdktf\` command names the config with \`INFRA_CONFIG=${shellWord(commands.configFile)}\`; without it, cdktf synthesizes and deploys`,
    'the embedded default instead. Run them from the project root.',
    '',
    '## Creating the database or rotating the master password',
    '',
    'The password enters Terraform only as an ephemeral variable written to write-only arguments. Set it when creating',
    `the database and when rotating (raise \`database.passwordVersion\`), for the global stack and ${StackNames.region(config.primaryRegion)} in one deploy:`,
    '',
    '```sh',
    GENERATE_PASSWORD,
    commands.deploy([StackNames.global, StackNames.region(config.primaryRegion)]),
    'unset TF_VAR_database_master_password',
    '```',
    '',
  ];
  if (config.secondaryRegions.length === 0) return [...header, 'No secondary region: nothing to switch over or fail over to.', ''].join('\n');
  return [...header, ...(aurora ? auroraSections(config, db, commands) : rdsSections(config, db, commands))].join('\n');
}

const AURORA_SOURCE = 'Aurora User Guide, "Using switchover or failover in Amazon Aurora Global Database", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html';
const RDS_SOURCE = 'RDS User Guide, "Working with DB instance read replicas", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html';

/** The database's part of the deployment runbook: its objectives, and the move of the writer to `move.target`. */
export function databaseRunbookSteps(config: Config, move: Move): TierRunbook {
  const db = new DatabaseNames(new Names(config));
  const commands = new Commands(config);
  const { target } = move;
  const primary = config.primaryRegion;
  const planned = move.transition === 'planned';
  const lagAlarm = (region: string) => `${db.regional(region)}-replication-lag`;
  const metric = config.database.mode === 'aurora-global' ? 'AuroraGlobalDBReplicationLag' : 'ReplicaLag';
  const lag: Check = { what: `replication lag of ${target} (alarm \`${lagAlarm(target)}\` on ${metric})`, command: alarmState(target, lagAlarm(target)), expect: planned ? 'OK' : 'OK, or ALARM: then the lag at the time is what the failover loses' };
  if (config.database.mode === 'aurora-global') {
    return {
      objectives: [{
        tier: 'database',
        mechanism: `Aurora Global Database \`${db.globalCluster()}\``,
        rpo: 'switchover: 0 (Aurora waits for the target to catch up); failover: the replication lag at the time, typically under 1 second (`AuroraGlobalDBReplicationLag`)',
        rto: 'minutes: the switchover or failover itself; the global writer endpoint follows the writer',
        source: AURORA_SOURCE,
      }],
      steps: [{
        phase: 'database',
        title: `Database: make ${target} the writer of \`${db.globalCluster()}\``,
        text: [planned
          ? `A managed switchover: no data loss. Writes pause while the roles swap; the global writer endpoint follows ${target}.`
          : `A failover with \`--allow-data-loss\`: writes not yet replicated to ${target} are lost. When ${primary} returns, Aurora rejoins its cluster as a secondary.`],
        before: [lag],
        commands: auroraMoveCommands(db, commands, move),
        after: [
          { what: `the member in ${target}`, command: undefined, expect: '`Writer: true`, status `available` (the last command above)' },
          ...(planned ? [{ what: `replication lag of ${primary}, now a secondary (alarm \`${lagAlarm(primary)}\` on ${metric})`, command: alarmState(primary, lagAlarm(primary)), expect: 'OK' }] : []),
        ],
      }],
    };
  }
  const others = config.secondaryRegions.filter((region) => region !== target);
  return {
    objectives: [{
      tier: 'database',
      mechanism: 'RDS cross-region read replicas',
      rpo: planned ? '0 once writes are stopped and `ReplicaLag` is 0' : 'the replica lag at the time (`ReplicaLag`, seconds to minutes): replication is asynchronous',
      rto: 'minutes: the promotion; the endpoint changes, so clients must be pointed at the new instance',
      source: RDS_SOURCE,
    }],
    steps: [{
      phase: 'database',
      title: `Database: promote ${target}'s replica \`${db.regional(target)}\``,
      text: [
        planned ? 'RDS has no managed switchover: stop writes, let the replica catch up, then promote it.' : `Promote while ${primary} is down; writes it took that never reached ${target} stay there (its final snapshot keeps them).`,
        `Afterwards every other region is rebuilt as a replica of ${target} (below, after the config change).`,
      ],
      before: [lag, ...(planned ? [{ what: `ReplicaLag of \`${db.regional(target)}\``, command: rdsReplicaLagCommand(db, target).join('\n'), expect: '0' }] : [])],
      commands: rdsPromoteCommands(config, db, target),
      after: [{ what: `\`${db.regional(target)}\``, command: `aws rds describe-db-instances --region ${target} --db-instance-identifier ${db.regional(target)} --query 'DBInstances[0].[DBInstanceStatus,ReadReplicaSourceDBInstanceIdentifier]' --output text`, expect: '`available`, no source (None)' }],
      reconcile: {
        text: [`Rebuild the ${planned ? 'other regions' : 'reachable regions now, and ' + primary + ' when it is back,'} as replicas of ${target}: deletion protection off, delete, deploy its stack.`],
        regions: planned ? [...others, primary] : others,
        commands: [
          ...others.flatMap((region) => rebuildRegion(db, commands, region, false)),
          ...(planned ? rebuildRegion(db, commands, primary, true) : []),
        ],
        whenBack: planned ? [] : rebuildRegion(db, commands, primary, true),
      },
    }],
  };
}
