import { checkBaseline } from '../../src/policy/security-baseline';
import { BASELINE_RULES } from '../../src/registry/footprint';
import { CLUSTERS_RULES } from '../../src/policy/rules/clusters';
import type { SynthesizedStack } from '../../src/policy/synthesized';
import { configWith } from '../helpers/config';
import { deploymentFor, Template } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The us-east-1 stack of the default config (clusters on), as the rules read it. */
function stack(patch: (resources: Json) => void = () => undefined): SynthesizedStack {
  const json = Template.fromStack(deploymentFor(configWith()).regions.get('us-east-1')!).json;
  patch(json.resource);
  return json;
}

describe('clusters policy rules', () => {
  it('pass the cluster and launch template the tier builds', () => {
    expect(checkBaseline(stack(), CLUSTERS_RULES)).toEqual([]);
  });

  it('run in the baseline every stack is checked against', () => {
    expect(
      checkBaseline(
        stack((r) => {
          r.aws_launch_template.clusters_launch_template.metadata_options.http_tokens = 'optional';
        }),
        BASELINE_RULES,
      ),
    ).toContain(
      '[LAUNCH_TEMPLATE_IMDSV2, checkov CKV_AWS_341] aws_launch_template.clusters_launch_template does not require IMDSv2 (metadata_options.http_tokens "required")',
    );
  });

  const CLUSTER = (r: Json) => r.aws_eks_cluster.clusters_cluster;
  it.each<[string, (r: Json) => void, string]>([
    [
      'a cluster without secrets encryption',
      (r) => {
        delete CLUSTER(r).encryption_config;
      },
      '[EKS_SECRETS_ENCRYPTION, checkov CKV_AWS_58] aws_eks_cluster.clusters_cluster does not encrypt Kubernetes secrets with a KMS key (encryption_config resources ["secrets"], provider.key_arn)',
    ],
    [
      'a cluster still reading aws-auth',
      (r) => {
        CLUSTER(r).access_config.authentication_mode = 'API_AND_CONFIG_MAP';
      },
      '[EKS_AUTHENTICATION_API] aws_eks_cluster.clusters_cluster does not use access entries only (access_config.authentication_mode "API"); the aws-auth ConfigMap is not auditable in IAM',
    ],
    [
      'a cluster without audit logs',
      (r) => {
        CLUSTER(r).enabled_cluster_log_types = ['api', 'authenticator'];
      },
      '[EKS_CONTROL_PLANE_LOGS, checkov CKV_AWS_37] aws_eks_cluster.clusters_cluster does not send control-plane logs audit (enabled_cluster_log_types)',
    ],
    [
      'a public endpoint open to 0.0.0.0/0',
      (r) => {
        CLUSTER(r).vpc_config.endpoint_public_access = true;
        CLUSTER(r).vpc_config.public_access_cidrs = ['0.0.0.0/0'];
      },
      '[EKS_NO_OPEN_PUBLIC_ENDPOINT, checkov CKV_AWS_38] aws_eks_cluster.clusters_cluster has a public API endpoint open to 0.0.0.0/0 (vpc_config endpoint_public_access false, or public_access_cidrs)',
    ],
    [
      'a public endpoint with the default CIDRs',
      (r) => {
        delete CLUSTER(r).vpc_config.endpoint_public_access;
      },
      '[EKS_NO_OPEN_PUBLIC_ENDPOINT, checkov CKV_AWS_38] aws_eks_cluster.clusters_cluster has a public API endpoint open to 0.0.0.0/0 (vpc_config endpoint_public_access false, or public_access_cidrs)',
    ],
    [
      'a launch template with IMDSv1',
      (r) => {
        delete r.aws_launch_template.clusters_launch_template.metadata_options;
      },
      '[LAUNCH_TEMPLATE_IMDSV2, checkov CKV_AWS_341] aws_launch_template.clusters_launch_template does not require IMDSv2 (metadata_options.http_tokens "required")',
    ],
    [
      'an unencrypted node volume',
      (r) => {
        r.aws_launch_template.clusters_launch_template.block_device_mappings[0].ebs.encrypted = 'false';
      },
      '[LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES] aws_launch_template.clusters_launch_template has EBS volumes without encrypted = "true" (block_device_mappings.ebs)',
    ],
  ])('flag %s', (_label, patch, expected) => {
    expect(checkBaseline(stack(patch), CLUSTERS_RULES)).toEqual([expected]);
  });

  it('accept a public endpoint limited to listed CIDRs', () => {
    expect(
      checkBaseline(
        stack((r) => {
          CLUSTER(r).vpc_config.endpoint_public_access = true;
          CLUSTER(r).vpc_config.public_access_cidrs = ['203.0.113.0/24'];
        }),
        CLUSTERS_RULES,
      ),
    ).toEqual([]);
  });
});
