/**
 * The analysis job queue on PostgreSQL, built on pg-boss (docs/scaling.md says why pg-boss and not
 * graphile-worker). One job = one article to analyse. pg-boss gives the parts that are hard to get right:
 * claiming with FOR UPDATE SKIP LOCKED (two workers never get the same job), retries with a limit and backoff, and
 * expiry of jobs whose worker died (an active job past its deadline goes back to the queue, or fails once it has
 * used its retries).
 *
 * Queues are named after the analyzers that will run: "analyze_<fingerprint of analyzer versions and config>".
 * A worker takes jobs only from the queue of its own analyzers, so a machine with an older Parallax or another
 * config never stores analyses that the enqueuer would count as stale; `parallax status` shows such waiting
 * queues and says why no worker takes them.
 *
 * The queue lives in its own schema (`parallax_queue`) of the store's database; pg-boss creates and migrates it.
 */
import PgBoss from 'pg-boss';
import { createHash } from 'node:crypto';
import { ParallaxError } from '../core/errors.js';

export const QUEUE_SCHEMA = 'parallax_queue';
const QUEUE_PREFIX = 'analyze_';

/** Defaults of a job (docs/scaling.md#retries-and-crashes). */
export const JOB_DEFAULTS = {
  /** Retries after the first attempt: a job is tried 3 times, then failed with the last reason. */
  retryLimit: 2,
  /** Seconds before the first retry; doubled (with jitter) at each retry. */
  retryDelaySeconds: 10,
  /**
   * Seconds a running job may go without a heartbeat from its worker before it counts as abandoned (the worker
   * was killed, its machine lost power) and goes back to the queue. Workers renew it every third of that while
   * they work; an article's analysis has its own time budget (60 s by default), which this must exceed.
   */
  timeoutSeconds: 120,
} as const;

/** How often a worker looks for jobs whose workers died (pg-boss maintenance; one worker at a time does it). */
export const DEFAULT_MAINTENANCE_SECONDS = 10;

export interface QueueOpenOptions {
  /** Seconds between looks for abandoned jobs (default 10). 0 = never (a process that only enqueues or reports). */
  maintenanceIntervalSeconds?: number;
  /** Connections in this process's pool (default 3). */
  maxConnections?: number;
  /** Called with errors pg-boss reports in the background (a lost connection during maintenance). */
  onError?(e: Error): void;
}

export interface EnqueueOptions {
  /** Analyse even when the stored analysis is current (`analyze --force`). */
  force?: boolean;
  retryLimit?: number;
  retryDelaySeconds?: number;
  timeoutSeconds?: number;
}

export interface AnalysisJob {
  /** The job's id (pg-boss uuid). */
  id: string;
  articleId: string;
  /** Analyse even when the stored analysis is current. */
  force: boolean;
  /** 1 for the first attempt. */
  attempt: number;
  /** Attempts allowed in all (retry limit + 1). */
  attempts: number;
  timeoutSeconds: number;
}

export type JobState = 'queued' | 'running' | 'failed' | 'done' | 'cancelled';

export interface QueueCounts {
  queue: string;
  /** True when the queue is this process's own analyzers' (the fingerprint matches). */
  current: boolean;
  queued: number;
  /** Of `queued`, how many wait for a retry after a failed attempt. */
  retrying: number;
  running: number;
  failed: number;
  done: number;
}

export interface JobFailure {
  articleId: string;
  queue: string;
  reason: string;
  attempts: number;
  failedAt: string;
}

