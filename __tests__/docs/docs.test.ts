import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('what the docs promise', () => {
  const readme = read('README.md');
  const schema = JSON.parse(read('config/schema.json')) as Json;

  it('say the CDN is on by default, as the schema has it', () => {
    expect(schema.properties.cdn.properties.enabled.default).toBe(true);
    expect(readme).toContain('The CDN is on by default (`cdn.enabled: true`)');
    expect(read('docs/storage.md')).toContain('The CDN is on by default (`cdn.enabled: true`)');
  });

  it('send readers of docs/storage.md to the schema, which describes every storage and cdn option', () => {
    const storage = read('docs/storage.md');
    expect(storage).not.toMatch(/src\/config\/[\w-]+\.ts/);
    expect(storage).toContain('[`config/schema.json`](../config/schema.json)');
    for (const section of ['storage', 'cdn']) {
      for (const [key, option] of Object.entries(schema.properties[section].properties as Json)) {
        expect([section, key, typeof option.description]).toEqual([section, key, 'string']);
      }
    }
  });

  it('quiet cdktf in CI as the README says', () => {
    expect(readme).toContain('CI=true CDKTF_LOG_FILE_DIRECTORY=');
    expect(read('.ci/run')).toMatch(/^export CI=true$/m);
    for (const variable of ['CI', 'CDKTF_LOG_FILE_DIRECTORY', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']) {
      expect(read('help')).toMatch(new RegExp(`^  ${variable}\\b`, 'm'));
    }
  });

  it('state one Node version: engines, the README and every pinned AWS SDK package agree', () => {
    const pkg = JSON.parse(read('package.json')) as Json;
    const major = (range: string) => Number(/>=\s*(\d+)/.exec(range)?.[1]);
    const ours = major(pkg.engines.node);
    expect(readme).toContain(`Node ${ours}+`);
    const sdk = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) =>
      name.startsWith('@aws-sdk/'),
    );
    expect(sdk.length).toBeGreaterThan(0);
    for (const name of sdk) {
      const installed = JSON.parse(read(`node_modules/${name}/package.json`)) as Json;
      expect([name, major(installed.engines.node) <= ours]).toEqual([name, true]);
    }
  });
});
