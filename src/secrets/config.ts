import { z } from 'zod';
import { shown } from '../base/primitives';
import { requirePinnedGlobalRegion, type BaseParsed } from '../base/config';
import { regionalArn } from '../base/partition';

/**
 * Secret names: 1-512 characters, letters, digits and /_+=.@- (Secrets Manager API Reference, CreateSecret `Name`).
 * We prefix `<name>-<environment>/`, so the configured part is kept to 400.
 */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,400}$/;

/**
 * Rotation schedules (Secrets Manager User Guide, "Rotation schedule expressions",
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html): `rate(<N> hours|days)`
 * between every four hours and every 1000 days, or `cron()` with six fields (minutes hours day-of-month month
 * day-of-week year), one of day-of-month and day-of-week being `?`.
 */
export function rotationScheduleError(schedule: string): string | undefined {
  const rate = /^rate\((\d+) (hour|hours|day|days)\)$/.exec(schedule);
  if (rate) {
    const n = Number(rate[1]);
    const hours = rate[2].startsWith('hour') ? n : n * 24;
    if (hours < 4) return `${shown(schedule)} rotates more often than Secrets Manager allows: at least every 4 hours`;
    if (hours > 1000 * 24) return `${shown(schedule)} is longer than Secrets Manager allows: at most 1000 days`;
    return undefined;
  }
  const cron = /^cron\((.+)\)$/.exec(schedule);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6)
      return `${shown(schedule)} has ${
        fields.length
      } fields; a Secrets Manager cron() takes 6 (minutes hours day-of-month month day-of-week year)`;
    if (fields[2] !== '?' && fields[4] !== '?')
      return `${shown(schedule)} sets both day-of-month and day-of-week; one of them must be "?"`;
    return undefined;
  }
  return `${shown(
    schedule,
  )} is not a rotation schedule; allowed: rate(<N> hours|days) between 4 hours and 1000 days, or cron(<6 fields>)`;
}

