/**
 * The API under load: C concurrent clients (autocannon) send a bounded number of requests over a mix of light and
 * heavy routes to a server on 127.0.0.1 backed by a database of N generated, analysed articles.
 *   npm run bench:load                                   2,000 articles, 200 connections, 2 rounds of 1,000 requests
 *   npm run bench:load -- --count 500 --connections 50 --requests 300 --rounds 1
 * Reports per round p50/p99 latency, errors by kind (connection resets, client timeouts), 503s and other non-2xx
 * answers, the latency of a light probe request during the load, and the server's RSS before, at its peak, just
 * after the load and after an idle period. See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// autocannon ships no types; the few fields used here are described by AutocannonResult below.
// @ts-expect-error -- untyped module
import autocannon from 'autocannon';
import { createRequire } from 'node:module';
import { generateCorpus } from './generate.js';
import { openStore } from '../src/storage/index.js';
import { runIngest } from '../src/ingest/run.js';
import { loadOutletRegistry } from '../src/clean/outlets.js';
import { defaultConfig } from '../src/core/config.js';
import { analyzeStored } from '../src/services/analyze.js';

interface Histogram {
  p50: number;
  p99: number;
  max: number;
  average: number;
}
interface AutocannonResult {
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
}

const HELP = `usage: node dist/bench/load-bench.js [options]
  --count N            articles in the generated database (default 2000)
  --db PATH            database to use or build (default: <tmpdir>/parallax-load-<N>.db, reused when present)
  --connections C      concurrent clients (default 200)
  --requests R         requests per round (default 1000)
  --rounds K           rounds (default 2)
  --timeout S          client timeout per request, seconds (default 120)
  --max-seconds T      hard stop for all rounds together, seconds (default 600)
  --idle S             idle wait before the last RSS reading, seconds (default 75: the server releases after 60)
  --server-options J   JSON passed to startServer (e.g. '{"maxHeavy":2}')
  --json               print the result as JSON only`;

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function num(name: string, fallback: number, min = 0): number {
  const raw = opt(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}

// autocannon appends every response body to a string (for expectBody/onResponse), so 200 clients receiving 141 MB
// comparisons run the *client* out of heap. The benchmark needs statuses, sizes and timings only: drop the bodies.
{
  const PipelinedRequestsQueue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody(data: unknown): void } };
  PipelinedRequestsQueue.prototype.addBody = () => {};
}

const MB = (b: number) => Math.round(b / 1024 / 1024);
/** Set when the server was too busy to answer an RSS request (the reading then comes from /proc, without a GC). */
let gcSkipped = false;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds (or reuses) a database of `count` generated articles, ingested and analysed. */
async function ensureDatabase(path: string, count: number, log: (s: string) => void): Promise<{ ids: string[]; built: boolean }> {
  if (existsSync(path)) {
    const store = await openStore(path);
    try {
      const rows = await store.listArticles();
      if (rows.length) {
        log(`reusing ${path} (${rows.length} articles)`);
        return { ids: rows.map((r) => r.id), built: false };
      }
    } finally {
      await store.close();
    }
  }
  const root = mkdtempSync(join(tmpdir(), 'parallax-lbench-'));
  try {
    const t0 = performance.now();
    await generateCorpus(join(root, 'corpus'), { count, html: 0, seed: 7 });
    const store = await openStore(path);
    try {
      await runIngest([join(root, 'corpus')], { store, clean: { registry: loadOutletRegistry(), config: defaultConfig() }, batchSize: 500 });
      await analyzeStored(store, {});
      const rows = await store.listArticles();
      log(`built ${path}: ${rows.length} articles in ${Math.round((performance.now() - t0) / 1000)} s`);
      return { ids: rows.map((r) => r.id), built: true };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The request mix: weights per path maker; ids and queries vary so the light routes are not one cached answer. */
function requestMix(ids: string[]): Array<{ name: string; weight: number; heavy: boolean; path: (i: number) => string }> {
  const words = ['minister', 'border', 'agreement', 'election', 'talks', 'regime', 'sanctions', 'protest'];
  return [
    { name: 'list', weight: 4, heavy: false, path: (i) => `/api/articles?limit=50&offset=${(i * 50) % Math.max(1, ids.length)}` },
    { name: 'article', weight: 4, heavy: false, path: (i) => `/api/articles/${ids[(i * 7919) % ids.length]}` },
    { name: 'search', weight: 3, heavy: false, path: (i) => `/api/search?q=${words[i % words.length]}&limit=20` },
    { name: 'analysis', weight: 2, heavy: false, path: (i) => `/api/articles/${ids[(i * 104729) % ids.length]}/analysis` },
    { name: 'health', weight: 1, heavy: false, path: () => '/api/health' },
    { name: 'facets', weight: 1, heavy: true, path: () => '/api/facets' },
    { name: 'actors', weight: 2, heavy: true, path: (i) => `/api/actors?limit=${[20, 50][i % 2]}` },
    { name: 'labels', weight: 1, heavy: true, path: (i) => `/api/labels?by=${['outlet', 'group'][i % 2]}` },
    // The whole Comparison: 46 MB (by group) and 141 MB (by outlet) of JSON on 2,000 generated articles.
    { name: 'compare', weight: 1, heavy: true, path: (i) => `/api/compare?by=${['outlet', 'group'][i % 2]}` },
    { name: 'corpus', weight: 1, heavy: true, path: () => '/api/corpus' },
  ];
}

class Server {
  private constructor(private readonly child: ChildProcess, readonly port: number) {}
  static async start(db: string, options: Record<string, unknown>): Promise<Server> {
    const here = dirname(fileURLToPath(import.meta.url));
    const child = fork(join(here, 'load-server.js'), [db, JSON.stringify(options)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before listening`)));
      child.on('message', (m: { type: string; port?: number }) => {
        if (m.type === 'listening') resolve(m.port!);
      });
    });
    return new Server(child, port);
  }
  /** RSS read from /proc (Linux) without asking the server, whose event loop may be blocked; else over IPC. */
  rssNow(): Promise<number> {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      if (m) return Promise.resolve(Number(m[1]) * 1024);
    } catch {
      /* not Linux */
    }
    return Promise.resolve(0);
  }
  /** RSS reported by the server itself (after a GC when asked); from /proc when it does not answer within 10 s. */
  rss(gc = false): Promise<number> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.child.off('message', on);
        gcSkipped = true;
        this.rssNow().then(resolve, () => resolve(0));
      }, 10_000);
      const on = (m: { type: string; rss?: number }) => {
        if (m.type !== 'rss') return;
        clearTimeout(timer);
        this.child.off('message', on);
        resolve(m.rss!);
      };
      this.child.on('message', on);
      this.child.send({ type: 'rss', gc });
    });
  }
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'stop' });
    await Promise.race([exited, sleep(10_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** A light request (one article by id, fresh connection) every 250 ms while the load runs: is the server responsive? */
function probe(base: string, id: string) {
  const times: number[] = [];
  let failures = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/api/articles/${id}`, { signal: AbortSignal.timeout(120_000), headers: { connection: 'close' } });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
        else times.push(performance.now() - t0);
      } catch {
        failures++;
      }
      await sleep(250);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      const sorted = [...times].sort((a, b) => a - b);
      const pct = (p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) : null);
      return { requests: times.length + failures, failures, p50: pct(50), p99: pct(99), max: sorted.length ? Math.round(sorted[sorted.length - 1]) : null };
    },
  };
}

/** What every round of load shares. */
interface RoundSetup {
  base: string;
  /** The article the light probe reads. */
  probeId: string;
  connections: number;
  perRound: number;
  timeoutS: number;
  /** The request mix, each route repeated by its weight. */
  deck: ReturnType<typeof requestMix>;
  /** The server's peak RSS so far (bytes), read by the sampler. */
  peak: () => number;
}

/** One round: perRound requests from autocannon over the deck, with the light probe alongside; stopped at `left` ms. */
async function runRound(round: number, left: number, setup: RoundSetup) {
  const { base, probeId, connections, perRound, timeoutS, deck } = setup;
  let hitDeadline = false;
  let n = 0;
  const errorsByCode: Record<string, number> = {};
  const byRoute: Record<string, { count: number; statuses: Record<string, number> }> = {};
  const p = probe(base, probeId);
  const instance = autocannon({
    url: base,
    connections,
    amount: perRound,
    timeout: timeoutS,
    requests: [
      {
        method: 'GET',
        setupRequest: (req: { path: string }, context: { route?: string }) => {
          const m = deck[n % deck.length];
          req.path = m.path(n++);
          context.route = m.name;
          return req;
        },
        onResponse: (status: number, _body: string, context: { route?: string }) => {
          const r = (byRoute[context.route ?? '?'] ??= { count: 0, statuses: {} });
          r.count++;
          r.statuses[status] = (r.statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  instance.on('reqError', (e: NodeJS.ErrnoException) => {
    const code = e.code ?? e.message ?? 'error';
    errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
  });
  const hardStop = setTimeout(() => {
    hitDeadline = true;
    instance.stop();
  }, left);
  const r = (await instance) as AutocannonResult;
  clearTimeout(hardStop);
  const light = await p.stop();
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  const res = {
    round,
    seconds: r.duration,
    completed: Object.values(statuses).reduce((a, b) => a + b, 0),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    maxms: r.latency.max,
    errors: r.errors,
    clientTimeouts: r.timeouts,
    errorsByCode,
    non2xx: r.non2xx,
    status503: statuses['503'] ?? 0,
    status504: statuses['504'] ?? 0,
    statuses,
    byRoute,
    lightProbe: light,
    rssPeakMB: MB(setup.peak()),
  };
  return { res, light, hitDeadline };
}

async function main() {
  if (process.argv.includes('--help')) {
    console.log(HELP);
    return;
  }
  const jsonOnly = process.argv.includes('--json');
  const log = (s: string) => {
    if (!jsonOnly) console.error(s);
  };
  const count = num('count', 2000, 1);
  const connections = num('connections', 200, 1);
  const perRound = num('requests', 1000, 1);
  const rounds = num('rounds', 2, 1);
  const timeoutS = num('timeout', 120, 1);
  const maxSeconds = num('max-seconds', 600, 1);
  const idleS = num('idle', 75, 0);
  const serverOptions = opt('server-options') ? (JSON.parse(opt('server-options')!) as Record<string, unknown>) : {};
  const db = opt('db') ?? join(tmpdir(), `parallax-load-${count}.db`);

  const { ids } = await ensureDatabase(db, count, log);
  if (!ids.length) throw new Error(`the database ${db} has no articles`);
  const mix = requestMix(ids);
  const deck = mix.flatMap((m) => Array.from({ length: m.weight }, () => m));

  const server = await Server.start(db, serverOptions);
  const base = `http://127.0.0.1:${server.port}`;
  const deadline = Date.now() + maxSeconds * 1000;
  let peak = 0;
  // One reading at a time: a server whose event loop is blocked answers late, and readings must not pile up.
  let sampling = false;
  const sampler = setInterval(() => {
    if (sampling) return;
    sampling = true;
    server.rssNow().then(
      (r) => {
        peak = Math.max(peak, r);
        sampling = false;
      },
      () => (sampling = false),
    );
  }, 250);
  const rssBefore = await server.rss(true);
  peak = rssBefore;
  log(`server on ${base}, RSS ${MB(rssBefore)} MB; ${rounds} × ${perRound} requests, ${connections} connections`);

  const results: unknown[] = [];
  let stoppedEarly = false;
  try {
    for (let round = 1; round <= rounds; round++) {
      const left = deadline - Date.now();
      if (left <= 0) {
        stoppedEarly = true;
        break;
      }
      const { res, light, hitDeadline } = await runRound(round, left, { base, probeId: ids[0], connections, perRound, timeoutS, deck, peak: () => peak });
      if (hitDeadline) stoppedEarly = true;
      results.push(res);
      log(
        `round ${round}: ${res.completed} answered in ${res.seconds} s; p50 ${res.p50ms} ms, p99 ${res.p99ms} ms, max ${res.maxms} ms; ` +
          `errors ${res.errors} (${JSON.stringify(res.errorsByCode)}), client timeouts ${res.clientTimeouts}, non-2xx ${res.non2xx} (503: ${res.status503}, 504: ${res.status504}); ` +
          `light probe p50 ${light.p50} ms, p99 ${light.p99} ms, ${light.failures} failed of ${light.requests}`,
      );
    }
    const rssAfter = await server.rssNow();
    log(`load done; RSS now ${MB(rssAfter)} MB (peak ${MB(peak)} MB); idle ${idleS} s…`);
    await sleep(idleS * 1000);
    clearInterval(sampler);
    const rssIdle = await server.rss(true);
    const summary = {
      node: process.version,
      db,
      articles: ids.length,
      connections,
      requestsPerRound: perRound,
      rounds,
      serverOptions,
      stoppedEarly,
      results,
      rssMB: { before: MB(rssBefore), peak: MB(peak), afterLoad: MB(rssAfter), afterIdle: MB(rssIdle), idleSeconds: idleS, serverTooBusyForGc: gcSkipped },
    };
    console.log(JSON.stringify(summary, null, 2));
    log(`RSS: before ${MB(rssBefore)} MB, peak ${MB(peak)} MB, after load ${MB(rssAfter)} MB, after ${idleS} s idle ${MB(rssIdle)} MB${gcSkipped ? ' (the server was too busy to answer: read from /proc, no GC)' : ''}${stoppedEarly ? ' (hard stop reached)' : ''}`);
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
