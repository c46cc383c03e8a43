/**
 * Same answers on both dialects: the bundled example corpus ingested and analysed into SQLite and into PostgreSQL
 * gives byte-identical `compare --json` and corpus views' `--json`. Also the CLI's side of PostgreSQL URLs:
 * --db and PARALLAX_DB open it, and an unreachable server is one line on stderr and exit 3.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';
import { captureIO } from './test-io.js';
import { EXIT } from './exit-codes.js';
import { createTestDatabase, pgTestUrl } from '../storage/pg-testing.js';
import { openStore } from '../storage/index.js';
import { loadConfig } from '../core/config.js';
import { createApp } from '../server/app.js';

const ROOT = process.cwd();
const EXAMPLES = join(ROOT, 'examples', 'corpus');
const CONFIG = join(ROOT, 'examples', 'parallax.config.json');

async function run(argv: string[], env: Record<string, string> = {}) {
  const io = captureIO(ROOT, '', env);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

test('an unreachable PostgreSQL URL is one line on stderr naming the redacted URL, and exit 3', async () => {
  for (const argv of [
    ['list', '--db', 'postgres://team:s3cret@127.0.0.1:1/news'],
    ['compare', '--json', '--db', 'postgresql://team:s3cret@127.0.0.1:1/news'],
  ]) {
    const r = await run(argv);
    assert.equal(r.code, EXIT.STORE, r.err);
    assert.equal(r.out, '');
    const lines = r.err.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0], /postgres(ql)?:\/\/team:\*\*\*@127\.0\.0\.1:1\/news: cannot connect to PostgreSQL: connection refused/);
    assert.doesNotMatch(r.err, /s3cret/);
  }
  // PARALLAX_DB is read the same way.
  const env = await run(['list'], { PARALLAX_DB: 'postgres://team:s3cret@127.0.0.1:1/news' });
  assert.equal(env.code, EXIT.STORE);
  assert.match(env.err, /team:\*\*\*@127\.0\.0\.1:1\/news: cannot connect/);
});

const base = pgTestUrl('CLI parity of SQLite and PostgreSQL on the example corpus');
if (base && !existsSync(EXAMPLES)) {
  test('CLI parity (PostgreSQL)', { skip: 'examples/corpus not found (run from the repository root)' }, () => undefined);
} else if (base) {
  const pgDb = await createTestDatabase(base, 'parity');
  const dir = mkdtempSync(join(tmpdir(), 'parallax-parity-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sqlite = join(dir, 'p.db');

  const VIEWS = ['compare', 'actors', 'labels', 'stance', 'techniques', 'quotes', 'timeline', 'graph'];

  test('ingest + analyze + compare and every view give identical --json on SQLite and PostgreSQL', { timeout: 600_000 }, async () => {
    const outputs: Record<string, Record<string, string>> = {};
    for (const [name, db, env] of [
      ['sqlite', sqlite, {}],
      // PostgreSQL through PARALLAX_DB, so the environment route is exercised end to end too
      ['postgres', undefined, { PARALLAX_DB: pgDb.url }],
    ] as Array<[string, string | undefined, Record<string, string>]>) {
      const dbArgs = db ? ['--db', db] : [];
      const ingest = await run(['ingest', EXAMPLES, '--config', CONFIG, '--no-language', '--json', ...dbArgs], env);
      assert.equal(ingest.code, 0, `${name} ingest: ${ingest.err}`);
      const analyze = await run(['analyze', '--config', CONFIG, ...dbArgs], env);
      assert.equal(analyze.code, 0, `${name} analyze: ${analyze.err}`);
      assert.match(analyze.out, /15 analysed/);
      outputs[name] = {};
      for (const view of VIEWS) {
        const r = await run([view, '--json', ...dbArgs], env);
        assert.equal(r.code, 0, `${name} ${view}: ${r.err}`);
        JSON.parse(r.out);
        outputs[name][view] = r.out;
      }
      // Re-running analyze finds everything current on both.
      const again = await run(['analyze', '--config', CONFIG, ...dbArgs], env);
      assert.match(again.out, /0 analysed, 15 already current/);
    }
    for (const view of VIEWS) {
      assert.ok(outputs.sqlite[view].length > 100, `${view} output is not trivial`);
      assert.equal(outputs.postgres[view], outputs.sqlite[view], `${view} --json differs between SQLite and PostgreSQL`);
    }
    const compare = JSON.parse(outputs.postgres.compare);
    assert.equal(compare.counts.articles, 15);
  });

  test('the HTTP API answers the same JSON from SQLite and PostgreSQL', { timeout: 600_000 }, async () => {
    const config = loadConfig(CONFIG, ROOT);
    const stores = [await openStore(sqlite), await openStore(pgDb.url)];
    const apps = stores.map((store) => createApp({ store, config, webRoot: null, detectLanguage: false, viewEngine: 'inline' }));
    try {
      const get = async (i: number, path: string) => {
        const res = await apps[i].app.request(path, { headers: { host: '127.0.0.1:4317' } });
        assert.equal(res.status, 200, `${stores[i].dialect} ${path}`);
        return res.text();
      };
      const ids = (JSON.parse(await get(0, '/api/articles')) as Array<{ id: string }>).map((a) => a.id);
      assert.equal(ids.length, 15);
      const paths = [
        '/api/corpus', '/api/facets', '/api/articles', '/api/articles?outlet=kbc%20world&limit=2&offset=1',
        '/api/labels', '/api/labels?by=group&includeQuotes=true', '/api/stance', '/api/techniques', '/api/quotes',
        '/api/claims', '/api/timeline', '/api/graph', '/api/actors', '/api/compare', '/api/compare?by=outlet',
        `/api/articles/${ids[3]}`, `/api/articles/${ids[3].slice(0, 6)}`, `/api/articles/${ids[3]}/analysis`, `/api/articles/${ids[3]}/findings`,
      ];
      // The two databases were filled a few seconds apart by two analyze runs: only the wall-clock fields (when an
      // article was ingested, how long each analyzer took) may differ.
      const sameTime = (text: string) =>
        JSON.stringify(JSON.parse(text), (k, v) => (k === 'ingestedAt' || k === 'timings' ? '(wall clock)' : v));
      for (const path of paths) assert.equal(sameTime(await get(1, path)), sameTime(await get(0, path)), `${path} differs between SQLite and PostgreSQL`);
      // Search ranks differ by design (bm25 vs ts_rank, stemming): the same articles are found.
      const found = async (i: number) => (JSON.parse(await get(i, '/api/search?q=dam&limit=50')) as Array<{ id: string }>).map((h) => h.id).sort();
      assert.deepEqual(await found(1), await found(0));
    } finally {
      for (const a of apps) {
        await a.jobs.idle();
        await a.close();
      }
      for (const s of stores) await s.close();
    }
  });
}
