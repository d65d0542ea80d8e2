import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataAwsEksClusterAuth } from '@cdktf/provider-aws/lib/data-aws-eks-cluster-auth';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { synthesize } from '../../src/synth';
import { checkBaseline } from '../../src/policy/security-baseline';
import { kubernetesTokenNotStored } from '../../src/policy/rules/clusters';
import { configWith } from '../helpers/config';
import { clustersConfig, synthToDisk } from '../helpers/clusters';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

describe('cluster stacks', () => {
  const { manifest, clusters } = synthToDisk(clustersConfig());

  it("exist once per region, each applied after its own region's stack only", () => {
    for (const region of REGIONS)
      expect(manifest.stacks[`cluster-${region}`].dependencies).toEqual([`region-${region}`]);
  });

  it('are absent while clusters are off', () => {
    expect(
      Object.keys(
        synthToDisk(
          configWith((input) => {
            input.clusters = { enabled: false };
          }),
        ).manifest.stacks,
      ).filter((name) => name.startsWith('cluster-')),
    ).toEqual([]);
  });

  it.each(REGIONS)('cluster-%s reaches its cluster by name in its own region and authenticates with exec', (region) => {
    const tf = clusters.get(region)!;
    expect(tf.data.aws_eks_cluster).toEqual({ cluster: expect.objectContaining({ name: 'shop-prod-eks' }) });
    expect(tf.provider.kubernetes).toEqual([
      {
        host: '${data.aws_eks_cluster.cluster.endpoint}',
        cluster_ca_certificate: '${base64decode(data.aws_eks_cluster.cluster.certificate_authority[0].data)}',
        exec: [
          {
            api_version: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: ['eks', 'get-token', '--cluster-name', 'shop-prod-eks', '--region', region],
            env: '${tomap({"AWS_STS_REGIONAL_ENDPOINTS" = "regional"})}',
          },
        ],
      },
    ]);
    expect(tf.data.aws_eks_cluster_auth).toBeUndefined();
  });

  it.each(REGIONS)(
    "cluster-%s gives every ConfigMap the shared data and the region's own values, looked up in its region",
    (region) => {
      const tf = clusters.get(region)!;
      expect(tf.resource.kubernetes_config_map_v1.k8s_config_map_shop_settings).toMatchObject({
        metadata: { name: 'settings', namespace: '${kubernetes_namespace_v1.k8s_namespace_shop.metadata[0].name}' },
        data: {
          LOG_LEVEL: 'info',
          FEATURE_CHECKOUT_V2: 'true',
          AWS_REGION: region,
          CLUSTER: 'shop-prod-eks',
          BUCKET: `shop-prod-assets-${region}`,
          DB_ENDPOINT: '${data.aws_rds_cluster.database.endpoint}',
          DB_READER: '${data.aws_rds_cluster.database.reader_endpoint}',
          CACHE: '${data.aws_elasticache_replication_group.cache.configuration_endpoint_address}',
        },
      });
      expect(tf.data.aws_rds_cluster.database.cluster_identifier).toBe(`shop-prod-db-${region}`);
      expect(tf.data.aws_elasticache_replication_group.cache.replication_group_id).toBe('shop-prod-cache');
      expect(Object.keys(tf.resource.kubernetes_namespace_v1).sort()).toEqual([
        'k8s_namespace_observability',
        'k8s_namespace_shop',
      ]);
      expect(Object.keys(tf.resource.kubernetes_service_account_v1).sort()).toEqual([
        'k8s_service_account_shop_web',
        'k8s_service_account_shop_worker',
      ]);
    },
  );

  it.each(REGIONS)(
    "cluster-%s syncs each referenced secret from its own region's replica, once per namespace",
    (region) => {
      const manifests = clusters.get(region)!.resource.kubernetes_manifest as Json;
      expect(Object.keys(manifests).sort()).toEqual([
        'k8s_secret_provider_class_shop_payments-api-key',
        'k8s_secret_provider_class_shop_session-signing-key',
      ]);
      expect(manifests['k8s_secret_provider_class_shop_payments-api-key'].manifest).toEqual({
        apiVersion: 'secrets-store.csi.x-k8s.io/v1',
        kind: 'SecretProviderClass',
        metadata: { name: 'payments-api-key', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'cdktf' } },
        spec: {
          provider: 'aws',
          parameters: {
            region,
            usePodIdentity: 'true',
            objects: JSON.stringify([
              {
                objectName: 'shop-prod/payments/api-key',
                objectType: 'secretsmanager',
                objectAlias: 'payments-api-key',
              },
            ]),
          },
          secretObjects: [
            {
              secretName: 'payments-api-key',
              type: 'Opaque',
              data: [{ objectName: 'payments-api-key', key: 'value' }],
            },
          ],
        },
      });
    },
  );

  it('looks RDS instances up in mode rds-replicas, and MemoryDB clusters in memorydb-multi-region', () => {
    const { clusters: other } = synthToDisk(
      clustersConfig((input) => {
        input.database = { mode: 'rds-replicas' };
        input.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' };
      }),
    );
    const tf = other.get('eu-west-1')!;
    expect(tf.data.aws_db_instance.database.db_instance_identifier).toBe('shop-prod-db-eu-west-1');
    expect(tf.data.aws_memorydb_cluster.cache.name).toBe('shop-prod-cache');
    expect(tf.resource.kubernetes_config_map_v1.k8s_config_map_shop_settings.data).toMatchObject({
      DB_ENDPOINT: '${data.aws_db_instance.database.address}',
      DB_READER: '${data.aws_db_instance.database.address}',
      CACHE: '${data.aws_memorydb_cluster.cache.cluster_endpoint[0].address}',
    });
    expect(tf.data.aws_rds_cluster).toBeUndefined();
  });
});