const Rotation = z.strictObject({
  lambdaArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/, {
      error: (i) =>
        `${shown(i.input)} is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`,
    })
    .describe(
      "The rotation function; it must live in globalRegion (the primary secret's region, where Secrets Manager invokes it).",
    ),
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/, {
      error: (i) => `${shown(i.input)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    })
    .optional()
    .describe(
      "The rotation function's execution role: admitted to GetSecretValue by the resource policy (it reads AWSCURRENT and AWSPENDING). Default: none (then list it in allowedPrincipals yourself)",
    ),
  schedule: z
    .string()
    .superRefine((value, ctx) => {
      const error = rotationScheduleError(value);
      if (error) ctx.addIssue({ code: 'custom', message: error });
    })
    .describe('rate(<N> hours|days), 4 hours to 1000 days, or cron(<6 fields>).'),
});

const SecretInput = z.strictObject({
  name: z
    .string()
    .regex(SECRET_NAME, {
      error: (i) => `${shown(i.input)} must be 1-400 letters, digits or /_+=.@- (Secrets Manager secret names)`,
    })
    .describe(
      'Name under `<name>-<environment>/`; the same in every region. Applications read it by name in their own region.',
    ),
  description: z
    .string()
    .max(2048, { error: () => 'is longer than the 2048 characters Secrets Manager allows' })
    .optional(),
  source: z
    .enum(['input', 'generated'], {
      error: (i) => `${shown(i.input)} is not a value source; allowed: input, generated`,
    })
    .default('input')
    .describe(
      '`input`: supplied at apply time in the ephemeral variable `secret_<id>_value`. `generated`: no value from Terraform; the rotation function sets the first one (rotation is then required). Default: input',
    ),
  version: z
    .number()
    .int()
    .min(1, { error: (i) => `${shown(i.input)} must be a positive integer` })
    .default(1)
    .describe('secret_string_wo_version: bump it to write a new value from the variable. Default: 1'),
  recoveryWindowDays: z
    .number()
    .int()
    .refine((v) => v === 0 || (v >= 7 && v <= 30), {
      error: (i) => `${shown(i.input)} is not a recovery window; allowed: 0 (delete at once) or 7 to 30 days`,
    })
    .default(30)
    .describe(
      'Days a deleted secret stays recoverable: 0 or 7-30 (Secrets Manager DeleteSecret). 0 also needs `deleteWithoutRecovery: true` when the secret is replicated. Default: 30',
    ),
  deleteWithoutRecovery: z
    .boolean()
    .default(false)
    .describe(
      'Acknowledges `recoveryWindowDays: 0` on a replicated secret: a rename or a removal then deletes it and every replica for good. Default: false',
    ),
  rotation: Rotation.optional(),
});

export const SecretsSchema = z.strictObject({
  allowedPrincipals: z
    .array(
      z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:[A-Za-z0-9+=,.@_/*:-]+$/, {
        error: (i) => `${shown(i.input)} is not an IAM principal ARN`,
      }),
    )
    .default([])
    .describe(
      "Principals (roles, users; wildcards allowed) that may read the secrets. Everyone else is denied by the resource policy. Include the role that runs Terraform (the provider reads secret versions) and any rotation function's role. Empty: only the account-boundary deny applies. Default: []",
    ),
  forceOverwriteReplicaSecret: z
    .boolean()
    .default(false)
    .describe(
      'force_overwrite_replica_secret on every secret: replication overwrites a same-named secret already in a replica region (the old primaries after a promotion and a globalRegion move; runbooks/secrets.md). Default: false',
    ),
  items: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, {
        error: () =>
          'must be 1-40 lowercase letters, digits or underscores, starting with a letter (it is part of Terraform addresses and the variable secret_<id>_value)',
      }),
      SecretInput,
    )
    .default({})
    .describe(
      'Application secrets by id (lowercase, digits, underscores; part of Terraform addresses and the variable `secret_<id>_value`).',
    ),
});

export type SecretsConfig = z.output<typeof SecretsSchema>;
export type SecretConfig = SecretsConfig['items'][string];

/** The secret's name in every region: `<name>-<environment>/<secrets.items.<id>.name>` (`names.prefix`). */
export const secretName = (prefix: string, secret: Pick<SecretConfig, 'name'>): string => `${prefix}/${secret.name}`;

/**
 * The ARN pattern of a secret's copy in `region`: Secrets Manager appends a dash and six random characters to the
 * name (Secrets Manager User Guide, "Permissions policy examples", wildcard `-??????`).
 */
export const secretArnPattern = (region: string, account: string, name: string): string =>
  regionalArn('secretsmanager', region, account, `secret:${name}-??????`);

export function validateSecrets(config: BaseParsed & { readonly secrets: SecretsConfig }, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  const globalRegion = config.globalRegion ?? config.primaryRegion;
  const replicas = [config.primaryRegion, ...config.secondaryRegions].filter((region) => region !== globalRegion);
  const replicated = replicas.length > 0;
  for (const [id, secret] of Object.entries(config.secrets.items)) {
    const other = seen.get(secret.name);
    if (other !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['secrets', 'items', id, 'name'],
        message: `${shown(secret.name)} is already the name of secret ${shown(other)}; secret names must be unique`,
      });
    }
    seen.set(secret.name, id);
    if (secret.source === 'generated' && !secret.rotation) {
      ctx.addIssue({
        code: 'custom',
        path: ['secrets', 'items', id, 'rotation'],
        message: 'is required when source is "generated": the rotation function writes the first value',
      });
    }
    // Secrets Manager invokes the rotation function of the primary, which lives in globalRegion.
    const lambdaRegion = secret.rotation?.lambdaArn.split(':')[3];
    if (lambdaRegion !== undefined && lambdaRegion !== globalRegion) {
      ctx.addIssue({
        code: 'custom',
        path: ['secrets', 'items', id, 'rotation', 'lambdaArn'],
        message: `${shown(
          secret.rotation!.lambdaArn,
        )} is in ${lambdaRegion}; the rotation function must be in globalRegion ${shown(
          globalRegion,
        )}, where the primary secret is rotated`,
      });
    }
    if (secret.recoveryWindowDays === 0 && replicated && !secret.deleteWithoutRecovery) {
      ctx.addIssue({
        code: 'custom',
        path: ['secrets', 'items', id, 'recoveryWindowDays'],
        message: `0 deletes this secret and its replicas in ${replicas.join(
          ', ',
        )} at once, with no recovery, on a rename or a removal; set deleteWithoutRecovery: true to ask for it, or 7 to 30 days`,
      });
    }
  }
  if (Object.keys(config.secrets.items).length > 0)
    requirePinnedGlobalRegion(config, ctx, 'every application secret (secrets.items)');
}
