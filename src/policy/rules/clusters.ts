import type { PolicyRule, Violation } from '../rule';
import type { SynthesizedStack } from '../synthesized';

/** The provider blocks of a synthesized stack, by provider name (cdktf writes each as a list). */
type WithProviders = SynthesizedStack & { readonly provider?: Record<string, readonly Record<string, unknown>[]> };

/**
 * Kubernetes credentials never reach state or saved plans. `data.aws_eks_cluster_auth` stores its token in plain
 * text in both (and the token expires after 15 minutes; terraform-aws-modules/eks #699, hashicorp/terraform-provider-aws
 * #16415); a provider `token` lands in saved plans. The cluster stacks authenticate with `exec` (aws eks get-token)
 * instead, which runs at plan and apply time and stores nothing.
 */
export const kubernetesTokenNotStored: PolicyRule = {
  id: 'KUBERNETES_NO_STORED_TOKEN',
  check(stack: SynthesizedStack) {
    const violations: Violation[] = Object.keys(stack.data?.aws_eks_cluster_auth ?? {}).map((name) => ({
      address: `data.aws_eks_cluster_auth.${name}`,
      message: 'writes the cluster token in plain text to state and saved plans; configure the kubernetes provider with exec (aws eks get-token) instead',
    }));
    for (const [index, provider] of ((stack as WithProviders).provider?.kubernetes ?? []).entries()) {
      if (provider.token === undefined) continue;
      violations.push({
        address: `provider.kubernetes${typeof provider.alias === 'string' ? `.${provider.alias}` : `[${index}]`}`,
        message: 'sets token, which lands in saved plans; authenticate with exec (aws eks get-token) instead',
      });
    }
    return violations;
  },
};

/** Every stack is held to these (wired into the clusters tier's rules). */
export const CLUSTER_RULES: readonly PolicyRule[] = [kubernetesTokenNotStored];
