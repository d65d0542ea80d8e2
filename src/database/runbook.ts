import type { SectionsOutput, TierConfig } from '../tiers/tier';
import type { CdnSchema, StorageSchema } from '../storage/config';
import type { DatabaseSchema } from './config';
import { Names, StackNames } from '../config/names';
import { DatabaseNames } from './names';

/** The database tier's config; the storage sections, when present, decide which settings a flip must move too. */
type Config = TierConfig<{ database: typeof DatabaseSchema }> & Partial<SectionsOutput<{ storage: typeof StorageSchema; cdn: typeof CdnSchema }>>;

/** Named in the commands when the config was not read from a file (a config built in code). */
export const UNKNOWN_CONFIG_SOURCE = 'path/to/your-config.yaml';

const GENERATE_PASSWORD = `export TF_VAR_database_master_password="$(aws secretsmanager get-random-password --password-length 32 --exclude-characters '/@"'"'"' \\\\' --require-each-included-type --query RandomPassword --output text)"`;
/** A UTC timestamp, so that every rebuild's final snapshot has a name of its own. */
const TIMESTAMP = '$(date -u +%Y%m%d%H%M%S)';

function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/**
 * The runbook's commands, every one bound to the config the runbook was made from: a bare `npx cdktf` would
 * synthesize and deploy the embedded default instead.
 */
class Commands {
  readonly configFile: string;

  constructor(config: Config) {
    this.configFile = config.source ?? UNKNOWN_CONFIG_SOURCE;
  }

  cdktf(args: string): string {
    return `INFRA_CONFIG=${shellWord(this.configFile)} npx cdktf ${args}`;
  }

  synth(): string {
    return this.cdktf('synth');
  }

  diff(stack: string): string {
    return this.cdktf(`diff ${stack}`);
  }

  /**
   * A subset of stacks: cdktf refuses one whose dependencies are not listed unless told, and then runs the
   * listed stacks at once unless held to one at a time, in the order given.
   */
  deploy(stacks: readonly string[]): string {
    return this.cdktf(`deploy --ignore-missing-stack-dependencies --parallelism 1 ${stacks.join(' ')}`);
  }

  /** `region` must be up: the call goes to that region's STS endpoint. */
  account(region: string): string {
    return `ACCOUNT_ID=$(aws sts get-caller-identity --region ${region} --query Account --output text)`;
  }
}

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

