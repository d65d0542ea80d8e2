import type { PolicyRule } from '../rule';
import { allResources, type SynthesizedStack } from '../synthesized';

/**
 * Resource and data source types of global services, whose control planes live in us-east-1: IAM, CloudFront,
 * Route 53 (not Route 53 Resolver, which is regional) and WAF for CloudFront. `aws_iam_policy_document` is
 * computed locally and calls no API.
 */
function isGlobalService(type: string, config: Record<string, unknown>): boolean {
  if (type === 'aws_iam_policy_document') return false;
  if (/^aws_(iam|cloudfront)_/.test(type)) return true;
  if (/^aws_route53_/.test(type) && !/^aws_route53_resolver_/.test(type)) return true;
  return /^aws_wafv2_/.test(type) && config.scope === 'CLOUDFRONT';
}

/** Held by every regional stack: it must plan and apply while us-east-1 is down, so it holds nothing global. */
export const regionalStackHoldsNoGlobalService: PolicyRule = {
  id: 'REGIONAL_NO_GLOBAL_SERVICE',
  check(stack: SynthesizedStack) {
    const dataSources = Object.entries(stack.data ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, config]) => ({ address: `data.${type}.${name}`, type, config })),
    );
    return [...allResources(stack), ...dataSources]
      .filter((resource) => isGlobalService(resource.type, resource.config))
      .map((resource) => ({
        address: resource.address,
        message:
          'belongs to a global service (IAM, CloudFront, Route 53) whose control plane is in us-east-1; create it in the global or edge stack and derive its name or ARN here',
      }));
  },
};
