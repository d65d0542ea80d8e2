import { configWith } from '../helpers/config';
import { decodePolicy, deploymentFor, Template } from '../helpers/template';
import { ADDON_DEFAULTS } from '../../src/clusters/config';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

describe('clusters tier, AWS side', () => {
  const deployment = deploymentFor(configWith());
  const regional = (region: string) => Template.fromStack(deployment.regions.get(region)!);
  const global = Template.fromStack(deployment.global);

  it('creates nothing while clusters.enabled is false', () => {
    const off = deploymentFor(
      configWith((input) => {
        input.clusters = { ...input.clusters, enabled: false };
      }),
    );
    for (const region of REGIONS)
      expect(
        Template.fromStack(off.regions.get(region)!)
          .addresses()
          .filter((a) => /\.clusters_/.test(a)),
      ).toEqual([]);
    expect(
      Template.fromStack(off.global)
        .addresses()
        .filter((a) => /\.clusters_/.test(a)),
    ).toEqual([]);
  });

  it.each(REGIONS)('builds a private, encrypted, API-authenticated cluster in %s', (region) => {
    const template = regional(region);
    const cluster = template.resource('aws_eks_cluster', 'clusters_cluster');
    expect(cluster).toMatchObject({
      name: 'shop-prod-eks',
      version: '1.35',
      enabled_cluster_log_types: ['api', 'audit', 'authenticator'],
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
      bootstrap_self_managed_addons: false,
      upgrade_policy: { support_type: 'STANDARD' },
      zonal_shift_config: { enabled: true },
      vpc_config: { endpoint_private_access: true, endpoint_public_access: false },
      encryption_config: { resources: ['secrets'], provider: { key_arn: '${data.aws_kms_key.kms_key.arn}' } },
      role_arn: `arn:aws:iam::\${data.aws_caller_identity.account.account_id}:role/shop-prod-${region}-eks-cluster`,
    });
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
    expect(cluster.depends_on).toEqual(['aws_cloudwatch_log_group.clusters_log_group']);
    expect(template.resource('aws_cloudwatch_log_group', 'clusters_log_group')).toMatchObject({
      name: '/aws/eks/shop-prod-eks/cluster',
      retention_in_days: 365,
    });
  });

  it('pins every add-on at its default version', () => {
    const addons = Object.values(regional('us-east-1').resources('aws_eks_addon'));
    // The add-ons a node needs to join and the cluster's observability and secrets need, named here rather than read
    // from the pins: dropping one from ADDON_PINS must fail this test.
    expect(addons.map((addon) => addon.addon_name).sort()).toEqual([
      'amazon-cloudwatch-observability',
      'aws-secrets-store-csi-driver-provider',
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'vpc-cni',
    ]);
    expect(Object.fromEntries(addons.map((addon) => [addon.addon_name, addon.addon_version]))).toEqual(ADDON_DEFAULTS);
  });

  it('lets an override change one add-on version', () => {
    const overridden = deploymentFor(
      configWith((input) => {
        input.clusters!.addons = { coredns: 'v1.13.2-eksbuild.9' };
      }),
    );
    const addon = Template.fromStack(overridden.regions.get('us-east-1')!).resource(
      'aws_eks_addon',
      'clusters_addon_coredns',
    );
    expect(addon.addon_version).toBe('v1.13.2-eksbuild.9');
  });

  it("associates the workload service account with its region's role, and the CloudWatch agent with its own", () => {
    const template = regional('eu-west-1');
    expect(template.resource('aws_eks_pod_identity_association', 'clusters_pod_identity_shop_api')).toMatchObject({
      namespace: 'shop',
      service_account: 'api',
      role_arn: 'arn:aws:iam::${data.aws_caller_identity.account.account_id}:role/shop-prod-eu-west-1-eks-shop-api',
    });
    expect(
      template.resource('aws_eks_addon', 'clusters_addon_amazon-cloudwatch-observability'.replace(/-/g, '_'))
        .pod_identity_association,
    ).toEqual([
      {
        service_account: 'cloudwatch-agent',
        role_arn:
          'arn:aws:iam::${data.aws_caller_identity.account.account_id}:role/shop-prod-eu-west-1-eks-cloudwatch-agent',
      },
    ]);
  });

  it('requires IMDSv2 and encrypts the node root volume with the region key', () => {
    const template = regional('us-west-2').resource('aws_launch_template', 'clusters_launch_template');
    expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 2 });
    expect(template.block_device_mappings[0].ebs).toMatchObject({
      encrypted: 'true',
      volume_type: 'gp3',
      volume_size: 50,
      kms_key_id: '${data.aws_kms_key.kms_key.arn}',
    });
    const group = regional('us-west-2').resource('aws_eks_node_group', 'clusters_node_group');
    expect(group.scaling_config).toEqual({ min_size: 2, desired_size: 3, max_size: 6 });
    expect(group.ami_type).toBe('AL2023_ARM_64_STANDARD');
  });

  it('gives the admin an access entry with the cluster admin policy', () => {
    const template = regional('us-east-1');
    expect(
      template.resource('aws_eks_access_entry', 'clusters_admin_shop-prod-platform-admin_entry').principal_arn,
    ).toBe('arn:aws:iam::123456789012:role/shop-prod-platform-admin');
    expect(
      template.resource('aws_eks_access_policy_association', 'clusters_admin_shop-prod-platform-admin_policy'),
    ).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: { type: 'cluster' },
    });
  });

  it.each(REGIONS)("lets the %s workload role read only that region's secret replica and parameter", (region) => {
    const policy = decodePolicy(
      global.resource('aws_iam_role_policy', `clusters_roles_${region}_pod_shop_api_policy`).policy,
    );
    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadSecretsInRegion',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: [
          `arn:aws:secretsmanager:${region}:\${data.aws_caller_identity.account.account_id}:secret:shop-prod/payments/api-key-??????`,
        ],
      },
      {
        Sid: 'ReadParametersInRegion',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: [
          `arn:aws:ssm:${region}:\${data.aws_caller_identity.account.account_id}:parameter/shop/prod/app/log-level`,
        ],
      },
      {
        Sid: 'DecryptViaServiceInRegion',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:${region}:\${data.aws_caller_identity.account.account_id}:key/\${aws_kms_key.kms_primary.key_id}`,
        Condition: { StringEquals: { 'kms:ViaService': [`secretsmanager.${region}.amazonaws.com`] } },
      },
    ]);
    expect(
      decodePolicy(global.resource('aws_iam_role', `clusters_roles_${region}_pod_shop_api_role`).assume_role_policy)
        .Statement,
    ).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ]);
  });

  it.each(REGIONS)("lets the %s cluster role use only its region's key for secrets encryption", (region) => {
    expect(
      decodePolicy(global.resource('aws_iam_role_policy', `clusters_roles_${region}_cluster_secrets_key`).policy)
        .Statement,
    ).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
        Resource: `arn:aws:kms:${region}:\${data.aws_caller_identity.account.account_id}:key/\${aws_kms_key.kms_primary.key_id}`,
      },
    ]);
  });

  it('adds the workload roles to the readers of the secret they name, and only that secret', () => {
    const readers = (id: string) =>
      decodePolicy(global.resource('aws_secretsmanager_secret_policy', `secrets_${id}_policy`).policy).Statement.find(
        (s: { Sid: string }) => s.Sid === 'DenyReadersOutsideList',
      ).Condition.ArnNotLike['aws:PrincipalArn'];
    expect(readers('payments_api_key')).toEqual(
      expect.arrayContaining(
        REGIONS.map(
          (r) => `arn:aws:iam::\${data.aws_caller_identity.account.account_id}:role/shop-prod-${r}-eks-shop-api`,
        ),
      ),
    );
    expect(readers('session_signing_key').some((arn: string) => arn.includes('-eks-'))).toBe(false);
  });

  it('outputs the cluster name and endpoint, not sensitive', () => {
    const outputs = regional('us-east-1').json.output;
    expect(outputs.clusters_endpoint).toMatchObject({ value: '${aws_eks_cluster.clusters_cluster.endpoint}' });
    expect(outputs.clusters_endpoint.sensitive).toBeUndefined();
    expect(outputs.clusters_name.value).toBe('${aws_eks_cluster.clusters_cluster.name}');
  });
});
