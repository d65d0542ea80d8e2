import { type Patch, configWith, issuesOf } from '../helpers/config';
import { deploymentFor, Template } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SIXTEEN = `/${Array.from({ length: 16 }, (_, n) => `l${n}`).join('/')}`;

const INVALID: ReadonlyArray<[string, Patch, string]> = [
  [
    'a name without a leading slash',
    (i) => {
      i.parameters.items['app/x'] = { value: 'a' };
    },
    'parameters.items.app/x: "app/x" must be a path starting with "/" (e.g. /app/feature/flag)',
  ],
  [
    'a name with a space',
    (i) => {
      i.parameters.items['/app/bad name'] = { value: 'a' };
    },
    'parameters.items./app/bad name: "/app/bad name" has characters AWS does not allow; allowed: letters, digits and _.-/',
  ],
  [
    '16 levels',
    (i) => {
      i.parameters.items[SIXTEEN] = { value: 'a' };
    },
    `parameters.items.${SIXTEEN}: "${SIXTEEN}" has 16 levels; AWS allows at most 15`,
  ],
  [
    'a name starting with aws',
    (i) => {
      i.parameters.items['/AWS/x'] = { value: 'a' };
    },
    'parameters.items./AWS/x: "/AWS/x" starts with "aws" or "ssm", which AWS reserves',
  ],
  [
    'an empty level',
    (i) => {
      i.parameters.items['/app//x'] = { value: 'a' };
    },
    'parameters.items./app//x: "/app//x" has an empty level ("//" or a trailing "/")',
  ],
  [
    'names that collide in Terraform',
    (i) => {
      i.parameters.items['/shop/prod/app/log_level'] = { value: 'a' };
    },
    'parameters.items./shop/prod/app/log_level: "/shop/prod/app/log_level" duplicates "/shop/prod/app/log-level" (parameter names are compared without case and with /.- as _ for Terraform addresses)',
  ],
  [
    'a SecureString with a literal value',
    (i) => {
      i.parameters.items['/shop/prod/integrations/webhook-token'].value = 'hunter2';
    },
    'parameters.items./shop/prod/integrations/webhook-token.value: a SecureString must not have a value in the config; it comes from the ephemeral variable at apply time',
  ],
  [
    'an override for an unconfigured region',
    (i) => {
      i.parameters.items['/shop/prod/app/region-label'].perRegion['ap-south-1'] = 'ap';
    },
    'parameters.items./shop/prod/app/region-label.perRegion.ap-south-1: "ap-south-1" is not a configured region; allowed: us-east-1, us-west-2, eu-west-1',
  ],
  [
    'a name longer than 1011 characters with the ARN before it (longest region name: us-east-1)',
    (i) => {
      i.parameters.items[`/${'n'.repeat(967)}`] = { value: 'a' };
    },
    `parameters.items./${'n'.repeat(967)}: "/${'n'.repeat(
      967,
    )}" is 968 characters; AWS allows at most 967 in us-east-1 (1011 with the ARN before it, arn:aws:ssm:us-east-1:<account>:parameter)`,
  ],
  [
    'a Standard value over 4 KB',
    (i) => {
      i.parameters.items['/app/big'] = { value: 'x'.repeat(4097) };
    },
    'parameters.items./app/big.value: is 4097 bytes; a Standard parameter holds at most 4096',
  ],
];

describe('parameters config', () => {
  it.each(INVALID)('rejects %s', (_name, patch, expected) => {
    expect(issuesOf(patch)).toContain(expected);
  });
});

