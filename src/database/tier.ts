import { defineTier } from '../tiers/tier';
import { databaseTopology } from './topology';
import { DATABASE_RULES } from '../policy/rules/database';
import type { Names } from '../base/names';
import { DatabaseSchema, backupReplicationRegion, isAurora, validateDatabase, type DatabaseConfig } from './config';
import { GlobalDatabase } from './global-database';
import { RegionalDatabase } from './regional-database';
import { databaseRunbook, databaseRunbookSteps, databaseSwitchover } from './runbook';
import { DatabaseNames } from './names';
import { allDatabaseSignals, databaseSignals } from './signals';
import { accountId } from '../iam/account';
import { roleArn } from '../iam/policy';
import { alertsTopicArn, observabilityTier } from '../observability/tier';

/** The database of `region` as other tiers find it: the regional Aurora cluster, or the RDS instance, by identifier. */
function regionalDatabase(
  config: { readonly database: Pick<DatabaseConfig, 'mode'> },
  names: Names,
  region: string,
): { readonly kind: 'aurora-cluster' | 'rds-instance'; readonly identifier: string } {
  return {
    kind: config.database.mode === 'aurora-global' ? 'aurora-cluster' : 'rds-instance',
    identifier: new DatabaseNames(names).regional(region),
  };
}

/**
 * The database: Aurora Global Database or RDS with cross-region read replicas. The global stack holds the
 * global cluster, the replicated credentials secret and the IAM roles; each regional stack its cluster or instance.
 */
export const databaseTier = defineTier({
  name: 'database',
  sections: { database: DatabaseSchema },
  // Its log groups keep the footprint's log retention.
  requires: [observabilityTier],
  validate: validateDatabase,
  global: ({ scope, config, names, provider, key }) => {
    const db = config.database;
    const databaseNames = new DatabaseNames(names);
    new GlobalDatabase(scope, 'database', {
      provider: provider(config.globalRegion),
      key,
      identifier: databaseNames.globalCluster(),
      secretName: databaseNames.secret(),
      masterUsername: db.masterUsername,
      passwordVersion: db.passwordVersion,
      monitoredDatabases: config.allRegions.map((region) => ({
        region,
        identifier: databaseNames.regional(region),
        roleName: databaseNames.monitoringRole(region),
      })),
      globalCluster: isAurora(db)
        ? { engine: db.engine, engineVersion: db.engineVersion, databaseName: db.databaseName }
        : undefined,
    });
  },
  regional: ({ scope, config, names, region, network, kmsKeyArn }) => {
    const db = config.database;
    const databaseNames = new DatabaseNames(names);
    const account = accountId(scope);
    new RegionalDatabase(scope, 'database', {
      names: databaseNames,
      region,
      kind: isAurora(db) ? 'aurora' : 'rds',
      engine: db.engine,
      engineVersion: db.engineVersion,
      instanceClass: db.instanceClass,
      primaryRegion: config.primaryRegion,
      instances: region === config.primaryRegion ? db.primaryInstances : db.secondaryInstances,
      databaseName: db.databaseName,
      masterUsername: db.masterUsername,
      passwordVersion: db.passwordVersion,
      globalWriteForwarding: db.globalWriteForwarding,
      network,
      ingress: { cidrs: db.appCidrs, securityGroupIds: db.appSecurityGroupIds[region] ?? [] },
      kmsKeyArn,
      backupRetentionDays: db.backupRetentionDays,
      replicatesBackups: !isAurora(db) && region === backupReplicationRegion(config),
      monitoringIntervalSeconds: db.monitoringIntervalSeconds,
      monitoringRoleArn: roleArn(region, account, databaseNames.monitoringRole(region)),
      performanceInsightsRetentionDays: db.performanceInsightsRetentionDays,
      alarms: { signals: databaseSignals(config, region), topicArn: alertsTopicArn(account, names, region) },
      logRetentionDays: config.observability.logRetentionDays,
    });
  },
  // What other tiers may read: the region's cluster or instance, found by identifier.
  published: { regionalDatabase },
  rules: DATABASE_RULES,
  topology: databaseTopology,
  runbook: databaseRunbookSteps,
  switchover: databaseSwitchover,
  identifiers: (config, names) => {
    const db = new DatabaseNames(names);
    const regional = config.allRegions.map((region) => `\`${db.regional(region)}\``).join(', ');
    return config.database.mode === 'aurora-global'
      ? `global cluster \`${db.globalCluster()}\`; clusters ${regional}`
      : `instances ${regional}`;
  },
  documents: (config, context) => [{ path: 'runbooks/database.md', content: databaseRunbook(config, context) }],
  signals: allDatabaseSignals,
});
