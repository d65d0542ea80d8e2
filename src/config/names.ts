import type { Config } from './load';
import { regionIdentifier } from './regions';

/**
 * Deterministic names derived from the config. Stacks never read each other's state: anything one
 * stack needs from another region is addressed through these names.
 */
export class Names {
  constructor(private readonly config: Pick<Config, 'name' | 'environment' | 'state'>) {}

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
