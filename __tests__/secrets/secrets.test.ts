import { Testing } from 'cdktf';
import { buildDeployment } from '../../src/stacks/deployment';
import { type Patch, configWith, issuesOf } from '../helpers/config';
import { secretsRunbook } from '../../src/secrets/runbook';
import { deploymentFor, Template } from '../helpers/template';
import { isSecretInput, secretInputLeaks, variableUses } from '../helpers/secret-inputs';

const INVALID: ReadonlyArray<[string, Patch, string]> = [
  [
    'a duplicate secret name',
    (i) => {
      i.secrets.items.other = { name: 'payments/api-key' };
    },
    'secrets.items.other.name: "payments/api-key" is already the name of secret "payments_api_key"; secret names must be unique',
  ],
  [
    'a rotation more often than every 4 hours',
    (i) => {
      i.secrets.items.session_signing_key.rotation.schedule = 'rate(2 hours)';
    },
    'secrets.items.session_signing_key.rotation.schedule: "rate(2 hours)" rotates more often than Secrets Manager allows: at least every 4 hours',
  ],
  [
    'a rotation longer than 1000 days',
    (i) => {
      i.secrets.items.session_signing_key.rotation.schedule = 'rate(1001 days)';
    },
    'secrets.items.session_signing_key.rotation.schedule: "rate(1001 days)" is longer than Secrets Manager allows: at most 1000 days',
  ],
  [
    'a 5-field cron',
    (i) => {
      i.secrets.items.session_signing_key.rotation.schedule = 'cron(0 4 * * ?)';
    },
    'secrets.items.session_signing_key.rotation.schedule: "cron(0 4 * * ?)" has 5 fields; a Secrets Manager cron() takes 6 (minutes hours day-of-month month day-of-week year)',
  ],
  [
    'a schedule that is neither',
    (i) => {
      i.secrets.items.session_signing_key.rotation.schedule = 'every day';
    },
    'secrets.items.session_signing_key.rotation.schedule: "every day" is not a rotation schedule; allowed: rate(<N> hours|days) between 4 hours and 1000 days, or cron(<6 fields>)',
  ],
  [
    'a recovery window of 3 days',
    (i) => {
      i.secrets.items.payments_api_key.recoveryWindowDays = 3;
    },
    'secrets.items.payments_api_key.recoveryWindowDays: 3 is not a recovery window; allowed: 0 (delete at once) or 7 to 30 days',
  ],
  [
    'a generated secret without rotation',
    (i) => {
      i.secrets.items.payments_api_key.source = 'generated';
    },
    'secrets.items.payments_api_key.rotation: is required when source is "generated": the rotation function writes the first value',
  ],
  [
    'an unset globalRegion, which would follow primaryRegion on a switchover',
    (i) => {
      delete i.globalRegion;
    },
    'globalRegion: is required: every application secret (secrets.items) lives in globalRegion, and unset it follows primaryRegion "us-east-1", so changing primaryRegion would re-create it in the new primary, where a replica already exists; pin it, e.g. globalRegion: us-east-1',
  ],
  [
    'a rotation function outside globalRegion',
    (i) => {
      i.secrets.items.session_signing_key.rotation.lambdaArn = 'arn:aws:lambda:eu-west-1:123456789012:function:rotate';
    },
    'secrets.items.session_signing_key.rotation.lambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:rotate" is in eu-west-1; the rotation function must be in globalRegion "us-east-1", where the primary secret is rotated',
  ],
  [
    'a 0-day recovery window on a replicated secret, not asked for',
    (i) => {
      i.secrets.items.payments_api_key.recoveryWindowDays = 0;
    },
    'secrets.items.payments_api_key.recoveryWindowDays: 0 deletes this secret and its replicas in us-west-2, eu-west-1 at once, with no recovery, on a rename or a removal; set deleteWithoutRecovery: true to ask for it, or 7 to 30 days',
  ],
];

describe('secrets config', () => {
  it.each(INVALID)('rejects %s', (_name, patch, expected) => {
    expect(issuesOf(patch)).toContain(expected);
  });

  it('accepts a 0-day window on a replicated secret when deleteWithoutRecovery asks for it', () => {
    expect(
      issuesOf((i) => {
        Object.assign(i.secrets.items.payments_api_key, { recoveryWindowDays: 0, deleteWithoutRecovery: true });
      }),
    ).toEqual([]);
  });

  it('accepts rate(4 hours), rate(1000 days) and a 6-field cron', () => {
    for (const schedule of ['rate(4 hours)', 'rate(1000 days)', 'cron(0 4 ? * SUN *)']) {
      expect(
        issuesOf((i) => {
          i.secrets.items.session_signing_key.rotation.schedule = schedule;
        }),
      ).toEqual([]);
    }
  });
});

