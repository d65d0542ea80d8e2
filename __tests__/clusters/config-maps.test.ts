import { ConfigSchema } from '../../src/registry/schema';
import type { ConfigInput } from '../../src/registry/schema';
import { defaultInput } from '../helpers/config';
import { clustersInput } from '../helpers/clusters';

/** The issues the config schema (the clusters tier's validate included) raises for the clusters fixture with `patch` applied. */
function configMapIssues(patch: (input: ConfigInput) => void): string[] {
  const input = defaultInput();
  clustersInput(input);
  patch(input);
  const result = ConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const settings = (input: ConfigInput) => input.clusters!.namespaces!.shop.configMaps!.settings;

describe('validateClusterConfigMaps', () => {
  it('accepts the fixture: every regional value comes from a tier deployed in every region', () => {
    expect(configMapIssues(() => undefined)).toEqual([]);
  });

  it('refuses cacheEndpoint when the cache tier is off', () => {
    expect(
      configMapIssues((input) => {
        input.cache = { mode: 'none' };
      }),
    ).toEqual([
      'clusters.namespaces.shop.configMaps.settings.fromRegion.CACHE: "cacheEndpoint" refers to the cache tier, which is off (cache.mode: none)',
    ]);
  });

  it('refuses cacheEndpoint while a secondary region has no cache yet', () => {
    expect(
      configMapIssues((input) => {
        input.cache = { mode: 'elasticache-global' };
      }),
    ).toEqual([
      'clusters.namespaces.shop.configMaps.settings.fromRegion.CACHE: "cacheEndpoint" refers to the cache of us-west-2, which is not created until cache.globalDatastoreId is set',
    ]);
    expect(
      configMapIssues((input) => {
        Object.assign(input, {
          primaryRegion: 'us-east-1',
          secondaryRegions: ['us-west-2'],
          regions: { 'us-east-1': { vpcCidr: '10.10.0.0/16' }, 'us-west-2': { vpcCidr: '10.11.0.0/16' } },
        });
        input.parameters = { items: {} };
        input.cache = { mode: 'memorydb-multi-region' };
      }),
    ).toEqual([
      'clusters.namespaces.shop.configMaps.settings.fromRegion.CACHE: "cacheEndpoint" refers to the cache of us-east-1, which is not created until cache.multiRegionClusterName is set',
    ]);
  });

  it('refuses a per-region override for a region that is not configured', () => {
    expect(
      configMapIssues((input) => {
        settings(input).perRegion = { 'ap-south-1': { LOG_LEVEL: 'debug' } };
      }),
    ).toEqual([
      'clusters.namespaces.shop.configMaps.settings.perRegion.ap-south-1: is not a configured region; allowed: us-east-1, us-west-2, eu-west-1',
    ]);
  });

  it('refuses a key that takes its value both from the region and from the config', () => {
    expect(
      configMapIssues((input) => {
        settings(input).data = { ...settings(input).data, AWS_REGION: 'us-east-1' };
        settings(input).perRegion = { 'eu-west-1': { BUCKET: 'other' } };
      }),
    ).toEqual([
      'clusters.namespaces.shop.configMaps.settings.data.AWS_REGION: is also in fromRegion ("region"); a key takes its value from one of them',
      'clusters.namespaces.shop.configMaps.settings.perRegion.eu-west-1.BUCKET: is also in fromRegion ("bucketName"); a key takes its value from one of them',
    ]);
  });

  it('checks nothing while clusters are off', () => {
    expect(
      configMapIssues((input) => {
        input.clusters!.enabled = false;
        input.cache = { mode: 'none' };
      }),
    ).toEqual([]);
  });
});

describe("the region's database endpoint", () => {
  it('refuses the old name databaseWriterEndpoint, saying what the value is: a writer only in the primary region', () => {
    expect(
      configMapIssues((input) => {
        input.clusters!.namespaces!.shop.configMaps!.settings.fromRegion = { DB: 'databaseWriterEndpoint' } as never;
      }),
    ).toEqual([
      'clusters.namespaces.shop.configMaps.settings.fromRegion.DB: "databaseWriterEndpoint" is now databaseClusterEndpoint: the region\'s own database endpoint, which takes writes only in the primary region (read-only in a secondary until a switchover)',
    ]);
  });
});
