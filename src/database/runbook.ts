import type { DocumentContext, SwitchoverEdit, TierConfig } from '../tiers/tier';
import type { DatabaseSchema } from './config';
import { Names, StackNames } from '../base/names';
import { DatabaseNames } from './names';
import { Commands, alarmState, shellWord } from '../tiers/commands';
import { globalStackWhileDown, type Check, type Move, type TierRunbook } from '../tiers/runbook';

type Config = TierConfig<{ database: typeof DatabaseSchema }>;

const GENERATE_PASSWORD = `export TF_VAR_database_master_password="$(aws secretsmanager get-random-password --password-length 32 --exclude-characters '/@"'"'"' \\\\' --require-each-included-type --query RandomPassword --output text)"`;
/** A UTC timestamp, so that every rebuild's final snapshot has a name of its own. */
const TIMESTAMP = '$(date -u +%Y%m%d%H%M%S)';

/** The database's part of a switchover's config change: a backup replication region may not be the new primary. */
export function databaseSwitchover(config: Config, target: string): SwitchoverEdit {
  if (config.database.backupReplicationRegion !== target) return {};
  return {
    changes: [
      {
        path: ['database', 'backupReplicationRegion'],
        value: config.primaryRegion,
        comment: `was ${target}, now the primary`,
      },
    ],
  };
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
    `aws rds promote-read-replica --region ${target} --db-instance-identifier ${db.regional(
      target,
    )} --backup-retention-period ${config.database.backupRetentionDays}`,
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
  const change =
    primaryInstances > secondaryInstances
      ? `${primaryInstances - secondaryInstances} reader(s) created here and destroyed in the old primary`
      : `${secondaryInstances - primaryInstances} reader(s) destroyed here and created in the old primary`;
  return `expect no cluster replaced; ${change} (primaryInstances ${primaryInstances}, secondaryInstances ${secondaryInstances})`;
}

