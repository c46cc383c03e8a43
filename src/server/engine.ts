import { totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, ParallaxError, type ErrorCode } from '../core/errors.js';
import type { Store } from '../storage/store.js';
import { CorpusCache, type CorpusCacheOptions } from './corpus-cache.js';
import { HTTP_ERROR_CODES, HttpError } from './errors.js';
import { WorkLimiter } from './limiter.js';
import type { ParamValues } from './params.js';
import { runViewOp, STORE_OPS, type ViewOp } from './views.js';

/** Where the heavy operations (src/server/views.ts) run and their corpus snapshot lives. */
export interface ViewEngine {
  /** The operation's answer as JSON text, or its UTF-8 bytes. */
  run(op: ViewOp, params: ParamValues): Promise<string | Buffer>;
  /** The store changed: forget the snapshot. */
  invalidate(): void;
  /** Give the memory back (the snapshot, cached answers; a worker thread is stopped). */
  release(): Promise<void>;
  /** Whether a snapshot (or a worker holding one) is in memory. */
  readonly loaded: boolean;
}

const cacheKey = (op: string, params: ParamValues) => `${op}:${JSON.stringify(params)}`;

/** Runs the operations on this thread (stores without a file, and tests). */
export class InProcessEngine implements ViewEngine {
  readonly cache: CorpusCache;
  constructor(private readonly store: Store, cacheOptions: CorpusCacheOptions = {}) {
    this.cache = new CorpusCache(store, cacheOptions);
  }
  run(op: ViewOp, params: ParamValues): Promise<string> {
    const compute = () => runViewOp({ store: this.store, cache: this.cache }, op, params);
    return STORE_OPS.has(op) ? this.cache.resultFromStore(cacheKey(op, params), compute) : this.cache.result(cacheKey(op, params), compute);
  }
  invalidate(): void {
    this.cache.invalidate();
  }
  async release(): Promise<void> {
    this.cache.release();
  }
  get loaded(): boolean {
    return this.cache.loaded;
  }
}

/** An error as it crosses from the worker: rebuilt as the same ParallaxError / HttpError. */
export interface WireError {
  code: string;
  message: string;
  input?: string;
}

export function fromWire(e: WireError): Error {
  if (e.code in HTTP_ERROR_CODES) return new HttpError(e.code as keyof typeof HTTP_ERROR_CODES, e.message);
  if (e.code in ERROR_CODES) return new ParallaxError(e.code as ErrorCode, e.message, { input: e.input });
  return new ParallaxError('E_INTERNAL', e.message);
}

/**
 * Runs the operations in a worker thread with its own read-only connection to the SQLite file and its own
 * snapshot: the server's event loop never blocks on compare() or on loading thousands of analyses, so light
 * requests keep being answered and the request timeout can fire. The worker starts on the first heavy request
 * and is stopped by release() (after an idle period), which frees all of its memory.
 */
export class WorkerEngine implements ViewEngine {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: unknown) => void }>();
  private seq = 0;
  /** Workers started so far (tests and diagnostics). */
  starts = 0;

  /** The worker's heap limit in MB. */
  readonly heapMb: number;

  constructor(
    private readonly dbPath: string,
    private readonly cacheOptions: CorpusCacheOptions = {},
    /** Heap limit of the worker (default: half the machine's memory, 2–8 GB). Past it only the worker dies. */
    heapMb?: number,
  ) {
    this.heapMb = heapMb ?? Math.round(Math.min(8192, Math.max(2048, totalmem() / 2 / 1024 / 1024)));
  }

  private spawn(): Worker {
    // An explicit heap limit makes running out of memory end the worker (ERR_WORKER_OUT_OF_MEMORY), which fails
    // its requests with a message, instead of V8 aborting the whole server.
    const w = new Worker(new URL('./view-worker.js', import.meta.url), {
      workerData: { db: this.dbPath, cache: this.cacheOptions },
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    this.starts++;
    w.unref();
    w.on('message', (m: { id: number; ok: boolean; bytes?: Uint8Array; error?: WireError }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (!this.pending.size) w.unref();
      if (m.ok) p.resolve(Buffer.from(m.bytes!.buffer, m.bytes!.byteOffset, m.bytes!.byteLength));
      else p.reject(fromWire(m.error!));
    });
    const fail = (why: string) => {
      if (this.worker === w) this.worker = null;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new ParallaxError('E_INTERNAL', why));
      }
    };
    w.on('error', (e) =>
      fail(
        (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the corpus view needs more memory than the worker's limit of ${this.heapMb} MB (filter the request, or give the server more memory); it starts again on the next request`
          : `the view worker failed: ${e.message}`,
      ),
    );
    // Under heavy load V8 can end a worker at its heap limit before the out-of-memory error event is delivered:
    // the exit message names the limit too, so the user learns what to change either way.
    w.on('exit', (code) => fail(`the view worker stopped (exit code ${code}; its memory limit is ${this.heapMb} MB); it starts again on the next request`));
    return w;
  }

  run(op: ViewOp, params: ParamValues): Promise<Buffer> {
    const w = (this.worker ??= this.spawn());
    const id = ++this.seq;
    // Referenced while it owes answers (a waiting test or script stays alive), unreferenced when idle.
    w.ref();
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ type: 'run', id, op, params });
    });
  }

  invalidate(): void {
    this.worker?.postMessage({ type: 'invalidate' });
  }

  async release(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  get loaded(): boolean {
    return this.worker !== null;
  }
}

