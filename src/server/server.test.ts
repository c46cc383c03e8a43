import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';
import { loadConfig } from '../core/config.js';
import { ERROR_CODES, type ErrorCode } from '../core/errors.js';
import { openStore } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import { createApp, type ParallaxApp } from './app.js';
import { isLoopbackBind, isLoopbackHost, presentedToken, tokenMatches } from './auth.js';
import { httpStatusFor, HTTP_ERROR_CODES } from './errors.js';
import { packageRoot } from './paths.js';

// The HTTP API, tested through app.request() without a network, on the bundled example corpus (examples/,
// original texts written for Parallax).
const ROOT = packageRoot();
const CONFIG = join(ROOT, 'examples', 'parallax.config.json');
const TOKEN = 'test-token-0123456789abcdef';

let dir: string;
let db: string;
let store: Store;
let api: ParallaxApp;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO(ROOT);
  const code = await main([...args, '--db', db], io);
  return { code, out: io.out(), err: io.err() };
}

async function cliJson(...args: string[]): Promise<unknown> {
  const r = await cli(...args, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

const H = { host: '127.0.0.1:4317' };

async function req(app: ParallaxApp['app'], path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await app.request(path, { ...init, headers: { ...H, ...(init.headers as Record<string, string> | undefined) } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

const getJson = async (path: string) => {
  const r = await req(api.app, path);
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
};

async function waitJob(app: ParallaxApp['app'], id: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const r = await req(app, `/api/jobs/${id}`);
    assert.equal(r.status, 200);
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('job did not finish');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parallax-server-'));
  db = join(dir, 'p.db');
  assert.equal((await cli('ingest', join(ROOT, 'examples', 'corpus'), '--config', CONFIG, '--no-language', '--workers', '0')).code, 0);
  assert.equal((await cli('analyze', '--config', CONFIG, '--workers', '0')).code, 0);
  store = await openStore(db);
  api = createApp({ store, config: loadConfig(CONFIG, ROOT), webRoot: null, detectLanguage: false });
});

after(async () => {
  await api.jobs.idle();
  await api.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('API returns the same JSON as the CLI', () => {
  const cases: Array<[string, string[]]> = [
    ['/api/labels', ['labels']],
    ['/api/labels?by=group&includeQuotes=true&limit=0', ['labels', '--by', 'group', '--include-quotes', '--limit', '0']],
    ['/api/labels?actor=Karvenia', ['labels', '--actor', 'Karvenia']],
    ['/api/stance', ['stance']],
    ['/api/stance?by=group&actor=Vessany', ['stance', '--by', 'group', '--actor', 'Vessany']],
    ['/api/techniques', ['techniques']],
    ['/api/techniques?by=group&minConfidence=0.6', ['techniques', '--by', 'group', '--min-confidence', '0.6']],
    ['/api/quotes', ['quotes']],
    ['/api/timeline', ['timeline']],
    ['/api/timeline?type=attack&by=group', ['timeline', '--type', 'attack', '--by', 'group']],
    ['/api/graph', ['graph']],
    ['/api/graph?level=state&by=group', ['graph', '--level', 'state', '--by', 'group']],
    ['/api/actors', ['actors']],
    ['/api/actors?kind=person', ['actors', '--kind', 'person']],
    ['/api/compare', ['compare']],
    ['/api/compare?by=outlet', ['compare', '--by', 'outlet']],
    ['/api/articles', ['list']],
    ['/api/search?q=dam', ['search', 'dam']],
  ];
  for (const [path, args] of cases) {
    it(`${path} = parallax ${args.join(' ')} --json`, async () => {
      const [fromApi, fromCli] = await Promise.all([getJson(path), cliJson(...args)]);
      assert.deepEqual(fromApi, fromCli);
    });
  }

  it('/api/articles/{id} = parallax show --json, and by id prefix', async () => {
    const list = (await getJson('/api/articles')) as Array<{ id: string }>;
    const id = list[0].id;
    assert.deepEqual(await getJson(`/api/articles/${id}`), await cliJson('show', id));
    assert.equal(((await getJson(`/api/articles/${id.slice(0, 8)}`)) as { id: string }).id, id);
  });
});

describe('articles, analyses and findings', () => {
  it('lists with X-Total-Count, limit and offset', async () => {
    const r = await req(api.app, '/api/articles?limit=4&offset=2');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-total-count'), '15');
    assert.equal(r.body.length, 4);
    const all = (await getJson('/api/articles?limit=0')) as Array<{ id: string }>;
    assert.deepEqual(r.body.map((a: { id: string }) => a.id), all.slice(2, 6).map((a) => a.id));
  });

  it('filters by outlet (repeatable), group, date range, story and actor', async () => {
    const kbc = (await getJson('/api/articles?outlet=KBC%20World')) as Array<{ outlet: string }>;
    assert.equal(kbc.length, 4);
    assert.ok(kbc.every((a) => a.outlet === 'KBC World'));
    const two = (await getJson('/api/articles?outlet=KBC%20World&outlet=Meridian%20Wire')) as unknown[];
    assert.equal(two.length, 6);
    const group = (await getJson('/api/articles?group=Independent%20and%20international')) as unknown[];
    assert.equal(group.length, 4);
    const dated = (await getJson('/api/articles?from=2025-03-10&to=2025-03-12')) as Array<{ published: string }>;
    assert.ok(dated.length >= 3);
    assert.ok(dated.every((a) => a.published.slice(0, 10) >= '2025-03-10' && a.published.slice(0, 10) <= '2025-03-12'), JSON.stringify(dated.map((a) => a.published)));
    const facets = (await getJson('/api/facets')) as { stories: Array<{ id: string; articles: number }>; outlets: unknown[]; groups: unknown[]; actors: Array<{ id: string }> };
    assert.equal(facets.outlets.length, 6);
    assert.equal(facets.groups.length, 3);
    const story = facets.stories[0];
    assert.equal(((await getJson(`/api/articles?story=${story.id}&limit=0`)) as unknown[]).length, story.articles);
    const tolmar = (await getJson('/api/articles?actor=Tolmar%20Federation&limit=0')) as unknown[];
    assert.ok(tolmar.length > 0 && tolmar.length < 15);
  });

  it('filters narrow the views: one outlet, one column', async () => {
    const labels = (await getJson('/api/labels?outlet=KBC%20World&limit=0')) as { actors: Array<{ columns: Record<string, unknown> }> };
    assert.ok(labels.actors.length > 0);
    for (const r of labels.actors) assert.deepEqual(Object.keys(r.columns), ['KBC World']);
    const overview = (await getJson('/api/corpus?group=Karvenian%20state%20media')) as { counts: { articles: number; outlets: number } };
    assert.deepEqual([overview.counts.articles, overview.counts.outlets], [6, 2]);
  });

  it('gives the analysis and findings of an article, with evidence equal to the text at each span', async () => {
    const [a] = (await getJson('/api/articles?outlet=Meridian%20Wire&limit=1')) as Array<{ id: string }>;
    const article = (await getJson(`/api/articles/${a.id}`)) as { text: string };
    const analysis = (await getJson(`/api/articles/${a.id}/analysis`)) as { findings: Array<{ span: { start: number; end: number }; evidence: string }> };
    assert.ok(analysis.findings.length > 20);
    for (const f of analysis.findings) assert.equal(article.text.slice(f.span.start, f.span.end), f.evidence);
    const labels = (await getJson(`/api/articles/${a.id}/findings?kind=label&voice=outlet`)) as { findings: Array<{ kind: string; voice: unknown }> };
    assert.ok(labels.findings.length > 0);
    assert.ok(labels.findings.every((f) => f.kind === 'label' && f.voice === 'outlet'));
    const quoted = (await getJson(`/api/articles/${a.id}/findings?voice=quoted`)) as { findings: Array<{ voice: unknown }> };
    assert.ok(quoted.findings.every((f) => f.voice !== 'outlet'));
  });

  it('claims: statuses, actor filter and omissions from compare()', async () => {
    const c = (await getJson('/api/claims')) as { counts: Record<string, number>; claims: Array<{ status: string; actorIds: string[] }>; omissions: unknown[]; contradictions: unknown[] };
    assert.equal(c.claims.length, c.counts.corroborated + c.counts['single-source'] + c.counts.contested);
    assert.ok(c.counts.contested > 0 && c.counts.corroborated > 0);
    assert.equal(c.omissions.length, 3);
    const contested = (await getJson('/api/claims?status=contested')) as { claims: Array<{ status: string }> };
    assert.equal(contested.claims.length, c.counts.contested);
    assert.ok(contested.claims.every((x) => x.status === 'contested'));
    const actor = (await getJson('/api/claims?actor=Tolmar%20Federation')) as { claims: Array<{ actorIds: string[] }> };
    assert.ok(actor.claims.length > 0 && actor.claims.every((x) => x.actorIds.includes('state:x-tolmar')));
  });
});

describe('errors: JSON {error:{code,message}} with a status from one table', () => {
  it('maps every error code to an HTTP status', () => {
    for (const code of [...Object.keys(ERROR_CODES), ...Object.keys(HTTP_ERROR_CODES)] as ErrorCode[]) {
      const s = httpStatusFor(code);
      assert.ok(s >= 400 && s < 600, code);
    }
    assert.equal(httpStatusFor('E_NOT_FOUND'), 404);
    assert.equal(httpStatusFor('E_USAGE'), 400);
    assert.equal(httpStatusFor('E_FETCH_BLOCKED'), 403);
    assert.equal(httpStatusFor('E_INPUT_TOO_LARGE'), 413);
    assert.equal(httpStatusFor('E_INTERNAL'), 500);
  });

  const cases: Array<[string, RequestInit, number, string]> = [
    ['/api/articles/ffffffffffffffff', {}, 404, 'E_NOT_FOUND'],
    ['/api/labels?by=column', {}, 400, 'E_USAGE'],
    ['/api/stance?limit=-1', {}, 400, 'E_USAGE'],
    ['/api/articles?from=March', {}, 400, 'E_USAGE'],
    ['/api/labels?actor=Nobody%20Atall', {}, 404, 'E_NOT_FOUND'],
    ['/api/compare?story=s999', {}, 404, 'E_NOT_FOUND'],
    ['/api/search', {}, 400, 'E_USAGE'],
    ['/api/nothing-here', {}, 404, 'E_ROUTE'],
    ['/api/labels', { method: 'DELETE' }, 405, 'E_METHOD'],
    ['/api/jobs/job-0', {}, 404, 'E_NOT_FOUND'],
    ['/api/ingest', { method: 'POST', body: '{"urls":', headers: { 'content-type': 'application/json' } }, 400, 'E_USAGE'],
    ['/api/ingest', { method: 'POST', body: '{"urls":["x"]}', headers: { 'content-type': 'text/plain' } }, 400, 'E_USAGE'],
    ['/api/ingest', { method: 'POST', body: '{"urls":[]}', headers: { 'content-type': 'application/json' } }, 400, 'E_USAGE'],
    ['/api/ingest', { method: 'POST', body: '{"urls":["file:///etc/passwd"]}', headers: { 'content-type': 'application/json' } }, 502, 'E_FETCH'],
    ['/api/articles', { method: 'POST', body: '' }, 422, 'E_INPUT_EMPTY'],
  ];
  for (const [path, init, status, code] of cases) {
    it(`${init.method ?? 'GET'} ${path} → ${status} ${code}`, async () => {
      const r = await req(api.app, path, init);
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error.code, code);
      assert.equal(typeof r.body.error.message, 'string');
      assert.ok(!/\n\s+at /.test(r.body.error.message), 'no stack trace');
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    });
  }

  it('refuses bodies over the limit with 413', async () => {
    const small = createApp({ store, webRoot: null, detectLanguage: false, maxUploadBytes: 1000 });
    const r = await req(small.app, '/api/articles', { method: 'POST', body: 'x'.repeat(5000), headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'E_INPUT_TOO_LARGE');
  });

  it('times out slow requests with 504 E_TIMEOUT', async () => {
    const slow = new Proxy(store, {
      get(target, prop, recv) {
        if (prop === 'listArticles') return () => new Promise((res) => setTimeout(() => res([]), 300));
        const v = Reflect.get(target, prop, recv);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const app = createApp({ store: slow, webRoot: null, detectLanguage: false, requestTimeoutMs: 50 });
    const r = await req(app.app, '/api/articles');
    assert.equal(r.status, 504);
    assert.equal(r.body.error.code, 'E_TIMEOUT');
  });
});

describe('access: loopback by default, a token otherwise, checked on every request', () => {
  it('compares tokens in constant time and reads them from header, X-Parallax-Token or cookie', () => {
    assert.equal(tokenMatches(TOKEN, TOKEN), true);
    assert.equal(tokenMatches(`${TOKEN}x`, TOKEN), false);
    assert.equal(tokenMatches('short', TOKEN), false);
    assert.equal(tokenMatches('', TOKEN), false);
    assert.equal(tokenMatches(null, TOKEN), false);
    assert.equal(presentedToken(new Headers({ authorization: `Bearer ${TOKEN}` })), TOKEN);
    assert.equal(presentedToken(new Headers({ 'x-parallax-token': TOKEN })), TOKEN);
    assert.equal(presentedToken(new Headers({ cookie: `a=b; parallax_token=${TOKEN}` })), TOKEN);
    assert.equal(presentedToken(new Headers({ authorization: 'Basic abc' })), null);
    assert.ok(isLoopbackBind('127.0.0.1') && isLoopbackBind('::1') && isLoopbackBind('localhost'));
    assert.ok(!isLoopbackBind('0.0.0.0') && !isLoopbackBind('192.168.1.4'));
    assert.ok(isLoopbackHost('localhost:4317') && isLoopbackHost('[::1]:80') && !isLoopbackHost('evil.example:4317'));
  });

  it('without a token, answers only requests addressed to localhost (DNS rebinding)', async () => {
    const r = await api.app.request('/api/health', { headers: { host: 'attacker.example:4317' } });
    assert.equal(r.status, 403);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'E_FORBIDDEN');
  });

  it('with a token, refuses every route without it or with a wrong one, and accepts it', async () => {
    const locked = createApp({ store, token: TOKEN, webRoot: null, detectLanguage: false });
    const h = { host: '10.0.0.5:4317' };
    for (const path of ['/api/health', '/api/labels', '/api/articles', '/api/openapi.json', '/api/nothing', '/']) {
      const none = await locked.app.request(path, { headers: h });
      assert.equal(none.status, 401, path);
      assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'E_UNAUTHORIZED');
      const wrong = await locked.app.request(path, { headers: { ...h, authorization: `Bearer ${TOKEN.slice(0, -1)}X` } });
      assert.equal(wrong.status, 401, path);
    }
    const post = await locked.app.request('/api/analyze', { method: 'POST', headers: h, body: '{}' });
    assert.equal(post.status, 401);
    assert.equal((await locked.app.request('/api/health', { headers: { ...h, authorization: `Bearer ${TOKEN}` } })).status, 200);
    assert.equal((await locked.app.request('/api/health', { headers: { ...h, cookie: `parallax_token=${TOKEN}` } })).status, 200);
  });

  it('trades ?token= on a page for an HttpOnly cookie and drops it from the address', async () => {
    const locked = createApp({ store, token: TOKEN, webRoot: null, detectLanguage: false });
    const r = await locked.app.request(`/labels?by=group&token=${TOKEN}`, { headers: { host: '10.0.0.5:4317' } });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), '/labels?by=group');
    assert.match(r.headers.get('set-cookie') ?? '', /^parallax_token=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
    const bad = await locked.app.request('/?token=nope-nope-nope-nope', { headers: { host: '10.0.0.5:4317' } });
    assert.equal(bad.status, 401);
  });

  it('refuses cross-origin writes', async () => {
    const r = await req(api.app, '/api/analyze', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', origin: 'https://evil.example' } });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'E_FORBIDDEN');
  });
});

describe('jobs: upload, ingest by URL, analyse', () => {
  it('uploads an article, ingests and analyses it as a job with progress', async () => {
    const text = [
      'Harbour talks in Merrow collapse as the Lorvan delegation walks out',
      '',
      'The delegation from Lorvan left the harbour talks in Merrow on Tuesday after negotiators failed to agree on fishing quotas, officials said.',
      '',
      'Lorvan\'s chief negotiator, Anselm Daru, said the proposed quota of 40 percent was "an insult to every family that lives from the sea".',
    ].join('\n');
    const r = await req(api.app, '/api/articles?outlet=Coastal%20Herald&group=Test%20group', { method: 'POST', body: text, headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.match(r.headers.get('location') ?? '', /^\/api\/jobs\/job-/);
    const job = await waitJob(api.app, r.body.job.id);
    assert.equal(job.state, 'done', JSON.stringify(job.error));
    assert.equal(job.result.ingest.ingested, 1);
    assert.equal(job.result.analyze.analyzed, 1);
    const id = job.result.ingested[0].id;
    const a = (await getJson(`/api/articles/${id}`)) as { outlet: string; group: string };
    assert.deepEqual([a.outlet, a.group], ['Coastal Herald', 'Test group']);
    assert.ok(((await getJson(`/api/articles/${id}/findings`)) as { findings: unknown[] }).findings.length > 0);
    // The cached corpus view saw the new article.
    assert.ok(((await getJson('/api/facets')) as { outlets: Array<{ name: string }> }).outlets.some((o) => o.name === 'Coastal Herald'));
    const again = await req(api.app, '/api/articles', { method: 'POST', body: text, headers: { 'content-type': 'text/plain' } });
    const dup = await waitJob(api.app, again.body.job.id);
    assert.equal(dup.result.ingest.skipped, 1);
    const jobs = (await getJson('/api/jobs')) as Array<{ id: string }>;
    assert.equal(jobs[0].id, again.body.job.id);
  });

  it('refuses URLs on private, loopback and metadata addresses like the CLI', async () => {
    for (const url of ['http://127.0.0.1:9/a', 'http://10.1.2.3/a', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x', 'http://metadata.google.internal/']) {
      const r = await req(api.app, '/api/ingest', { method: 'POST', body: JSON.stringify({ urls: [url] }), headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 403, url);
      assert.equal(r.body.error.code, 'E_FETCH_BLOCKED');
    }
    // A name that resolves to loopback is refused when the connection is made (the job fails with the same code).
    const r = await req(api.app, '/api/ingest', { method: 'POST', body: JSON.stringify({ urls: ['http://localhost:9/article'] }), headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 202);
    const job = await waitJob(api.app, r.body.job.id);
    assert.equal(job.state, 'failed');
    assert.equal(job.error.code, 'E_FETCH_BLOCKED');
  });

  it('analyses as a job (everything current: nothing to do)', async () => {
    const r = await req(api.app, '/api/analyze', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 202);
    const job = await waitJob(api.app, r.body.job.id);
    assert.equal(job.state, 'done');
    assert.equal(job.result.analyzed, 0);
    assert.ok(job.result.current >= 15);
    assert.equal(job.progress.phase, 'done');
  });
});

describe('web UI files', () => {
  it('serves built files, index.html for page paths, never a file outside the web root', async () => {
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title><div id="app"></div>');
    writeFileSync(join(web, 'assets', 'a.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET-CONTENT-42');
    const app = createApp({ store, webRoot: web, detectLanguage: false }).app;
    const page = await app.request('/labels?by=group', { headers: H });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /id="app"/);
    const js = await app.request('/assets/a.js', { headers: H });
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await app.request(p, { headers: H });
      assert.ok(!(await r.text()).includes('TOP-SECRET-CONTENT-42'), p);
    }
    const none = await createApp({ store, webRoot: join(dir, 'nope'), detectLanguage: false }).app.request('/', { headers: H });
    assert.equal(none.status, 503);
  });
});

describe('OpenAPI', () => {
  it('docs/openapi.json is current (npm run openapi) and served at /api/openapi.json', async () => {
    const served = await getJson('/api/openapi.json');
    const file = JSON.parse(readFileSync(resolve(ROOT, 'docs', 'openapi.json'), 'utf8'));
    assert.deepEqual(file, served, 'docs/openapi.json is out of date: run "npm run build && npm run openapi"');
  });

  it('documents every route, and every schema reference resolves', async () => {
    const doc = (await getJson('/api/openapi.json')) as { paths: Record<string, Record<string, unknown>> };
    for (const r of api.routes) assert.ok(doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`);
    const schema = (await getJson('/api/schema.json')) as { $defs: Record<string, unknown> };
    const refs = JSON.stringify(doc).match(/"\$ref":"schema\.json#\/\$defs\/[A-Za-z]+"/g) ?? [];
    assert.ok(refs.length > 0);
    for (const ref of refs) assert.ok(schema.$defs[ref.replace(/.*\//, '').replace('"', '')], ref);
  });
});

describe('parallax serve on a real port', () => {
  it('serves the API on 127.0.0.1 without a token', async () => {
    const { runServe } = await import('../cli/commands/serve.js');
    const { parseCommandArgs } = await import('../cli/command.js');
    const { serveCommand } = await import('../cli/commands/serve.js');
    const ac = new AbortController();
    const io = captureIO(ROOT);
    let port = 0;
    const done = runServe(parseCommandArgs(serveCommand, ['--db', db, '--port', '0']), io, ac.signal, (s) => (port = s.port));
    while (!port) await new Promise((r) => setTimeout(r, 10));
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      assert.equal(r.status, 200);
      assert.equal(((await r.json()) as { ok: boolean }).ok, true);
      assert.match(io.err(), /open http:\/\/127\.0\.0\.1:\d+\//);
      assert.doesNotMatch(io.err(), /token/);
    } finally {
      ac.abort();
      assert.equal(await done, 0);
    }
  });

  it('bound to another address, requires the token it prints (or PARALLAX_TOKEN)', async () => {
    const { runServe, serveCommand } = await import('../cli/commands/serve.js');
    const { parseCommandArgs } = await import('../cli/command.js');
    for (const env of [{}, { PARALLAX_TOKEN: TOKEN }] as Array<Record<string, string>>) {
      const ac = new AbortController();
      const io = captureIO(ROOT, '', env);
      let port = 0;
      let token: string | null = null;
      const done = runServe(parseCommandArgs(serveCommand, ['--db', db, '--port', '0', '--host', '0.0.0.0']), io, ac.signal, (s) => {
        port = s.port;
        token = s.token;
      });
      while (!port) await new Promise((r) => setTimeout(r, 10));
      try {
        assert.ok(token && (token as string).length >= 32 - (env.PARALLAX_TOKEN ? 5 : 0));
        if (env.PARALLAX_TOKEN) assert.equal(token, TOKEN);
        assert.ok(io.err().includes(token!), 'the token is printed');
        assert.equal((await fetch(`http://127.0.0.1:${port}/api/health`)).status, 401);
        assert.equal((await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
      } finally {
        ac.abort();
        assert.equal(await done, 0);
      }
    }
    const short = captureIO(ROOT, '', { PARALLAX_TOKEN: 'short' });
    assert.equal(await main(['serve', '--db', db, '--port', '0', '--host', '0.0.0.0'], short), 2);
    assert.match(short.err(), /at least 16 characters/);
  });
});
