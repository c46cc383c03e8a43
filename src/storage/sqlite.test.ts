import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract } from './contract.js';
import { openSqliteStore } from './sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'parallax-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('sqlite (temp file)', () => openSqliteStore(join(dir, `contract-${n++}.db`)));
storeContract('sqlite (:memory:)', () => openSqliteStore(':memory:'));

import { writeFileSync, readFileSync, statSync, openSync, writeSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describeError, isParallaxError, type ErrorCode } from '../core/errors.js';
import { migrate, MIGRATIONS, LATEST_VERSION, APPLICATION_ID } from './migrations.js';
import { openStore } from './index.js';
import { toFtsQuery } from './sqlite.js';
import { generatedArticle, makeArticle, makeItem } from './test-fixtures.js';

const file = (name: string) => join(dir, name);

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, re?: RegExp): Promise<Error> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(isParallaxError(caught), `expected a ParallaxError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (re) assert.match(describeError(caught), re);
  return caught;
}

test('a file store runs in WAL mode with foreign keys and a busy timeout', async () => {
  const store = await openSqliteStore(file('pragmas.db'));
  try {
    const db = store.connection;
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
    assert.equal(db.pragma('user_version', { simple: true }), LATEST_VERSION);
    assert.equal(db.pragma('application_id', { simple: true }), APPLICATION_ID);
    const log = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>;
    assert.deepEqual(log.map((r) => r.version), MIGRATIONS.map((m) => m.version));
  } finally {
    await store.close();
  }
  // Reopening migrates nothing and keeps the data.
  const again = await openSqliteStore(file('pragmas.db'));
  assert.equal((again.connection.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n, MIGRATIONS.length);
  await again.close();
});

test('a database from a newer Parallax is refused with a clear E_STORE naming the file', async () => {
  const p = file('newer.db');
  (await openSqliteStore(p)).close();
  const db = new Database(p);
  db.pragma(`user_version = ${LATEST_VERSION + 5}`);
  db.close();
  const e = await rejectsWith(openSqliteStore(p), 'E_STORE', /schema version \d+, newer than this Parallax supports.*upgrade/);
  assert.ok(describeError(e).startsWith(p));
});

test('a SQLite file of another application is not touched', async () => {
  const other = file('other-app.db');
  const db = new Database(other);
  db.exec('CREATE TABLE notes (body TEXT)');
  db.close();
  await rejectsWith(openSqliteStore(other), 'E_STORE', /not a Parallax database/);
  const foreign = file('foreign-id.db');
  const db2 = new Database(foreign);
  db2.pragma('application_id = 42');
  db2.close();
  await rejectsWith(openSqliteStore(foreign), 'E_STORE', /another application/);
  const check = new Database(other);
  assert.equal(check.pragma('user_version', { simple: true }), 0);
  check.close();
});

test('migrations 2 and 3 backfill fingerprints and their counts for articles stored under version 1', async () => {
  const p = file('v1.db');
  const db = new Database(p);
  migrate(db, p, MIGRATIONS.slice(0, 1));
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  const wire = generatedArticle(7, 1, 40);
  const cut = makeArticle(wire.text.slice(0, Math.floor(wire.text.length / 2)));
  for (const [seq, a] of [[1, wire], [2, cut]] as const) {
    db.prepare(`INSERT INTO articles (seq, id, text_hash, source, text, word_count, simhash, band0, band1, band2, band3, ingested_at)
      VALUES (?, ?, ?, 'x', ?, 1, ?, ?, ?, ?, ?, 'now')`).run(seq, a.id, a.textHash, a.text, '0000000000000000', seq, seq, seq, seq);
  }
  db.close();
  const store = await openSqliteStore(p);
  try {
    assert.equal(store.connection.pragma('user_version', { simple: true }), LATEST_VERSION);
    const found = await store.nearDuplicateCandidates('ffffffffffffffff', cut.id);
    assert.deepEqual(found.map((r) => r.id), [wire.id]);
  } finally {
    await store.close();
  }
});

test('migration 7 backfills cited sources from the stored title and text', async () => {
  const p = file('v6.db');
  const db = new Database(p);
  migrate(db, p, MIGRATIONS.slice(0, 6));
  const a = makeArticle('The minister came for talks on trade, IRNA reported on Monday, and left the same evening.');
  db.prepare(`INSERT INTO articles (seq, id, text_hash, source, title, text, word_count, simhash, band0, band1, band2, band3, ingested_at)
    VALUES (1, ?, ?, 'x', 'Talks on trade', ?, 1, '0000000000000000', 1, 1, 1, 1, 'now')`).run(a.id, a.textHash, a.text);
  db.close();
  const store = await openSqliteStore(p);
  try {
    const got = await store.getArticle(a.id);
    assert.deepEqual(got?.citedSources?.map((c) => [c.id, c.via, a.text.slice(c.span!.start, c.span!.end)]), [['irna', 'reported', 'IRNA']]);
    assert.deepEqual((await store.listArticles()).map((s) => s.citedSources.map((c) => c.id)), [['irna']]);
  } finally {
    await store.close();
  }
});

test('a failing migration leaves the previous version intact', () => {
  const p = file('failing-migration.db');
  const db = new Database(p);
  const broken = [...MIGRATIONS, { version: LATEST_VERSION + 1, name: 'broken', up: 'CREATE TABLE half_done (x); SELECT nosuchfunction();' }];
  assert.throws(() => migrate(db, p, broken));
  assert.equal(db.pragma('user_version', { simple: true }), LATEST_VERSION);
  assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get() as { n: number }).n, 0);
  db.close();
});

test('SQLite failures become E_STORE errors naming the database', async () => {
  const notDb = file('not-a-db.db');
  writeFileSync(notDb, 'This is a plain text file, not a database. '.repeat(200));
  await rejectsWith(openSqliteStore(notDb), 'E_STORE', new RegExp(`^${notDb.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a SQLite database`));
  assert.equal(readFileSync(notDb, 'utf8').slice(0, 10), 'This is a ', 'the file is left alone');

  await rejectsWith(openSqliteStore(join(dir, 'no', 'such', 'folder', 'x.db')), 'E_STORE', /no[/\\]such[/\\]folder.*cannot be opened.*folder does not exist/);
  await rejectsWith(openSqliteStore(file('missing.db'), { readonly: true }), 'E_STORE', /missing\.db/);

  // Corrupt the pages after the header of a real database.
  const corrupt = file('corrupt.db');
  const s = await openSqliteStore(corrupt);
  await s.ingestBatch(Array.from({ length: 50 }, (_, i) => makeItem(generatedArticle(3, i))));
  s.connection.pragma('wal_checkpoint(TRUNCATE)');
  await s.close();
  const size = statSync(corrupt).size;
  const fd = openSync(corrupt, 'r+');
  writeSync(fd, Buffer.alloc(size - 8192, 0x5a), 0, size - 8192, 4096);
  closeSync(fd);
  let err: unknown;
  try {
    const c = await openSqliteStore(corrupt);
    try {
      await c.countArticles();
      await c.listArticles();
      await c.search('report');
    } finally {
      await c.close();
    }
  } catch (e) {
    err = e;
  }
  assert.ok(isParallaxError(err), `corruption must surface as a ParallaxError, got ${String(err)}`);
  assert.equal(err.code, 'E_STORE');
  assert.match(describeError(err), /corrupt\.db: .*(corrupt|malformed|not a SQLite database)/i);
});

test('search folds diacritics and handles non-Latin scripts; the FTS index stays consistent', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const tr = makeArticle('Cumhurbaşkanı Erdoğan liman anlaşmasını imzaladı.', { title: 'Erdoğan imzaladı' });
    const fa = makeArticle('وزیر خارجه گفت که گفت‌وگوها در تهران ادامه دارد.');
    const ru = makeArticle('Министр заявил, что переговоры продолжатся.');
    await store.ingestBatch([tr, fa, ru].map((a) => makeItem(a)));
    assert.deepEqual((await store.search('Erdogan')).map((h) => h.id), [tr.id]);
    assert.deepEqual((await store.search('erdoğan')).map((h) => h.id), [tr.id]);
    const [hit] = await store.search('تهران');
    assert.equal(hit.id, fa.id);
    assert.match(hit.snippet, /\[تهران\]/);
    assert.deepEqual((await store.search('переговоры')).map((h) => h.id), [ru.id]);
    assert.ok((await store.search('Erdogan'))[0].rank < 0, 'bm25: lower is better');
    await store.setRepublication(tr.id, null);
    store.connection.prepare("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)").run();
  } finally {
    await store.close();
  }
});

test('toFtsQuery quotes every term and keeps phrases, prefixes, OR and column filters', () => {
  assert.equal(toFtsQuery('storm ferry'), '"storm" "ferry"');
  assert.equal(toFtsQuery('"ferry operator" storm*'), '"ferry operator" "storm"*');
  assert.equal(toFtsQuery('a OR b AND c'), '"a" OR "b" "c"');
  assert.equal(toFtsQuery('OR a OR'), '"a"');
  assert.equal(toFtsQuery('title:Storm'), 'title : "Storm"');
  assert.equal(toFtsQuery('NOT x'), '"NOT" "x"');
  assert.equal(toFtsQuery('a"b'), '"a" "b"');
  assert.equal(toFtsQuery('"unclosed phrase'), '"unclosed" "phrase"');
  assert.equal(toFtsQuery('( ) * - ^ :'), null);
  assert.equal(toFtsQuery(''), null);
});

test('openStore picks SQLite for paths, sqlite: URLs and :memory:, and routes postgres:// URLs to PostgreSQL', async () => {
  for (const loc of [':memory:', file('open-a.db'), `sqlite:${file('open-b.db')}`, `sqlite://${file('open-c.db')}`]) {
    const s = await openStore(loc);
    assert.equal(s.dialect, 'sqlite');
    await s.ingestBatch([makeItem(makeArticle(`Opened through ${loc}.`))]);
    assert.equal(await s.countArticles(), 1);
    await s.close();
  }
  assert.ok(statSync(file('open-b.db')).isFile());
  assert.ok(statSync(file('open-c.db')).isFile());
  // Nothing listens on port 1: the PostgreSQL store is tried, and fails as one line without the password.
  const e = await rejectsWith(openStore('postgres://parallax:s3cret@127.0.0.1:1/news'), 'E_STORE', /cannot connect to PostgreSQL/);
  assert.doesNotMatch(describeError(e), /s3cret/);
  await rejectsWith(openStore('postgresql://127.0.0.1:1/news'), 'E_STORE', /connection refused/);
  await rejectsWith(openStore('mysql://localhost/news'), 'E_USAGE', /unsupported database scheme "mysql:"/);
  await rejectsWith(openStore('  '), 'E_USAGE');
});

