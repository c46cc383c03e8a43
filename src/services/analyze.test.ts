import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../storage/sqlite.js';
import { generatedArticle, makeArticle, makeItem, prng } from '../storage/test-fixtures.js';
import { analyzeArticle, analyzeStored, createConfiguredPipeline, loadCorpusAnalyses, prepareAnalysis, releaseDeadLocalClaims, serializeAnalysis } from './analyze.js';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { splitAnalysis } from '../storage/finding-rows.js';
import type { Analysis } from '../core/finding.js';

/** Random letters and digits: the shape of a base64 blob glued into a scraped record. */
function blob(n: number, seed: number): string {
  const rand = prng(seed);
  const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < n; i++) out += abc[Math.floor(rand() * abc.length)];
  return out;
}

test('a huge article gets a diagnostic, not a hang, and the next article in the batch is analysed', { timeout: 120_000 }, async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const before = generatedArticle(11, 1, 8);
    // 400,000 characters: ordinary sentences with a 100,000-character token in them (it alone took minutes).
    const body = generatedArticle(11, 2, 8).text;
    const huge = makeArticle(`${body}\n\n${blob(100_000, 3)}\n\n${body.repeat(Math.ceil(300_000 / body.length))}`.slice(0, 400_000));
    const next = generatedArticle(11, 3, 8);
    await store.ingestBatch([before, huge, next].map((a) => makeItem(a)));
    const t0 = performance.now();
    const summary = await analyzeStored(store, { workers: 0, limits: { maxChars: 50_000 } });
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(summary.analyzed, 3);
    assert.equal(summary.diagnostics['pipeline/article-truncated'], 1);
    const byId = new Map((await loadCorpusAnalyses(store)).map((x) => [x.article.id, x.analysis]));
    const h = byId.get(huge.id)!;
    assert.deepEqual(h.diagnostics.map((d) => d.code), ['article-truncated']);
    assert.match(h.diagnostics[0].message, /article has 400,000 characters, more than the limit of 50,000: only the first [\d,]+ were analysed/);
    assert.ok(h.findings.every((f) => f.span.end <= 50_000));
    for (const a of [before, next]) {
      const x = byId.get(a.id)!;
      assert.deepEqual(x.diagnostics, [], 'the rest of the batch is analysed in full');
      assert.ok(x.findings.length > 10);
    }
    assert.ok(seconds < 60, `batch took ${seconds.toFixed(1)} s`);
  } finally {
    await store.close();
  }
});

test('analysing the same article twice stores the same bytes; timings are kept apart', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const a = generatedArticle(5, 1, 12);
    await store.ingestBatch([makeItem(a)]);
    const raw = () => store.connection.prepare('SELECT analysis, timings FROM analyses WHERE article_id = ?').get(a.id) as { analysis: string; timings: string };
    await analyzeStored(store, { workers: 0 });
    const first = raw();
    await analyzeStored(store, { workers: 0, force: true });
    const second = raw();
    assert.equal(second.analysis, first.analysis, 'byte for byte');
    assert.doesNotMatch(first.analysis, /"timings"/);
    assert.deepEqual(Object.keys(JSON.parse(second.timings)).sort(), ['actors', 'claims', 'events', 'labels', 'nlp', 'quotes', 'relations', 'stance', 'techniques']);
    // Readers still get the Analysis contract, timings included.
    const [loaded] = await loadCorpusAnalyses(store);
    assert.deepEqual(Object.keys(loaded.analysis), ['schemaVersion', 'articleId', 'textHash', 'findings', 'diagnostics', 'versions', 'timings']);
    assert.deepEqual(loaded.analysis.timings, JSON.parse(second.timings));
  } finally {
    await store.close();
  }
});

test('serializeAnalysis leaves only the timings out', () => {
  const a: Analysis = { schemaVersion: '1.0.0', articleId: 'x', textHash: 'h', findings: [], diagnostics: [], versions: { nlp: '1' }, timings: { nlp: 1.5 } };
  assert.deepEqual(serializeAnalysis(a), { json: '{"schemaVersion":"1.0.0","articleId":"x","textHash":"h","findings":[],"diagnostics":[],"versions":{"nlp":"1"}}', timings: { nlp: 1.5 } });
});

