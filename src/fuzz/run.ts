#!/usr/bin/env node
/**
 * Long fuzz runs: `npm run fuzz -- --runs 100000 [--seed S]` (docs/fuzzing.md).
 *
 * The parent process splits the run into chunks and runs each chunk in a child process with a watchdog: a case
 * that takes longer than --hang milliseconds is a hang, its child is killed, the case's files are kept, and the
 * chunk resumes after it. Each chunk has its own fast-check seed (seed + chunk number) and its own database holding
 * the baseline articles, which are compared byte for byte after every case and after a reopen at the end.
 * Every broken property is counted; the first case of each is shrunk by fast-check and saved under --out.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { addressCase, DEFAULT_LIMITS, fuzzCase, hostJunk, SMALL_LIMITS, TEST_LIMITS, type FuzzCase, type FuzzLimits } from './generators.js';
import { checkAddressCase, checkHostJunk, FuzzHarness, type Violation } from './harness.js';
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
}

const USAGE = `Usage: npm run fuzz -- [--runs N] [--seed S] [options]

  --runs N        generated inputs through ingest + analysis (default 1000)
  --seed S        fast-check seed (default: from the clock; printed for reproduction)
  --budget MS     CPU time one input may take, ingest + analysis (default 5000); slower ones are reported
  --hang MS       a case running longer (wall clock) is killed and reported as a hang (default max(30000, 6 x budget))
  --max-bytes N   the readers' size limit during the run (default 2000000)
  --limits NAME   generator sizes: default, small, or test (the npm test run's)
  --chunk N       cases per child process and database (default 500)
  --jobs N        child processes at once (default 1)
  --out DIR       where failing cases and summary.json go (default a new folder under the temp dir)
  --no-language   skip language identification (faster)
  --time-limit S  start no new input after S seconds, then report (default: none; Ctrl-C does the same)
  --shrink-ms MS  time to shrink each failing property's first case (default 60000; 0: no shrinking)
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
      replay: { type: 'string' },
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
  | { type: 'done'; index: number; family: string; ms: number; cpuMs: number; ingestMs: number; analyzeMs: number; ingested: number; failed: number; findings: number; rss: number; properties: string[] }
  | { type: 'violation'; index: number; family: string; violation: Violation }
  | { type: 'end'; maxRss: number; violations: Violation[] }
  | { type: 'shrunk'; property: string; path: string; file: string; summary: string };

function send(m: ChildMessage): void {
  process.send?.(m);
}

function harnessOptions(s: Settings, workdir: string) {
  return { budgetMs: s.budgetMs, maxBytes: s.maxBytes, language: s.language, cli: true, workdir };
}

async function runChild(s: Settings, chunk: number, from: number, count: number): Promise<void> {
  const workdir = path.join(s.out, 'work', `chunk-${chunk}-${from}`);
  const harness = await FuzzHarness.open(harnessOptions(s, workdir));
  let index = -1;
  let stopping = false;
  process.on('SIGINT', () => undefined); // Ctrl-C reaches the parent, which asks this chunk to stop cleanly
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') stopping = true;
  });
  const seen = new Set<string>();
  await fc.check(
    fc.asyncProperty(fuzzCase(limitsOf(s)), async (c) => {
      index++;
      if (index < from || stopping) return true;
      send({ type: 'start', index, family: c.family, dir: path.join(workdir, `case-${index - from}`) });
      const r = await harness.runCase(c);
      for (const v of r.violations) {
        // Every occurrence is counted by the parent; details of the first few per property are enough.
        const key = v.property;
        send({ type: 'violation', index, family: c.family, violation: seen.has(key) ? { property: v.property, detail: v.detail } : v });
        seen.add(key);
      }
      send({ type: 'done', index, family: c.family, ms: r.totalMs, cpuMs: r.cpuMs, ingestMs: r.ingestMs, analyzeMs: r.analyzeMs, ingested: r.ingested, failed: r.failed, findings: r.findings, rss: process.memoryUsage().rss, properties: r.violations.map((v) => v.property) });
      return true;
    }),
    { seed: chunkSeed(s, chunk), numRuns: from + count },
  );
  const end = await harness.reopenAndCheck();
  await harness.close();
  send({ type: 'end', maxRss: process.resourceUsage().maxRSS * 1024, violations: end });
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
  process.stdout.write(`case ${spec}: ${c.family}; ${r.ingested} stored, ${r.failed} failed, ${r.findings} findings; ingest ${Math.round(r.ingestMs)} ms, analysis ${Math.round(r.analyzeMs)} ms\n`);
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
  byFamily: Map<string, number>;
  violations: Map<string, { count: number; examples: Example[]; families: Map<string, number>; first?: { seed: number; index: number } }>;
  slowest: Array<{ ms: number; cpuMs: number; ingestMs: number; analyzeMs: number; family: string; replay: string }>;
  hangs: Array<{ family: string; replay: string; kept: string }>;
  peakRss: number;
  times: number[];
  shrunk: Array<{ property: string; replay: string; file: string; summary: string }>;
}

/** Set when the time limit passes or on Ctrl-C: running children finish their current input, no new chunk starts. */
const stop = { requested: false, children: new Set<ChildProcess>() };
function requestStop(): void {
  if (stop.requested) return;
  stop.requested = true;
  for (const c of stop.children) c.send({ type: 'stop' });
}

