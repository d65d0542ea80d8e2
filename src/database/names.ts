import type { Names } from '../base/names';
import { regionalArn } from '../base/partition';

/**
 * Deterministic database identifiers. Every stack derives what it needs from these, never from another stack's
 * state; RDS requires cluster and instance identifiers unique across regions, so each carries its region.
 */
export class DatabaseNames {
  constructor(private readonly names: Names) {}

  /** The Aurora global cluster. */
  globalCluster(): string {
    return this.names.resource('db');
  }

  /** The regional Aurora cluster, or the RDS instance, of `region`. */
  regional(region: string): string {
    return this.names.resource('db', region);
  }

  /** Aurora instance `index` of `region`. */
  instance(region: string, index: number): string {
    return `${this.regional(region)}-${index}`;
  }

  /**
   * The log group RDS exports `logType` of `region`'s cluster (Aurora) or instance (RDS) to: the name RDS uses, so
   * that the group created ahead (KMS, retention) is the one it writes to (Amazon RDS User Guide, "Publishing database
   * logs to Amazon CloudWatch Logs").
   */
  logGroup(region: string, kind: 'cluster' | 'instance', logType: string): string {
    return `/aws/rds/${kind}/${this.regional(region)}/${logType}`;
  }

  /** The replicated secret holding the master credentials (JSON: username, password). */
  secret(): string {
    return `${this.names.prefix}/db/master`;
  }

  /** The enhanced monitoring role of `region`'s database, created in the global stack (IAM is a global service). */
  monitoringRole(region: string): string {
    return `${this.regional(region)}-monitoring`;
  }

  clusterArn(region: string, account: string): string {
    return regionalArn('rds', region, account, `cluster:${this.regional(region)}`);
  }

  instanceArn(region: string, account: string): string {
    return regionalArn('rds', region, account, `db:${this.regional(region)}`);
  }
}
