import type { PolicyRule, Violation } from '../rule';
import { resourceRule } from '../rule';
import { block, type SynthesizedStack } from '../synthesized';

const CLUSTER = 'aws_eks_cluster';
const REQUIRED_LOG_TYPES = ['api', 'audit', 'authenticator'];
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const eksSecretsEncryption = resourceRule('EKS_SECRETS_ENCRYPTION', 'CKV_AWS_58', CLUSTER, (cluster) => {
  const config = block(cluster.config.encryption_config);
  return config && asList(config.resources).includes('secrets') && block(config.provider)?.key_arn
    ? undefined
    : 'does not encrypt Kubernetes secrets with a KMS key (encryption_config resources ["secrets"], provider.key_arn)';
});

export const eksAuthenticationApi = resourceRule('EKS_AUTHENTICATION_API', undefined, CLUSTER, (cluster) =>
  block(cluster.config.access_config)?.authentication_mode === 'API'
    ? undefined
    : 'does not use access entries only (access_config.authentication_mode "API"); the aws-auth ConfigMap is not auditable in IAM',
);

export const eksControlPlaneLogs = resourceRule('EKS_CONTROL_PLANE_LOGS', 'CKV_AWS_37', CLUSTER, (cluster) => {
  const types = asList(cluster.config.enabled_cluster_log_types);
  const missing = REQUIRED_LOG_TYPES.filter((type) => !types.includes(type));
  return missing.length === 0
    ? undefined
    : `does not send control-plane logs ${missing.join(', ')} (enabled_cluster_log_types)`;
});

export const eksNoOpenEndpoint = resourceRule('EKS_NO_OPEN_PUBLIC_ENDPOINT', 'CKV_AWS_38', CLUSTER, (cluster) => {
  const vpc = block(cluster.config.vpc_config);
  if (vpc?.endpoint_public_access === false) return undefined;
  const cidrs = asList(vpc?.public_access_cidrs);
  // The public endpoint defaults to on and to 0.0.0.0/0 when the arguments are absent.
  return cidrs.length === 0 || cidrs.includes('0.0.0.0/0')
    ? 'has a public API endpoint open to 0.0.0.0/0 (vpc_config endpoint_public_access false, or public_access_cidrs)'
    : undefined;
});

export const launchTemplateImdsv2 = resourceRule(
  'LAUNCH_TEMPLATE_IMDSV2',
  'CKV_AWS_341',
  'aws_launch_template',
  (template) =>
    block(template.config.metadata_options)?.http_tokens === 'required'
      ? undefined
      : 'does not require IMDSv2 (metadata_options.http_tokens "required")',
);

export const launchTemplateEncryptedVolumes = resourceRule(
  'LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES',
  undefined,
  'aws_launch_template',
  (template) => {
    const unencrypted = asList(template.config.block_device_mappings).filter((mapping) => {
      const ebs = block(block(mapping)?.ebs);
      return ebs !== undefined && String(ebs.encrypted) !== 'true';
    });
    return unencrypted.length === 0
      ? undefined
      : 'has EBS volumes without encrypted = "true" (block_device_mappings.ebs)';
  },
);

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
      message:
        'writes the cluster token in plain text to state and saved plans; configure the kubernetes provider with exec (aws eks get-token) instead',
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

export const CLUSTERS_RULES: readonly PolicyRule[] = [
  eksSecretsEncryption,
  eksAuthenticationApi,
  eksControlPlaneLogs,
  eksNoOpenEndpoint,
  launchTemplateImdsv2,
  launchTemplateEncryptedVolumes,
  kubernetesTokenNotStored,
];
