import type { Construct } from 'constructs';
import { ephemeralInput } from '../inputs/ephemeral-input';

const VARIABLE_ID = 'database_master_password';

/**
 * `var.database_master_password`: an ephemeral input (Terraform >= 1.10), so its value reaches only write-only
 * arguments and never the plan or the state. Needed when the password is first written or rotated (a new
 * `database.passwordVersion`); otherwise write-only arguments are not sent and it stays empty. Forgetting it fails
 * loudly: an empty write-only value is not sent, and Secrets Manager and RDS refuse to create without one.
 * One per stack.
 *
 * Why not an ephemeral resource (`aws_secretsmanager_random_password`)? Terraform 1.11's mock providers reject
 * any configuration declaring one, which would leave the stacks untestable with `terraform test`.
 */
export function masterPasswordVariable(scope: Construct): string {
  return ephemeralInput(
    scope,
    VARIABLE_ID,
    'Database master password, only when creating the database or rotating (database.passwordVersion). See the database runbook.',
  );
}
