/**
 * The PostgreSQL store: the Store contract on a real server (PARALLAX_TEST_PG; see pg-testing.ts), plus what only
 * PostgreSQL has — schema migrations in schema_migrations, per-language text search configurations, concurrent
 * writers on one database, connection failures as one clear line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeError, isParallaxError, type ErrorCode } from '../core/errors.js';
import { storeContract } from './contract.js';
import { openStore } from './index.js';
import { openPostgresStore, redactUrl, toTsQueryText, type PostgresStore } from './postgres.js';
import { PG_LATEST_VERSION, PG_MIGRATIONS, migratePostgres } from './postgres-migrations.js';
import { createTestDatabase, pgTestUrl, withDatabase } from './pg-testing.js';
import { generatedArticle, makeArticle, makeItem } from './test-fixtures.js';
import pg from 'pg';

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

// ---------------------------------------------------------------------------------------------------------
// No server needed

test('a URL that cannot be reached gives one E_STORE line naming the redacted URL and the reason', async () => {
  const refused = await rejectsWith(openStore('postgres://parallax:s3cret@127.0.0.1:1/news'), 'E_STORE', /connection refused by 127\.0\.0\.1:1/);
  assert.equal(describeError(refused), 'postgres://parallax:***@127.0.0.1:1/news: cannot connect to PostgreSQL: connection refused by 127.0.0.1:1 (is PostgreSQL running and listening there?)');
  const badHost = await rejectsWith(openStore('postgresql://u:pw%40x@no-such-host.invalid/news?password=again'), 'E_STORE', /host "no-such-host\.invalid" not found/);
  assert.doesNotMatch(describeError(badHost), /pw%40x|again/);
  for (const e of [refused, badHost]) assert.doesNotMatch(describeError(e), /\n/);
});

test('redactUrl hides passwords in the user part and in the query', () => {
  assert.equal(redactUrl('postgres://u:p@h/db'), 'postgres://u:***@h/db');
  assert.equal(redactUrl('postgres://u:p:q@h:5/db?sslmode=require'), 'postgres://u:***@h:5/db?sslmode=require');
  assert.equal(redactUrl('postgres://h/db?user=u&password=p&x=1'), 'postgres://h/db?user=u&password=***&x=1');
  assert.equal(redactUrl('postgres://u@h/db'), 'postgres://u@h/db');
});

test('user queries become quoted tsquery terms: operators typed by the user are never syntax', () => {
  assert.equal(toTsQueryText('storm ferry'), "'storm' & 'ferry'");
  assert.equal(toTsQueryText('"ferry operator" OR ferr* title:barley text:x*'), "'ferry operator' | 'ferr':* & 'barley':A & 'x':*B");
  assert.equal(toTsQueryText("it's a\\b & !x <-> (y)"), "'it''s' & 'a\\\\b' & '!x' & '(y)'");
  assert.equal(toTsQueryText('Erdoğan'), "'Erdogan'");
  assert.equal(toTsQueryText('  AND OR ( ) * "" '), null);
});

// ---------------------------------------------------------------------------------------------------------
// On a server

const base = pgTestUrl('Store contract and PostgreSQL-only checks');
if (base) {
  const db = await createTestDatabase(base, 'store');

  storeContract('postgres (fresh schema)', async () => openPostgresStore(await db.freshSchemaUrl()));

  const withStore = async (fn: (s: PostgresStore, url: string) => Promise<void>, url?: string) => {
    const u = url ?? (await db.freshSchemaUrl());
    const s = await openPostgresStore(u);
    try {
      await fn(s, u);
    } finally {
      await s.close();
    }
  };

  test('a new database is migrated to the latest version once; reopening migrates nothing and keeps the data', async () => {
    const url = await db.freshSchemaUrl();
    await withStore(async (s) => {
      assert.equal(await s.schemaVersion(), PG_LATEST_VERSION);
      const log = await s.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      assert.deepEqual(log.map((r) => r.version), PG_MIGRATIONS.map((m) => m.version));
      await s.ingestBatch([makeItem(makeArticle('Kept across a reopen of the PostgreSQL store.'))]);
    }, url);
    // Two processes opening the same new schema at once: the advisory lock makes one migrate, the other wait.
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    assert.equal(await a.countArticles(), 1);
    assert.equal((await b.query('SELECT count(*)::int AS n FROM schema_migrations'))[0].n, PG_MIGRATIONS.length);
    await a.close();
    await b.close();
    const racing = await db.freshSchemaUrl();
    const both = await Promise.all([openPostgresStore(racing), openPostgresStore(racing), openPostgresStore(racing)]);
    assert.equal((await both[0].query('SELECT count(*)::int AS n FROM schema_migrations'))[0].n, PG_MIGRATIONS.length);
    for (const s of both) await s.close();
  });

  test('a database made by an older version is migrated; one from a newer version is refused with a message', async () => {
    const url = await db.freshSchemaUrl();
    // An "older Parallax": only the migrations up to version 1, with data stored under it.
    const old = await openPostgresStore(url);
    const a = makeArticle('Stored by an older Parallax before the next migration existed.');
    await old.ingestBatch([makeItem(a)]);
    await old.close();
    // A newer Parallax adds version 2 (a test migration that backfills a column from the stored rows).
    const next = [
      ...PG_MIGRATIONS,
      {
        version: PG_LATEST_VERSION + 1,
        name: 'test: word counts doubled',
        up: 'ALTER TABLE articles ADD COLUMN test_double integer; UPDATE articles SET test_double = word_count * 2;',
      },
    ];
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      assert.equal(await migratePostgres(client as unknown as pg.PoolClient, redactUrl(url), next), PG_LATEST_VERSION + 1);
      const r = await client.query('SELECT test_double FROM articles WHERE id = $1', [a.id]);
      assert.equal(r.rows[0].test_double, a.wordCount * 2);
      const log = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(log.rows.map((x) => x.version), next.map((m) => m.version));
    } finally {
      await client.end();
    }
    // This Parallax knows only PG_LATEST_VERSION: the migrated database is newer than it, and refused.
    const e = await rejectsWith(openStore(url), 'E_STORE', new RegExp(`schema version ${PG_LATEST_VERSION + 1}, newer than this Parallax supports \\(${PG_LATEST_VERSION}\\); upgrade Parallax`));
    assert.match(describeError(e), /^postgres(ql)?:\/\//);
  });

  test('a version 1 database (findings inside the analysis JSON) is migrated to findings as rows, answers unchanged', async () => {
    const url = await db.freshSchemaUrl();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const a = makeArticle('Velgrad said the Karvenian regime must stop. Vessany denied it on Monday.');
    const analysis = {
      schemaVersion: '1.0.0',
      articleId: a.id,
      findings: [
        { id: 'actors:1', analyzer: 'actors', kind: 'actor-mention', span: { start: 16, end: 25 }, evidence: a.text.slice(16, 25), actorId: 'state:KV', actorKind: 'state', canonical: 'Karvenia', labelNormalized: 'karvenian', voice: 'outlet' },
        { id: 'stance:1', analyzer: 'stance', kind: 'stance', span: { start: 0, end: 7 }, evidence: 'Velgrad', actorId: 'state:KV', polarity: 'negative', score: -0.5, voice: 'outlet' },
      ],
      diagnostics: [],
      versions: { actors: '1.0.0', stance: '1.0.0' },
    };
    const json = JSON.stringify(analysis);
    try {
      assert.equal(await migratePostgres(client as unknown as pg.PoolClient, 'v1', PG_MIGRATIONS.slice(0, 1)), 1);
      // Rows as the version 1 store wrote them.
      await client.query(
        `INSERT INTO articles (id, text_hash, source, text, word_count, simhash, band0, band1, band2, band3, ingested_at, fts_config, tsv)
         VALUES ($1, $2, 'old.txt', $3, $4, $5, 1, 2, 3, 4, '2024-01-01T00:00:00.000Z', 'english', to_tsvector('english', $3))`,
        [a.id, a.textHash, a.text, a.wordCount, a.simhash],
      );
      await client.query(`INSERT INTO analyses (article_id, text_hash, versions, analysis, created_at) VALUES ($1, $2, $3, $4, '2024-01-02T00:00:00.000Z')`, [
        a.id,
        a.textHash,
        JSON.stringify(analysis.versions),
        json,
      ]);
    } finally {
      await client.end();
    }
    await withStore(async (s) => {
      assert.equal(await s.schemaVersion(), PG_LATEST_VERSION);
      assert.equal(JSON.stringify((await s.getAnalysis(a.id))!.analysis), json, 'the same analysis JSON, now rebuilt from rows');
      const rows = await s.query<{ ordinal: number; kind: string; payload: string }>('SELECT ordinal, kind, payload FROM findings ORDER BY ordinal');
      assert.deepEqual(rows.map((r) => [r.ordinal, r.kind]), [[0, 'actor-mention'], [1, 'stance']]);
      assert.ok(!rows[0].payload.includes('Karvenian'), 'evidence under its span is elided from the payload');
      const kept = await s.query<{ analysis: string; finding_rows: number }>('SELECT analysis, finding_rows FROM analyses');
      assert.equal(kept[0].finding_rows, 2);
      assert.deepEqual(JSON.parse(kept[0].analysis).findings, []);
      const stance = [];
      for await (const f of s.iterateFindings({ kinds: ['stance'] })) stance.push(f);
      assert.deepEqual(stance.map((f) => [f.articleId, f.score, f.key]), [[a.id, -0.5, 'negative']]);
    }, url);
  });

  test('migration 4 backfills cited sources from the stored title and text', async () => {
    const url = await db.freshSchemaUrl();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const a = makeArticle('The minister came for talks on trade, IRNA reported on Monday, and left the same evening.');
    try {
      assert.equal(await migratePostgres(client as unknown as pg.PoolClient, 'v3', PG_MIGRATIONS.slice(0, 3)), 3);
      await client.query(
        `INSERT INTO articles (id, text_hash, source, title, text, word_count, simhash, band0, band1, band2, band3, ingested_at, fts_config, tsv)
         VALUES ($1, $2, 'old.txt', 'Talks on trade', $3, $4, $5, 1, 2, 3, 4, '2024-01-01T00:00:00.000Z', 'english', to_tsvector('english', $3))`,
        [a.id, a.textHash, a.text, a.wordCount, a.simhash],
      );
    } finally {
      await client.end();
    }
    await withStore(async (s) => {
      const got = await s.getArticle(a.id);
      assert.deepEqual(got?.citedSources?.map((c) => [c.id, c.via, a.text.slice(c.span!.start, c.span!.end)]), [['irna', 'reported', 'IRNA']]);
      assert.deepEqual((await s.listArticles()).map((x) => x.citedSources.map((c) => c.id)), [['irna']]);
    }, url);
  });

  test('a failing migration leaves the previous version intact', async () => {
    const url = await db.freshSchemaUrl();
    (await openPostgresStore(url)).close();
    const broken = [...PG_MIGRATIONS, { version: PG_LATEST_VERSION + 1, name: 'broken', up: 'ALTER TABLE articles ADD COLUMN half integer; SELECT no_such_function();' }];
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await assert.rejects(migratePostgres(client as unknown as pg.PoolClient, 'x', broken));
      const cols = await client.query("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'articles' AND column_name = 'half'");
      assert.equal(cols.rows[0].n, 0, 'the half-run migration was rolled back');
    } finally {
      await client.end();
    }
    await withStore(async (s) => assert.equal(await s.schemaVersion(), PG_LATEST_VERSION), url);
  });

  test('a schema of another application is refused rather than having our tables added', async () => {
    const rails = await db.freshSchemaUrl();
    const c = new pg.Client({ connectionString: rails });
    await c.connect();
    await c.query('CREATE TABLE schema_migrations (version varchar PRIMARY KEY)');
    await c.end();
    await rejectsWith(openStore(rails), 'E_STORE', /schema_migrations table of another application/);
    const other = await db.freshSchemaUrl();
    const d = new pg.Client({ connectionString: other });
    await d.connect();
    await d.query('CREATE TABLE articles (x int)');
    await d.end();
    await rejectsWith(openStore(other), 'E_STORE', /"articles" table but no schema_migrations/);
  });

  test('a missing database or role gives one E_STORE line (exit 3 in the CLI), never the password', async () => {
    const missing = withDatabase(base, 'parallax_no_such_database');
    const e = await rejectsWith(openStore(missing), 'E_STORE', /cannot connect to PostgreSQL: database "parallax_no_such_database" does not exist/);
    assert.doesNotMatch(describeError(e), /\n/);
    const u = new URL(db.url);
    // As query parameters, which override the URL's user part and also work with an empty (socket) host.
    u.searchParams.set('user', 'parallax_no_such_role');
    u.searchParams.set('password', 'hunter2');
    const r = await rejectsWith(openStore(u.toString()), 'E_STORE', /cannot connect to PostgreSQL: .*parallax_no_such_role/);
    assert.doesNotMatch(describeError(r), /hunter2/);
  });

  test('search uses the article language configuration (stemming) and folds diacritics as SQLite does', () =>
    withStore(async (s) => {
      const de = makeArticle('Die Häuser am Hafen wurden nach dem Sturm renoviert.', { language: 'de', title: 'Hafen' });
      const en = makeArticle('The ferries were cancelled because of the storms on Tuesday.', { language: 'en', title: 'Ferries' });
      const tr = makeArticle('Cumhurbaşkanı Erdoğan limanda konuştu.', { language: 'tr', title: 'Liman' });
      const xx = makeArticle('Qorvash velm tarrin ferries.', { language: 'xx', title: 'Unknown tongue' });
      await s.ingestBatch([de, en, tr, xx].map((a) => makeItem(a)));
      const cfg = await s.query<{ id: string; fts_config: string }>('SELECT id, fts_config FROM articles ORDER BY seq');
      assert.deepEqual(cfg.map((r) => r.fts_config), ['german', 'english', 'turkish', 'simple']);
      assert.deepEqual((await s.search('ferry')).map((h) => h.id), [en.id], 'english stems ferry/ferries; simple does not');
      assert.deepEqual((await s.search('ferries')).map((h) => h.id).sort(), [en.id, xx.id].sort());
      assert.deepEqual((await s.search('storm')).map((h) => h.id), [en.id]);
      assert.deepEqual((await s.search('Sturm')).map((h) => h.id), [de.id]);
      assert.deepEqual((await s.search('erdogan')).map((h) => h.id), [tr.id], 'diacritics folded');
      assert.deepEqual((await s.search('Erdoğan')).map((h) => h.id), [tr.id]);
      assert.deepEqual((await s.search('hauser')).map((h) => h.id), [de.id]);
      const hit = (await s.search('cancelled'))[0];
      assert.match(hit.snippet, /\[cancelled\]/);
      assert.ok(hit.rank < 0, 'lower is better, as with SQLite bm25');
      const titleOnly = (await s.search('title:hafen'))[0];
      assert.equal(titleOnly.id, de.id);
    }));

  test('concurrent writers on one database: ingest of the same texts stores each once; leases never overlap', async () => {
    const url = await db.freshSchemaUrl();
    const stores = await Promise.all([0, 1, 2].map(() => openPostgresStore(url)));
    try {
      const items = Array.from({ length: 60 }, (_, i) => makeItem(generatedArticle(77, i)));
      const batches = (k: number) => Array.from({ length: 6 }, (_, b) => items.slice(b * 10, b * 10 + 10)).sort(() => (k % 2 ? 1 : -1));
      const outcomes = await Promise.all(stores.map(async (s, k) => {
        const out = [];
        for (const b of batches(k)) out.push(...(await s.ingestBatch(b)));
        return out;
      }));
      assert.equal(await stores[0].countArticles(), 60);
      const inserted = outcomes.flat().filter((o) => o.status === 'inserted').map((o) => o.id);
      assert.equal(inserted.length, 60, 'each text inserted exactly once across the three writers');
      assert.equal(new Set(inserted).size, 60);
      const counts = await stores[0].query<{ bad: number }>(
        'SELECT count(*)::int AS bad FROM fingerprint_counts c WHERE c.n <> (SELECT count(*) FROM shingle_fingerprints f WHERE f.fp = c.fp)',
      );
      assert.equal(counts[0].bad, 0, 'fingerprint counts match the fingerprints');

      const ids = items.map((x) => x.article.id);
      const claims = await Promise.all(stores.map((s, k) => s.claimForAnalysis(k === 1 ? [...ids].reverse() : ids, { owner: `w${k}`, ttlMs: 60_000 })));
      const all = claims.flat();
      assert.equal(all.length, 60, 'every article claimed once');
      assert.equal(new Set(all).size, 60, 'no article claimed twice');
    } finally {
      for (const s of stores) await s.close();
    }
  });
}
