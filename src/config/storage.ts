import { z } from 'zod';
import type { ParsedConfig } from './schema';

export const StorageSchema = z.strictObject({
  /**
   * Replicate every bucket to every other bucket instead of primary to secondaries only.
   * @default false
   */
  bidirectionalReplication: z.boolean().default(false),
});

export const CdnSchema = z.strictObject({
  /**
   * Put CloudFront in front of the buckets.
   * @default true
   */
  enabled: z.boolean().default(true),
});

export function validateStorage(_config: ParsedConfig, _ctx: z.RefinementCtx): void {
  // Filled in by the storage tier.
}
