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
    expect(report.declared.map(describeDifference)).toEqual(['eu-west-1: namespace "shop" ConfigMap "settings" key "LOG_LEVEL" is "debug" where the other regions have "info"']);
    expect(report.declared[0]).toMatchObject({ region: 'eu-west-1', namespace: 'shop', kind: 'configMap', name: 'settings', key: 'LOG_LEVEL' });
  });

  it('reports a difference the config does not declare, from a user\'s own constructs', () => {
    const config = clustersConfig();
    const { clusters } = synthToDisk(config, (deployment) => {
      const west = deployment.clusters.get('us-west-2')!;
      (west.node.findChild('k8s').node.findChild('config_map_shop_settings') as TerraformResource).addOverride('data.LOG_LEVEL', 'trace');
      new ConfigMapV1(deployment.clusters.get('eu-west-1')!, 'extra', { metadata: { name: 'extra', namespace: 'shop' }, data: { A: 'b' } });
    });
    expect(clusterParity(config.clusters, clusters).undeclared.map(describeDifference)).toEqual([
      'us-west-2: namespace "shop" ConfigMap "settings" key "LOG_LEVEL" is "trace" where the other regions have "info"',
      'eu-west-1: namespace "shop" ConfigMap "extra" is "present" where the other regions have nothing',
      'eu-west-1: namespace "shop" ConfigMap "extra" key "A" is "b" where the other regions have nothing',
    ]);
  });

  it('compares secret references, apart from the region each reads its replica in', () => {
    const config = clustersConfig();
    const { clusters } = synthToDisk(config);
    const east = clusters.get('us-east-1')!;
    east.resource.kubernetes_manifest['k8s_secret_provider_class_shop_payments-api-key'].manifest.spec.secretObjects[0].secretName = 'renamed';
    const [difference] = clusterParity(config.clusters, clusters).undeclared;
    expect(difference).toMatchObject({ region: 'us-east-1', namespace: 'shop', kind: 'secret', name: 'payments-api-key' });
    expect(clusterParity(config.clusters, clusters).undeclared).toHaveLength(1);
  });
});
