import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { observabilityAddonConfiguration } from '../../src/clusters/observability-addon';
import { ADDON_DEFAULTS } from '../../src/clusters/config';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { configWith, issuesOf } from '../helpers/config';
import { validateJson, type JsonSchema } from '../helpers/json-schema';
import { clustersConfig, synthToDisk } from '../helpers/clusters';
import { cachedSynthesis } from '../helpers/synth-cache';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The add-on's configuration_values in every region of `config`. */
function addonConfigurations(config: Config): Map<string, string> {
  const outdir = cachedSynthesis(config);
  return new Map(
    config.allRegions.map((region) => {
      const stack = JSON.parse(
        readFileSync(path.join(outdir, 'stacks', `region-${region}`, 'cdk.tf.json'), 'utf8'),
      ) as Json;
      return [
        region,
        stack.resource.aws_eks_addon.clusters_addon_amazon_cloudwatch_observability.configuration_values as string,
      ];
    }),
  );
}

const config = configWith();
const configurations = addonConfigurations(config);

describe('amazon-cloudwatch-observability add-on configuration', () => {
  it('turns on enhanced Container Insights, Application Signals and the OTLP endpoint', () => {
    const parsed = JSON.parse(configurations.get('us-east-1')!) as Json;
    expect(parsed.agent.config.logs.metrics_collected).toEqual({
      kubernetes: { enhanced_container_insights: true },
      application_signals: {},
    });
    expect(parsed.agent.config.traces.traces_collected).toEqual({ application_signals: {} });
    expect(parsed.otlp).toEqual({ enabled: true });
  });

  it('sets no opentelemetry section: without `collect` its resource attributes reach nothing', () => {
    for (const value of configurations.values())
      expect((JSON.parse(value) as Json).agent.config.opentelemetry).toBeUndefined();
  });

  it('is the same string in every region', () => {
    expect(configurations.size).toBe(3);
    expect(new Set(configurations.values())).toEqual(new Set([observabilityAddonConfiguration()]));
  });
});

describe('the stored configuration schema of amazon-cloudwatch-observability', () => {
  const root = path.join(__dirname, '..', '..');
  const schema = JSON.parse(
    readFileSync(
      path.join(root, 'src', 'clusters', 'addon-schemas', 'amazon-cloudwatch-observability.schema.json'),
      'utf8',
    ),
  ) as JsonSchema & { 'x-provenance': Record<string, string> };
  const clusterConfigs = [
    DEFAULT_CONFIG_PATH,
    ...readdirSync(path.join(root, 'examples'))
      .filter((file) => /\.ya?ml$/.test(file))
      .map((file) => path.join(root, 'examples', file)),
  ]
    .map((file) => ({ file: path.relative(root, file), config: loadConfig(file) }))
    .filter(({ config }) => config.clusters.enabled);

  it('is the schema of the pinned version, with its source', () => {
    expect(schema['x-provenance'].addonVersion).toBe(ADDON_DEFAULTS['amazon-cloudwatch-observability']);
    expect(schema['x-provenance'].authoritative).toContain(
      `--addon-version ${ADDON_DEFAULTS['amazon-cloudwatch-observability']}`,
    );
  });

  it("admits every generated configuration: the default config's and every clusters example's, in every region", () => {
    expect(clusterConfigs.map(({ file }) => file)).toEqual([
      'config/default.yaml',
      'examples/clusters-eks-2-regions.yaml',
    ]);
    const generated = clusterConfigs.flatMap(({ config: each }) => [...addonConfigurations(each).values()]);
    expect(generated).toHaveLength(5);
    for (const value of generated) expect(validateJson(schema, JSON.parse(value))).toEqual([]);
  });

  it('refuses what the add-on would refuse: an unknown key, a wrong type, an opentelemetry section without collect', () => {
    const valid = JSON.parse(observabilityAddonConfiguration()) as Json;
    expect(validateJson(schema, { ...valid, otlpp: { enabled: true } })).toEqual([
      expect.stringMatching(/^\$: otlpp is not allowed/),
    ]);
    expect(validateJson(schema, { ...valid, otlp: { enabled: 'true' } })).toEqual([
      '$.otlp.enabled: is string, expected boolean',
    ]);
    const attributesOnly = {
      ...valid,
      agent: {
        config: { ...valid.agent.config, opentelemetry: { resource_attributes: { 'cloud.region': 'us-east-1' } } },
      },
    };
    expect(validateJson(schema, attributesOnly)).toEqual(['$.agent.config.opentelemetry: lacks required collect']);
  });
});

describe('the OpenTelemetry variables every workload reads', () => {
  const stacks = synthToDisk(clustersConfig()).clusters;

  it.each(['us-east-1', 'us-west-2', 'eu-west-1'])(
    "are in an opentelemetry ConfigMap of every namespace in %s, with the region's own attributes",
    (region) => {
      const configMaps = stacks.get(region)!.resource.kubernetes_config_map_v1 as Record<string, Json>;
      for (const namespace of ['shop', 'observability']) {
        expect(configMaps[`k8s_config_map_${namespace}_opentelemetry`]).toMatchObject({
          metadata: {
            name: 'opentelemetry',
            namespace: `\${kubernetes_namespace_v1.k8s_namespace_${namespace}.metadata[0].name}`,
          },
          data: {
            OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=prod,cloud.region=${region},service.namespace=shop,k8s.cluster.name=shop-prod-eks`,
            OTEL_EXPORTER_OTLP_ENDPOINT: 'http://cloudwatch-agent.amazon-cloudwatch:4318',
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          },
        });
      }
    },
  );

  it('keeps the name for itself', () => {
    expect(
      issuesOf((i) => {
        i.clusters.namespaces.shop.configMaps.opentelemetry = { data: { A: 'b' } };
      }),
    ).toContain(
      'clusters.namespaces.shop.configMaps.opentelemetry: is the name of the ConfigMap every namespace gets with the OpenTelemetry variables (OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_ENDPOINT); choose another name',
    );
  });
});
