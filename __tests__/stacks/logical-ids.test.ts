import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { BaseStack } from '../../src/stacks/base-stack';
import { configWith } from '../helpers/config';
import { deploymentFor, Template } from '../helpers/template';
import { clustersConfig } from '../helpers/clusters';

/**
 * Terraform addresses are API: renaming one destroys and recreates the resource. These lists change only
 * on purpose, together with a `moved` block or a migration note.
 */
const REGIONAL_FOUNDATION = [
  'aws_cloudwatch_log_group.network_flow_log_group',
  'aws_default_security_group.network_default_security_group',
  'aws_flow_log.network_flow_log',
  'aws_route_table.network_private_routes',
  'aws_route_table_association.network_private_0_routes',
  'aws_route_table_association.network_private_1_routes',
  'aws_route_table_association.network_private_2_routes',
  'aws_subnet.network_private_0',
  'aws_subnet.network_private_1',
  'aws_subnet.network_private_2',
  'aws_vpc.network_vpc',
  'aws_vpc_endpoint.network_dynamodb_gateway',
  'aws_vpc_endpoint.network_s3_gateway',
];

/** Moved here from the regional stacks (IAM is global); README "Upgrade notes" carries existing roles across. */
const GLOBAL_ROLES = (region: string): string[] => [
  `aws_iam_role.network_flow_log_role_${region}_role`,
  `aws_iam_role_policy.network_flow_log_role_${region}_policy`,
  `aws_iam_role.database_monitoring_role_${region}`,
  `aws_iam_role_policy_attachment.database_monitoring_policy_${region}`,
];

const GLOBAL_FOUNDATION = [
  ...['us-east-1', 'us-west-2', 'eu-west-1'].flatMap(GLOBAL_ROLES),
  'aws_kms_alias.kms_primary_alias',
  'aws_kms_alias.kms_replica_eu-west-1_alias',
  'aws_kms_alias.kms_replica_us-west-2_alias',
  'aws_kms_key.kms_primary',
  'aws_kms_replica_key.kms_replica_eu-west-1',
  'aws_kms_replica_key.kms_replica_us-west-2',
];

const BOOTSTRAP_PER_REGION = (region: string): string[] => [
  `aws_dynamodb_table.lock_table_${region}`,
  `aws_kms_alias.state_key_${region}_alias`,
  `aws_kms_key.state_key_${region}`,
  `aws_s3_bucket.state_bucket_${region}_bucket`,
  `aws_s3_bucket_lifecycle_configuration.state_bucket_${region}_lifecycle`,
  `aws_s3_bucket_ownership_controls.state_bucket_${region}_ownership`,
  `aws_s3_bucket_policy.state_bucket_${region}_policy`,
  `aws_s3_bucket_public_access_block.state_bucket_${region}_public_access_block`,
  `aws_s3_bucket_server_side_encryption_configuration.state_bucket_${region}_encryption`,
  `aws_s3_bucket_versioning.state_bucket_${region}_versioning`,
];

/** Secrets (global stack) and parameters (every regional stack, the same addresses in each) of the default config. */
const GLOBAL_SECRETS = [
  'aws_secretsmanager_secret.database_credentials',
  'aws_secretsmanager_secret_version.database_credentials_version',
  'aws_secretsmanager_secret.secrets_payments_api_key',
  'aws_secretsmanager_secret_policy.secrets_payments_api_key_policy',
  'aws_secretsmanager_secret_version.secrets_payments_api_key_version',
  'aws_secretsmanager_secret.secrets_session_signing_key',
  'aws_secretsmanager_secret_policy.secrets_session_signing_key_policy',
  'aws_secretsmanager_secret_rotation.secrets_session_signing_key_rotation',
  'aws_secretsmanager_secret_version.secrets_session_signing_key_version',
];

