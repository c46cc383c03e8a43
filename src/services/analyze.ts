import type { Article } from '../core/article.js';
import type { Analysis, Diagnostic } from '../core/finding.js';
import { ANALYSIS_SCHEMA_VERSION, createPipeline, type Pipeline, type PipelineLimits } from '../core/pipeline.js';
import { defaultAnalyzers } from '../analyzers/index.js';
import type { AnalysisStamp, Store, StoredAnalysis } from '../storage/store.js';
import { splitAnalysisValue, type SplitAnalysis } from '../storage/finding-rows.js';
import type { ParallaxConfig } from '../core/config.js';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ParallaxError } from '../core/errors.js';
import { AnalysisFailure, AnalyzePool, defaultAnalyzeWorkers, type WorkerAnalysis } from './analyze-pool.js';
import { isRead, primaryLanguage, READ_LANGUAGES } from '../core/lang/index.js';

/**
 * Languages the analyzers read (src/core/lang READ_LANGUAGES). Articles in others are stored, listed and given the
 * info diagnostic `language-not-read` here, with no findings.
 */
export const ANALYZED_LANGUAGES = new Set(READ_LANGUAGES);

export interface AnalyzeOptions {
  /** Re-run every article, current or not. */
  force?: boolean;
  /** Only these article ids. */
  ids?: string[];
  onProgress?(done: number, total: number): void;
  pipeline?: Pipeline;
  /** Worker threads running the pipeline (default: one per core for larger jobs; 0 runs it on this thread). */
  workers?: number;
  /** The user's config: its `actors` go to the actors analyzer (ignored when `pipeline` is given). */
  config?: Pick<ParallaxConfig, 'actors'>;
  /** What one article may cost (characters analysed, time budget); defaults in core/pipeline.ts. Ignored with `pipeline`. */
  limits?: PipelineLimits;
  /**
   * How long a claim on an article lasts (ms, default 10 minutes). Several processes analysing one database
   * share the work through these leases; a killed process's claims are freed by the next run on its machine
   * (releaseDeadLocalClaims) and taken over by others once they expire.
   */
  leaseMs?: number;
  /** Called with each article id this run analysed (after it is stored). */
  onAnalyzed?(articleId: string): void;
  /**
   * URL (or path) of an ES module exporting `createPipeline(config, limits): Pipeline`, used instead of the default
   * analyzers on this thread and in every worker (a custom `pipeline` object cannot cross to a worker; a module can).
   */
  pipelineModule?: string;
  /**
   * With workers: an article still running this long after its worker started it fails alone, and its worker is
   * stopped and replaced (ms; default twice the time budget, at least the budget plus 30 s; 0 = no limit). The time
   * budget is checked between analyzers; this limit also stops an analyzer that never returns.
   */
  taskTimeoutMs?: number;
}

/** An article whose analysis failed: nothing was stored for it, the next run tries it again. */
export interface AnalyzeFailure {
  articleId: string;
  source: string;
  reason: string;
}

/** Default lease on claimed articles: longer than any article's analysis under the default time budget. */
export const DEFAULT_LEASE_MS = 10 * 60_000;
/** Whether a process with this id runs on this machine (a pid reused by another program counts as running). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}

/**
 * Frees the claims of analyze processes on this machine that are gone (killed with kill -9, or the machine's power
 * cut): an owner is "host:pid:random", so a process on the same host can tell that the pid no longer runs. Without
 * this, a re-run after a crash left the dead process's articles to a later run, once their leases expired. Claims of
 * other machines are left to expire: their processes cannot be seen from here. Freeing a live process's claim by
 * mistake (a reused pid cannot cause that; two machines with one host name could) costs only a second analysis of
 * the same article: analyses replace each other whole. Returns how many claims were freed.
 */
export async function releaseDeadLocalClaims(store: Store, host = hostname()): Promise<number> {
  const dead = new Map<string, number>();
  for (const c of await store.listClaims()) {
    const [h, pid] = c.owner.split(':');
    const n = Number(pid);
    if (h !== host || !Number.isInteger(n) || n <= 0 || n === process.pid) continue;
    if (dead.has(c.owner) || !processRuns(n)) dead.set(c.owner, (dead.get(c.owner) ?? 0) + 1);
  }
  for (const o of dead.keys()) await store.releaseClaims(o);
  return [...dead.values()].reduce((a, b) => a + b, 0);
}

