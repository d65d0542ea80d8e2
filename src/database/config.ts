import { z } from 'zod';
import { parseCidr } from '../base/cidr';
import { shown } from '../base/primitives';
import { requirePinnedGlobalRegion, type BaseParsed } from '../base/config';

/** Aurora Global Database: one primary and at most 10 secondary regions (Aurora User Guide, "Configuration requirements of an Amazon Aurora global database"). */
export const AURORA_GLOBAL_MAX_SECONDARY_REGIONS = 10;

/** RDS for PostgreSQL and MySQL allow up to 15 read replicas per source instance (RDS User Guide, "Working with DB instance read replicas"). */
export const RDS_MAX_READ_REPLICAS = 15;

/**
 * Regions where Aurora Global Database is not offered (Aurora User Guide, "Supported Regions and DB engines for
 * Aurora global databases": Asia Pacific (Thailand) is "Not available" for both engines).
 */
const AURORA_GLOBAL_UNAVAILABLE_REGIONS: readonly string[] = ['ap-southeast-7'];

/**
 * "An Aurora global database requires DB instance classes that are optimized for memory-intensive applications
 * ... We recommend that you use a db.r5 or higher instance class" (Aurora User Guide, "Configuration requirements
 * of an Amazon Aurora global database"). The memory-optimized families and sizes of "Supported DB engines for DB
 * instance classes"; burstable db.t* and db.serverless (needs a capacity range we don't configure) are out.
 */
const AURORA_GLOBAL_FAMILIES: Record<string, readonly string[]> = {
  'db.r5': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  'db.r6g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'db.r6i': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  'db.r7g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  'db.r7i': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  'db.r8g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  'db.x2g': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
};

export const AURORA_GLOBAL_INSTANCE_CLASSES: readonly string[] = Object.entries(AURORA_GLOBAL_FAMILIES).flatMap(
  ([family, sizes]) => sizes.map((size) => `${family}.${size}`),
);

export const AURORA_ENGINES = ['aurora-postgresql', 'aurora-mysql'] as const;
export const RDS_ENGINES = ['postgres', 'mysql'] as const;
export type DatabaseEngine = (typeof AURORA_ENGINES)[number] | (typeof RDS_ENGINES)[number];

/** Current versions of each engine, used when `engineVersion` is not set. */
const DEFAULT_ENGINE_VERSIONS: Record<DatabaseEngine, string> = {
  'aurora-postgresql': '16.6',
  'aurora-mysql': '8.0.mysql_aurora.3.08.0',
  // A major (or major.minor) prefix: RDS minor upgrades then cause no drift (aws_db_instance `engine_version`).
  postgres: '16',
  mysql: '8.0',
};

/** The version forms each engine accepts, with the oldest that Global Database (Aurora) or we (RDS) support. */
const ENGINE_VERSION_RULES: Record<
  DatabaseEngine,
  { pattern: RegExp; form: string; check?: (match: RegExpExecArray) => string | undefined }
> = {
  // Aurora User Guide, "Supported Regions and DB engines for Aurora global databases": Aurora PostgreSQL 11 and later.
  'aurora-postgresql': {
    pattern: /^(\d+)\.(\d+)$/,
    form: '<major>.<minor> with major 11 or later, e.g. "16.6"',
    check: (m) => (Number(m[1]) >= 11 ? undefined : 'Aurora Global Database needs Aurora PostgreSQL 11 or later'),
  },
  // Same page: Aurora MySQL version 2 from 2.07.0 (MySQL 5.7) and version 3 from 3.01.0 (MySQL 8.0).
  'aurora-mysql': {
    pattern: /^(5\.7|8\.0)\.mysql_aurora\.(\d+)\.(\d+)\.(\d+)$/,
    form: '<mysql>.mysql_aurora.<aurora>, e.g. "8.0.mysql_aurora.3.08.0"',
    check: (m) => {
      const [mysql, major, minor] = [m[1], Number(m[2]), Number(m[3])];
      if (mysql === '5.7' && major !== 2) return 'MySQL 5.7 pairs with Aurora MySQL 2.x';
      if (mysql === '8.0' && major !== 3) return 'MySQL 8.0 pairs with Aurora MySQL 3.x';
      if (major === 2 && minor < 7) return 'Aurora Global Database needs Aurora MySQL 2.07.0 or later';
      return undefined;
    },
  },
  postgres: {
    pattern: /^(\d+)(\.\d+)?$/,
    form: '<major> or <major>.<minor>, e.g. "16"',
    check: (m) =>
      Number(m[1]) >= 12 ? undefined : 'RDS for PostgreSQL 11 and older are out of standard support; use 12 or later',
  },
  mysql: {
    pattern: /^(5\.7|8\.0|8\.4)(\.\d+)?$/,
    form: '5.7, 8.0 or 8.4, optionally with a minor version, e.g. "8.0" or "8.0.40"',
  },
};

