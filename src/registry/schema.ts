import { z } from 'zod';
import { BASE_SHAPE, validateBase, type BaseConfig } from '../base/config';
import { TIERS } from './tiers';
import type { Sections } from '../tiers/tier';

type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void
  ? I
  : never;
type TierSections = UnionToIntersection<(typeof TIERS)[number]['sections']>;

// Every tier section is optional in the file: an absent section takes its defaults.
const sectionShape = Object.fromEntries(
  TIERS.flatMap((tier) => Object.entries(tier.sections as Sections).map(([key, schema]) => [key, schema.prefault({})])),
) as { [K in keyof TierSections]: z.ZodPrefault<TierSections[K]> };

export const ConfigSchema = z.strictObject({ ...BASE_SHAPE, ...sectionShape }).superRefine((config, ctx) => {
  validateBase(config, ctx);
  for (const tier of TIERS) tier.validate?.(config as never, ctx);
});

export type ConfigInput = z.input<typeof ConfigSchema>;
export type ParsedConfig = z.output<typeof ConfigSchema>;

/** The validated configuration with every default resolved. */
export type Config = Omit<ParsedConfig, keyof BaseConfig> & BaseConfig;