const REGIONAL_PARAMETERS = [
  'aws_ssm_parameter.parameters_shop_prod_app_allowed_origins',
  'aws_ssm_parameter.parameters_shop_prod_app_log_level',
  'aws_ssm_parameter.parameters_shop_prod_app_region_label',
  'aws_ssm_parameter.parameters_shop_prod_feature_checkout_v2',
  'aws_ssm_parameter.parameters_shop_prod_integrations_webhook_token',
];

describe('stable Terraform addresses', () => {
  const deployment = deploymentFor(configWith());

  it("keeps the bootstrap stack's addresses", () => {
    expect(Template.fromStack(deployment.bootstrap!).addresses()).toEqual(
      ['us-east-1', 'us-west-2', 'eu-west-1'].flatMap(BOOTSTRAP_PER_REGION).sort(),
    );
  });

  it("keeps the global stack's foundation addresses", () => {
    expect(Template.fromStack(deployment.global).addresses()).toEqual(expect.arrayContaining(GLOBAL_FOUNDATION));
    expect(Template.fromStack(deployment.global).addresses()).toEqual(expect.arrayContaining(GLOBAL_SECRETS));
  });

  it.each(['us-east-1', 'us-west-2', 'eu-west-1'])('keeps the foundation addresses of region-%s', (region) => {
    expect(Template.fromStack(deployment.regions.get(region)!).addresses()).toEqual(
      expect.arrayContaining(REGIONAL_FOUNDATION),
    );
    expect(Template.fromStack(deployment.regions.get(region)!).addresses()).toEqual(
      expect.arrayContaining(REGIONAL_PARAMETERS),
    );
  });

  it('gives a region the same foundation addresses whether it is primary or secondary', () => {
    const flipped = deploymentFor(
      configWith((input) => {
        input.primaryRegion = 'us-west-2';
        input.secondaryRegions = ['us-east-1', 'eu-west-1'];
      }),
    );
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const foundation = (addresses: string[]): string[] =>
        addresses.filter((address) => REGIONAL_FOUNDATION.includes(address));
      expect(foundation(Template.fromStack(flipped.regions.get(region)!).addresses())).toEqual(REGIONAL_FOUNDATION);
      expect(foundation(Template.fromStack(deployment.regions.get(region)!).addresses())).toEqual(REGIONAL_FOUNDATION);
    }
    expect(Template.fromStack(flipped.global).addresses()).toEqual(Template.fromStack(deployment.global).addresses());
  });
});

/** The cache tier (elasticache-global, 1 shard, 1 replica): the same addresses in every region, whatever its role. */
const REGIONAL_CACHE = [
  'aws_cloudwatch_log_group.cache_engine_log_group',
  'aws_cloudwatch_log_group.cache_slow_log_group',
  ...['cpu', 'engine_cpu', 'evictions', 'memory', 'replication_lag'].flatMap((alarm) =>
    [0, 1].map((node) => `aws_cloudwatch_metric_alarm.cache_${alarm}_${node}`),
  ),
  'aws_elasticache_replication_group.cache_group',
  'aws_elasticache_subnet_group.cache_subnets',
  'aws_elasticache_user.cache_app_user',
  'aws_elasticache_user.cache_default_user',
  'aws_elasticache_user_group.cache_user_group',
  'aws_security_group.cache_security_group',
  'aws_vpc_security_group_ingress_rule.cache_ingress_vpc',
];

