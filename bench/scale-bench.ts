/**
 * Parallax at scale: builds a corpus of N realistic generated articles (~700 words, 20 outlets in 3 groups, 60
 * days), then times each step through the real CLI, each in its own child process — ingest, analyze, compare,
 * labels, stance, report — and the labels / stance / compare API calls against `parallax serve` on 127.0.0.1.
 * Prints one JSON line per step: wall seconds, articles/s and the peak RSS of the process that did the step.
 *
 *   npm run bench:scale -- --articles 1000
 *   npm run bench:scale -- --articles 10000 --out /tmp/scale-10k            keeps corpus, config and db in the dir
 *   npm run bench:scale -- --articles 10000 --out /tmp/scale-10k --reuse    times the views on the built db
 *   npm run bench:scale -- --articles 1000 --db postgres://user@host/db     the same on PostgreSQL
 *
 * See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCorpus, selectOutlets, worldStates, type GeneratedOutlet } from './generate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** dist/bench → the package root (bin/parallax.js). */
const ROOT = resolve(HERE, '..', '..');
const CLI = join(ROOT, 'bin', 'parallax.js');
const PROBE = join(HERE, 'rss-probe.js');

export const STEPS = ['generate', 'ingest', 'analyze', 'compare', 'labels', 'stance', 'report', 'api'] as const;
export type Step = (typeof STEPS)[number];

export interface ScaleOptions {
  articles: number;
  /** Directory for the corpus, config, database (SQLite) and outputs. */
  out: string;
  /** SQLite file or postgres:// URL; default <out>/parallax.db. */
  db: string;
  reuse: boolean;
  steps: Step[];
  seed: number;
  outlets: number;
  days: number;
  /** Upper bound for one API call, retries after 503/504 included (seconds). */
  apiTimeout: number;
  /** Upper bound for one CLI step (seconds). */
  stepTimeout: number;
}

/** One JSON line of output. */
export interface StepResult {
  step: string;
  articles: number;
  seconds: number;
  articlesPerSecond: number;
  peakRssMB: number | null;
  cpuSeconds?: number;
  exitCode?: number | null;
  status?: number;
  attempts?: number;
  outputBytes?: number;
  error?: string;
  [k: string]: unknown;
}

const HELP = `usage: npm run bench:scale -- --articles N [options]
  --articles N        generated articles (required; ~700 words each, 20 outlets, 3 groups, 60 days)
  --out DIR           corpus, config, SQLite db, outputs (default: <tmpdir>/parallax-scale-<N>)
  --db PATH|URL       SQLite file or postgres://user@host/db (default: DIR/parallax.db)
  --reuse             keep what DIR already holds: skip generating, ingesting and analysing when done before
  --steps a,b,...     only these steps (${STEPS.join(', ')}); default all
  --seed S            generator seed (default 7)
  --outlets K         outlets (default 20)
  --days D            days the publication dates span (default 60)
  --api-timeout S     bound for one API call, 503/504 retries included (default 1800)
  --step-timeout S    bound for one CLI step (default 7200)
Each step prints one JSON line: {step, articles, seconds, articlesPerSecond, peakRssMB, ...}.`;

export class UsageError extends Error {}

