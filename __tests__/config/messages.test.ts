import { z } from 'zod';
import { describeIssue } from '../../src/config/load';
import { ConfigSchema } from '../../src/registry/schema';

/** Where zod's own wording would reach the user: a record whose keys are constrained, and every union. */
interface Site {
  path: string;
  schema: z.core.$ZodType;
  probe: unknown;
}

/** Walks the whole config schema, collecting every record with a constrained key type and every union. */
function sites(schema: z.core.$ZodType, at: string, found: Site[] = [], seen = new Set<z.core.$ZodType>()): Site[] {
  if (seen.has(schema)) return found;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, z.core.$ZodType | z.core.$ZodType[] | undefined>;
  if (schema instanceof z.ZodObject) {
    for (const [key, child] of Object.entries(schema.shape))
      sites(child as z.core.$ZodType, `${at}.${key}`, found, seen);
  } else if (schema instanceof z.ZodRecord) {
    const keyType = def.keyType as z.core.$ZodType;
    const constrained = !(keyType instanceof z.ZodString) || (keyType._zod.def.checks ?? []).length > 0;
    // A key no constraint accepts: uppercase, hyphens, spaces and an exclamation mark.
    if (constrained) found.push({ path: `${at} (keys)`, schema, probe: { 'Not-A Key!': null } });
    sites(def.valueType as z.core.$ZodType, `${at}.<key>`, found, seen);
  } else if (schema instanceof z.ZodUnion) {
    // YAML's unquoted scalars: a boolean and a number, which no union here accepts in place of its options.
    found.push({ path: at, schema, probe: false });
    for (const option of def.options as z.core.$ZodType[]) sites(option, at, found, seen);
  } else {
    for (const field of ['innerType', 'in', 'out', 'element']) {
      const child = def[field];
      if (child && !Array.isArray(child)) sites(child, field === 'element' ? `${at}[]` : at, found, seen);
    }
  }
  return found;
}

const SITES = sites(ConfigSchema, 'config');

describe('config error messages', () => {
  it('finds the record keys and unions of the schema (the walk reaches the tiers)', () => {
    expect(SITES.map((site) => site.path)).toEqual(
      expect.arrayContaining([
        'config.secrets.items (keys)',
        'config.tags (keys)',
        'config.parameters.items.<key>.value',
        'config.database.monitoringIntervalSeconds',
      ]),
    );
  });

  it.each(SITES.map((site) => [site.path, site] as const))(
    "%s: a bad value gets a message naming what is allowed, never zod's own",
    (_path, site) => {
      const result = z.safeParse(site.schema, site.probe, { reportInput: true });
      expect(result.success).toBe(false);
      const lines = result
        .error!.issues.filter(
          (issue) => issue.code === 'invalid_key' || issue.code === 'invalid_union' || issue.path.length === 0,
        )
        .map(describeIssue);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).not.toMatch(/Invalid (input|key in record)|Invalid string: must match/);
        expect(line).toMatch(/allowed|must be|must match|quote it/);
      }
    },
  );
});
