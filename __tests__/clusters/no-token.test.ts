import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clustersConfig, synthToDisk } from '../helpers/clusters';
import { isSecretInput, secretInputLeaks } from '../helpers/secret-inputs';

type Json = Record<string, unknown>;

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
    ...(/(^|_)token$/i.test(key) && ((typeof child === 'string' && child !== '') || typeof child === 'number')
      ? [`${path}.${key} = ${JSON.stringify(child)}`]
      : []),
    ...tokenFields(child, `${path}.${key}`),
  ]);
}

describe('no token or secret value in any synthesized file, clusters on', () => {
  let files: string[];
  beforeAll(() => {
    files = walk(synthToDisk(clustersConfig()).outdir);
  });

  it('writes the cluster stacks among the scanned files', () => {
    expect(files.filter((file) => /stacks\/cluster-[^/]+\/cdk\.tf\.json$/.test(file))).toHaveLength(3);
  });

  it('has no aws_eks_cluster_auth in any file, and reads secret inputs only in write-only arguments of ephemeral variables', () => {
    expect(files.filter((file) => readFileSync(file, 'utf8').includes('aws_eks_cluster_auth'))).toEqual([]);
    const stacks = files.filter((file) => file.endsWith('cdk.tf.json'));
    expect(
      stacks.flatMap((file) =>
        secretInputLeaks(JSON.parse(readFileSync(file, 'utf8')), isSecretInput).map((leak) => `${file}: ${leak}`),
      ),
    ).toEqual([]);
  });

  it('would see a token field with a value, and no resource merely named after one', () => {
    expect(
      tokenFields({
        provider: { kubernetes: [{ host: 'h', token: 'abc' }] },
        resource: { aws_ssm_parameter: { webhook_token: { name: 'x' } } },
      }),
    ).toEqual(['.provider.kubernetes[0].token = "abc"']);
  });

  it('has no token field with a value in any Terraform file', () => {
    const found = files
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) => tokenFields(JSON.parse(readFileSync(file, 'utf8'))).map((field) => `${file}: ${field}`));
    expect(found).toEqual([]);
  });
});