describe('KUBERNETES_NO_STORED_TOKEN', () => {
  const outdir = () => path.join(mkdtempSync(path.join(tmpdir(), 'token-')), 'cdktf.out');

  it('fails synthesis on data.aws_eks_cluster_auth in a cluster stack', () => {
    expect(() =>
      synthesize(clustersConfig(), outdir(), ({ tierStacks }) => {
        new DataAwsEksClusterAuth(tierStacks.get('cluster-us-west-2')!, 'auth', { name: 'shop-prod-eks' });
      }),
    ).toThrow(
      '[KUBERNETES_NO_STORED_TOKEN] data.aws_eks_cluster_auth.auth writes the cluster token in plain text to state and saved plans; configure the kubernetes provider with exec (aws eks get-token) instead',
    );
  });

  it('fails synthesis on a kubernetes provider with a token', () => {
    expect(() =>
      synthesize(clustersConfig(), outdir(), ({ tierStacks }) => {
        new KubernetesProvider(tierStacks.get('cluster-eu-west-1')!, 'static', {
          alias: 'static',
          host: 'https://example',
          token: 'abc',
        });
      }),
    ).toThrow(
      '[KUBERNETES_NO_STORED_TOKEN] provider.kubernetes.static sets token, which lands in saved plans; authenticate with exec (aws eks get-token) instead',
    );
  });

  it('holds for any stack it is given', () => {
    expect(checkBaseline({ data: { aws_eks_cluster_auth: { x: { name: 'c' } } } }, [kubernetesTokenNotStored])).toEqual(
      [
        '[KUBERNETES_NO_STORED_TOKEN] data.aws_eks_cluster_auth.x writes the cluster token in plain text to state and saved plans; configure the kubernetes provider with exec (aws eks get-token) instead',
      ],
    );
    expect(
      checkBaseline({ provider: { kubernetes: [{ host: 'h', token: 't' }] } } as never, [kubernetesTokenNotStored]),
    ).toEqual([
      '[KUBERNETES_NO_STORED_TOKEN] provider.kubernetes[0] sets token, which lands in saved plans; authenticate with exec (aws eks get-token) instead',
    ]);
    expect(
      checkBaseline({ provider: { kubernetes: [{ host: 'h', exec: [{}] }] } } as never, [kubernetesTokenNotStored]),
    ).toEqual([]);
  });
});
