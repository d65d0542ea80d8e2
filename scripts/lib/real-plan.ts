/**
 * Pure logic of `scripts/real-plan.ts` (plans with the real hashicorp/aws provider, offline): how a synthesized
 * stack is made plannable without AWS, how a prior state is built from a plan, and what a plan changes.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The account every fake value belongs to. */
export const FAKE_ACCOUNT = '123456789012';

/**
 * Provider arguments that keep the real provider off the network: no credential check (STS), no account lookup
 * (STS/IAM), no instance metadata, no region list. The fake static credentials come from the environment
 * (`offlineAwsEnvironment`). https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs#skip_credentials_validation
 */
export const OFFLINE_PROVIDER_SETTINGS = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: 'true',
  skip_region_validation: true,
} as const;

/** Fake static credentials, and every shared config file and metadata lookup switched off, so no real credential is read. */
export function offlineAwsEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...clean,
    AWS_ACCESS_KEY_ID: 'AKIAOFFLINEPLAN00000',
    AWS_SECRET_ACCESS_KEY: 'offline-plan-fake-secret',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** The region of each aws provider configuration of the stack, by reference (`aws`, `aws.us_east_1`). */
export function providerRegions(stack: Json): Map<string, string> {
  const blocks: Json[] = stack.provider?.aws ?? [];
  return new Map(blocks.map((block) => [block.alias ? `aws.${block.alias}` : 'aws', String(block.region)]));
}

/** `local.<name>` standing in for `data.<type>.<name>`. */
const localName = (type: string, name: string): string => `offline_data_${type}_${name}`;

/**
 * What a data source answers offline, in the region of its provider: region-aware fakes, so a reference to another
 * region's key shows in the plan. Throws for a data source type the plan step does not know (add it here).
 */
export function fakeDataValue(type: string, name: string, region: string): Json {
  switch (type) {
    case 'aws_caller_identity':
      return {
        account_id: FAKE_ACCOUNT,
        arn: `arn:aws:iam::${FAKE_ACCOUNT}:role/offline-plan`,
        id: FAKE_ACCOUNT,
        user_id: 'AROAOFFLINEPLAN',
      };
    case 'aws_kms_key': {
      const id = `00000000-0000-4000-8000-${region
        .replace(/[^a-z0-9]/g, '')
        .padEnd(12, '0')
        .slice(0, 12)}`;
      return { arn: `arn:aws:kms:${region}:${FAKE_ACCOUNT}:key/${id}`, id, key_id: id, multi_region: true };
    }
    case 'aws_availability_zones':
      return {
        names: ['a', 'b', 'c'].map((zone) => `${region}${zone}`),
        zone_ids: [1, 2, 3].map((n) => `${region.slice(0, 3)}-az${n}`),
        id: region,
      };
    default:
      throw new Error(
        `no offline value for data source ${type}.${name}: add one to scripts/lib/real-plan.ts fakeDataValue`,
      );
  }
}

function replaceInStrings(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, replace));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceInStrings(item, replace)]));
  return value;
}

/**
 * The synthesized stack made plannable offline by the real provider, and nothing else changed:
 * - the backend removed (local state in the working directory);
 * - each data source replaced by a local holding `fakeDataValue` for its provider's region, every reference
 *   `data.<type>.<name>` rewritten to `local.offline_data_<type>_<name>` (the data sources' postconditions go with them);
 * - each aws provider block given `OFFLINE_PROVIDER_SETTINGS`.
 * Terraform has no plain-plan override for data sources (`override_data` exists only in `terraform test`, which
 * writes no plan file), so the references are rewritten instead.
 */
export function offlineStack(stack: Json): Json {
  const regions = providerRegions(stack);
  const locals: Json = { ...(stack.locals ?? {}) };
  const names: Array<[string, string]> = [];
  for (const [type, byName] of Object.entries((stack.data ?? {}) as Json)) {
    for (const [name, block] of Object.entries(byName as Json)) {
      const region = regions.get(block.provider ?? 'aws');
      if (!region) throw new Error(`data.${type}.${name}: provider ${block.provider ?? 'aws'} has no region`);
      locals[localName(type, name)] = fakeDataValue(type, name, region);
      names.push([type, name]);
    }
  }
  // Longest names first, so `data.aws_kms_key.key` never rewrites the start of `data.aws_kms_key.key_2`.
  names.sort((a, b) => b[1].length - a[1].length);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const patterns = names.map(
    ([type, name]) =>
      [
        new RegExp(`\\bdata\\.${escape(type)}\\.${escape(name)}(?![A-Za-z0-9_-])`, 'g'),
        `local.${localName(type, name)}`,
      ] as const,
  );
  const rewritten = replaceInStrings({ ...stack, data: undefined }, (text) =>
    patterns.reduce((result, [pattern, local]) => result.replace(pattern, local), text),
  ) as Json;
  return {
    ...rewritten,
    terraform: { ...rewritten.terraform, backend: undefined },
    ...(Object.keys(locals).length > 0 ? { locals } : {}),
    provider: {
      ...rewritten.provider,
      aws: ((rewritten.provider?.aws ?? []) as Json[]).map((block) => ({ ...block, ...OFFLINE_PROVIDER_SETTINGS })),
    },
  };
}

