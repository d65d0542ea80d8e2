import type { PolicyRule } from '../rule';
import { resourceRule } from '../rule';
import type { SynthesizedResource } from '../synthesized';

const CLUSTER = 'aws_rds_cluster';
const CLUSTER_INSTANCE = 'aws_rds_cluster_instance';
const INSTANCE = 'aws_db_instance';

const isTrue = (resource: SynthesizedResource, argument: string) => resource.config[argument] === true;

export const rdsClusterEncrypted = resourceRule('RDS_CLUSTER_ENCRYPTED', 'CKV_AWS_96', CLUSTER, (cluster) =>
  isTrue(cluster, 'storage_encrypted') && cluster.config.kms_key_id
    ? undefined
    : 'is not encrypted with a KMS key (storage_encrypted, kms_key_id)',
);

export const rdsInstanceEncrypted = resourceRule('RDS_INSTANCE_ENCRYPTED', 'CKV_AWS_16', INSTANCE, (instance) =>
  isTrue(instance, 'storage_encrypted') && instance.config.kms_key_id
    ? undefined
    : 'is not encrypted with a KMS key (storage_encrypted, kms_key_id)',
);

const notPublic = (type: string) =>
  resourceRule(
    `RDS_NOT_PUBLIC_${type === INSTANCE ? 'INSTANCE' : 'CLUSTER_INSTANCE'}`,
    'CKV_AWS_17',
    type,
    (instance) =>
      instance.config.publicly_accessible === false ? undefined : 'does not set publicly_accessible = false',
  );

export const rdsClusterDeletionProtection = resourceRule(
  'RDS_CLUSTER_DELETION_PROTECTION',
  'CKV_AWS_139',
  CLUSTER,
  (cluster) => (isTrue(cluster, 'deletion_protection') ? undefined : 'does not set deletion_protection = true'),
);

export const rdsInstanceDeletionProtection = resourceRule(
  'RDS_INSTANCE_DELETION_PROTECTION',
  'CKV_AWS_293',
  INSTANCE,
  (instance) => (isTrue(instance, 'deletion_protection') ? undefined : 'does not set deletion_protection = true'),
);

const backupRetention = (type: string) =>
  resourceRule(`RDS_BACKUP_RETENTION_${type === CLUSTER ? 'CLUSTER' : 'INSTANCE'}`, 'CKV_AWS_133', type, (resource) => {
    const days = resource.config.backup_retention_period;
    return typeof days === 'number' && days >= 7
      ? undefined
      : `keeps backups ${
          days === undefined ? 'for the default 1 day' : `${String(days)} days`
        }; set backup_retention_period >= 7`;
  });

export const rdsClusterIamAuth = resourceRule('RDS_CLUSTER_IAM_AUTH', 'CKV_AWS_162', CLUSTER, (cluster) =>
  isTrue(cluster, 'iam_database_authentication_enabled') ? undefined : 'does not enable IAM database authentication',
);

export const rdsInstanceIamAuth = resourceRule('RDS_INSTANCE_IAM_AUTH', 'CKV_AWS_161', INSTANCE, (instance) =>
  isTrue(instance, 'iam_database_authentication_enabled') ? undefined : 'does not enable IAM database authentication',
);

const performanceInsightsKms = (type: string) =>
  resourceRule(`RDS_PI_KMS_${type === INSTANCE ? 'INSTANCE' : 'CLUSTER_INSTANCE'}`, 'CKV_AWS_354', type, (instance) =>
    isTrue(instance, 'performance_insights_enabled') && instance.config.performance_insights_kms_key_id
      ? undefined
      : 'does not enable Performance Insights encrypted with a KMS key (performance_insights_kms_key_id)',
  );

export const rdsClusterCopyTags = resourceRule('RDS_CLUSTER_COPY_TAGS', 'CKV_AWS_313', CLUSTER, (cluster) =>
  isTrue(cluster, 'copy_tags_to_snapshot') ? undefined : 'does not set copy_tags_to_snapshot = true',
);

const logExports = (type: string) =>
  resourceRule(`RDS_LOG_EXPORTS_${type === CLUSTER ? 'CLUSTER' : 'INSTANCE'}`, undefined, type, (resource) => {
    const logs = resource.config.enabled_cloudwatch_logs_exports;
    return Array.isArray(logs) && logs.length > 0
      ? undefined
      : 'exports no logs to CloudWatch Logs (enabled_cloudwatch_logs_exports)';
  });

const enhancedMonitoring = (type: string) =>
  resourceRule(
    `RDS_ENHANCED_MONITORING_${type === INSTANCE ? 'INSTANCE' : 'CLUSTER_INSTANCE'}`,
    undefined,
    type,
    (instance) => {
      const interval = instance.config.monitoring_interval;
      return typeof interval === 'number' && interval > 0 && instance.config.monitoring_role_arn
        ? undefined
        : 'has no enhanced monitoring (monitoring_interval > 0, monitoring_role_arn)';
    },
  );

export const DATABASE_RULES: readonly PolicyRule[] = [
  rdsClusterEncrypted,
  rdsInstanceEncrypted,
  notPublic(CLUSTER_INSTANCE),
  notPublic(INSTANCE),
  rdsClusterDeletionProtection,
  rdsInstanceDeletionProtection,
  backupRetention(CLUSTER),
  backupRetention(INSTANCE),
  rdsClusterIamAuth,
  rdsInstanceIamAuth,
  performanceInsightsKms(CLUSTER_INSTANCE),
  performanceInsightsKms(INSTANCE),
  rdsClusterCopyTags,
  logExports(CLUSTER),
  logExports(INSTANCE),
  enhancedMonitoring(CLUSTER_INSTANCE),
  enhancedMonitoring(INSTANCE),
];
