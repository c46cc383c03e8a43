/**
 * Crash safety on PostgreSQL: an ingest killed with SIGKILL mid-run leaves whole batches only (each batch is one
 * transaction; the server rolls back the one in flight when the connection drops), and re-running the same ingest
 * completes it without duplicate rows. The SQLite twin is kill.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, pgTestUrl } from './pg-testing.js';
import { runKillChild } from './kill-runner.js';

const TOTAL = 1200;
const BATCH = 100;
const SEED = 20240502;
const KILL_AFTER = 400;

const base = pgTestUrl('SIGKILL mid-ingest');
if (base) {
  const db = await createTestDatabase(base, 'kill');

  const inspect = async () => {
    const one = async (sql: string) => (await db.sql<{ n: number }>(sql))[0].n;
    return {
      articles: await one('SELECT count(*)::int AS n FROM articles'),
      distinctHashes: await one('SELECT count(DISTINCT text_hash)::int AS n FROM articles'),
      raw: await one('SELECT count(*)::int AS n FROM raw_inputs'),
      withoutRaw: await one('SELECT count(*)::int AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM raw_inputs r WHERE r.article_seq = a.seq)'),
      withoutFingerprints: await one('SELECT count(*)::int AS n FROM articles a WHERE a.fingerprint_count > 0 AND NOT EXISTS (SELECT 1 FROM shingle_fingerprints f WHERE f.article_seq = a.seq)'),
      badCounts: await one('SELECT count(*)::int AS n FROM fingerprint_counts c WHERE c.n <> (SELECT count(*) FROM shingle_fingerprints f WHERE f.fp = c.fp)'),
      emptyDocuments: await one("SELECT count(*)::int AS n FROM articles WHERE tsv = ''::tsvector"),
    };
  };

  test('SIGKILL mid-ingest on PostgreSQL leaves whole batches; a re-run completes without duplicates', { timeout: 300_000 }, async () => {
    let killedAt = -1;
    const first = await runKillChild(db.url, [TOTAL, BATCH, SEED], (line, child) => {
      const m = /^committed (\d+)$/.exec(line);
      if (m && Number(m[1]) >= KILL_AFTER && killedAt < 0) {
        killedAt = Number(m[1]);
        child.kill('SIGKILL');
      }
    });
    assert.equal(first.signal, 'SIGKILL', `child was not killed (code ${first.code}): ${first.err}`);
    assert.doesNotMatch(first.out, /^done/m);

    const s = await inspect();
    assert.ok(s.articles >= killedAt && s.articles < TOTAL, `killed after ${killedAt} committed, found ${s.articles}`);
    assert.equal(s.articles % BATCH, 0, `${s.articles} articles is not a whole number of batches`);
    assert.equal(s.raw, s.articles);
    assert.equal(s.withoutRaw, 0);
    assert.equal(s.withoutFingerprints, 0);
    assert.equal(s.badCounts, 0);
    assert.equal(s.emptyDocuments, 0);

    const second = await runKillChild(db.url, [TOTAL, BATCH, SEED]);
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, new RegExp(`^done inserted=${TOTAL - s.articles} duplicate=${s.articles}$`, 'm'));
    const t = await inspect();
    assert.equal(t.articles, TOTAL);
    assert.equal(t.distinctHashes, TOTAL);
    assert.equal(t.raw, TOTAL);
    assert.equal(t.withoutRaw, 0);
    assert.equal(t.badCounts, 0);
  });
}
