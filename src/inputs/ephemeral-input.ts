import type { Construct } from 'constructs';
import { TerraformStack, TerraformVariable } from 'cdktf';

/**
 * `var.<name>`: an ephemeral input variable (Terraform >= 1.10), sensitive, non-null, default `""`, declared once per
 * stack. Its value reaches only write-only arguments (`*_wo`), never the plan or the state. Needed only when a
 * `*_wo_version` changes (creation or a new version): otherwise write-only arguments are not sent and it stays empty.
 *
 * The project's one way to take a secret value (database password, application secrets, SecureString parameters).
 * Why not an ephemeral resource (`aws_secretsmanager_random_password`)? @cdktf/provider-aws 20.1.0 has no bindings
 * for ephemeral resources and Terraform 1.11's mock providers reject any configuration declaring one, which would
 * leave the stacks untestable with `terraform test`.
 */
export function ephemeralInput(scope: Construct, name: string, description: string): string {
  const stack = TerraformStack.of(scope);
  if (!stack.node.tryFindChild(name)) {
    const variable = new TerraformVariable(stack, name, {
      type: 'string',
      default: '',
      nullable: false,
      sensitive: true,
      description,
    });
    variable.addOverride('ephemeral', true);
  }
  return `var.${name}`;
}