/** Articles claimed at a time: small, so processes interleave and a killed one strands few. */
const CLAIM_CHUNK = 8;

/**
 * The default pipeline with the config's options. Configured actors change the actors analyzer's output, so its
 * version gets a hash of them ("1.1.0+config.3f2a…"): changing the actors in the config makes analyses stale.
 */
export function createConfiguredPipeline(config?: Pick<ParallaxConfig, 'actors'>, limits?: PipelineLimits): Pipeline {
  const actors = config?.actors ?? [];
  if (!actors.length) return createPipeline(defaultAnalyzers, {}, limits);
  const p = createPipeline(defaultAnalyzers, { actors: { extra: actors } }, limits);
  const hash = createHash('sha256').update(JSON.stringify(actors)).digest('hex').slice(0, 12);
  const versions = { ...p.versions, actors: `${p.versions.actors}+config.${hash}` };
  return { ...p, versions, run: (doc) => ({ ...p.run(doc), versions }) };
}

/** The pipeline a run uses, built the same way on the main thread and in each worker. */
export async function buildPipeline(o: { config?: Pick<ParallaxConfig, 'actors'>; limits?: PipelineLimits; pipelineModule?: string }): Promise<Pipeline> {
  if (!o.pipelineModule) return createConfiguredPipeline(o.config, o.limits);
  const url = /^[a-z][a-z0-9+.-]*:/i.test(o.pipelineModule) ? o.pipelineModule : pathToFileURL(resolvePath(o.pipelineModule)).href;
  const mod = (await import(url)) as { createPipeline?: (config?: Pick<ParallaxConfig, 'actors'>, limits?: PipelineLimits) => Pipeline };
  if (typeof mod.createPipeline !== 'function') throw new ParallaxError('E_USAGE', `pipeline module ${o.pipelineModule} exports no createPipeline function`, { input: o.pipelineModule });
  return mod.createPipeline(o.config, o.limits);
}

/** Failures listed in a summary (all are counted): enough to act on without holding a huge run's worth. */
const MAX_LISTED_FAILURES = 1000;

export interface AnalyzeSummary {
  total: number;
  analyzed: number;
  current: number;
  skippedLanguage: number;
  findings: number;
  /** Articles left to another process that holds a live claim on them (they are being analysed there). */
  claimedElsewhere: number;
  /** Claims of an analyze process on this machine that no longer runs (killed), freed at the start of this run. */
  reclaimed: number;
  /** Articles whose analysis failed (nothing stored; the next run retries them). */
  failed: number;
  /** The first 1,000 of them with the reason. */
  failures: AnalyzeFailure[];
  /** "analyzer/code" -> count */
  diagnostics: Record<string, number>;
  seconds: number;
}

/**
 * The stored form of an analysis: its JSON without the wall-clock `timings` (kept apart, in StoredAnalysis.timings),
 * so analysing the same article with the same analyzers stores the same bytes.
 */
export function serializeAnalysis(analysis: Analysis): { json: string; timings: Record<string, number> } {
  const { timings, ...rest } = analysis;
  return { json: JSON.stringify(rest), timings };
}

/**
 * What the store writes for an analysis, made on the thread that analysed the article: its finding rows and the
 * rest of its JSON (splitAnalysisValue; the same bytes as splitting serializeAnalysis's JSON, without writing the
 * whole analysis out and parsing it back), and the timings apart.
 */
export function prepareAnalysis(analysis: Analysis, text: string): { split: SplitAnalysis; timings: Record<string, number> } {
  const { timings, ...rest } = analysis;
  const split = splitAnalysisValue(rest, text);
  if (!split) throw new ParallaxError('E_INTERNAL', 'an analysis without a findings array');
  return { split, timings };
}

/** Characters a prepared analysis holds (for the write batch's size cap). */
export function preparedChars(split: SplitAnalysis): number {
  let n = split.json.length;
  for (const r of split.rows ?? []) n += r.payload.length;
  return n;
}

/** A stored analysis as the Analysis contract has it: timings put back (older rows carry them inside). */
export function storedToAnalysis(stored: Pick<StoredAnalysis, 'analysis' | 'timings'>): Analysis {
  const a = stored.analysis as Analysis;
  return { ...a, timings: stored.timings ?? a.timings ?? {} };
}