/** A provider schema's block, as `terraform providers schema -json` prints it. */
export interface SchemaBlock {
  readonly attributes?: Record<string, { readonly type?: unknown; readonly write_only?: boolean }>;
  readonly block_types?: Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>;
}

/** Where a fake value stands: the resource it belongs to, its provider's region, and which attributes the stack references. */
interface FakeContext {
  readonly type: string;
  readonly name: string;
  readonly region: string;
  readonly referenced: ReadonlySet<string>;
}

/** Prefixes of EC2 IDs, which configurations referencing them validate (`launch_template.id` must begin with `lt-`). */
const ID_PREFIXES: Readonly<Record<string, string>> = {
  aws_vpc: 'vpc-',
  aws_subnet: 'subnet-',
  aws_security_group: 'sg-',
  aws_launch_template: 'lt-',
  aws_route_table: 'rtb-',
  aws_internet_gateway: 'igw-',
  aws_nat_gateway: 'nat-',
  aws_eip: 'eipalloc-',
  aws_vpc_endpoint: 'vpce-',
  aws_network_acl: 'acl-',
  aws_flow_log: 'fl-',
  aws_vpc_security_group_ingress_rule: 'sgr-',
  aws_vpc_security_group_egress_rule: 'sgr-',
};

/** A stable hexadecimal tag of `text` (FNV-1a), for IDs that must be alphanumeric. */
function tag(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * A value for an attribute the plan left unknown, the same for the same resource and attribute on every call, so
 * states built from successive plans agree. What AWS assigns and the stack references (IDs, ARNs, endpoints) gets a
 * well-formed fake (ARNs carry the resource's region; EC2 IDs their prefix); anything else AWS computes is left empty,
 * as AWS leaves what does not apply (a standard topic's FIFO throughput scope), which the provider's checks accept.
 */
function fakeValue(attribute: string, type: unknown, at: FakeContext): unknown {
  if (type === 'string') {
    if (/(^|_)arn$/.test(attribute))
      return `arn:aws:${at.type.split('_')[1]}:${at.region}:${FAKE_ACCOUNT}:${at.type.replace(/^aws_/, '')}/${at.name}`;
    if (attribute === 'id' && ID_PREFIXES[at.type])
      return `${ID_PREFIXES[at.type]}0${tag(`${at.type}.${at.name}`)}${tag(at.name)}`;
    if (attribute === 'id' || at.referenced.has(`${at.type}.${at.name}.${attribute}`))
      return `offline-${at.name}-${attribute}`;
    return '';
  }
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type) && (type[0] === 'list' || type[0] === 'set')) return [];
  if (Array.isArray(type) && type[0] === 'map') return {};
  return null;
}

/** `value` with every unknown part (`true` in the plan's `after_unknown`) replaced by a fake value of `type`. */
function fillValue(attribute: string, type: unknown, value: unknown, unknown: unknown, at: FakeContext): unknown {
  if (unknown === true) return fakeValue(attribute, type, at);
  if (unknown === undefined || unknown === false || value === null || value === undefined || !Array.isArray(type))
    return value ?? null;
  const [kind, inner] = type as [string, unknown];
  if ((kind === 'list' || kind === 'set') && Array.isArray(value))
    return value.map((item, index) => fillValue(attribute, inner, item, (unknown as unknown[])[index], at));
  if (kind === 'map' && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillValue(key, inner, item, (unknown as Json)[key], at)]),
    );
  if (kind === 'object' && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(inner as Json).map(([key, itemType]) => [
        key,
        fillValue(key, itemType, (value as Json)[key], (unknown as Json)[key], at),
      ]),
    );
  }
  return value;
}

/**
 * A resource's planned values as state attributes: unknowns filled (`resolve` first, for an argument that is a bare
 * reference to another resource's attribute), write-only attributes null (as Terraform stores them).
 */
