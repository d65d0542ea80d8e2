import { createHash } from 'node:crypto';
import { z } from 'zod';
import { shown } from '../base/primitives';
import type { BaseParsed } from '../base/config';
import { regionalArn } from '../base/partition';

/**
 * Parameter names (Systems Manager User Guide, "Requirements and constraints for parameter names",
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html#sysman-parameter-name-constraints):
 * letters, digits and `_.-/` only (case-sensitive); a hierarchy of at most 15 levels; no prefix `aws` or `ssm`
 * (case-insensitive, also after a leading `/`); at most 1011 characters, a limit that "includes the characters in the
 * ARN that precede the name you specify", `arn:aws:ssm:<region>:<account>:parameter` (same page).
 */
export const PARAMETER_MAX_LEVELS = 15;
export const PARAMETER_ARN_MAX = 1011;
/** Characters the ARN puts before the name in `region`: `arn:aws:ssm:<region>:<12-digit account>:parameter`. */
const arnPrefixLength = (region: string): number => regionalArn('ssm', region, '123456789012', 'parameter').length;
/** Value size per tier (same guide, "Managing parameter tiers"): Standard 4 KB, Advanced 8 KB. */
export const PARAMETER_VALUE_MAX: Record<string, number> = {
  Standard: 4096,
  Advanced: 8192,
  'Intelligent-Tiering': 8192,
};

/** What is wrong with parameter `name` created in each of `regions` (the longest region name bounds its length). */
export function parameterNameError(name: string, regions: readonly string[]): string | undefined {
  if (!name.startsWith('/')) return `${shown(name)} must be a path starting with "/" (e.g. /app/feature/flag)`;
  const longest = [...regions].sort((a, b) => b.length - a.length)[0];
  const max = PARAMETER_ARN_MAX - arnPrefixLength(longest);
  if (name.length > max)
    return `${shown(name)} is ${
      name.length
    } characters; AWS allows at most ${max} in ${longest} (1011 with the ARN before it, arn:aws:ssm:${longest}:<account>:parameter)`;
  if (!/^[A-Za-z0-9_.\-/]+$/.test(name))
    return `${shown(name)} has characters AWS does not allow; allowed: letters, digits and _.-/`;
  const levels = name.split('/').slice(1);
  if (levels.some((level) => level === '')) return `${shown(name)} has an empty level ("//" or a trailing "/")`;
  if (levels.length > PARAMETER_MAX_LEVELS)
    return `${shown(name)} has ${levels.length} levels; AWS allows at most ${PARAMETER_MAX_LEVELS}`;
  if (/^(aws|ssm)/i.test(levels[0])) return `${shown(name)} starts with "aws" or "ssm", which AWS reserves`;
  return undefined;
}

const Value = z.union([z.string(), z.array(z.string())]);

const ParameterInput = z.strictObject({
  type: z
    .enum(['String', 'StringList', 'SecureString'], {
      error: (i) => `${shown(i.input)} is not a parameter type; allowed: String, StringList, SecureString`,
    })
    .default('String'),
  value: Value.optional().describe(
    'String or StringList only (a list is joined with commas). A SecureString takes its value from the ephemeral variable `parameter_<id>_value`, never from the config.',
  ),
  version: z
    .number()
    .int()
    .min(1)
    .max(9_000_000_000)
    .default(1)
    .describe(
      'SecureString only: bump to write a new value. value_wo_version is version × 1,000,000 plus a hash of description, tier, allowedPattern and dataType, so editing those writes the value again too: supply it (TF_VAR_parameter_<id>_value) with any such edit. Default: 1',
    ),
  description: z.string().max(1024).optional(),
  tier: z
    .enum(['Standard', 'Advanced', 'Intelligent-Tiering'], {
      error: (i) => `${shown(i.input)} is not a parameter tier; allowed: Standard, Advanced, Intelligent-Tiering`,
    })
    .default('Standard'),
  allowedPattern: z.string().max(1024).optional(),
  dataType: z
    .enum(['text', 'aws:ec2:image', 'aws:ssm:integration'], {
      error: (i) => `${shown(i.input)} is not a parameter data type; allowed: text, aws:ec2:image, aws:ssm:integration`,
    })
    .default('text'),
  perRegion: z
    .record(z.string(), Value)
    .default({})
    .describe('Explicit per-region values (String and StringList only). Every other region gets `value`.'),
});

export const ParametersSchema = z.strictObject({
  items: z
    .record(z.string(), ParameterInput)
    .default({})
    .describe('Parameters by full name (`/app/...`), created identically in every region.'),
});

