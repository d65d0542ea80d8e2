/**
 * Replacement-forcing (ForceNew) arguments of hashicorp/aws 5.100.0, the provider version every stack pins, for the
 * resource types a primary flip touches.
 *
 * Source, per type: the provider's documentation at that version (linked below), checked against the 5.100.0
 * provider binary from the plugin mirror by scripts/force-new-probe.ts: for every top-level argument of these
 * types, a `terraform plan -refresh=false` from a state holding one value to a configuration holding another
 * lists the argument in `replace_paths` for exactly the arguments below (run 2026-11-28), except those marked
 * "source", which the probe cannot set (an enum value or a companion argument it does not guess) and which come
 * from the provider's schema in internal/service/rds/*.go. Arguments 5.100.0 updates in place are not listed, even where older docs
 * said otherwise: `aws_db_instance.identifier` (updatable since 5.0, hashicorp/terraform-provider-aws#32687) and
 * `replicate_source_db` (updated in place by the provider, though RDS refuses to re-point a replica: see
 * docs/database.md).
 */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/rds_global_cluster
  aws_rds_global_cluster: ['database_name', 'engine', 'global_cluster_identifier', 'source_db_cluster_identifier' /* source */, 'storage_encrypted'],
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/rds_cluster
  aws_rds_cluster: [
    'availability_zones',
    'cluster_identifier',
    'cluster_identifier_prefix',
    'database_name',
    'db_subnet_group_name',
    'db_system_id',
    'engine',
    'engine_mode',
    'kms_key_id',
    'master_username',
    'snapshot_identifier',
    'source_region',
    'storage_encrypted',
  ],
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/rds_cluster_instance
  aws_rds_cluster_instance: ['availability_zone', 'cluster_identifier', 'db_subnet_group_name', 'engine', 'identifier', 'identifier_prefix'],
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_instance
  aws_db_instance: [
    'availability_zone',
    'character_set_name',
    'custom_iam_instance_profile', // source
    'db_name',
    'engine',
    'kms_key_id',
    'nchar_character_set_name',
    'restore_to_point_in_time', // source (a block)
    's3_import', // source (a block whose every argument forces replacement)
    'snapshot_identifier',
    'storage_encrypted',
    'timezone',
    'username',
  ],
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_instance_automated_backups_replication
  aws_db_instance_automated_backups_replication: ['kms_key_id', 'pre_signed_url', 'retention_period', 'source_db_instance_arn'],
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_subnet_group
  aws_db_subnet_group: ['name', 'name_prefix'],
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/security_group
  aws_security_group: ['description', 'name', 'name_prefix', 'vpc_id'],
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/iam_role
  aws_iam_role: ['name', 'name_prefix', 'path'],
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/secretsmanager_secret
  aws_secretsmanager_secret: ['name', 'name_prefix'],
};

/**
 * The ForceNew arguments above that are also Computed in the 5.100.0 schema (`terraform providers schema -json`):
 * left unset, Terraform keeps the prior value, so removing one from the configuration replaces nothing, and
 * setting one replaces the resource only when the value differs from the one the resource already has.
 */
export const COMPUTED: Readonly<Record<string, readonly string[]>> = {
  aws_rds_global_cluster: ['database_name', 'engine', 'source_db_cluster_identifier', 'storage_encrypted'],
  aws_rds_cluster: ['availability_zones', 'cluster_identifier', 'cluster_identifier_prefix', 'database_name', 'db_subnet_group_name', 'db_system_id', 'kms_key_id', 'master_username', 'storage_encrypted'],
  aws_rds_cluster_instance: ['availability_zone', 'db_subnet_group_name', 'identifier', 'identifier_prefix'],
  aws_db_instance: ['availability_zone', 'character_set_name', 'db_name', 'engine', 'kms_key_id', 'nchar_character_set_name', 'snapshot_identifier', 'timezone', 'username'],
  aws_db_instance_automated_backups_replication: ['kms_key_id'],
  aws_db_subnet_group: ['name', 'name_prefix'],
  aws_security_group: ['name', 'name_prefix', 'vpc_id'],
  aws_iam_role: ['name', 'name_prefix'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a stack holds for the comparison: resources by type, then by name. */
export interface StackResources {
  resources(type: string): Record<string, Json>;
}

const shown = (value: unknown): string => (value === undefined ? '(unset)' : JSON.stringify(value));

/**
 * Every replacement a change from `before` to `after` forces at an address both have, one line per resource and
 * argument naming both: `<stack>: <type>.<name> replaced: <argument> <old> -> <new>`. Arguments in the
 * resource's `lifecycle.ignore_changes` do not count (Terraform plans no change to them), nor does unsetting a
 * computed one (Terraform keeps the prior value); setting a computed one replaces the resource unless it already
 * has that value, which the line says.
 */
export function forcedReplacements(
  before: ReadonlyMap<string, StackResources>,
  after: ReadonlyMap<string, StackResources>,
  forceNew = FORCE_NEW,
  computed = COMPUTED,
): string[] {
  const lines: string[] = [];
  for (const [stack, template] of before) {
    const next = after.get(stack);
    if (!next) continue;
    for (const [type, arguments_] of Object.entries(forceNew)) {
      for (const [name, resource] of Object.entries(template.resources(type))) {
        const other = next.resources(type)[name];
        if (other === undefined) continue;
        const ignored: string[] = resource.lifecycle?.ignore_changes ?? [];
        for (const argument of arguments_) {
          const [from, to] = [resource[argument], other[argument]];
          if (ignored.includes(argument) || JSON.stringify(from) === JSON.stringify(to)) continue;
          const isComputed = computed[type]?.includes(argument) ?? false;
          if (isComputed && to === undefined) continue;
          const unless = isComputed && from === undefined ? ` unless it already is ${shown(to)}` : '';
          lines.push(`${stack}: ${type}.${name} replaced${unless}: ${argument} ${shown(from)} -> ${shown(to)}`);
        }
      }
    }
  }
  return lines.sort();
}
