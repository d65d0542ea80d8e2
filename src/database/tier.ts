import { defineTier } from '../tiers/tier';
import { databaseTopology } from './topology';
import { DATABASE_RULES } from '../policy/rules/database';
import { DatabaseSchema, validateDatabase } from './config';
import { GlobalDatabase } from './global-database';
import { RegionalDatabase } from './regional-database';
import { databaseRunbook, databaseRunbookSteps } from './runbook';
import { allDatabaseSignals } from './signals';
import { sharedLogRetentionDays } from '../observability/config';

/**
 * The database: Aurora Global Database or RDS with cross-region read replicas. The global stack holds the
 * global cluster, the replicated credentials secret and the IAM roles; each regional stack its cluster or instance.
 */
export const databaseTier = defineTier({
  name: 'database',
  sections: { database: DatabaseSchema },
  validate: validateDatabase,
  global: ({ scope, config, names, provider, key }) => {
    new GlobalDatabase(scope, 'database', { config, names, provider: provider(config.globalRegion), key });
  },
  regional: ({ scope, ...props }) => {
    new RegionalDatabase(scope, 'database', { ...props, logRetentionDays: sharedLogRetentionDays(props.config) });
  },
  rules: DATABASE_RULES,
  topology: databaseTopology,
  runbook: databaseRunbookSteps,
  documents: (config) => [{ path: 'runbooks/database.md', content: databaseRunbook(config) }],
  signals: allDatabaseSignals,
});
