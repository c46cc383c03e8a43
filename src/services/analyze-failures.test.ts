/**
 * One failing article fails alone: an analyzer that throws, an analyzer that outlasts the time budget, an analyzer
 * that never returns, a worker that crashes, a pipeline that throws outside its analyzers and an analysis the store
 * refuses each affect only their own article; the reason is recorded and the rest of the batch is stored.
 * The misbehaving pipeline is src/services/test-faulty-pipeline.ts (a word in the text picks the fault).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../storage/sqlite.js';
import type { Store, StoredAnalysis } from '../storage/store.js';
import { generatedArticle, makeArticle, makeItem } from '../storage/test-fixtures.js';
import type { Analysis } from '../core/finding.js';
import type { Article } from '../core/article.js';
import { analyzeStored } from './analyze.js';

const compiled = import.meta.url.endsWith('.js');
const pipelineModule = new URL(`./test-faulty-pipeline.${compiled ? 'js' : 'ts'}`, import.meta.url).href;

function withFault(i: number, fault: string): Article {
  const a = generatedArticle(31, i, 4);
  return makeArticle(`${a.text}\n\nThe desk notes ${fault} here.`, { source: `${fault}.txt` });
}

async function seed(faults: string[], plain: number): Promise<{ store: Store; byFault: Map<string, Article>; ok: Article[] }> {
  const store = await openSqliteStore(':memory:');
  const byFault = new Map(faults.map((f, i) => [f, withFault(100 + i, f)]));
  const ok = Array.from({ length: plain }, (_, i) => generatedArticle(31, i, 4));
  // Faulty articles in the middle of the batch, so good ones come before and after them.
  const all = [...ok.slice(0, plain / 2), ...byFault.values(), ...ok.slice(plain / 2)];
  await store.ingestBatch(all.map((a) => makeItem(a)));
  return { store, byFault, ok };
}

async function stored(store: Store, id: string): Promise<Analysis | null> {
  const s = await store.getAnalysis(id);
  return s ? (s.analysis as Analysis) : null;
}

test('worker threads: a throw, a budget overrun, a hang and a crash each fail alone; the rest is stored', { skip: compiled ? false : 'worker threads need the compiled files (run from dist)' }, async () => {
  const { store, byFault, ok } = await seed(['zzthrow', 'zzslow', 'zzhang', 'zzcrash', 'zzexplode'], 8);
  try {
    const s = await analyzeStored(store, { workers: 2, pipelineModule, limits: { timeBudgetMs: 200 }, taskTimeoutMs: 1500 });
    // Stored: the eight good ones, plus the thrower and the slow one with what their finished analyzers found.
    assert.equal(s.analyzed, 10);
    assert.equal(s.failed, 3);
    const reasons = new Map(s.failures.map((f) => [f.articleId, f.reason]));
    assert.match(reasons.get(byFault.get('zzhang')!.id)!, /still running after \d+ s \(the limit is 1\.5 s\): its worker was stopped/);
    assert.match(reasons.get(byFault.get('zzcrash')!.id)!, /analysis worker crashed \(worker exited with code: 7\)/);
    assert.match(reasons.get(byFault.get('zzexplode')!.id)!, /analysis failed: the pipeline failed outside its analyzers/);
    assert.deepEqual(s.failures.map((f) => f.source).sort(), ['zzcrash.txt', 'zzexplode.txt', 'zzhang.txt']);
    for (const a of ok) {
      const an = await stored(store, a.id);
      assert.ok(an, `good article ${a.id} stored`);
      assert.ok(an.findings.some((f) => f.analyzer === 'last'), 'all three analyzers ran');
      assert.deepEqual(an.diagnostics, []);
    }
    const thrown = (await stored(store, byFault.get('zzthrow')!.id))!;
    assert.ok(thrown.findings.some((f) => f.analyzer === 'names'));
    assert.deepEqual(thrown.diagnostics.map((d) => d.code), ['analyzer-failed', 'analyzer-skipped']);
    assert.match(thrown.diagnostics[0].message, /threw on purpose/);
    const slow = (await stored(store, byFault.get('zzslow')!.id))!;
    assert.deepEqual(slow.diagnostics.map((d) => d.code), ['budget-exceeded']);
    assert.match(slow.diagnostics[0].message, /not run: last/);
    assert.equal(s.diagnostics['pipeline/budget-exceeded'], 1);
    for (const f of ['zzhang', 'zzcrash', 'zzexplode']) assert.equal(await stored(store, byFault.get(f)!.id), null, `${f}: nothing stored`);
    assert.deepEqual(await store.listClaims(), [], 'every claim released, failed articles included');

    // The next run tries the failed ones again (nothing was stored for them) and leaves the rest alone.
    const again = await analyzeStored(store, { workers: 1, pipelineModule, limits: { timeBudgetMs: 200 }, taskTimeoutMs: 1500 });
    assert.equal(again.current, 10);
    assert.equal(again.analyzed, 0);
    assert.equal(again.failed, 3);
  } finally {
    await store.close();
  }
});

test('on the main thread: a throw and a budget overrun are stored with their diagnostic, a pipeline exception fails alone', async () => {
  const { store, byFault, ok } = await seed(['zzthrow', 'zzslow', 'zzexplode'], 4);
  try {
    const s = await analyzeStored(store, { workers: 0, pipelineModule, limits: { timeBudgetMs: 200 } });
    assert.equal(s.analyzed, 6);
    assert.equal(s.failed, 1);
    assert.deepEqual(s.failures, [{ articleId: byFault.get('zzexplode')!.id, source: 'zzexplode.txt', reason: 'analysis failed: the pipeline failed outside its analyzers' }]);
    for (const a of ok) assert.ok(await stored(store, a.id));
    assert.deepEqual((await stored(store, byFault.get('zzslow')!.id))!.diagnostics.map((d) => d.code), ['budget-exceeded']);
    assert.deepEqual(await store.listClaims(), []);
  } finally {
    await store.close();
  }
});

test('an analysis the store refuses fails alone; the rest of its write batch is stored', async () => {
  const { store, ok } = await seed([], 6);
  const bad = ok[3].id;
  // A store that refuses one article's analysis (as a constraint or size limit would), whatever batch it is in.
  const picky: Store = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'putAnalyses') {
        return async (list: StoredAnalysis[]) => {
          if (list.some((a) => a.articleId === bad)) throw new Error('value too large for this column');
          return target.putAnalyses(list);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  try {
    const s = await analyzeStored(picky, { workers: 0, pipelineModule });
    assert.equal(s.analyzed, 5);
    assert.equal(s.failed, 1);
    assert.equal(s.failures[0].articleId, bad);
    assert.equal(s.failures[0].source, ok[3].source);
    assert.match(s.failures[0].reason, /the store refused its analysis: value too large/);
    for (const a of ok) assert.equal(Boolean(await store.getAnalysis(a.id)), a.id !== bad, a.id);
    assert.deepEqual(await store.listClaims(), []);
  } finally {
    await store.close();
  }
});

test('a store that refuses every write stops the run with its error', async () => {
  const { store } = await seed([], 4);
  const broken: Store = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'putAnalyses') return async () => { throw new Error('disk I/O error'); };
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  try {
    await assert.rejects(analyzeStored(broken, { workers: 0, pipelineModule }), /disk I\/O error/);
  } finally {
    await store.close();
  }
});
