#!/usr/bin/env node
/**
 * Long fuzz runs: `npm run fuzz -- --runs 100000 [--seed S]` (docs/fuzzing.md).
 *
 * The parent process splits the run into chunks and runs each chunk in a child process with a watchdog: a case
 * that takes longer than --hang milliseconds of CPU time (or 10 x that of wall-clock time, for an input that waits
 * instead of computing) is a hang, its child is killed, the case's files are kept, and the
 * chunk resumes after it. Each chunk has its own fast-check seed (seed + chunk number) and its own database holding
 * the baseline articles, which are compared byte for byte after every case and after a reopen at the end.
 * Every broken property is counted; the first case of each is shrunk by fast-check and saved under --out.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { addressCase, DEFAULT_LIMITS, fuzzCase, hostJunk, SMALL_LIMITS, TEST_LIMITS, type FuzzCase, type FuzzLimits } from './generators.js';
import { BASELINE, checkAddressCase, checkHostJunk, FuzzHarness, type Violation } from './harness.js';
import { knownIssue } from './known.js';

interface Settings {
  runs: number;
  seed: number;
  budgetMs: number;
  hangMs: number;
  maxBytes: number;
  chunk: number;
  jobs: number;
  out: string;
  limits: 'small' | 'default' | 'test';
  language: boolean;
  shrinkMs: number;
  /** Seconds after which no new input is started (0: none); the run then reports what it did. */
  timeLimit: number;
  /** Also write summary.json here (the long run's figures), besides --out. */
  report: string | null;
  /** The first chunk to run (0: all): continues a stopped run on the same inputs (chunk k's seed is seed + k). */
  firstChunk: number;
}

const USAGE = `Usage: npm run fuzz -- [--runs N] [--seed S] [options]

  --runs N        generated inputs through ingest + analysis (default 1000)
  --seed S        fast-check seed (default: from the clock; printed for reproduction)
  --budget MS     CPU time one input may take, ingest + analysis (default 5000); slower ones are reported
  --hang MS       a case using more CPU time than this, or running 10 x longer by the clock, is killed and reported
                  as a hang (default max(30000, 6 x budget))
  --max-bytes N   the readers' size limit during the run (default 2000000)
  --limits NAME   generator sizes: default, small, or test (the npm test run's)
  --chunk N       cases per child process and database (default 500)
  --jobs N        child processes at once (default 1)
  --out DIR       where failing cases and summary.json go (default a new folder under the temp dir)
  --no-language   skip language identification (faster)
  --time-limit S  start no new input after S seconds, then report (default: none; Ctrl-C does the same)
  --first-chunk K run chunks K.. only: continues a run stopped by its time limit on the same inputs (a report says
                  which chunks were started; restart from the first one that did not finish)
  --shrink-ms MS  time to shrink each failing property's first case (default 60000; 0: no shrinking)
  --report FILE   also write summary.json to FILE (it is rewritten every minute while the run goes on)
  --replay SEED:PATH   run one case (printed with every failure) and print what it breaks
`;

