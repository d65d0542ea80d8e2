/**
 * `npm run drift [-- <config.yaml>]`: compares the deployed SSM parameters of every data region of the config
 * (names, types, versions, values of non-secure ones; SecureString by version) and exits 1 when regions differ,
 * 2 when they cannot be read (for example without AWS credentials). Declared `perRegion` values are not drift.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { loadConfig } from '../src/config/load';
import { commonPath, runDrift } from './lib/drift';

async function main(): Promise<number> {
  const config = loadConfig(process.argv[2]);
  const items = config.parameters.items;
  const overrides = new Set(Object.entries(items).filter(([, p]) => Object.keys(p.perRegion).length > 0).map(([name]) => name));
  return runDrift({
    regions: [config.primaryRegion, ...config.secondaryRegions],
    path: commonPath(Object.keys(items)),
    clientFor: (region) => new SSMClient({ region }),
    overrides,
  });
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
