import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { ParallaxError } from '../core/errors.js';
import { blockedReason } from './address.js';
import { fetchUrl } from './fetch.js';
import { articles, collect, failures, summary } from './test-helpers.js';

// Invented texts, encoded here so the server sends real legacy-charset bytes.
const AR = 'أعلنت الحكومة خطة جديدة لتوزيع المياه على القرى';
// Persian as windows-1256 writes it (Arabic yeh; the code page has no Farsi yeh), with a ZWNJ and پ گ چ ژ.
const FA = 'شوراي شهر پس از گفت‌وگو بودجه چاپخانه و ژاندارمري را تصويب کرد';
const RU = 'Городской совет обсудил новый бюджет на следующий год';
const CZ = 'Městská rada schválila nový rozpočet; příští týden žádost';
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Gazette</title><link>/</link>
<item><title>One</title><link>/one</link><description>First item.</description></item>
<item><title>Two</title><link>https://gazette.example/two</link><description>Second item.</description></item></channel></rss>`;

let server: http.Server;
let base = '';
let hits = 0;
const seenHosts: string[] = [];

function html(charsetInMeta: string | null, body: string): string {
  const meta = charsetInMeta ? `<meta http-equiv="Content-Type" content="text/html; charset=${charsetInMeta}">` : '';
  return `<!doctype html><html><head>${meta}<title>t</title></head><body><p>${body}</p></body></html>`;
}

before(async () => {
  server = http.createServer((req, res) => {
    hits++;
    seenHosts.push(req.headers.host ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    const send = (status: number, type: string | null, body: Buffer | string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...(type ? { 'content-type': type } : {}), ...extra });
      res.end(body);
    };
    if (p === '/article') return send(200, 'text/html; charset=utf-8', html(null, 'Plain UTF-8 — “quoted”.'));
    if (p === '/r1') return send(302, null, '', { location: '/r2' });
    if (p === '/r2') return send(301, null, '', { location: `${base}/r3` });
    if (p === '/r3') return send(307, null, '', { location: 'article?from=r3' });
    if (p.startsWith('/loop/')) return send(302, null, '', { location: `/loop/${Number(p.slice(6)) + 1}` });
    if (p === '/slow') return; // never answers
    if (p === '/slow-body') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial ');
      return; // headers and a little body, then silence
    }
    if (p === '/big') return send(200, 'text/plain', 'x'.repeat(5000));
    if (p === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'text/plain' }); // no Content-Length: the limit must count bytes
      for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
      return res.end();
    }
    if (p === '/ar-header') return send(200, 'text/html; charset=windows-1256', iconv.encode(html(null, AR), 'windows-1256'));
    if (p === '/fa-meta') return send(200, 'text/html', iconv.encode(html('windows-1256', FA), 'windows-1256'));
    if (p === '/ru-header') return send(200, 'text/plain; charset="windows-1251"', iconv.encode(RU, 'windows-1251'));
    if (p === '/ru-meta') return send(200, 'text/html', iconv.encode(html('windows-1251', RU), 'windows-1251'));
    if (p === '/cz-meta') return send(200, 'text/html', iconv.encode(html('iso-8859-2', CZ), 'iso-8859-2'));
    if (p === '/cz-header') return send(200, 'text/html; charset=ISO-8859-2', iconv.encode(html(null, CZ), 'iso-8859-2'));
    if (p === '/utf8-nolabel') return send(200, 'text/html', html(null, RU));
    if (p === '/latin-nolabel') return send(200, 'text/plain', iconv.encode('Café – 5 €', 'windows-1252'));
    if (p === '/feed') return send(200, 'application/rss+xml', RSS);
    if (p === '/feed-as-text') return send(200, 'text/plain', RSS);
    if (p === '/markup-as-text') return send(200, 'text/plain', '<b>not html</b> just text');
    if (p === '/json') return send(200, 'application/json', JSON.stringify([{ text: 'A', outlet: 'Courier' }, { html: '<p>B</p>' }]));
    if (p === '/data.jsonl') return send(200, 'application/octet-stream', `${JSON.stringify({ text: 'L1' })}\n{oops\n${JSON.stringify({ text: 'L3' })}\n`);
    if (p === '/gzip') return send(200, 'text/html', gzipSync(html(null, 'compressed')), { 'content-encoding': 'gzip' });
    if (p === '/feed.xml.gz') return send(200, 'application/gzip', gzipSync(RSS));
    if (p === '/404') return send(404, 'text/plain', 'nope');
    if (p === '/500') return send(500, 'text/plain', 'boom');
    if (p === '/empty') return send(200, 'text/html', '');
    if (p === '/to-metadata') return send(302, null, '', { location: 'http://169.254.169.254/latest/meta-data/' });
    if (p === '/redirect') return send(302, null, '', { location: url.searchParams.get('to') ?? '/' });
    if (p === '/to-private') return send(302, null, '', { location: `http://private.test:${(server.address() as AddressInfo).port}/article` });
    return send(404, 'text/plain', 'unknown');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const open = { allowPrivate: true };

