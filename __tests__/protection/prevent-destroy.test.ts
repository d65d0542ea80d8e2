import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config/load';
import { STATEFUL_RESOURCE_TYPES } from '../../src/protection/prevent-destroy';
import { configWith } from '../helpers/config';
import { cachedSynthesis } from '../helpers/synth-cache';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = path.join(__dirname, '..', '..');
const EXAMPLES = readdirSync(path.join(root, 'examples')).filter((file) => /\.ya?ml$/.test(file));

/** `<stack> <type>.<name>` => the resource's lifecycle, for every resource of a stateful type of every stack. */
function statefulLifecycles(config: Config): Map<string, Json | undefined> {
  const outdir = cachedSynthesis(config);
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const found = new Map<string, Json | undefined>();
  for (const [stack, { synthesizedStackPath }] of Object.entries(manifest.stacks)) {
    const resources =
      (JSON.parse(readFileSync(path.join(outdir, synthesizedStackPath), 'utf8')) as Json).resource ?? {};
    for (const type of STATEFUL_RESOURCE_TYPES) {
      for (const [name, resource] of Object.entries(resources[type] ?? {}) as Array<[string, Json]>)
        found.set(`${stack} ${type}.${name}`, resource.lifecycle);
    }
  }
  return found;
}

const CONFIGS: Array<[string, () => Config]> = [
  ['config/default.yaml', () => configWith()],
  ...EXAMPLES.map((file): [string, () => Config] => [
    `examples/${file}`,
    () => loadConfig(path.join(root, 'examples', file)),
  ]),
];

describe('prevent_destroy on every stateful resource (protection.preventDestroy)', () => {
  const typesSeen = new Set<string>();

  it.each(CONFIGS)(
    '%s: every stateful resource of every stack refuses destruction, other lifecycle settings kept',
    (_file, load) => {
      const lifecycles = statefulLifecycles(load());
      expect(lifecycles.size).toBeGreaterThan(0);
      const unprotected = [...lifecycles]
        .filter(([, lifecycle]) => lifecycle?.prevent_destroy !== true)
        .map(([address]) => address);
      expect(unprotected).toEqual([]);
      for (const address of lifecycles.keys()) typesSeen.add(address.split(' ')[1].split('.')[0]);
    },
  );

  it('the examples cover databases, buckets, secrets, caches, clusters, keys and the lock table', () => {
    expect([...typesSeen].sort()).toEqual(
      expect.arrayContaining([
        'aws_db_instance',
        'aws_dynamodb_table',
        'aws_eks_cluster',
        'aws_elasticache_global_replication_group',
        'aws_elasticache_replication_group',
        'aws_kms_key',
        'aws_kms_replica_key',
        'aws_memorydb_cluster',
        'aws_memorydb_multi_region_cluster',
        'aws_rds_cluster',
        'aws_rds_global_cluster',
        'aws_s3_bucket',
        'aws_secretsmanager_secret',
      ]),
    );
  });

  it("keeps a resource's own lifecycle settings (the Global Datastore's ignore_changes) next to prevent_destroy", () => {
    const lifecycle = [...statefulLifecycles(configWith())].find(([address]) =>
      address.includes('aws_elasticache_global_replication_group.'),
    )?.[1];
    expect(lifecycle?.prevent_destroy).toBe(true);
    expect(lifecycle?.ignore_changes).toEqual(expect.any(Array));
  });

  it('protection.preventDestroy: false (teardown) leaves every stateful resource destroyable', () => {
    const lifecycles = statefulLifecycles(
      configWith((i) => {
        i.protection = { preventDestroy: false };
      }),
    );
    expect(lifecycles.size).toBeGreaterThan(0);
    expect([...lifecycles.values()].filter((lifecycle) => lifecycle?.prevent_destroy !== undefined)).toEqual([]);
  });
});
