/**
 * Writes docs/schema.json from the TypeScript types: `npm run schema` (builds first). The JSON Schema of the
 * contract (src/schema/contract.ts) is generated, never edited by hand; src/schema/schema.test.ts fails when the
 * committed file differs from what the types give.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/server/paths.js';
import { generateSchema, schemaText } from '../src/schema/generate.js';
import { examplesByKind, kindsMarkdown, withKinds } from '../src/schema/docs.js';

const root = packageRoot();
const t0 = performance.now();
const schema = generateSchema(root);
const file = join(root, 'docs', 'schema.json');
writeFileSync(file, schemaText(schema));
const defs = schema.$defs && typeof schema.$defs === 'object' ? Object.keys(schema.$defs).length : 0;
process.stderr.write(`wrote docs/schema.json: ${defs} definitions in ${Math.round(performance.now() - t0)} ms\n`);

const page = join(root, 'docs', 'schema.md');
writeFileSync(page, withKinds(readFileSync(page, 'utf8'), kindsMarkdown(schema, examplesByKind(root))));
process.stderr.write('wrote the finding kinds of docs/schema.md\n');
