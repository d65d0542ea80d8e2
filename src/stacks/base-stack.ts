import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformElement, TerraformStack } from 'cdktf';
import type { Construct, Node } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Config } from '../config/load';
import { Names, providerAlias } from '../base/names';
import { SecurityBaseline } from '../policy/security-baseline';
import { BASELINE_RULES } from '../registry/footprint';
import { protectStatefulResources } from '../protection/prevent-destroy';
import { ValidationError } from '../base/errors';

/** Every stack uses write-only arguments and ephemeral variables (Terraform 1.11); older Terraform fails at init with this. */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.11.0';

export interface BaseStackProps {
  readonly config: Config;
  /** Region whose state bucket and lock table hold this stack's state. */
  readonly stateRegion: string;
  /**
   * Keep state in this file at the project root, outside the synthesized output (only the bootstrap stack,
   * which creates the state buckets).
   * @default the configured backend
   */
  readonly localStateFile?: string;
}

/**
 * A stack whose Terraform addresses are its construct paths joined with `_` (`network_vpc`),
 * without cdktf's hash suffix, so addresses are readable and stay put unless a construct is renamed.
 */
export class BaseStack extends TerraformStack {
  readonly config: Config;
  readonly names: Names;
  private readonly logicalIds = new Map<string, string>();
  private readonly aliasedProviders = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: string, props: BaseStackProps) {
    super(scope, id);
    this.config = props.config;
    this.names = new Names(props.config);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    if (props.localStateFile !== undefined) {
      // Relative to cdktf.out/stacks/<stack>, so the output is the same on every machine.
      new LocalBackend(this, { path: `../../../${props.localStateFile}` });
    } else {
      this.configureBackend(id, props.stateRegion);
    }
    this.node.addValidation(new SecurityBaseline(this, BASELINE_RULES));
    if (props.config.protection.preventDestroy) protectStatefulResources(this);
  }

  /** The stack's only AWS provider, unaliased: for stacks that live in one region. */
  defaultProvider(region: string): AwsProvider {
    return new AwsProvider(this, 'aws', { region, defaultTags: this.defaultTags() });
  }

  /** The aliased AWS provider of `region`, created on first use: for stacks that span regions. */
  provider(region: string): AwsProvider {
    let provider = this.aliasedProviders.get(region);
    if (!provider) {
      provider = new AwsProvider(this, `aws_${providerAlias(region)}`, {
        region,
        alias: providerAlias(region),
        defaultTags: this.defaultTags(),
      });
      this.aliasedProviders.set(region, provider);
    }
    return provider;
  }

  private defaultTags() {
    return [
      {
        tags: {
          ...this.config.tags,
          Project: this.config.name,
          Environment: this.config.environment,
          ManagedBy: 'cdktf',
        },
      },
    ];
  }

  override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    const id = components.join('_').replace(/[^A-Za-z0-9_-]/g, '_');
    const path = node.path;
    const previous = this.logicalIds.get(id);
    if (previous !== undefined && previous !== path) {
      throw new ValidationError(
        `logical id "${id}" of ${path} collides with ${previous}; rename one of the constructs`,
      );
    }
    this.logicalIds.set(id, path);
    return id;
  }

  private configureBackend(stackName: string, stateRegion: string): void {
    const { state } = this.config;
    if (state.backend === 'cloud' && state.cloud) {
      new CloudBackend(this, {
        organization: state.cloud.organization,
        hostname: state.cloud.hostname,
        workspaces: new NamedCloudWorkspace(this.names.workspace(stackName), state.cloud.project),
      });
      return;
    }
    const backend = new S3Backend(this, {
      bucket: this.names.stateBucket(stateRegion),
      key: `${stackName}/terraform.tfstate`,
      region: stateRegion,
      // With a key, Terraform asks for SSE-KMS with it on every write (state and lock file); `encrypt` alone
      // would send AES256 and override the bucket's SSE-KMS default. The alias resolves in `stateRegion`.
      encrypt: true,
      kmsKeyId: this.names.stateKeyAlias(),
      dynamodbTable: state.s3.dynamodbLocking ? this.names.lockTable() : undefined,
    });
    // cdktf 0.21's S3Backend has no useLockfile prop.
    if (state.s3.useLockfile) backend.addOverride('use_lockfile', true);
  }
}
