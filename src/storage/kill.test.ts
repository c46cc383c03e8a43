/**
 * Crash safety: a process killed with SIGKILL in the middle of an ingest leaves a consistent database holding
 * whole batches only, and re-running the same ingest completes it without duplicates.
 * Works from the .ts sources (child run through the tsx loader) and from the compiled dist/ (.js child).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runKillChild } from './kill-runner.js';

const TOTAL = 3000;
const BATCH = 100;
const SEED = 20240501;
const KILL_AFTER = 800; // articles committed before the parent pulls the plug

const dir = mkdtempSync(join(tmpdir(), 'parallax-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const runChild = (db: string, onLine?: (line: string, child: ChildProcess) => void) => runKillChild(db, [TOTAL, BATCH, SEED], onLine);

function inspect(db: string) {
  const conn = new Database(db);
  try {
    const one = (sql: string) => (conn.prepare(sql).get() as { n: number }).n;
    return {
      integrity: conn.pragma('integrity_check', { simple: true }),
      articles: one('SELECT count(*) AS n FROM articles'),
      distinctHashes: one('SELECT count(DISTINCT text_hash) AS n FROM articles'),
      withoutRaw: one('SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM raw_inputs r WHERE r.article_seq = a.seq)'),
      raw: one('SELECT count(*) AS n FROM raw_inputs'),
      // one docsize row per indexed document; 'integrity-check' compares the index with the content table
      ftsDocs: one('SELECT count(*) AS n FROM articles_fts_docsize'),
      ftsOk: (() => {
        conn.prepare("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)").run();
        return true;
      })(),
      withoutFingerprints: one('SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM shingle_fingerprints f WHERE f.article_seq = a.seq)'),
    };
  } finally {
    conn.close();
  }
}

test('SIGKILL mid-ingest leaves whole batches; a re-run completes without duplicates', { timeout: 60_000 }, async () => {
  const db = join(dir, 'killed.db');
  let killedAt = -1;
  const first = await runChild(db, (line, child) => {
    const m = /^committed (\d+)$/.exec(line);
    if (m && Number(m[1]) >= KILL_AFTER && killedAt < 0) {
      killedAt = Number(m[1]);
      child.kill('SIGKILL');
    }
  });
  assert.equal(first.signal, 'SIGKILL', `child was not killed (code ${first.code}): ${first.err}`);
  assert.doesNotMatch(first.out, /^done/m);

  const s = inspect(db);
  assert.equal(s.integrity, 'ok');
  assert.ok(s.articles >= killedAt && s.articles < TOTAL, `killed after ${killedAt} committed, found ${s.articles}`);
  assert.equal(s.articles % BATCH, 0, `${s.articles} articles is not a whole number of batches`);
  assert.equal(s.withoutRaw, 0);
  assert.equal(s.raw, s.articles);
  assert.equal(s.ftsDocs, s.articles);
  assert.equal(s.withoutFingerprints, 0);

  const second = await runChild(db);
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, new RegExp(`^done inserted=${TOTAL - s.articles} duplicate=${s.articles}$`, 'm'));
  const t = inspect(db);
  assert.equal(t.integrity, 'ok');
  assert.equal(t.articles, TOTAL);
  assert.equal(t.distinctHashes, TOTAL);
  assert.equal(t.raw, TOTAL);
  assert.equal(t.ftsDocs, TOTAL);
  assert.equal(t.withoutRaw, 0);
});
