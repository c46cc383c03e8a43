import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The long-run runner (`npm run fuzz`): the parent collects every chunk, waits for its children and writes its
 * report also when a time limit stops the run; a child whose parent went away stops quietly instead of crashing
 * with ERR_IPC_CHANNEL_CLOSED. Small runs (test sizes, no language identification) in child processes.
 */

const RUN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run.js');
const FAST = ['--limits', 'test', '--no-language', '--shrink-ms', '0', '--seed', '11'];

function runner(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [RUN, ...args], { timeout: timeoutMs, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** Processes whose command line holds `marker` (the run's own --out folder): none may outlive the parent. */
function processesWith(marker: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eo'));
}

test('fuzz runner: every chunk of every job is collected into the report and --report file', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parallax-fuzzrun-'));
  try {
    const report = path.join(dir, 'figures.json');
    const r = await runner(['--runs', '6', '--chunk', '2', '--jobs', '2', '--out', path.join(dir, 'out'), '--report', report, ...FAST], 170_000);
    assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}: ${r.stderr.slice(-500)}`);
    assert.doesNotMatch(r.stderr, /ERR_IPC|runner error/);
    const s = JSON.parse(readFileSync(report, 'utf8'));
    assert.equal(s.state, 'finished');
    assert.equal(s.cases, 6, 'every input of the three chunks counted');
    assert.deepEqual(s.chunks, { planned: 3, started: 3, finished: 3 });
    assert.equal(s.baselineComparisons, 6 * 3 + 3 * 3, 'three baseline articles after every input and after each chunk reopen');
    assert.ok(s.peakRssBytes.parent > 0 && s.peakRssBytes.child > 0);
    assert.equal(s.violations.runner, undefined);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8')).cases, 6);
    assert.match(readFileSync(path.join(dir, 'out', 'report.txt'), 'utf8'), /^6 inputs through ingest \+ analysis/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fuzz runner: --first-chunk continues a run on the same inputs (chunk k keeps its seed)', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parallax-fuzzrun-'));
  try {
    const whole = path.join(dir, 'whole.json');
    const rest = path.join(dir, 'rest.json');
    await runner(['--runs', '6', '--chunk', '2', '--jobs', '1', '--out', path.join(dir, 'o1'), '--report', whole, ...FAST], 170_000);
    const r = await runner(['--runs', '6', '--chunk', '2', '--jobs', '1', '--first-chunk', '2', '--out', path.join(dir, 'o2'), '--report', rest, ...FAST], 170_000);
    assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}: ${r.stderr.slice(-500)}`);
    const a = JSON.parse(readFileSync(whole, 'utf8'));
    const b = JSON.parse(readFileSync(rest, 'utf8'));
    assert.equal(b.cases, 2, 'only the last chunk ran');
    assert.deepEqual(b.chunks, { planned: 1, started: 1, finished: 1, first: 2 });
    // the families of chunk 2's inputs are among the whole run's: the same generated inputs
    for (const [family, n] of Object.entries(b.byFamily as Record<string, number>)) assert.ok((a.byFamily[family] ?? 0) >= n, family);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fuzz runner: on --time-limit the parent waits for its children and still writes the report', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parallax-fuzzrun-'));
  try {
    const out = path.join(dir, 'out');
    const report = path.join(dir, 'figures.json');
    const r = await runner(['--runs', '400', '--chunk', '200', '--jobs', '2', '--time-limit', '1', '--out', out, '--report', report, ...FAST], 170_000);
    assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}: ${r.stderr.slice(-500)}`);
    assert.match(r.stderr, /stopped after \d+ inputs/);
    assert.doesNotMatch(r.stderr, /ERR_IPC|runner error/);
    assert.deepEqual(processesWith(out), [], 'a child process outlived the parent');
    const s = JSON.parse(readFileSync(report, 'utf8'));
    assert.equal(s.state, 'stopped');
    assert.ok(s.cases < 400);
    assert.equal(s.chunks.started, 2);
    assert.equal(s.violations['process-crash'], undefined, 'a stopped child is not a crash');
    assert.equal(s.violations.runner, undefined, 'a stopped chunk is not a lost one');
    // Every input a child finished reached the report: 3 comparisons per input plus 3 per chunk reopen.
    assert.equal(s.baselineComparisons, s.cases * 3 + 2 * 3);
    assert.match(readFileSync(path.join(out, 'report.txt'), 'utf8'), /stopped early/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fuzz runner: a chunk process whose parent goes away finishes its input and exits 0, without ERR_IPC_CHANNEL_CLOSED', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parallax-fuzzrun-'));
  try {
    const child = fork(RUN, ['--child-chunk', '0', '--child-from', '0', '--child-count', '500', '--out', dir, '--max-bytes', '200000', ...FAST], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    let done = 0;
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.on('message', (m: { type: string }) => {
      // The parent "dies" after the first finished input: its end of the channel closes.
      if (m.type === 'done' && ++done === 1) child.disconnect();
    });
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 150_000);
    const { code, signal } = await exited;
    clearTimeout(watchdog);
    assert.equal(signal, null, 'the child was killed: it kept running without a parent');
    assert.equal(code, 0, `the child failed:\n${stderr.slice(-800)}`);
    assert.doesNotMatch(stderr, /ERR_IPC_CHANNEL_CLOSED|ERR_IPC_DISCONNECTED|Error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fuzz runner: telling a child that has just let go of its channel to stop does not crash the parent', async () => {
  // The old runner's parent died here (an unhandled ERR_IPC_CHANNEL_CLOSED 'error' event) when the time limit came
  // while a chunk's child had disconnected but not yet exited; its other child then failed at every send.
  const { tell } = await import('./run.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'parallax-fuzzrun-'));
  try {
    const script = path.join(dir, 'leaver.cjs');
    writeFileSync(script, 'process.disconnect(); setTimeout(() => {}, 300);\n');
    const child = fork(script, [], { stdio: 'ignore' });
    await new Promise<void>((resolve) => child.on('disconnect', resolve));
    assert.equal(child.connected, false);
    tell(child, { type: 'stop' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0);
    // Reaching this line is the test: an unhandled 'error' event would have ended this process.
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