describe('replicated secrets in the global stack', () => {
  const config = configWith();
  const deployment = deploymentFor(config);
  const global = Template.fromStack(deployment.global);

  it("creates each app secret once, with one replica per other region, each with that region's key replica", () => {
    for (const id of ['payments_api_key', 'session_signing_key']) {
      const secret = global.resource('aws_secretsmanager_secret', `secrets_${id}`);
      expect(secret.kms_key_id).toBe('${aws_kms_key.kms_primary.arn}');
      expect(secret.replica).toEqual([
        { region: 'us-west-2', kms_key_id: '${aws_kms_replica_key.kms_replica_us-west-2.arn}' },
        { region: 'eu-west-1', kms_key_id: '${aws_kms_replica_key.kms_replica_eu-west-1.arn}' },
      ]);
    }
    expect(global.resource('aws_secretsmanager_secret', 'secrets_payments_api_key').name).toBe(
      'shop-prod/payments/api-key',
    );
  });

  it('writes the value only through secret_string_wo from an ephemeral variable, versioned by the config', () => {
    const version = global.resource('aws_secretsmanager_secret_version', 'secrets_payments_api_key_version');
    expect(version.secret_string_wo).toBe('${var.secret_payments_api_key_value}');
    expect(version.secret_string_wo_version).toBe(1);
    expect(version.secret_string).toBeUndefined();
    expect(global.json.variable.secret_payments_api_key_value).toMatchObject({
      ephemeral: true,
      sensitive: true,
      nullable: false,
      default: '',
    });
  });

  it('sets a resource policy on the primary only, blocking public policies, denying other accounts and other readers', () => {
    const policies = global.resources('aws_secretsmanager_secret_policy');
    expect(Object.keys(policies).sort()).toEqual([
      'database_credentials_policy',
      'secrets_payments_api_key_policy',
      'secrets_session_signing_key_policy',
    ]);
    const policy = policies.secrets_payments_api_key_policy;
    expect(policy.block_public_policy).toBe(true);
    expect(policy.secret_arn).toBe('${aws_secretsmanager_secret.secrets_payments_api_key.arn}');
    const document = policy.policy as string;
    // The account ID is a reference, so the document synthesizes as jsonencode(...) (JSON after Terraform evaluates it).
    expect(document).toContain('"Sid" = "DenyOutsideAccount"');
    expect(document).toContain(
      '"StringNotEquals" = {"aws:PrincipalAccount" = data.aws_caller_identity.account.account_id}',
    );
    // The configured readers first, then the clusters tier's workload roles that name this secret (__tests__/clusters).
    expect(document).toContain(
      `"ArnNotLike" = {"aws:PrincipalArn" = [${config.secrets.allowedPrincipals
        .map((p) => JSON.stringify(p))
        .join(', ')}, `,
    );
    // The database master secret denies other accounts too; readers inside the account are left to IAM.
    const database = policies.database_credentials_policy.policy as string;
    expect(database).toContain(
      '"StringNotEquals" = {"aws:PrincipalAccount" = data.aws_caller_identity.account.account_id}',
    );
    expect(database).not.toContain('ArnNotLike');
  });

  it('rotates on the primary only: one rotation resource, on the global provider, no replica with its own', () => {
    const rotations = global.resources('aws_secretsmanager_secret_rotation');
    expect(Object.keys(rotations)).toEqual(['secrets_session_signing_key_rotation']);
    const rotation = rotations.secrets_session_signing_key_rotation;
    expect(rotation.secret_id).toBe('${aws_secretsmanager_secret.secrets_session_signing_key.id}');
    expect(rotation.rotation_rules).toEqual({ schedule_expression: 'rate(30 days)' });
    expect(rotation.provider).toBe(
      global.resource('aws_secretsmanager_secret', 'secrets_session_signing_key').provider,
    );
    for (const stack of deployment.regions.values()) {
      expect(Template.fromStack(stack).resources('aws_secretsmanager_secret_rotation')).toEqual({});
    }
  });

  it("rotates only once the first value is written: the rotation depends on the secret's version", () => {
    const input = configWith((i) => {
      i.secrets!.items!.payments_api_key.rotation = {
        lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate',
        schedule: 'rate(30 days)',
      };
    });
    const rotation = Template.fromStack(deploymentFor(input).global).resource(
      'aws_secretsmanager_secret_rotation',
      'secrets_payments_api_key_rotation',
    );
    expect(rotation.depends_on).toEqual(['aws_secretsmanager_secret_version.secrets_payments_api_key_version']);
  });

  it("admits the rotation function's role to GetSecretValue, on the secret it rotates only", () => {
    const role = 'arn:aws:iam::123456789012:role/shop-prod-rotate-signing-key';
    expect(config.secrets.items.session_signing_key.rotation?.roleArn).toBe(role);
    const policies = global.resources('aws_secretsmanager_secret_policy');
    expect(policies.secrets_session_signing_key_policy.policy as string).toContain(JSON.stringify(role));
    expect(policies.secrets_payments_api_key_policy.policy as string).not.toContain(JSON.stringify(role));
  });

  it('lets replication overwrite a same-named secret only when secrets.forceOverwriteReplicaSecret is set', () => {
    expect(
      global.resource('aws_secretsmanager_secret', 'secrets_payments_api_key').force_overwrite_replica_secret,
    ).toBe(false);
    const forced = Template.fromStack(
      deploymentFor(
        configWith((i) => {
          i.secrets!.forceOverwriteReplicaSecret = true;
        }),
      ).global,
    );
    expect(
      forced.resource('aws_secretsmanager_secret', 'secrets_payments_api_key').force_overwrite_replica_secret,
    ).toBe(true);
  });

  it("outputs each secret's ARN per region", () => {
    expect(global.json.output.secrets_payments_api_key_arns.value).toBe(
      '${merge({"us-east-1" = aws_secretsmanager_secret.secrets_payments_api_key.arn}, {for replica in aws_secretsmanager_secret.secrets_payments_api_key.replica : replica.region => replace(aws_secretsmanager_secret.secrets_payments_api_key.arn, ":us-east-1:", ":${replica.region}:")})}',
    );
  });

  it('replicates to every data region but globalRegion when that is a management region', () => {
    const managed = configWith((i) => {
      i.globalRegion = 'us-east-2';
    });
    const secret = Template.fromStack(deploymentFor(managed).global).resource(
      'aws_secretsmanager_secret',
      'secrets_payments_api_key',
    );
    expect((secret.replica as Array<{ region: string }>).map((r) => r.region)).toEqual([
      'us-east-1',
      'us-west-2',
      'eu-west-1',
    ]);
  });

  it("keeps the database credentials secret's addresses and value expression", () => {
    const secret = global.resource('aws_secretsmanager_secret', 'database_credentials');
    expect(secret.replica).toHaveLength(2);
    const version = global.resource('aws_secretsmanager_secret_version', 'database_credentials_version');
    expect(version.secret_string_wo).toContain('var.database_master_password');
  });
});

