/**
 * Queue workers' analysis throughput on PostgreSQL: the same generated corpus analysed by 1, then 2, … `parallax
 * worker` processes sharing the job queue.
 *   node dist/bench/worker-bench.js --db postgres://user@host/db [--articles 300] [--workers 1,2] [--seed 7] [--own-session] [--pin] [--node-flags "--single-threaded"]
 * The database should be empty or a scratch one: the corpus is ingested into it. Each round queues every article
 * again (`analyze --force --enqueue-only`), starts the workers together and waits until they exit with the
 * queue empty. Prints one JSON line per round: wall seconds (process start to last exit, model loading included)
 * and job seconds (first job claimed to last job done, from the queue's timestamps), articles/s from each, and
 * the speed-up over the first round, the workers' CPU seconds and the machine's 1-minute load average at the end
 * (on a shared machine a round competes with everything else running: compare rounds at a low load).
 *
 * --pin runs worker i on CPU i (`taskset -c i`), as separate machines or cores would be. Without it a worker is not
 * one core: V8's helper threads (concurrent marking, parallel scavenges, background compilation) give one worker
 * about 1.4 cores of CPU on this workload, so on a 2-core machine two unpinned workers can add at most ~1.4×.
 * --node-flags passes flags to each worker's node (e.g. "--single-threaded": a worker is one core, as docs/scaling.md
 * recommends for a machine with one worker per core).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generateCorpus } from './generate.js';
import { QUEUE_SCHEMA } from '../src/services/queue.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'parallax.js');

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`parallax ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** One `parallax worker --exit-when-done`; resolves to its CPU seconds (whole process, model loading included). */
function worker(db: string, ownSession: boolean, cpu: number | null, nodeFlags: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = [...nodeFlags, bin, 'worker', '--db', db, '--exit-when-done', '--json'];
    const [cmd, argv] = cpu === null ? [process.execPath, args] : ['taskset', ['-c', String(cpu), process.execPath, ...args]];
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: ownSession });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    p.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    p.on('close', (code) => (code === 0 ? resolve((JSON.parse(out) as { cpuSeconds: number }).cpuSeconds) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

async function main(): Promise<void> {
  const db = arg('db');
  if (!db || !/^postgres(ql)?:\/\//.test(db)) throw new Error('--db postgres://… is required');
  const articles = Number(arg('articles') ?? 300);
  const rounds = (arg('workers') ?? '1,2').split(',').map(Number);
  // --own-session: each worker in a session of its own, as separate services or terminals would be (see
  // docs/scaling.md on the scheduler's per-session groups); by default they share this process's session.
  const ownSession = process.argv.includes('--own-session');
  const pin = process.argv.includes('--pin');
  const nodeFlags = (arg('node-flags') ?? '').split(/\s+/).filter(Boolean);
  if (pin && spawnSync('taskset', ['-c', '0', 'true']).status !== 0) throw new Error('--pin needs taskset (util-linux)');
  const root = mkdtempSync(join(tmpdir(), 'parallax-wbench-'));
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    await generateCorpus(join(root, 'corpus'), { count: articles, html: 0, seed: Number(arg('seed') ?? 7) });
    cli('ingest', join(root, 'corpus'), '--db', db, '--no-enqueue', '--json');
    let base = 0;
    for (const n of rounds) {
      const since = (await client.query('SELECT now() AS t')).rows[0].t as Date;
      const queued = JSON.parse(cli('analyze', '--db', db, '--force', '--enqueue-only', '--json')) as { enqueued: number; queue: string };
      const t0 = performance.now();
      const cpu = (await Promise.all(Array.from({ length: n }, (_, i) => worker(db, ownSession, pin ? i % availableParallelism() : null, nodeFlags)))).reduce((a, b) => a + b, 0);
      const wall = (performance.now() - t0) / 1000;
      const span = await client.query(
        `SELECT count(*)::int AS n, EXTRACT(epoch FROM max(completed_on) - min(started_on))::float8 AS secs
         FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'completed' AND created_on >= $2`,
        [queued.queue, since],
      );
      const { n: jobs, secs } = span.rows[0] as { n: number; secs: number };
      const rate = jobs / secs;
      if (!base) base = rate;
      process.stdout.write(
        `${JSON.stringify({ step: 'analyze-queue-workers', workers: n, pinned: pin, nodeFlags: nodeFlags.join(' '), articles: queued.enqueued, jobsDone: jobs, wallSeconds: Math.round(wall * 100) / 100, jobSeconds: Math.round(secs * 100) / 100, articlesPerSecond: Math.round(rate * 10) / 10, wallArticlesPerSecond: Math.round((jobs / wall) * 10) / 10, speedup: Math.round((rate / base) * 100) / 100, workerCpuSeconds: Math.round(cpu * 10) / 10, ownSession, load1: Number(loadavg()[0].toFixed(1)) })}\n`,
      );
    }
  } finally {
    await client.end();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
