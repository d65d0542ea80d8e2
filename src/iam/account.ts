import type { IConstruct } from 'constructs';
import { TerraformStack, type TerraformProvider } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';

const LOOKUP_ID = 'account';

/**
 * The AWS account ID, from one `data.aws_caller_identity.account` per stack, whatever construct asks.
 * The first call creates the lookup: in a stack whose providers are all aliased, pass the provider then.
 */
export function accountId(scope: IConstruct, provider?: TerraformProvider): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(LOOKUP_ID);
  if (existing instanceof DataAwsCallerIdentity) return existing.accountId;
  return new DataAwsCallerIdentity(stack, LOOKUP_ID, { provider }).accountId;
}
