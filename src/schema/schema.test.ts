// docs/schema.json is generated from the types (npm run schema): it must equal what the types give today, and the
// real output of the example corpus (ingest --json, export --format json, the golden findings) must validate
// against it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../core/test-seeds.js';
import { FINDING_KINDS } from '../core/finding.js';
import { main } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';
import { generateSchema, ROOT_TYPES, schemaText, SCHEMA_ID, type JsonSchema } from './generate.js';
import { examplesByKind, kindsMarkdown, withKinds } from './docs.js';

const ROOT = repoRoot();
const SCHEMA_FILE = join(ROOT, 'docs', 'schema.json');
const committed = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as JsonSchema & { $defs: Record<string, JsonSchema> };

interface ValidationError {
  instancePath?: string;
  dataPath?: string;
  message?: string;
  params?: unknown;
}
type ValidateFn = ((data: unknown) => boolean) & { errors?: ValidationError[] | null };
interface Validator {
  addSchema(schema: object): unknown;
  getSchema(ref: string): ValidateFn | undefined;
}

/**
 * A JSON Schema validator: Ajv 8's draft 2020-12 class when installed (declare it: npm i -D ajv@^8), else the
 * Ajv 6 that eslint brings, which reads everything this schema uses ($ref into $defs, const, enum, anyOf,
 * additionalProperties) but not the 2020-12 meta-schema, so it is told not to validate the schema itself.
 */
async function loadValidator(): Promise<Validator> {
  // ajv 8's draft 2020-12 build (a dev dependency): the schema's own draft.
  const ajv2020 = (await import('ajv/dist/2020.js')) as unknown as { default: new (opts: object) => Validator };
  return new ajv2020.default({ allErrors: true, strict: false });
}

let validator: Validator;
/** One validator per definition name. */
const validate = (def: string): ValidateFn => {
  const v = validator.getSchema(`${SCHEMA_ID}#/$defs/${def}`);
  assert.ok(v, `docs/schema.json has no $defs/${def}`);
  return v;
};
const errorsOf = (v: ValidateFn): string =>
  (v.errors ?? [])
    .slice(0, 8)
    .map((e) => `  ${e.instancePath ?? e.dataPath ?? ''} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`)
    .join('\n');

const EXAMPLES = join(ROOT, 'examples', 'corpus');
let dir = '';
let ingested: unknown = null;
let exported: unknown = null;

