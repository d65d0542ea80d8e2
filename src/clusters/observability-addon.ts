/**
 * `configuration_values` of the amazon-cloudwatch-observability add-on (CloudWatch User Guide, "Install the CloudWatch
 * agent with the Amazon CloudWatch Observability EKS add-on or the Helm chart",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html, and
 * "OTLP ingestion", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/eks-observability-addon-otlp-endpoint.html):
 * - `agent.config.logs.metrics_collected.kubernetes.enhanced_container_insights`: Container Insights with enhanced
 *   observability;
 * - `application_signals` under logs.metrics_collected and traces.traces_collected: Application Signals;
 * - `otlp.enabled`: the agent's OTLP endpoint on every node (gRPC 4317, HTTP 4318; add-on 8.0.0 and later);
 * - no `agent.config.opentelemetry` section: it needs `collect` and applies its resource attributes only to what that
 *   section collects, while the agent already adds the pod's Kubernetes and cloud attributes (the region among them)
 *   to what its OTLP endpoint receives. The shared attributes reach workloads through the `opentelemetry` ConfigMap
 *   of each namespace instead ({@link openTelemetryEnvironment}).
 * So the configuration is the same string in every region.
 */
export function observabilityAddonConfiguration(): string {
  return JSON.stringify({
    agent: {
      config: {
        logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true }, application_signals: {} } },
        traces: { traces_collected: { application_signals: {} } },
      },
    },
    containerLogs: { enabled: true },
    otlp: { enabled: true },
  });
}

/**
 * The agent's OTLP endpoint over HTTP, through the add-on's `cloudwatch-agent` service in `amazon-cloudwatch` ("OTLP
 * ingestion": gRPC on 4317, HTTP on 4318, plaintext, add-on 8.0.0 and later).
 */
export const OTLP_ENDPOINT = 'http://cloudwatch-agent.amazon-cloudwatch:4318';

/** The name of the ConfigMap every declared namespace gets with the OpenTelemetry SDK variables (`envFrom` it). */
export const OPENTELEMETRY_CONFIG_MAP = 'opentelemetry';

/**
 * The OpenTelemetry SDK environment of a workload in `region`'s cluster: the region's shared resource attributes
 * (`resourceAttributes`, published by the observability tier: the same function as the collector configs for workloads outside EKS)
 * plus the cluster's name, and the add-on's OTLP endpoint. Every workload in every region reports the same identity
 * with its own region.
 */
export function openTelemetryEnvironment(
  regionAttributes: Readonly<Record<string, string>>,
  clusterName: string,
): Record<string, string> {
  const attributes = { ...regionAttributes, 'k8s.cluster.name': clusterName };
  return {
    OTEL_RESOURCE_ATTRIBUTES: Object.entries(attributes)
      .map(([key, value]) => `${key}=${value}`)
      .join(','),
    OTEL_EXPORTER_OTLP_ENDPOINT: OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  };
}
