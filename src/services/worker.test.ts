/**
 * The PostgreSQL job queue and its workers, against a real PostgreSQL server (PARALLAX_TEST_PG; skipped with a
 * message without one on a developer's machine, failing under CI=true):
 *  - two workers share a queue and no article is analysed twice;
 *  - a worker killed with SIGKILL mid-run leaves a consistent store, and its jobs are retried by the other;
 *  - a poison article fails alone, after its retries, and `parallax status` shows it with the reason.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { generatedArticle, makeItem } from '../storage/test-fixtures.js';
import type { Store } from '../storage/store.js';
import { createConfiguredPipeline, isCurrent } from './analyze.js';
import { AnalysisQueue, QUEUE_SCHEMA } from './queue.js';
import { createTestDatabase, pgTestUrl } from '../storage/pg-testing.js';
import { openStore } from '../storage/index.js';
import { runWorker, type WorkerEvent } from './worker.js';
import { main } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';

const base = pgTestUrl('job queue and workers');
const skip = !base;
const pipeline = createConfiguredPipeline();
const fromTs = import.meta.url.endsWith('.ts');
const childScript = join(dirname(fileURLToPath(import.meta.url)), fromTs ? 'worker-child.ts' : 'worker-child.js');
const childArgs = fromTs ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, childScript] : [childScript];

const dir = mkdtempSync(join(tmpdir(), 'parallax-worker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh database with `n` generated articles stored in the PostgreSQL store. */
async function setup(name: string, n: number, seed: number) {
  const db = await createTestDatabase(base!, `worker_${name}`);
  const store = await openStore(db.url);
  const location = db.url;
  const outcomes = await store.ingestBatch(Array.from({ length: n }, (_, i) => makeItem(generatedArticle(seed, i, 12))));
  const ids = outcomes.map((o) => o.id);
  assert.equal(new Set(ids).size, n, 'generated articles are distinct');
  return { db, store, location, ids };
}

async function jobRows(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`SELECT singleton_key AS id, state::text AS state, retry_count FROM ${QUEUE_SCHEMA}.job WHERE name LIKE 'analyze_%'`);
    return r.rows as Array<{ id: string; state: string; retry_count: number }>;
  } finally {
    await c.end();
  }
}

/** Every article has exactly one stored analysis, current, whose JSON parses and names the article. */
async function assertConsistent(store: Store, ids: string[]) {
  const stamps = await store.listAnalysisStamps();
  assert.equal(stamps.length, ids.length, 'one analysis row per article, no duplicates');
  assert.deepEqual(new Set(stamps.map((s) => s.articleId)), new Set(ids));
  for (const id of ids) {
    const article = await store.getArticle(id);
    const stored = await store.getAnalysis(id);
    assert.ok(article && stored, `analysis of ${id} is stored`);
    assert.ok(isCurrent(stored, article, pipeline.versions), `analysis of ${id} is current`);
    assert.equal((stored.analysis as { articleId: string }).articleId, id);
  }
}