/** Analyses per write transaction, and a cap on their JSON so a batch of very long articles stays small. */
const SAVE_BATCH_ARTICLES = 50;
const SAVE_BATCH_CHARS = 8_000_000;

export function isCurrent(stored: Pick<StoredAnalysis, 'textHash' | 'versions'> | null, article: Article, versions: Record<string, string>): boolean {
  if (!stored || stored.textHash !== article.textHash) return false;
  const keys = Object.keys(versions);
  if (keys.length !== Object.keys(stored.versions).length) return false;
  return keys.every((k) => stored.versions[k] === versions[k]);
}

export function analyzeArticle(pipeline: Pipeline, article: Article): Analysis {
  if (!isRead(article.language)) {
    const diagnostic: Diagnostic = {
      analyzer: 'pipeline',
      severity: 'info',
      code: 'language-not-read',
      message: `article language "${primaryLanguage(article.language) || String(article.language)}" is not read yet: no analyzer ran (read: ${READ_LANGUAGES.join(', ')})`,
    };
    return {
      schemaVersion: ANALYSIS_SCHEMA_VERSION,
      articleId: article.id,
      textHash: article.textHash,
      findings: [],
      diagnostics: [diagnostic],
      versions: pipeline.versions,
      timings: {},
    };
  }
  const analysis = pipeline.run({
    text: article.text,
    articleId: article.id,
    title: article.title,
    outlet: article.outlet,
    published: article.published,
    language: article.language,
  });
  // One hash per text across the contract: the article's (normalised-text) hash, not the pipeline's own.
  return { ...analysis, textHash: article.textHash };
}

/**
 * Runs the pipeline over stored articles that have no current analysis: an article whose text or any
 * analyzer version changed since its analysis was stored is re-run; the rest are left alone.
 *
 * Articles are claimed in small chunks (leases in the store) before they are analysed, so several processes on one
 * database share the work instead of repeating it; an article claimed by another live process is left to it.
 */
export async function analyzeStored(store: Store, opts: AnalyzeOptions = {}): Promise<AnalyzeSummary> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const pipeline = opts.pipeline ?? (await buildPipeline(opts));
  // Ids first, then one article at a time: writing while a read cursor is open is not portable across stores.
  const ids = opts.ids ?? (await store.listArticles()).map((a) => a.id);
  // A custom pipeline object can't be sent to a worker: it runs here.
  const workers = opts.pipeline ? 0 : (opts.workers ?? defaultAnalyzeWorkers(ids.length));
  const budget = pipeline.limits.timeBudgetMs;
  const taskTimeoutMs = opts.taskTimeoutMs ?? (budget > 0 ? Math.max(2 * budget, budget + 30_000) : 0);
  const pool = workers > 0 ? new AnalyzePool(workers, { config: opts.config ? { actors: opts.config.actors } : undefined, limits: opts.limits, pipelineModule: opts.pipelineModule }, taskTimeoutMs) : null;
  const run = new AnalyzeRun(store, opts, { pipeline, total: ids.length, startedAt, workers, pool });
  try {
    // Inside the try: a store failing here still closes the worker pool.
    run.summary.reclaimed = await releaseDeadLocalClaims(store);
    // Which stored analyses are current, read once (hash and versions only) instead of parsing each analysis.
    const stamps = opts.force ? new Map<string, AnalysisStamp>() : new Map((await store.listAnalysisStamps()).map((st) => [st.articleId, st]));
    for (let c = 0; c < ids.length; c += CLAIM_CHUNK) await run.chunk(ids.slice(c, c + CLAIM_CHUNK), stamps);
    await run.settle();
  } finally {
    await run.close();
  }
  run.summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return run.summary;
}

/** What an AnalyzeRun works with, decided before it starts. */
interface RunSetup {
  pipeline: Pipeline;
  /** Articles in the run. */
  total: number;
  /** When the run started (ISO): with `force`, an analysis stored before it is stale. */
  startedAt: string;
  workers: number;
  pool: AnalyzePool | null;
}

/**
 * One analyzeStored run: its summary, the claims it holds (owner), the write batch and the work on the workers.
 *
 * Analyses are written in batches, one transaction each: a commit per article cost as much as some analyzers.
 * A batch is flushed when it is full, at the end, and before an error propagates, so finished work is kept.
 * Its claims are released after the write (a claim outlives its analysis only if the process dies in between).
 */
