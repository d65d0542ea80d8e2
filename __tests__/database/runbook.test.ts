import { databaseRunbook } from '../../src/database/runbook';
import { configWith, regionsInput } from '../helpers/config';

describe('database runbook', () => {
  const aurora = databaseRunbook(configWith());
  const rds = databaseRunbook(configWith((i) => { Object.assign(i, regionsInput('eu-central-1', ['eu-west-1'])); i.database = { mode: 'rds-replicas' }; }));

  it('switches over and fails over to each named secondary with this deployment\'s identifiers', () => {
    for (const target of ['us-west-2', 'eu-west-1']) {
      expect(aurora).toContain(`## Planned switchover to ${target}`);
      expect(aurora).toContain(`aws rds switchover-global-cluster --region ${target} \\\n  --global-cluster-identifier shop-prod-db \\\n  --target-db-cluster-identifier arn:aws:rds:${target}:$ACCOUNT_ID:cluster:shop-prod-db-${target}`);
      expect(aurora).toContain(`## Unplanned failover to ${target}`);
    }
    expect(aurora.match(/--allow-data-loss/g)).toHaveLength(2);
    expect(aurora).not.toContain('Planned switchover to us-east-1');
  });

  it('follows the commands with the config change and the cdktf commands', () => {
    expect(aurora).toContain('primaryRegion: us-west-2\nsecondaryRegions:\n  - us-east-1\n  - eu-west-1\nglobalRegion: us-east-1');
    expect(aurora).toContain('npx cdktf deploy --ignore-missing-stack-dependencies --parallelism 1 global region-us-west-2 region-us-east-1 region-eu-west-1');
  });

  it('promotes the RDS replica and rebuilds the other regions as replicas', () => {
    expect(rds).toContain('aws rds promote-read-replica --region eu-west-1 --db-instance-identifier shop-prod-db-eu-west-1 --backup-retention-period 14');
    expect(rds).toContain('cd cdktf.out/stacks/region-eu-central-1 && terraform init && terraform apply -replace=aws_db_instance.database_instance');
    expect(rds).not.toContain('switchover-global-cluster');
  });

  it('tells how to create and rotate the password without writing it anywhere', () => {
    expect(aurora).toContain('export TF_VAR_database_master_password="$(aws secretsmanager get-random-password');
    expect(aurora).toContain('npx cdktf deploy --ignore-missing-stack-dependencies --parallelism 1 global region-us-east-1\nunset TF_VAR_database_master_password');
  });
});
