/**
 * `parallax status` on SQLite (no queue): analysed / stale / never analysed, and stored analyses with error
 * diagnostics listed with their reasons. And `parallax worker` refuses a SQLite database with a clear usage error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';
import { captureIO } from './test-io.js';
import { openStore } from '../storage/index.js';
import { generatedArticle, makeItem } from '../storage/test-fixtures.js';
import { analyzeStored, createConfiguredPipeline } from '../services/analyze.js';

async function run(cwd: string, ...argv: string[]) {
  const io = captureIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

test('status on SQLite: analysed, stale, never analysed, and failures from stored diagnostics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-status-'));
  try {
    const db = join(dir, 'p.db');
    const store = await openStore(db);
    const ids = (await store.ingestBatch(Array.from({ length: 6 }, (_, i) => makeItem(generatedArticle(4242, i, 8))))).map((o) => o.id);
    const pipeline = createConfiguredPipeline();
    // Four analysed now; of them one made stale (an older analyzer version) and one stored with an analyzer error.
    await analyzeStored(store, { ids: ids.slice(0, 4), pipeline, workers: 0 });
    const stale = (await store.getAnalysis(ids[1]))!;
    await store.putAnalysis({ ...stale, analysisJson: undefined, versions: { ...stale.versions, actors: '0.0.1' } });
    const broken = (await store.getAnalysis(ids[2]))!;
    const analysis = broken.analysis as { diagnostics: unknown[] };
    analysis.diagnostics = [
      ...analysis.diagnostics,
      { analyzer: 'stance', severity: 'error', code: 'analyzer-failed', message: 'analyzer failed: lexicon missing' },
    ];
    await store.putAnalysis({ ...broken, analysisJson: undefined, analysis });
    await store.close();

    const json = await run(dir, 'status', '--db', db, '--json');
    assert.equal(json.code, 0, json.err);
    const st = JSON.parse(json.out);
    assert.equal(st.dialect, 'sqlite');
    assert.equal(st.articles, 6);
    assert.equal(st.analysed, 3);
    assert.equal(st.stale, 1);
    assert.equal(st.neverAnalysed, 2);
    assert.equal(st.queue, null);
    assert.equal(st.analysedWithErrors.total, 1);
    assert.deepEqual(st.analysedWithErrors.list, [{ articleId: ids[2], reasons: ['stance/analyzer-failed: analyzer failed: lexicon missing'] }]);

    const text = await run(dir, 'status', '--db', db);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^6 articles$/m);
    assert.match(text.out, /analysed\s+3/);
    assert.match(text.out, /stale\s+1 .*run "parallax analyze"/);
    assert.match(text.out, /never analysed\s+2/);
    assert.match(text.out, new RegExp(`${ids[2]}\\s+stance/analyzer-failed: analyzer failed: lexicon missing`));
    assert.doesNotMatch(text.out, /job queue/);

    // --quick skips reading the analyses.
    const quick = JSON.parse((await run(dir, 'status', '--db', db, '--json', '--quick')).out);
    assert.equal(quick.analysedWithErrors, null);
    assert.equal(quick.stale, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('worker needs PostgreSQL: on a SQLite database it says so (usage error, exit 2)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-worker-cli-'));
  try {
    const r = await run(dir, 'worker', '--db', join(dir, 'p.db'), '--exit-when-done');
    assert.equal(r.code, 2);
    assert.match(r.err, /parallax worker needs a PostgreSQL database \(--db postgres:\/\/…\); on SQLite, run "parallax analyze"/);
    assert.equal(r.err.trim().split('\n').length, 1);
    const bad = await run(dir, 'worker', '--db', join(dir, 'p.db'), '--batch', '0');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--batch expects an integer ≥ 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
