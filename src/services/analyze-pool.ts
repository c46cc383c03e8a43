import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Article } from '../core/article.js';
import type { Diagnostic } from '../core/finding.js';
import type { ParallaxConfig } from '../core/config.js';
import type { PipelineLimits } from '../core/pipeline.js';
import type { SplitAnalysis } from '../storage/finding-rows.js';

/** What a worker sends back: the serialised Analysis plus what the summary needs. */
export interface WorkerAnalysis {
  /** The Analysis without timings, split into finding rows and the rest (see prepareAnalysis). */
  split: SplitAnalysis;
  timings: Record<string, number>;
  findings: number;
  diagnostics: Diagnostic[];
}

/** How each worker builds its pipeline (the same way as the main thread: see buildPipeline in analyze.ts). */
export interface WorkerData {
  config?: Pick<ParallaxConfig, 'actors'>;
  limits?: PipelineLimits;
  /** URL of a module exporting createPipeline(config, limits), instead of the default analyzers. */
  pipelineModule?: string;
}

/** An article whose analysis failed on a worker; `message` is the reason, fit to show to the user. */
export class AnalysisFailure extends Error {}

/**
 * Each worker loads every model and lexicon (about 1-2 s on this machine), so workers pay off only on larger jobs.
 */
const ANALYZE_WORKERS_MIN_ARTICLES = 500;
/** How often running tasks are checked against the hard time limit. */
const WATCH_MS = 250;

interface Running {
  controller: AbortController;
  /** Date.now() when the worker started the article (written by the worker), 0 while queued. */
  clock: Float64Array;
  article: Article;
  /** Set when the watchdog stopped the task. */
  reason?: string;
}

/**
 * Runs the pipeline on worker threads (piscina): each worker builds its own pipeline (models load once per
 * worker). One article's failure stays its own: an exception, a worker that exits or runs out of memory, or an
 * article still running after `taskTimeoutMs` (its worker is stopped) rejects that article's promise with an
 * AnalysisFailure naming the reason, and piscina replaces the lost worker for the next article.
 */
export class AnalyzePool {
  private readonly pool: Piscina;
  private readonly running = new Set<Running>();
  private readonly watch: NodeJS.Timeout | null;

  constructor(size: number, data: WorkerData, private readonly taskTimeoutMs = 0) {
    this.pool = new Piscina({
      filename: new URL('./analyze-worker.js', import.meta.url).href,
      minThreads: size,
      maxThreads: size,
      // One article at a time per worker: the time limit counts from the task's start, and a crash loses one article.
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
      workerData: data,
    });
    this.watch = taskTimeoutMs > 0 ? setInterval(() => this.check(), WATCH_MS) : null;
    this.watch?.unref();
  }

  get size(): number {
    return this.pool.options.maxThreads;
  }

  private check(): void {
    const now = Date.now();
    for (const r of this.running) {
      const started = r.clock[0];
      if (started > 0 && !r.reason && now - started > this.taskTimeoutMs) {
        r.reason = `still running after ${Math.round((now - started) / 1000)} s (the limit is ${this.taskTimeoutMs / 1000} s): its worker was stopped`;
        r.controller.abort();
      }
    }
  }

  async analyze(article: Article): Promise<WorkerAnalysis> {
    const clock = new SharedArrayBuffer(8);
    const r: Running = { controller: new AbortController(), clock: new Float64Array(clock), article };
    this.running.add(r);
    try {
      return (await this.pool.run({ article, clock }, { signal: r.controller.signal })) as WorkerAnalysis;
    } catch (e) {
      throw new AnalysisFailure(r.reason ?? failureReason(e));
    } finally {
      this.running.delete(r);
    }
  }

  async close(): Promise<void> {
    if (this.watch) clearInterval(this.watch);
    await this.pool.destroy();
  }
}

/** The user-facing reason for a failed task, from what piscina rejects with. */
function failureReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/reaching memory limit|out of memory/i.test(msg)) return `the analysis worker ran out of memory (${msg}); it was replaced`;
  if (/worker exited/i.test(msg)) return `the analysis worker crashed (${msg}); it was replaced`;
  return `analysis failed: ${msg}`;
}

/**
 * Analysis workers to use by default: one per core beyond the first on machines with 4+ cores, at most 4; 0 on
 * smaller machines, for small jobs, or when running from TypeScript sources (no compiled worker file).
 */
export function defaultAnalyzeWorkers(articles: number): number {
  const worker = new URL('./analyze-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.js') || !existsSync(fileURLToPath(worker))) return 0;
  const cores = availableParallelism();
  // Each worker loads every model (~1-2 s), and V8 already keeps a second core busy with GC and compilation:
  // on 2 cores, 2 workers measured 52 articles/s against 55 on one thread. Only machines with more cores than
  // that gain, so the default asks for 4+ cores and a larger job; `--workers` overrides it anywhere.
  if (cores < 4 || articles < ANALYZE_WORKERS_MIN_ARTICLES) return 0;
  return Math.min(4, cores - 1);
}