describe('stable cache addresses', () => {
  const pinned = (primary: string, secondaries: string[]) =>
    deploymentFor(
      configWith((input) => {
        input.primaryRegion = primary as never;
        input.secondaryRegions = secondaries as never;
        input.cache = { mode: 'elasticache-global', globalDatastoreId: 'ldgnf-shop-prod-cache' };
      }),
    );
  const cacheOf = (addresses: string[]) => addresses.filter((address) => /\.cache_/.test(address));

  it('keeps the cache addresses of every region, primary or secondary, before and after a flip', () => {
    for (const deployment of [
      pinned('us-east-1', ['us-west-2', 'eu-west-1']),
      pinned('us-west-2', ['us-east-1', 'eu-west-1']),
    ]) {
      for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
        expect(cacheOf(Template.fromStack(deployment.regions.get(region)!).addresses())).toEqual(REGIONAL_CACHE);
      }
      expect(cacheOf(Template.fromStack(deployment.edge).addresses())).toEqual([
        'aws_elasticache_global_replication_group.cache_datastore',
      ]);
    }
  });

  it('keeps the MemoryDB addresses', () => {
    const deployment = deploymentFor(
      configWith((input) => {
        input.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' };
      }),
    );
    expect(cacheOf(Template.fromStack(deployment.global).addresses())).toEqual([
      'aws_memorydb_multi_region_cluster.cache_multi_region',
    ]);
    expect(
      cacheOf(Template.fromStack(deployment.regions.get('eu-west-1')!).addresses()).filter(
        (address) => !address.startsWith('aws_cloudwatch_metric_alarm'),
      ),
    ).toEqual([
      'aws_memorydb_acl.cache_acl',
      'aws_memorydb_cluster.cache_cluster',
      'aws_memorydb_subnet_group.cache_subnets',
      'aws_memorydb_user.cache_app_user',
      'aws_security_group.cache_security_group',
      'aws_vpc_security_group_ingress_rule.cache_ingress_vpc',
    ]);
  });
});

describe('logical id allocation', () => {
  class Pair extends Construct {
    constructor(scope: Construct, id: string) {
      super(scope, id);
      new S3Bucket(this, 'b', { bucket: 'x' });
    }
  }

  it('joins the construct path without a hash', () => {
    const stack = new BaseStack(Testing.app(), 'test', {
      config: configWith(),
      stateRegion: 'us-east-1',
      localStateFile: 'test.tfstate',
    });
    const bucket = new S3Bucket(new Construct(stack, 'outer'), 'inner', { bucket: 'x' });
    expect(stack.getLogicalId(bucket)).toBe('outer_inner');
  });

  it('refuses two paths that would share an address', () => {
    const stack = new BaseStack(Testing.app(), 'test', {
      config: configWith(),
      stateRegion: 'us-east-1',
      localStateFile: 'test.tfstate',
    });
    new Pair(stack, 'a_b');
    new Pair(new Construct(stack, 'a'), 'b');
    expect(() => stack.toTerraform()).toThrow(
      'logical id "a_b_b" of test/a/b/b collides with test/a_b/b; rename one of the constructs',
    );
  });
});

/** The observability tier, and the alarms and log groups tiers build from its helpers: the same in every region, whatever its role. */
const REGIONAL_OBSERVABILITY = [
  'aws_cloudwatch_composite_alarm.observability_health_alarm',
  'aws_cloudwatch_log_group.database_log_group_postgresql',
  'aws_cloudwatch_log_group.observability_logs_otel_group',
  'aws_cloudwatch_log_stream.observability_logs_otel_stream',
  'aws_cloudwatch_metric_alarm.database_cpu',
  'aws_cloudwatch_metric_alarm.database_freeable_memory',
  'aws_cloudwatch_metric_alarm.database_replication_lag',
  'aws_cloudwatch_query_definition.observability_logs_query_errors_by_service',
  'aws_cloudwatch_query_definition.observability_logs_query_replication_errors',
  'aws_cloudwatch_query_definition.observability_logs_query_slowest_requests',
  'aws_sns_topic.observability_alerts_topic',
  'aws_sns_topic_policy.observability_alerts_policy',
  'aws_sns_topic_subscription.observability_alerts_subscription_oncall_example_com',
];

