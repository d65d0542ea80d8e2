import { z } from 'zod';
import type { ParsedConfig } from './schema';

/** Aurora Global Database: one primary and at most 10 secondary regions (Aurora User Guide, "Limitations of Aurora global databases"). */
export const AURORA_GLOBAL_MAX_SECONDARY_REGIONS = 10;

export const DatabaseSchema = z.strictObject({
  /**
   * `aurora-global` (Aurora Global Database, replication typically under a second) or
   * `rds-replicas` (one RDS instance with cross-region read replicas, seconds to minutes).
   * @default aurora-global
   */
  mode: z.enum(['aurora-global', 'rds-replicas'], {
    error: (i) => `${JSON.stringify(i.input)} is not a database mode; allowed: aurora-global, rds-replicas`,
  }).default('aurora-global'),
});

export function validateDatabase(config: ParsedConfig, ctx: z.RefinementCtx): void {
  const secondaries = config.secondaryRegions.length;
  if (config.database.mode === 'aurora-global' && secondaries > AURORA_GLOBAL_MAX_SECONDARY_REGIONS) {
    ctx.addIssue({
      code: 'custom',
      path: ['secondaryRegions'],
      message: `has ${secondaries} regions; Aurora Global Database allows at most ${AURORA_GLOBAL_MAX_SECONDARY_REGIONS} secondary regions`,
    });
  }
}