function settingsFrom(argv: string[]): Settings & { replay?: string; child?: { chunk: number; from: number; count: number }; shrink?: { property: string; path: string; seed: number } } {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      budget: { type: 'string' },
      hang: { type: 'string' },
      'max-bytes': { type: 'string' },
      limits: { type: 'string' },
      chunk: { type: 'string' },
      jobs: { type: 'string' },
      out: { type: 'string' },
      'no-language': { type: 'boolean' },
      'shrink-ms': { type: 'string' },
      'time-limit': { type: 'string' },
      'first-chunk': { type: 'string' },
      replay: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      // Internal: a child process runs one chunk, or shrinks one failure.
      'child-chunk': { type: 'string' },
      'child-from': { type: 'string' },
      'child-count': { type: 'string' },
      'shrink-property': { type: 'string' },
      'shrink-path': { type: 'string' },
      'shrink-seed': { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, dflt: number, min = 0): number => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`error --${name}: expected an integer ≥ ${min}, got "${v}"\n`);
      process.exit(2);
    }
    return n;
  };
  const budgetMs = int('budget', values.budget, 5_000, 1);
  const seed = int('seed', values.seed, Date.now() % 1_000_000_000, -2_147_483_648);
  const limits = values.limits ?? 'default';
  if (limits !== 'small' && limits !== 'default' && limits !== 'test') {
    process.stderr.write(`error --limits: expected "default", "small" or "test", got "${limits}"\n`);
    process.exit(2);
  }
  const s = {
    runs: int('runs', values.runs, 1_000, 1),
    seed,
    budgetMs,
    hangMs: int('hang', values.hang, Math.max(30_000, 6 * budgetMs), 1),
    maxBytes: int('max-bytes', values['max-bytes'], 2_000_000, 1),
    chunk: int('chunk', values.chunk, 500, 1),
    jobs: int('jobs', values.jobs, 1, 1),
    out: values.out ?? path.join(tmpdir(), `parallax-fuzz-${seed}-${process.pid}`),
    limits: limits as Settings['limits'],
    language: !values['no-language'],
    shrinkMs: int('shrink-ms', values['shrink-ms'], 60_000),
    timeLimit: int('time-limit', values['time-limit'], 0),
    firstChunk: int('first-chunk', values['first-chunk'], 0),
    report: values.report ?? null,
    replay: values.replay,
    child: values['child-chunk'] !== undefined ? { chunk: int('child-chunk', values['child-chunk'], 0), from: int('child-from', values['child-from'], 0), count: int('child-count', values['child-count'], 0) } : undefined,
    shrink: values['shrink-property'] ? { property: values['shrink-property'], path: values['shrink-path'] ?? '0', seed: int('shrink-seed', values['shrink-seed'], 0, -2_147_483_648) } : undefined,
  };
  return s;
}

const limitsOf = (s: Settings): FuzzLimits => (s.limits === 'small' ? SMALL_LIMITS : s.limits === 'test' ? TEST_LIMITS : DEFAULT_LIMITS);
const chunkSeed = (s: Settings, chunk: number) => (s.seed + chunk) | 0;

// ---------------------------------------------------------------------------------------------------------------
// Child side

type ChildMessage =
  | { type: 'start'; index: number; family: string; dir: string }
  | { type: 'done'; index: number; family: string; ms: number; cpuMs: number; ingestMs: number; analyzeMs: number; ingested: number; failed: number; findings: number; readBack: number; baselineChecked: number; rss: number; properties: string[] }
  | { type: 'violation'; index: number; family: string; violation: Violation }
  | { type: 'end'; maxRss: number; violations: Violation[]; done: number; baselineChecked: number }
  | { type: 'shrunk'; property: string; path: string; file: string; summary: string };

/** Set in a child when its parent went away (killed, crashed): the child stops after its current input, quietly. */
const orphan = { gone: false };

/**
 * Sends to the parent. Never throws and never emits an unhandled 'error': when the channel is closed (the parent
 * died) the child notes it and winds down instead of crashing with ERR_IPC_CHANNEL_CLOSED.
 */
export function send(m: ChildMessage): void {
  if (!process.send) return;
  if (orphan.gone || !process.connected) {
    orphan.gone = true;
    return;
  }
  try {
    process.send(m, undefined, {}, (err) => {
      if (err) orphan.gone = true;
    });
  } catch {
    orphan.gone = true;
  }
}

function harnessOptions(s: Settings, workdir: string) {
  return { budgetMs: s.budgetMs, maxBytes: s.maxBytes, language: s.language, cli: true, workdir };
}

