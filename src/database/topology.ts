import { Names } from '../base/names';
import type { TierConfig } from '../tiers/tier';
import { linksFrom, type TopologyContribution } from '../tiers/topology';
import { backupReplicationRegion, type DatabaseSchema } from './config';
import { DatabaseNames } from './names';

const TIER = 'database';

/** A cluster (or instance) per region, replicated from the primary; the credentials secret replicated from globalRegion. */
export function databaseTopology(config: TierConfig<{ database: typeof DatabaseSchema }>): TopologyContribution {
  const db = new DatabaseNames(new Names(config));
  const aurora = config.database.mode === 'aurora-global';
  const components = config.allRegions.map((region) => ({
    tier: TIER,
    region,
    label: `${aurora ? 'Aurora cluster' : 'RDS instance'} ${db.regional(region)} (${
      region === config.primaryRegion ? 'writer' : 'reader'
    })`,
  }));
  const backups = aurora ? undefined : backupReplicationRegion(config);
  return {
    components,
    links: [
      ...linksFrom(
        TIER,
        config.primaryRegion,
        config.secondaryRegions,
        aurora
          ? { mechanism: 'aurora-global', kind: 'replication', label: `Aurora Global Database ${db.globalCluster()}` }
          : { mechanism: 'rds-replica', kind: 'replication', label: 'RDS cross-region read replica' },
      ),
      ...(backups === undefined
        ? []
        : linksFrom(TIER, config.primaryRegion, [backups], {
            mechanism: 'rds-backup-replication',
            kind: 'replication',
            label: 'RDS automated backup replication',
          })),
    ],
  };
}
