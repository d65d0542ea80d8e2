import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from '../src/config/json-schema';
import { configReference } from '../src/config/reference';

// Regenerates config/schema.json and docs/config.md; jest tests fail when a committed copy is stale.
const root = path.join(__dirname, '..');
const outputs: Array<[string, string]> = [
  [path.join(root, 'config', 'schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`],
  [path.join(root, 'docs', 'config.md'), configReference()],
];
for (const [target, content] of outputs) {
  writeFileSync(target, content);
  process.stdout.write(`wrote ${target}\n`);
}