async function runChild(s: Settings, chunk: number, from: number, count: number): Promise<void> {
  const workdir = path.join(s.out, 'work', `chunk-${chunk}-${from}`);
  const harness = await FuzzHarness.open(harnessOptions(s, workdir));
  let index = -1;
  let done = 0;
  let baselineChecked = 0;
  let stopping = false;
  process.on('SIGINT', () => undefined); // Ctrl-C reaches the parent, which asks this chunk to stop cleanly
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') stopping = true;
  });
  // The parent went away: finish the current input and leave (no report to send it to).
  process.on('disconnect', () => {
    orphan.gone = true;
  });
  const seen = new Set<string>();
  const r = await fc.check(
    fc.asyncProperty(fuzzCase(limitsOf(s)), async (c) => {
      index++;
      if (index < from || stopping || orphan.gone) return true;
      send({ type: 'start', index, family: c.family, dir: path.join(workdir, `case-${index - from}`) });
      const r = await harness.runCase(c);
      for (const v of r.violations) {
        // Every occurrence is counted by the parent; details of the first few per property are enough.
        const key = v.property;
        send({ type: 'violation', index, family: c.family, violation: seen.has(key) ? { property: v.property, detail: v.detail } : v });
        seen.add(key);
      }
      done++;
      baselineChecked += r.baselineChecked;
      send({ type: 'done', index, family: c.family, ms: r.totalMs, cpuMs: r.cpuMs, ingestMs: r.ingestMs, analyzeMs: r.analyzeMs, ingested: r.ingested, failed: r.failed, findings: r.findings, readBack: r.readBack, baselineChecked: r.baselineChecked, rss: process.memoryUsage().rss, properties: r.violations.map((v) => v.property) });
      return true;
    }),
    { seed: chunkSeed(s, chunk), numRuns: from + count },
  );
  if (orphan.gone) {
    await harness.close();
    return;
  }
  const end: Violation[] = [];
  // The property always returns true: a failure here means the harness itself threw, which stopped the chunk early.
  if (r.failed) end.push({ property: 'harness', detail: `chunk ${chunk} stopped early: ${String(r.errorInstance ?? 'property failed').slice(0, 300)}` });
  end.push(...(await harness.reopenAndCheck()));
  baselineChecked += BASELINE.length;
  await harness.close();
  send({ type: 'end', maxRss: process.resourceUsage().maxRSS * 1024, violations: end, done, baselineChecked });
}

/** Saves a case as files (names escaped) plus manifest.json with its exact names, links and HTTP headers. */
export function saveCase(c: FuzzCase, dir: string, extra: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  const files = c.files.map((f, i) => {
    const safe = `${i}-${f.name.replace(/[^\w.-]/g, '_').slice(0, 80)}`;
    writeFileSync(path.join(dir, safe), f.bytes);
    return { name: f.name, savedAs: safe, bytes: f.bytes.length };
  });
  if (c.served) writeFileSync(path.join(dir, 'served-body'), c.served.bytes);
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ ...extra, family: c.family, via: c.via, marker: c.marker, files, links: c.links, served: c.served ? { ...c.served, bytes: c.served.bytes.length, savedAs: 'served-body' } : null }, null, 2),
  );
}

async function runShrink(s: Settings, property: string, seed: number, pathStr: string): Promise<void> {
  const workdir = path.join(s.out, 'work', `shrink-${property}`);
  const harness = await FuzzHarness.open(harnessOptions(s, workdir));
  const r = await fc.check(
    fc.asyncProperty(fuzzCase(limitsOf(s)), async (c) => !(await harness.runCase(c)).violations.some((v) => v.property === property)),
    { seed, path: pathStr, interruptAfterTimeLimit: s.shrinkMs, markInterruptAsFailure: false },
  );
  if (r.failed && r.counterexample) {
    const c = r.counterexample[0];
    const again = await harness.runCase(c);
    const dir = path.join(s.out, 'failures', `${property}-shrunk`);
    const v = again.violations.find((x) => x.property === property);
    saveCase(c, dir, { property, seed, path: r.counterexamplePath, replay: `--replay ${seed}:${r.counterexamplePath}`, violation: v ?? null });
    send({ type: 'shrunk', property, path: r.counterexamplePath ?? pathStr, file: dir, summary: `${c.family}, ${c.files.length} file(s), ${c.files.reduce((n, f) => n + f.bytes.length, 0) + (c.served?.bytes.length ?? 0)} bytes` });
  }
  await harness.close();
}

