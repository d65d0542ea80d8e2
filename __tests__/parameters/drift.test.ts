import { mockClient } from 'aws-sdk-client-mock';
import { GetParametersByPathCommand, SSMClient, type Parameter } from '@aws-sdk/client-ssm';
import { commonPath, compareRegions, deployedParameters, runDrift } from '../../scripts/lib/drift';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const param = (name: string, value: string, extra: Partial<Parameter> = {}): Parameter => ({ Name: name, Type: 'String', Version: 1, Value: value, ...extra });

/** 25 parameters, served 10 per page like SSM (three pages). */
const many = (overrides: Record<string, Partial<Parameter>> = {}): Parameter[] =>
  Array.from({ length: 25 }, (_, i) => param(`/shop/prod/p${String(i).padStart(2, '0')}`, `v${i}`, overrides[`p${i}`] ?? {}));

/** One mocked client per region, each paging its list 10 at a time. */
function regionsServing(byRegion: Record<string, Parameter[]>) {
  const calls: Record<string, number> = {};
  const clients = new Map<string, SSMClient>();
  for (const [region, parameters] of Object.entries(byRegion)) {
    const client = new SSMClient({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const mock = mockClient(client);
    calls[region] = 0;
    mock.on(GetParametersByPathCommand).callsFake((input: { NextToken?: string; WithDecryption?: boolean }) => {
      calls[region]++;
      if (input.WithDecryption) throw new Error('drift must not decrypt');
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const next = start + 10 < parameters.length ? String(start + 10) : undefined;
      return { Parameters: parameters.slice(start, start + 10), NextToken: next };
    });
    clients.set(region, client);
  }
  return { clientFor: (region: string) => clients.get(region)!, calls };
}

async function drift(byRegion: Record<string, Parameter[]>, overrides = new Set<string>()) {
  const lines: string[] = [];
  const { clientFor, calls } = regionsServing(byRegion);
  const code = await runDrift({ regions: Object.keys(byRegion), path: '/shop/prod', clientFor, overrides, log: (line) => lines.push(line) });
  return { code, output: lines.join('\n'), calls };
}

describe('npm run drift (scripts/lib/drift.ts) against a stubbed SSM client', () => {
  test('pages through every page of GetParametersByPath', async () => {
    const { clientFor, calls } = regionsServing({ 'us-east-1': many() });
    const found = await deployedParameters(clientFor('us-east-1'), '/shop/prod');
    expect(found.size).toBe(25);
    expect(calls['us-east-1']).toBe(3);
  });

  test('identical regions: exit 0 and a one-line summary', async () => {
    const { code, output, calls } = await drift(Object.fromEntries(REGIONS.map((r) => [r, many()])));
    expect(code).toBe(0);
    expect(output).toBe('drift: /shop/prod identical in 3 regions (us-east-1 25, us-west-2 25, eu-west-1 25 parameters)');
    expect(Object.values(calls)).toEqual([3, 3, 3]);
  });

  test('a difference on the last page, a missing parameter and a SecureString version: exit 1 and a table', async () => {
    const secure = { Type: 'SecureString', Value: 'AQICAHciphertext' } as const;
    const { code, output } = await drift({
      'us-east-1': [...many({ p23: { Value: 'changed-by-hand' } }), param('/shop/prod/token', 'AQICAHother', { ...secure, Version: 2 })],
      'us-west-2': [...many(), param('/shop/prod/token', 'AQICAHciphertext', secure)],
      'eu-west-1': [...many().slice(0, 24), param('/shop/prod/token', 'AQICAHciphertext', secure)],
    });
    expect(code).toBe(1);
    expect(output.split('\n')).toEqual([
      'parameter         differs  us-east-1        us-west-2  eu-west-1',
      '----------------  -------  ---------------  ---------  ---------',
      '/shop/prod/p23    value    changed-by-hand  v23        v23',
      '/shop/prod/p24    missing  present          present    -',
      '/shop/prod/token  version  2                1          1',
      'drift: 3 difference(s) under /shop/prod across 3 regions (us-east-1 26, us-west-2 26, eu-west-1 25 parameters)',
    ]);
    expect(output).not.toContain('AQICAH');
  });

  test('a value difference, except for a declared per-region override', async () => {
    const rows = compareRegions(new Map([
      ['us-east-1', new Map([['/a', { name: '/a', type: 'String', version: 1, value: 'x' }], ['/label', { name: '/label', type: 'String', version: 1, value: 'us' }]])],
      ['eu-west-1', new Map([['/a', { name: '/a', type: 'String', version: 1, value: 'y' }], ['/label', { name: '/label', type: 'String', version: 1, value: 'eu' }]])],
    ]), new Set(['/label']));
    expect(rows).toEqual([{ name: '/a', field: 'value', byRegion: { 'us-east-1': 'x', 'eu-west-1': 'y' } }]);
  });

  test('missing credentials: one clear line, exit 2', async () => {
    const client = new SSMClient({ region: 'us-east-1' });
    const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    mockClient(client).on(GetParametersByPathCommand).rejects(error);
    const lines: string[] = [];
    const code = await runDrift({ regions: ['us-east-1'], path: '/shop', clientFor: () => client, log: (line) => lines.push(line) });
    expect(code).toBe(2);
    expect(lines).toEqual(['drift: no AWS credentials found for us-east-1; set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (read-only ssm:GetParametersByPath is enough)']);
  });

  test('the path read is the deepest common folder of the configured names', () => {
    expect(commonPath(['/shop/prod/app/log-level', '/shop/prod/feature/checkout-v2'])).toBe('/shop/prod');
    expect(commonPath(['/a/b', '/c/d'])).toBe('/');
  });
});
