import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformElement, TerraformStack } from 'cdktf';
import type { Construct, IConstruct, Node } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import type { Config } from '../config/load';
import { Names, providerAlias } from '../config/names';
import { SecurityBaseline } from '../policy/security-baseline';

export interface BaseStackProps {
  readonly config: Config;
  /** Region whose state bucket and lock table hold this stack's state. */
  readonly stateRegion: string;
  /**
   * Keep state on the local disk, in `terraform.<stack>.tfstate` at the project root, outside the synthesized
   * output (only the bootstrap stack, which creates the state buckets).
   * @default false
   */
  readonly localState?: boolean;
}

/**
 * A stack whose Terraform addresses are its construct paths joined with `_` (`network_vpc`),
 * without cdktf's hash suffix, so addresses are readable and stay put unless a construct is renamed.
 */
export class BaseStack extends TerraformStack {
  readonly config: Config;
  readonly names: Names;
  private readonly logicalIds = new Map<string, string>();
  /**
   * Provider of the stack's account lookup.
   * @default the stack's default provider
   */
  protected accountProvider?: AwsProvider;
  private account?: DataAwsCallerIdentity;

  /** The stack that holds `construct`, which must be a BaseStack. */
  static override of(construct: IConstruct): BaseStack {
    const stack = TerraformStack.of(construct);
    if (!(stack instanceof BaseStack)) throw new Error(`${construct.node.path} is not inside a BaseStack`);
    return stack;
  }

  constructor(scope: Construct, id: string, props: BaseStackProps) {
    super(scope, id);
    this.config = props.config;
    this.names = new Names(props.config);
    if (props.localState) {
      // Relative to cdktf.out/stacks/<stack>, so the output is the same on every machine.
      new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    } else {
      this.configureBackend(id, props.stateRegion);
    }
    this.node.addValidation(new SecurityBaseline(this));
  }

  /** The AWS account ID, from one `data.aws_caller_identity.account` per stack that needs it. */
  get accountId(): string {
    this.account ??= new DataAwsCallerIdentity(this, 'account', { provider: this.accountProvider });
    return this.account.accountId;
  }

  /** An AWS provider for `region` with the config's tags; aliased when the stack spans regions. */
  awsProvider(region: string, options: { aliased: boolean }): AwsProvider {
    return new AwsProvider(this, options.aliased ? `aws_${providerAlias(region)}` : 'aws', {
      region,
      alias: options.aliased ? providerAlias(region) : undefined,
      defaultTags: [{ tags: { ...this.config.tags, Project: this.config.name, Environment: this.config.environment, ManagedBy: 'cdktf' } }],
    });
  }

  override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    const id = components.join('_').replace(/[^A-Za-z0-9_-]/g, '_');
    const path = node.path;
    const previous = this.logicalIds.get(id);
    if (previous !== undefined && previous !== path) {
      throw new Error(`logical id "${id}" of ${path} collides with ${previous}; rename one of the constructs`);
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
      encrypt: true,
      dynamodbTable: state.s3.dynamodbLocking ? this.names.lockTable() : undefined,
    });
    // cdktf 0.21's S3Backend has no useLockfile prop.
    if (state.s3.useLockfile) backend.addOverride('use_lockfile', true);
  }
}
