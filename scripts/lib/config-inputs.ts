import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_PATH } from '../../src/config/load';
import type { ConfigInput } from '../../src/registry/schema';

/** The embedded default config as raw input, a fresh copy per call. */
export function defaultInput(): ConfigInput {
  return parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as ConfigInput;
}

/** Input with one primary and `count` secondaries, networks 10.<n>.0.0/16. */
export function regionsInput(
  primary: string,
  secondaries: string[],
): Pick<ConfigInput, 'primaryRegion' | 'secondaryRegions' | 'globalRegion' | 'regions'> {
  const all = [primary, ...secondaries];
  return {
    primaryRegion: primary as ConfigInput['primaryRegion'],
    secondaryRegions: secondaries as ConfigInput['secondaryRegions'],
    globalRegion: primary as ConfigInput['primaryRegion'],
    regions: Object.fromEntries(all.map((region, index) => [region, { vpcCidr: `10.${10 + index}.0.0/16` }])),
  };
}

/** Ten secondaries beside us-east-1: the most an Aurora global database has (one primary, ten secondaries). */
export const TEN_SECONDARIES = [
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
];