export function parseScaleArgs(argv: string[]): ScaleOptions | 'help' {
  const values = new Map<string, string>();
  let reuse = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--reuse') {
      reuse = true;
      continue;
    }
    const known = ['--articles', '--out', '--db', '--steps', '--seed', '--outlets', '--days', '--api-timeout', '--step-timeout'];
    if (!known.includes(a)) throw new UsageError(`unknown argument "${a}"`);
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
    values.set(a.slice(2), v);
  }
  const int = (name: string, fallback: number | undefined, min: number): number => {
    const raw = values.get(name);
    if (raw === undefined) {
      if (fallback === undefined) throw new UsageError(`--${name} is required`);
      return fallback;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
    return n;
  };
  const articles = int('articles', undefined, 1);
  const out = resolve(values.get('out') ?? join(tmpdir(), `parallax-scale-${articles}`));
  const dbRaw = values.get('db');
  const db = dbRaw === undefined ? join(out, 'parallax.db') : /^postgres(ql)?:\/\//i.test(dbRaw) ? dbRaw : resolve(dbRaw);
  let steps: Step[] = [...STEPS];
  const rawSteps = values.get('steps');
  if (rawSteps !== undefined) {
    steps = [];
    for (const s of rawSteps.split(',').map((x) => x.trim()).filter(Boolean)) {
      if (!(STEPS as readonly string[]).includes(s)) throw new UsageError(`--steps: unknown step "${s}" (known: ${STEPS.join(', ')})`);
      steps.push(s as Step);
    }
    if (!steps.length) throw new UsageError('--steps names no step');
  }
  return {
    articles,
    out,
    db,
    reuse,
    steps,
    seed: int('seed', 7, 0),
    outlets: int('outlets', 20, 3),
    days: int('days', 60, 1),
    apiTimeout: int('api-timeout', 1800, 1),
    stepTimeout: int('step-timeout', 7200, 1),
  };
}

const isPostgres = (db: string) => /^postgres(ql)?:\/\//i.test(db);
const MB = (kb: number) => Math.round(kb / 1024);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
/** A database URL without its password, for printing. */
const showDb = (db: string) => (isPostgres(db) ? db.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : db);
/** Any postgres URL's password in a message replaced by ***. */
const maskUrls = (s: string) => s.replace(/(postgres(?:ql)?:\/\/[^:@/\s]+):[^@/\s]*@/gi, '$1:***@');

/**
 * Three perspective groups over the generated outlets: state agencies, dailies, and independents with the wires.
 * Actors: every invented state with its capital and demonym, as a researcher's config for this corpus would list.
 */
export function scaleConfig(outlets: GeneratedOutlet[]): Record<string, unknown> {
  const names = (f: (o: GeneratedOutlet) => boolean) => outlets.filter(f).map((o) => o.name);
  return {
    $comment: 'Written by bench/scale-bench.ts for a generated corpus; every outlet and state is invented.',
    groups: {
      'State agencies': { outlets: names((o) => o.kind === 'state') },
      'National dailies': { outlets: names((o) => o.kind === 'daily') },
      'Independent and wires': { outlets: names((o) => o.kind === 'independent' || o.kind === 'wire') },
    },
    actors: worldStates().map((s) => ({ name: s.name, kind: 'state', aliases: [s.official], capital: s.capital, demonyms: [s.demonym], source: 'bench/generate.ts (invented)' })),
  };
}

interface ChildRun {
  seconds: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  maxRssKB: number | null;
  cpuSeconds: number | null;
  stdoutFile: string;
  stderrTail: string;
  timedOut: boolean;
}

/** Runs `parallax <args>` in a child with the RSS probe preloaded; stdout goes to a file. */
function runCli(args: string[], stdoutFile: string, timeoutS: number, cwd: string): Promise<ChildRun> {
  const rusage = `${stdoutFile}.rusage.json`;
  rmSync(rusage, { force: true });
  const fd = openSync(stdoutFile, 'w');
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', pathToFileURL(PROBE).href, CLI, ...args], {
    cwd,
    stdio: ['ignore', fd, 'pipe'],
    env: { ...process.env, PARALLAX_BENCH_RUSAGE: rusage, NO_COLOR: '1' },
  });
  closeSync(fd);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutS * 1000);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - t0) / 1000;
      let maxRssKB: number | null = null;
      let cpuSeconds: number | null = null;
      if (existsSync(rusage)) {
        const r = JSON.parse(readFileSync(rusage, 'utf8')) as { maxRssKB: number; userSeconds: number; systemSeconds: number };
        maxRssKB = r.maxRssKB;
        cpuSeconds = round(r.userSeconds + r.systemSeconds);
        rmSync(rusage, { force: true });
      }
      done({ seconds, exitCode: code, signal, maxRssKB, cpuSeconds, stdoutFile, stderrTail: stderr.trim().split('\n').slice(-3).join(' | '), timedOut });
    });
  });
}

