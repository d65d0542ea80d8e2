/**
 * `npm run drift [-- <config.yaml>]`: compares the deployed SSM parameters of every data region with the config
 * (each configured name present, its type, its value for that region with `perRegion`; a SecureString by version
 * across regions) and exits 1 on a difference, 2 when they cannot be read (for example without AWS credentials).
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { loadConfig } from '../src/config/load';
import { parameterValue } from '../src/parameters/config';
import { commonPath, runDrift } from './lib/drift';

async function main(): Promise<number> {
  const config = loadConfig(process.argv[2]);
  const items = config.parameters.items;
  const expected = new Map(
    Object.entries(items).map(([name, parameter]) => [
      name,
      {
        type: parameter.type,
        valueIn: parameter.type === 'SecureString' ? undefined : (region: string) => parameterValue(parameter, region),
      },
    ]),
  );
  return runDrift({
    regions: [config.primaryRegion, ...config.secondaryRegions],
    path: commonPath(Object.keys(items)),
    clientFor: (region) => new SSMClient({ region }),
    expected,
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
