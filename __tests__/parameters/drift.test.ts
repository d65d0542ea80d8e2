import { mockClient } from 'aws-sdk-client-mock';
import { GetParametersByPathCommand, SSMClient, type Parameter } from '@aws-sdk/client-ssm';
import {
  commonPath,
  compareWithConfig,
  deployedParameters,
  runDrift,
  type ExpectedParameter,
} from '../../scripts/lib/drift';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const param = (name: string, value: string, extra: Partial<Parameter> = {}): Parameter => ({
  Name: name,
  Type: 'String',
  Version: 1,
  Value: value,
  ...extra,
});

/** 25 parameters, served 10 per page like SSM (three pages). */
const many = (overrides: Record<string, Partial<Parameter>> = {}): Parameter[] =>
  Array.from({ length: 25 }, (_, i) =>
    param(`/shop/prod/p${String(i).padStart(2, '0')}`, `v${i}`, overrides[`p${i}`] ?? {}),
  );

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

type Expected = Map<string, ExpectedParameter>;

/** The config of `many()`: p00..p24 = v0..v24 everywhere. */
const manyExpected = (): Expected =>
  new Map(
    Array.from({ length: 25 }, (_, i) => [
      `/shop/prod/p${String(i).padStart(2, '0')}`,
      { type: 'String', valueIn: () => `v${i}` },
    ]),
  );

async function drift(byRegion: Record<string, Parameter[]>, expected: Expected = manyExpected()) {
  const lines: string[] = [];
  const { clientFor, calls } = regionsServing(byRegion);
  const code = await runDrift({
    regions: Object.keys(byRegion),
    path: '/shop/prod',
    clientFor,
    expected,
    log: (line) => lines.push(line),
  });
  return { code, output: lines.join('\n'), calls };
}

describe('npm run drift (scripts/lib/drift.ts) against a stubbed SSM client', () => {
  test('pages through every page of GetParametersByPath', async () => {
    const { clientFor, calls } = regionsServing({ 'us-east-1': many() });
    const found = await deployedParameters(clientFor('us-east-1'), '/shop/prod');
    expect(found.size).toBe(25);
    expect(calls['us-east-1']).toBe(3);
  });

  test('every region as configured: exit 0 and a one-line summary', async () => {
    const { code, output, calls } = await drift(Object.fromEntries(REGIONS.map((r) => [r, many()])));
    expect(code).toBe(0);
    expect(output).toBe(
      'drift: the 25 configured parameters under /shop/prod match the config in 3 regions (us-east-1 25, us-west-2 25, eu-west-1 25 parameters found)',
    );
    expect(Object.values(calls)).toEqual([3, 3, 3]);
  });

  test('the same value written a different number of times (other versions) is not drift', async () => {
    const { code } = await drift({ 'us-east-1': many({ p3: { Version: 4 } }), 'us-west-2': many() });
    expect(code).toBe(0);
  });

  test("a value other than the config's, a configured name missing in one region and a SecureString version: exit 1 and a table", async () => {
    const secure = { Type: 'SecureString', Value: 'AQICAHciphertext' } as const;
    const expected = manyExpected().set('/shop/prod/token', { type: 'SecureString' });
    const { code, output } = await drift(
      {
        'us-east-1': [
          ...many({ p23: { Value: 'changed-by-hand' } }),
          param('/shop/prod/token', 'AQICAHother', { ...secure, Version: 2 }),
        ],
        'us-west-2': [...many(), param('/shop/prod/token', 'AQICAHciphertext', secure)],
        'eu-west-1': [...many().slice(0, 24), param('/shop/prod/token', 'AQICAHciphertext', secure)],
      },
      expected,
    );
    expect(code).toBe(1);
    expect(output.split('\n')).toEqual([
      'parameter         differs  us-east-1                      us-west-2  eu-west-1',
      '----------------  -------  -----------------------------  ---------  ---------',
      '/shop/prod/p23    value    changed-by-hand (config: v23)  v23        v23',
      '/shop/prod/p24    missing  present                        present    -',
      '/shop/prod/token  version  2                              1          1',
      'drift: 3 difference(s) from the config under /shop/prod across 3 regions (us-east-1 26, us-west-2 26, eu-west-1 25 parameters found)',
    ]);
    expect(output).not.toContain('AQICAH');
  });

  test('a parameter with a per-region override is compared with its value for each region', () => {
    const deployedIn = (value: string) => new Map([['/label', { name: '/label', type: 'String', version: 1, value }]]);
    const expected: Expected = new Map([
      ['/label', { type: 'String', valueIn: (region: string) => (region === 'eu-west-1' ? 'eu' : 'us') }],
    ]);
    expect(
      compareWithConfig(
        new Map([
          ['us-east-1', deployedIn('us')],
          ['eu-west-1', deployedIn('eu')],
        ]),
        expected,
      ),
    ).toEqual([]);
    // Hand-edited to the other region's value: regions differ as they should, but eu-west-1 is not what the config says.
    expect(
      compareWithConfig(
        new Map([
          ['us-east-1', deployedIn('us')],
          ['eu-west-1', deployedIn('us')],
        ]),
        expected,
      ),
    ).toEqual([{ name: '/label', field: 'value', byRegion: { 'us-east-1': 'us', 'eu-west-1': 'us (config: eu)' } }]);
  });

  test('a configured parameter missing in every region is reported, not counted as identical', () => {
    const expected: Expected = new Map([['/never/created', { type: 'String', valueIn: () => 'x' }]]);
    expect(
      compareWithConfig(
        new Map([
          ['us-east-1', new Map()],
          ['eu-west-1', new Map()],
        ]),
        expected,
      ),
    ).toEqual([{ name: '/never/created', field: 'missing', byRegion: { 'us-east-1': '-', 'eu-west-1': '-' } }]);
  });

  test("a type other than the config's", () => {
    const expected: Expected = new Map([['/a', { type: 'StringList', valueIn: () => 'x,y' }]]);
    expect(
      compareWithConfig(
        new Map([['us-east-1', new Map([['/a', { name: '/a', type: 'String', version: 1, value: 'x,y' }]])]]),
        expected,
      ),
    ).toEqual([{ name: '/a', field: 'type', byRegion: { 'us-east-1': 'String (config: StringList)' } }]);
  });

  test('missing credentials: one clear line, exit 2', async () => {
    const client = new SSMClient({ region: 'us-east-1' });
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    mockClient(client).on(GetParametersByPathCommand).rejects(error);
    const lines: string[] = [];
    const code = await runDrift({
      regions: ['us-east-1'],
      path: '/shop',
      clientFor: () => client,
      expected: new Map(),
      log: (line) => lines.push(line),
    });
    expect(code).toBe(2);
    expect(lines).toEqual([
      'drift: no AWS credentials found for us-east-1; set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (read-only ssm:GetParametersByPath is enough)',
    ]);
  });

  test('the path read is the deepest common folder of the configured names', () => {
    expect(commonPath(['/shop/prod/app/log-level', '/shop/prod/feature/checkout-v2'])).toBe('/shop/prod');
    expect(commonPath(['/a/b', '/c/d'])).toBe('/');
  });
});
