import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from '../src/config/json-schema';

// Regenerates config/schema.json; a jest test fails when the committed copy is stale.
const target = path.join(__dirname, '..', 'config', 'schema.json');
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
