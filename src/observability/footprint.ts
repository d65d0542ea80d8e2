import type { Config } from '../config/load';
import { TIERS } from '../tiers/registry';
import type { Tier } from '../tiers/tier';
import type { Signal } from './signal';

/** Every tier's signals for `config`, in every region: the one list alarms, health alarms and the dashboard come from. */
export function footprintSignals(config: Config): Signal[] {
  return TIERS.flatMap((tier) => (tier as unknown as Tier).signals?.(config as never) ?? []);
}
