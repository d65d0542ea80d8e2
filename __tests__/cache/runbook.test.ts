import { cacheRunbook } from '../../src/cache/runbook';
import { configWith, regionsInput } from '../helpers/config';

describe('cache runbook', () => {
  it('gives the first-deploy sequence while the Global Datastore ID is not pinned', () => {
    const runbook = cacheRunbook(configWith());
    expect(runbook).toContain('npx cdktf deploy --ignore-missing-stack-dependencies --parallelism 1 edge   # the Global Datastore, from the primary group');
    expect(runbook).toContain('terraform -chdir=cdktf.out/stacks/edge output -raw cache_global_datastore_id');
    expect(runbook).toContain('Until `cache.globalDatastoreId` is set, the secondary regions create no');
    expect(runbook).toContain('GLOBAL_DATASTORE_ID=$(terraform -chdir=cdktf.out/stacks/edge output -raw cache_global_datastore_id)');
  });

  it('promotes each secondary with this deployment\'s identifiers, planned and unplanned, with RTO and RPO', () => {
    const runbook = cacheRunbook(configWith((i) => { i.cache = { mode: 'elasticache-global', globalDatastoreId: 'ldgnf-shop-prod-cache' }; }));
    for (const target of ['us-west-2', 'eu-west-1']) {
      expect(runbook).toContain(`## Planned promotion of ${target}`);
      expect(runbook).toContain(`## Unplanned promotion of ${target}`);
      expect(runbook).toContain([
        `aws elasticache failover-global-replication-group --region ${target} \\`,
        '  --global-replication-group-id ldgnf-shop-prod-cache \\',
        `  --primary-region ${target} --primary-replication-group-id shop-prod-cache`,
      ].join('\n'));
      expect(runbook).toContain(`primaryRegion: ${target}`);
    }
    expect(runbook).toContain('RTO about 1 minute, RPO under 1 second');
    expect(runbook).toContain('  globalDatastoreId: ldgnf-shop-prod-cache   # the same datastore: nothing is replaced');
    expect(runbook).toContain('aws elasticache disassociate-global-replication-group --region eu-west-1');
  });

  it('says what MemoryDB does instead: active-active, no promotion, and how to avoid its provider traps', () => {
    const runbook = cacheRunbook(configWith((i) => { Object.assign(i, regionsInput('eu-west-1', ['eu-central-1'])); i.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' }; }));
    expect(runbook).toContain('## Regional outage: no promotion');
    expect(runbook).toContain('MemoryDB Multi-Region is active-active');
    expect(runbook).not.toContain('failover-global-replication-group');
    expect(runbook).toContain('aws memorydb update-multi-region-cluster --region eu-west-1 --multi-region-cluster-name virxk-shop-prod-cache --node-type <db.r7g.2xlarge>');
    expect(runbook).toContain('Remove one region per deploy');
  });

  it('has nothing to promote in mode regional', () => {
    expect(cacheRunbook(configWith((i) => { i.cache = { mode: 'regional' }; }))).toContain('Nothing to promote');
  });
});