/** The fingerprint of a set of analyzer versions (the actors analyzer's carries the config's actors). */
export function analyzerFingerprint(versions: Record<string, string>): string {
  const sorted = Object.keys(versions)
    .sort()
    .map((k) => [k, versions[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

export function queueName(versions: Record<string, string>): string {
  return `${QUEUE_PREFIX}${analyzerFingerprint(versions)}`;
}

/** pg-boss's reason for a job whose worker stopped sending heartbeats, in words a user can act on. */
const TIMEOUT_MESSAGE = 'job failed by timeout in active state';

export function describeJobOutput(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  const msg = typeof o?.message === 'string' ? o.message : typeof o?.value?.message === 'string' ? o.value.message : null;
  if (msg === TIMEOUT_MESSAGE) return 'the worker stopped (killed, crashed or stalled) while analysing it: no heartbeat before the job timeout';
  if (msg) return msg;
  return output == null ? 'no reason recorded' : JSON.stringify(output).slice(0, 300);
}

/** Never echo a password from a connection string. */
function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):[^@/]*@/i, '$1:***@');
}

export class AnalysisQueue {
  private readonly created = new Set<string>();

  private constructor(
    private readonly boss: PgBoss,
    readonly versions: Record<string, string>,
    private readonly where: string,
  ) {}

  /** Errors from the queue's database become one E_STORE line naming the (redacted) URL, like the store's. */
  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ParallaxError) throw e;
      throw new ParallaxError('E_STORE', `job queue: cannot ${what}: ${e instanceof Error ? e.message : String(e)}`, { input: this.where, cause: e });
    }
  }

  /** This process's queue: the one for its analyzers. */
  get name(): string {
    return queueName(this.versions);
  }

  /**
   * Connects, creating or migrating the queue's schema when needed (pg-boss takes an advisory lock, so workers
   * starting together do it once). `versions` are the analyzer versions of this process's pipeline.
   */
  static async open(url: string, versions: Record<string, string>, opts: QueueOpenOptions = {}): Promise<AnalysisQueue> {
    const maintenance = opts.maintenanceIntervalSeconds ?? DEFAULT_MAINTENANCE_SECONDS;
    const boss = new PgBoss({
      connectionString: url,
      schema: QUEUE_SCHEMA,
      application_name: 'parallax-queue',
      max: opts.maxConnections ?? 3,
      schedule: false,
      supervise: maintenance > 0,
      ...(maintenance > 0 ? { maintenanceIntervalSeconds: maintenance } : {}),
      // Finished jobs stay in the job table a day (status counts them), then in the archive a week.
      archiveCompletedAfterSeconds: 24 * 3600,
      archiveFailedAfterSeconds: 7 * 24 * 3600,
      deleteAfterDays: 7,
    });
    boss.on('error', (e: Error) => opts.onError?.(e));
    try {
      await boss.start();
    } catch (e) {
      await boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
      throw new ParallaxError('E_STORE', `cannot open the job queue: ${e instanceof Error ? e.message : String(e)}`, { input: redact(url), cause: e });
    }
    return new AnalysisQueue(boss, versions, redact(url));
  }

  private async sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    const r = (await this.boss.getDb().executeSql(text, values)) as { rows: T[] } | undefined;
    return r?.rows ?? [];
  }

  private async ensureQueue(): Promise<void> {
    if (this.created.has(this.name)) return;
    await this.boss.createQueue(this.name, {
      name: this.name,
      // "stately": at most one waiting and one running job per article (the job's singleton key), so enqueuing an
      // article twice, or while it is being analysed, never makes two waiting jobs.
      policy: 'stately',
      retryLimit: JOB_DEFAULTS.retryLimit,
      retryDelay: JOB_DEFAULTS.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: JOB_DEFAULTS.timeoutSeconds,
    });
    this.created.add(this.name);
  }

  /**
   * Adds one job per article to this process's queue. An article that already has a waiting job is not queued
   * again. Returns how many jobs were added.
   */
  async enqueue(articleIds: readonly string[], opts: EnqueueOptions = {}): Promise<number> {
    return this.guard('queue articles', async () => {
      if (!articleIds.length) return 0;
      await this.ensureQueue();
      let added = 0;
      for (let i = 0; i < articleIds.length; i += 1000) {
        const chunk = articleIds.slice(i, i + 1000);
        const before = await this.waitingFor(chunk);
        await this.boss.insert(
          chunk.map((articleId) => ({
            name: this.name,
            data: opts.force ? { articleId, force: true } : { articleId },
            singletonKey: articleId,
            ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
            ...(opts.retryDelaySeconds !== undefined ? { retryDelay: opts.retryDelaySeconds, retryBackoff: opts.retryDelaySeconds > 0 } : {}),
            ...(opts.timeoutSeconds !== undefined ? { expireInSeconds: opts.timeoutSeconds } : {}),
          })),
        );
        added += (await this.waitingFor(chunk)) - before;
      }
      return added;
    });
  }

  private async waitingFor(ids: readonly string[]): Promise<number> {
    const rows = await this.sql<{ n: string }>(
      `SELECT count(*) AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state < 'active' AND singleton_key = ANY($2::text[])`,
      [this.name, ids],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Claims up to `batchSize` waiting jobs (SKIP LOCKED: concurrent workers get disjoint jobs). */
  async fetch(batchSize: number): Promise<AnalysisJob[]> {
    return this.guard('take jobs', async () => {
      await this.ensureQueue();
      // pg-boss's fetch() swallows query errors (it expects only unique-key races there); checking the connection
      // first makes a lost database an error here rather than an endless "nothing to do".
      await this.sql('SELECT 1');
      const jobs = await this.boss.fetch<{ articleId: string; force?: boolean }>(this.name, { batchSize, includeMetadata: true });
      return (jobs ?? []).map((j) => ({
        id: j.id,
        articleId: String(j.data?.articleId ?? ''),
        force: j.data?.force === true,
        attempt: j.retryCount + 1,
        attempts: j.retryLimit + 1,
        timeoutSeconds: Number(j.expireInSeconds ?? JOB_DEFAULTS.timeoutSeconds),
      }));
    });
  }

  /**
   * Renews running jobs' deadlines to now + their timeout (a worker's heartbeat). pg-boss 10 has no heartbeat of
   * its own: its expiry is started_on + expire_in, so the heartbeat moves expire_in. Jobs no longer running (one
   * was expired and handed to another worker) are left alone.
   */
  async heartbeat(jobs: readonly AnalysisJob[]): Promise<void> {
    return this.guard('renew running jobs', async () => {
      if (!jobs.length) return;
      await this.sql(
        `UPDATE ${QUEUE_SCHEMA}.job AS j SET expire_in = (now() - j.started_on) + make_interval(secs => t.secs)
         FROM unnest($2::uuid[], $3::float8[]) AS t(id, secs)
         WHERE j.name = $1 AND j.id = t.id AND j.state = 'active'`,
        [this.name, jobs.map((j) => j.id), jobs.map((j) => j.timeoutSeconds)],
      );
    });
  }

  async complete(jobIds: readonly string[], output: Record<string, unknown> = {}): Promise<void> {
    return this.guard('mark jobs done', async () => {
      if (jobIds.length) await this.boss.complete(this.name, [...jobIds], output);
    });
  }

  /** Fails one job with its reason: retried after a delay while it has retries left, else failed for good. */
  async fail(jobId: string, reason: string): Promise<void> {
    return this.guard('record a failed job', async () => {
      await this.boss.fail(this.name, jobId, { message: reason });
    });
  }

  /** True when this process's queue has no waiting (including retry-delayed) and no running job. */
  async drained(): Promise<boolean> {
    return this.guard('read the queue', async () => {
      const rows = await this.sql<{ n: string }>(`SELECT count(*) AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state <= 'active'`, [this.name]);
      return Number(rows[0]?.n ?? 0) === 0;
    });
  }

  /** Job counts by state of every analysis queue (jobs finished more than a day ago are counted from the archive). */
  async counts(): Promise<QueueCounts[]> {
    return this.guard('count jobs', async () => {
      const rows = await this.sql<{ name: string; state: string; n: string }>(
        `SELECT name, state::text AS state, count(*) AS n FROM (
           SELECT name, state FROM ${QUEUE_SCHEMA}.job WHERE name LIKE '${QUEUE_PREFIX}%'
           UNION ALL
           SELECT name, state FROM ${QUEUE_SCHEMA}.archive WHERE name LIKE '${QUEUE_PREFIX}%'
         ) s GROUP BY name, state ORDER BY name, state`,
      );
      const byQueue = new Map<string, QueueCounts>();
      for (const r of rows) {
        let c = byQueue.get(r.name);
        if (!c) {
          c = { queue: r.name, current: r.name === this.name, queued: 0, retrying: 0, running: 0, failed: 0, done: 0 };
          byQueue.set(r.name, c);
        }
        const n = Number(r.n);
        if (r.state === 'created') c.queued += n;
        else if (r.state === 'retry') {
          c.queued += n;
          c.retrying += n;
        } else if (r.state === 'active') c.running += n;
        else if (r.state === 'failed') c.failed += n;
        else if (r.state === 'completed') c.done += n;
      }
      // This process's own queue first, then by name.
      return [...byQueue.values()].sort((a, b) => Number(b.current) - Number(a.current) || a.queue.localeCompare(b.queue));
    });
  }

  /**
   * Articles whose latest job failed for good (no retries left), newest first, with the reason of the last attempt.
   * An article whose job failed and that was analysed by a later job is not listed.
   */
  async failures(limit = 100): Promise<{ total: number; list: JobFailure[] }> {
    return this.guard('list failed jobs', async () => {
      const latest = `
        SELECT DISTINCT ON (name, singleton_key) name, singleton_key, state::text AS state, output, retry_count, completed_on
        FROM (
          SELECT name, singleton_key, state, output, retry_count, completed_on, created_on FROM ${QUEUE_SCHEMA}.job WHERE name LIKE '${QUEUE_PREFIX}%'
          UNION ALL
          SELECT name, singleton_key, state, output, retry_count, completed_on, created_on FROM ${QUEUE_SCHEMA}.archive WHERE name LIKE '${QUEUE_PREFIX}%'
        ) s
        ORDER BY name, singleton_key, created_on DESC`;
      const total = await this.sql<{ n: string }>(`SELECT count(*) AS n FROM (${latest}) l WHERE state = 'failed'`);
      const rows = await this.sql<{ name: string; singleton_key: string; output: unknown; retry_count: number; completed_on: Date }>(
        `SELECT * FROM (${latest}) l WHERE state = 'failed' ORDER BY completed_on DESC, singleton_key LIMIT $1`,
        [limit],
      );
      return {
        total: Number(total[0]?.n ?? 0),
        list: rows.map((r) => ({
          articleId: r.singleton_key,
          queue: r.name,
          reason: describeJobOutput(r.output),
          attempts: Number(r.retry_count) + 1,
          failedAt: new Date(r.completed_on).toISOString(),
        })),
      };
    });
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true, close: true, timeout: 5000 });
  }
}
