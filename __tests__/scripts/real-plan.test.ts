import {
  combinedRoot,
  combinedState,
  modulePlan,
  offlineStack,
  plannedChanges,
  stateFromPlan,
  type SchemaBlock,
} from '../../scripts/lib/real-plan';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const stack: Json = {
  terraform: { backend: { s3: { bucket: 'b' } }, required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
  provider: {
    aws: [
      { alias: 'us_east_1', region: 'us-east-1' },
      { alias: 'eu_west_1', region: 'eu-west-1' },
    ],
  },
  data: {
    aws_kms_key: {
      key: { key_id: 'alias/k', provider: 'aws.us_east_1' },
      'key_eu-west-1': { key_id: 'alias/k', provider: 'aws.eu_west_1' },
    },
    aws_caller_identity: { account: { provider: 'aws.us_east_1' } },
  },
  resource: {
    aws_s3_bucket: {
      b: { provider: 'aws.eu_west_1', bucket: 'arn:aws:s3:::x-${data.aws_caller_identity.account.account_id}' },
    },
    aws_s3_bucket_server_side_encryption_configuration: {
      e: {
        provider: 'aws.eu_west_1',
        bucket: '${aws_s3_bucket.b.id}',
        kms: '${data.aws_kms_key.key_eu-west-1.arn}',
        other: '${jsonencode({k = data.aws_kms_key.key.arn})}',
      },
    },
  },
};

describe('offlineStack', () => {
  const offline = offlineStack(stack);

  it("replaces each data source by a local in its provider's region, and every reference to it", () => {
    expect(offline.data).toBeUndefined();
    expect(offline.locals['offline_data_aws_kms_key_key_eu-west-1'].arn).toMatch(
      /^arn:aws:kms:eu-west-1:123456789012:key\//,
    );
    expect(offline.locals.offline_data_aws_kms_key_key.arn).toMatch(/^arn:aws:kms:us-east-1:/);
    const encryption = offline.resource.aws_s3_bucket_server_side_encryption_configuration.e;
    // The longer name is not read as the shorter one followed by "_eu-west-1".
    expect(encryption.kms).toBe('${local.offline_data_aws_kms_key_key_eu-west-1.arn}');
    expect(encryption.other).toBe('${jsonencode({k = local.offline_data_aws_kms_key_key.arn})}');
    expect(offline.resource.aws_s3_bucket.b.bucket).toBe(
      'arn:aws:s3:::x-${local.offline_data_aws_caller_identity_account.account_id}',
    );
  });

  it('drops the backend and keeps every provider off the network', () => {
    expect(offline.terraform).toEqual({ required_providers: stack.terraform.required_providers });
    for (const block of offline.provider.aws)
      expect(block).toMatchObject({
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: 'true',
      });
  });

  it('names a data source it has no value for', () => {
    expect(() => offlineStack({ ...stack, data: { aws_vpc: { main: { provider: 'aws.us_east_1' } } } })).toThrow(
      'no offline value for data source aws_vpc.main',
    );
  });
});

describe('stateFromPlan', () => {
  const schemas: Record<string, { block: SchemaBlock }> = {
    aws_security_group: {
      block: {
        attributes: {
          id: { type: 'string' },
          arn: { type: 'string' },
          owner_id: { type: 'string' },
          name: { type: 'string' },
        },
      },
    },
    aws_vpc_security_group_ingress_rule: {
      block: {
        attributes: { id: { type: 'string' }, security_group_id: { type: 'string' }, description: { type: 'string' } },
      },
    },
    aws_ssm_parameter: {
      block: {
        attributes: {
          id: { type: 'string' },
          value: { type: 'string' },
          value_wo: { type: 'string', write_only: true },
          value_wo_version: { type: 'number' },
        },
      },
    },
  };
  const config = {
    provider: { aws: [{ region: 'eu-west-1' }] },
    resource: {
      aws_security_group: { sg: { name: 'x' } },
      aws_vpc_security_group_ingress_rule: {
        rule: { security_group_id: '${aws_security_group.sg.id}', description: 'to ${aws_security_group.sg.name}' },
      },
      aws_ssm_parameter: { p: { value_wo: '${var.v}', value_wo_version: 3 } },
    },
  };
  const planned = (type: string, name: string, values: Json) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    schema_version: 0,
    values,
    sensitive_values: type === 'aws_ssm_parameter' ? { value: true } : {},
  });
  const plan = {
    terraform_version: '1.11.4',
    configuration: { root_module: { resources: [] } },
    planned_values: {
      root_module: {
        resources: [
          planned('aws_security_group', 'sg', { name: 'x' }),
          planned('aws_vpc_security_group_ingress_rule', 'rule', { description: 'to x' }),
          planned('aws_ssm_parameter', 'p', { value_wo: null, value_wo_version: 3 }),
        ],
      },
    },
    resource_changes: [
      { address: 'aws_security_group.sg', change: { after_unknown: { id: true, arn: true, owner_id: true } } },
      {
        address: 'aws_vpc_security_group_ingress_rule.rule',
        change: { after_unknown: { id: true, security_group_id: true } },
      },
      { address: 'aws_ssm_parameter.p', change: { after_unknown: { id: true, value: true } } },
    ],
  };
  const state = stateFromPlan(plan, config, schemas, 1);
  const attributes = (type: string) =>
    state.resources.find((resource: Json) => resource.type === type).instances[0].attributes;

  it("gives an argument that is a bare reference the referenced attribute's value, as an apply would", () => {
    const group = attributes('aws_security_group');
    expect(group.id).toMatch(/^sg-0[0-9a-f]{16}$/);
    expect(attributes('aws_vpc_security_group_ingress_rule').security_group_id).toBe(group.id);
  });

  it("fakes ARNs in the provider's region, leaves what nothing references empty, and stores no write-only value", () => {
    const group = attributes('aws_security_group');
    expect(group.arn).toBe('arn:aws:security:eu-west-1:123456789012:security_group/sg');
    expect(group.owner_id).toBe('');
    expect(attributes('aws_ssm_parameter')).toMatchObject({ value_wo: null, value_wo_version: 3 });
    expect(
      state.resources.find((resource: Json) => resource.type === 'aws_ssm_parameter').instances[0].sensitive_attributes,
    ).toEqual([[{ type: 'get_attr', value: 'value' }]]);
  });
});

