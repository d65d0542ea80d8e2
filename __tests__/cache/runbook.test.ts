import { cacheRunbook } from '../../src/cache/runbook';
import { parse } from 'yaml';
import type { ConfigInput } from '../../src/registry/schema';
import { configWith, regionsInput } from '../helpers/config';
import { Template, deploymentFor } from '../helpers/template';

describe('cache runbook', () => {
  it('gives the first-deploy sequence while the Global Datastore ID is not pinned', () => {
    const runbook = cacheRunbook(configWith());
    expect(runbook).toContain(
      'npx cdktf deploy --ignore-missing-stack-dependencies --parallelism 1 edge   # the Global Datastore, from the primary group',
    );
    expect(runbook).toContain('terraform -chdir=cdktf.out/stacks/edge output -raw cache_global_datastore_id');
    expect(runbook).toContain('Until `cache.globalDatastoreId` is set, the secondary regions create no');
    expect(runbook).toContain(
      'GLOBAL_DATASTORE_ID=$(terraform -chdir=cdktf.out/stacks/edge output -raw cache_global_datastore_id)',
    );
  });

  it("promotes each secondary with this deployment's identifiers, planned and unplanned, with RTO and RPO", () => {
    const runbook = cacheRunbook(
      configWith((i) => {
        i.cache = { mode: 'elasticache-global', globalDatastoreId: 'ldgnf-shop-prod-cache' };
      }),
    );
    for (const target of ['us-west-2', 'eu-west-1']) {
      expect(runbook).toContain(`## Planned promotion of ${target}`);
      expect(runbook).toContain(`## Unplanned promotion of ${target}`);
      expect(runbook).toContain(
        [
          `aws elasticache failover-global-replication-group --region ${target} \\`,
          '  --global-replication-group-id ldgnf-shop-prod-cache \\',
          `  --primary-region ${target} --primary-replication-group-id shop-prod-cache`,
        ].join('\n'),
      );
      expect(runbook).toContain(`primaryRegion: ${target}`);
    }
    expect(runbook).toContain('RTO about 1 minute, RPO under 1 second');
    expect(runbook).toContain('  globalDatastoreId: ldgnf-shop-prod-cache   # the same datastore: nothing is replaced');
    expect(runbook).toContain('aws elasticache disassociate-global-replication-group --region eu-west-1');
  });

  it('says what MemoryDB does instead: active-active, no promotion, and how to avoid its provider traps', () => {
    const runbook = cacheRunbook(
      configWith((i) => {
        Object.assign(i, regionsInput('eu-west-1', ['eu-central-1']));
        i.cache = { mode: 'memorydb-multi-region', multiRegionClusterName: 'virxk-shop-prod-cache' };
      }),
    );
    expect(runbook).toContain('## Regional outage: no promotion');
    expect(runbook).toContain('MemoryDB Multi-Region is active-active');
    expect(runbook).not.toContain('failover-global-replication-group');
    expect(runbook).toContain(
      'aws memorydb update-multi-region-cluster --region eu-west-1 --multi-region-cluster-name virxk-shop-prod-cache --node-type <db.r7g.2xlarge>',
    );
    expect(runbook).toContain('Remove one region per deploy');
  });

  it('has nothing to promote in mode regional', () => {
    expect(
      cacheRunbook(
        configWith((i) => {
          i.cache = { mode: 'regional' };
        }),
      ),
    ).toContain('Nothing to promote');
  });
});

describe('cache runbook: rebuilding the Global Datastore after a disassociation', () => {
  const PINNED = (i: ConfigInput) => {
    i.cache = { mode: 'elasticache-global', globalDatastoreId: 'ldgnf-shop-prod-cache' };
  };
  const runbook = cacheRunbook({ ...configWith(PINNED), source: 'config/default.yaml' });

  // The runbook's own config edit and deploy line, synthesized: no stack it deploys may lose a healthy member's group.
  it.each(['us-west-2', 'eu-west-1'])(
    'after detaching %s, deploys only stacks that keep their replication group',
    (target) => {
      const section = runbook.split(`### After a disassociation of ${target}\n`)[1]?.split('\n## ')[0] ?? '';
      const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
      const deploy = section.split('\n').find((line) => line.includes('npx cdktf deploy'));
      expect(yaml).toBeDefined();
      expect(deploy).toBeDefined();
      const edit = parse(yaml!) as {
        primaryRegion: string;
        secondaryRegions: string[];
        cache: Record<string, unknown> | null;
      };
      expect(edit.cache?.globalDatastoreId).toBeUndefined();
      const after = configWith((i) => {
        PINNED(i);
        Object.assign(i, { primaryRegion: edit.primaryRegion, secondaryRegions: edit.secondaryRegions });
        delete (i.cache as Record<string, unknown>).globalDatastoreId;
      });
      const deployment = deploymentFor(after);
      const deployed = deploy!
        .split('#')[0]
        .trim()
        .split(/\s+/)
        .filter((word) => word.startsWith('region-'));
      expect(deployed).toEqual([`region-${target}`]);
      for (const [region, stack] of deployment.regions) {
        if (!deployed.includes(`region-${region}`)) continue;
        expect(Object.keys(Template.fromStack(stack).resources('aws_elasticache_replication_group'))).toEqual([
          'cache_group',
        ]);
      }
    },
  );
});
