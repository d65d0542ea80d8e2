/**
 * `configuration_values` of the amazon-cloudwatch-observability add-on (CloudWatch User Guide, "Install the CloudWatch
 * agent with the Amazon CloudWatch Observability EKS add-on or the Helm chart",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html, and
 * "OTLP ingestion", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/eks-observability-addon-otlp-endpoint.html):
 * - `agent.config.logs.metrics_collected.kubernetes.enhanced_container_insights`: Container Insights with enhanced
 *   observability;
 * - `application_signals` under logs.metrics_collected and traces.traces_collected: Application Signals;
 * - `otlp.enabled`: the agent's OTLP endpoint on every node (gRPC 4317, HTTP 4318; add-on 8.0.0 and later);
 * - `agent.config.opentelemetry.resource_attributes` (CloudWatch agent configuration file, "OpenTelemetry section"):
 *   the only values that differ between regions: the region's attributes, the same function and values as the
 *   OpenTelemetry Collector configs for workloads outside EKS (`src/observability/resource-attributes.ts`), and the
 *   cluster's name.
 */
export const OBSERVABILITY_RESOURCE_ATTRIBUTES = ['deployment.environment', 'cloud.region', 'service.namespace', 'k8s.cluster.name'] as const;

export function observabilityAddonConfiguration(regionAttributes: Readonly<Record<string, string>>, clusterName: string): string {
  const resourceAttributes = { ...regionAttributes, 'k8s.cluster.name': clusterName };
  return JSON.stringify({
    agent: {
      config: {
        logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true }, application_signals: {} } },
        traces: { traces_collected: { application_signals: {} } },
        opentelemetry: { resource_attributes: resourceAttributes },
      },
    },
    containerLogs: { enabled: true },
    otlp: { enabled: true },
  });
}

/** The configuration without its per-region resource attributes: what must be identical in every region. */
export function withoutResourceAttributes(configuration: string): unknown {
  const parsed = JSON.parse(configuration) as { agent?: { config?: { opentelemetry?: { resource_attributes?: unknown } } } };
  delete parsed.agent?.config?.opentelemetry?.resource_attributes;
  return parsed;
}
