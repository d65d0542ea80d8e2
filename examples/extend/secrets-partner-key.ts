/**
 * Your own constructs next to the secrets tier, through the `extend` hook of `synthesize()`: a secret created in
 * `globalRegion` and replicated to every other region with that region's key, like the tier's own. No value comes
 * from Terraform (put it with `aws secretsmanager put-secret-value`); a replica without its region's key fails
 * synthesis (SECRETSMANAGER_REPLICA_CMK).
 *
 *   synthesize(loadConfig(), 'cdktf.out', addPartnerKey);
 */
import { ReplicatedSecret } from '../../src/secretsmanager/replicated-secret';
import type { Deployment } from '../../src/stacks/deployment';

export function addPartnerKey(deployment: Deployment): void {
  const { global } = deployment;
  new ReplicatedSecret(global, 'partner_api_key', {
    provider: global.provider(global.config.globalRegion),
    name: `${global.names.prefix}/partner/api-key`,
    description: 'API key of the payment partner; set out of band',
    key: global.key,
    recoveryWindowInDays: 30,
  });
}
