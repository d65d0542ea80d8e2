import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from '../../src/config/json-schema';

describe('config/schema.json', () => {
  const schema = configJsonSchema() as {
    properties: Record<string, { description?: string; enum?: string[] }>;
    required: string[];
  };

  it('is committed up to date (run `npm run schema` after changing the config schema)', () => {
    const committed = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'config', 'schema.json'), 'utf8'));
    expect(committed).toEqual(schema);
  });

  it('tells editors what each field means and which are required', () => {
    expect(schema.required).toEqual(['name', 'environment', 'primaryRegion', 'regions']);
    expect(schema.properties.globalRegion.description).toMatch(/Default: primaryRegion/);
    expect(schema.properties.primaryRegion.enum).toContain('eu-west-1');
  });

  // Editors show these descriptions: they must say what the docs (README, docs/*.md) say the field does.
  const field = (section: string, name: string) =>
    (
      schema.properties[section] as unknown as {
        properties: Record<string, { description: string; enum?: unknown[]; maximum?: number }>;
      }
    ).properties[name];

  it('says the database password is supplied at deploy time, not generated', () => {
    for (const name of ['masterUsername', 'passwordVersion']) {
      expect(field('database', name).description).toContain('TF_VAR_database_master_password');
      expect(field('database', name).description).not.toMatch(/generated/);
    }
  });

  it('offers exactly the enhanced monitoring intervals the baseline accepts', () => {
    expect(
      (field('database', 'monitoringIntervalSeconds') as unknown as { anyOf: Array<{ const: number }> }).anyOf.map(
        (option) => option.const,
      ),
    ).toEqual([1, 5, 10, 15, 30, 60]);
  });

  it('states the defaults the README relies on', () => {
    expect(field('cdn', 'enabled').description).toMatch(/Default: true/);
    expect(field('storage', 'dataEvents').description).toMatch(/Default: write-only/);
    expect(field('state', 'dynamodbLocking')).toBeUndefined();
    expect(
      (
        schema.properties.state as unknown as {
          properties: Record<string, { properties: Record<string, { description: string }> }>;
        }
      ).properties.s3.properties.dynamodbLocking.description,
    ).toMatch(/Off: no lock table is created/);
  });

  it('bounds numbers where AWS does, not at the largest safe integer', () => {
    const regions = schema.properties.regions as unknown as {
      additionalProperties: { properties: Record<string, { maximum?: number }> };
    };
    expect(regions.additionalProperties.properties.availabilityZones.maximum).toBe(6);
    expect(field('database', 'performanceInsightsRetentionDays').maximum).toBe(731);
  });
});
