import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SqliteStore } from '../storage/index.js';
import { runIngest } from '../ingest/run.js';
import { loadOutletRegistry } from '../clean/outlets.js';
import { defaultConfig } from '../core/config.js';
import { analyzeStored } from './analyze.js';
import type { Analysis } from '../core/finding.js';

const compiled = import.meta.url.endsWith('.js');

// Original short articles, written for this test.
const ARTICLES = [
  'Lorvan accuses Merrow of blocking the harbour\n\nThe government of Lorvan said on Monday that Merrow had blocked the northern harbour for a third week. Foreign Minister Ilse Varro called the blockade "an act of economic war" and said Lorvan would take the matter to the regional council.',
  'Merrow says harbour works are routine\n\nMerrow rejected the accusation on Tuesday. Port director Anton Kessel said the dredging works had been announced in January and would end within ten days. He said ships from Lorvan could use the southern channel.',
  'Council calls both sides to talks\n\nThe regional council urged Lorvan and Merrow to resume talks on the harbour. Its chair, Nadia Brun, said 40 percent of the region\'s grain passes through the northern harbour and that a long closure would hurt farmers on both sides.',
];

test('analysis on worker threads stores the same findings as on the main thread', { skip: compiled ? false : 'worker threads need the compiled files (run from dist)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-pool-'));
  ARTICLES.forEach((t, i) => writeFileSync(join(dir, `a${i}.txt`), t));
  const results: Array<Map<string, Analysis>> = [];
  const bytes: Array<Map<string, string>> = [];
  for (const workers of [0, 2]) {
    const store = await openStore(join(dir, `w${workers}.db`));
    await runIngest([dir], { store, clean: { registry: loadOutletRegistry(), config: defaultConfig() } });
    const summary = await analyzeStored(store, { workers });
    assert.equal(summary.analyzed, ARTICLES.length);
    assert.ok(summary.findings > 10);
    const byId = new Map<string, Analysis>();
    for await (const a of store.iterateAnalyses()) byId.set(a.articleId, a.analysis as Analysis);
    results.push(byId);
    const rows = (store as SqliteStore).connection.prepare('SELECT article_id, analysis FROM analyses').all() as Array<{ article_id: string; analysis: string }>;
    bytes.push(new Map(rows.map((r) => [r.article_id, r.analysis])));
    await store.close();
  }
  assert.equal(results[0].size, ARTICLES.length);
  for (const [id, main] of results[0]) {
    const worker = results[1].get(id);
    assert.ok(worker, id);
    assert.deepEqual(worker.findings, main.findings);
    assert.deepEqual(worker.versions, main.versions);
    assert.equal(bytes[1].get(id), bytes[0].get(id), 'a worker stores the same bytes as the main thread');
  }
});
