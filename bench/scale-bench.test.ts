/**
 * bench:scale on a tiny corpus: every step runs through the real CLI in a child process and prints one JSON line
 * with its wall seconds, rate and peak RSS; a second run with --reuse times the views alone on the built database.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScaleArgs, scaleConfig, STEPS } from './scale-bench.js';
import { selectOutlets } from './generate.js';

const compiled = import.meta.url.endsWith('.js');
const script = join(dirname(fileURLToPath(import.meta.url)), 'scale-bench.js');

function bench(args: string[]): { code: number | null; lines: Array<Record<string, unknown>>; stderr: string } {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 600_000 });
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, lines, stderr: r.stderr };
}

test('bench:scale runs every step on a small corpus and prints one JSON line each; --reuse times the views alone', { skip: compiled ? false : 'runs the compiled CLI (run from dist)' }, () => {
  const out = mkdtempSync(join(tmpdir(), 'parallax-scale-test-'));
  try {
    const r = bench(['--articles', '12', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines.map((l) => l.step), ['generate', 'ingest', 'analyze', 'compare', 'labels', 'stance', 'report', 'api:labels', 'api:stance', 'api:compare', 'api:server']);
    for (const l of r.lines) {
      assert.equal(l.error, undefined, JSON.stringify(l));
      assert.equal(typeof l.seconds, 'number');
      assert.equal(typeof l.articlesPerSecond, 'number');
      assert.ok(typeof l.peakRssMB === 'number' && l.peakRssMB > 20, `${String(l.step)}: peak RSS ${String(l.peakRssMB)}`);
      assert.ok((l.articles as number) > 0);
      if (l.step !== 'generate' && l.step !== 'api:server') assert.ok((l.seconds as number) > 0);
      if (String(l.step).startsWith('api:') && l.step !== 'api:server') {
        assert.equal(l.status, 200);
        assert.ok((l.outputBytes as number) > 100);
      }
    }
    const ingest = r.lines.find((l) => l.step === 'ingest')!;
    assert.equal(ingest.groups, 3, 'the articles fall into the three groups of the config');
    assert.ok((ingest.ingested as number) >= 11);
    const analyze = r.lines.find((l) => l.step === 'analyze')!;
    assert.equal(analyze.analyzed, ingest.ingested);
    assert.ok((analyze.findings as number) > 100);
    // compare --json was written where the bench says, and it is the comparison of the stored articles.
    const comparison = JSON.parse(readFileSync(join(out, 'out', 'compare.json'), 'utf8')) as { counts: { articles: number } };
    assert.equal(comparison.counts.articles, ingest.ingested);
    assert.ok(existsSync(join(out, 'out', 'report.html')));

    const again = bench(['--articles', '12', '--out', out, '--reuse', '--steps', 'generate,ingest,analyze,compare']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.lines.map((l) => l.step), ['compare'], 'nothing rebuilt');
    assert.match(again.stderr, /reusing .*parallax\.db: \d+ articles/);
    assert.equal(again.lines[0].articles, ingest.ingested);

    const refused = bench(['--articles', '12', '--out', out]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /parallax\.db already exists: pass --reuse/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('bench:scale passes a postgres URL to the CLI and stops at the first database error with one clear line', { skip: compiled ? false : 'runs the compiled CLI (run from dist)' }, () => {
  const out = mkdtempSync(join(tmpdir(), 'parallax-scale-pg-'));
  try {
    // Port 1 on loopback: nothing listens there. Without the PostgreSQL store the CLI refuses the URL (exit 2); with
    // it, the connection fails (exit 3). Either way the bench stops after the first step.
    const r = bench(['--articles', '3', '--out', out, '--db', 'postgres://nobody:secret@127.0.0.1:1/none', '--steps', 'ingest,analyze,compare']);
    assert.equal(r.code, 1);
    assert.deepEqual(r.lines.map((l) => l.step), ['generate', 'ingest']);
    const ingest = r.lines[1];
    assert.ok(ingest.exitCode === 2 || ingest.exitCode === 3, JSON.stringify(ingest));
    assert.match(String(ingest.error), /postgres/i);
    assert.doesNotMatch(JSON.stringify(r.lines) + r.stderr, /secret/, 'the password is printed nowhere');
    assert.match(r.stderr, /database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/, 'the password is not printed');
    assert.match(r.stderr, /stopped after "ingest" \(exit [23]\)/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('parseScaleArgs: defaults, a postgres URL passed through, clear errors', () => {
  const o = parseScaleArgs(['--articles', '500']);
  assert.ok(o !== 'help');
  assert.equal(o.articles, 500);
  assert.match(o.out, /parallax-scale-500$/);
  assert.equal(o.db, join(o.out, 'parallax.db'));
  assert.deepEqual(o.steps, [...STEPS]);
  assert.equal(o.outlets, 20);
  assert.equal(o.days, 60);
  const pg = parseScaleArgs(['--articles', '5', '--db', 'postgres://px@127.0.0.1:5432/scale', '--steps', 'compare,api']);
  assert.ok(pg !== 'help');
  assert.equal(pg.db, 'postgres://px@127.0.0.1:5432/scale');
  assert.deepEqual(pg.steps, ['compare', 'api']);
  assert.throws(() => parseScaleArgs([]), /--articles is required/);
  assert.throws(() => parseScaleArgs(['--articles', '0']), /--articles must be an integer of at least 1, got "0"/);
  assert.throws(() => parseScaleArgs(['--articles', '5', '--steps', 'compare,nope']), /unknown step "nope"/);
  assert.throws(() => parseScaleArgs(['--articles', '5', '--frobnicate']), /unknown argument "--frobnicate"/);
  assert.equal(parseScaleArgs(['--help']), 'help');
});

test('scaleConfig: three groups covering the twenty outlets, and the invented states as actors', () => {
  const c = scaleConfig(selectOutlets(20)) as { groups: Record<string, { outlets: string[] }>; actors: Array<{ name: string; kind: string }> };
  const groups = Object.values(c.groups);
  assert.equal(groups.length, 3);
  const all = groups.flatMap((g) => g.outlets);
  assert.equal(all.length, 20);
  assert.equal(new Set(all).size, 20);
  assert.ok(c.actors.length >= 6 && c.actors.every((a) => a.kind === 'state'));
});
