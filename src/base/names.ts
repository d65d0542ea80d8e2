import type { BaseConfig } from './config';
import { regionIdentifier } from './regions';

/**
 * Deterministic names derived from the config. Stacks never read each other's state: anything one
 * stack needs from another region is addressed through these names.
 */
export class Names {
  constructor(private readonly config: Pick<BaseConfig, 'name' | 'environment' | 'state'>) {}

  /** `<name>-<environment>`, the prefix of every resource name. */
  get prefix(): string {
    return `${this.config.name}-${this.config.environment}`;
  }

  /** `<prefix>-<parts...>`. */
  resource(...parts: string[]): string {
    return [this.prefix, ...parts].join('-');
  }

  stateBucket(region: string): string {
    return `${this.config.state.s3.bucketPrefix ?? this.resource('tfstate')}-${region}`;
  }

  lockTable(): string {
    return this.resource('tflock');
  }

  /** Alias of the multi-region KMS key; the same in every region. */
  kmsAlias(): string {
    return `alias/${this.prefix}`;
  }

  /** The VPC flow log group of `region`, and the role (global stack) that delivers to it. */
  flowLogGroup(region: string): string {
    return `/vpc/${this.resource(region)}/flow-logs`;
  }

  flowLogRole(region: string): string {
    return this.resource(region, 'flow-logs');
  }

  /** Alias of each region's own state key (bootstrap stack), which encrypts that region's state. */
  stateKeyAlias(): string {
    return `alias/${this.resource('tfstate')}`;
  }

  /** Local state file of the bootstrap stack, at the project root and keyed by deployment. */
  bootstrapStateFile(): string {
    return `terraform.${this.prefix}.bootstrap.tfstate`;
  }

  /** Terraform Cloud workspace of a stack. */
  workspace(stack: string): string {
    return this.resource(stack);
  }
}

export const StackNames = {
  bootstrap: 'bootstrap',
  global: 'global',
  edge: 'edge',
  region: (region: string) => `region-${region}`,
} as const;

/** Provider alias of a region in stacks that span regions. */
export const providerAlias = regionIdentifier;