export interface ViewServiceOptions {
  /** Heavy computations at once (default 2), waiting requests (default 32), longest wait (the request timeout). */
  concurrency?: number;
  queue?: number;
  maxWaitMs?: number;
  /** Release the engine's memory after this long without a heavy request (default 60 s; 0 never). */
  idleMs?: number;
  /**
   * Finished answers kept on this thread and sent to every client that asks again (one buffer shared by all, no
   * new computation, no slot): at most `answerBytes` (default 256 MB: a whole Comparison of 2,000 articles can be
   * 141 MB, and one shared copy beats one per client), each for at most `answerTtlMs` (default
   * 60 s, the corpus cache's own staleness bound), dropped on invalidate() and when idle.
   */
  answerBytes?: number;
  answerTtlMs?: number;
}

/**
 * What the routes call for heavy work: a recent answer is sent again as is; identical concurrent requests share
 * one computation (single flight); distinct ones go through the WorkLimiter (bounded concurrency and queue, 503
 * beyond); the engine's memory and the kept answers are released after `idleMs` without heavy requests.
 */
export class ViewService {
  readonly limiter: WorkLimiter;
  private readonly inflight = new Map<string, Promise<Buffer>>();
  private readonly answers = new Map<string, { buf: Buffer; at: number }>();
  private answerTotal = 0;
  private readonly answerBytes: number;
  private readonly answerTtlMs: number;
  private generation = 0;
  private busy = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly idleMs: number;
  /** Computations started (after single flight), for tests and diagnostics. */
  computations = 0;

  constructor(readonly engine: ViewEngine, opts: ViewServiceOptions = {}) {
    this.limiter = new WorkLimiter({ concurrency: opts.concurrency, queue: opts.queue, maxWaitMs: opts.maxWaitMs });
    this.idleMs = opts.idleMs ?? 60_000;
    this.answerBytes = opts.answerBytes ?? 256 * 1024 * 1024;
    this.answerTtlMs = opts.answerTtlMs ?? 60_000;
  }

  /** The answer as parsed JSON (for routes that add to it). */
  async json<T>(op: ViewOp, params: ParamValues): Promise<T> {
    return JSON.parse((await this.run(op, params)).toString('utf8')) as T;
  }

  /** The answer as UTF-8 JSON bytes, shared by every request that gets it. */
  run(op: ViewOp, params: ParamValues): Promise<Buffer> {
    const key = cacheKey(op, params);
    const kept = this.answers.get(key);
    if (kept && Date.now() - kept.at < this.answerTtlMs) return Promise.resolve(kept.buf);
    if (kept) this.forget(key);
    const running = this.inflight.get(key);
    if (running) return running;
    this.busy++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const gen = this.generation;
    const p = this.limiter
      .run(async () => {
        this.computations++;
        const answer = await this.engine.run(op, params);
        const buf = typeof answer === 'string' ? Buffer.from(answer, 'utf8') : answer;
        if (gen === this.generation) this.keep(key, buf);
        return buf;
      })
      .finally(() => {
        if (this.inflight.get(key) === p) this.inflight.delete(key);
        if (--this.busy === 0) this.armIdle();
      });
    this.inflight.set(key, p);
    return p;
  }

  invalidate(): void {
    this.generation++;
    this.inflight.clear();
    this.dropAnswers();
    this.engine.invalidate();
  }

  private keep(key: string, buf: Buffer): void {
    if (buf.length > this.answerBytes) return;
    this.forget(key);
    while (this.answerTotal + buf.length > this.answerBytes && this.answers.size) this.forget(this.answers.keys().next().value as string);
    this.answers.set(key, { buf, at: Date.now() });
    this.answerTotal += buf.length;
  }

  private forget(key: string): void {
    const a = this.answers.get(key);
    if (!a) return;
    this.answers.delete(key);
    this.answerTotal -= a.buf.length;
  }

  private dropAnswers(): void {
    this.answers.clear();
    this.answerTotal = 0;
  }

  private armIdle(): void {
    if (!this.idleMs) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.busy === 0) {
        this.dropAnswers();
        void this.engine.release();
      }
    }, this.idleMs);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.dropAnswers();
    await this.engine.release();
  }
}

/** A worker thread when the store is a SQLite file, else this thread. */
export function createViewEngine(store: Store, cacheOptions: CorpusCacheOptions, mode: 'auto' | 'worker' | 'inline' = 'auto'): ViewEngine {
  const path = (store as { path?: unknown }).path;
  const file = store.dialect === 'sqlite' && typeof path === 'string' && path !== ':memory:' && path !== '' ? path : null;
  if (mode === 'inline' || !file) return new InProcessEngine(store, cacheOptions);
  return new WorkerEngine(file, cacheOptions);
}
