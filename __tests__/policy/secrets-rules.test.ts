import { checkBaseline } from '../../src/policy/security-baseline';
import { BASELINE_RULES } from '../../src/registry/footprint';
import { PARAMETERS_RULES, SECRETS_RULES } from '../../src/policy/rules/secrets';
import type { SynthesizedStack } from '../../src/policy/synthesized';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const RULES = [...SECRETS_RULES, ...PARAMETERS_RULES];

function stack(patch: (resources: Json) => void = () => undefined): SynthesizedStack {
  const resource: Json = {
    aws_secretsmanager_secret: {
      s: {
        kms_key_id: '${aws_kms_key.k.arn}',
        replica: [{ region: 'us-west-2', kms_key_id: '${aws_kms_replica_key.r.arn}' }],
      },
    },
    aws_secretsmanager_secret_version: {
      v: { secret_id: '${aws_secretsmanager_secret.s.id}', secret_string_wo: '${var.x}', secret_string_wo_version: 1 },
    },
    aws_secretsmanager_secret_policy: {
      p: { secret_arn: '${aws_secretsmanager_secret.s.arn}', policy: '{}', block_public_policy: true },
    },
    aws_ssm_parameter: {
      plain: { name: '/a', type: 'String', value: 'x' },
      secure: {
        name: '/b',
        type: 'SecureString',
        key_id: '${data.aws_kms_key.k.arn}',
        value_wo: '${var.y}',
        value_wo_version: 1,
      },
    },
  };
  patch(resource);
  return { resource };
}

describe('secrets and parameters policy rules', () => {
  it('pass replicated, write-only, policy-guarded secrets and parameters', () => {
    expect(checkBaseline(stack(), RULES)).toEqual([]);
  });

  it('run in the baseline every stack is checked against', () => {
    expect(
      checkBaseline(
        stack((r) => {
          r.aws_secretsmanager_secret_policy.p.block_public_policy = false;
        }),
        BASELINE_RULES,
      ),
    ).not.toEqual([]);
  });

  it.each<[string, (r: Json) => void, string]>([
    [
      'a secret without a customer key',
      (r) => {
        delete r.aws_secretsmanager_secret.s.kms_key_id;
      },
      '[SECRETSMANAGER_CMK, checkov CKV_AWS_149] aws_secretsmanager_secret.s is not encrypted with a customer-managed KMS key (kms_key_id)',
    ],
    [
      'a replica without a key',
      (r) => {
        delete r.aws_secretsmanager_secret.s.replica[0].kms_key_id;
      },
      '[SECRETSMANAGER_REPLICA_CMK] aws_secretsmanager_secret.s has replicas without kms_key_id: us-west-2',
    ],
    [
      'a policy not blocking public policies',
      (r) => {
        delete r.aws_secretsmanager_secret_policy.p.block_public_policy;
      },
      '[SECRETSMANAGER_BLOCK_PUBLIC_POLICY] aws_secretsmanager_secret_policy.p does not set block_public_policy = true',
    ],
    [
      'a plaintext secret_string',
      (r) => {
        r.aws_secretsmanager_secret_version.v.secret_string = 'hunter2';
      },
      '[SECRETSMANAGER_NO_PLAINTEXT] aws_secretsmanager_secret_version.v sets secret_string or secret_binary; use secret_string_wo with secret_string_wo_version',
    ],
    [
      'a SecureString without key_id',
      (r) => {
        delete r.aws_ssm_parameter.secure.key_id;
      },
      '[SSM_SECURESTRING_CMK] aws_ssm_parameter.secure is a SecureString without key_id (a customer-managed key)',
    ],
    [
      'a SecureString with insecure_value',
      (r) => {
        r.aws_ssm_parameter.secure.insecure_value = 'hunter2';
      },
      '[SSM_SECURESTRING_NO_PLAINTEXT] aws_ssm_parameter.secure is a SecureString with value or insecure_value; use value_wo with value_wo_version',
    ],
  ])('flag %s', (_label, patch, expected) => {
    expect(checkBaseline(stack(patch), RULES)).toEqual([expected]);
  });
});
