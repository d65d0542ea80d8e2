import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesize } from '../../src/synth';
import type { Config } from '../../src/config/load';
import type { ConfigInput } from '../../src/registry/schema';
import type { Deployment } from '../../src/stacks/deployment';
import { configWith } from './config';
import { cachedSynthesis } from './synth-cache';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The default config with clusters on and one namespace using every kind of declared value: shared data, each
 * regional value, a per-region override, service accounts and secret references.
 */
export function clustersInput(input: ConfigInput): void {
  Object.assign(input, {
    clusters: {
      enabled: true,
      apiAccessCidrs: ['10.100.0.0/16'],
      namespaces: {
        shop: {
          configMaps: {
            settings: {
              data: { LOG_LEVEL: 'info', FEATURE_CHECKOUT_V2: 'true' },
              fromRegion: {
                AWS_REGION: 'region',
                CLUSTER: 'clusterName',
                BUCKET: 'bucketName',
                DB_ENDPOINT: 'databaseClusterEndpoint',
                DB_READER: 'databaseReaderEndpoint',
                CACHE: 'cacheEndpoint',
              },
              perRegion: {},
            },
          },
          serviceAccounts: {
            web: { secrets: ['payments_api_key', 'session_signing_key'] },
            worker: { secrets: ['payments_api_key'] },
          },
        },
        observability: { configMaps: { agent: { data: { SAMPLING: '0.1' } } } },
      },
    },
  });
  // Secondary regions create their cache once the Global Datastore's ID is pinned; until then cacheEndpoint is refused.
  input.cache = { ...input.cache, globalDatastoreId: 'ldgnf-shop-prod-cache' } as ConfigInput['cache'];
}

export function clustersConfig(patch: (input: ConfigInput) => void = () => undefined): Config {
  return configWith((input) => {
    clustersInput(input);
    patch(input);
  });
}

export interface Synthesized {
  readonly outdir: string;
  readonly manifest: Json;
  readonly stack: (name: string) => Json;
  /** Every synthesized cluster stack, keyed by region in config order (none while clusters are off). */
  readonly clusters: Map<string, Json>;
}

/** `config` synthesized to a fresh directory; from the run's cache unless `extend` adds constructs. */
export function synthToDisk(config: Config, extend?: (deployment: Deployment) => void): Synthesized {
  let outdir: string;
  if (extend) {
    outdir = path.join(mkdtempSync(path.join(tmpdir(), 'clusters-')), 'cdktf.out');
    synthesize(config, outdir, extend);
  } else {
    outdir = cachedSynthesis(config);
  }
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Json;
  const stack = (name: string) =>
    JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json;
  const clusters = new Map(
    config.allRegions
      .filter((region) => manifest.stacks[`cluster-${region}`])
      .map((region) => [region, stack(`cluster-${region}`)]),
  );
  return { outdir, manifest, stack, clusters };
}
