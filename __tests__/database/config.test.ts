import { AURORA_GLOBAL_INSTANCE_CLASSES } from '../../src/database/config';
import { type Patch, TEN_SECONDARIES, configWith, issuesOf, regionsInput } from '../helpers/config';

const ELEVEN = [...TEN_SECONDARIES, 'sa-east-1'];

const INVALID: ReadonlyArray<[string, Patch, string]> = [
  [
    'a burstable class for Aurora Global',
    (i) => {
      i.database.instanceClass = 'db.t3.micro';
    },
    `database.instanceClass: "db.t3.micro" is not supported by Aurora Global Database, which needs a memory-optimized class; allowed: ${AURORA_GLOBAL_INSTANCE_CLASSES.join(
      ', ',
    )}`,
  ],
  [
    'db.serverless for Aurora Global',
    (i) => {
      i.database.instanceClass = 'db.serverless';
    },
    `database.instanceClass: "db.serverless" is not supported by Aurora Global Database, which needs a memory-optimized class; allowed: ${AURORA_GLOBAL_INSTANCE_CLASSES.join(
      ', ',
    )}`,
  ],
  [
    '11 Aurora secondaries',
    (i) => {
      Object.assign(i, regionsInput('us-east-1', ELEVEN));
    },
    'secondaryRegions: has 11 regions; Aurora Global Database allows at most 10 secondary regions',
  ],
  [
    'a PostgreSQL version for Aurora MySQL',
    (i) => {
      i.database.engine = 'aurora-mysql';
      i.database.engineVersion = '16.6';
    },
    'database.engineVersion: "16.6" is not a aurora-mysql version; expected <mysql>.mysql_aurora.<aurora>, e.g. "8.0.mysql_aurora.3.08.0"',
  ],
  [
    'MySQL 8.0 paired with Aurora MySQL 2',
    (i) => {
      i.database.engine = 'aurora-mysql';
      i.database.engineVersion = '8.0.mysql_aurora.2.11.2';
    },
    'database.engineVersion: "8.0.mysql_aurora.2.11.2" is not supported: MySQL 8.0 pairs with Aurora MySQL 3.x',
  ],
  [
    'an Aurora MySQL version before Global Database',
    (i) => {
      i.database.engine = 'aurora-mysql';
      i.database.engineVersion = '5.7.mysql_aurora.2.06.0';
    },
    'database.engineVersion: "5.7.mysql_aurora.2.06.0" is not supported: Aurora Global Database needs Aurora MySQL 2.07.0 or later',
  ],
  [
    'Aurora PostgreSQL 10',
    (i) => {
      i.database.engineVersion = '10.21';
    },
    'database.engineVersion: "10.21" is not supported: Aurora Global Database needs Aurora PostgreSQL 11 or later',
  ],
  [
    'an RDS engine in mode aurora-global',
    (i) => {
      i.database.engine = 'postgres';
      i.database.engineVersion = '16';
    },
    'database.engine: "postgres" is not an Aurora engine; mode aurora-global allows: aurora-postgresql, aurora-mysql, or set database.mode: rds-replicas to run "postgres" on RDS instances with cross-region read replicas',
  ],
  [
    'mysql in mode aurora-global',
    (i) => {
      i.database.engine = 'mysql';
      i.database.engineVersion = '8.0';
    },
    'database.engine: "mysql" is not an Aurora engine; mode aurora-global allows: aurora-postgresql, aurora-mysql, or set database.mode: rds-replicas to run "mysql" on RDS instances with cross-region read replicas',
  ],
  [
    'a monitoring interval RDS does not offer',
    (i) => {
      i.database.monitoringIntervalSeconds = 20;
    },
    'database.monitoringIntervalSeconds: 20 is not an enhanced monitoring interval; allowed: 1, 5, 10, 15, 30, 60 (RDS also takes 0, which turns enhanced monitoring off; the baseline requires it on)',
  ],
  [
    'an Aurora engine in mode rds-replicas',
    (i) => {
      i.database = { mode: 'rds-replicas', engine: 'aurora-postgresql' };
    },
    'database.engine: "aurora-postgresql" is not an RDS engine; mode rds-replicas allows: postgres, mysql',
  ],
  [
    'an Aurora version for RDS MySQL',
    (i) => {
      i.database = { mode: 'rds-replicas', engine: 'mysql', engineVersion: '8.0.mysql_aurora.3.08.0' };
    },
    'database.engineVersion: "8.0.mysql_aurora.3.08.0" is not a mysql version; expected 5.7, 8.0 or 8.4, optionally with a minor version, e.g. "8.0" or "8.0.40"',
  ],
  [
    'an unknown engine',
    (i) => {
      i.database.engine = 'oracle-ee';
    },
    'database.engine: "oracle-ee" is not a database engine; allowed: aurora-postgresql, aurora-mysql, postgres, mysql',
  ],
  [
    'backups kept 3 days',
    (i) => {
      i.database.backupRetentionDays = 3;
    },
    'database.backupRetentionDays: 3 is too short: keep backups at least 7 days',
  ],
  [
    'the database open to the internet',
    (i) => {
      i.database.appCidrs = ['0.0.0.0/0'];
    },
    'database.appCidrs[0]: "0.0.0.0/0" must be an IPv4 CIDR with prefix /8 or longer and zero host bits (never the whole internet)',
  ],
  [
    'security groups of an unknown region',
    (i) => {
      i.database.appSecurityGroupIds = { 'ap-south-1': ['sg-0123456789abcdef0'] };
    },
    'database.appSecurityGroupIds.ap-south-1: "ap-south-1" is not a configured region; allowed: us-east-1, us-west-2, eu-west-1',
  ],
  [
    'backup replication to the primary',
    (i) => {
      i.database = { mode: 'rds-replicas', backupReplicationRegion: 'us-east-1' };
    },
    'database.backupReplicationRegion: "us-east-1" is not a secondary region; allowed: us-west-2, eu-west-1',
  ],
  [
    'Aurora Global in Thailand',
    (i) => {
      Object.assign(i, regionsInput('us-east-1', ['ap-southeast-7']));
    },
    'database.mode: aurora-global is not available in ap-southeast-7; use rds-replicas or another region',
  ],
];

describe('database config', () => {
  it.each(INVALID)('rejects %s with a message naming the value and what is allowed', (_name, patch, expected) => {
    expect(issuesOf(patch)).toContain(expected);
  });

  it('resolves mode-dependent defaults', () => {
    const aurora = configWith().database;
    expect([
      aurora.engine,
      aurora.engineVersion,
      aurora.instanceClass,
      aurora.primaryInstances,
      aurora.secondaryInstances,
      aurora.replicationLagAlarmSeconds,
    ]).toEqual(['aurora-postgresql', '16.6', 'db.r6g.large', 2, 1, 5]);
    const rds = configWith((i) => {
      i.database = { mode: 'rds-replicas' };
    }).database;
    expect([rds.engine, rds.engineVersion, rds.replicationLagAlarmSeconds]).toEqual(['postgres', '16', 60]);
  });

  it('accepts exactly 10 Aurora secondaries', () => {
    // A cache across 11 regions fits mode regional only (ElastiCache Global Datastore stops at 1 + 2).
    expect(
      issuesOf((i) => {
        Object.assign(i, regionsInput('us-east-1', ELEVEN.slice(0, 10)));
        i.cache = { mode: 'regional' };
      }),
    ).toEqual([]);
  });
});