test('two connections to one file take turns writing', async () => {
  const p = file('two-writers.db');
  const a = await openSqliteStore(p);
  const b = await openSqliteStore(p);
  try {
    await a.ingestBatch([makeItem(generatedArticle(9, 1))]);
    await b.ingestBatch([makeItem(generatedArticle(9, 2)), makeItem(generatedArticle(9, 1))]);
    assert.equal(await a.countArticles(), 2);
    assert.equal((await b.listArticles()).length, 2);
  } finally {
    await a.close();
    await b.close();
  }
});

test('fingerprint candidates need a real share of the smaller text, not one common passage', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const long = generatedArticle(11, 1, 40);
    const other = generatedArticle(11, 2, 40);
    const borrowed = makeArticle(`${other.text}\n\n${long.text.split('\n\n')[0]}`, { simhash: 'ffffffffffffffff' });
    const cut = makeArticle(long.text.split('\n\n').slice(0, 4).join('\n\n'), { simhash: '0000000000000000' });
    await store.ingestBatch([long, borrowed, cut].map((a) => makeItem({ ...a, simhash: a === long ? '123412341234abcd' : a.simhash })));
    const found = await store.nearDuplicateCandidates('5555555555555555', long.id);
    assert.deepEqual(found.map((r) => r.id), [cut.id], 'the cut copy, not the article quoting one paragraph');
    assert.ok(found[0].sharedFingerprints! >= 2);
  } finally {
    await store.close();
  }
});