/** Log types each engine can export to CloudWatch Logs (RDS API, EnableCloudwatchLogsExports). */
export const LOG_EXPORTS: Record<DatabaseEngine, readonly string[]> = {
  'aurora-postgresql': ['postgresql'],
  'aurora-mysql': ['audit', 'error', 'general', 'slowquery'],
  postgres: ['postgresql', 'upgrade'],
  mysql: ['audit', 'error', 'general', 'slowquery'],
};

export const ENGINE_PORTS: Record<DatabaseEngine, number> = {
  'aurora-postgresql': 5432,
  postgres: 5432,
  'aurora-mysql': 3306,
  mysql: 3306,
};

const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

const piRetentionError = (input: unknown): string =>
  `${shown(input)} is not a Performance Insights retention; allowed: 7, 731 or a multiple of 31 up to 713`;

const AppCidr = z.string().refine((value) => parseCidr(value) !== undefined && parseCidr(value)!.prefix >= 8, {
  error: (i) =>
    `${shown(i.input)} must be an IPv4 CIDR with prefix /8 or longer and zero host bits (never the whole internet)`,
});

const SecurityGroupId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, {
  error: (i) => `${shown(i.input)} is not a security group ID (sg-<8 or 17 hex digits>)`,
});

const DatabaseInput = z.strictObject({
  mode: z
    .enum(['aurora-global', 'rds-replicas'], {
      error: (i) => `${shown(i.input)} is not a database mode; allowed: aurora-global, rds-replicas`,
    })
    .default('aurora-global')
    .describe(
      '`aurora-global` (Aurora Global Database, replication typically under a second) or `rds-replicas` (one RDS instance with cross-region read replicas, seconds to minutes). Default: aurora-global',
    ),
  engine: z
    .enum([...AURORA_ENGINES, ...RDS_ENGINES], {
      error: (i) =>
        `${shown(i.input)} is not a database engine; allowed: ${[...AURORA_ENGINES, ...RDS_ENGINES].join(', ')}`,
    })
    .optional()
    .describe(
      '`aurora-postgresql` or `aurora-mysql` in mode aurora-global; `postgres` or `mysql` in mode rds-replicas. Default: aurora-postgresql (aurora-global), postgres (rds-replicas)',
    ),
  engineVersion: z
    .string()
    .optional()
    .describe(
      'Engine version. After creation, upgrade Aurora through the global cluster (this value); regional clusters follow. Default: 16.6 (aurora-postgresql), 8.0.mysql_aurora.3.08.0 (aurora-mysql), 16 (postgres), 8.0 (mysql)',
    ),
  instanceClass: z
    .string()
    .default('db.r6g.large')
    .describe(
      'Instance class of every instance. Aurora Global Database accepts memory-optimized classes only. Default: db.r6g.large',
    ),
  primaryInstances: z
    .number()
    .int()
    .min(1, { error: (i) => `${shown(i.input)} is too few: at least 1 instance` })
    .max(16, { error: (i) => `${shown(i.input)} is too many: at most 16 instances per Aurora cluster` })
    .default(2)
    .describe('Aurora instances in the primary region (one writer, the rest readers). Default: 2'),
  secondaryInstances: z
    .number()
    .int()
    .min(1, { error: (i) => `${shown(i.input)} is too few: at least 1 instance, or the region cannot take over` })
    .max(16, { error: (i) => `${shown(i.input)} is too many: at most 16 instances per Aurora cluster` })
    .default(1)
    .describe('Aurora instances (readers) in each secondary region. Default: 1'),
  databaseName: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, {
      error: (i) => `${shown(i.input)} must be 1-63 lowercase letters, digits or underscores, starting with a letter`,
    })
    .default('app')
    .describe('Name of the database created on the primary. Default: app'),
  masterUsername: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,15}$/, {
      error: (i) => `${shown(i.input)} must be 1-16 lowercase letters, digits or underscores, starting with a letter`,
    })
    .default('dbadmin')
    .describe(
      'Master user name. You supply its password at deploy time in `TF_VAR_database_master_password` (an ephemeral variable): it reaches only write-only arguments and a Secrets Manager secret replicated to every region, never the config, the plan or the state. Default: dbadmin',
    ),
  passwordVersion: z
    .number()
    .int()
    .min(1, { error: (i) => `${shown(i.input)} must be a positive integer` })
    .default(1)
    .describe(
      'Bump to rotate the master password: deploy with the new password in `TF_VAR_database_master_password`, and it is written to the database and the secret. Default: 1',
    ),
  backupRetentionDays: z
    .number()
    .int()
    .min(7, { error: (i) => `${shown(i.input)} is too short: keep backups at least 7 days` })
    .max(35, { error: (i) => `${shown(i.input)} is too long: RDS keeps automated backups at most 35 days` })
    .default(14)
    .describe('Days of automated backups (7-35). Default: 14'),
  monitoringIntervalSeconds: z
    .union(
      MONITORING_INTERVALS.map((interval) => z.literal(interval)),
      {
        error: (i) =>
          `${shown(i.input)} is not an enhanced monitoring interval; allowed: ${MONITORING_INTERVALS.join(
            ', ',
          )} (RDS also takes 0, which turns enhanced monitoring off; the baseline requires it on)`,
      },
    )
    .default(60)
    .describe(
      'Enhanced monitoring interval in seconds: 1, 5, 10, 15, 30 or 60 (RDS also takes 0, off, which the baseline refuses). Default: 60',
    ),
  performanceInsightsRetentionDays: z
    .number()
    .int()
    .min(7, { error: (i) => piRetentionError(i.input) })
    .max(731, { error: (i) => piRetentionError(i.input) })
    .refine((v) => v === 7 || v === 731 || (v % 31 === 0 && v >= 31 && v <= 713), {
      error: (i) =>
        `${shown(i.input)} is not a Performance Insights retention; allowed: 7, 731 or a multiple of 31 up to 713`,
    })
    .default(7)
    .describe('Performance Insights retention in days: 7 (free tier) or a multiple of 31 up to 731. Default: 7'),
  appCidrs: z
    .array(AppCidr)
    .default([])
    .describe("CIDRs admitted to the database port in every region. Default: the region's own VPC CIDR"),
  appSecurityGroupIds: z
    .record(z.string(), z.array(SecurityGroupId))
    .default({})
    .describe(
      'Security groups admitted to the database port, keyed by region (security groups are regional). Default: {}',
    ),
  globalWriteForwarding: z
    .boolean()
    .default(false)
    .describe(
      'Let Aurora secondaries forward writes to the primary (`enable_global_write_forwarding`). Default: false',
    ),
  replicationLagAlarmSeconds: z
    .number()
    .positive({ error: (i) => `${shown(i.input)} must be a positive number of seconds` })
    .optional()
    .describe(
      "Replication lag, in seconds, above which a secondary's alarm fires (`AuroraGlobalDBReplicationLag` or `ReplicaLag`). Default: 5 (aurora-global), 60 (rds-replicas)",
    ),
  cpuAlarmPercent: z
    .number()
    .min(1)
    .max(100)
    .default(80)
    .describe('Average CPU above which the per-cluster (or per-instance) alarm fires. Default: 80'),
  freeableMemoryAlarmMiB: z
    .number()
    .int()
    .positive()
    .default(1024)
    .describe('Freeable memory, in MiB, below which the memory alarm fires. Default: 1024'),
  backupReplicationRegion: z
    .string()
    .optional()
    .describe(
      'rds-replicas only: the secondary region receiving replicated automated backups. Default: the first secondary region',
    ),
});