export function fillBlock(
  block: SchemaBlock,
  values: Json | null | undefined,
  unknown: Json | true | undefined,
  at: FakeContext,
  resolve: (key: string) => unknown = () => undefined,
): Json {
  const result: Json = {};
  const unknownOf = (key: string): unknown => (unknown === true ? true : unknown?.[key]);
  for (const [key, attribute] of Object.entries(block.attributes ?? {})) {
    const resolved = unknownOf(key) === true ? resolve(key) : undefined;
    result[key] = attribute.write_only
      ? null
      : resolved !== undefined
      ? resolved
      : fillValue(key, attribute.type, values?.[key], unknownOf(key), at);
  }
  for (const [key, nested] of Object.entries(block.block_types ?? {})) {
    const value = values?.[key];
    const unknownValue = unknownOf(key);
    if (nested.nesting_mode === 'single' || nested.nesting_mode === 'group') {
      result[key] =
        unknownValue === true || value === null || value === undefined
          ? null
          : fillBlock(nested.block, value, unknownValue as Json, at);
    } else if (nested.nesting_mode === 'map') {
      result[key] =
        unknownValue === true || !value
          ? {}
          : Object.fromEntries(
              Object.entries(value as Json).map(([name, item]) => [
                name,
                fillBlock(nested.block, item, (unknownValue as Json)?.[name], at),
              ]),
            );
    } else {
      result[key] =
        unknownValue === true || !Array.isArray(value)
          ? []
          : value.map((item, index) =>
              fillBlock(nested.block, item, (unknownValue as Json[] | undefined)?.[index], at),
            );
    }
  }
  return result;
}

/** The state `provider` string of a configuration's `provider_config_key` (`aws`, `aws.us_east_1`). */
function stateProvider(configKey: string): string {
  const [name, alias] = configKey.split('.');
  return `provider["registry.terraform.io/hashicorp/${name}"]${alias ? `.${alias}` : ''}`;
}

/** The state's `sensitive_attributes` paths of a plan's `sensitive_values` (true where a value is sensitive). */
export function sensitivePaths(marks: unknown, prefix: Json[] = []): Json[][] {
  if (marks === true) return [prefix];
  if (Array.isArray(marks))
    return marks.flatMap((item, index) =>
      sensitivePaths(item, [...prefix, { type: 'index', value: { value: index, type: 'number' } }]),
    );
  if (marks !== null && typeof marks === 'object')
    return Object.entries(marks).flatMap(([key, item]) =>
      sensitivePaths(item, [...prefix, { type: 'get_attr', value: key }]),
    );
  return [];
}

const BARE_REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;
const REFERENCE = /\b(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)/g;

/**
 * A Terraform state (format 4) holding every managed resource as `plan` (`terraform show -json` of a saved plan of
 * `stack`, the configuration as planned) says it will be after apply, with what AWS would assign filled in
 * (`fakeValue`): an argument that is a bare reference to another resource's attribute takes that attribute's value,
 * as after an apply. Planning the same configuration against it shows what this did not settle (a reference inside
 * a longer expression); `scripts/real-plan.ts` repeats until that plan changes nothing.
 */
export function stateFromPlan(
  plan: Json,
  stack: Json,
  schemas: Record<string, { version?: number; block: SchemaBlock }>,
  serial: number,
): Json {
  const regions = providerRegions(stack);
  const referenced = new Set(
    [...JSON.stringify(stack.resource ?? {}).matchAll(REFERENCE)].map(
      ([, type, name, attribute]) => `${type}.${name}.${attribute}`,
    ),
  );
  const configKeys = new Map<string, string>(
    ((plan.configuration?.root_module?.resources ?? []) as Json[]).map((resource) => [
      resource.address,
      resource.provider_config_key,
    ]),
  );
  const unknowns = new Map<string, Json>(
    ((plan.resource_changes ?? []) as Json[]).map((change) => [change.address, change.change.after_unknown]),
  );
  const planned = new Map<string, Json>(
    ((plan.planned_values?.root_module?.resources ?? []) as Json[])
      .filter((resource) => resource.mode === 'managed')
      .map((resource) => [resource.address, resource]),
  );
  const filled = new Map<string, Json>();
  const inProgress = new Set<string>();
  const fill = (address: string): Json | undefined => {
    const resource = planned.get(address);
    if (!resource || inProgress.has(address)) return undefined;
    if (resource.index !== undefined)
      throw new Error(`${address}: count and for_each instances are not handled (cdktf writes none)`);
    const known = filled.get(address);
    if (known) return known;
    inProgress.add(address);
    const schema = schemas[resource.type];
    if (!schema) throw new Error(`no schema for ${resource.type}`);
    const configKey = configKeys.get(address) ?? 'aws';
    const raw: Json = stack.resource?.[resource.type]?.[resource.name] ?? {};
    const resolveOne = (text: unknown): unknown => {
      const match = typeof text === 'string' ? BARE_REFERENCE.exec(text) : null;
      return match ? fill(`${match[1]}.${match[2]}`)?.[match[3]] : undefined;
    };
    const resolve = (key: string): unknown => {
      const value = raw[key];
      if (!Array.isArray(value)) return resolveOne(value);
      const items = value.map(resolveOne);
      return items.every((item) => item !== undefined) ? items : undefined;
    };
    const at = { type: resource.type, name: resource.name, region: regions.get(configKey) ?? 'us-east-1', referenced };
    const attributes = fillBlock(schema.block, resource.values, unknowns.get(address), at, resolve);
    inProgress.delete(address);
    filled.set(address, attributes);
    return attributes;
  };
  const resources = [...planned.values()].map((resource) => ({
    mode: 'managed',
    type: resource.type,
    name: resource.name,
    provider: stateProvider(configKeys.get(resource.address) ?? 'aws'),
    instances: [
      {
        schema_version: resource.schema_version ?? schemas[resource.type]?.version ?? 0,
        attributes: fill(resource.address),
        sensitive_attributes: sensitivePaths(resource.sensitive_values),
      },
    ],
  }));
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial,
    lineage: 'offline-real-plan',
    outputs: {},
    resources,
  };
}

