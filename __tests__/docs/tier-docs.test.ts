import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configReference } from '../../src/config/reference';

const root = path.join(__dirname, '..', '..');
const TIER_DOCS = ['docs/database.md', 'docs/storage.md', 'docs/cache.md', 'docs/secrets.md'];
const SECTIONS = [
  '## RPO and RTO',
  '## What it costs',
  '## Changing the secure defaults',
  '## Adding your own constructs',
];
const placeholders = (field: string): string => field.replace(/<[^>]+>/g, '<*>');
const documented = new Set(
  configReference()
    .split('\n')
    .map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1])
    .filter((field): field is string => !!field)
    .map(placeholders),
);

describe.each(TIER_DOCS)('%s', (file) => {
  const text = readFileSync(path.join(root, file), 'utf8');

  it('has the RPO/RTO table, the cost drivers, how to change the secure defaults and the extend example', () => {
    expect(SECTIONS.filter((heading) => !text.includes(`\n${heading}\n`))).toEqual([]);
    const rpoSection = text.split('\n## RPO and RTO\n')[1].split('\n## ')[0];
    expect(rpoSection).toMatch(/\n\|[^\n]+\|\n\|---/);
    expect(text).toMatch(/## RPO and RTO[\s\S]*?Sources?: [\s\S]*?https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('names config fields that exist and an extend example that exists and is tested', () => {
    const fields = [...text.matchAll(/`((?:database|storage|cdn|cache|secrets|parameters)\.[\w.<>-]+)`/g)].map(
      (match) => placeholders(match[1]),
    );
    expect(fields.length).toBeGreaterThan(0);
    // `<region>`, `<field>` and the like stand for any one path segment; a field may also name a nested object.
    const known = (field: string): boolean => {
      const pattern = new RegExp(
        `^${field
          .split('.')
          .map((part) => (part === '<*>' ? '[^.]+' : part.replace(/[[\]]/g, '\\$&')))
          .join('\\.')}(\\..+)?$`,
      );
      return [...documented].some((path) => pattern.test(path));
    };
    expect(fields.filter((field) => !known(field))).toEqual([]);
    const examples = [...text.matchAll(/\]\(\.\.\/(examples\/extend\/[\w-]+\.ts)\)/g)].map((match) => match[1]);
    expect(examples).toHaveLength(1);
    expect(existsSync(path.join(root, examples[0]))).toBe(true);
    expect(readFileSync(path.join(root, '__tests__', 'examples', 'extend.test.ts'), 'utf8')).toContain(
      `'../../${examples[0].replace(/\.ts$/, '')}'`,
    );
  });
});
