import type { TerraformStack } from 'cdktf';
import type { IValidation } from 'constructs';
import type { PolicyRule } from './rule';
import type { SynthesizedStack } from './synthesized';
import { FOUNDATION_RULES } from './rules/foundation';
import { TIERS } from '../tiers/registry';

/** Every rule the baseline enforces: the foundation's and each registered tier's. */
export const BASELINE_RULES: readonly PolicyRule[] = [...FOUNDATION_RULES, ...TIERS.flatMap((tier) => tier.rules ?? [])];

/** `[RULE, checkov ID] address message` for every violation of `rules` in a synthesized stack. */
export function checkBaseline(tf: SynthesizedStack, rules: readonly PolicyRule[] = BASELINE_RULES): string[] {
  return rules.flatMap((rule) =>
    rule.check(tf).map(({ address, message }) => `[${rule.id}${rule.checkov ? `, checkov ${rule.checkov}` : ''}] ${address} ${message}`),
  );
}

/**
 * Holds a stack's synthesized Terraform to the security baseline, so resources that users add through
 * their own constructs meet the same bar. A stack validation: it runs before the stack is written, for
 * JSON and HCL output alike, and reads the resolved configuration Terraform will see.
 */
export class SecurityBaseline implements IValidation {
  constructor(private readonly stack: TerraformStack, private readonly rules: readonly PolicyRule[] = BASELINE_RULES) {}

  validate(): string[] {
    return checkBaseline(this.stack.toTerraform() as SynthesizedStack, this.rules);
  }
}
