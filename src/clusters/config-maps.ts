import type { Construct } from 'constructs';
import type { z } from 'zod';
import { DataAwsDbInstance } from '@cdktf/provider-aws/lib/data-aws-db-instance';
import { DataAwsElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/data-aws-elasticache-replication-group';
import { DataAwsMemorydbCluster } from '@cdktf/provider-aws/lib/data-aws-memorydb-cluster';
import { DataAwsRdsCluster } from '@cdktf/provider-aws/lib/data-aws-rds-cluster';
import type { BaseParsed } from '../base/config';
import type { Names } from '../base/names';
import { OPENTELEMETRY_CONFIG_MAP } from './observability-addon';
import { shown } from '../base/primitives';
import type { ClustersConfig, ConfigMapConfig, RegionalValue } from './config';
import { ClusterNames } from './names';

/** What the ConfigMap functions read of the config: the base fields and the clusters section. */
export type ClusterConfigMapsInput = Pick<
  BaseParsed,
  'name' | 'environment' | 'state' | 'primaryRegion' | 'secondaryRegions'
> & {
  readonly clusters: ClustersConfig;
};

/**
 * Where a region's values come from: what the storage, database and cache tiers publish of a region, each found by
 * name (`src/clusters/tier.ts` maps their published functions to these).
 */
export interface RegionalSources {
  readonly bucketName: (region: string) => string;
  readonly database: (region: string) => {
    readonly kind: 'aurora-cluster' | 'rds-instance';
    readonly identifier: string;
  };
  /** The region's cache; `missing` says why the region has none (yet). */
  readonly cache: (region: string) => {
    readonly service: 'elasticache' | 'memorydb';
    readonly name: string;
    readonly missing?: string;
  };
}

function regionsOf(config: Pick<BaseParsed, 'primaryRegion' | 'secondaryRegions'>): string[] {
  return [config.primaryRegion, ...config.secondaryRegions];
}

/**
 * Why `value` has nothing to read in `region`, or undefined when its tier deploys there. The database and storage
 * tiers have no off mode (every region has its database and bucket); the cache can be off, or not yet created in a
 * region until its global name is pinned (see docs/cache.md, first deploy).
 */
function unavailable(sources: RegionalSources, value: RegionalValue, region: string): string | undefined {
  if (value !== 'cacheEndpoint') return undefined;
  const { missing } = sources.cache(region);
  return missing === undefined ? undefined : `refers to ${missing}`;
}

/**
 * Cross-field checks of the ConfigMaps (wired into the clusters tier's `validate`): a `fromRegion` value must come
 * from a tier deployed in every region, `perRegion` may name configured regions only, and a key takes its value
 * from one place (`fromRegion` or `data`/`perRegion`).
 */
export function validateClusterConfigMaps(
  config: ClusterConfigMapsInput,
  sources: RegionalSources,
  ctx: z.RefinementCtx,
): void {
  if (!config.clusters.enabled) return;
  const regions = regionsOf(config);
  for (const [namespace, { configMaps }] of Object.entries(config.clusters.namespaces)) {
    for (const [name, configMap] of Object.entries(configMaps)) {
      const path = ['clusters', 'namespaces', namespace, 'configMaps', name];
      if (name === OPENTELEMETRY_CONFIG_MAP) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `is the name of the ConfigMap every namespace gets with the OpenTelemetry variables (OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_ENDPOINT); choose another name`,
        });
      }
      for (const [key, value] of Object.entries(configMap.fromRegion)) {
        const problem = regions
          .map((region) => unavailable(sources, value, region))
          .find((message) => message !== undefined);
        if (problem)
          ctx.addIssue({ code: 'custom', path: [...path, 'fromRegion', key], message: `${shown(value)} ${problem}` });
        if (key in configMap.data) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'data', key],
            message: `is also in fromRegion (${shown(value)}); a key takes its value from one of them`,
          });
        }
      }
      for (const [region, overrides] of Object.entries(configMap.perRegion)) {
        if (!regions.includes(region)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'perRegion', region],
            message: `is not a configured region; allowed: ${regions.join(', ')}`,
          });
        }
        for (const key of Object.keys(overrides).filter((key) => key in configMap.fromRegion)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'perRegion', region, key],
            message: `is also in fromRegion (${shown(
              configMap.fromRegion[key],
            )}); a key takes its value from one of them`,
          });
        }
      }
    }
  }
}

/**
 * The region's own values, each looked up by its config-derived name with a data source in the stack's own region
 * (created on first use, once per stack), never read from another stack's state.
 */
export class RegionalValues {
  private readonly resolved = new Map<RegionalValue, string>();

  constructor(
    private readonly scope: Construct,
    private readonly sources: RegionalSources,
    private readonly names: Names,
    private readonly region: string,
  ) {}

  get(value: RegionalValue): string {
    let resolved = this.resolved.get(value);
    if (resolved === undefined) {
      resolved = this.resolve(value);
      this.resolved.set(value, resolved);
    }
    return resolved;
  }

  private resolve(value: RegionalValue): string {
    const { scope, sources, names, region } = this;
    switch (value) {
      case 'region':
        return region;
      case 'clusterName':
        return new ClusterNames(names).cluster();
      case 'bucketName':
        return sources.bucketName(region);
      case 'databaseClusterEndpoint':
        return this.database().writer;
      case 'databaseReaderEndpoint':
        return this.database().reader;
      case 'cacheEndpoint': {
        const cache = sources.cache(region);
        return cache.service === 'memorydb'
          ? new DataAwsMemorydbCluster(scope, 'cache', { name: cache.name }).clusterEndpoint.get(0).address
          : new DataAwsElasticacheReplicationGroup(scope, 'cache', { replicationGroupId: cache.name })
              .configurationEndpointAddress;
      }
    }
  }

  /**
   * Aurora: the regional cluster's endpoints (a secondary's writer endpoint takes writes only with write forwarding or
   * after a switchover). RDS: the region's instance address for both, since each region has one instance (the
   * primary, or a read replica).
   */
  private database(): { writer: string; reader: string } {
    const { kind, identifier } = this.sources.database(this.region);
    if (kind === 'aurora-cluster') {
      const cluster =
        (this.scope.node.tryFindChild('database') as DataAwsRdsCluster | undefined) ??
        new DataAwsRdsCluster(this.scope, 'database', { clusterIdentifier: identifier });
      return { writer: cluster.endpoint, reader: cluster.readerEndpoint };
    }
    const instance =
      (this.scope.node.tryFindChild('database') as DataAwsDbInstance | undefined) ??
      new DataAwsDbInstance(this.scope, 'database', { dbInstanceIdentifier: identifier });
    return { writer: instance.address, reader: instance.address };
  }
}

/** A ConfigMap's data in `region`: the shared data, the region's own values, then the region's declared overrides. */
export function configMapData(
  configMap: ConfigMapConfig,
  region: string,
  values: RegionalValues,
): Record<string, string> {
  return {
    ...configMap.data,
    ...Object.fromEntries(Object.entries(configMap.fromRegion).map(([key, value]) => [key, values.get(value)])),
    ...configMap.perRegion[region],
  };
}
