import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from '../../src/config/json-schema';
import { configReference } from '../../src/config/reference';
import { TIERS } from '../../src/registry/tiers';

const root = path.join(__dirname, '..', '..');
const reference = configReference();
const rowOf = (field: string): string =>
  reference.split('\n').find((line) => line.startsWith(`| \`${field}\` |`)) ?? '';

describe('docs/config.md, the configuration reference', () => {
  it('is committed up to date (run `npm run schema` after changing the config schema)', () => {
    expect(readFileSync(path.join(root, 'docs', 'config.md'), 'utf8')).toBe(reference);
  });

  it('has a section per registered tier listing every top-level key of its config sections', () => {
    for (const tier of TIERS) {
      expect(reference).toContain(`\n## ${tier.name} tier\n`);
      for (const section of Object.keys(tier.sections))
        expect([tier.name, rowOf(section)]).toEqual([tier.name, expect.stringContaining('| object |')]);
    }
  });

  it('has a row for every field of the JSON Schema, nested ones included', () => {
    type Node = { properties?: Record<string, Node>; additionalProperties?: Node | boolean; items?: Node };
    const paths = (prefix: string, node: Node): string[] => {
      const value =
        typeof node.additionalProperties === 'object' && !node.properties ? node.additionalProperties : undefined;
      if (value?.properties)
        return Object.entries(value.properties).flatMap(([key, child]) => [
          `${prefix}.<*>.${key}`,
          ...paths(`${prefix}.<*>.${key}`, child),
        ]);
      return Object.entries(node.properties ?? {}).flatMap(([key, child]) => [
        `${prefix}${prefix ? '.' : ''}${key}`,
        ...paths(`${prefix}${prefix ? '.' : ''}${key}`, child),
      ]);
    };
    const documented = new Set(
      reference
        .split('\n')
        .map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1].replace(/<(region|name)>/g, '<*>'))
        .filter(Boolean),
    );
    const expected = paths('', configJsonSchema() as Node);
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.filter((field) => !documented.has(field))).toEqual([]);
  });

  it('shows type, default, constraints and description as the schema decides them', () => {
    expect(rowOf('database.backupRetentionDays')).toMatch(
      /^\| `database\.backupRetentionDays` \| integer \| `14` \| 7 to 35 \| .+ \|$/,
    );
    expect(rowOf('database.monitoringIntervalSeconds')).toContain(
      '| number | `60` | one of `1`, `5`, `10`, `15`, `30`, `60` |',
    );
    expect(rowOf('cache.mode')).toContain(
      '| string | `elasticache-global` | one of `elasticache-global`, `memorydb-multi-region`, `regional`, `none` |',
    );
    expect(rowOf('primaryRegion')).toContain(
      '| AWS region | **required** | an AWS region of [the list below](#aws-regions) | The region that takes writes. |',
    );
    expect(rowOf('regions.<region>.availabilityZones')).toContain('| integer |  | 2 to 6 |');
    expect(rowOf('cdn.failoverStatusCodes')).toContain(
      '| list of integer | `[500,502,503,504]` | at least 1 item; each 400 to 504 |',
    );
    // A pipe inside a pattern or description is escaped, so the row keeps its five cells.
    expect(rowOf('secrets.items.<name>.rotation.schedule')).toContain('rate(<N> hours\\|days)');
  });
});
