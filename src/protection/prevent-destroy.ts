import { Aspects, TerraformResource, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';

/**
 * Resource types whose destruction loses data or every copy of it: databases, buckets, secrets, caches, clusters, the
 * state lock table, and the KMS keys that everything else is encrypted with (a deleted key makes its ciphertext
 * unreadable). Named by Terraform type, not by tier, so every tier's resources (and any extension's) are covered.
 * Left out on purpose: Aurora cluster instances (`aws_rds_cluster_instance`: the data is in the cluster volume, and
 * lowering a reader count must still work) and log groups (their retention setting governs their data).
 */
export const STATEFUL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'aws_rds_global_cluster',
  'aws_rds_cluster',
  'aws_db_instance',
  'aws_s3_bucket',
  'aws_dynamodb_table',
  'aws_secretsmanager_secret',
  'aws_elasticache_global_replication_group',
  'aws_elasticache_replication_group',
  'aws_memorydb_multi_region_cluster',
  'aws_memorydb_cluster',
  'aws_eks_cluster',
  'aws_kms_key',
  'aws_kms_replica_key',
  'aws_cloudtrail_event_data_store',
]);

/** Sets `lifecycle.prevent_destroy` on every stateful resource of a stack: Terraform then refuses any plan that destroys one. */
class PreventDestroy implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || !STATEFUL_RESOURCE_TYPES.has(node.terraformResourceType)) return;
    node.lifecycle = { ...node.lifecycle, preventDestroy: true };
  }
}

/**
 * The project's one protection against a config edit that destroys data (a renamed secret, a moved cache member, a
 * rename of the deployment): applied to every stack unless `protection.preventDestroy` is false, the teardown switch.
 */
export function protectStatefulResources(scope: IConstruct): void {
  Aspects.of(scope).add(new PreventDestroy());
}
