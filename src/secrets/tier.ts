import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { defineTier } from '../tiers/tier';
import { secretsTopology } from './topology';
import { accountId } from '../iam/account';
import { SECRETS_RULES } from '../policy/rules/secrets';
import { SecretsSchema, secretArnPattern, secretName, validateSecrets } from './config';
import { replicatedSecrets } from './runbook';
import { ReplicatedSecret } from '../secretsmanager/replicated-secret';
import { ephemeralInput } from '../inputs/ephemeral-input';
import { secretsRunbook, secretsRunbookSteps } from './runbook';

/** `var.secret_<id>_value`: ephemeral, so it reaches only `secret_string_wo`. */
export function secretValueVariable(scope: Construct, id: string): string {
  return ephemeralInput(
    scope,
    `secret_${id}_value`,
    `Value of secret ${id}: only when creating it or writing a new secrets.items.${id}.version.`,
  );
}

/**
 * Application secrets: each created once in the global stack (globalRegion) with a replica in every data region,
 * written only through write-only arguments, guarded by a resource policy, rotated on the primary only.
 */
export const secretsTier = defineTier({
  name: 'secrets',
  sections: { secrets: SecretsSchema },
  validate: validateSecrets,
  global: ({ scope, config, names, provider, key, grants }) => {
    const home = provider(config.globalRegion);
    for (const [id, item] of Object.entries(config.secrets.items)) {
      const name = secretName(names.prefix, item);
      let value: { expression: string; version: number } | undefined;
      if (item.source === 'input') {
        const variable = secretValueVariable(scope, id);
        value = { expression: `\${${variable}}`, version: item.version };
      }
      const secret = new ReplicatedSecret(scope, `secrets_${id}`, {
        provider: home,
        name,
        description: item.description,
        key,
        recoveryWindowInDays: item.recoveryWindowDays,
        forceOverwriteReplicaSecret: config.secrets.forceOverwriteReplicaSecret,
        value,
        policy: {
          account: accountId(scope),
          // Principals other tiers had admitted (`Tier.grants`) join a non-empty list (an empty one denies nobody).
          readers:
            config.secrets.allowedPrincipals.length === 0
              ? []
              : [
                  ...config.secrets.allowedPrincipals,
                  // The rotation function reads AWSCURRENT and AWSPENDING of the secret it rotates.
                  ...(item.rotation?.roleArn ? [item.rotation.roleArn] : []),
                  ...grants
                    .filter((grant) => grant.tier === 'secrets' && grant.resource === id)
                    .map((grant) => grant.principalArn),
                ],
        },
        rotation: item.rotation,
      });
      const address = `aws_secretsmanager_secret.${secret.secret.friendlyUniqueId}`;
      new TerraformOutput(scope, `secrets_${id}_arns`, {
        description: `ARN of secret ${name} per region. Applications read it by name in their own region (the replica), never the primary's ARN.`,
        // A replica keeps the primary's name and random suffix; only the region in the ARN differs (the provider's
        // replica block has no arn attribute).
        value: `\${merge({${JSON.stringify(
          config.globalRegion,
        )} = ${address}.arn}, {for replica in ${address}.replica : replica.region => replace(${address}.arn, ":${
          config.globalRegion
        }:", ":\${replica.region}:")})}`,
      });
    }
  },
  identifiers: (config) =>
    `${replicatedSecrets(config)
      .map((secret) => `\`${secret}\``)
      .join(', ')}, primaries in ${config.globalRegion}`,
  // What other tiers may read: a secret's name and, per region, the ARN pattern of its replica.
  published: { secretName, secretArnPattern },
  rules: SECRETS_RULES,
  topology: secretsTopology,
  runbook: secretsRunbookSteps,
  documents: (config) => [{ path: 'runbooks/secrets.md', content: secretsRunbook(config) }],
});