/** One resource's change in a plan. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  /** `create`, `update`, `delete`, `replace` or `no-op`. */
  readonly action: string;
  /** Arguments whose change forces the replacement (`replace_paths`, top level), for a replace. */
  readonly replacedBy: readonly string[];
  readonly before: Json | null;
  readonly after: Json | null;
}

/** Every resource change of a plan (`terraform show -json`), one action per address. */
export function plannedChanges(plan: Json): PlannedChange[] {
  return ((plan.resource_changes ?? []) as Json[])
    .filter((change) => change.mode === 'managed')
    .map((change) => {
      const actions: string[] = change.change.actions;
      const action = actions.length === 2 ? 'replace' : actions[0] === 'read' ? 'no-op' : actions[0];
      const replacedBy = [
        ...new Set(((change.change.replace_paths ?? []) as unknown[][]).map((path) => String(path[0]))),
      ].sort();
      return {
        address: change.address,
        type: change.type,
        action,
        replacedBy,
        before: change.change.before,
        after: change.change.after,
      };
    });
}

/** A stack planned as a module of a combined root: its offline JSON, and the JSON its prior state was built for. */
export interface CombinedModule {
  /** A Terraform identifier. */
  readonly module: string;
  /** `offlineStack` of the stack. */
  readonly stack: Json;
  /** The offline stack its state belongs to, when that is another configuration (a day-2 change's before). */
  readonly prior?: Json;
}