function result(step: string, articles: number, run: ChildRun, extra: Record<string, unknown> = {}): StepResult {
  const r: StepResult = {
    step,
    articles,
    seconds: round(run.seconds),
    articlesPerSecond: round(articles / run.seconds, 1),
    peakRssMB: run.maxRssKB === null ? null : MB(run.maxRssKB),
    cpuSeconds: run.cpuSeconds ?? undefined,
    exitCode: run.exitCode,
    outputBytes: statSync(run.stdoutFile).size,
    ...extra,
  };
  if (run.timedOut) r.error = `stopped after the --step-timeout`;
  else if (run.exitCode !== 0) r.error = maskUrls(run.stderrTail) || `exit ${run.exitCode ?? run.signal}`;
  return r;
}

/** /proc/<pid>/status fields in kB (Linux), or null. */
function procStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+)/.exec(s);
    const rss = /VmRSS:\s+(\d+)/.exec(s);
    return hwm && rss ? { hwm: Number(hwm[1]), rss: Number(rss[1]) } : null;
  } catch {
    return null;
  }
}

/** Resets the process's peak RSS so the next VmHWM reading covers one call only (Linux ≥ 4.0); false if not possible. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

interface Marker {
  articles: number;
  seed: number;
  outlets: number;
  days: number;
  db?: string;
}

const sameMarker = (path: string, want: Marker) => {
  if (!existsSync(path)) return false;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Marker;
    return m.articles === want.articles && m.seed === want.seed && m.outlets === want.outlets && m.days === want.days && (want.db === undefined || m.db === want.db);
  } catch {
    return false;
  }
};

/** A step that ended with a usage/config (2) or database (3) error: the next steps would meet the same error. */
export class StopError extends Error {}

