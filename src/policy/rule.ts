import { resourcesOfType, type SynthesizedResource, type SynthesizedStack } from './synthesized';

export interface Violation {
  /** Terraform address of the offending resource. */
  readonly address: string;
  readonly message: string;
}

/** One security-baseline rule, checked against every synthesized stack. */
export interface PolicyRule {
  /** Stable identifier, shown in errors: `S3_PUBLIC_ACCESS_BLOCK`. */
  readonly id: string;
  /** The checkov check this rule mirrors, where one exists. */
  readonly checkov?: string;
  check(stack: SynthesizedStack): Violation[];
}

/** A rule that looks at each resource of one type on its own. */
export function resourceRule(
  id: string,
  checkov: string | undefined,
  type: string,
  check: (resource: SynthesizedResource, stack: SynthesizedStack) => string | undefined,
): PolicyRule {
  return {
    id,
    checkov,
    check(stack) {
      return resourcesOfType(stack, type).flatMap((resource) => {
        const message = check(resource, stack);
        return message === undefined ? [] : [{ address: resource.address, message }];
      });
    },
  };
}