function flipConfig(config: Config, commands: Commands, target: string): string {
  const changes = configChanges(config, target);
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
 * After an unplanned failover away from `failed`: the global stack keeps its state in `globalRegion`. When that
 * is the failed region, the stack can be neither planned nor applied until the region returns.
 */
function globalStackWhileDown(config: Config, failed: string): string[] {
  if (config.globalRegion !== failed) return [];
  return [
    `**Do not deploy \`${StackNames.global}\` now.** Its state (and the primary of the multi-region KMS key) is in ${failed}, the`,
    `failed region (\`globalRegion: ${config.globalRegion}\`), so it can be neither planned nor applied until ${failed} returns. The`,
    'regional stacks of reachable regions read no other stack\'s state and deploy alone, as below. Deploy',
    `\`${StackNames.global}\` once ${failed} is back. To keep an outage of the primary region from blocking the global stack, keep`,
    '`globalRegion` out of the primary region (see the README on `globalRegion`).',
    '',
  ];
}

function auroraSections(config: Config, db: DatabaseNames, commands: Commands): string[] {
  const global = db.globalCluster();
  const primary = config.primaryRegion;
  return config.secondaryRegions.flatMap((target) => {
    const reachable = [target, ...config.secondaryRegions.filter((region) => region !== target)];
    const globalReachable = config.globalRegion !== primary;
    return [
      `## Planned switchover to ${target}`,
      '',
      `No data loss (RPO 0): Aurora waits for ${target} to catch up, then swaps roles. The global writer endpoint follows.`,
      '',
      '```sh',
      commands.account(target),
      `aws rds switchover-global-cluster --region ${target} \\`,
      `  --global-cluster-identifier ${global} \\`,
      `  --target-db-cluster-identifier ${db.clusterArn(target, '$ACCOUNT_ID')}`,
      `aws rds describe-global-clusters --region ${target} --global-cluster-identifier ${global} \\`,
      "  --query 'GlobalClusters[0].{Status:Status,Members:GlobalClusterMembers[].{Cluster:DBClusterArn,Writer:IsWriter}}'",
      '```',
      '',
      `Wait until the member in ${target} shows \`Writer: true\` and the status is \`available\`.`,
      '',
      flipConfig(config, commands, target),
      '',
      '```sh',
      commands.synth(),
      `${commands.diff(StackNames.region(target))}   # expect in-place updates only; no cluster or instance replaced`,
      commands.deploy([StackNames.global, StackNames.region(target), ...config.allRegions.filter((r) => r !== target).map(StackNames.region)]),
      '```',
      '',
      `## Unplanned failover to ${target}`,
      '',
      `When ${primary} is down. Writes not yet replicated to ${target} are lost (RPO = the replication lag at the time, typically under a second).`,
      '',
      '```sh',
      commands.account(target),
      `aws rds failover-global-cluster --region ${target} \\`,
      `  --global-cluster-identifier ${global} \\`,
      `  --target-db-cluster-identifier ${db.clusterArn(target, '$ACCOUNT_ID')} \\`,
      '  --allow-data-loss',
      `aws rds describe-global-clusters --region ${target} --global-cluster-identifier ${global} \\`,
      "  --query 'GlobalClusters[0].{Status:Status,Members:GlobalClusterMembers[].{Cluster:DBClusterArn,Writer:IsWriter}}'",
      '```',
      '',
      flipConfig(config, commands, target),
      '',
      ...globalStackWhileDown(config, primary),
      `While ${primary} is down, deploy only the stacks of reachable regions:`,
      '',
      '```sh',
      commands.synth(),
      commands.deploy([...(globalReachable ? [StackNames.global] : []), ...reachable.map(StackNames.region)]),
      '```',
      '',
      `When ${primary} is back, Aurora rejoins its cluster as a secondary. Then deploy ${globalReachable ? 'its stack' : 'the global stack and its stack'}:`,
      '',
      '```sh',
      commands.deploy([...(globalReachable ? [] : [StackNames.global]), StackNames.region(primary)]),
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
function rebuildRegion(db: DatabaseNames, commands: Commands, region: string, standalone: boolean): string[] {
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
    const globalReachable = config.globalRegion !== primary;
    const promote = [
      '```sh',
      `aws rds promote-read-replica --region ${target} --db-instance-identifier ${db.regional(target)} --backup-retention-period ${config.database.backupRetentionDays}`,
      `aws rds wait db-instance-available --region ${target} --db-instance-identifier ${db.regional(target)}`,
      '```',
    ];
    const newPrimary = (stacks: readonly string[]) => [
      commands.synth(),
      `${commands.diff(StackNames.region(target))}   # expect in-place updates only; the promoted instance is kept`,
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
      `aws cloudwatch get-metric-statistics --region ${target} --namespace AWS/RDS --metric-name ReplicaLag \\`,
      `  --dimensions Name=DBInstanceIdentifier,Value=${db.regional(target)} --statistics Maximum --period 60 \\`,
      '  --start-time "$(date -u -d \'-5 min\' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"   # wait for 0',
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
      ...newPrimary([...(globalReachable ? [StackNames.global] : []), StackNames.region(target)]),
      '```',
      '',
      ...rebuildIntro,
      '',
      ...(others.length > 0
        ? ['The reachable regions now:', '', '```sh', ...others.flatMap((region) => rebuildRegion(db, commands, region, false)), '```', '']
        : []),
      `When ${primary} is back, its old instance runs again as a standalone writer. Writes it took that never reached ${target}`,
      `are only there; the final snapshot keeps them. Point clients at ${target} first, then rebuild ${primary}${globalReachable ? '' : ' and deploy the global stack'}:`,
      '',
      '```sh',
      ...rebuildRegion(db, commands, primary, true),
      ...(globalReachable ? [] : [commands.deploy([StackNames.global])]),
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