async function one(path: string, opts: Parameters<typeof collect>[1] = open) {
  return collect([`${base}${path}`], opts);
}

function expectFailure(rs: Awaited<ReturnType<typeof collect>>, code: string, message?: RegExp, input?: string) {
  assert.equal(rs.length, 1, JSON.stringify(summary(rs)));
  const f = failures(rs)[0];
  assert.ok(f, 'expected a failure');
  assert.equal(f.error.code, code, f.error.message);
  if (message) assert.match(f.error.message, message);
  if (input) assert.equal(f.error.input, input);
  return f;
}

describe('URL inputs (local server, allowPrivate)', () => {
  it('fetches HTML and records the final URL after a redirect chain', async () => {
    const rs = await one('/r1');
    const [a] = articles(rs);
    assert.equal(a.source, `${base}/r1`);
    assert.equal(a.sourceKind, 'url');
    assert.equal(a.format, 'html');
    assert.equal(a.meta.url, `${base}/article?from=r3`);
    assert.match(a.body, /Plain UTF-8 — “quoted”\./);
    const res = await fetchUrl(`${base}/r1`, open);
    assert.deepEqual(res.chain.map((u) => new URL(u).pathname), ['/r1', '/r2', '/r3', '/article']);
  });

  it('refuses more redirects than allowed', async () => {
    expectFailure(await one('/loop/0', { ...open, maxRedirects: 3 }), 'E_FETCH_REDIRECTS', /more than 3 redirects/, `${base}/loop/0`);
    assert.equal(articles(await one('/r1', { ...open, maxRedirects: 3 })).length, 1, 'exactly 3 redirects is fine');
    expectFailure(await one('/r1', { ...open, maxRedirects: 2 }), 'E_FETCH_REDIRECTS');
  });

  it('times out on a server that does not answer, or stops mid-body', async () => {
    const started = Date.now();
    expectFailure(await one('/slow', { ...open, fetchTimeoutMs: 150 }), 'E_FETCH_TIMEOUT', /150 ms/, `${base}/slow`);
    expectFailure(await one('/slow-body', { ...open, fetchTimeoutMs: 150 }), 'E_FETCH_TIMEOUT');
    assert.ok(Date.now() - started < 3000);
  });

  it('aborts bodies over the size limit, declared or not', async () => {
    expectFailure(await one('/big', { ...open, maxBytes: 1000 }), 'E_INPUT_TOO_LARGE', /1000 bytes limit/, `${base}/big`);
    expectFailure(await one('/big-chunked', { ...open, maxBytes: 2500 }), 'E_INPUT_TOO_LARGE');
    assert.equal(articles(await one('/big', { ...open, maxBytes: 5000 }))[0].body.length, 5000);
  });

  it('decodes windows-1256, windows-1251 and ISO-8859-2 from the header or the meta tag', async () => {
    const cases: Array<[string, string]> = [
      ['/ar-header', AR],
      ['/fa-meta', FA],
      ['/ru-header', RU],
      ['/ru-meta', RU],
      ['/cz-meta', CZ],
      ['/cz-header', CZ],
      ['/utf8-nolabel', RU],
      ['/latin-nolabel', 'Café – 5 €'],
    ];
    for (const [path, expected] of cases) {
      const [a] = articles(await one(path));
      assert.ok(a, path);
      assert.ok(a.body.includes(expected), `${path}: ${a.body}`);
    }
    assert.equal(articles(await one('/ru-header'))[0].format, 'text');
  });

  it('lets the content type decide: feeds, JSON, JSON Lines, text/plain', async () => {
    const feed = await one('/feed');
    assert.deepEqual(summary(feed, base), ['article feed#1', 'article feed#2']);
    const [first] = articles(feed);
    assert.equal(first.meta.url, `${base}/one`, 'relative item links resolve against the final URL');
    assert.equal(first.meta.feedLink, `${base}/`);
    assert.equal(first.sourceKind, 'url');
    assert.deepEqual(summary(await one('/feed-as-text'), base), ['article feed-as-text#1', 'article feed-as-text#2']);
    const text = articles(await one('/markup-as-text'))[0];
    assert.deepEqual([text.format, text.body], ['text', '<b>not html</b> just text']);
    const json = await one('/json');
    assert.deepEqual(summary(json, base), ['article json#1', 'article json#2']);
    assert.equal(articles(json)[0].meta.outlet, 'Courier');
    assert.deepEqual(summary(await one('/data.jsonl'), base), ['article data.jsonl#1', 'failed data.jsonl#2 E_INPUT_FORMAT', 'article data.jsonl#3']);
  });

  it('undoes Content-Encoding gzip and reads a served .gz file', async () => {
    assert.match(articles(await one('/gzip'))[0].body, /compressed/);
    assert.deepEqual(summary(await one('/feed.xml.gz'), base), ['article feed.xml.gz#1', 'article feed.xml.gz#2']);
  });

  it('reports HTTP errors with their status, and empty bodies', async () => {
    expectFailure(await one('/404'), 'E_FETCH', /HTTP 404 Not Found/, `${base}/404`);
    expectFailure(await one('/500'), 'E_FETCH', /HTTP 500/);
    expectFailure(await one('/empty'), 'E_INPUT_EMPTY', /response is empty/);
  });

  it('refuses a redirect to a metadata address even with allowPrivate', async () => {
    expectFailure(await one('/to-metadata'), 'E_FETCH_BLOCKED', /169\.254\.169\.254.*metadata/, `${base}/to-metadata`);
  });
});