/** Runs the benchmark, calling `emit` with each step's line. */
export async function runScaleBench(o: ScaleOptions, emitLine: (r: StepResult) => void, log: (s: string) => void = () => {}): Promise<void> {
  const emit = (r: StepResult) => {
    emitLine(r);
    if (r.exitCode === 2 || r.exitCode === 3) throw new StopError(`stopped after "${r.step}" (exit ${r.exitCode}): ${r.error ?? ''}`);
  };
  mkdirSync(o.out, { recursive: true });
  const corpus = join(o.out, 'corpus');
  const outputs = join(o.out, 'out');
  mkdirSync(outputs, { recursive: true });
  const configPath = join(o.out, 'parallax.config.json');
  const want: Marker = { articles: o.articles, seed: o.seed, outlets: o.outlets, days: o.days };
  const corpusMarker = join(o.out, 'corpus.json');
  const builtMarker = join(o.out, 'built.json');
  const dbArgs = ['--db', o.db];
  const has = (s: Step) => o.steps.includes(s);

  if (!isPostgres(o.db) && !o.reuse && existsSync(o.db) && (has('ingest') || has('analyze'))) {
    throw new UsageError(`${o.db} already exists: pass --reuse to use it, or remove it (with its -wal and -shm files) to start afresh`);
  }

  // generate (in this process: not a Parallax step, but its time says how long a rebuild takes)
  const corpusReady = o.reuse && sameMarker(corpusMarker, want) && existsSync(corpus);
  if (has('generate') || ((has('ingest') || has('analyze')) && !corpusReady)) {
    if (corpusReady) log(`reusing the corpus in ${corpus}`);
    else {
      rmSync(corpus, { recursive: true, force: true });
      rmSync(builtMarker, { force: true });
      const t0 = performance.now();
      const g = await generateCorpus(corpus, { count: o.articles, html: 0, seed: o.seed, outlets: o.outlets, days: o.days, words: [640, 760] });
      const seconds = (performance.now() - t0) / 1000;
      writeFileSync(corpusMarker, JSON.stringify(want) + '\n');
      let bytes = 0;
      for (const f of readdirSync(corpus)) bytes += statSync(join(corpus, f)).size;
      emit({
        step: 'generate',
        articles: g.files,
        seconds: round(seconds),
        articlesPerSecond: round(g.files / seconds, 1),
        peakRssMB: MB(process.resourceUsage().maxRSS),
        corpusMB: round(bytes / 1024 / 1024, 1),
        republications: g.republications,
        duplicates: g.duplicates,
      });
    }
  }
  writeFileSync(configPath, JSON.stringify(scaleConfig(selectOutlets(o.outlets)), null, 1) + '\n');

  const built = o.reuse && sameMarker(builtMarker, { ...want, db: o.db });
  let stored = o.articles;
  if (built) {
    const m = JSON.parse(readFileSync(builtMarker, 'utf8')) as { stored?: number };
    stored = m.stored ?? stored;
    log(`reusing ${showDb(o.db)}: ${stored} articles, ingested and analysed before`);
  }

  if (has('ingest') && !built) {
    const run = await runCli(['ingest', corpus, '--config', configPath, ...dbArgs, '--json'], join(outputs, 'ingest.json'), o.stepTimeout, o.out);
    let extra: Record<string, unknown> = {};
    if (run.exitCode === 0) {
      const r = JSON.parse(readFileSync(run.stdoutFile, 'utf8')) as { ingested: Array<{ group?: string | null }>; skipped: unknown[]; failed: unknown[] };
      stored = r.ingested.length;
      const groups = new Set(r.ingested.map((a) => a.group ?? null));
      extra = { ingested: r.ingested.length, skipped: r.skipped.length, failed: r.failed.length, groups: groups.size };
    }
    emit(result('ingest', o.articles, run, extra));
  }
  if (has('analyze') && !built) {
    const run = await runCli(['analyze', '--config', configPath, ...dbArgs, '--json'], join(outputs, 'analyze.json'), o.stepTimeout, o.out);
    let extra: Record<string, unknown> = {};
    let analyzed = stored;
    if (run.exitCode === 0) {
      const r = JSON.parse(readFileSync(run.stdoutFile, 'utf8')) as { analyzed: number; current: number; findings: number; failed?: number };
      analyzed = r.analyzed;
      extra = { analyzed: r.analyzed, current: r.current, findings: r.findings, ...(r.failed !== undefined ? { failed: r.failed } : {}) };
      stored = r.analyzed + r.current;
      if (has('ingest') || existsSync(builtMarker) || o.reuse) writeFileSync(builtMarker, JSON.stringify({ ...want, db: o.db, stored }) + '\n');
    }
    emit(result('analyze', analyzed, run, extra));
  }

  const views: Array<[Step, string[]]> = [
    ['compare', ['compare', '--json']],
    ['labels', ['labels', '--json']],
    ['stance', ['stance', '--json']],
    ['report', ['report', '--out', join(outputs, 'report.html')]],
  ];
  for (const [step, args] of views) {
    if (!has(step)) continue;
    const run = await runCli([...args, ...dbArgs], join(outputs, `${step}.${step === 'report' ? 'txt' : 'json'}`), o.stepTimeout, o.out);
    const extra: Record<string, unknown> = {};
    if (step === 'report' && existsSync(join(outputs, 'report.html'))) extra.reportBytes = statSync(join(outputs, 'report.html')).size;
    emit(result(step, stored, run, extra));
  }

  if (has('api')) await apiSteps(o, stored, outputs, emit);
}