function runChild(storeLocation: string, queueUrl: string, slowMs: number, onLine?: (line: string, child: ChildProcess) => void) {
  const child = spawn(process.execPath, [...childArgs, storeLocation, queueUrl, '4', '1', String(slowMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      onLine?.(line, child);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}

test('two workers share one queue: every article analysed once, none twice', { skip }, async () => {
  const { db, store, ids } = await setup('share', 40, 7101);
  const queues = await Promise.all([0, 1].map(() => AnalysisQueue.open(db.url, pipeline.versions, { maintenanceIntervalSeconds: 0 })));
  try {
    assert.equal(await queues[0].enqueue(ids), ids.length);
    // Queuing the same articles again adds nothing: at most one waiting job per article.
    assert.equal(await queues[1].enqueue(ids), 0);
    const seen: string[][] = [[], []];
    const summaries = await Promise.all(
      queues.map((q, w) =>
        runWorker(store, q, {
          pipeline,
          batchSize: 3,
          exitWhenDrained: true,
          pollMs: 50,
          onEvent: (e: WorkerEvent) => {
            if (e.type === 'analysed') seen[w].push(e.articleId);
          },
        }),
      ),
    );
    const all = [...seen[0], ...seen[1]];
    assert.equal(all.length, ids.length, 'no article analysed twice');
    assert.deepEqual(new Set(all), new Set(ids));
    assert.ok(seen[0].length > 0 && seen[1].length > 0, `both workers got work (${seen[0].length} + ${seen[1].length})`);
    assert.equal(summaries[0].failed + summaries[1].failed, 0);
    await assertConsistent(store, ids);
    const jobs = await jobRows(db.url);
    assert.equal(jobs.length, ids.length);
    assert.ok(jobs.every((j) => j.state === 'completed'));
    assert.ok(await queues[0].drained());
    assert.deepEqual(
      (await queues[0].counts()).map((c) => [c.current, c.queued, c.running, c.failed, c.done]),
      [[true, 0, 0, 0, ids.length]],
    );
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    await store.close();
    await db.drop();
  }
});

test('kill -9 of a worker mid-run: its jobs are retried by the other, the store stays consistent, no duplicates', { skip }, async () => {
  const { db, store, location, ids } = await setup('kill', 80, 7202);
  const queue = await AnalysisQueue.open(db.url, pipeline.versions, { maintenanceIntervalSeconds: 0 });
  try {
    // A short job timeout, so the killed worker's jobs come back within seconds (the heartbeat keeps live ones).
    assert.equal(await queue.enqueue(ids, { timeoutSeconds: 5, retryDelaySeconds: 0 }), ids.length);
    // The victim spins 300 ms per article, and is killed as it starts its third batch: mid-article, holding jobs.
    let batches = 0;
    let victimStored = 0;
    const victim = runChild(location, db.url, 300, (line, child) => {
      if (/^(analysed|current) /.test(line)) victimStored++;
      if (line.startsWith('claimed ') && ++batches === 3) child.kill('SIGKILL');
    });
    const v = await victim.done;
    assert.equal(v.signal, 'SIGKILL', `the victim was killed mid-run (stderr: ${v.err})`);
    // Jobs the victim held when it died.
    const stranded = (await jobRows(db.url)).filter((j) => j.state === 'active').map((j) => j.id);
    assert.ok(stranded.length > 0, 'the victim died holding jobs');
    assert.ok(victimStored >= 4 && victimStored < ids.length, `the victim stored some articles before it died (${victimStored})`);

    const survivor = runChild(location, db.url, 0);
    const s = await survivor.done;
    assert.equal(s.code, 0, s.err);
    const summary = JSON.parse(/^done (.*)$/m.exec(s.out)![1]) as { failed: number };
    assert.equal(summary.failed, 0);

    const jobs = await jobRows(db.url);
    assert.ok(jobs.every((j) => j.state === 'completed'), `all jobs done: ${JSON.stringify(jobs.filter((j) => j.state !== 'completed'))}`);
    for (const id of stranded) {
      const j = jobs.find((x) => x.id === id)!;
      assert.ok(j.retry_count >= 1, `the stranded job of ${id} was retried`);
    }
    await assertConsistent(store, ids);
  } finally {
    await queue.close();
    await store.close();
    await db.drop();
  }
});

test('a poison article fails alone after its retries, with its reason, and status shows it', { skip }, async () => {
  const { db, store, ids } = await setup('poison', 12, 7303);
  const poison = ids[5];
  // The same analyzers (same versions, so the same queue), but the pipeline throws on one article.
  const poisoned = { ...pipeline, run: (doc: Parameters<typeof pipeline.run>[0]) => {
    if (doc.articleId === poison) throw new Error('tokenizer exploded on this article');
    return pipeline.run(doc);
  } };
  const queue = await AnalysisQueue.open(db.url, pipeline.versions, { maintenanceIntervalSeconds: 0 });
  try {
    await queue.enqueue(ids, { retryLimit: 1, retryDelaySeconds: 0 });
    const failures: Array<{ id: string; attempt: number }> = [];
    const summary = await runWorker(store, queue, {
      pipeline: poisoned,
      batchSize: 4,
      exitWhenDrained: true,
      pollMs: 50,
      onEvent: (e) => {
        if (e.type === 'failed') failures.push({ id: e.articleId, attempt: e.attempt });
      },
    });
    assert.deepEqual(failures, [{ id: poison, attempt: 1 }, { id: poison, attempt: 2 }], 'tried twice (retry limit 1), then failed');
    assert.equal(summary.analyzed, ids.length - 1, 'the rest of its batch was stored');
    const stamps = await store.listAnalysisStamps();
    assert.deepEqual(new Set(stamps.map((s) => s.articleId)), new Set(ids.filter((id) => id !== poison)));
    const f = await queue.failures();
    assert.equal(f.total, 1);
    assert.equal(f.list[0].articleId, poison);
    assert.equal(f.list[0].attempts, 2);
    assert.match(f.list[0].reason, /analysis failed: tokenizer exploded on this article/);
    const counts = (await queue.counts())[0];
    assert.deepEqual([counts.queued, counts.running, counts.failed, counts.done], [0, 0, 1, ids.length - 1]);

    {
      // The CLI's status on the same database.
      const io = captureIO(dir);
      assert.equal(await main(['status', '--db', db.url, '--json'], io), 0, io.err());
      const st = JSON.parse(io.out()) as { articles: number; analysed: number; neverAnalysed: number; queue: { queues: Array<{ failed: number; done: number }>; failures: { list: Array<{ articleId: string; reason: string }> } } };
      assert.equal(st.articles, ids.length);
      assert.equal(st.analysed, ids.length - 1);
      assert.equal(st.neverAnalysed, 1);
      assert.equal(st.queue.queues[0].failed, 1);
      assert.equal(st.queue.failures.list[0].articleId, poison);
      assert.match(st.queue.failures.list[0].reason, /tokenizer exploded/);
      const text = captureIO(dir);
      assert.equal(await main(['status', '--db', db.url], text), 0, text.err());
      assert.match(text.out(), new RegExp(`${poison}\\s+after 2 attempt\\(s\\).*tokenizer exploded`));
    }
  } finally {
    await queue.close();
    await store.close();
    await db.drop();
  }
});

test('CLI on PostgreSQL: ingest queues, worker drains, a config change makes analyses stale and analyze requeues them', { skip }, async () => {
  const db = await createTestDatabase(base!, 'worker_cli');
  const cwd = mkdtempSync(join(dir, 'cli-'));
  const run = async (...argv: string[]) => {
    const io = captureIO(cwd, '', { PARALLAX_DB: db.url });
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err() };
  };
  try {
    const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'corpus');
    const ingest = await run('ingest', corpus, '--json');
    assert.equal(ingest.code, 0, ingest.err);
    const ingested = JSON.parse(ingest.out) as { ingested: unknown[]; enqueued: number };
    assert.ok(ingested.ingested.length >= 10);
    assert.equal(ingested.enqueued, ingested.ingested.length, 'every new article queued');
    const n = ingested.ingested.length;

    let st = JSON.parse((await run('status', '--json', '--quick')).out);
    assert.deepEqual([st.dialect, st.articles, st.analysed, st.neverAnalysed], ['postgres', n, 0, n]);
    assert.deepEqual([st.queue.queues[0].queued, st.queue.queues[0].done], [n, 0]);

    const w = await run('worker', '--exit-when-done', '--json');
    assert.equal(w.code, 0, w.err);
    assert.equal(JSON.parse(w.out).analyzed, n);
    st = JSON.parse((await run('status', '--json')).out);
    assert.deepEqual([st.analysed, st.stale, st.neverAnalysed, st.queue.queues[0].queued, st.queue.queues[0].done], [n, 0, 0, 0, n]);

    // Configured actors change the actors analyzer's version: every analysis is stale for this config.
    writeFileSync(join(cwd, 'parallax.config.json'), JSON.stringify({ actors: [{ name: 'Velgrad', kind: 'place' }] }));
    st = JSON.parse((await run('status', '--json', '--quick')).out);
    assert.deepEqual([st.analysed, st.stale], [0, n]);
    const q = await run('analyze', '--enqueue-only', '--json');
    assert.equal(q.code, 0, q.err);
    assert.equal(JSON.parse(q.out).enqueued, n);
    // Queuing again adds nothing while the jobs wait.
    assert.equal(JSON.parse((await run('analyze', '--enqueue-only', '--json')).out).enqueued, 0);
    st = JSON.parse((await run('status', '--json', '--quick')).out);
    const [mine, old] = st.queue.queues as Array<{ current: boolean; queued: number; done: number }>;
    assert.deepEqual([mine.current, mine.queued, old.current, old.done], [true, n, false, n]);

    // analyze (not --enqueue-only) works the queue itself until it is empty.
    const a = await run('analyze', '--json');
    assert.equal(a.code, 0, a.err);
    assert.equal(JSON.parse(a.out).analyzed, n);
    st = JSON.parse((await run('status', '--json', '--quick')).out);
    assert.deepEqual([st.analysed, st.stale, st.queue.queues[0].queued, st.queue.queues[0].done], [n, 0, 0, n]);
  } finally {
    await db.drop();
  }
});
