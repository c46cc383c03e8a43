/**
 * Generates docs/schema.json, the JSON Schema (draft 2020-12) of Parallax's JSON contract, from the TypeScript
 * types of src/schema/contract.ts (as built: dist/src/schema/contract.d.ts) (ts-json-schema-generator, a dev dependency: this module is for the build and
 * the tests, never imported by the library, the CLI or the server).
 *
 * The generator emits draft-07 (`definitions`); the contract is draft 2020-12, as OpenAPI 3.1 reads it, so the
 * definitions move to `$defs` and tuples to `prefixItems`. Definitions are sorted by name and every object keeps
 * the key order of its type, so the same types always give the same bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { createFormatter, createParser, DEFAULT_CONFIG, SchemaGenerator, type CompletedConfig } from 'ts-json-schema-generator';
import { ParallaxError } from '../core/errors.js';

/** The types at the root of the contract; each becomes a `$defs` entry with everything it references. */
export const ROOT_TYPES = ['Article', 'IngestResult', 'Analysis', 'Finding', 'Comparison', 'Export'] as const;

export const SCHEMA_ID = 'parallax/schema/1.0.0';
export const SCHEMA_TITLE = 'Parallax JSON contract';
export const SCHEMA_DESCRIPTION =
  'Articles, analyses, findings, comparisons and exports as printed by --json, served by the API and stored by Parallax. ' +
  'Generated from the TypeScript types (npm run schema); see docs/schema.md.';

/** A JSON Schema object as this module reads and writes it. */
export type JsonSchema = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonSchema;

/**
 * The contract as the build declares it, relative to the package root. The generator reads the declaration files
 * tsc wrote (doc comments included) rather than the sources: they hold only types, so the program is a third of
 * the size and the schema is made in about a second and a half instead of five.
 */
export const CONTRACT_FILE = 'dist/src/schema/contract.d.ts';

/**
 * Compiler options from the package's tsconfig.json, for a program rooted at the contract file alone (the
 * generator then reads only the files the contract imports, not the whole project), without the DOM and Node
 * typings no contract type uses.
 */
function compilerOptions(root: string): ts.CompilerOptions {
  const file = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(file, (p) => readFileSync(p, 'utf8'));
  if (read.error) throw new ParallaxError('E_CONFIG', `${file}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`, { input: file });
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  return { ...parsed.options, noEmit: true, declaration: false, sourceMap: false, lib: ['lib.es2022.d.ts'], types: [] };
}

/** Rewrites draft-07 output to draft 2020-12: `#/definitions/` refs to `#/$defs/`, tuple `items: [...]` to `prefixItems`. */
function toDraft2020(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(toDraft2020);
  if (v === null || typeof v !== 'object') return v;
  const out: JsonSchema = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$ref' && typeof x === 'string') out[k] = x.replace(/^#\/definitions\//, '#/$defs/');
    else if (k === 'items' && Array.isArray(x)) {
      out.prefixItems = x.map(toDraft2020);
      if (!('additionalItems' in v)) out.items = false;
    } else if (k === 'additionalItems') out.items = toDraft2020(x);
    else out[k] = toDraft2020(x);
  }
  return out;
}

/** Builds the schema in memory. `root` is the package root (the folder with tsconfig.json and src/). */
export function generateSchema(root: string): JsonSchema {
  const path = join(root, CONTRACT_FILE);
  if (!existsSync(path)) throw new ParallaxError('E_USAGE', `${path} is missing: build first (npx tsc -p tsconfig.json)`, { input: path });
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path,
    tsconfig: join(root, 'tsconfig.json'),
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: false,
    skipTypeCheck: true,
    sortProps: false,
  };
  const program = ts.createProgram([path], compilerOptions(root));
  const generator = new SchemaGenerator(program, createParser(program, config), createFormatter(config), config);
  const definitions: Record<string, JsonValue> = {};
  for (const type of ROOT_TYPES) {
    const part = generator.createSchema(type) as { definitions?: Record<string, JsonValue> };
    Object.assign(definitions, part.definitions ?? {});
  }
  const $defs: JsonSchema = {};
  for (const name of Object.keys(definitions).sort()) $defs[name] = toDraft2020(definitions[name]);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: SCHEMA_TITLE,
    description: SCHEMA_DESCRIPTION,
    $defs,
  };
}

/** The file's text: two-space JSON with a final newline. */
export function schemaText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