async function runReplay(s: Settings, spec: string): Promise<number> {
  const m = /^(-?\d+):([\d:]+)$/.exec(spec);
  if (!m) {
    process.stderr.write(`error --replay: expected SEED:PATH (as printed with a failure), got "${spec}"\n`);
    return 2;
  }
  let picked: FuzzCase | null = null;
  await fc.check(
    fc.property(fuzzCase(limitsOf(s)), (c) => {
      picked ??= c;
      return false;
    }),
    { seed: Number(m[1]), path: m[2], endOnFailure: true },
  );
  if (!picked) return 2;
  const c: FuzzCase = picked;
  const harness = await FuzzHarness.open(harnessOptions(s, path.join(s.out, 'replay')));
  const r = await harness.runCase(c, { keepFiles: true });
  saveCase(c, path.join(s.out, 'replay', 'case'), { replay: spec });
  process.stdout.write(`case ${spec}: ${c.family}; ${r.ingested} stored, ${r.failed} failed, ${r.findings} findings; ingest ${Math.round(r.ingestMs)} ms, analysis ${Math.round(r.analyzeMs)} ms; CPU ${Math.round(r.cpuMs)} ms in ingest + analysis (budget ${s.budgetMs} ms), ${Math.round(r.totalCpuMs)} ms with the checks\n`);
  process.stdout.write(`files kept in ${path.join(s.out, 'replay')}\n`);
  for (const v of r.violations) process.stdout.write(`  ${v.property}: ${v.detail}\n${v.stack ? `${v.stack}\n` : ''}`);
  await harness.close();
  return r.violations.length ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Parent side

interface Example {
  property: string;
  family: string;
  detail: string;
  stack?: string;
  replay: string;
  known: string | null;
}

interface Totals {
  cases: number;
  ingested: number;
  failedInputs: number;
  findings: number;
  /** Articles stored by the inputs and read back identical to what the cleaner produced. */
  readBack: number;
  /** Baseline articles compared byte for byte (3 after every input, 3 more after each chunk's reopen). */
  baselineChecked: number;
  byFamily: Map<string, number>;
  violations: Map<string, { count: number; examples: Example[]; families: Map<string, number>; first?: { seed: number; index: number } }>;
  slowest: Array<{ ms: number; cpuMs: number; ingestMs: number; analyzeMs: number; family: string; replay: string }>;
  hangs: Array<{ family: string; replay: string; kept: string }>;
  /** Largest RSS of a child process (its maxRSS when it ended normally, else the largest sample it sent). */
  peakRss: number;
  times: number[];
  shrunk: Array<{ property: string; replay: string; file: string; summary: string }>;
  chunksStarted: number;
  chunksFinished: number;
}

/**
 * Set when the time limit passes or on Ctrl-C / SIGTERM: running children finish their current input, no new chunk
 * starts, and the parent waits for every child before it reports. A second signal kills the children at once.
 */
const stop = { requested: false, hard: false, children: new Set<ChildProcess>() };

/** Sends to a child without ever throwing or emitting an unhandled 'error' (a child that just left has no channel). */
export function tell(child: ChildProcess, m: { type: string }): void {
  if (!child.connected) return;
  try {
    child.send(m, (err) => void err);
  } catch {
    /* its 'close' event reports what happened */
  }
}

export function requestStop(): void {
  if (stop.requested) {
    if (!stop.hard) {
      stop.hard = true;
      process.stderr.write('fuzz: second interrupt: killing the running inputs\n');
      for (const c of stop.children) c.kill('SIGKILL');
    }
    return;
  }
  stop.requested = true;
  for (const c of stop.children) tell(c, { type: 'stop' });
}

/** CPU time (user + system, ms) a process has used so far, from /proc; null where there is no /proc. */
export function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS = 100;

/** Node flags of the child processes: a larger young generation cuts the collector's share of the run. */
const CHILD_EXEC_ARGV = ['--max-semi-space-size=64'];

function runChunk(s: Settings, chunk: number, count: number, totals: Totals, self: string, childArgs: string[]): Promise<void> {
  const seed = chunkSeed(s, chunk);
  return new Promise((resolve) => {
    let from = 0;
    totals.chunksStarted++;
    const finish = (complete: boolean) => {
      if (complete) totals.chunksFinished++;
      resolve();
    };
    const start = () => {
      if (stop.requested || from >= count) return finish(from >= count);
      const startedAt = from;
      const child: ChildProcess = fork(self, [...childArgs, '--child-chunk', String(chunk), '--child-from', String(from), '--child-count', String(count - from)], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: [...process.execArgv, ...CHILD_EXEC_ARGV],
      });
      stop.children.add(child);
      // A stop requested while this child was being started: it must hear it too.
      if (stop.requested) child.once('spawn', () => tell(child, { type: 'stop' }));
      let current: { index: number; family: string; dir: string; at: number; cpu: number | null } | null = null;
      let end: Extract<ChildMessage, { type: 'end' }> | null = null;
      let killedForHang = false;
      let doneHere = 0;
      // Errors of the channel (a send racing the child's exit) are not the run's: 'close' below says what happened.
      child.on('error', () => undefined);
      const timer = setInterval(() => {
        // CPU time, not the clock: on a shared machine a slow input must not be taken for a hang.
        const cpu = current ? cpuMsOf(child.pid) : null;
        if (current && ((cpu !== null && current.cpu !== null && cpu - current.cpu > s.hangMs) || Date.now() - current.at > (cpu === null ? 1 : 10) * s.hangMs)) {
          const kept = path.join(s.out, 'failures', `hang-${seed}-${current.index}`);
          try {
            cpSync(current.dir, kept, { recursive: true, verbatimSymlinks: true });
          } catch {
            /* the case folder may not exist yet */
          }
          totals.hangs.push({ family: current.family, replay: `--replay ${seed}:${current.index}`, kept });
          totals.cases++;
          addViolation(totals, { property: 'hang', detail: `no result after ${cpu !== null && current.cpu !== null ? `${Math.round(cpu - current.cpu)} ms of CPU time` : `${s.hangMs} ms`} (${Math.round((Date.now() - current.at) / 1000)} s by the clock); killed` }, current.family, seed, current.index);
          from = current.index + 1;
          current = null;
          killedForHang = true;
          child.kill('SIGKILL');
        }
      }, 500);
      child.on('message', (m: ChildMessage) => {
        if (killedForHang) return;
        if (m.type === 'start') current = { index: m.index, family: m.family, dir: m.dir, at: Date.now(), cpu: cpuMsOf(child.pid) };
        else if (m.type === 'violation') addViolation(totals, m.violation, m.family, seed, m.index);
        else if (m.type === 'done') {
          current = null;
          from = m.index + 1;
          doneHere++;
          totals.cases++;
          totals.ingested += m.ingested;
          totals.failedInputs += m.failed;
          totals.findings += m.findings;
          totals.readBack += m.readBack;
          totals.baselineChecked += m.baselineChecked;
          totals.times.push(m.cpuMs);
          for (const f of new Set(m.family.split(' + ').map((x) => x.split('/').slice(0, 2).join('/')))) totals.byFamily.set(f, (totals.byFamily.get(f) ?? 0) + 1);
          totals.peakRss = Math.max(totals.peakRss, m.rss);
          totals.slowest.push({ ms: m.ms, cpuMs: m.cpuMs, ingestMs: m.ingestMs, analyzeMs: m.analyzeMs, family: m.family, replay: `--replay ${seed}:${m.index}` });
          if (totals.slowest.length > 40) totals.slowest = totals.slowest.sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 10);
          if (totals.cases % 100 === 0) progress(s, totals);
        } else if (m.type === 'end') {
          end = m;
          totals.peakRss = Math.max(totals.peakRss, m.maxRss);
          // Only the reopen's comparisons: those after each input came with its 'done'.
          totals.baselineChecked += BASELINE.length;
          for (const v of m.violations) addViolation(totals, v, 'reopen', seed, -1);
        }
      });
      // 'close', not 'exit': it comes after every message the child sent has been handled, so no batch is lost.
      child.on('close', (code, signal) => {
        clearInterval(timer);
        stop.children.delete(child);
        if (end) {
          // The child ran out its share, or stopped early because a stop was asked for; anything else is a gap.
          const expected = count - startedAt;
          if (end.done < expected && !stop.requested) {
            addViolation(totals, { property: 'runner', detail: `chunk ${chunk}: its process ended after ${end.done} of ${expected} inputs` }, 'none', seed, -1);
            return finish(false);
          }
          return finish(!stop.requested || end.done >= expected);
        }
        if (killedForHang) return start(); // killed by the watchdog: resume after the hang
        if (stop.hard) return finish(false);
        // A child that died on its own (a crash, the OOM killer): the input it was running is the suspect.
        if (current) {
          addViolation(totals, { property: 'process-crash', detail: `the fuzz process exited (code ${code}, signal ${signal}) while running this case` }, current.family, seed, current.index);
          totals.cases++;
          from = current.index + 1;
          return start();
        }
        addViolation(totals, { property: 'process-crash', detail: `chunk ${chunk} exited (code ${code}, signal ${signal}) between cases` }, 'none', seed, -1);
        // Resume after the last input it finished, unless it made no progress at all (then it would only die again).
        if (doneHere > 0) return start();
        finish(false);
      });
    };
    start();
  });
}

