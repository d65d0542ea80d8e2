import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from '../../src/config/json-schema';

describe('config/schema.json', () => {
  const schema = configJsonSchema() as { properties: Record<string, { description?: string; enum?: string[] }>; required: string[] };

  it('is committed up to date (run `npm run schema` after changing the config schema)', () => {
    const committed = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'config', 'schema.json'), 'utf8'));
    expect(committed).toEqual(schema);
  });

  it('tells editors what each field means and which are required', () => {
    expect(schema.required).toEqual(['name', 'environment', 'primaryRegion', 'regions']);
    expect(schema.properties.globalRegion.description).toMatch(/Default: primaryRegion/);
    expect(schema.properties.primaryRegion.enum).toContain('eu-west-1');
  });
});