describe('plannedChanges', () => {
  it('reads a replacement and the arguments that force it', () => {
    const changes = plannedChanges({
      resource_changes: [
        {
          address: 'aws_secretsmanager_secret.s',
          mode: 'managed',
          type: 'aws_secretsmanager_secret',
          change: { actions: ['delete', 'create'], replace_paths: [['name'], ['name_prefix']], before: {}, after: {} },
        },
        {
          address: 'aws_kms_key.k',
          mode: 'managed',
          type: 'aws_kms_key',
          change: { actions: ['no-op'], before: {}, after: {} },
        },
      ],
    });
    expect(changes.map(({ address, action, replacedBy }) => ({ address, action, replacedBy }))).toEqual([
      { address: 'aws_secretsmanager_secret.s', action: 'replace', replacedBy: ['name', 'name_prefix'] },
      { address: 'aws_kms_key.k', action: 'no-op', replacedBy: [] },
    ]);
  });
});

describe('plans of several stacks in one root', () => {
  const tags = { default_tags: [{ tags: { Project: 'shop' } }] };
  const global = {
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
    provider: {
      aws: [
        { alias: 'us_east_1', region: 'us-east-1', ...tags },
        { alias: 'eu_west_1', region: 'eu-west-1', ...tags },
      ],
    },
    resource: { aws_kms_key: { a_key: { provider: 'aws.eu_west_1' } } },
  };
  const regional = (region: string, extra: Json = {}) => ({
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
    provider: { aws: [{ region, ...tags, ...extra }] },
    resource: { aws_kms_key: { b_key: {} } },
  });
  const combined = combinedRoot([
    { module: 'base__global', stack: global },
    { module: 'flip__region-eu-west-1', stack: regional('eu-west-1'), prior: regional('eu-west-1') },
    { module: 'base__region-us-east-1', stack: regional('us-east-1', { default_tags: [{ tags: { Project: 'x' } }] }) },
  ]);

  it('declares one root provider per distinct block and passes it to each stack in place of its own', () => {
    expect(combined.root.provider.aws).toEqual([
      { alias: 'p0', region: 'us-east-1', ...tags },
      { alias: 'p1', region: 'eu-west-1', ...tags },
      // The same region with other tags is another configuration.
      { alias: 'p2', region: 'us-east-1', default_tags: [{ tags: { Project: 'x' } }] },
    ]);
    expect(combined.root.module).toEqual({
      base__global: { source: './base__global', providers: { 'aws.us_east_1': 'aws.p0', 'aws.eu_west_1': 'aws.p1' } },
      'flip__region-eu-west-1': { source: './flip__region-eu-west-1', providers: { aws: 'aws.p1' } },
      'base__region-us-east-1': { source: './base__region-us-east-1', providers: { aws: 'aws.p2' } },
    });
    const module = combined.modules.get('base__global')!;
    expect(module.provider).toBeUndefined();
    expect(module.terraform.required_providers.aws.configuration_aliases).toEqual(['aws.us_east_1', 'aws.eu_west_1']);
    expect(module.resource).toEqual(global.resource);
  });

  it('refuses a module name Terraform would not read', () => {
    expect(() => combinedRoot([{ module: 'base.global', stack: global }])).toThrow(
      'module name base.global is not a Terraform identifier',
    );
  });

  const change = (module: string, name: string) => ({
    address: `module.${module}.aws_kms_key.${name}`,
    module_address: `module.${module}`,
    mode: 'managed',
    type: 'aws_kms_key',
    name,
    change: { actions: ['create'], after_unknown: { arn: true } },
  });
  const plan = {
    terraform_version: '1.11.4',
    planned_values: {
      root_module: {
        child_modules: [
          {
            address: 'module.base__global',
            resources: [{ address: 'module.base__global.aws_kms_key.a_key', mode: 'managed', type: 'aws_kms_key' }],
          },
          {
            address: 'module.flip__region-eu-west-1',
            resources: [
              { address: 'module.flip__region-eu-west-1.aws_kms_key.b_key', mode: 'managed', type: 'aws_kms_key' },
            ],
          },
        ],
      },
    },
    resource_changes: [change('base__global', 'a_key'), change('flip__region-eu-west-1', 'b_key')],
    configuration: {
      root_module: {
        module_calls: {
          base__global: { module: { resources: [{ address: 'aws_kms_key.a_key', provider_config_key: 'aws.p1' }] } },
          'flip__region-eu-west-1': {
            module: { resources: [{ address: 'aws_kms_key.b_key', provider_config_key: 'aws.p1' }] },
          },
        },
      },
    },
  };

  it("reads a module's part of the combined plan as the plan of its stack alone, on the stack's own providers", () => {
    const alone = modulePlan(plan, 'base__global', combined.providers.get('base__global')!);
    expect(alone.planned_values.root_module.resources.map((resource: Json) => resource.address)).toEqual([
      'aws_kms_key.a_key',
    ]);
    expect(alone.resource_changes).toEqual([
      {
        address: 'aws_kms_key.a_key',
        mode: 'managed',
        type: 'aws_kms_key',
        name: 'a_key',
        change: change('base__global', 'a_key').change,
      },
    ]);
    expect(alone.configuration.root_module.resources).toEqual([
      { address: 'aws_kms_key.a_key', provider_config_key: 'aws.eu_west_1' },
    ]);
    const regionalAlone = modulePlan(plan, 'flip__region-eu-west-1', combined.providers.get('flip__region-eu-west-1')!);
    expect(plannedChanges(regionalAlone).map((planned) => planned.address)).toEqual(['aws_kms_key.b_key']);
    expect(regionalAlone.configuration.root_module.resources[0].provider_config_key).toBe('aws');
  });

  it("puts each stack's state under its module, on the root providers standing in for the stack's own", () => {
    const state = (serial: number, provider: string) => ({
      version: 4,
      terraform_version: '1.11.4',
      serial,
      resources: [{ mode: 'managed', type: 'aws_kms_key', name: 'k', provider, instances: [] }],
    });
    const merged = combinedState(
      new Map([
        ['base__global', state(2, 'provider["registry.terraform.io/hashicorp/aws"].eu_west_1')],
        ['flip__region-eu-west-1', state(3, 'provider["registry.terraform.io/hashicorp/aws"]')],
      ]),
      combined,
    );
    expect(merged.serial).toBe(3);
    expect(merged.resources.map((resource: Json) => [resource.module, resource.provider])).toEqual([
      ['module.base__global', 'provider["registry.terraform.io/hashicorp/aws"].p1'],
      ['module.flip__region-eu-west-1', 'provider["registry.terraform.io/hashicorp/aws"].p1'],
    ]);
    expect(() =>
      combinedState(
        new Map([['base__global', state(1, 'provider["registry.terraform.io/hashicorp/aws"].ap_south_1')]]),
        combined,
      ),
    ).toThrow('module base__global: no root provider stands in for aws.ap_south_1');
  });
});
