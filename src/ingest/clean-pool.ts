import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Article, IngestOverrides, RawArticle } from '../core/article.js';
import { ParallaxError, type ErrorCode } from '../core/errors.js';
import type { ParallaxConfig } from '../core/config.js';

export type CleanResult = { article: Article; fingerprints: number[] } | { error: ParallaxError };

/**
 * Cleans articles on worker threads (piscina). Results come back through per-job promises, so the caller keeps
 * input order (and with it the sequential semantics of duplicate handling) while several articles are cleaned at
 * once. A worker that crashes fails only the article it was cleaning (a clear error for that input); piscina
 * starts a new worker for the rest.
 */
export class CleanPool {
  private readonly pool: Piscina;

  constructor(size: number, config: ParallaxConfig, language: boolean) {
    this.pool = new Piscina({
      filename: new URL('./clean-worker.js', import.meta.url).href,
      minThreads: size,
      maxThreads: size,
      idleTimeout: Infinity,
      workerData: { config, language },
    });
  }

  async clean(raw: RawArticle, overrides: IngestOverrides): Promise<CleanResult> {
    try {
      const m = (await this.pool.run({ raw, overrides })) as
        | { article: Article; fingerprints: number[] }
        | { error: { code: ErrorCode; message: string; input?: string } };
      return 'article' in m ? m : { error: new ParallaxError(m.error.code, m.error.message, { input: m.error.input }) };
    } catch (e) {
      return { error: new ParallaxError('E_INTERNAL', `cleaning worker failed: ${e instanceof Error ? e.message : String(e)}`, { input: raw.source }) };
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/**
 * Worker threads to use by default: two on two cores, else one per core beyond the first (the main thread reads
 * and stores), at most 4; 0 on one core, or when running from TypeScript sources (no compiled worker file next to
 * this module).
 */
export function defaultCleanWorkers(): number {
  if (!import.meta.url.endsWith('.js')) return 0;
  // Cleaning costs ~3 ms of CPU an article, reading and storing ~1 ms on the main thread. On 2 cores one worker
  // leaves the main thread mostly idle and the second core half used; two workers share both cores with it.
  // Measured (parallax ingest, 3,000 generated plain-text articles, bench/README.md "ingest"): 1 worker 8.5–9.1 s
  // wall, 2 workers 6.9–7.6 s, for ~1.5 s more CPU. From 3 cores on, one worker per core beyond the first.
  const cores = availableParallelism();
  if (cores < 2) return 0;
  return cores === 2 ? 2 : Math.min(4, cores - 1);
}