function addViolation(totals: Totals, v: Violation, family: string, seed: number, index: number): void {
  let e = totals.violations.get(v.property);
  if (!e) totals.violations.set(v.property, (e = { count: 0, examples: [], families: new Map(), first: index >= 0 ? { seed, index } : undefined }));
  e.count++;
  e.families.set(family, (e.families.get(family) ?? 0) + 1);
  // Keep examples from different families: one property often has several causes.
  if (e.examples.length < 6 && !e.examples.some((x) => x.family === family && x.detail.slice(0, 40) === v.detail.slice(0, 40))) {
    e.examples.push({ property: v.property, family, detail: v.detail, stack: v.stack?.split('\n').slice(0, 8).join('\n'), replay: `--replay ${seed}:${index}`, known: knownIssue(v, family) });
  }
}

let lastProgress = 0;
function progress(s: Settings, t: Totals): void {
  if (Date.now() - lastProgress < 5_000) return;
  lastProgress = Date.now();
  const v = [...t.violations.values()].reduce((n, e) => n + e.count, 0);
  process.stderr.write(`fuzz: ${t.cases}/${s.runs} inputs, ${v} violations, peak RSS ${mb(t.peakRss)}\n`);
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function percentiles(times: number[]) {
  const x = [...times].sort((a, b) => a - b);
  const q = (p: number) => (x.length ? Math.round(x[Math.min(x.length - 1, Math.floor(p * x.length))]) : 0);
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
}

/** The run's figures, as summary.json (and --report) hold them. */
function summaryOf(s: Settings, t: Totals, addresses: number, seconds: number, argv: string[], state: 'running' | 'finished' | 'stopped' | 'aborted') {
  const count = (p: string) => t.violations.get(p)?.count ?? 0;
  return {
    command: `node dist/src/fuzz/run.js ${argv.join(' ')}`,
    state,
    settings: s,
    seconds,
    inputsPerSecond: seconds > 0 ? Math.round((t.cases / seconds) * 10) / 10 : 0,
    cases: t.cases,
    addresses,
    ingested: t.ingested,
    failedInputs: t.failedInputs,
    findings: t.findings,
    crashes: count('process-crash') + count('ingest-threw') + count('analyze-threw') + count('analyzer-threw') + count('cli-threw'),
    hangs: t.hangs.length,
    overBudget: count('over-budget'),
    storedArticlesReadBackIntact: t.readBack,
    baselineComparisons: t.baselineChecked,
    baselineChanged: count('store-changed'),
    chunks: { planned: Math.max(0, Math.ceil(s.runs / s.chunk) - s.firstChunk), started: t.chunksStarted, finished: t.chunksFinished, ...(s.firstChunk ? { first: s.firstChunk } : {}) },
    cpuPerInputMs: percentiles(t.times),
    peakRssBytes: { parent: process.resourceUsage().maxRSS * 1024, child: t.peakRss },
    byFamily: Object.fromEntries(t.byFamily),
    violations: Object.fromEntries([...t.violations].map(([k, e]) => [k, { count: e.count, families: Object.fromEntries(e.families), examples: e.examples }])),
    slowest: [...t.slowest].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 10),
    hangList: t.hangs,
    shrunk: t.shrunk,
  };
}

