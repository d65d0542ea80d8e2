import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig, type Config } from '../../src/config/load';
import { Names } from '../../src/base/names';
import { cacheDeployedIn } from '../../src/cache/config';
import { clustersRunbookSteps } from '../../src/clusters/runbook';
import { ObservabilityNames } from '../../src/observability/names';
import { deploymentRunbook, runbookPath } from '../../src/operations/runbook';
import { configWith, withRegions } from '../helpers/config';
import { cachedSynthesis } from '../helpers/synth-cache';

const root = path.join(__dirname, '..', '..');
const ACME = '/home/ops/acme.yaml';
const withSource = (config: Config): Config => ({ ...config, source: ACME });

/** The runbook cut into sections by heading (`## ` or `### `), keyed by the heading's text. */
function sections(runbook: string, level: '##' | '###'): Record<string, string> {
  const pattern = new RegExp(`^${level} `, 'm');
  return Object.fromEntries(
    runbook
      .split(pattern)
      .slice(1)
      .map((section) => [section.slice(0, section.indexOf('\n')), section]),
  );
}

/** The lines of the runbook's ```sh blocks. */
function shellLines(text: string): string[] {
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) => block[1].split('\n').filter(Boolean));
}

const deployLine = (text: string) => shellLines(text).filter((line) => line.includes(' npx cdktf deploy '));

