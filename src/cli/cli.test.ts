import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from './main.js';
import { captureIO } from './test-io.js';

const REPO = resolve(process.cwd());

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'parallax-cli-'));
}

// Original fixture text, written for these tests.
const TXT = `Harbour talks stall as Lorvan delegation walks out

By: Petra Ilves

12 Mar 2025 - 14:05

The delegation from Lorvan left the harbour talks on Tuesday after negotiators failed to agree on the
fishing quotas for the northern bay, officials from both sides said.

Lorvan's chief negotiator, Anselm Daru, told reporters that the proposed quota of 40 percent was
"an insult to every family that lives from the sea". The coastal ministry in Merrow called the walkout
premature and said a new round could begin within two weeks.

Observers from the regional council said the gap between the two positions had narrowed since January,
when the first round ended without a joint statement.
`;

const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Merrow opens new ferry terminal | Coastal Herald</title>
<meta property="og:site_name" content="Coastal Herald">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Merrow opens new ferry terminal","datePublished":"2025-03-14T09:30:00Z","author":{"@type":"Person","name":"Jon Varga"},"publisher":{"@type":"Organization","name":"Coastal Herald"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Merrow opens new ferry terminal</h1>
<p>The port city of Merrow opened a ferry terminal on Friday that the harbour authority says will double passenger capacity on the route to the islands by next summer.</p>
<p>The terminal cost 84 million crowns, according to the authority, and was built in under three years despite a strike by dock workers in its first winter.</p>
<p>Critics in the city council argued that the money should have gone to the fishing fleet, which has shrunk by a third since the quota dispute with Lorvan began.</p>
</article><footer>© 2025 Coastal Herald. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>`;

async function run(cwd: string, ...argv: string[]) {
  const io = captureIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

test('ingest --json follows the contract, keeps good inputs when others fail, and names the bad input', async () => {
  const dir = tempDir();
  const inputs = join(dir, 'in');
  mkdirSync(join(inputs, 'sub'), { recursive: true });
  writeFileSync(join(inputs, 'talks.txt'), TXT);
  writeFileSync(join(inputs, 'sub', 'ferry.html'), HTML);
  writeFileSync(
    join(inputs, 'batch.jsonl'),
    `${JSON.stringify({ text: 'The regional council met in Merrow on Monday to review the ferry subsidy and voted to extend it for one more year after a long debate about costs and fares.', outlet: 'Island Voice', published: '2025-03-10' })}\n{not json\n`,
  );
  writeFileSync(join(inputs, 'empty.txt'), '   \n');
  const db = join(dir, 'p.db');
  const r = await run(dir, 'ingest', inputs, join(dir, 'missing.txt'), '--db', db, '--json', '--no-language');
  assert.equal(r.code, 1, 'some inputs failed -> exit 1');
  assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j).sort(), ['failed', 'ingested', 'skipped']);
  assert.equal(j.ingested.length, 3);
  for (const a of j.ingested) {
    for (const k of ['id', 'source', 'url', 'outlet', 'group', 'title', 'byline', 'published', 'updated', 'language', 'license', 'text', 'republishedFrom', 'repeatedParagraphs']) {
      assert.ok(k in a, `article has ${k}`);
    }
  }
  const talks = j.ingested.find((a: { source: string }) => a.source.endsWith('talks.txt'));
  assert.equal(talks.title, 'Harbour talks stall as Lorvan delegation walks out');
  assert.equal(talks.byline, 'Petra Ilves');
  assert.equal(talks.published, '2025-03-12T14:05');
  assert.ok(!talks.text.includes('By: Petra'), 'byline left the body');
  const ferry = j.ingested.find((a: { source: string }) => a.source.endsWith('ferry.html'));
  assert.equal(ferry.outlet, 'Coastal Herald');
  assert.equal(ferry.published, '2025-03-14T09:30:00Z');
  assert.ok(!ferry.text.includes('Privacy'));
  const jsonl = j.ingested.find((a: { source: string }) => a.source.includes('batch.jsonl'));
  assert.equal(jsonl.outlet, 'Island Voice');
  const failedSources = j.failed.map((f: { source: string }) => f.source);
  assert.ok(failedSources.some((s: string) => s.endsWith('batch.jsonl#2')), `bad JSONL line named: ${failedSources}`);
  assert.ok(failedSources.some((s: string) => s.endsWith('missing.txt')));
  assert.ok(failedSources.some((s: string) => s.endsWith('empty.txt')));
  for (const f of j.failed) assert.ok(f.error.length > 5);

  // Nothing already stored is lost, and re-ingesting creates nothing new.
  const again = await run(dir, 'ingest', inputs, '--db', db, '--json', '--no-language');
  const j2 = JSON.parse(again.out);
  assert.equal(j2.ingested.length, 0);
  assert.equal(j2.skipped.filter((s: { reason: string }) => /duplicate/.test(s.reason)).length, 3);
  const list = JSON.parse((await run(dir, 'list', '--db', db, '--json')).out);
  assert.equal(list.length, 3);
});

test('list, show and search work on an ingested corpus; gzip and stdin inputs are read', async () => {
  const dir = tempDir();
  const db = join(dir, 'p.db');
  writeFileSync(join(dir, 'ferry.html.gz'), gzipSync(HTML));
  const r1 = await run(dir, 'ingest', join(dir, 'ferry.html.gz'), '--db', db, '--no-language', '--group', 'Merrow press');
  assert.equal(r1.code, 0, r1.err);
  const io = captureIO(dir, TXT);
  assert.equal(await main(['ingest', '-', '--db', db, '--no-language', '--outlet', 'Lorvan Daily'], io), 0, io.err());

  const table = await run(dir, 'list', '--db', db);
  assert.equal(table.code, 0);
  assert.match(table.out, /id\s+outlet\s+group\s+date/);
  assert.match(table.out, /Lorvan Daily/);
  assert.match(table.out, /Merrow press/);

  const rows = JSON.parse((await run(dir, 'list', '--db', db, '--json')).out);
  const ferryId = rows.find((x: { title: string }) => /ferry/.test(x.title)).id;
  const shown = await run(dir, 'show', ferryId.slice(0, 8), '--db', db);
  assert.equal(shown.code, 0, shown.err);
  assert.match(shown.out, /84 million crowns/);
  const shownJson = JSON.parse((await run(dir, 'show', ferryId, '--db', db, '--json')).out);
  assert.equal(shownJson.group, 'Merrow press');

  const hits = JSON.parse((await run(dir, 'search', 'quota', '--db', db, '--json')).out);
  assert.ok(hits.length >= 1);
  const hostile = await run(dir, 'search', '"unbalanced (AND OR', '--db', db);
  assert.equal(hostile.code, 0, hostile.err);

  const missing = await run(dir, 'show', 'ffffffffffff', '--db', db);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no article/);
});

test('ingest says how to set the outlet when an article names none', async () => {
  const dir = tempDir();
  const db = join(dir, 'p.db');
  writeFileSync(join(dir, 'talks.txt'), TXT);
  const r = await run(dir, 'ingest', join(dir, 'talks.txt'), '--db', db, '--no-language');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /1 article names no outlet .*"unknown outlet" column.*--outlet NAME/s);
  const named = await run(dir, 'ingest', join(dir, 'talks.txt'), '--db', join(dir, 'q.db'), '--no-language', '--outlet', 'Lorvan Daily');
  assert.doesNotMatch(named.out, /no outlet/);
});

test('usage errors exit 2 with a message and no stack trace', async () => {
  const dir = tempDir();
  for (const argv of [['frobnicate'], ['ingest'], ['list', '--limit', 'many'], ['ingest', 'x', '--nope']]) {
    const r = await run(dir, ...argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, /error/);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
  const help = await run(dir, 'ingest', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /--outlet/);
});

test('a file that is not a database gives a clear error naming it (exit 3)', async () => {
  const dir = tempDir();
  const bad = join(dir, 'notadb.db');
  writeFileSync(bad, 'this is plainly not an SQLite database file, just some text '.repeat(50));
  const r = await run(dir, 'list', '--db', bad);
  assert.equal(r.code, 3, r.err);
  assert.match(r.err, /notadb\.db/);
  assert.doesNotMatch(r.err, /\n\s+at /);
});

test('the bundled examples ingest cleanly, with a republication and a repeated paragraph found', async (t) => {
  const examples = join(REPO, 'examples', 'corpus');
  if (!existsSync(examples) || readdirSync(examples).length < 5) return t.skip('examples/corpus not present');
  const dir = tempDir();
  const db = join(dir, 'ex.db');
  const r = await run(dir, 'ingest', examples, '--db', db, '--json', '--config', join(REPO, 'examples', 'parallax.config.json'), '--no-language');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.ok(j.ingested.length >= 10, `ingested ${j.ingested.length}`);
  assert.equal(j.failed.length, 0);
  const rows = JSON.parse((await run(dir, 'list', '--db', db, '--json')).out);
  assert.ok(rows.some((x: { republishedFrom: string | null }) => x.republishedFrom), 'a republication is linked');
  assert.ok(j.ingested.some((a: { repeatedParagraphs: unknown[] }) => a.repeatedParagraphs.length > 0), 'a repeated paragraph is flagged');
  assert.ok(j.ingested.every((a: { outlet: string | null }) => a.outlet), 'every example has an outlet');
  assert.ok(j.ingested.every((a: { group: string | null }) => a.group), 'every example has a group');
});
