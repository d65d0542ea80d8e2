import { OBSERVABILITY_RESOURCE_ATTRIBUTES, observabilityAddonConfiguration, withoutResourceAttributes } from '../../src/clusters/observability-addon';
import { resourceAttributes } from '../../src/observability/resource-attributes';
import { configWith } from '../helpers/config';
import { deploymentFor, Template } from '../helpers/template';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = configWith();
const deployment = deploymentFor(config);
/** The add-on's configuration_values in every region of the default config. */
const configurations = new Map(config.allRegions.map((region) => [region,
  Template.fromStack(deployment.regions.get(region)!).resource('aws_eks_addon', 'clusters_addon_amazon_cloudwatch_observability').configuration_values as string]));

/** Regions whose configuration, without its resource attributes, differs from the first region's. */
function divergent(byRegion: ReadonlyMap<string, string>): string[] {
  const [first, ...rest] = [...byRegion.entries()];
  return rest.filter(([, value]) => JSON.stringify(withoutResourceAttributes(value)) !== JSON.stringify(withoutResourceAttributes(first[1]))).map(([region]) => region);
}

describe('amazon-cloudwatch-observability add-on configuration', () => {
  it('turns on enhanced Container Insights, Application Signals and the OTLP endpoint', () => {
    const parsed = JSON.parse(configurations.get('us-east-1')!) as Json;
    expect(parsed.agent.config.logs.metrics_collected).toEqual({ kubernetes: { enhanced_container_insights: true }, application_signals: {} });
    expect(parsed.agent.config.traces.traces_collected).toEqual({ application_signals: {} });
    expect(parsed.otlp).toEqual({ enabled: true });
  });

  it('sets exactly the region\'s resource attributes and the cluster\'s name, to each region\'s own values', () => {
    for (const [region, value] of configurations) {
      expect((JSON.parse(value) as Json).agent.config.opentelemetry.resource_attributes).toEqual({
        'deployment.environment': 'prod', 'cloud.region': region, 'service.namespace': 'shop', 'k8s.cluster.name': 'shop-prod-eks',
      });
    }
    expect(Object.keys((JSON.parse(configurations.get('eu-west-1')!) as Json).agent.config.opentelemetry.resource_attributes)).toEqual([...OBSERVABILITY_RESOURCE_ATTRIBUTES]);
  });

  it('is identical in every region apart from those attributes', () => {
    expect(configurations.size).toBe(3);
    expect(new Set([...configurations.values()]).size).toBe(3);
    expect(divergent(configurations)).toEqual([]);
  });

  it('catches a region whose configuration differs in anything else', () => {
    const tampered = new Map(configurations);
    const changed = JSON.parse(tampered.get('us-west-2')!) as Json;
    changed.otlp.enabled = false;
    tampered.set('us-west-2', JSON.stringify(changed));
    expect(divergent(tampered)).toEqual(['us-west-2']);
  });

  it('is a pure function of the region\'s resource attributes and the cluster name', () => {
    expect(observabilityAddonConfiguration(resourceAttributes(config, 'us-east-1'), 'shop-prod-eks')).toBe(configurations.get('us-east-1'));
  });
});