describe('deployment runbook', () => {
  const config = withSource(
    configWith((i) => {
      i.cache = { mode: 'elasticache-global', globalDatastoreId: 'ldgnf-shop-prod-cache' };
    }),
  );
  const runbook = deploymentRunbook(config);
  const top = sections(runbook, '##');

  it('moves the primary to the first secondary by default, or to the named one, and refuses any other region', () => {
    expect(Object.keys(top)).toEqual([
      'This deployment',
      'Expected RPO and RTO',
      'Planned switchover to us-west-2',
      'Unplanned failover to us-west-2',
    ]);
    expect(Object.keys(sections(deploymentRunbook(config, 'eu-west-1'), '##'))).toContain(
      'Unplanned failover to eu-west-1',
    );
    expect(() => deploymentRunbook(config, 'us-east-1')).toThrow(
      '"us-east-1" is not a secondary region of shop-prod; allowed: us-west-2, eu-west-1',
    );
    expect(() => deploymentRunbook(config, 'ap-south-1')).toThrow(
      '"ap-south-1" is not a secondary region of shop-prod; allowed: us-west-2, eu-west-1',
    );
    const single = deploymentRunbook(
      withSource(
        configWith((i) => {
          withRegions(i, 'us-east-1', []);
          i.cache = { mode: 'regional' };
          i.cdn = { enabled: false };
        }),
      ),
    );
    expect(single).toContain('No secondary region: nothing to switch over or fail over to.');
    expect(single).not.toContain('## Planned');
  });

  it('runs the steps in order: regions, database, cache, secrets, CDN origins, clusters, then Terraform', () => {
    for (const heading of ['Planned switchover to us-west-2', 'Unplanned failover to us-west-2']) {
      const steps = Object.keys(sections(top[heading], '###')).map((title) => title.replace(/:.*/, ''));
      expect(steps).toEqual([
        '0. Check the regions',
        '1. Database',
        '2. Cache',
        '3. Secrets',
        '4. CDN origins',
        '5. Clusters',
        '6. Bring Terraform back in line',
      ]);
    }
  });

  it("checks region health before and after, with the observability tier's composite alarm names", () => {
    const health = new ObservabilityNames(new Names(config));
    const planned = sections(top['Planned switchover to us-west-2'], '###');
    for (const region of ['us-east-1', 'us-west-2']) {
      expect(planned['0. Check the regions']).toContain(
        `--region ${region} --alarm-types CompositeAlarm --alarm-names ${health.regionHealthAlarm(
          region,
        )} --query 'CompositeAlarms[0].StateValue'`,
      );
    }
    expect(planned['0. Check the regions']).toContain(
      `# us-east-1's health (composite alarm \`shop-prod-us-east-1-unhealthy\`): expect OK\n`,
    );
    expect(sections(top['Unplanned failover to us-west-2'], '###')['0. Check the regions']).toContain(
      'expect ALARM, or no answer: the region is down',
    );
    expect(planned['6. Bring Terraform back in line']).toContain(
      "**After**\n\n```sh\n# us-west-2's health (composite alarm `shop-prod-us-west-2-unhealthy`): expect OK\naws cloudwatch describe-alarms --region us-west-2 --alarm-types CompositeAlarm --alarm-names shop-prod-us-west-2-unhealthy",
    );
  });

  it('gives each step its checks before and after, naming the alarm and the metric', () => {
    const planned = sections(top['Planned switchover to us-west-2'], '###');
    const database = planned['1. Database: make us-west-2 the writer of `shop-prod-db`'];
    expect(database).toContain(
      '**Before**\n\n```sh\n# replication lag of us-west-2 (alarm `shop-prod-db-us-west-2-replication-lag` on AuroraGlobalDBReplicationLag): expect OK\naws cloudwatch describe-alarms --region us-west-2 --alarm-names shop-prod-db-us-west-2-replication-lag',
    );
    expect(database).toContain('aws rds switchover-global-cluster --region us-west-2');
    expect(database).toContain(
      '# replication lag of us-east-1, now a secondary (alarm `shop-prod-db-us-east-1-replication-lag` on AuroraGlobalDBReplicationLag): expect OK',
    );
    const cache = planned["2. Cache: promote us-west-2's member of the Global Datastore"];
    expect(cache).toContain('--alarm-name-prefix shop-prod-cache-replication-lag ');
    expect(cache).toContain(
      '--global-replication-group-id ldgnf-shop-prod-cache \\\n  --primary-region us-west-2 --primary-replication-group-id shop-prod-cache',
    );
    const cdn = planned['4. CDN origins'];
    expect(cdn).toContain('alarm `shop-prod-s3-replication-latency-us-east-1-to-us-west-2`, ReplicationLatency');
    expect(cdn).toContain('--alarm-names shop-prod-cdn-5xx-error-rate');
    expect(cdn).toContain('expect s3-us-west-2 first');
    // Unplanned: the failover call with data loss, the disassociation only as a fallback, no alarm read from the failed region's S3 metrics.
    const unplanned = sections(top['Unplanned failover to us-west-2'], '###');
    expect(unplanned['1. Database: make us-west-2 the writer of `shop-prod-db`']).toContain('  --allow-data-loss');
    expect(unplanned["2. Cache: promote us-west-2's member of the Global Datastore"]).toContain(
      '**If the failover cannot complete while us-east-1 is down**',
    );
    expect(unplanned['4. CDN origins']).not.toContain('s3-replication-latency');
    expect(shellLines(top['Planned switchover to us-west-2'])).not.toContainEqual(
      expect.stringContaining('stop-replication-to-replica'),
    );
  });

  it('states RPO and RTO per tier, citing AWS pages', () => {
    const rows = top['Expected RPO and RTO']
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| tier') && !line.startsWith('| ---'));
    expect(rows.map((row) => row.split(' | ')[0].slice(2))).toEqual([
      'database',
      'storage',
      'cdn',
      'cache',
      'secrets',
      'parameters',
      'clusters',
    ]);
    for (const tier of ['database', 'storage', 'cdn', 'cache', 'secrets']) {
      expect(rows.find((row) => row.startsWith(`| ${tier} |`))).toMatch(
        /https:\/\/(docs\.aws\.amazon\.com|disaster-recovery\.workshop\.aws)\/\S+ \|$/,
      );
    }
    expect(top['Expected RPO and RTO']).toContain(
      '| cache | ElastiCache Global Datastore `ldgnf-shop-prod-cache` | under 1 second (`GlobalDatastoreReplicationLag`) | about 1 minute (manual promotion) |',
    );
    expect(top['Expected RPO and RTO']).toContain('switchover: 0 (Aurora waits for the target to catch up)');
  });

  it('changes the config and deploys in order; during an outage of globalRegion, only the reachable regions', () => {
    const deploy = `INFRA_CONFIG=${ACME} npx cdktf deploy --ignore-missing-stack-dependencies --parallelism 1`;
    const planned = top['Planned switchover to us-west-2'];
    expect(planned).toContain(
      'primaryRegion: us-west-2\nsecondaryRegions:\n  - us-east-1\n  - eu-west-1\nglobalRegion: us-east-1   # unchanged',
    );
    expect(planned).toContain(
      'cache:\n  globalDatastoreId: ldgnf-shop-prod-cache   # unchanged: the same datastore; nothing is replaced',
    );
    expect(deployLine(planned)).toEqual([
      `${deploy} global region-us-west-2 cluster-us-west-2 region-us-east-1 cluster-us-east-1 region-eu-west-1 cluster-eu-west-1 edge`,
    ]);
    const unplanned = top['Unplanned failover to us-west-2'];
    expect(unplanned).toContain('**Do not deploy `global` now.**');
    expect(deployLine(unplanned)).toEqual([
      `${deploy} region-us-west-2 cluster-us-west-2 region-eu-west-1 cluster-eu-west-1`,
      `${deploy} global region-us-east-1 cluster-us-east-1 edge`,
    ]);

    const distribution = deploymentRunbook(
      withSource(
        configWith((i) => {
          i.cdn = { distributionId: 'E2QWRUHAPOMQZL' };
        }),
      ),
    );
    expect(distribution).toContain(
      'cdn:\n  distributionId: E2QWRUHAPOMQZL   # unchanged: the same distribution; nothing is replaced',
    );
    expect(distribution).toContain('DISTRIBUTION_ID=E2QWRUHAPOMQZL\n');

    const pinned = deploymentRunbook(
      withSource(
        configWith((i) => {
          i.globalRegion = 'eu-west-1';
        }),
      ),
    );
    // With globalRegion elsewhere, global and edge still have a provider in the failed region: they wait for it too.
    const pinnedUnplanned = sections(pinned, '##')['Unplanned failover to us-west-2'];
    expect(pinnedUnplanned).toContain(
      "**Do not deploy `global` now.** Though its state is in eu-west-1, it configures a provider in every region (the key's replicas), us-east-1 included",
    );
    expect(pinnedUnplanned).toContain('Nor `edge`: it too configures a provider in every region, us-east-1 included.');
    expect(deployLine(pinnedUnplanned)).toEqual([
      `${deploy} region-us-west-2 cluster-us-west-2 region-eu-west-1 cluster-eu-west-1`,
      `${deploy} global region-us-east-1 cluster-us-east-1 edge`,
    ]);
  });

  it('rebuilds RDS replicas after the new primary instead of deploying them over a standalone instance', () => {
    const rds = deploymentRunbook(withSource(loadConfig(path.join(root, 'examples', 'rds-replicas-2-regions.yaml'))));
    const rdsTop = sections(rds, '##');
    const deploy = `INFRA_CONFIG=${ACME} npx cdktf deploy --ignore-missing-stack-dependencies --parallelism 1`;
    const planned = deployLine(rdsTop['Planned switchover to eu-west-1']);
    expect(planned).toEqual([`${deploy} global region-eu-west-1 edge`, `${deploy} region-eu-central-1`]);
    const lines = shellLines(rdsTop['Planned switchover to eu-west-1']);
    expect(lines.findIndex((l) => l.startsWith('aws rds delete-db-instance --region eu-central-1'))).toBeGreaterThan(
      lines.indexOf(planned[0]),
    );
    expect(rdsTop['Planned switchover to eu-west-1']).toContain(
      'aws rds promote-read-replica --region eu-west-1 --db-instance-identifier shop-staging-db-eu-west-1',
    );
  });

  it('has nothing to promote for MemoryDB, regional or no cache, and adds the clusters step when that tier plugs it in', () => {
    const memorydb = deploymentRunbook(
      withSource(loadConfig(path.join(root, 'examples', 'cache-memorydb-multi-region.yaml'))),
    );
    expect(memorydb).toContain('Cache: nothing to promote (MemoryDB Multi-Region)');
    expect(memorydb).not.toContain('failover-global-replication-group');
    expect(
      deploymentRunbook(
        withSource(
          configWith((i) => {
            i.cache = { mode: 'regional' };
          }),
        ),
      ),
    ).toContain('### 2. Cache: nothing to move');
    expect(
      deploymentRunbook(
        withSource(
          configWith((i) => {
            i.cache = { mode: 'none' };
          }),
        ),
      ),
    ).toContain('### 2. Secrets');

    const clusters = clustersRunbookSteps(
      configWith((i) => {
        i.clusters = { enabled: true, apiAccessCidrs: ['10.100.0.0/16'], namespaces: { shop: {} } };
      }),
      { target: 'us-west-2', transition: 'planned' },
    );
    expect(clusters.steps.map((s) => s.phase)).toEqual(['workloads']);
    expect(clusters.steps[0].before[0].command).toBe(
      'aws eks describe-cluster --region us-west-2 --name shop-prod-eks --query cluster.status --output text',
    );
    expect(clusters.steps[0].commands).toEqual([
      'aws eks update-kubeconfig --region us-west-2 --name shop-prod-eks --alias shop-prod-eks-us-west-2',
      'kubectl --context shop-prod-eks-us-west-2 get namespaces shop',
    ]);
    expect(clusters.regionStacks?.('us-west-2')).toEqual(['cluster-us-west-2']);
    expect(
      clustersRunbookSteps(
        configWith((i) => {
          i.clusters = { enabled: false };
        }),
        { target: 'us-west-2', transition: 'planned' },
      ),
    ).toEqual({ objectives: [], steps: [] });
  });

  it('says the dynamic origin waits for the edge stack, which waits for the failed region, so it is moved by hand meanwhile', () => {
    const media = sections(
      deploymentRunbook(
        withSource(loadConfig(path.join(root, 'examples', 'storage-bidirectional-custom-domain.yaml'))),
      ),
      '##',
    );
    const unplannedCdn = sections(media['Unplanned failover to eu-central-1'], '###')['4. CDN origins'];
    expect(unplannedCdn).toContain(
      'While eu-west-1 is down, the edge stack (a provider in every region) cannot be deployed, so `/api/*` keeps going to eu-west-1',
    );
    expect(unplannedCdn).toContain('point that cache behavior at origin `http-eu-central-1` by hand');
    expect(sections(media['Planned switchover to eu-central-1'], '###')['4. CDN origins']).not.toContain('by hand');
  });

  it('binds every cdktf command to the config it was made from', () => {
    const cdktf = shellLines(runbook).filter((line) => line.includes('npx cdktf'));
    expect(cdktf.length).toBeGreaterThan(4);
    for (const line of cdktf) expect(line.startsWith(`INFRA_CONFIG=${ACME} npx cdktf `)).toBe(true);
  });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every string value of `key` anywhere in `json`. */
function valuesOf(json: unknown, key: string): string[] {
  if (Array.isArray(json)) return json.flatMap((item) => valuesOf(item, key));
  if (json === null || typeof json !== 'object') return [];
  return Object.entries(json as Json).flatMap(([k, v]) => [
    ...(k === key && typeof v === 'string' ? [v] : []),
    ...valuesOf(v, key),
  ]);
}

describe('the deployment runbook against the synthesized configuration', () => {
  const workdir = mkdtempSync(path.join(tmpdir(), 'deployment-runbook-'));
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));
  const files = [
    'config/default.yaml',
    ...readdirSync(path.join(root, 'examples'))
      .filter((file) => /\.ya?ml$/.test(file))
      .map((file) => `examples/${file}`),
  ];

  it.each(files)(
    '%s: every identifier in every command exists in the synthesized configuration',
    (file) => {
      const config = loadConfig(path.join(root, file));
      const outdir = cachedSynthesis(config, path.join(workdir, path.basename(file, '.yaml')));
      const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
        stacks: Record<string, unknown>;
      };
      const json = readdirSync(path.join(outdir, 'stacks')).map(
        (stack) => JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Json,
      );
      const resources = json.map((stack) => (stack.resource ?? {}) as Json);
      const attribute = (type: string, key: string) => new Set(resources.flatMap((r) => valuesOf(r[type] ?? {}, key)));
      const synthesized = {
        global: attribute('aws_rds_global_cluster', 'global_cluster_identifier'),
        cluster: attribute('aws_rds_cluster', 'cluster_identifier'),
        instance: attribute('aws_db_instance', 'identifier'),
        group: attribute('aws_elasticache_replication_group', 'replication_group_id'),
        datastore: attribute('aws_elasticache_replication_group', 'global_replication_group_id'),
        secret: attribute('aws_secretsmanager_secret', 'name'),
        bucket: attribute('aws_s3_bucket', 'bucket'),
        comment: attribute('aws_cloudfront_distribution', 'comment'),
        eks: attribute('aws_eks_cluster', 'name'),
        alarm: attribute('aws_cloudwatch_metric_alarm', 'alarm_name'),
        composite: attribute('aws_cloudwatch_composite_alarm', 'alarm_name'),
      };
      const stacks = Object.keys(manifest.stacks);
      const health = new ObservabilityNames(new Names(config));

      // Synth writes the runbook for the first secondary; every other secondary's is checked the same way.
      const written = readFileSync(path.join(outdir, runbookPath(config)), 'utf8');
      expect(written).toBe(deploymentRunbook(config));
      const runbooks = [
        written,
        ...config.secondaryRegions.slice(1).map((target) => deploymentRunbook(config, target)),
      ];
      let checked = 0;
      for (const runbook of runbooks) {
        const lines = shellLines(runbook).filter((line) => !line.startsWith('#'));
        const named = (pattern: RegExp) =>
          lines
            .flatMap((line) => [...line.matchAll(pattern)].map((match) => match[1]))
            .filter((id) => !id.startsWith('$'));
        const expectIn = (ids: string[], set: Set<string>, what: string) => {
          for (const id of ids) expect([what, id, set.has(id)]).toEqual([what, id, true]);
          checked += ids.length;
        };
        expectIn(named(/--global-cluster-identifier (\S+)/g), synthesized.global, 'global cluster');
        expectIn(named(/:cluster:(\S+)/g), synthesized.cluster, 'cluster');
        expectIn(
          [...named(/--db-instance-identifier (\S+)/g), ...named(/DBInstanceIdentifier,Value=(\S+)/g)],
          synthesized.instance,
          'instance',
        );
        expectIn(
          [...named(/--primary-replication-group-id (\S+)/g), ...named(/--replication-group-id (\S+)/g)],
          synthesized.group,
          'replication group',
        );
        expectIn(named(/--global-replication-group-id (\S+)/g), synthesized.datastore, 'global datastore');
        expectIn(named(/--secret-id (\S+)/g), synthesized.secret, 'secret');
        expectIn(named(/--bucket (\S+)/g), synthesized.bucket, 'bucket');
        expectIn(named(/Comment=='([^']+)'/g), synthesized.comment, 'distribution');
        expectIn(named(/aws eks \S+ .*--name (\S+)/g), synthesized.eks, 'EKS cluster');
        const alarms = lines
          .filter((line) => !line.includes('--alarm-types CompositeAlarm'))
          .flatMap((line) => [...line.matchAll(/--alarm-names (\S+)/g)].map((m) => m[1]));
        expectIn(alarms, synthesized.alarm, 'metric alarm');
        // The region health alarms are the observability tier's; where it synthesizes them, they must match.
        const composites = named(/--alarm-types CompositeAlarm --alarm-names (\S+)/g);
        for (const id of composites) expect(config.allRegions.map((r) => health.regionHealthAlarm(r))).toContain(id);
        if (synthesized.composite.size > 0) expectIn(composites, synthesized.composite, 'composite alarm');
        if (config.allRegions.some((region) => cacheDeployedIn(config, region))) {
          for (const prefix of named(/--alarm-name-prefix (\S+)/g))
            expect([prefix, [...synthesized.alarm].some((name) => name.startsWith(prefix))]).toEqual([prefix, true]);
        }
        const deployed = lines
          .map(
            (line) =>
              / npx cdktf (?:deploy --ignore-missing-stack-dependencies --parallelism 1|diff) (.*?)(?:\s+#.*)?$/.exec(
                line,
              )?.[1],
          )
          .flatMap((list) => (list ? list.split(' ') : []));
        expect(deployed.length).toBeGreaterThan(2);
        for (const stack of deployed) expect([stack, stacks.includes(stack)]).toEqual([stack, true]);
      }
      expect(checked).toBeGreaterThan(5);
    },
    120_000,
  );
});
