import { HttpError } from './errors.js';

export interface LimiterOptions {
  /** Heavy computations running at once (default 2). */
  concurrency?: number;
  /** Requests allowed to wait for a slot (default 32); beyond it E_BUSY (503 with Retry-After). */
  queue?: number;
  /** Longest wait for a slot (default 30 s); then E_TIMEOUT (504). */
  maxWaitMs?: number;
}

interface Waiter {
  start: () => void;
  fail: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

/**
 * Bounds concurrent heavy work: at most `concurrency` tasks run, at most `queue` wait in order, and everyone
 * else is refused at once with E_BUSY (503) and a Retry-After estimate, instead of piling up until the server
 * runs out of memory or clients give up. A waiter that does not get a slot within `maxWaitMs` fails with
 * E_TIMEOUT.
 */
export class WorkLimiter {
  readonly concurrency: number;
  readonly queueLimit: number;
  readonly maxWaitMs: number;
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** Smoothed duration of recent tasks, for Retry-After. */
  private avgMs = 1000;

  constructor(opts: LimiterOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? 2));
    this.queueLimit = Math.max(0, Math.floor(opts.queue ?? 32));
    this.maxWaitMs = opts.maxWaitMs ?? 30_000;
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Seconds a refused client should wait: the time the work ahead of it is expected to take, 1–60 s. */
  retryAfterSeconds(): number {
    const ahead = this.active + this.waiting.length;
    return Math.min(60, Math.max(1, Math.ceil((this.avgMs * Math.max(1, ahead)) / this.concurrency / 1000)));
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    const t0 = Date.now();
    try {
      return await task();
    } finally {
      this.avgMs = this.avgMs * 0.8 + (Date.now() - t0) * 0.2;
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLimit) {
      const retry = this.retryAfterSeconds();
      return Promise.reject(
        new HttpError('E_BUSY', `the server is busy (${this.active} heavy requests running, ${this.waiting.length} waiting); retry in ${retry} s`, { 'Retry-After': String(retry) }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        start: () => {
          clearTimeout(w.timer);
          resolve();
        },
        fail: reject,
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(w);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new HttpError('E_TIMEOUT', `the request waited ${Math.round(this.maxWaitMs / 1000)} s for the server to be free; try again later`));
        }, this.maxWaitMs),
      };
      w.timer.unref?.();
      this.waiting.push(w);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.active--;
  }
}