/** Starts `parallax serve` on 127.0.0.1 (free port) and times one labels, stance and compare request each. */
async function apiSteps(o: ScaleOptions, stored: number, outputs: string, emit: (r: StepResult) => void): Promise<void> {
  const rusage = join(outputs, 'serve.rusage.json');
  rmSync(rusage, { force: true });
  const child = spawn(process.execPath, ['--import', pathToFileURL(PROBE).href, CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', o.db], {
    cwd: o.out,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PARALLAX_BENCH_RUSAGE: rusage, NO_COLOR: '1' },
  });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  try {
    const base = await new Promise<string>((ok, fail) => {
      let err = '';
      const timer = setTimeout(() => fail(new Error(`the server did not start within 60 s: ${maskUrls(err.trim())}`)), 60_000);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => {
        err += d;
        const m = /open (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      child.on('close', (code) => fail(new Error(`the server exited (${code}) before listening: ${maskUrls(err.trim())}`)));
    });
    const calls: Array<[string, string]> = [
      ['api:labels', '/api/labels'],
      ['api:stance', '/api/stance'],
      ['api:compare', '/api/compare'],
    ];
    for (const [step, path] of calls) {
      const pid = child.pid as number;
      const peakReset = resetPeak(pid);
      let peakKB = 0;
      const sampler = setInterval(() => {
        const s = procStatus(pid);
        if (s) peakKB = Math.max(peakKB, peakReset ? s.hwm : s.rss);
      }, 250);
      const t0 = performance.now();
      const deadline = t0 + o.apiTimeout * 1000;
      let attempts = 0;
      let status = 0;
      let bytes = 0;
      let error: string | undefined;
      // Bounded: one request at a time; a 503 (busy) or 504 (the server's 30 s answer bound; the work goes on and
      // the answer is cached) is retried until the answer or --api-timeout.
      for (;;) {
        attempts++;
        try {
          const res = await fetch(base + path, { signal: AbortSignal.timeout(Math.max(1, Math.round(deadline - performance.now()))) });
          status = res.status;
          const body = new Uint8Array(await res.arrayBuffer());
          bytes = body.byteLength;
          if (status === 200) break;
          if ((status === 503 || status === 504) && performance.now() < deadline) {
            const retry = Number(res.headers.get('retry-after')) || 1;
            await new Promise((r) => setTimeout(r, Math.min(retry, 5) * 1000));
            continue;
          }
          error = `HTTP ${status}: ${new TextDecoder().decode(body.slice(0, 300))}`;
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        break;
      }
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const s = procStatus(pid);
      if (s) peakKB = Math.max(peakKB, peakReset ? s.hwm : s.rss);
      const r: StepResult = {
        step,
        articles: stored,
        seconds: round(seconds),
        articlesPerSecond: round(stored / seconds, 1),
        peakRssMB: peakKB ? MB(peakKB) : null,
        status,
        attempts,
        outputBytes: bytes,
        rssAfterMB: s ? MB(s.rss) : null,
      };
      if (error) r.error = error;
      emit(r);
    }
  } finally {
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), 30_000))]);
    if (code === 'late') child.kill('SIGKILL');
    if (existsSync(rusage)) {
      const r = JSON.parse(readFileSync(rusage, 'utf8')) as { maxRssKB: number; userSeconds: number; systemSeconds: number };
      emit({ step: 'api:server', articles: stored, seconds: 0, articlesPerSecond: 0, peakRssMB: MB(r.maxRssKB), cpuSeconds: round(r.userSeconds + r.systemSeconds), note: 'the serve process over all API calls' });
      rmSync(rusage, { force: true });
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let o: ScaleOptions | 'help';
  try {
    o = parseScaleArgs(argv);
  } catch (e) {
    console.error(`bench:scale: ${(e as Error).message}\n${HELP}`);
    return 2;
  }
  if (o === 'help') {
    console.log(HELP);
    return 0;
  }
  if (!existsSync(CLI) || !existsSync(PROBE)) {
    console.error(`bench:scale: ${CLI} or ${PROBE} is missing; build first (npx tsc -p tsconfig.json && node scripts/copy-data.js)`);
    return 2;
  }
  console.error(`bench:scale: ${o.articles} articles in ${o.out}, database ${showDb(o.db)}`);
  let failed = false;
  try {
    await runScaleBench(o, (r) => {
      if (r.error) failed = true;
      console.log(JSON.stringify(r));
    }, (s) => console.error(`bench:scale: ${s}`));
  } catch (e) {
    console.error(`bench:scale: ${(e as Error).message}`);
    return e instanceof UsageError ? 2 : 1;
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