describe('parameters in every regional stack', () => {
  const config = configWith();
  const deployment = deploymentFor(config);
  const regions = [...deployment.regions.entries()].map(([region, stack]) => ({
    region,
    template: Template.fromStack(stack),
  }));
  const shape = (parameters: Record<string, Json>) =>
    Object.fromEntries(
      Object.entries(parameters).map(([address, p]) => [
        address,
        {
          name: p.name,
          type: p.type,
          tier: p.tier,
          data_type: p.data_type,
          allowed_pattern: p.allowed_pattern,
          value: p.value,
          value_wo_version: p.value_wo_version,
        },
      ]),
    );

  it('declares the same parameters (names, types, tiers, values) in every region, apart from declared overrides', () => {
    const strip = (_region: string, template: Template) => {
      const params = shape(template.resources('aws_ssm_parameter'));
      for (const [name, parameter] of Object.entries(config.parameters.items)) {
        if (Object.keys(parameter.perRegion).length > 0)
          delete params[`parameters_${name.replace(/^\//, '').replace(/[^A-Za-z0-9_]/g, '_')}`].value;
      }
      return params;
    };
    const [first, ...rest] = regions;
    expect(Object.keys(first.template.resources('aws_ssm_parameter'))).toHaveLength(5);
    for (const other of rest) expect(strip(other.region, other.template)).toEqual(strip(first.region, first.template));
  });

  it('applies the explicit per-region override only where declared', () => {
    const labels = Object.fromEntries(
      regions.map(({ region, template }) => [
        region,
        template.resource('aws_ssm_parameter', 'parameters_shop_prod_app_region_label').value,
      ]),
    );
    expect(labels).toEqual({ 'us-east-1': 'us', 'us-west-2': 'us', 'eu-west-1': 'eu' });
  });

  it("writes a SecureString only through value_wo with the region's key and the configured version", () => {
    for (const { template } of regions) {
      const secure = template.resource('aws_ssm_parameter', 'parameters_shop_prod_integrations_webhook_token');
      expect(secure).toMatchObject({
        type: 'SecureString',
        key_id: '${data.aws_kms_key.kms_key.arn}',
        value_wo: '${var.parameter_shop_prod_integrations_webhook_token_value}',
      });
      expect(secure.value).toBeUndefined();
      expect(secure.insecure_value).toBeUndefined();
      expect(secure.provider).toBeUndefined();
      expect(template.json.variable.parameter_shop_prod_integrations_webhook_token_value).toMatchObject({
        ephemeral: true,
        sensitive: true,
      });
    }
  });

  it('accepts the longest name AWS allows in its longest region', () => {
    expect(
      issuesOf((i) => {
        i.parameters.items[`/${'n'.repeat(966)}`] = { value: 'a' };
      }),
    ).toEqual([]);
  });

  // The provider sends value_wo only when value_wo_version changes, and PutParameter with Value="" on any other
  // update of a SecureString, which SSM refuses: a metadata edit must change value_wo_version.
  it.each([
    [
      'description',
      (p: Json) => {
        p.description = 'Rotated token';
      },
    ],
    [
      'tier',
      (p: Json) => {
        p.tier = 'Advanced';
      },
    ],
    [
      'allowedPattern',
      (p: Json) => {
        p.allowedPattern = '^[a-z]+$';
      },
    ],
    [
      'version',
      (p: Json) => {
        p.version = 2;
      },
    ],
  ])('a SecureString %s edit changes value_wo_version, so the value is written with it', (_field, edit) => {
    const versionOf = (patch: (p: Json) => void) =>
      Template.fromStack(
        deploymentFor(
          configWith((i) => patch(i.parameters!.items!['/shop/prod/integrations/webhook-token'] as Json)),
        ).regions.get('eu-west-1')!,
      ).resource('aws_ssm_parameter', 'parameters_shop_prod_integrations_webhook_token').value_wo_version as number;
    const before = versionOf(() => undefined);
    expect(versionOf(edit)).not.toBe(before);
    expect(Number.isSafeInteger(before)).toBe(true);
  });

  it('joins a StringList with commas', () => {
    expect(regions[0].template.resource('aws_ssm_parameter', 'parameters_shop_prod_app_allowed_origins').value).toBe(
      'https://shop.example.com,https://www.shop.example.com',
    );
  });
});
