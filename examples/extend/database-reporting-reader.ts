/**
 * Your own constructs next to the database tier, through the `extend` hook of `synthesize()`: one more Aurora reader
 * in every region, for reporting queries, which a failover never promotes. It is held to the database tier's
 * baseline like the tier's own instances (private, Performance Insights with the region's key, enhanced monitoring).
 *
 *   synthesize(loadConfig(), 'cdktf.out', addReportingReaders);
 */
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { DatabaseNames } from '../../src/database/names';
import { accountId } from '../../src/iam/account';
import { roleArn } from '../../src/iam/policy';
import type { Deployment } from '../../src/stacks/deployment';

export function addReportingReaders(deployment: Deployment): void {
  for (const stack of deployment.regions.values()) {
    const { config, names, region, kmsKeyArn } = stack;
    // aurora-global only: an rds-replicas region has an instance, not a cluster to add readers to.
    const cluster = stack.node.findAll().find((construct): construct is RdsCluster => construct instanceof RdsCluster);
    if (config.database.mode !== 'aurora-global' || !cluster) continue;
    const database = new DatabaseNames(names);
    // The id is the Terraform address (`aws_rds_cluster_instance.reporting_reader`): the same in every region,
    // whatever its role, so changing primaryRegion replaces nothing.
    new RdsClusterInstance(stack, 'reporting_reader', {
      identifier: `${database.regional(region)}-reporting`,
      clusterIdentifier: cluster.id,
      engine: cluster.engine,
      instanceClass: config.database.instanceClass,
      // Failover promotes the reader with the lowest tier; 15 is the last (RDS API, PromotionTier 0-15).
      promotionTier: 15,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      monitoringInterval: config.database.monitoringIntervalSeconds,
      // The tier's monitoring role (global stack), by its config-derived name: a regional stack creates no IAM.
      monitoringRoleArn: roleArn(region, accountId(stack), database.monitoringRole(region)),
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: kmsKeyArn,
      performanceInsightsRetentionPeriod: config.database.performanceInsightsRetentionDays,
      copyTagsToSnapshot: true,
    });
  }
}