export type ParametersConfig = z.output<typeof ParametersSchema>;
export type ParameterConfig = ParametersConfig['items'][string];

/** A parameter's ARN in `region` (its name starts with "/", which the ARN keeps after `parameter`). */
export const parameterArn = (region: string, account: string, name: string): string =>
  regionalArn('ssm', region, account, `parameter${name}`);

/** Terraform-safe id of a parameter name: `/shop/db/url` -> `shop_db_url`. */
export const parameterId = (name: string): string => name.replace(/^\//, '').replace(/[^A-Za-z0-9_]/g, '_');

const joined = (value: string | readonly string[]): string => (typeof value === 'string' ? value : value.join(','));

/** The (non-secret) value of `parameter` in `region`, or undefined for a SecureString. */
export function parameterValue(parameter: ParameterConfig, region: string): string | undefined {
  if (parameter.type === 'SecureString') return undefined;
  const value = parameter.perRegion[region] ?? parameter.value;
  return value === undefined ? undefined : joined(value);
}

/**
 * `value_wo_version` of a SecureString: the configured `version` with a hash of the metadata folded in. The provider
 * sends PutParameter with the value only when value_wo_version changes, and with `Value=""` on any other update,
 * which SSM refuses (hashicorp/terraform-provider-aws internal/service/ssm/parameter.go, resourceParameterUpdate:
 * `value_wo` is read only `if d.HasChanges("value_wo_version")`); so a metadata edit must count as a new version
 * (and then needs the value supplied again). `key_id` is left out: it is the region's key by alias, which never moves.
 */
export function secureStringWriteVersion(parameter: ParameterConfig): number {
  const metadata = JSON.stringify([
    parameter.description ?? null,
    parameter.tier,
    parameter.allowedPattern ?? null,
    parameter.dataType,
  ]);
  const hash = Number.parseInt(createHash('sha256').update(metadata).digest('hex').slice(0, 8), 16) % 1_000_000;
  return parameter.version * 1_000_000 + hash;
}

export function validateParameters(
  config: BaseParsed & { readonly parameters: ParametersConfig },
  ctx: z.RefinementCtx,
): void {
  const deployed: string[] = [config.primaryRegion, ...config.secondaryRegions];
  const ids = new Map<string, string>();
  for (const [name, parameter] of Object.entries(config.parameters.items)) {
    const issue = (path: PropertyKey[], message: string) =>
      ctx.addIssue({ code: 'custom', path: ['parameters', 'items', name, ...path], message });
    const nameError = parameterNameError(name, deployed);
    if (nameError) issue([], nameError);
    const id = parameterId(name);
    const clash = ids.get(id.toLowerCase());
    if (clash !== undefined)
      issue(
        [],
        `${shown(name)} duplicates ${shown(
          clash,
        )} (parameter names are compared without case and with /.- as _ for Terraform addresses)`,
      );
    ids.set(id.toLowerCase(), name);
    if (parameter.type === 'SecureString') {
      if (parameter.value !== undefined)
        issue(
          ['value'],
          'a SecureString must not have a value in the config; it comes from the ephemeral variable at apply time',
        );
      if (Object.keys(parameter.perRegion).length > 0)
        issue(['perRegion'], 'a SecureString takes no per-region values');
      if (parameter.dataType !== 'text')
        issue(['dataType'], `${shown(parameter.dataType)} is not allowed for a SecureString; allowed: text`);
    } else {
      if (parameter.value === undefined) issue(['value'], `is required for a ${parameter.type}`);
      if (parameter.type === 'String' && Array.isArray(parameter.value))
        issue(['value'], 'is a list; use type StringList');
    }
    for (const [region, value] of Object.entries(parameter.perRegion)) {
      if (!deployed.includes(region))
        issue(['perRegion', region], `${shown(region)} is not a configured region; allowed: ${deployed.join(', ')}`);
      const size = Buffer.byteLength(joined(value));
      if (size > PARAMETER_VALUE_MAX[parameter.tier])
        issue(
          ['perRegion', region],
          `is ${size} bytes; a ${parameter.tier} parameter holds at most ${PARAMETER_VALUE_MAX[parameter.tier]}`,
        );
    }
    if (parameter.value !== undefined) {
      const size = Buffer.byteLength(joined(parameter.value));
      if (size > PARAMETER_VALUE_MAX[parameter.tier])
        issue(
          ['value'],
          `is ${size} bytes; a ${parameter.tier} parameter holds at most ${PARAMETER_VALUE_MAX[parameter.tier]}`,
        );
    }
  }
}