before(async () => {
  validator = await loadValidator();
  validator.addSchema(committed);
  dir = mkdtempSync(join(tmpdir(), 'parallax-schema-'));
  const db = join(dir, 'p.db');
  let io = captureIO(ROOT);
  assert.equal(await main(['ingest', EXAMPLES, '--config', join(ROOT, 'examples', 'parallax.config.json'), '--db', db, '--json', '--no-language'], io), 0, io.err());
  ingested = JSON.parse(io.out());
  io = captureIO(ROOT);
  assert.equal(await main(['analyze', '--db', db, '--config', join(ROOT, 'examples', 'parallax.config.json')], io), 0, io.err());
  io = captureIO(ROOT);
  assert.equal(await main(['export', '--db', db], io), 0, io.err());
  exported = JSON.parse(io.out());
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('docs/schema.json is what the types give (npm run schema)', () => {
  const t0 = performance.now();
  const fresh = generateSchema(ROOT);
  const ms = performance.now() - t0;
  assert.ok(schemaText(fresh) === readFileSync(SCHEMA_FILE, 'utf8'), 'docs/schema.json is out of date: run npm run schema');
  // Not a timing assertion: how long the generation took, for whoever wonders why this test is slow.
  process.stderr.write(`schema generated in ${Math.round(ms)} ms\n`);
});

test('docs/schema.md documents every finding kind, as the types and the example corpus give them (npm run schema)', () => {
  const page = readFileSync(join(ROOT, 'docs', 'schema.md'), 'utf8');
  const examples = examplesByKind(ROOT);
  assert.deepEqual([...FINDING_KINDS].filter((k) => !examples.has(k)), [], 'an example of every kind in the example corpus');
  assert.ok(withKinds(page, kindsMarkdown(committed, examples)) === page, 'docs/schema.md is out of date: run npm run schema');
  for (const k of FINDING_KINDS) assert.ok(page.includes(`### \`${k}\``), `docs/schema.md has a section for ${k}`);
});

test('the schema: root types, closed finding union, every $ref resolves', () => {
  assert.equal(committed.$id, SCHEMA_ID);
  for (const t of ROOT_TYPES) assert.ok(committed.$defs[t], `$defs/${t}`);
  const finding = committed.$defs.Finding as { anyOf: Array<{ $ref: string }> };
  const kinds = finding.anyOf.map((r) => {
    const def = committed.$defs[r.$ref.replace('#/$defs/', '')] as { properties: { kind: { const?: string } } };
    return def.properties.kind.const;
  });
  assert.deepEqual(kinds, [...FINDING_KINDS], 'one definition per finding kind, each with its kind as a constant');
  const refs = JSON.stringify(committed).match(/"\$ref":"[^"]*"/g) ?? [];
  for (const r of new Set(refs)) assert.ok(committed.$defs[r.slice(8, -1).replace('#/$defs/', '')], `${r} resolves`);
});

test('a finding with a field its kind does not declare is invalid (the schema is closed)', () => {
  const v = validate('Finding');
  const f = { id: 'a:label:0-1', analyzer: 'labels', kind: 'label', messageId: 'm', span: { start: 0, end: 1 }, evidence: 'x', voice: 'outlet' };
  const label = { ...f, actorId: 'state:X', actorKind: 'state', canonical: 'X', label: 'x', labelNormalized: 'x', labelType: 'name', connotation: 'neutral', cue: null, linkedBy: 'gazetteer' };
  assert.ok(v(label), errorsOf(v));
  assert.equal(v({ ...label, polarity: 1 }), false, 'an undeclared field');
  assert.equal(v({ ...label, kind: 'opinion' }), false, 'an unknown kind');
  assert.equal(v({ ...label, connotation: 'sarcastic' }), false, 'a value outside the enum');
});

test('every finding of the golden corpus validates against its kind', () => {
  const byKind = new Map<string, ValidateFn>();
  for (const r of (committed.$defs.Finding as { anyOf: Array<{ $ref: string }> }).anyOf) {
    const name = r.$ref.replace('#/$defs/', '');
    const kind = (committed.$defs[name] as { properties: { kind: { const: string } } }).properties.kind.const;
    byKind.set(kind, validate(name));
  }
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.json')) files.push(p);
    }
  };
  const base = join(ROOT, 'fixtures', 'golden', 'findings');
  assert.ok(existsSync(base), `${base} is missing`);
  walk(base);
  let n = 0;
  const bad: string[] = [];
  for (const file of files) {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { findings?: Array<{ id: string; kind: string }> };
    for (const f of doc.findings ?? []) {
      n++;
      const v = byKind.get(f.kind);
      if (!v) bad.push(`${file}: ${f.id}: unknown kind ${f.kind}`);
      else if (!v(f)) bad.push(`${file}: ${f.id}:\n${errorsOf(v)}`);
    }
  }
  assert.ok(n > 1000, `the golden corpus has findings (${n})`);
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${n} findings do not match docs/schema.json`);
});

test('parallax ingest --json and export --format json of the example corpus validate', () => {
  const ingest = validate('IngestResult');
  assert.ok(ingest(ingested), `ingest --json:\n${errorsOf(ingest)}`);
  const exp = validate('Export');
  assert.ok(exp(exported), `export:\n${errorsOf(exp)}`);
  // The validator does look inside: an undeclared field deep in the comparison or on an article fails.
  const broken = structuredClone(exported) as { articles: Array<Record<string, unknown>>; comparison: { claims: Array<Record<string, unknown>> } };
  broken.comparison.claims[0].verdict = 'true';
  assert.equal(exp(broken), false, 'an undeclared field in a claim cluster');
  const e = exported as { analyses: Array<{ findings: Array<{ kind: string }> }> };
  const kinds = new Set(e.analyses.flatMap((a) => a.findings.map((f) => f.kind)));
  assert.deepEqual([...FINDING_KINDS].filter((k) => !kinds.has(k)), [], 'the example corpus has every kind');
});
