import { block } from '../policy/synthesized';
import { majority } from './parity';

type Json = Record<string, unknown>;

/** The part of a synthesized regional stack (`cdk.tf.json`) that EKS parity reads. */
export interface RegionalStackJson {
  readonly resource?: Record<string, Record<string, Json>>;
}

/** What EKS parity compares: an add-on, a Pod Identity association or an access entry, by its natural key. */
export interface EksParityItem {
  readonly kind: 'add-on' | 'Pod Identity association' | 'access entry';
  /** The add-on name, `namespace/serviceAccount`, or the principal ARN. */
  readonly name: string;
}

export interface EksParityDifference extends EksParityItem {
  readonly region: string;
  /** What this region has; undefined when it lacks the item. */
  readonly actual: string | undefined;
  /** What most regions have (the first region's on a tie); undefined when they lack the item. */
  readonly expected: string | undefined;
}

/** Stands for the stack's own region inside a compared value (role names and ARNs carry it). */
const OWN_REGION = '<own region>';

/** `us-west-2: add-on "coredns" is {...} where the other regions have {...}`. */
export function describeEksDifference({ region, kind, name, actual, expected }: EksParityDifference): string {
  const shown = (value: string | undefined) => (value === undefined ? 'nothing' : value);
  return `${region}: ${kind} ${JSON.stringify(name)} is ${shown(actual)} where the other regions have ${shown(
    expected,
  )}`;
}

/**
 * Every difference between the regions' EKS resources: add-on versions, configuration values and Pod Identity
 * associations, the workloads' Pod Identity associations, and access entries with their access policies. The config
 * declares none of these per region (`clusters.addons`, `admins`, `viewers` and the service accounts apply to every
 * region), so every difference breaks parity. A region's own name inside a value is compared as "its own region".
 */
export function eksParity(stacks: ReadonlyMap<string, RegionalStackJson>): EksParityDifference[] {
  const items = new Map<string, { item: EksParityItem; values: Map<string, string> }>();
  for (const [region, stack] of stacks) {
    for (const [item, value] of eksParityItems(stack, region)) {
      const id = JSON.stringify([item.kind, item.name]);
      let entry = items.get(id);
      if (!entry) items.set(id, (entry = { item, values: new Map() }));
      entry.values.set(region, value);
    }
  }
  const regions = [...stacks.keys()];
  const differences: EksParityDifference[] = [];
  for (const { item, values } of items.values()) {
    const expected = majority(regions.map((region) => values.get(region)));
    for (const region of regions) {
      const actual = values.get(region);
      if (actual !== expected) differences.push({ region, ...item, actual, expected });
    }
  }
  return differences;
}

function eksParityItems(stack: RegionalStackJson, region: string): [EksParityItem, string][] {
  const resources = (type: string) => Object.values(stack.resource?.[type] ?? {});
  const comparable = (value: unknown) =>
    JSON.stringify(value ?? null)
      .split(region)
      .join(OWN_REGION);
  const found: [EksParityItem, string][] = [];
  for (const addon of resources('aws_eks_addon')) {
    found.push([
      { kind: 'add-on', name: String(addon.addon_name) },
      comparable({
        version: addon.addon_version,
        configuration:
          addon.configuration_values === undefined ? undefined : JSON.parse(String(addon.configuration_values)),
        podIdentity: addon.pod_identity_association,
      }),
    ]);
  }
  for (const association of resources('aws_eks_pod_identity_association')) {
    found.push([
      {
        kind: 'Pod Identity association',
        name: `${String(association.namespace)}/${String(association.service_account)}`,
      },
      comparable({ role: association.role_arn }),
    ]);
  }
  const policies = resources('aws_eks_access_policy_association');
  for (const [address, entry] of Object.entries(stack.resource?.aws_eks_access_entry ?? {})) {
    // Policy associations name their entry's principal through a reference to the entry.
    const attached = policies
      .filter((policy) => String(policy.principal_arn).includes(`aws_eks_access_entry.${address}.`))
      .map((policy) => ({ policy: policy.policy_arn, scope: block(policy.access_scope) }))
      .sort((a, b) => String(a.policy).localeCompare(String(b.policy)));
    found.push([
      { kind: 'access entry', name: String(entry.principal_arn) },
      comparable({ type: entry.type, policies: attached }),
    ]);
  }
  return found;
}
