import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Article } from '../core/article.js';
import type { Diagnostic } from '../core/finding.js';

/** What a worker sends back: the serialised Analysis plus what the summary needs. */
export interface WorkerAnalysis {
  /** The Analysis JSON without timings (see serializeAnalysis). */
  json: string;
  timings: Record<string, number>;
  findings: number;
  diagnostics: Diagnostic[];
}
import type { ParallaxConfig } from '../core/config.js';
import type { PipelineLimits } from '../core/pipeline.js';

/**
 * Each worker loads every model and lexicon (about 1-2 s on this machine), so workers pay off only on larger jobs.
 */
const ANALYZE_WORKERS_MIN_ARTICLES = 500;

/** Runs the pipeline on worker threads; each worker builds its own pipeline (models load once per worker). */
export class AnalyzePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (a: WorkerAnalysis) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(size: number, config: Pick<ParallaxConfig, 'actors'> | undefined, limits?: PipelineLimits) {
    const url = new URL('./analyze-worker.js', import.meta.url);
    for (let i = 0; i < size; i++) {
      const w = new Worker(url, { workerData: { config: config ? { actors: config.actors } : undefined, limits } });
      w.on('message', (m: { id: number; json?: string; timings?: Record<string, number>; findings?: number; diagnostics?: Diagnostic[]; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.json !== undefined) p.resolve({ json: m.json, timings: m.timings ?? {}, findings: m.findings ?? 0, diagnostics: m.diagnostics ?? [] });
        else p.reject(new Error(m.error ?? 'analysis failed'));
      });
      w.on('error', (e) => {
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(e);
        }
      });
      this.workers.push(w);
    }
  }

  analyze(article: Article): Promise<WorkerAnalysis> {
    const id = this.next++;
    const worker = this.workers[id % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, article });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
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