test('migration 5 moves the findings of analyses stored under version 4 into rows; the analysis reads back the same, in fewer bytes', async () => {
  const { createConfiguredPipeline, analyzeArticle, serializeAnalysis } = await import('../services/analyze.js');
  const p = file('v4.db');
  const db = new Database(p);
  migrate(db, p, MIGRATIONS.slice(0, 4));
  const pipeline = createConfiguredPipeline();
  const stored: string[] = [];
  for (const seq of [1, 2]) {
    const a = generatedArticle(11, seq, 30);
    db.prepare(`INSERT INTO articles (seq, id, text_hash, source, text, word_count, simhash, band0, band1, band2, band3, ingested_at)
      VALUES (?, ?, ?, 'x', ?, 1, ?, ?, ?, ?, ?, 'now')`).run(seq, a.id, a.textHash, a.text, '0000000000000000', seq, seq, seq, seq);
    const { json } = serializeAnalysis(analyzeArticle(pipeline, a));
    db.prepare('INSERT INTO analyses (article_id, text_hash, versions, analysis, created_at) VALUES (?, ?, ?, ?, ?)').run(a.id, a.textHash, JSON.stringify(pipeline.versions), json, 'now');
    stored.push(json);
  }
  const bytesBefore = (db.prepare('SELECT sum(length(analysis)) AS n FROM analyses').get() as { n: number }).n;
  db.close();
  const store = await openSqliteStore(p);
  try {
    const c = store.connection;
    assert.equal(c.pragma('user_version', { simple: true }), LATEST_VERSION);
    const ids = (await store.listArticles()).map((x) => x.id);
    for (const [i, id] of ids.entries()) {
      assert.equal(JSON.stringify((await store.getAnalysis(id))!.analysis), stored[i], 'same JSON, byte for byte');
    }
    const findings = stored.reduce((n, j) => n + (JSON.parse(j) as { findings: unknown[] }).findings.length, 0);
    assert.ok(findings > 20, `the pipeline found ${findings} findings`);
    assert.equal((c.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n, findings);
    assert.deepEqual(c.prepare('SELECT finding_rows AS n FROM analyses ORDER BY article_id').all().map((r) => (r as { n: number }).n).reduce((x, y) => x + y, 0), findings);
    const bytesAfter = (c.prepare('SELECT sum(length(analysis)) + (SELECT sum(length(payload)) FROM findings) AS n FROM analyses').get() as { n: number }).n;
    assert.ok(bytesAfter < bytesBefore, `stored JSON ${bytesAfter} < ${bytesBefore} bytes`);
    // Re-opening does not migrate twice.
    await store.close();
    const again = await openSqliteStore(p);
    assert.equal((again.connection.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n, findings);
    await again.close();
  } finally {
    await store.close();
  }
});
