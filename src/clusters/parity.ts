import { block } from '../policy/synthesized';
import type { ClustersConfig } from './config';

type Json = Record<string, unknown>;

/** The part of a synthesized cluster stack (`cdk.tf.json`) that parity reads. */
export interface ClusterStackJson {
  readonly resource?: Record<string, Record<string, Json>>;
}

/** One object or value of a cluster stack, as parity compares it across regions. */
export interface ParityItem {
  readonly namespace: string;
  /** `configMap`, `serviceAccount` or `secret` (a SecretProviderClass); absent for the namespace itself. */
  readonly kind?: 'configMap' | 'serviceAccount' | 'secret';
  readonly name?: string;
  /** A ConfigMap key. */
  readonly key?: string;
}

export interface ParityDifference extends ParityItem {
  readonly region: string;
  /** What this region has; undefined when it lacks the item. */
  readonly actual: string | undefined;
  /** What most regions have (the first region's value on a tie); undefined when they lack the item. */
  readonly expected: string | undefined;
}

export interface ParityReport {
  /** Differences the config does not declare: each one breaks parity. */
  readonly undeclared: readonly ParityDifference[];
  /** Differences the config declares (`perRegion` overrides). */
  readonly declared: readonly ParityDifference[];
}

/** Stands for a value that is the region's own by declaration (`fromRegion`): its presence is compared, not its value. */
const REGIONAL = "(the region's own)";
/** Stands for the stack's own region inside a compared value, so a value naming another region stands out. */
const OWN_REGION = '<own region>';

/** `region: namespace "app" ConfigMap "settings" key "LOG_LEVEL" is "debug" where the other regions have "info"`. */
export function describeDifference(difference: ParityDifference): string {
  const { region, namespace, kind, name, key, actual, expected } = difference;
  const kinds = { configMap: 'ConfigMap', serviceAccount: 'service account', secret: 'secret reference' };
  const what = [
    `namespace ${JSON.stringify(namespace)}`,
    kind && `${kinds[kind]} ${JSON.stringify(name)}`,
    key !== undefined && `key ${JSON.stringify(key)}`,
  ]
    .filter(Boolean)
    .join(' ');
  const shown = (value: string | undefined) => (value === undefined ? 'nothing' : JSON.stringify(value));
  return `${region}: ${what} is ${shown(actual)} where the other regions have ${shown(expected)}`;
}

/**
 * Every difference between the regions' cluster stacks in namespaces, ConfigMap names, keys and values, service
 * accounts and secret references (the SecretProviderClass's secret names, synced Secrets and region). A stack's own
 * region inside a value is compared as "its own region", so a SecretProviderClass reading another region's replica,
 * or an OpenTelemetry attribute naming another region, is a difference. Keys whose value is declared per region
 * (`fromRegion`) are compared by presence only; a value that differs where `perRegion` overrides it is reported as
 * declared.
 */
export function clusterParity(
  clusters: Pick<ClustersConfig, 'namespaces'>,
  stacks: ReadonlyMap<string, ClusterStackJson>,
): ParityReport {
  const items = new Map<string, { item: ParityItem; values: Map<string, string> }>();
  for (const [region, stack] of stacks) {
    for (const [id, item, value] of parityItems(clusters, stack, region)) {
      let entry = items.get(id);
      if (!entry) items.set(id, (entry = { item, values: new Map() }));
      entry.values.set(region, value);
    }
  }

  const regions = [...stacks.keys()];
  const undeclared: ParityDifference[] = [];
  const declared: ParityDifference[] = [];
  for (const { item, values } of items.values()) {
    const expected = majority(regions.map((region) => values.get(region)));
    for (const region of regions) {
      const actual = values.get(region);
      if (actual === expected) continue;
      const difference = { region, ...item, actual, expected };
      const override =
        item.kind === 'configMap' && item.key !== undefined
          ? clusters.namespaces[item.namespace]?.configMaps[item.name!]?.perRegion[region]?.[item.key]
          : undefined;
      (override !== undefined && override === actual ? declared : undeclared).push(difference);
    }
  }
  return { undeclared, declared };
}

/** The most frequent value; on a tie the earliest (regions are in config order, the primary first). */
export function majority(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string | undefined, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0];
  for (const [value, count] of counts) if (count > counts.get(best)!) best = value;
  return best;
}

/** `[identity, item, comparable value]` of everything parity compares in one stack. */
function parityItems(
  clusters: Pick<ClustersConfig, 'namespaces'>,
  stack: ClusterStackJson,
  region: string,
): [string, ParityItem, string][] {
  const ownRegion = (value: string) => value.split(region).join(OWN_REGION);
  const resources = (type: string) => Object.values(stack.resource?.[type] ?? {});
  const namespaceNames = new Map(
    Object.entries(stack.resource?.kubernetes_namespace_v1 ?? {}).map(([address, ns]) => [
      address,
      String(block(ns.metadata)?.name),
    ]),
  );
  // ConfigMaps and service accounts name their namespace by reference, so they follow it.
  const namespaceOf = (value: unknown): string => {
    const reference = /^\$\{kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(String(value));
    return reference ? namespaceNames.get(reference[1]) ?? String(value) : String(value);
  };
  const found: [string, ParityItem, string][] = [];
  const add = (item: ParityItem, value: string) =>
    found.push([JSON.stringify([item.namespace, item.kind, item.name, item.key]), item, value]);

  for (const namespace of namespaceNames.values()) add({ namespace }, 'present');
  for (const configMap of resources('kubernetes_config_map_v1')) {
    const metadata = block(configMap.metadata)!;
    const namespace = namespaceOf(metadata.namespace);
    const name = String(metadata.name);
    add({ namespace, kind: 'configMap', name }, 'present');
    const fromRegion = clusters.namespaces[namespace]?.configMaps[name]?.fromRegion ?? {};
    for (const [key, value] of Object.entries((configMap.data ?? {}) as Record<string, unknown>)) {
      add({ namespace, kind: 'configMap', name, key }, key in fromRegion ? REGIONAL : ownRegion(String(value)));
    }
  }
  for (const account of resources('kubernetes_service_account_v1')) {
    const metadata = block(account.metadata)!;
    add({ namespace: namespaceOf(metadata.namespace), kind: 'serviceAccount', name: String(metadata.name) }, 'present');
  }
  for (const { manifest } of resources('kubernetes_manifest') as { manifest: Json }[]) {
    if (manifest.kind !== 'SecretProviderClass') continue;
    const metadata = manifest.metadata as Json;
    const spec = manifest.spec as Json;
    add(
      { namespace: String(metadata.namespace), kind: 'secret', name: String(metadata.name) },
      ownRegion(
        JSON.stringify({ provider: spec.provider, parameters: spec.parameters, secretObjects: spec.secretObjects }),
      ),
    );
  }
  return found;
}
