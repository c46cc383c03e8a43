import { describeError, isParallaxError } from '../core/errors.js';
import { HttpError } from './errors.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobProgress {
  /** What the job is doing now: 'ingesting', 'analysing', … */
  phase: string;
  done: number;
  /** null while unknown (an ingest does not know how many articles a feed holds until it has read it). */
  total: number | null;
}

export interface Job {
  id: string;
  kind: 'ingest' | 'analyze';
  state: JobState;
  progress: JobProgress;
  /** The job's summary when done. */
  result: unknown;
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type JobReport = (p: Partial<JobProgress>) => void;

/**
 * Long operations (ingest, analyse) run as jobs: the request returns 202 with the job at once and the client
 * polls GET /api/jobs/{id}. Jobs run one at a time, in order, so two writers never race on the store. At most
 * `maxQueued` jobs wait; more are refused with E_BUSY (503, Retry-After) instead of holding their bodies in memory.
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private chain: Promise<void> = Promise.resolve();
  private seq = 0;
  private waiting = 0;
  constructor(
    private readonly keep = 100,
    private readonly maxQueued = 16,
  ) {}

  submit(kind: Job['kind'], run: (report: JobReport) => Promise<unknown>, onSettled?: () => void): Job {
    if (this.waiting >= this.maxQueued) {
      throw new HttpError('E_BUSY', `${this.waiting} jobs are already waiting; retry when they are done (GET /api/jobs)`, { 'Retry-After': '30' });
    }
    this.waiting++;
    const id = `job-${++this.seq}-${Date.now().toString(36)}`;
    const job: Job = {
      id,
      kind,
      state: 'queued',
      progress: { phase: 'queued', done: 0, total: null },
      result: null,
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    this.jobs.set(id, job);
    this.prune();
    const report: JobReport = (p) => {
      job.progress = { ...job.progress, ...p };
    };
    this.chain = this.chain.then(async () => {
      this.waiting--;
      job.state = 'running';
      job.startedAt = new Date().toISOString();
      try {
        job.result = await run(report);
        job.state = 'done';
      } catch (e) {
        job.state = 'failed';
        job.error = { code: isParallaxError(e) ? e.code : 'E_INTERNAL', message: describeError(e) };
      } finally {
        job.finishedAt = new Date().toISOString();
        onSettled?.();
      }
    });
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  list(): Job[] {
    return [...this.jobs.values()].reverse();
  }

  /** Resolves when every job submitted so far has settled (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  private prune(): void {
    if (this.jobs.size <= this.keep) return;
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (j.state === 'done' || j.state === 'failed') this.jobs.delete(id);
    }
  }
}
