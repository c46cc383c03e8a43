/**
 * A queue worker: takes analysis jobs from the PostgreSQL job queue (src/services/queue.ts), analyses the articles
 * and stores the analyses. Any number of workers, in any number of processes on any number of machines, share one
 * queue; pg-boss hands each job to one of them.
 *
 * A job is one article. A worker claims a small batch, analyses each article, stores the batch's analyses in ONE
 * transaction (putAnalyses) and only then marks the jobs done. So:
 *  - a worker killed mid-batch leaves no analysis of that batch half-written (the transaction commits or not),
 *    and its jobs, no longer renewed by its heartbeat, go back to the queue after their timeout;
 *  - a job retried after its analysis was already committed (killed between the commit and "done") finds the
 *    analysis current and is marked done without analysing again: jobs are idempotent;
 *  - an article whose analysis throws, or whose analysis cannot be stored, fails alone: the rest of the batch is
 *    stored, and its job is retried later, then failed with the reason once it has used its retries.
 */
import type { Article } from '../core/article.js';
import type { Analysis } from '../core/finding.js';
import type { ParallaxConfig } from '../core/config.js';
import type { Pipeline, PipelineLimits } from '../core/pipeline.js';
import type { Store, StoredAnalysis } from '../storage/store.js';
import { analyzeArticle, createConfiguredPipeline, isCurrent, prepareAnalysis } from './analyze.js';
import type { AnalysisJob, AnalysisQueue } from './queue.js';

export interface WorkerOptions {
  /** The pipeline (default: the configured default pipeline); its versions must be the queue's. */
  pipeline?: Pipeline;
  config?: Pick<ParallaxConfig, 'actors'>;
  limits?: PipelineLimits;
  /** Jobs claimed at a time (default 8): one write transaction per batch. */
  batchSize?: number;
  /** Stop once the queue has no waiting and no running job (default: keep waiting for work until `signal`). */
  exitWhenDrained?: boolean;
  /** Milliseconds between looks at an empty queue (default 1000). */
  pollMs?: number;
  /** Stops the worker after its current batch. */
  signal?: AbortSignal;
  onEvent?(e: WorkerEvent): void;
}

export type WorkerEvent =
  | { type: 'claimed'; articleIds: string[] }
  | { type: 'analysed'; articleId: string; findings: number }
  | { type: 'current'; articleId: string }
  | { type: 'missing'; articleId: string }
  | { type: 'failed'; articleId: string; reason: string; attempt: number; attempts: number }
  | { type: 'idle' };

export interface WorkerSummary {
  /** Jobs taken from the queue. */
  jobs: number;
  analyzed: number;
  /** Jobs whose article was already analysed with these analyzers (a retried job, or another process did it). */
  current: number;
  /** Jobs whose article is no longer stored. */
  missing: number;
  /** Attempts that failed (each is retried until the job's retries are used up). */
  failed: number;
  findings: number;
  /** "analyzer/code" -> count, over the analyses this worker stored. */
  diagnostics: Record<string, number>;
  seconds: number;
}

function abortable(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function runWorker(store: Store, queue: AnalysisQueue, opts: WorkerOptions = {}): Promise<WorkerSummary> {
  const started = performance.now();
  const pipeline = opts.pipeline ?? createConfiguredPipeline(opts.config, opts.limits);
  const batchSize = opts.batchSize ?? 8;
  const pollMs = opts.pollMs ?? 1000;
  const summary: WorkerSummary = { jobs: 0, analyzed: 0, current: 0, missing: 0, failed: 0, findings: 0, diagnostics: {}, seconds: 0 };
  let idleReported = false;

  while (!opts.signal?.aborted) {
    const jobs = await queue.fetch(batchSize);
    if (!jobs.length) {
      if (opts.exitWhenDrained && (await queue.drained())) break;
      if (!idleReported) opts.onEvent?.({ type: 'idle' });
      idleReported = true;
      await abortable(pollMs, opts.signal);
      continue;
    }
    idleReported = false;
    summary.jobs += jobs.length;
    opts.onEvent?.({ type: 'claimed', articleIds: jobs.map((j) => j.articleId) });
    await runBatch(store, queue, pipeline, jobs, summary, opts);
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}

async function runBatch(store: Store, queue: AnalysisQueue, pipeline: Pipeline, jobs: AnalysisJob[], summary: WorkerSummary, opts: WorkerOptions): Promise<void> {
  // The heartbeat runs whenever the event loop is free (between articles, during database calls).
  const beatMs = Math.max(250, (Math.min(...jobs.map((j) => j.timeoutSeconds)) * 1000) / 3);
  let beating: Promise<void> | null = null;
  const timer = setInterval(() => {
    beating ??= queue
      .heartbeat(jobs)
      .catch(() => undefined)
      .finally(() => (beating = null));
  }, beatMs);
  try {
    const done: AnalysisJob[] = [];
    const toStore: Array<{ job: AnalysisJob; row: StoredAnalysis; analysis: Analysis }> = [];
    const fail = async (job: AnalysisJob, reason: string) => {
      summary.failed++;
      opts.onEvent?.({ type: 'failed', articleId: job.articleId, reason, attempt: job.attempt, attempts: job.attempts });
      await queue.fail(job.id, reason);
    };

    for (const job of jobs) {
      let article: Article | null;
      try {
        article = job.articleId ? await store.getArticle(job.articleId) : null;
        if (!article || article.id !== job.articleId) {
          summary.missing++;
          opts.onEvent?.({ type: 'missing', articleId: job.articleId });
          done.push(job);
          continue;
        }
        // Already current: a retried job whose analysis was committed before its worker died, or `analyze` did it.
        if (!job.force && isCurrent(await store.getAnalysisStamp(article.id), article, pipeline.versions)) {
          summary.current++;
          opts.onEvent?.({ type: 'current', articleId: job.articleId });
          done.push(job);
          continue;
        }
      } catch (e) {
        await fail(job, `cannot read the article from the store: ${message(e)}`);
        continue;
      }
      let analysis: Analysis;
      try {
        analysis = analyzeArticle(pipeline, article);
      } catch (e) {
        await fail(job, `analysis failed: ${message(e)}`);
        continue;
      }
      const { split, timings } = prepareAnalysis(analysis, article.text);
      toStore.push({
        job,
        analysis,
        row: { articleId: article.id, textHash: article.textHash, versions: pipeline.versions, analysis: null, split, timings, createdAt: new Date().toISOString() },
      });
    }

    // One transaction for the batch; if it fails, each article on its own so that one bad row fails alone.
    let stored = toStore;
    try {
      if (toStore.length) await store.putAnalyses(toStore.map((t) => t.row));
    } catch {
      stored = [];
      for (const t of toStore) {
        try {
          await store.putAnalyses([t.row]);
          stored.push(t);
        } catch (e) {
          await fail(t.job, `cannot store the analysis: ${message(e)}`);
        }
      }
    }
    for (const t of stored) {
      summary.analyzed++;
      summary.findings += t.analysis.findings.length;
      for (const d of t.analysis.diagnostics) {
        const key = `${d.analyzer}/${d.code}`;
        summary.diagnostics[key] = (summary.diagnostics[key] ?? 0) + 1;
      }
      opts.onEvent?.({ type: 'analysed', articleId: t.job.articleId, findings: t.analysis.findings.length });
      done.push(t.job);
    }
    await queue.complete(done.map((j) => j.id));
  } finally {
    clearInterval(timer);
    await beating;
  }
}
