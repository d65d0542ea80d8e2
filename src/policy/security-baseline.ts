import type { TerraformStack } from 'cdktf';
import type { IValidation } from 'constructs';
import type { PolicyRule } from './rule';
import type { SynthesizedStack } from './synthesized';

/** `[RULE, checkov ID] address message` for every violation of `rules` in a synthesized stack. */
export function checkBaseline(tf: SynthesizedStack, rules: readonly PolicyRule[]): string[] {
  return rules.flatMap((rule) =>
    rule
      .check(tf)
      .map(
        ({ address, message }) =>
          `[${rule.id}${rule.checkov ? `, checkov ${rule.checkov}` : ''}] ${address} ${message}`,
      ),
  );
}

/**
 * Holds a stack's synthesized Terraform to the security baseline, so resources that users add through
 * their own constructs meet the same bar. A stack validation: it runs before the stack is written, for
 * JSON and HCL output alike, and reads the resolved configuration Terraform will see.
 */
export class SecurityBaseline implements IValidation {
  constructor(private readonly stack: TerraformStack, private readonly rules: readonly PolicyRule[]) {}

  validate(): string[] {
    return checkBaseline(this.stack.toTerraform() as SynthesizedStack, this.rules);
  }
}
