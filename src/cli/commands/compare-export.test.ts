import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';
import { captureIO } from '../test-io.js';
import { csvField } from './export.js';

/** compare / report / export / run on the bundled example corpus (invented articles, examples/). */
const ROOT = process.cwd();
const EXAMPLES = join(ROOT, 'examples', 'corpus');
const skip = existsSync(EXAMPLES) ? false : 'examples/corpus not found (run from the repository root)';
let dir = '';
let db = '';

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'parallax-cmp-'));
  db = join(dir, 'p.db');
  const io = captureIO(ROOT);
  const code = await main(['run', EXAMPLES, '--config', join(ROOT, 'examples', 'parallax.config.json'), '--db', db, '--out', join(dir, 'r.html'), '--no-language'], io);
  assert.equal(code, 0, io.err());
  assert.match(io.out(), /Report: .*r\.html/);
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('compare: terminal summary and --json', { skip }, async () => {
  let io = captureIO(ROOT);
  assert.equal(await main(['compare', '--db', db], io), 0, io.err());
  assert.match(io.out(), /15 articles, 6 outlets, 3 groups/);
  assert.match(io.out(), /Claims: \d+ corroborated, \d+ single-source, \d+ contested/);
  assert.match(io.out(), /The Miravel Courier \w+ ← Meridian Wire \w+: wire: Meridian Wire, keeps \d+% of the original, retitled/);
  io = captureIO(ROOT);
  assert.equal(await main(['compare', '--db', db, '--json', '--by', 'outlet'], io), 0);
  const c = JSON.parse(io.out());
  assert.equal(c.schemaVersion, '1.1.0');
  assert.equal(c.by, 'outlet');
  assert.ok(c.contradictions.some((x: { type: string }) => x.type === 'different-figures'));
  // A story override file, and --story.
  const ids: string[] = c.articles.map((a: { id: string }) => a.id);
  writeFileSync(join(dir, 'stories.json'), JSON.stringify({ $comment: 'test', [ids[0]]: 'mine', 'sarn-observer-2025-03.jsonl#1': 'mine' }));
  io = captureIO(ROOT);
  assert.equal(await main(['compare', '--db', db, '--json', '--stories', join(dir, 'stories.json'), '--story', 'mine'], io), 0, io.err());
  const s = JSON.parse(io.out());
  assert.equal(s.counts.articles, 2);
  io = captureIO(ROOT);
  assert.equal(await main(['compare', '--db', db, '--story', 'nope'], io), 1);
  assert.match(io.err(), /no story "nope"/);
  io = captureIO(ROOT);
  assert.equal(await main(['compare', '--db', db, '--by', 'country'], io), 2);
});

test('report: writes one self-contained file', { skip }, async () => {
  const out = join(dir, 'x.html');
  const io = captureIO(ROOT);
  assert.equal(await main(['report', '--db', db, '--out', out, '--max-articles-per-outlet', '1'], io), 0, io.err());
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(!/<(script|link)[^>]+(src|href)=["']?https?:/i.test(html));
  assert.match(html, /Full text for 6 of 15 articles/);
});

test('export: json, jsonl and csv under the versioned schema', { skip }, async () => {
  let io = captureIO(ROOT);
  assert.equal(await main(['export', '--db', db], io), 0, io.err());
  const j = JSON.parse(io.out());
  assert.deepEqual(Object.keys(j), ['schema', 'exportedAt', 'articles', 'analyses', 'actors', 'comparison']);
  assert.deepEqual(j.schema, { export: '1.0.0', analysis: '1.0.0', comparison: '1.1.0' });
  assert.equal(j.articles.length, 15);
  assert.equal(j.analyses.length, 15);
  io = captureIO(ROOT);
  assert.equal(await main(['export', '--db', db, '--format', 'jsonl'], io), 0);
  const lines = io.out().trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].type, 'schema');
  assert.equal(lines.filter((l) => l.type === 'article').length, 15);
  assert.equal(lines[lines.length - 1].type, 'comparison');
  const out = join(dir, 'claims.csv');
  io = captureIO(ROOT);
  assert.equal(await main(['export', '--db', db, '--format', 'csv', '--table', 'claims', '--out', out], io), 0, io.err());
  const csv = readFileSync(out, 'utf8').split('\r\n');
  assert.equal(csv[0], 'clusterId,kind,label,status,origins,articleId,outlet,group,origin,start,end,evidence,value,unit,polarity,asserted,contradictions');
  assert.ok(csv.some((l) => l.includes(',contested,')));
  io = captureIO(ROOT);
  assert.equal(await main(['export', '--db', db, '--format', 'xml'], io), 2);
});

test('csvField: quoting and formula guard', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(null), '');
  assert.equal(csvField({ a: 1 }), '"{""a"":1}"');
});