class AnalyzeRun {
  readonly summary: AnalyzeSummary;
  private readonly pipeline: Pipeline;
  private readonly pool: AnalyzePool | null;
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  private readonly leaseMs: number;
  /** Articles on the workers; each settles (stored or failed) on its own, in whatever order they finish. */
  private readonly inFlight = new Set<Promise<void>>();
  /** An error that is not one article's (the store failing): it stops the run once the loop sees it. */
  private readonly fatal: unknown[] = [];
  private done = 0;
  private readonly batch: StoredAnalysis[] = [];
  private batchChars = 0;
  private batchStarted = 0;
  /** Source and finding count of each analysis waiting in the batch (for a failure's report). */
  private readonly pendingInfo = new Map<string, { source: string; findings: number }>();

  constructor(
    private readonly store: Store,
    private readonly opts: AnalyzeOptions,
    private readonly setup: RunSetup,
  ) {
    this.pipeline = setup.pipeline;
    this.pool = setup.pool;
    this.summary = { total: setup.total, analyzed: 0, current: 0, skippedLanguage: 0, findings: 0, claimedElsewhere: 0, reclaimed: 0, failed: 0, failures: [], diagnostics: {}, seconds: 0 };
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  }

  private tick(): void {
    this.done++;
    this.opts.onProgress?.(this.done, this.setup.total);
  }

  /** One chunk of ids: the stale ones are claimed, and those claimed are analysed (here or on the workers). */
  async chunk(ids: readonly string[], stamps: ReadonlyMap<string, AnalysisStamp>): Promise<void> {
    const { store, summary } = this;
    const todo: Article[] = [];
    for (const id of ids) {
      const stamp = stamps.get(id);
      const article = await store.getArticle(id);
      if (!article || (stamp && isCurrent(stamp, article, this.pipeline.versions))) {
        if (article) summary.current++;
        this.tick();
        continue;
      }
      todo.push(article);
    }
    if (!todo.length) return;
    const claimed = new Set(await store.claimForAnalysis(todo.map((a) => a.id), { owner: this.owner, ttlMs: this.leaseMs }));
    for (const article of todo) {
      if (!claimed.has(article.id)) {
        summary.claimedElsewhere++;
        this.tick();
        continue;
      }
      if (!(await this.stillStale(article))) {
        await store.releaseClaims(this.owner, [article.id]);
        summary.current++;
        this.tick();
        continue;
      }
      await this.analyse(article);
    }
  }

  /** A claimed, stale article: on a worker (waiting while two per worker are in flight), else on this thread. */
  private async analyse(article: Article): Promise<void> {
    if (this.pool) {
      void this.onWorker(this.pool, article);
      // Two per worker: one running, one ready to start the moment it finishes.
      while (this.inFlight.size >= this.setup.workers * 2) await Promise.race(this.inFlight);
      if (this.fatal.length) throw this.fatal[0];
    } else {
      const r = this.here(article);
      if (typeof r === 'string') await this.fail(article, r);
      else {
        await this.save(article, r);
        this.tick();
      }
    }
  }

