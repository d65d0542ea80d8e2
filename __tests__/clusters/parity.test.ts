import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import type { TerraformResource } from 'cdktf';
import { clusterParity, describeDifference } from '../../src/clusters/parity';
import { clustersConfig, synthToDisk } from '../helpers/clusters';

describe('parity of the cluster stacks', () => {
  it('finds no undeclared difference between the regions of the default config', () => {
    const config = clustersConfig();
    const report = clusterParity(config.clusters, synthToDisk(config).clusters);
    expect(report).toEqual({ undeclared: [], declared: [] });
  });

  it('reports a per-region value declared in the config as declared, naming region, namespace, ConfigMap and key', () => {
    const config = clustersConfig((input) => {
      input.clusters!.namespaces!.shop.configMaps!.settings.perRegion = { 'eu-west-1': { LOG_LEVEL: 'debug' } };
    });
    const report = clusterParity(config.clusters, synthToDisk(config).clusters);
    expect(report.undeclared).toEqual([]);
    expect(report.declared.map(describeDifference)).toEqual([
      'eu-west-1: namespace "shop" ConfigMap "settings" key "LOG_LEVEL" is "debug" where the other regions have "info"',
    ]);
    expect(report.declared[0]).toMatchObject({
      region: 'eu-west-1',
      namespace: 'shop',
      kind: 'configMap',
      name: 'settings',
      key: 'LOG_LEVEL',
    });
  });

  it("fails synthesis on a difference the config does not declare, from a user's own constructs, naming it", () => {
    const config = clustersConfig();
    expect(() =>
      synthToDisk(config, (deployment) => {
        const west = deployment.tierStacks.get('cluster-us-west-2')!;
        (west.node.findChild('k8s').node.findChild('config_map_shop_settings') as TerraformResource).addOverride(
          'data.LOG_LEVEL',
          'trace',
        );
      }),
    ).toThrow(
      '[cluster-us-west-2] [CLUSTER_PARITY] us-west-2: namespace "shop" ConfigMap "settings" key "LOG_LEVEL" is "trace" where the other regions have "info"; declare it in clusters.namespaces (perRegion, fromRegion) or make the regions alike',
    );
    expect(() =>
      synthToDisk(config, (deployment) => {
        new ConfigMapV1(deployment.tierStacks.get('cluster-eu-west-1')!, 'extra', {
          metadata: { name: 'extra', namespace: 'shop' },
          data: { A: 'b' },
        });
      }),
    ).toThrow(
      '[cluster-eu-west-1] [CLUSTER_PARITY] eu-west-1: namespace "shop" ConfigMap "extra" is "present" where the other regions have nothing',
    );
  });

  it("fails synthesis on a SecretProviderClass that reads another region's replica", () => {
    const config = clustersConfig();
    expect(() =>
      synthToDisk(config, (deployment) => {
        const spc = deployment.tierStacks
          .get('cluster-eu-west-1')!
          .node.findChild('k8s')
          .node.findChild('secret_provider_class_shop_payments-api-key') as TerraformResource;
        spc.addOverride('manifest.spec.parameters.region', 'us-east-1');
      }),
    ).toThrow('[CLUSTER_PARITY] eu-west-1: namespace "shop" secret reference "payments-api-key" is');
  });

  it('compares secret references, each region reading its own replica', () => {
    const config = clustersConfig();
    const { clusters } = synthToDisk(config);
    const east = clusters.get('us-east-1')!;
    east.resource.kubernetes_manifest[
      'k8s_secret_provider_class_shop_payments-api-key'
    ].manifest.spec.secretObjects[0].secretName = 'renamed';
    const [difference] = clusterParity(config.clusters, clusters).undeclared;
    expect(difference).toMatchObject({
      region: 'us-east-1',
      namespace: 'shop',
      kind: 'secret',
      name: 'payments-api-key',
    });
    expect(clusterParity(config.clusters, clusters).undeclared).toHaveLength(1);
  });
});