describe('stable observability addresses', () => {
  const ours = (addresses: string[]) =>
    addresses.filter((address) =>
      /\.(observability_|database_log_group_|database_(cpu|freeable_memory|replication_lag)$)/.test(address),
    );
  const flipped = deploymentFor(
    configWith((input) => {
      input.primaryRegion = 'us-west-2';
      input.secondaryRegions = ['us-east-1', 'eu-west-1'];
    }),
  );

  it.each(['us-east-1', 'us-west-2', 'eu-west-1'])("keeps region-%s's, before and after a flip", (region) => {
    for (const deployment of [deploymentFor(configWith()), flipped]) {
      expect(ours(Template.fromStack(deployment.regions.get(region)!).addresses())).toEqual(REGIONAL_OBSERVABILITY);
    }
  });

  it("keeps the dashboard's, and the edge alarms'", () => {
    for (const deployment of [deploymentFor(configWith()), flipped]) {
      expect(ours(Template.fromStack(deployment.global).addresses())).toEqual([
        'aws_cloudwatch_dashboard.observability_dashboard_dashboard',
      ]);
      expect(
        Template.fromStack(deployment.edge)
          .addresses()
          .filter((address) => address.startsWith('aws_cloudwatch_metric_alarm.')),
      ).toEqual(
        [
          'aws_cloudwatch_metric_alarm.cdn_error_rate_alarm',
          ...['eu-west-1', 'us-east-1', 'us-west-2'].flatMap((source) =>
            ['eu-west-1', 'us-east-1', 'us-west-2']
              .filter((destination) => destination !== source)
              .flatMap((destination) => [
                `aws_cloudwatch_metric_alarm.storage_failed_${source}_to_${destination}`,
                `aws_cloudwatch_metric_alarm.storage_latency_${source}_to_${destination}`,
              ]),
          ),
        ].sort(),
      );
    }
  });
});

/** The clusters tier (default config: one admin, one workload): the same addresses in every region, primary or not. */
const REGIONAL_CLUSTER = [
  'aws_cloudwatch_log_group.clusters_application_signals_group',
  ...['application', 'dataplane', 'host', 'performance'].map(
    (kind) => `aws_cloudwatch_log_group.clusters_insights_${kind}_group`,
  ),
  'aws_cloudwatch_log_group.clusters_log_group',
  'aws_cloudwatch_log_group.clusters_otlp_group',
  ...['failed_nodes', 'node_count', 'node_cpu', 'node_memory'].map(
    (alarm) => `aws_cloudwatch_metric_alarm.clusters_${alarm}_alarm`,
  ),
  'aws_eks_access_entry.clusters_admin_shop-prod-platform-admin_entry',
  'aws_eks_access_policy_association.clusters_admin_shop-prod-platform-admin_policy',
  ...[
    'amazon_cloudwatch_observability',
    'aws_secrets_store_csi_driver_provider',
    'coredns',
    'eks_pod_identity_agent',
    'kube_proxy',
    'vpc_cni',
  ].map((addon) => `aws_eks_addon.clusters_addon_${addon}`),
  'aws_eks_cluster.clusters_cluster',
  'aws_eks_node_group.clusters_node_group',
  'aws_eks_pod_identity_association.clusters_pod_identity_shop_api',
  'aws_launch_template.clusters_launch_template',
  'aws_security_group.clusters_endpoint_security_group',
  // No S3 interface endpoint since the network's S3 gateway endpoint (removed, not moved: an endpoint holds no data).
  ...['ec2', 'ecr_api', 'ecr_dkr', 'eks_auth', 'logs', 'monitoring', 'secretsmanager', 'ssm', 'sts', 'xray'].map(
    (service) => `aws_vpc_endpoint.clusters_endpoint_${service}`,
  ),
  // Keyed by the CIDR (clusters.apiAccessCidrs): removing one CIDR leaves the others' addresses alone.
  'aws_vpc_security_group_ingress_rule.clusters_api_access_10_100_0_0_16',
  'aws_vpc_security_group_ingress_rule.clusters_endpoint_ingress',
];