/** A root configuration planning several stacks, each a module in the directory of the same name. */
export interface Combined {
  readonly root: Json;
  /** Each module's configuration: its stack without its aws provider blocks, which it is passed instead. */
  readonly modules: ReadonlyMap<string, Json>;
  /** Per module, the root provider (`aws.p0`) standing in for each of its own (`aws`, `aws.us_east_1`). */
  readonly providers: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';

/**
 * Several stacks in one root, so one `terraform plan` plans them all: Terraform loads the provider's schema once per
 * plan (about 2.3 s) and once per `show -json` (about 3 s), and starts a provider process per provider configuration
 * in each graph walk (about 0.5 s each). The root holds one aws provider configuration per distinct block (the same
 * region, tags and settings, whatever its alias) and passes it to every module whose own block it replaces, so the
 * six stacks of a 3-region deployment need 3 provider configurations, not 12. The provider behaves as the stack's
 * own block would: the block is the same apart from where it is declared.
 */
export function combinedRoot(modules: readonly CombinedModule[]): Combined {
  const invalid = modules.find(({ module }) => !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(module));
  if (invalid) throw new Error(`module name ${invalid.module} is not a Terraform identifier`);
  const rootAliases = new Map<string, string>();
  const rootBlocks: Json[] = [];
  const rootKey = (block: Json): string => {
    const settings = { ...block, alias: undefined };
    const key = JSON.stringify(settings);
    let alias = rootAliases.get(key);
    if (alias === undefined) {
      alias = `p${rootAliases.size}`;
      rootAliases.set(key, alias);
      rootBlocks.push({ ...settings, alias });
    }
    return `aws.${alias}`;
  };
  const localKey = (block: Json): string => (block.alias ? `aws.${block.alias}` : 'aws');
  const configurations = new Map<string, Json>();
  const providers = new Map<string, Map<string, string>>();
  const calls: Json = {};
  let requiredAws: Json | undefined;
  for (const { module, stack, prior } of modules) {
    const own = (stack.provider?.aws ?? []) as Json[];
    const passed = new Map(own.map((block) => [localKey(block), rootKey(block)]));
    const mapping = new Map(passed);
    for (const block of (prior?.provider?.aws ?? []) as Json[])
      if (!mapping.has(localKey(block))) mapping.set(localKey(block), rootKey(block));
    providers.set(module, mapping);
    const otherProviders = Object.fromEntries(
      Object.entries((stack.provider ?? {}) as Json).filter(([name]) => name !== 'aws'),
    );
    const required = (stack.terraform?.required_providers ?? {}) as Json;
    requiredAws ??= required.aws;
    configurations.set(module, {
      ...stack,
      provider: Object.keys(otherProviders).length > 0 ? otherProviders : undefined,
      terraform: {
        ...stack.terraform,
        required_providers: {
          ...required,
          aws: {
            ...required.aws,
            configuration_aliases: [...passed.keys()].filter((key) => key !== 'aws'),
          },
        },
      },
    });
    calls[module] = { source: `./${module}`, providers: Object.fromEntries(passed) };
  }
  return {
    root: {
      ...(requiredAws ? { terraform: { required_providers: { aws: requiredAws } } } : {}),
      ...(rootBlocks.length > 0 ? { provider: { aws: rootBlocks } } : {}),
      module: calls,
    },
    modules: configurations,
    providers,
  };
}

/**
 * The part of a combined plan (`terraform show -json` of a `combinedRoot` plan) that is `module`'s, as a plan of
 * that stack alone would read: its resources and changes with `module.<name>.` dropped from their addresses, its
 * configuration as the root module's, each provider key the stack's own (`providers`: the module's mapping).
 */
export function modulePlan(plan: Json, module: string, providers: ReadonlyMap<string, string>): Json {
  const call = `module.${module}`;
  const local = (address: string): string =>
    address.startsWith(`${call}.`) ? address.slice(call.length + 1) : address;
  const ownKey = new Map<string, string>();
  for (const [own, root] of providers) if (!ownKey.has(root)) ownKey.set(root, own);
  const child = ((plan.planned_values?.root_module?.child_modules ?? []) as Json[]).find(
    (candidate) => candidate.address === call,
  );
  const configuration = plan.configuration?.root_module?.module_calls?.[module]?.module ?? {};
  return {
    ...plan,
    planned_values: {
      root_module: {
        resources: ((child?.resources ?? []) as Json[]).map((resource) => ({
          ...resource,
          address: local(resource.address),
        })),
      },
    },
    resource_changes: ((plan.resource_changes ?? []) as Json[])
      .filter((change) => change.module_address === call)
      .map(({ module_address: _module, ...change }) => ({ ...change, address: local(change.address) })),
    configuration: {
      root_module: {
        ...configuration,
        resources: ((configuration.resources ?? []) as Json[]).map((resource) => {
          const key = String(resource.provider_config_key);
          return { ...resource, provider_config_key: ownKey.get(key) ?? key.replace(/^[^:]*:/, '') };
        }),
      },
    },
  };
}

/**
 * One state for a `combinedRoot` configuration: each module's state (as `stateFromPlan` builds it for the stack
 * alone) under `module.<name>`, its aws resources on the root providers that stand in for the stack's own.
 */
export function combinedState(states: ReadonlyMap<string, Json>, combined: Pick<Combined, 'providers'>): Json {
  const all = [...states.values()];
  const rootProvider = (module: string, provider: string): string => {
    const match = /^provider\["([^"]+)"\](?:\.(.+))?$/.exec(provider);
    if (!match || match[1] !== AWS_PROVIDER) return `module.${module}.${provider}`;
    const own = match[2] ? `aws.${match[2]}` : 'aws';
    const root = combined.providers.get(module)?.get(own);
    if (!root) throw new Error(`module ${module}: no root provider stands in for ${own}`);
    return `provider["${AWS_PROVIDER}"].${root.slice('aws.'.length)}`;
  };
  return {
    version: 4,
    terraform_version: all[0]?.terraform_version,
    serial: Math.max(1, ...all.map((state) => Number(state.serial ?? 1))),
    lineage: 'offline-real-plan',
    outputs: {},
    resources: [...states].flatMap(([module, state]) =>
      ((state.resources ?? []) as Json[]).map((resource) => ({
        module: `module.${module}`,
        ...resource,
        provider: rootProvider(module, resource.provider),
      })),
    ),
  };
}
