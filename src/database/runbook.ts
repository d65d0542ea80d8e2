import type { TierConfig } from '../tiers/tier';
import type { DatabaseSchema } from './config';
import { Names, StackNames } from '../config/names';
import { DatabaseNames } from './names';

type Config = TierConfig<{ database: typeof DatabaseSchema }>;

// A subset of stacks: cdktf refuses one whose dependencies are not listed unless told, and then runs the
// listed stacks at once unless held to one at a time, in the order given.
const DEPLOY = 'npx cdktf deploy --ignore-missing-stack-dependencies --parallelism 1';
const ACCOUNT = 'ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)';
const GENERATE_PASSWORD = `export TF_VAR_database_master_password="$(aws secretsmanager get-random-password --password-length 32 --exclude-characters '/@"'"'"' \\\\' --require-each-included-type --query RandomPassword --output text)"`;

/** The config change after `target` became the primary: the old primary joins the secondaries. */
function flipConfig(config: Config, target: string): string {
  const secondaries = config.allRegions.filter((region) => region !== target);
  return [
    '```yaml',
    `primaryRegion: ${target}`,
    'secondaryRegions:',
    ...secondaries.map((region) => `  - ${region}`),
    `globalRegion: ${config.globalRegion}   # unchanged: the global stack and its state stay put`,
    '```',
  ].join('\n');
}

function deployCommands(config: Config, target: string): string {
  const stacks = [StackNames.global, StackNames.region(target), ...config.allRegions.filter((r) => r !== target).map(StackNames.region)];
  return [
    '```sh',
    'npx cdktf synth',
    `npx cdktf diff ${StackNames.region(target)}   # expect in-place updates only; no cluster or instance replaced`,
    `${DEPLOY} ${stacks.join(' ')}`,
    '```',
  ].join('\n');
}

function auroraSections(config: Config, db: DatabaseNames): string[] {
  const global = db.globalCluster();
  const primary = config.primaryRegion;
  return config.secondaryRegions.flatMap((target) => [
    `## Planned switchover to ${target}`,
    '',
    `No data loss (RPO 0): Aurora waits for ${target} to catch up, then swaps roles. The global writer endpoint follows.`,
    '',
    '```sh',
    ACCOUNT,
    `aws rds switchover-global-cluster --region ${target} \\`,
    `  --global-cluster-identifier ${global} \\`,
    `  --target-db-cluster-identifier arn:aws:rds:${target}:$ACCOUNT_ID:cluster:${db.regional(target)}`,
    `aws rds describe-global-clusters --region ${target} --global-cluster-identifier ${global} \\`,
    "  --query 'GlobalClusters[0].{Status:Status,Members:GlobalClusterMembers[].{Cluster:DBClusterArn,Writer:IsWriter}}'",
    '```',
    '',
    `Wait until the member in ${target} shows \`Writer: true\` and the status is \`available\`. Then change the config:`,
    '',
    flipConfig(config, target),
    '',
    deployCommands(config, target),
    '',
    `## Unplanned failover to ${target}`,
    '',
    `When ${primary} is down. Writes not yet replicated to ${target} are lost (RPO = the replication lag at the time, typically under a second).`,
    '',
    '```sh',
    ACCOUNT,
    `aws rds failover-global-cluster --region ${target} \\`,
    `  --global-cluster-identifier ${global} \\`,
    `  --target-db-cluster-identifier arn:aws:rds:${target}:$ACCOUNT_ID:cluster:${db.regional(target)} \\`,
    '  --allow-data-loss',
    `aws rds describe-global-clusters --region ${target} --global-cluster-identifier ${global} \\`,
    "  --query 'GlobalClusters[0].{Status:Status,Members:GlobalClusterMembers[].{Cluster:DBClusterArn,Writer:IsWriter}}'",
    '```',
    '',
    `When ${primary} recovers, Aurora rebuilds its cluster as a secondary. Change the config as above and deploy;`,
    `while ${primary} is still down, deploy only the stacks of reachable regions:`,
    '',
    flipConfig(config, target),
    '',
    '```sh',
    'npx cdktf synth',
    `${DEPLOY} ${StackNames.region(target)}`,
    '```',
    '',
  ]);
}

function rdsSections(config: Config, db: DatabaseNames): string[] {
  const primary = config.primaryRegion;
  return config.secondaryRegions.flatMap((target) => {
    const promote = [
      '```sh',
      `aws rds promote-read-replica --region ${target} --db-instance-identifier ${db.regional(target)} --backup-retention-period ${config.database.backupRetentionDays}`,
      `aws rds wait db-instance-available --region ${target} --db-instance-identifier ${db.regional(target)}`,
      '```',
    ];
    const rebuild = config.allRegions.filter((region) => region !== target).flatMap((region) => [
      `cd cdktf.out/stacks/${StackNames.region(region)} && terraform init && terraform apply -replace=aws_db_instance.database_instance && cd -`,
    ]);
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
      `## Unplanned failover to ${target}`,
      '',
      `When ${primary} is down. Writes not yet replicated to ${target} are lost (RPO = ReplicaLag, seconds to minutes).`,
      '',
      ...promote,
      '',
      `### After either: config and rebuild`,
      '',
      flipConfig(config, target),
      '',
      'A promoted instance stays standalone and the other replicas keep following the old primary, so rebuild every',
      `other region as a replica of ${target} (a replacement: RDS cannot re-point a replica):`,
      '',
      '```sh',
      'npx cdktf synth',
      `${DEPLOY} ${StackNames.global} ${StackNames.region(target)}`,
      ...rebuild,
      '```',
      '',
    ];
  });
}

/** The database runbook of this deployment: exact commands for switchover and failover to each secondary. */
export function databaseRunbook(config: Config): string {
  const db = new DatabaseNames(new Names(config));
  const aurora = config.database.mode === 'aurora-global';
  const header = [
    `# Database runbook: ${new Names(config).prefix}`,
    '',
    `Generated by \`cdktf synth\` from the config; do not edit. Mode \`${config.database.mode}\`, engine \`${config.database.engine}\` ${config.database.engineVersion}.`,
    `Primary: ${config.primaryRegion}. Secondaries: ${config.secondaryRegions.join(', ') || 'none'}.`,
    '',
    aurora
      ? `Global cluster \`${db.globalCluster()}\`; regional clusters ${config.allRegions.map((r) => `\`${db.regional(r)}\``).join(', ')}.`
      : `Instances ${config.allRegions.map((r) => `\`${db.regional(r)}\``).join(', ')}.`,
    `Master credentials: Secrets Manager secret \`${db.secret()}\`, replicated to every region.`,
    '',
    '## Creating the database or rotating the master password',
    '',
    'The password enters Terraform only as an ephemeral variable written to write-only arguments. Set it when creating',
    `the database and when rotating (raise \`database.passwordVersion\`), for the global stack and ${StackNames.region(config.primaryRegion)} in one deploy:`,
    '',
    '```sh',
    GENERATE_PASSWORD,
    `${DEPLOY} ${StackNames.global} ${StackNames.region(config.primaryRegion)}`,
    'unset TF_VAR_database_master_password',
    '```',
    '',
  ];
  if (config.secondaryRegions.length === 0) return [...header, 'No secondary region: nothing to switch over or fail over to.', ''].join('\n');
  return [...header, ...(aurora ? auroraSections(config, db) : rdsSections(config, db))].join('\n');
}
