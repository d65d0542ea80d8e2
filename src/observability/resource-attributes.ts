/**
 * The OpenTelemetry resource attributes every signal of a region carries, whatever sends it (the collector written for
 * workloads outside EKS, the EKS observability add-on): the same keys everywhere, so one query or dashboard filter
 * works across regions (OpenTelemetry semantic conventions: `deployment.environment`, `cloud.region`,
 * `service.namespace`).
 */
export function resourceAttributes(
  config: { readonly name: string; readonly environment: string },
  region: string,
): Record<string, string> {
  return {
    'deployment.environment': config.environment,
    'cloud.region': region,
    'service.namespace': config.name,
  };
}
