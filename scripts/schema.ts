/**
 * Writes docs/schema.json from the TypeScript types: `npm run schema` (builds first). The JSON Schema of the
 * contract (src/schema/contract.ts) is generated, never edited by hand; src/schema/schema.test.ts fails when the
 * committed file differs from what the types give.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/server/paths.js';
import { generateSchema, schemaText } from '../src/schema/generate.js';

const root = packageRoot();
const t0 = performance.now();
const schema = generateSchema(root);
const file = join(root, 'docs', 'schema.json');
writeFileSync(file, schemaText(schema));
const defs = schema.$defs && typeof schema.$defs === 'object' ? Object.keys(schema.$defs).length : 0;
process.stderr.write(`wrote docs/schema.json: ${defs} definitions in ${Math.round(performance.now() - t0)} ms\n`);