export const DatabaseSchema = DatabaseInput.transform((input) => {
  const engine: DatabaseEngine = input.engine ?? (input.mode === 'aurora-global' ? 'aurora-postgresql' : 'postgres');
  return {
    ...input,
    engine,
    engineVersion: input.engineVersion ?? DEFAULT_ENGINE_VERSIONS[engine],
    replicationLagAlarmSeconds: input.replicationLagAlarmSeconds ?? (input.mode === 'aurora-global' ? 5 : 60),
  };
});

export type DatabaseConfig = z.output<typeof DatabaseSchema>;

export function isAurora(database: Pick<DatabaseConfig, 'mode'>): boolean {
  return database.mode === 'aurora-global';
}

export function validateDatabase(
  config: BaseParsed & { readonly database: DatabaseConfig },
  ctx: z.RefinementCtx,
): void {
  const db = config.database;
  const secondaries = config.secondaryRegions.length;
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const deployed: string[] = [config.primaryRegion, ...config.secondaryRegions];
  requirePinnedGlobalRegion(
    config,
    ctx,
    "the database's master credentials secret (and, in aurora-global, the global cluster)",
  );

  if (db.mode === 'aurora-global') {
    if (secondaries > AURORA_GLOBAL_MAX_SECONDARY_REGIONS) {
      issue(
        ['secondaryRegions'],
        `has ${secondaries} regions; Aurora Global Database allows at most ${AURORA_GLOBAL_MAX_SECONDARY_REGIONS} secondary regions`,
      );
    }
    if (!(AURORA_ENGINES as readonly string[]).includes(db.engine)) {
      const rds = (RDS_ENGINES as readonly string[]).includes(db.engine)
        ? `, or set database.mode: rds-replicas to run ${shown(
            db.engine,
          )} on RDS instances with cross-region read replicas`
        : '';
      issue(
        ['database', 'engine'],
        `${shown(db.engine)} is not an Aurora engine; mode aurora-global allows: ${AURORA_ENGINES.join(', ')}${rds}`,
      );
    }
    if (!AURORA_GLOBAL_INSTANCE_CLASSES.includes(db.instanceClass)) {
      issue(
        ['database', 'instanceClass'],
        `${shown(
          db.instanceClass,
        )} is not supported by Aurora Global Database, which needs a memory-optimized class; allowed: ${AURORA_GLOBAL_INSTANCE_CLASSES.join(
          ', ',
        )}`,
      );
    }
    deployed
      .filter((region) => AURORA_GLOBAL_UNAVAILABLE_REGIONS.includes(region))
      .forEach((region) => {
        issue(['database', 'mode'], `aurora-global is not available in ${region}; use rds-replicas or another region`);
      });
  } else {
    if (secondaries > RDS_MAX_READ_REPLICAS) {
      issue(
        ['secondaryRegions'],
        `has ${secondaries} regions; an RDS instance allows at most ${RDS_MAX_READ_REPLICAS} read replicas`,
      );
    }
    if (!(RDS_ENGINES as readonly string[]).includes(db.engine)) {
      issue(
        ['database', 'engine'],
        `${shown(db.engine)} is not an RDS engine; mode rds-replicas allows: ${RDS_ENGINES.join(', ')}`,
      );
    }
    if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(db.instanceClass)) {
      issue(
        ['database', 'instanceClass'],
        `${shown(db.instanceClass)} is not a DB instance class (db.<family>.<size>, e.g. db.r6g.large)`,
      );
    }
    if (
      db.backupReplicationRegion !== undefined &&
      !config.secondaryRegions.includes(db.backupReplicationRegion as never)
    ) {
      issue(
        ['database', 'backupReplicationRegion'],
        `${shown(db.backupReplicationRegion)} is not a secondary region; allowed: ${
          config.secondaryRegions.join(', ') || 'none (no secondary regions)'
        }`,
      );
    }
  }
  if (db.mode === 'aurora-global' && db.backupReplicationRegion !== undefined) {
    issue(
      ['database', 'backupReplicationRegion'],
      'applies to mode rds-replicas only; Aurora secondaries keep their own backups',
    );
  }

  // Absent when the database section itself failed to parse (already reported).
  const rule = ENGINE_VERSION_RULES[db.engine] as (typeof ENGINE_VERSION_RULES)[DatabaseEngine] | undefined;
  if (rule === undefined) return;
  const match = rule.pattern.exec(db.engineVersion);
  const problem = match ? rule.check?.(match) : `is not a ${db.engine} version; expected ${rule.form}`;
  if (problem !== undefined)
    issue(
      ['database', 'engineVersion'],
      `${shown(db.engineVersion)} ${match ? `is not supported: ${problem}` : problem}`,
    );

  for (const region of Object.keys(db.appSecurityGroupIds)) {
    if (!deployed.includes(region)) {
      issue(
        ['database', 'appSecurityGroupIds', region],
        `${shown(region)} is not a configured region; allowed: ${deployed.join(', ')}`,
      );
    }
  }
}

/** The secondary region receiving replicated RDS backups, if any. */
export function backupReplicationRegion(
  config: Pick<BaseParsed, 'secondaryRegions'> & { readonly database: DatabaseConfig },
): string | undefined {
  return config.database.backupReplicationRegion ?? config.secondaryRegions[0];
}
