import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPARISON_SCHEMA_VERSION } from '../compare/index.js';
import { defaultConfig } from '../core/config.js';
import { isParallaxError } from '../core/errors.js';
import { openStore } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import { createApp } from './app.js';
import { CorpusCache } from './corpus-cache.js';
import { InProcessEngine, ViewService, WorkerEngine, type ViewEngine } from './engine.js';
import { JobQueue } from './jobs.js';
import { WorkLimiter } from './limiter.js';
import type { ParamValues } from './params.js';
import type { ViewOp } from './views.js';

// The server under load: bounded heavy work (503 + Retry-After beyond the queue), the request timeout, one
// computation for concurrent identical requests, memory given back when idle. Through app.request(), no network.

const H = { host: '127.0.0.1:4317' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An engine whose answers wait until the test releases them; counts what it was asked. */
class GateEngine implements ViewEngine {
  calls: Array<{ op: ViewOp; params: ParamValues }> = [];
  private gates: Array<() => void> = [];
  loaded = false;
  released = 0;
  constructor(private readonly hold = true) {}
  async run(op: ViewOp, params: ParamValues): Promise<string> {
    this.calls.push({ op, params });
    this.loaded = true;
    if (this.hold) await new Promise<void>((r) => this.gates.push(r));
    return JSON.stringify(op === 'health' ? { articles: 0, analysed: 0, unanalysed: 0 } : { op });
  }
  open(): void {
    for (const g of this.gates.splice(0)) g();
  }
  invalidate(): void {}
  async release(): Promise<void> {
    this.loaded = false;
    this.released++;
  }
}

let dir: string;
let store: Store;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parallax-load-test-'));
  store = await openStore(':memory:');
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function appWith(engine: ViewEngine, extra: Record<string, unknown> = {}) {
  return createApp({ store, config: defaultConfig(), webRoot: null, detectLanguage: false, viewEngine: engine, ...extra });
}

async function get(app: ReturnType<typeof appWith>['app'], path: string) {
  const res = await app.request(path, { headers: H });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('heavy requests are bounded', () => {
  it('beyond the running and waiting limit a heavy request gets 503 E_BUSY with Retry-After, at once', async () => {
    const engine = new GateEngine();
    const api = appWith(engine, { maxHeavy: 1, heavyQueue: 1 });
    const first = get(api.app, '/api/labels?by=outlet');
    const second = get(api.app, '/api/labels?by=group');
    await sleep(20);
    const t0 = Date.now();
    const third = await get(api.app, '/api/actors');
    assert.ok(Date.now() - t0 < 1000, 'refused at once');
    assert.equal(third.status, 503);
    assert.equal(third.body.error.code, 'E_BUSY');
    assert.match(third.body.error.message, /busy.*retry in \d+ s/);
    const retry = Number(third.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${third.headers.get('retry-after')}`);
    assert.equal(engine.calls.length, 1, 'only one computation runs');
    engine.open();
    await sleep(10);
    engine.open();
    assert.equal((await first).status, 200);
    assert.equal((await second).status, 200);
    await api.close();
  });

  it('light routes are not limited while heavy work holds every slot', async () => {
    const engine = new GateEngine();
    const api = appWith(engine, { maxHeavy: 1, heavyQueue: 0 });
    const heavy = get(api.app, '/api/compare');
    await sleep(10);
    const list = await get(api.app, '/api/articles');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, []);
    assert.equal((await get(api.app, '/api/jobs')).status, 200);
    engine.open();
    assert.equal((await heavy).status, 200);
    await api.close();
  });

  it('WorkLimiter runs at most `concurrency` tasks and starts waiters in order', async () => {
    const limiter = new WorkLimiter({ concurrency: 2, queue: 10 });
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(i);
          await sleep(5);
          running--;
        }),
      ),
    );
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    assert.equal(limiter.running, 0);
    assert.equal(limiter.queued, 0);
  });

  it('jobs beyond the job queue are refused with 503 E_BUSY', async () => {
    const jobs = new JobQueue(100, 1);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    jobs.submit('ingest', () => gate);
    await sleep(5); // the first is running now
    jobs.submit('ingest', async () => null);
    assert.throws(
      () => jobs.submit('ingest', async () => null),
      (e: unknown) => (e as { code?: string }).code === 'E_BUSY' && /already waiting/.test((e as Error).message),
    );
    open();
    await jobs.idle();
    jobs.submit('ingest', async () => null); // room again
    await jobs.idle();
  });
});

describe('the request timeout', () => {
  it('a heavy request that takes longer than the timeout gets 504 E_TIMEOUT with a clear message, on time', async () => {
    const engine = new GateEngine();
    const api = appWith(engine, { requestTimeoutMs: 150 });
    const t0 = Date.now();
    const r = await get(api.app, '/api/compare');
    const took = Date.now() - t0;
    assert.equal(r.status, 504);
    assert.equal(r.body.error.code, 'E_TIMEOUT');
    assert.match(r.body.error.message, /took longer than 150 ms; .*retry later/);
    assert.ok(took >= 140 && took < 2000, `answered after ${took} ms`);
    engine.open();
    await api.close();
  });

  it('a request waiting for a slot longer than the timeout gets 504, and its work is never started', async () => {
    const engine = new GateEngine();
    const api = appWith(engine, { requestTimeoutMs: 100, maxHeavy: 1 });
    const first = get(api.app, '/api/labels');
    await sleep(5);
    const second = await get(api.app, '/api/stance');
    assert.equal(second.status, 504);
    assert.equal(second.body.error.code, 'E_TIMEOUT');
    engine.open();
    await first;
    await sleep(10);
    assert.deepEqual(
      engine.calls.map((c) => c.op),
      ['labels'],
    );
    await api.close();
  });
});

describe('single flight', () => {
  it('concurrent identical heavy requests share one computation', async () => {
    const engine = new GateEngine();
    const api = appWith(engine, { maxHeavy: 1, heavyQueue: 0 });
    const all = Array.from({ length: 8 }, () => get(api.app, '/api/compare?by=group'));
    await sleep(20);
    engine.open();
    const answers = await Promise.all(all);
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(8).fill(200),
      'none refused: they joined the running computation instead of queueing',
    );
    assert.equal(engine.calls.length, 1);
    assert.equal(api.views.computations, 1);
    await api.close();
  });

  it('a recent answer is sent again without a computation or a slot, until invalidated or too old', async () => {
    const engine = new GateEngine(false);
    const views = new ViewService(engine, { concurrency: 1, queue: 0, answerTtlMs: 100 });
    const a = await views.run('compare', { by: 'group' });
    const b = await views.run('compare', { by: 'group' });
    assert.equal(a, b, 'the same buffer');
    assert.equal(engine.calls.length, 1);
    views.invalidate();
    await views.run('compare', { by: 'group' });
    assert.equal(engine.calls.length, 2, 'recomputed after invalidate()');
    await sleep(120);
    await views.run('compare', { by: 'group' });
    assert.equal(engine.calls.length, 3, 'recomputed after the answer expired');
    await views.close();
  });

  it('compare answers from the store without loading the snapshot, once for concurrent callers, until invalidated', async () => {
    const engine = new InProcessEngine(store);
    const answers = await Promise.all(Array.from({ length: 3 }, () => engine.run('compare', { by: 'group' })));
    assert.equal(new Set(answers).size, 1);
    assert.equal(JSON.parse(answers[0]).schemaVersion, COMPARISON_SCHEMA_VERSION);
    assert.equal(engine.cache.loads, 0, 'no snapshot loaded for a comparison');
    assert.equal(engine.loaded, false);
    let computed = 0;
    const fn = async () => (computed++, '{"b":2}');
    await Promise.all([engine.cache.resultFromStore('k', fn), engine.cache.resultFromStore('k', fn)]);
    await engine.cache.resultFromStore('k', fn);
    assert.equal(computed, 1, 'memoised while the store is unchanged');
    engine.invalidate();
    await engine.cache.resultFromStore('k', fn);
    assert.equal(computed, 2, 'recomputed after invalidate()');
  });

  it('CorpusCache loads one snapshot and derives once for concurrent callers', async () => {
    const cache = new CorpusCache(store);
    let computed = 0;
    const fn = async () => {
      computed++;
      await sleep(10);
      return 42;
    };
    const got = await Promise.all(Array.from({ length: 5 }, () => cache.derive('k', fn)));
    assert.deepEqual(got, [42, 42, 42, 42, 42]);
    assert.equal(computed, 1);
    assert.equal(cache.loads, 1);
    let answered = 0;
    const texts = await Promise.all(Array.from({ length: 5 }, () => cache.result('r', async () => (answered++, '{"a":1}'))));
    assert.deepEqual(new Set(texts), new Set(['{"a":1}']));
    assert.equal(answered, 1);
  });

  it('an unchanged store keeps its snapshot when the max age passes (no recomputation); a change reloads it', async () => {
    const cache = new CorpusCache(store, { maxAgeMs: 0 });
    let computed = 0;
    await cache.derive('x', () => ++computed);
    await sleep(2);
    await cache.derive('x', () => ++computed);
    assert.equal(cache.loads, 1, 'not reloaded');
    assert.equal(computed, 1, 'not recomputed');
    cache.invalidate();
    await cache.derive('x', () => ++computed);
    assert.equal(cache.loads, 2);
    assert.equal(computed, 2);
  });

  it('derived values are bounded in number, comparisons more tightly', async () => {
    const cache = new CorpusCache(store, { maxDerived: 3 });
    for (let i = 0; i < 10; i++) await cache.derive(`k${i}`, () => i);
    const s = await cache.snapshot();
    assert.deepEqual([...s.derived.keys()], ['k7', 'k8', 'k9']);
    const c = new CorpusCache(store, { maxDerived: 10, maxComparisons: 2 });
    for (const k of ['view:a', 'compare:1', 'compare:2', 'view:b', 'compare:3']) await c.derive(k, () => k);
    assert.deepEqual([...(await c.snapshot()).derived.keys()], ['view:a', 'compare:2', 'view:b', 'compare:3']);
  });
});

describe('memory is released when idle', () => {
  it('the view service releases the engine after the idle period, and loads again on the next request', async () => {
    const engine = new InProcessEngine(store);
    const views = new ViewService(engine, { idleMs: 50 });
    assert.deepEqual(await views.json('health', {}), { articles: 0, analysed: 0, unanalysed: 0 });
    assert.equal(engine.loaded, true);
    await sleep(120);
    assert.equal(engine.loaded, false, 'snapshot dropped after 50 ms idle');
    await views.run('health', {});
    assert.equal(engine.loaded, true);
    assert.equal(engine.cache.loads, 2);
    await views.close();
  });

  it('not while a request is running', async () => {
    const engine = new GateEngine();
    const views = new ViewService(engine, { idleMs: 20 });
    const p = views.run('compare', {});
    await sleep(60);
    assert.equal(engine.released, 0);
    engine.open();
    await p;
    await sleep(60);
    assert.equal(engine.released, 1);
    await views.close();
  });

  it('a worker engine answers from its own thread, maps errors, and stops its worker when released', async () => {
    const db = join(dir, 'w.db');
    const fileStore = await openStore(db);
    try {
      const engine = new WorkerEngine(db);
      const views = new ViewService(engine, { idleMs: 50 });
      assert.deepEqual(await views.json('health', {}), { articles: 0, analysed: 0, unanalysed: 0 });
      assert.equal(engine.loaded, true);
      await assert.rejects(views.run('getAnalysis', { id: 'ffffffffffffffff' }), (e: unknown) => isParallaxError(e) && e.code === 'E_NOT_FOUND' && /no article/.test(e.message));
      await sleep(150);
      assert.equal(engine.loaded, false, 'worker stopped after the idle period');
      assert.deepEqual((await views.json<{ articles: number }>('facets', {})).articles, 0);
      assert.equal(engine.starts, 2);
      await views.close();
      // Past its heap limit only the worker ends: the request fails with a message, the server lives on.
      const tiny = new WorkerEngine(db, {}, 4);
      await assert.rejects(tiny.run('health', {}), (e: unknown) => isParallaxError(e) && e.code === 'E_INTERNAL' && /limit (?:of|is) 4 MB/.test(e.message));
      assert.equal(tiny.loaded, false);
    } finally {
      await fileStore.close();
    }
  });
});
