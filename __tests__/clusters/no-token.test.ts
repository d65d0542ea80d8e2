import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clustersConfig, synthToDisk } from '../helpers/clusters';

type Json = Record<string, unknown>;

/** Stands for every secret value a deployment supplies (ephemeral variables read from TF_VAR_*). */
const SENTINEL = 'k8s-sentinel-9f3a71c2-do-not-store';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * `path = value` of every field named token (or *_token) holding a value (a string or number: an object under such a
 * key is a resource named after what it holds, like the webhook-token parameter), anywhere in a JSON document.
 */
function tokenFields(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => tokenFields(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([key, child]) => [
    ...(/(^|_)token$/i.test(key) && ((typeof child === 'string' && child !== '') || typeof child === 'number') ? [`${path}.${key} = ${JSON.stringify(child)}`] : []),
    ...tokenFields(child, `${path}.${key}`),
  ]);
}

describe('no token or secret value in any synthesized file, clusters on', () => {
  const previous = { ...process.env };
  let files: string[];
  beforeAll(() => {
    for (const variable of ['TF_VAR_secret_payments_api_key_value', 'TF_VAR_secret_session_signing_key_value', 'TF_VAR_database_master_password',
      'TF_VAR_parameter_shop_prod_integrations_webhook_token_value']) process.env[variable] = SENTINEL;
    try {
      files = walk(synthToDisk(clustersConfig()).outdir);
    } finally {
      process.env = previous;
    }
  });

  it('writes the cluster stacks among the scanned files', () => {
    expect(files.filter((file) => /stacks\/cluster-[^/]+\/cdk\.tf\.json$/.test(file))).toHaveLength(3);
  });

  it('has no aws_eks_cluster_auth and no secret value in any file', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, eksClusterAuth: text.includes('aws_eks_cluster_auth'), sentinel: text.includes(SENTINEL) }).toEqual({ file, eksClusterAuth: false, sentinel: false });
    }
  });

  it('would see a token field with a value, and no resource merely named after one', () => {
    expect(tokenFields({ provider: { kubernetes: [{ host: 'h', token: 'abc' }] }, resource: { aws_ssm_parameter: { webhook_token: { name: 'x' } } } }))
      .toEqual(['.provider.kubernetes[0].token = "abc"']);
  });

  it('has no token field with a value in any Terraform file', () => {
    const found = files.filter((file) => file.endsWith('.json')).flatMap((file) => tokenFields(JSON.parse(readFileSync(file, 'utf8'))).map((field) => `${file}: ${field}`));
    expect(found).toEqual([]);
  });
});