  /** Waits for the work still on the workers; a fatal error among it stops the run. */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.race(this.inFlight);
    if (this.fatal.length) throw this.fatal[0];
  }

  /** Writes what is finished and frees the claims and the workers, whether the run succeeded or not. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      try {
        // Claims on articles not stored (an error stopped the run) are freed for the next run at once. If that
        // fails too, they expire: the error that stopped the run is the one to report.
        await this.store.releaseClaims(this.owner).catch(() => undefined);
      } finally {
        // Work still on the workers when an error stopped the run: wait for it to settle (not stored).
        await Promise.allSettled(this.inFlight);
        await this.pool?.close();
      }
    }
  }

  private async fail(article: Pick<Article, 'id' | 'source'>, reason: string, counted = false): Promise<void> {
    const { summary } = this;
    summary.failed++;
    if (summary.failures.length < MAX_LISTED_FAILURES) summary.failures.push({ articleId: article.id, source: article.source, reason });
    // Free at once for the next run (or another process) to retry.
    await this.store.releaseClaims(this.owner, [article.id]);
    if (!counted) this.tick();
  }

  private async flush(): Promise<void> {
    const { batch, store, opts } = this;
    if (!batch.length) return;
    const list = batch.splice(0);
    this.batchChars = 0;
    let stored = list;
    try {
      await store.putAnalyses(list);
    } catch (batchError) {
      stored = await this.putOneByOne(list, batchError);
    }
    for (const a of list) this.pendingInfo.delete(a.articleId);
    await store.releaseClaims(this.owner, stored.map((a) => a.articleId));
    if (opts.onAnalyzed) for (const a of stored) opts.onAnalyzed(a.articleId);
  }

  /**
   * After a batch write failed: one analysis the store refuses must not lose the others, so they are written one by
   * one and the refused ones fail alone. If none can be written, the store itself is failing, and that error stops the run.
   */
  private async putOneByOne(list: StoredAnalysis[], batchError: unknown): Promise<StoredAnalysis[]> {
    const { summary } = this;
    const stored: StoredAnalysis[] = [];
    const refused: Array<{ a: StoredAnalysis; e: unknown }> = [];
    for (const a of list) {
      try {
        await this.store.putAnalyses([a]);
        stored.push(a);
      } catch (e) {
        refused.push({ a, e });
      }
    }
    if (!stored.length) throw batchError;
    for (const { a, e } of refused) {
      const info = this.pendingInfo.get(a.articleId);
      summary.analyzed--;
      summary.findings -= info?.findings ?? 0;
      await this.fail({ id: a.articleId, source: info?.source ?? '' }, `the store refused its analysis: ${e instanceof Error ? e.message : String(e)}`, true);
    }
    return stored;
  }

  private async save(article: Article, result: WorkerAnalysis): Promise<void> {
    const { batch, summary } = this;
    const { split, timings } = result;
    this.pendingInfo.set(article.id, { source: article.source, findings: result.findings });
    batch.push({
      articleId: article.id,
      textHash: article.textHash,
      versions: this.pipeline.versions,
      analysis: null,
      split,
      timings,
      createdAt: new Date().toISOString(),
    });
    if (batch.length === 1) this.batchStarted = performance.now();
    this.batchChars += preparedChars(split);
    summary.analyzed++;
    summary.findings += result.findings;
    for (const d of result.diagnostics) {
      if (d.code === 'language-not-read') summary.skippedLanguage++;
      const key = `${d.analyzer}/${d.code}`;
      summary.diagnostics[key] = (summary.diagnostics[key] ?? 0) + 1;
    }
    // Also before the claims on a slow batch could expire and another process would take them over.
    if (batch.length >= SAVE_BATCH_ARTICLES || this.batchChars >= SAVE_BATCH_CHARS || performance.now() - this.batchStarted > this.leaseMs / 2) await this.flush();
  }

  /** Analyses one article on this thread; an exception (outside the analyzers, which the pipeline contains) fails it alone. */
  private here(article: Article): WorkerAnalysis | string {
    try {
      const analysis = analyzeArticle(this.pipeline, article);
      const { split, timings } = prepareAnalysis(analysis, article.text);
      return { split, timings, findings: analysis.findings.length, diagnostics: analysis.diagnostics };
    } catch (e) {
      return `analysis failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private onWorker(pool: AnalyzePool, article: Article): Promise<void> {
    const p: Promise<void> = pool.analyze(article).then(
      async (r) => {
        await this.save(article, r);
        this.tick();
      },
      async (e: unknown) => {
        if (!(e instanceof AnalysisFailure)) throw e;
        await this.fail(article, e.message);
      },
    ).catch((error: unknown) => {
      this.fatal.push(error);
    }).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return p;
  }

  /** Still to do after our claim? Another process may have stored it since our stamps were read. */
  private async stillStale(article: Article): Promise<boolean> {
    const fresh = await this.store.getAnalysisStamp(article.id);
    if (!fresh) return true;
    if (this.opts.force) return fresh.createdAt < this.setup.startedAt;
    return !isCurrent(fresh, article, this.pipeline.versions);
  }
}

/** Every stored analysis with its article's outlet and group, for the corpus views. */
export async function loadCorpusAnalyses(store: Store): Promise<Array<{ article: Article; analysis: Analysis }>> {
  const out: Array<{ article: Article; analysis: Analysis }> = [];
  for (const summary of await store.listArticles()) {
    const stored = await store.getAnalysis(summary.id);
    if (!stored) continue;
    const article = await store.getArticle(summary.id);
    if (!article || article.textHash !== stored.textHash) continue;
    out.push({ article, analysis: storedToAnalysis(stored) });
  }
  return out;
}