const GLOBAL_CLUSTER_ROLES = (region: string): string[] => [
  ...['cloudwatch_agent', 'cluster', 'node', 'pod_shop_api'].map(
    (role) => `aws_iam_role.clusters_roles_${region}_${role}_role`,
  ),
  `aws_iam_role_policy.clusters_roles_${region}_cluster_secrets_key`,
  `aws_iam_role_policy.clusters_roles_${region}_pod_shop_api_policy`,
  ...[
    'cloudwatch_agent_AWSXrayWriteOnlyAccess',
    'cloudwatch_agent_CloudWatchAgentServerPolicy',
    'cluster_AmazonEKSClusterPolicy',
    'node_AmazonEC2ContainerRegistryReadOnly',
    'node_AmazonEKSWorkerNodePolicy',
    'node_AmazonEKS_CNI_Policy',
  ].map((attachment) => `aws_iam_role_policy_attachment.clusters_roles_${region}_${attachment}`),
];

describe('stable cluster addresses', () => {
  const clustersOf = (addresses: string[]) => addresses.filter((address) => /\.clusters_/.test(address));

  it('keeps the cluster addresses of every region, and the global roles, before and after a primaryRegion flip', () => {
    const flipped = configWith((input) => {
      input.primaryRegion = 'us-west-2';
      input.secondaryRegions = ['us-east-1', 'eu-west-1'];
    });
    const [before, after] = [deploymentFor(configWith()), deploymentFor(flipped)];
    for (const deployment of [before, after]) {
      for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
        expect(clustersOf(Template.fromStack(deployment.regions.get(region)!).addresses())).toEqual(REGIONAL_CLUSTER);
      }
      expect(clustersOf(Template.fromStack(deployment.global).addresses())).toEqual(
        ['eu-west-1', 'us-east-1', 'us-west-2'].flatMap(GLOBAL_CLUSTER_ROLES).sort(),
      );
    }
    // Not only the addresses: no argument of a cluster resource depends on the region's role.
    const clusterResources = (template: Template) =>
      Object.fromEntries(
        Object.entries(template.json.resource as Record<string, Record<string, unknown>>).flatMap(([type, byName]) =>
          Object.entries(byName)
            .filter(([name]) => name.startsWith('clusters_'))
            .map(([name, body]) => [`${type}.${name}`, body]),
        ),
      );
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(clusterResources(Template.fromStack(after.regions.get(region)!))).toEqual(
        clusterResources(Template.fromStack(before.regions.get(region)!)),
      );
    }
  });
});

/** The clusters fixture's cluster stack: the same addresses in every region. */
const CLUSTER_STACK = [
  'kubernetes_config_map_v1.k8s_config_map_observability_agent',
  'kubernetes_config_map_v1.k8s_config_map_observability_opentelemetry',
  'kubernetes_config_map_v1.k8s_config_map_shop_opentelemetry',
  'kubernetes_config_map_v1.k8s_config_map_shop_settings',
  'kubernetes_manifest.k8s_secret_provider_class_shop_payments-api-key',
  'kubernetes_manifest.k8s_secret_provider_class_shop_session-signing-key',
  'kubernetes_namespace_v1.k8s_namespace_observability',
  'kubernetes_namespace_v1.k8s_namespace_shop',
  'kubernetes_service_account_v1.k8s_service_account_shop_web',
  'kubernetes_service_account_v1.k8s_service_account_shop_worker',
];

describe('stable cluster stack addresses', () => {
  it('keeps them in every region, and changes nothing in a cluster stack when the primary region moves', () => {
    const deployment = deploymentFor(clustersConfig());
    const flipped = deploymentFor(
      clustersConfig((input) => {
        input.primaryRegion = 'us-west-2';
        input.secondaryRegions = ['us-east-1', 'eu-west-1'];
      }),
    );
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const template = Template.fromStack(deployment.tierStacks.get(`cluster-${region}`)!);
      expect(template.addresses()).toEqual(CLUSTER_STACK);
      expect(Template.fromStack(flipped.tierStacks.get(`cluster-${region}`)!).json).toEqual(template.json);
    }
  });
});