// The address checks of the SSRF tests run the real classifier, wrapped so that 127.0.0.1 (the test server) counts as
// public and a check that wrongly passes any other address fails the test instead of connecting anywhere:
// nothing here may send a packet to a non-loopback address, even with the old, leaky classifier.
const GUARD = 'test guard: would have connected to';
const guarded = (allowPrivate: boolean) => (a: string) =>
  a === '127.0.0.1' ? null : (blockedReason(a, { allowPrivate }) ?? `${GUARD} ${a}`);

async function refused(u: string, opts: Parameters<typeof fetchUrl>[1], why: RegExp) {
  await assert.rejects(fetchUrl(u, opts), (e: unknown) => {
    assert.ok(e instanceof ParallaxError, String(e));
    assert.doesNotMatch(e.message, new RegExp(GUARD), u);
    assert.equal(e.code, 'E_FETCH_BLOCKED', `${u}: ${e.message}`);
    assert.equal(e.input, u);
    assert.match(e.message, why, u);
    return true;
  });
}

describe('URL inputs: SSRF protection', () => {
  it('refuses loopback and metadata URLs without connecting', async () => {
    const port = (server.address() as AddressInfo).port;
    const before = hits;
    for (const u of [`${base}/article`, `http://localhost:${port}/article`, `http://[::1]:${port}/article`, 'http://169.254.169.254/', 'http://metadata.google.internal/computeMetadata/v1/', `http://0x7f000001:${port}/`]) {
      const rs = await collect([u]);
      expectFailure(rs, 'E_FETCH_BLOCKED', /refused to fetch/, u);
    }
    assert.equal(hits, before, 'no request reached the server');
  });

  it('checks every redirect hop: a public host redirecting to a private one is refused', async () => {
    const port = (server.address() as AddressInfo).port;
    // Simulated DNS: "public.test" is the test server, treated as public; "private.test" is a LAN address.
    const resolve = async (host: string) =>
      host === 'public.test' ? [{ address: '127.0.0.1', family: 4 }] : host === 'private.test' ? [{ address: '10.0.0.7', family: 4 }] : [];
    const checkAddress = (a: string) => (a === '127.0.0.1' ? null : blockedReason(a));
    const ok = await fetchUrl(`http://public.test:${port}/article`, { resolve, checkAddress });
    assert.equal(ok.status, 200);
    assert.equal(seenHosts.at(-1), `public.test:${port}`);
    const before = hits;
    await assert.rejects(fetchUrl(`http://public.test:${port}/to-private`, { resolve, checkAddress }), (e: unknown) => {
      assert.ok(e instanceof ParallaxError);
      assert.equal(e.code, 'E_FETCH_BLOCKED');
      assert.equal(e.input, `http://public.test:${port}/to-private`);
      assert.match(e.message, /private\.test:\d+ resolves to 10\.0\.0\.7, a private \(RFC 1918\) address/);
      return true;
    });
    assert.equal(hits, before + 1, 'only the public hop was requested');
    await assert.rejects(fetchUrl(`http://public.test:${port}/to-metadata`, { resolve, checkAddress }), /metadata/);
  });

  it('refuses IPv6 literals that embed a blocked IPv4 address, and IPv4 in decimal, octal and hex', async () => {
    const port = (server.address() as AddressInfo).port;
    const before = hits;
    const table: Array<[string, RegExp, boolean]> = [
      [`http://[::169.254.169.254]:${port}/`, /\[::a9fe:a9fe\]:\d+ is a cloud metadata address/, false],
      [`http://[::a9fe:a9fe]:${port}/`, /metadata/, true],
      [`http://[::127.0.0.1]:${port}/`, /loopback/, false],
      [`http://[::7f00:1]:${port}/`, /loopback/, false],
      [`http://[::a00:1]:${port}/`, /private/, false],
      [`http://[::ffff:0:a9fe:a9fe]:${port}/`, /metadata/, true],
      [`http://[64:ff9b::169.254.169.254]:${port}/`, /metadata.*NAT64/, true],
      [`http://[64:ff9b:1::a9fe:a9fe]:${port}/`, /metadata.*local-use NAT64/, true],
      [`http://[2002:a9fe:a9fe::1]:${port}/`, /metadata.*6to4/, true],
      [`http://[2001:0:4136:e378:8000:63bf:5601:5601]:${port}/`, /metadata.*Teredo/, true],
      [`http://[fec0::1]:${port}/`, /site-local/, false],
      [`http://2852039166:${port}/`, /metadata/, true], // 169.254.169.254 in decimal
      [`http://0xa9.0xfe.0xa9.0xfe:${port}/`, /metadata/, true],
      [`http://0251.0376.0251.0376:${port}/`, /metadata/, true],
      [`http://2130706434:${port}/`, /127\.0\.0\.2:\d+ is a loopback/, false],
      [`http://0x7f.2:${port}/`, /loopback/, false],
      [`http://017700000002:${port}/`, /loopback/, false],
      [`http://0/`, /unspecified/, false],
    ];
    for (const [u, why, allowPrivate] of table) await refused(u, { checkAddress: guarded(allowPrivate), allowPrivate }, why);
    assert.equal(hits, before, 'no request reached the server');
  });

  it('refuses host names that resolve to IPv4-compatible, NAT64 or 6to4 forms of blocked addresses', async () => {
    const port = (server.address() as AddressInfo).port;
    const dns: Record<string, Array<{ address: string; family: number }>> = {
      'compat-meta.test': [{ address: '::a9fe:a9fe', family: 6 }],
      'compat-loop.test': [{ address: '::7f00:1', family: 6 }],
      'nat64-meta.test': [{ address: '64:ff9b::a9fe:a9fe', family: 6 }],
      '6to4-private.test': [{ address: '2002:a00:1::1', family: 6 }],
      'teredo-meta.test': [{ address: '2001:0:4136:e378:8000:63bf:5601:5601', family: 6 }],
    };
    const resolve = async (h: string) => dns[h] ?? [];
    const before = hits;
    await refused(`http://compat-meta.test:${port}/`, { resolve, checkAddress: guarded(true) }, /compat-meta\.test:\d+ resolves to ::a9fe:a9fe, a cloud metadata address/);
    await refused(`http://compat-loop.test:${port}/`, { resolve, checkAddress: guarded(false) }, /loopback/);
    await refused(`http://nat64-meta.test:${port}/`, { resolve, checkAddress: guarded(true) }, /metadata/);
    await refused(`http://6to4-private.test:${port}/`, { resolve, checkAddress: guarded(false) }, /private/);
    await refused(`http://teredo-meta.test:${port}/`, { resolve, checkAddress: guarded(true) }, /metadata/);
    assert.equal(hits, before, 'no request reached the server');
  });

  it('checks every redirect hop against the same rules, literals and resolved names alike', async () => {
    const port = (server.address() as AddressInfo).port;
    const resolve = async (h: string) =>
      h === 'public.test' ? [{ address: '127.0.0.1', family: 4 }] : h === 'meta.test' ? [{ address: '::a9fe:a9fe', family: 6 }] : [];
    const targets: Array<[string, RegExp]> = [
      [`http://[::169.254.169.254]/latest/meta-data/`, /metadata/],
      [`http://[64:ff9b::a9fe:a9fe]/`, /metadata/],
      [`http://0xa9fea9fe/`, /metadata/],
      [`http://meta.test:${port}/article`, /meta\.test:\d+ resolves to ::a9fe:a9fe, a cloud metadata address/],
      [`http://[::7f00:1]:${port}/article`, /loopback/],
      [`http://2130706434:${port}/article`, /loopback/],
    ];
    for (const [to, why] of targets) {
      for (const allowPrivate of [false, true]) {
        if (allowPrivate && !/metadata/.test(why.source)) continue;
        const u = `http://public.test:${port}/redirect?to=${encodeURIComponent(to)}`;
        const before = hits;
        await refused(u, { resolve, checkAddress: guarded(allowPrivate), allowPrivate }, why);
        assert.equal(hits, before + 1, `${to}: only the first hop was requested`);
      }
    }
  });

  it('checks the address at connect time: a name that resolves differently the second time is refused then', async () => {
    const port = (server.address() as AddressInfo).port;
    let lookups = 0;
    // DNS rebinding: the first answer is the (public, for this test) server, the next one a metadata address.
    const resolve = async () => (lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '::a9fe:a9fe', family: 6 }]);
    const u = `http://rebind.test:${port}/redirect?to=${encodeURIComponent(`http://rebind.test:${port}/article`)}`;
    await refused(u, { resolve, checkAddress: guarded(true) }, /rebind\.test:\d+ resolves to ::a9fe:a9fe, a cloud metadata address/);
    assert.equal(lookups, 2, 'each connection resolved and checked the name itself');
  });

  it('reports network failures as E_FETCH with the URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const u = `http://127.0.0.1:${port}/`;
    expectFailure(await collect([u], open), 'E_FETCH', /connection refused/, u);
    expectFailure(await collect(['http://exa mple.com/'], open), 'E_FETCH', /not a valid URL/);
  });
});