test('prepareAnalysis makes the rows splitting the serialised analysis makes, byte for byte', () => {
  const pipeline = createConfiguredPipeline();
  for (const seed of [1, 2, 3, 4]) {
    const article = generatedArticle(21, seed, 12);
    const analysis = analyzeArticle(pipeline, article);
    assert.ok(analysis.findings.length > 20, 'a generated article gives findings to compare');
    const { split, timings } = prepareAnalysis(analysis, article.text);
    assert.deepEqual(timings, analysis.timings);
    assert.deepEqual(split, splitAnalysis(serializeAnalysis(analysis).json, article.text));
  }
});

test('a prepared analysis whose article changed under it fails alone with E_STORE; with its JSON it is split again', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const article = generatedArticle(22, 1, 6);
    await store.ingestBatch([makeItem(article)]);
    const analysis = analyzeArticle(createConfiguredPipeline(), article);
    const { split } = prepareAnalysis(analysis, article.text);
    const row = { articleId: article.id, textHash: 'another-text', versions: analysis.versions, analysis: null, split, createdAt: new Date(0).toISOString() };
    await assert.rejects(store.putAnalyses([row]), (e: Error & { code?: string }) => e.code === 'E_STORE' && /changed while it was analysed/.test(e.message));
    await store.putAnalyses([{ ...row, analysisJson: serializeAnalysis(analysis).json }]);
    const stored = await store.getAnalysis(article.id);
    assert.equal((stored?.analysis as Analysis).findings.length, analysis.findings.length);
  } finally {
    await store.close();
  }
});

test("claims of a dead analyze process on this machine are freed; a live one's and another machine's are kept", async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const arts = [1, 2, 3, 4].map((i) => generatedArticle(23, i, 3));
    await store.ingestBatch(arts.map((a) => makeItem(a)));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    assert.ok(deadPid > 0, 'a finished child gives a pid that no longer runs');
    const lease = (owner: string) => ({ owner, ttlMs: 600_000 });
    await store.claimForAnalysis([arts[0].id, arts[1].id], lease(`${hostname()}:${deadPid}:aaaa`));
    await store.claimForAnalysis([arts[2].id], lease(`${hostname()}:${process.ppid}:bbbb`)); // the test runner: alive
    await store.claimForAnalysis([arts[3].id], lease(`another-machine:${deadPid}:cccc`));
    assert.equal(await releaseDeadLocalClaims(store), 2);
    assert.deepEqual((await store.listClaims()).map((c) => c.articleId).sort(), [arts[2].id, arts[3].id].sort());
    // The run that frees them analyses them, and leaves the live and the remote claims alone.
    await store.claimForAnalysis([arts[0].id], lease(`${hostname()}:${deadPid}:dddd`));
    const summary = await analyzeStored(store, { workers: 0 });
    assert.deepEqual([summary.reclaimed, summary.analyzed, summary.claimedElsewhere], [1, 2, 2]);
  } finally {
    await store.close();
  }
});

test('articles another process has claimed are left to it; expired claims are taken over', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const arts = [1, 2, 3].map((i) => generatedArticle(9, i, 4));
    await store.ingestBatch(arts.map((a) => makeItem(a)));
    await store.claimForAnalysis([arts[1].id], { owner: 'other-process', ttlMs: 60_000 });
    await store.claimForAnalysis([arts[2].id], { owner: 'dead-process', ttlMs: 60_000, now: Date.now() - 120_000 });
    const analysed: string[] = [];
    const s = await analyzeStored(store, { workers: 0, onAnalyzed: (id) => analysed.push(id) });
    assert.equal(s.analyzed, 2);
    assert.equal(s.claimedElsewhere, 1);
    assert.deepEqual(analysed, [arts[0].id, arts[2].id]);
    assert.equal(await store.getAnalysis(arts[1].id), null);
    assert.deepEqual((await store.listClaims()).map((c) => c.owner), ['other-process'], 'this run released its own claims');
  } finally {
    await store.close();
  }
});