describe('runbooks/secrets.md', () => {
  it('promotes the replicas of the one region that takes over, never of every region at once', () => {
    const runbook = secretsRunbook(configWith());
    const blocks = [...runbook.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
    const promotions = blocks.filter((block) => block.includes('stop-replication-to-replica'));
    expect(promotions).toHaveLength(2);
    for (const [index, region] of ['us-west-2', 'eu-west-1'].entries()) {
      const regions = new Set([...promotions[index].matchAll(/--region (\S+)/g)].map((match) => match[1]));
      expect([...regions]).toEqual([region]);
      expect(runbook.indexOf(`### If ${region} takes over`)).toBeLessThan(runbook.indexOf(promotions[index]));
    }
  });

  it('names the setting that lets the new primary replicate over the old primaries, and deploys with the config', () => {
    const runbook = secretsRunbook({ ...configWith(), source: 'config/default.yaml' });
    expect(runbook).toContain('secrets.forceOverwriteReplicaSecret: true');
    expect(runbook).toContain(
      'INFRA_CONFIG=config/default.yaml npx cdktf deploy --ignore-missing-stack-dependencies --parallelism 1 global',
    );
  });
});

describe('no secret value in the synthesized files', () => {
  const stacks = () => {
    const deployment = buildDeployment(Testing.app(), configWith());
    return [deployment.global, ...deployment.regions.values(), deployment.edge].map(
      (stack) => [stack.node.id, stack.toTerraform() as Record<string, unknown>] as const,
    );
  };

  it('reads every secret, SecureString and password input only in write-only arguments, from ephemeral variables', () => {
    const checked = stacks().map(
      ([name, stack]) =>
        [
          name,
          variableUses(stack).filter((use) => isSecretInput(use.variable)).length,
          secretInputLeaks(stack, isSecretInput),
        ] as const,
    );
    // The inputs are there to check: the global stack writes the secrets and the password, each region its SecureStrings.
    expect(checked.find(([name]) => name === 'global')![1]).toBeGreaterThanOrEqual(3);
    expect(checked.find(([name]) => name === 'region-us-east-1')![1]).toBeGreaterThanOrEqual(1);
    expect(checked.filter(([, , leaks]) => leaks.length > 0)).toEqual([]);
  });

  it('would see a secret input wired into a stored argument or a plain variable', () => {
    const leaking = {
      variable: { secret_a_value: { type: 'string' } },
      resource: {
        aws_secretsmanager_secret_version: {
          a: { secret_string: '${var.secret_a_value}', secret_string_wo: '${var.secret_a_value}' },
        },
      },
    };
    expect(secretInputLeaks(leaking, isSecretInput)).toEqual([
      'variable secret_a_value is not ephemeral',
      'var.secret_a_value reaches resource.aws_secretsmanager_secret_version.a.secret_string',
    ]);
  });
});
