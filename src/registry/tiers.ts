import type { AnyTier } from '../tiers/tier';
import { databaseTier } from '../database/tier';
import { parametersTier } from '../parameters/tier';
import { secretsTier } from '../secrets/tier';
import { storageTier } from '../storage/tier';
import { cacheTier } from '../cache/tier';
import { clustersTier } from '../clusters/tier';
import { observabilityTier } from '../observability/tier';

/** Every tier of the footprint, in the order stacks add them. A new tier is one folder and one line here. */
export const TIERS = [
  databaseTier,
  storageTier,
  cacheTier,
  secretsTier,
  parametersTier,
  clustersTier,
  observabilityTier,
] as const;

/** The registry as shared code walks it: every hook of every tier, called with the whole config. */
export const REGISTERED: readonly AnyTier[] = TIERS;
