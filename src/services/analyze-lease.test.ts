/**
 * Several `analyze` processes on one SQLite database share the work through leases, and a process killed with
 * SIGKILL strands its claims only until they expire. Children are real processes (analyze-child), run from the
 * compiled dist/ (.js) or from the .ts sources through the tsx loader.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSqliteStore } from '../storage/sqlite.js';
import { generatedArticle, makeItem } from '../storage/test-fixtures.js';

const fromTs = import.meta.url.endsWith('.ts');
const childScript = join(dirname(fileURLToPath(import.meta.url)), fromTs ? 'analyze-child.ts' : 'analyze-child.js');
const childArgs = fromTs ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, childScript] : [childScript];

const dir = mkdtempSync(join(tmpdir(), 'parallax-lease-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  analysed: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string; summary: Record<string, number> | null }>;
}

function startChild(db: string, leaseMs: number, onAnalysed?: (n: number, child: ChildProcess) => void): Child {
  const proc = spawn(process.execPath, [...childArgs, db, String(leaseMs)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const analysed: string[] = [];
  let summary: Record<string, number> | null = null;
  let err = '';
  let pending = '';
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line === 'ready') readyResolve();
      else if (line.startsWith('analysed ')) {
        analysed.push(line.slice(9));
        onAnalysed?.(analysed.length, proc);
      } else if (line.startsWith('done ')) summary = JSON.parse(line.slice(5));
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string; summary: Record<string, number> | null }>((resolve) =>
    proc.on('close', (code, signal) => {
      readyResolve();
      resolve({ code, signal, err, summary });
    }),
  );
  return { proc, ready, analysed, exit };
}

async function corpus(name: string, n: number): Promise<{ db: string; ids: string[] }> {
  const db = join(dir, name);
  const store = await openSqliteStore(db);
  const arts = Array.from({ length: n }, (_, i) => generatedArticle(4242, i, 8));
  await store.ingestBatch(arts.map((a) => makeItem(a)));
  await store.close();
  return { db, ids: arts.map((a) => a.id) };
}

async function dbState(db: string) {
  const store = await openSqliteStore(db);
  try {
    const analysed = (await store.listAnalysisStamps()).map((s) => s.articleId);
    const claims = await store.listClaims();
    return { analysed, claims };
  } finally {
    await store.close();
  }
}

test('two analyze processes on one database do disjoint work and together analyse everything once', { timeout: 180_000 }, async () => {
  const { db, ids } = await corpus('shared.db', 96);
  const a = startChild(db, 600_000);
  const b = startChild(db, 600_000);
  await Promise.all([a.ready, b.ready]);
  a.proc.stdin!.write('go\n');
  b.proc.stdin!.write('go\n');
  const [ra, rb] = await Promise.all([a.exit, b.exit]);
  assert.equal(ra.code, 0, ra.err);
  assert.equal(rb.code, 0, rb.err);
  const setA = new Set(a.analysed);
  const overlap = b.analysed.filter((id) => setA.has(id));
  assert.deepEqual(overlap, [], 'no article analysed by both');
  assert.deepEqual([...a.analysed, ...b.analysed].sort(), [...ids].sort(), 'every article analysed exactly once');
  assert.ok(a.analysed.length > 0 && b.analysed.length > 0, `both worked: ${a.analysed.length} + ${b.analysed.length}`);
  assert.equal(ra.summary!.analyzed + rb.summary!.analyzed, ids.length);
  const s = await dbState(db);
  assert.equal(s.analysed.length, ids.length);
  assert.deepEqual(s.claims, [], 'all claims released');
});

test('a process killed with SIGKILL mid-run strands no work: the next run on this machine takes its claims over at once', { timeout: 180_000 }, async () => {
  const { db, ids } = await corpus('killed.db', 120);
  // Leases far longer than the test: the second run must not wait for them to expire.
  const LEASE = 600_000;
  let killedAfter = -1;
  const first = startChild(db, LEASE, (n, proc) => {
    // The first batch of analyses is committed (they are reported after the write): pull the plug.
    if (killedAfter < 0) {
      killedAfter = n;
      proc.kill('SIGKILL');
    }
  });
  await first.ready;
  first.proc.stdin!.write('go\n');
  const r1 = await first.exit;
  assert.equal(r1.signal, 'SIGKILL', `child was not killed (code ${r1.code}): ${r1.err}`);
  const mid = await dbState(db);
  assert.ok(mid.analysed.length > 0 && mid.analysed.length < ids.length, `${mid.analysed.length} analysed before the kill`);
  assert.ok(mid.claims.length > 0, 'the killed process left live claims');
  assert.ok(mid.claims.every((c) => c.expiresAt > Date.now() + 60_000), 'its claims are far from expiring');

  const second = startChild(db, LEASE);
  await second.ready;
  second.proc.stdin!.write('go\n');
  const r2 = await second.exit;
  assert.equal(r2.code, 0, r2.err);
  assert.equal(r2.summary!.reclaimed, mid.claims.length, 'the dead process\'s claims were freed');
  assert.equal(r2.summary!.claimedElsewhere, 0);
  assert.equal(r2.summary!.analyzed, ids.length - mid.analysed.length, 'only what the killed run did not store');
  const end = await dbState(db);
  assert.deepEqual([...end.analysed].sort(), [...ids].sort());
  assert.deepEqual(end.claims, []);
  assert.deepEqual(second.analysed.filter((id) => mid.analysed.includes(id)), [], 'nothing analysed twice');
});