function writeSummary(s: Settings, summary: ReturnType<typeof summaryOf>): void {
  const json = JSON.stringify(summary, null, 2);
  for (const file of [path.join(s.out, 'summary.json'), ...(s.report ? [s.report] : [])]) {
    // Written to a temporary name and renamed: a reader (or a crash) never sees half a file.
    try {
      writeFileSync(`${file}.tmp`, json);
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      process.stderr.write(`fuzz: could not write ${file}: ${(e as Error).message}\n`);
    }
  }
}

async function runParent(s: Settings, argv: string[]): Promise<number> {
  const self = fileURLToPath(import.meta.url);
  mkdirSync(s.out, { recursive: true });
  const started = Date.now();
  const totals: Totals = { cases: 0, ingested: 0, failedInputs: 0, findings: 0, readBack: 0, baselineChecked: 0, byFamily: new Map(), violations: new Map(), slowest: [], hangs: [], peakRss: 0, times: [], shrunk: [], chunksStarted: 0, chunksFinished: 0 };
  const childArgs = ['--seed', String(s.seed), '--budget', String(s.budgetMs), '--max-bytes', String(s.maxBytes), '--limits', s.limits, '--out', s.out, '--shrink-ms', String(s.shrinkMs), ...(s.language ? [] : ['--no-language'])];
  process.stderr.write(`fuzz: ${s.runs} inputs, seed ${s.seed}, budget ${s.budgetMs} ms, hang ${s.hangMs} ms, limits ${s.limits}, max-bytes ${s.maxBytes}, out ${s.out}\n`);
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  const addr = { cases: 0 };

  // Whatever happens to this process, the figures so far are written: a checkpoint every minute, and on a crash.
  const checkpoint = setInterval(() => writeSummary(s, summaryOf(s, totals, addr.cases, elapsed(), argv, 'running')), 60_000);
  checkpoint.unref();
  process.on('uncaughtException', (e) => {
    process.stderr.write(`fuzz: runner error: ${e.stack ?? e.message}\n`);
    writeSummary(s, summaryOf(s, totals, addr.cases, elapsed(), argv, 'aborted'));
    for (const c of stop.children) c.kill('SIGKILL');
    process.exit(70);
  });

  // Addresses are pure and fast: as many as the inputs, classified in this process.
  fc.check(
    fc.property(fc.oneof(addressCase.map((a) => ({ a })), hostJunk.map((h) => ({ h }))), (x) => {
      addr.cases++;
      const vs = 'a' in x ? checkAddressCase(x.a) : checkHostJunk(x.h);
      for (const v of vs) addViolation(totals, v, 'a' in x ? `address/${x.a.form}/${x.a.cls}` : 'address/junk', s.seed, -1);
      return true;
    }),
    { seed: s.seed, numRuns: s.runs },
  );

  const chunks = Math.ceil(s.runs / s.chunk);
  let next = Math.min(s.firstChunk, chunks);
  const limitTimer = s.timeLimit ? setTimeout(requestStop, s.timeLimit * 1000) : null;
  process.on('SIGINT', requestStop);
  process.on('SIGTERM', requestStop);
  const worker = async () => {
    while (next < chunks && !stop.requested) {
      const k = next++;
      await runChunk(s, k, Math.min(s.chunk, s.runs - k * s.chunk), totals, self, childArgs);
    }
  };
  // Every worker returns only after its child has closed: no child outlives the report.
  await Promise.all(Array.from({ length: Math.max(1, Math.min(s.jobs, chunks - next)) }, worker));
  if (limitTimer) clearTimeout(limitTimer);
  if (stop.requested) process.stderr.write(`fuzz: stopped after ${totals.cases} inputs (time limit or interrupt)\n`);
  const state = stop.requested ? 'stopped' : 'finished';
  const seconds = elapsed();

  // The report first (shrinking can take minutes), then again with the shrunk inputs.
  const writeAll = (secs: number) => {
    const report = renderReport(s, totals, addr.cases, secs, argv);
    writeFileSync(path.join(s.out, 'report.txt'), report);
    writeSummary(s, summaryOf(s, totals, addr.cases, secs, argv, state));
    return report;
  };
  writeAll(seconds);

  // Shrink the first case of each property (not hangs: a hanging case cannot be re-run in bounded time).
  if (s.shrinkMs > 0 && !stop.hard) {
    for (const [property, e] of totals.violations) {
      if (property === 'hang' || property === 'over-budget' || property === 'process-crash' || property === 'runner' || !e.first || property.startsWith('address')) continue;
      if (stop.hard) break;
      await new Promise<void>((resolve) => {
        const child = fork(self, [...childArgs, '--shrink-property', property, '--shrink-seed', String(e.first!.seed), '--shrink-path', String(e.first!.index)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        stop.children.add(child);
        child.on('error', () => undefined);
        const timer = setTimeout(() => child.kill('SIGKILL'), s.shrinkMs * 3 + s.hangMs);
        child.on('message', (m: ChildMessage) => {
          if (m.type === 'shrunk') totals.shrunk.push({ property: m.property, replay: `--replay ${e.first!.seed}:${m.path}`, file: m.file, summary: m.summary });
        });
        child.on('close', () => {
          clearTimeout(timer);
          stop.children.delete(child);
          resolve();
        });
      });
    }
  }
  // Wall time and throughput are those of the inputs, measured before shrinking.
  const report = totals.shrunk.length ? writeAll(seconds) : renderReport(s, totals, addr.cases, seconds, argv);
  clearInterval(checkpoint);
  process.stdout.write(report);
  return totals.violations.size ? 1 : 0;
}

function renderReport(s: Settings, t: Totals, addresses: number, seconds: number, argv: string[]): string {
  const lines: string[] = [];
  const total = [...t.violations.values()].reduce((n, e) => n + e.count, 0);
  const sum = summaryOf(s, t, addresses, seconds, argv, 'finished');
  lines.push('', `fuzz ${argv.join(' ')}`);
  lines.push(`${t.cases} inputs through ingest + analysis (seed ${s.seed}) and ${addresses} addresses classified, in ${seconds} s (${sum.inputsPerSecond} inputs/s)${stop.requested ? `; stopped early (time limit or interrupt), ${t.chunksFinished} of ${sum.chunks.planned} chunks complete` : ''}`);
  lines.push(`${t.ingested} articles stored, ${t.failedInputs} inputs refused with an error, ${t.findings} findings checked`);
  lines.push(`stored articles: ${t.readBack} read back identical to what was cleaned; baseline articles compared ${t.baselineChecked} times (after every input and after each reopen), ${sum.baselineChanged} changed`);
  const pct = sum.cpuPerInputMs;
  lines.push(`CPU time per input: p50 ${pct.p50} ms, p95 ${pct.p95} ms, p99 ${pct.p99} ms, max ${pct.max} ms (budget ${s.budgetMs} ms); ${sum.overBudget} over budget; ${t.hangs.length} hangs (killed after ${s.hangMs} ms of CPU); ${sum.crashes} crashes`);
  lines.push(`peak RSS: ${mb(t.peakRss)} in a fuzz child process, ${mb(sum.peakRssBytes.parent)} in the parent`);
  lines.push(`inputs by family: ${[...t.byFamily].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ')}`);
  lines.push('', total ? `${total} violations of ${t.violations.size} properties:` : 'no violations: no crash, no hang, every input within the budget, the stored articles intact, every span honest.');
  for (const [property, e] of [...t.violations].sort((a, b) => b[1].count - a[1].count)) {
    lines.push(`  ${property}: ${e.count} (${[...e.families].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([f, n]) => `${f} ${n}`).join(', ')})`);
    for (const x of e.examples) {
      lines.push(`    - ${x.detail.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(0, 300)}`);
      const how = x.family.startsWith('address/') ? 'classifier only: the URL above through checkUrlHost + blockedReason' : x.replay.endsWith(':-1') ? 'seen when the database was reopened after the chunk' : `npm run fuzz -- ${x.replay}${s.limits !== 'default' ? ` --limits ${s.limits}` : ''}`;
      lines.push(`      reproduce: ${how}${x.known ? `   [known: ${x.known}]` : ''}`);
      if (x.stack) lines.push(...x.stack.split('\n').slice(0, 4).map((l) => `      ${l.trim()}`));
    }
  }
  if (t.shrunk.length) {
    lines.push('', 'shrunk failing inputs:');
    for (const x of t.shrunk) lines.push(`  ${x.property}: ${x.summary}; saved in ${x.file}; reproduce: npm run fuzz -- ${x.replay}`);
  }
  if (t.hangs.length) {
    lines.push('', 'hangs (killed):');
    for (const h of t.hangs.slice(0, 20)) lines.push(`  ${h.family}: files in ${h.kept}; reproduce: npm run fuzz -- ${h.replay}`);
  }
  lines.push('', 'slowest inputs:');
  for (const x of t.slowest.sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 10)) {
    lines.push(`  ${Math.round(x.cpuMs)} ms CPU (wall ${Math.round(x.ms)}: ingest ${Math.round(x.ingestMs)}, analysis ${Math.round(x.analyzeMs)})  ${x.family}  ${x.replay}`);
  }
  lines.push('', `failing cases and summary.json: ${s.out}`, '');
  return lines.join('\n');
}

async function cli(): Promise<number> {
  const argv = process.argv.slice(2);
  const s = settingsFrom(argv);
  if (s.child) {
    await runChild(s, s.child.chunk, s.child.from, s.child.count);
    return 0;
  }
  if (s.shrink) {
    await runShrink(s, s.shrink.property, s.shrink.seed, s.shrink.path);
    return 0;
  }
  if (s.replay) return runReplay(s, s.replay);
  return runParent(s, argv);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().then(
    (code) => {
      process.exitCode = code;
      // A child lets go of its channel so that it exits; when the parent is already gone there is nothing to let go.
      if (process.send && process.connected) process.disconnect();
    },
    (e) => {
      process.stderr.write(`fuzz: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