function auroraSections(
  config: Config,
  db: DatabaseNames,
  commands: Commands,
  flipConfig: DocumentContext['flipConfig'],
): string[] {
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
      flipConfig(target),
      '',
      '```sh',
      commands.synth(),
      `${commands.diff(StackNames.region(target))}   # ${auroraFlipExpectation(config)}`,
      commands.deploy([
        StackNames.global,
        StackNames.region(target),
        ...config.allRegions.filter((r) => r !== target).map(StackNames.region),
      ]),
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
      flipConfig(target),
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

function rdsSections(
  config: Config,
  db: DatabaseNames,
  commands: Commands,
  flipConfig: DocumentContext['flipConfig'],
): string[] {
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
      flipConfig(target),
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
      flipConfig(target),
      '',
      ...globalStackWhileDown(config, primary),
      '```sh',
      ...newPrimary([StackNames.region(target)]),
      '```',
      '',
      ...rebuildIntro,
      '',
      ...(others.length > 0
        ? [
            'The reachable regions now:',
            '',
            '```sh',
            ...others.flatMap((region) => rebuildRegion(db, commands, region, false)),
            '```',
            '',
          ]
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
export function databaseRunbook(config: Config, { flipConfig }: DocumentContext): string {
  const db = new DatabaseNames(new Names(config));
  const commands = new Commands(config);
  const aurora = config.database.mode === 'aurora-global';
  const header = [
    `# Database runbook: ${new Names(config).prefix}`,
    '',
    `Generated by \`cdktf synth\` from \`${commands.configFile}\`; do not edit. Mode \`${config.database.mode}\`, engine \`${config.database.engine}\` ${config.database.engineVersion}.`,
    `Primary: ${config.primaryRegion}. Secondaries: ${
      config.secondaryRegions.join(', ') || 'none'
    }. Global stack state: ${config.globalRegion}.`,
    '',
    aurora
      ? `Global cluster \`${db.globalCluster()}\`; regional clusters ${config.allRegions
          .map((r) => `\`${db.regional(r)}\``)
          .join(', ')}.`
      : `Instances ${config.allRegions.map((r) => `\`${db.regional(r)}\``).join(', ')}.`,
    `Master credentials: Secrets Manager secret \`${db.secret()}\`, replicated to every region.`,
    '',
    `Every \`cdktf\` command names the config with \`INFRA_CONFIG=${shellWord(
      commands.configFile,
    )}\`; without it, cdktf synthesizes and deploys`,
    'the embedded default instead. Run them from the project root.',
    '',
    '## Creating the database or rotating the master password',
    '',
    'The password enters Terraform only as an ephemeral variable written to write-only arguments. Set it when creating',
    `the database and when rotating (raise \`database.passwordVersion\`), for the global stack and ${StackNames.region(
      config.primaryRegion,
    )} in one deploy:`,
    '',
    '```sh',
    GENERATE_PASSWORD,
    commands.deploy([StackNames.global, StackNames.region(config.primaryRegion)]),
    'unset TF_VAR_database_master_password',
    '```',
    '',
  ];
  if (config.secondaryRegions.length === 0)
    return [...header, 'No secondary region: nothing to switch over or fail over to.', ''].join('\n');
  return [
    ...header,
    ...(aurora ? auroraSections(config, db, commands, flipConfig) : rdsSections(config, db, commands, flipConfig)),
  ].join('\n');
}

const AURORA_SOURCE =
  'Aurora User Guide, "Using switchover or failover in Amazon Aurora Global Database", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html';
const RDS_SOURCE =
  'RDS User Guide, "Working with DB instance read replicas", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html';

/** The database's part of the deployment runbook: its objectives, and the move of the writer to `move.target`. */
export function databaseRunbookSteps(config: Config, move: Move): TierRunbook {
  const db = new DatabaseNames(new Names(config));
  const commands = new Commands(config);
  const { target } = move;
  const primary = config.primaryRegion;
  const planned = move.transition === 'planned';
  const lagAlarm = (region: string) => `${db.regional(region)}-replication-lag`;
  const metric = config.database.mode === 'aurora-global' ? 'AuroraGlobalDBReplicationLag' : 'ReplicaLag';
  const lag: Check = {
    what: `replication lag of ${target} (alarm \`${lagAlarm(target)}\` on ${metric})`,
    command: alarmState(target, lagAlarm(target)),
    expect: planned ? 'OK' : 'OK, or ALARM: then the lag at the time is what the failover loses',
  };
  if (config.database.mode === 'aurora-global') {
    return {
      objectives: [
        {
          tier: 'database',
          mechanism: `Aurora Global Database \`${db.globalCluster()}\``,
          rpo: 'switchover: 0 (Aurora waits for the target to catch up); failover: the replication lag at the time, typically under 1 second (`AuroraGlobalDBReplicationLag`)',
          rto: 'minutes: the switchover or failover itself; the global writer endpoint follows the writer',
          source: AURORA_SOURCE,
        },
      ],
      steps: [
        {
          phase: 'system-of-record',
          title: `Database: make ${target} the writer of \`${db.globalCluster()}\``,
          text: [
            planned
              ? `A managed switchover: no data loss. Writes pause while the roles swap; the global writer endpoint follows ${target}.`
              : `A failover with \`--allow-data-loss\`: writes not yet replicated to ${target} are lost. When ${primary} returns, Aurora rejoins its cluster as a secondary.`,
          ],
          before: [lag],
          commands: auroraMoveCommands(db, commands, move),
          after: [
            {
              what: `the member in ${target}`,
              command: undefined,
              expect: '`Writer: true`, status `available` (the last command above)',
            },
            ...(planned
              ? [
                  {
                    what: `replication lag of ${primary}, now a secondary (alarm \`${lagAlarm(
                      primary,
                    )}\` on ${metric})`,
                    command: alarmState(primary, lagAlarm(primary)),
                    expect: 'OK',
                  },
                ]
              : []),
          ],
        },
      ],
    };
  }
  const others = config.secondaryRegions.filter((region) => region !== target);
  return {
    objectives: [
      {
        tier: 'database',
        mechanism: 'RDS cross-region read replicas',
        rpo: planned
          ? '0 once writes are stopped and `ReplicaLag` is 0'
          : 'the replica lag at the time (`ReplicaLag`, seconds to minutes): replication is asynchronous',
        rto: 'minutes: the promotion; the endpoint changes, so clients must be pointed at the new instance',
        source: RDS_SOURCE,
      },
    ],
    steps: [
      {
        phase: 'system-of-record',
        title: `Database: promote ${target}'s replica \`${db.regional(target)}\``,
        text: [
          planned
            ? 'RDS has no managed switchover: stop writes, let the replica catch up, then promote it.'
            : `Promote while ${primary} is down; writes it took that never reached ${target} stay there (its final snapshot keeps them).`,
          `Afterwards every other region is rebuilt as a replica of ${target} (below, after the config change).`,
        ],
        before: [
          lag,
          ...(planned
            ? [
                {
                  what: `ReplicaLag of \`${db.regional(target)}\``,
                  command: rdsReplicaLagCommand(db, target).join('\n'),
                  expect: '0',
                },
              ]
            : []),
        ],
        commands: rdsPromoteCommands(config, db, target),
        after: [
          {
            what: `\`${db.regional(target)}\``,
            command: `aws rds describe-db-instances --region ${target} --db-instance-identifier ${db.regional(
              target,
            )} --query 'DBInstances[0].[DBInstanceStatus,ReadReplicaSourceDBInstanceIdentifier]' --output text`,
            expect: '`available`, no source (None)',
          },
        ],
        reconcile: {
          text: [
            `Rebuild the ${
              planned ? 'other regions' : 'reachable regions now, and ' + primary + ' when it is back,'
            } as replicas of ${target}: deletion protection off, delete, deploy its stack.`,
          ],
          regions: planned ? [...others, primary] : others,
          commands: [
            ...others.flatMap((region) => rebuildRegion(db, commands, region, false)),
            ...(planned ? rebuildRegion(db, commands, primary, true) : []),
          ],
          whenBack: planned ? [] : rebuildRegion(db, commands, primary, true),
        },
      },
    ],
  };
}