function runChunk(s: Settings, chunk: number, count: number, totals: Totals, self: string, childArgs: string[]): Promise<void> {
  return new Promise((resolve) => {
    let from = 0;
    const start = () => {
      if (stop.requested) return resolve();
      const child: ChildProcess = fork(self, [...childArgs, '--child-chunk', String(chunk), '--child-from', String(from), '--child-count', String(count - from)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      stop.children.add(child);
      let current: { index: number; family: string; dir: string; at: number } | null = null;
      let ended = false;
      const timer = setInterval(() => {
        if (current && Date.now() - current.at > s.hangMs) {
          const seed = chunkSeed(s, chunk);
          const kept = path.join(s.out, 'failures', `hang-${seed}-${current.index}`);
          try {
            cpSync(current.dir, kept, { recursive: true, verbatimSymlinks: true });
          } catch {
            /* the case folder may not exist yet */
          }
          totals.hangs.push({ family: current.family, replay: `--replay ${seed}:${current.index}`, kept });
          totals.cases++;
          addViolation(totals, { property: 'hang', detail: `no result after ${s.hangMs} ms; killed` }, current.family, seed, current.index);
          from = current.index + 1;
          current = null;
          child.kill('SIGKILL');
        }
      }, 500);
      child.on('message', (m: ChildMessage) => {
        const seed = chunkSeed(s, chunk);
        if (m.type === 'start') current = { index: m.index, family: m.family, dir: m.dir, at: Date.now() };
        else if (m.type === 'violation') addViolation(totals, m.violation, m.family, seed, m.index);
        else if (m.type === 'done') {
          current = null;
          totals.cases++;
          totals.ingested += m.ingested;
          totals.failedInputs += m.failed;
          totals.findings += m.findings;
          totals.times.push(m.cpuMs);
          for (const f of new Set(m.family.split(' + ').map((x) => x.split('/').slice(0, 2).join('/')))) totals.byFamily.set(f, (totals.byFamily.get(f) ?? 0) + 1);
          totals.peakRss = Math.max(totals.peakRss, m.rss);
          totals.slowest.push({ ms: m.ms, cpuMs: m.cpuMs, ingestMs: m.ingestMs, analyzeMs: m.analyzeMs, family: m.family, replay: `--replay ${seed}:${m.index}` });
          if (totals.slowest.length > 40) totals.slowest = totals.slowest.sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 10);
          if (totals.cases % 100 === 0) progress(s, totals);
        } else if (m.type === 'end') {
          ended = true;
          totals.peakRss = Math.max(totals.peakRss, m.maxRss);
          for (const v of m.violations) addViolation(totals, v, 'reopen', seed, -1);
        }
      });
      child.on('exit', (code, signal) => {
        clearInterval(timer);
        stop.children.delete(child);
        if (ended) return resolve();
        if (signal === 'SIGKILL' && from < count) return start(); // killed by the watchdog: resume after the hang
        // A child that died on its own: the case it was running crashed the process.
        const seed = chunkSeed(s, chunk);
        if (current) {
          addViolation(totals, { property: 'process-crash', detail: `the fuzz process exited (code ${code}, signal ${signal}) while running this case` }, current.family, seed, current.index);
          totals.cases++;
          from = current.index + 1;
          if (from < count) return start();
        } else addViolation(totals, { property: 'process-crash', detail: `chunk ${chunk} exited (code ${code}, signal ${signal}) between cases` }, 'none', seed, -1);
        resolve();
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

async function runParent(s: Settings, argv: string[]): Promise<number> {
  const self = fileURLToPath(import.meta.url);
  mkdirSync(s.out, { recursive: true });
  const started = Date.now();
  const totals: Totals = { cases: 0, ingested: 0, failedInputs: 0, findings: 0, byFamily: new Map(), violations: new Map(), slowest: [], hangs: [], peakRss: 0, times: [], shrunk: [] };
  const childArgs = ['--seed', String(s.seed), '--budget', String(s.budgetMs), '--max-bytes', String(s.maxBytes), '--limits', s.limits, '--out', s.out, '--shrink-ms', String(s.shrinkMs), ...(s.language ? [] : ['--no-language'])];
  process.stderr.write(`fuzz: ${s.runs} inputs, seed ${s.seed}, budget ${s.budgetMs} ms, hang ${s.hangMs} ms, limits ${s.limits}, max-bytes ${s.maxBytes}, out ${s.out}\n`);

  // Addresses are pure and fast: as many as the inputs, classified in this process.
  const addr = { cases: 0 };
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
  let next = 0;
  const limitTimer = s.timeLimit ? setTimeout(requestStop, s.timeLimit * 1000) : null;
  process.on('SIGINT', requestStop);
  const worker = async () => {
    while (next < chunks && !stop.requested) {
      const k = next++;
      await runChunk(s, k, Math.min(s.chunk, s.runs - k * s.chunk), totals, self, childArgs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(s.jobs, chunks) }, worker));
  if (limitTimer) clearTimeout(limitTimer);
  if (stop.requested) process.stderr.write(`fuzz: stopped after ${totals.cases} inputs (time limit or interrupt)\n`);

  // Shrink the first case of each property (not hangs: a hanging case cannot be re-run in bounded time).
  if (s.shrinkMs > 0) {
    for (const [property, e] of totals.violations) {
      if (property === 'hang' || property === 'over-budget' || property === 'process-crash' || !e.first || property.startsWith('address')) continue;
      await new Promise<void>((resolve) => {
        const child = fork(self, [...childArgs, '--shrink-property', property, '--shrink-seed', String(e.first!.seed), '--shrink-path', String(e.first!.index)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const timer = setTimeout(() => child.kill('SIGKILL'), s.shrinkMs * 3 + s.hangMs);
        child.on('message', (m: ChildMessage) => {
          if (m.type === 'shrunk') totals.shrunk.push({ property: m.property, replay: `--replay ${e.first!.seed}:${m.path}`, file: m.file, summary: m.summary });
        });
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  const report = renderReport(s, totals, addr.cases, seconds, argv);
  process.stdout.write(report);
  writeFileSync(path.join(s.out, 'report.txt'), report);
  writeFileSync(
    path.join(s.out, 'summary.json'),
    JSON.stringify(
      {
        settings: s,
        seconds,
        cases: totals.cases,
        addresses: addr.cases,
        ingested: totals.ingested,
        failedInputs: totals.failedInputs,
        findings: totals.findings,
        cpuPerInputMs: (() => { const x = [...totals.times].sort((a, b) => a - b); const q = (p: number) => Math.round(x[Math.min(x.length - 1, Math.floor(p * x.length))] ?? 0); return { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) }; })(),
        peakRssBytes: totals.peakRss,
        byFamily: Object.fromEntries(totals.byFamily),
        violations: Object.fromEntries([...totals.violations].map(([k, e]) => [k, { count: e.count, families: Object.fromEntries(e.families), examples: e.examples }])),
        slowest: totals.slowest.sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 10),
        hangs: totals.hangs,
        shrunk: totals.shrunk,
      },
      null,
      2,
    ),
  );
  return totals.violations.size ? 1 : 0;
}

function renderReport(s: Settings, t: Totals, addresses: number, seconds: number, argv: string[]): string {
  const lines: string[] = [];
  const total = [...t.violations.values()].reduce((n, e) => n + e.count, 0);
  lines.push('', `fuzz ${argv.join(' ')}`);
  lines.push(`${t.cases} inputs through ingest + analysis (seed ${s.seed}) and ${addresses} addresses classified, in ${seconds} s`);
  lines.push(`${t.ingested} articles stored, ${t.failedInputs} inputs refused with an error, ${t.findings} findings checked`);
  const sorted = [...t.times].sort((a, b) => a - b);
  const pct = (p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]) : 0);
  lines.push(`CPU time per input: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms (budget ${s.budgetMs} ms); ${t.hangs.length} hangs`);
  lines.push(`peak RSS of a fuzz process: ${mb(t.peakRss)}`);
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
      if (process.send) process.disconnect?.();
    },
    (e) => {
      process.stderr.write(`fuzz: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
