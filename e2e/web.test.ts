// End-to-end tests of the web UI in headless Chromium (Debian's chromium package, driven by playwright-core, which
// never downloads a browser). Starts "parallax serve" on the example corpus, opens every view, clicks through
// drill-downs to the article reader, takes screenshots, and fails on any console error or page error. A second
// server holds hostile articles (script tags, event-handler attributes, javascript: URLs in titles, outlets,
// groups, texts and actor names) and proves none of it runs or becomes an element.
//
// Needs /usr/bin/chromium (apt-get install chromium fonts-liberation) and a built UI (npm run build); skips with a
// message otherwise. Screenshots go to a temporary folder, or to docs/screenshots with PARALLAX_UPDATE_SCREENSHOTS=1.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const here = fileURLToPath(new URL('.', import.meta.url));
// e2e/ (tsx) or dist/e2e/ (built): the package root is the first parent with examples/.
const ROOT = [resolve(here, '..'), resolve(here, '..', '..')].find((d) => existsSync(join(d, 'examples', 'corpus')))!;
const WEB = join(ROOT, 'dist', 'web', 'index.html');
const skip = !existsSync(CHROMIUM) ? `${CHROMIUM} not found (apt-get install -y chromium fonts-liberation)` : !existsSync(WEB) ? 'web UI not built (npm run build)' : false;
if (skip) console.log(`# skipping the browser tests: ${skip}`);

// Modules of the app, loaded at run time (from src/ under tsx, dist/src/ when built), so this folder compiles alone.
const srcDir = existsSync(join(here, '..', 'src', 'server', 'index.js')) || existsSync(join(here, '..', 'src', 'server', 'index.ts')) ? join(here, '..', 'src') : join(ROOT, 'src');
const load = async (rel: string): Promise<any> => import(new URL(`file://${join(srcDir, rel)}`).href.replace(/\.ts$/, '.js'));

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const shotDir = process.env.PARALLAX_UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'parallax-shots-'));

interface Running {
  url: string;
  close(): Promise<void>;
}

let tmp: string;
let server: Running;
let hostile: Running;
let hostileIds: string[] = [];
let context: any;
const problems: string[] = [];

async function cli(db: string, ...args: string[]): Promise<void> {
  const { main } = await load('cli/main.js');
  const { captureIO } = await load('cli/test-io.js');
  const io = captureIO(ROOT);
  const code = await main([...args, '--db', db], io);
  assert.equal(code, 0, `parallax ${args.join(' ')}: ${io.err()}`);
}

async function serve(db: string, config: string): Promise<Running & { store: any }> {
  const { startServer } = await load('server/index.js');
  const { openStore } = await load('storage/index.js');
  const { loadConfig } = await load('core/config.js');
  const store = await openStore(db);
  const s = await startServer({ store, port: 0, config: loadConfig(config, ROOT), detectLanguage: false });
  return {
    url: s.url.replace(/\/$/, ''),
    store,
    close: async () => {
      await s.close();
      await store.close();
    },
  };
}

async function page(): Promise<any> {
  const p = await context.newPage();
  p.on('console', (m: any) => {
    if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`);
  });
  p.on('pageerror', (e: Error) => problems.push(`page error on ${p.url()}: ${e.message}`));
  p.on('dialog', (d: any) => {
    problems.push(`dialog opened on ${p.url()}: ${d.message()}`);
    void d.dismiss();
  });
  return p;
}

/** Opens a path and waits until the view has rendered. */
async function open(p: any, base: string, path: string): Promise<void> {
  await p.goto(base + path);
  await p.waitForFunction(() => document.body.dataset.ready && !document.querySelector('main > .loading'), null, { timeout: 15000 });
}

const debug = (...a: unknown[]) => {
  if (process.env.PARALLAX_E2E_DEBUG) console.error(new Date().toISOString().slice(11, 23), ...a);
};

async function shot(p: any, name: string): Promise<void> {
  debug('shot', name);
  await p.screenshot({ path: join(shotDir, `${name}.png`) });
  debug('shot done', name);
}

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'parallax-e2e-'));
  const db = join(tmp, 'examples.db');
  const config = join(ROOT, 'examples', 'parallax.config.json');
  await cli(db, 'ingest', join(ROOT, 'examples', 'corpus'), '--config', config, '--workers', '0');
  await cli(db, 'analyze', '--config', config, '--workers', '0');
  server = await serve(db, config);

  // Hostile corpus: every field a user or a scraped page controls carries markup and script.
  const hdb = join(tmp, 'hostile.db');
  const articles = [
    {
      title: `<script>window.__pwned='title'</script><img src=x onerror="window.__pwned='title-img'">Border talks resume`,
      outlet: `<img src=x onerror="window.__pwned='outlet'">Daily <b>Bold</b>`,
      url: `javascript:window.__pwned='url'`,
      published: '2025-04-02',
      text:
        `The <script>window.__pwned='text'</script> regime of Zorbania attacked the border post on Monday, officials said. ` +
        `Zorbania's <img src=x onerror="window.__pwned='text-img'"> junta denied it. Karl Hessel, the minister of <svg onload="window.__pwned='svg'">, ` +
        `said: "The javascript:alert(1) regime lies". The Zorbanian army fired 40 shells, according to monitors. ` +
        'Zorbania and Quellmark signed a trade agreement on Tuesday.',
    },
    {
      title: `Quellmark <iframe src="javascript:parent.__pwned='iframe'"></iframe> answers`,
      outlet: `Quell Post"><script>window.__pwned='outlet2'</script>`,
      url: 'https://quell.example/a',
      published: '2025-04-03',
      text:
        'Quellmark condemned Zorbania on Wednesday. The Zorbanian regime, Quellmark\'s foreign minister Ada <b onmouseover="window.__pwned=\'b\'">Lind</b> said, "cannot be trusted". ' +
        'Zorbania fired 400 shells, according to Quellmark. Zorbania and Quellmark signed a trade agreement on Tuesday.',
    },
  ];
  const hjson = join(tmp, 'hostile.json');
  writeFileSync(hjson, JSON.stringify(articles));
  const hconfig = join(tmp, 'hostile.config.json');
  writeFileSync(hconfig, JSON.stringify({ actors: [{ name: 'Zorbania', kind: 'state', demonyms: ['Zorbanian'], source: 'e2e' }, { name: 'Quellmark', kind: 'state', source: 'e2e' }] }));
  await cli(hdb, 'ingest', hjson, '--group', `<svg/onload="window.__pwned='group'">Group`, '--no-language', '--workers', '0');
  await cli(hdb, 'analyze', '--config', hconfig, '--workers', '0');
  const h = await serve(hdb, hconfig);
  // Actor names come from the texts; make one carry markup as a hostile source could, in every finding.
  const evil = `Zorbania<img src=x onerror="window.__pwned='actor'"><script>window.__pwned='actor2'</script>`;
  for (const a of await h.store.listArticles()) {
    hostileIds.push(a.id);
    const stored = await h.store.getAnalysis(a.id);
    const text = JSON.stringify(stored.analysis).replaceAll('"canonical":"Zorbania"', `"canonical":${JSON.stringify(evil)}`);
    await h.store.putAnalysis({ ...stored, analysis: JSON.parse(text) });
  }
  hostile = h;

  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
});

after(async () => {
  if (skip) return;
  await context?.close();
  await server?.close();
  await hostile?.close();
  rmSync(tmp, { recursive: true, force: true });
  if (!process.env.PARALLAX_UPDATE_SCREENSHOTS) rmSync(shotDir, { recursive: true, force: true });
});

describe('web UI on the example corpus', { skip }, () => {
  it('opens every view without console or page errors', async () => {
    const p = await page();
    const views: Array<[string, string, string]> = [
      ['/', '.cards .card', 'overview'],
      ['/outlets', 'table.grid.articles tbody tr', 'outlets'],
      ['/labels', '.matrix.labels tbody tr', 'labels'],
      ['/stance', '.heatmap td.heat', 'stance'],
      ['/techniques', '.tech-col .barbtn', 'techniques'],
      ['/claims', 'table.claims tbody tr', 'claims'],
      ['/timeline', 'table.timeline .dot', 'timeline'],
      ['/graph', '#graph[data-ready="true"] canvas', 'graph'],
      ['/search?q=dam', '.hits li', 'search'],
      ['/ingest', 'form.ingest textarea', 'ingest'],
    ];
    for (const [path, selector, name] of views) {
      debug('open', path);
      await open(p, server.url, path);
      debug('opened', path);
      await p.waitForSelector(selector, { timeout: 15000 });
      const errors = await p.locator('.error').allTextContents();
      assert.deepEqual(errors, [], `${path} shows an error`);
      // The label and stance views are photographed with their evidence panel open (below).
      if (name !== 'labels' && name !== 'stance') await shot(p, name);
    }
    await p.close();
    assert.deepEqual(problems, []);
  });

  it('drills from a label cell to the article reader with the span highlighted', async () => {
    const p = await page();
    await open(p, server.url, '/labels?by=group');
    const chip = p.locator('.matrix .chip.neg').first();
    const chipText = (await chip.textContent()) ?? '';
    await chip.click();
    await p.waitForSelector('#evidence.open .evidence-item');
    const quote = ((await p.locator('#evidence .evidence-item blockquote').first().textContent()) ?? '').trim();
    assert.ok(quote.length > 0);
    assert.ok(chipText.toLowerCase().includes(quote.toLowerCase().replace(/^the /, '').slice(0, 6)), `${chipText} / ${quote}`);
    await shot(p, 'labels-evidence');
    await p.locator('#evidence .open-reader').first().click();
    await p.waitForURL(/\/article\/[0-9a-f]{16}\?.*start=\d+&end=\d+/);
    await p.waitForSelector('#article-text mark.target');
    const target = (await p.locator('#article-text mark.target').allTextContents()).join('');
    assert.equal(target, quote, 'the highlighted span is the evidence');
    assert.ok(await p.locator('#article-text mark.target').first().isVisible());
    // The side panel explains the finding at the span.
    const panel = (await p.locator('.side .findings').textContent()) ?? '';
    assert.match(panel, /pejorative/);
    await shot(p, 'reader');
    // Clicking another highlighted word explains it.
    await p.locator('#article-text mark.k-label').nth(1).click();
    assert.ok((await p.locator('.side .findings li').count()) > 0);
    await p.close();
    assert.deepEqual(problems, []);
  });

  it('drills from stance, techniques, claims, timeline and graph cells to their evidence', async () => {
    const p = await page();
    const drills: Array<[string, string]> = [
      ['/stance', '.heatmap td.heat .drill'],
      ['/techniques', '.tech-col .barbtn'],
      ['/claims?status=contested', 'table.claims td.num .drill'],
      ['/timeline', 'table.timeline .dot'],
      ['/graph', 'table.edges .drill'],
    ];
    for (const [path, sel] of drills) {
      await open(p, server.url, path);
      await p.locator(sel).first().click();
      await p.waitForSelector('#evidence.open .evidence-item', { timeout: 5000 });
      const n = await p.locator('#evidence .evidence-item').count();
      assert.ok(n > 0, `${path}: evidence items`);
      const href = await p.locator('#evidence .open-reader').first().getAttribute('href');
      assert.match(href ?? '', /^\/article\/[0-9a-f]{16}\?/, path);
      if (path === '/stance') await shot(p, 'stance-evidence');
    }
    // And one more all the way to the reader, from the timeline.
    await p.locator('#evidence .open-reader').first().click();
    await p.waitForSelector('#article-text mark.target');
    await p.close();
    assert.deepEqual(problems, []);
  });

  it('keeps filters in the URL across views, and a shared URL shows the same view', async () => {
    const p = await page();
    await open(p, server.url, '/labels?by=outlet');
    await p.selectOption('select[name=outlet]', 'KBC World');
    await p.waitForURL(/outlet=KBC\+World/);
    await p.waitForFunction(() => !document.querySelector('main > .loading') && document.querySelectorAll('.matrix thead th').length === 3);
    assert.deepEqual(await p.locator('.matrix thead th').allTextContents(), ['actor', 'contrast', 'KBC World']);
    // The nav keeps the filter.
    await p.locator('nav a', { hasText: 'Stance' }).click();
    await p.waitForURL(/\/stance\?.*outlet=KBC\+World/);
    await p.waitForSelector('.heatmap thead th');
    assert.deepEqual((await p.locator('.heatmap thead th').allTextContents()).slice(2), ['KBC World']);
    // The same URL in a fresh page.
    const shared = p.url();
    const q = await page();
    await open(q, '', shared);
    assert.deepEqual((await q.locator('.heatmap thead th').allTextContents()).slice(2), ['KBC World']);
    assert.equal(await q.locator('select[name=outlet]').inputValue(), 'KBC World');
    // Actor and date filters.
    await open(q, server.url, '/timeline?actor=state:x-tolmar&from=2025-03-10&to=2025-03-20');
    const rows = await q.locator('table.timeline tbody tr:not(.month)').count();
    assert.ok(rows > 0);
    await open(q, server.url, '/?story=s1&group=Karvenian%20state%20media');
    assert.equal((await q.locator('.cards .card .num').first().textContent())?.trim(), '6');
    await p.close();
    await q.close();
    assert.deepEqual(problems, []);
  });

  it('graph: filters by relation type and outlet, zooms', async () => {
    const p = await page();
    await open(p, server.url, '/graph?by=outlet');
    await p.waitForSelector('#graph[data-ready="true"]');
    const all = await p.locator('table.edges tbody tr').count();
    const firstType = await p.locator('fieldset.types input[type=checkbox]').first();
    await firstType.uncheck();
    await p.waitForURL(/hide=/);
    await p.waitForSelector('#graph[data-ready="true"]');
    const fewer = await p.locator('table.edges tbody tr').count();
    assert.ok(fewer < all, `${fewer} < ${all}`);
    const column = await p.locator('select[name=column] option').nth(1).getAttribute('value');
    await p.selectOption('select[name=column]', column!);
    await p.waitForURL(/column=/);
    await p.waitForSelector('table.edges');
    const outlets = await p.locator('table.edges tbody tr td:last-child').allTextContents();
    assert.ok(outlets.every((o: string) => o.includes(column!)), `${column}: ${outlets.join(' | ')}`);
    await p.locator('.zoom button[title="zoom in"]').click();
    await p.locator('.zoom button[title="fit"]').click();
    await p.close();
    assert.deepEqual(problems, []);
  });

  it('searches and opens a hit', async () => {
    const p = await page();
    await open(p, server.url, '/search');
    await p.fill('input[name=q]', 'pipeline');
    await p.press('input[name=q]', 'Enter');
    await p.waitForURL(/q=pipeline/);
    await p.waitForSelector('.hits li mark');
    await p.locator('.hits li a.title').first().click();
    await p.waitForURL(/\/article\//);
    await p.waitForSelector('#article-text');
    await p.close();
    assert.deepEqual(problems, []);
  });

  it('ingests a pasted article with progress, then shows it', async () => {
    const p = await page();
    await open(p, server.url, '/ingest');
    await p.fill('textarea[name=text]', 'Sarn ferry service resumes\n\nThe ferry between Saltmere and Aldermoor resumed on Monday after a week of storms, the port authority in Saltmere said. Passengers from Karvenia and Vessany crowded the quay.');
    await p.fill('form.ingest input[name=outlet]', 'Harbour Gazette');
    await p.locator('form.ingest button[type=submit]').first().click();
    await p.waitForSelector('#jobbar .job');
    await p.waitForSelector('.ingest-result li a', { timeout: 30000 });
    assert.match((await p.locator('.ingest-result p').textContent()) ?? '', /1 ingested.*1 analysed/);
    assert.match((await p.locator('#jobbar').textContent()) ?? '', /done/);
    await p.locator('.ingest-result li a').first().click();
    await p.waitForSelector('#article-text');
    assert.match((await p.locator('.meta').textContent()) ?? '', /Harbour Gazette/);
    await p.close();
    assert.deepEqual(problems, []);
  });
});

describe('web UI escapes hostile content', { skip }, () => {
  it('runs no script and creates no element from titles, outlets, groups, texts, URLs or actor names', async () => {
    const p = await page();
    const paths = [
      '/',
      '/outlets',
      '/labels?includeQuotes=true&by=outlet',
      '/stance?includeQuotes=true&by=outlet',
      '/techniques?includeQuotes=true',
      '/claims',
      '/timeline?includeQuotes=true',
      '/graph?includeQuotes=true',
      '/search?q=regime',
      ...hostileIds.map((id) => `/article/${id}?kinds=label,stance,technique,quote,figure,event,claim,relation,actor-mention`),
    ];
    let sawText = 0;
    for (const path of paths) {
      await open(p, hostile.url, path);
      // Open a few evidence panels too: they show titles, outlets and evidence text.
      const drills = p.locator('main .drill');
      for (let i = 0; i < Math.min(3, await drills.count()); i++) await drills.nth(i).click();
      if (path.startsWith('/article/')) {
        const marks = p.locator('#article-text mark');
        for (let i = 0; i < Math.min(5, await marks.count()); i++) await marks.nth(i).click();
      }
      const report = await p.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
        scripts: Array.from(document.querySelectorAll('script')).filter((s) => !(s.getAttribute('src') ?? '').startsWith('/assets/')).length,
        injected: document.querySelectorAll('#app img, #app iframe, #app svg, #app b, #app object, #app embed, [onerror], [onload], [onmouseover]').length,
        jsLinks: document.querySelectorAll('a[href^="javascript:" i], iframe[src^="javascript:" i]').length,
        text: document.body.innerText,
      }));
      assert.equal(report.pwned, null, `${path}: a script ran`);
      assert.equal(report.scripts, 0, `${path}: a script element was created`);
      assert.equal(report.injected, 0, `${path}: markup became elements`);
      assert.equal(report.jsLinks, 0, `${path}: a javascript: link`);
      if (/<script>window\.__pwned|onerror="window\.__pwned/.test(report.text)) sawText++;
    }
    // The hostile strings are shown as text (escaped), not silently dropped.
    assert.ok(sawText >= paths.length - 3, `hostile text visible on ${sawText} of ${paths.length} pages`);
    await shot(p, 'hostile-reader');
    await p.close();
    assert.deepEqual(problems, []);
  });
});

describe('web UI on the multilingual example', { skip: skip || (!existsSync(join(ROOT, 'examples', 'multilingual')) && 'examples/multilingual not found') }, () => {
  let multi: Running;
  before(async () => {
    const dir = join(ROOT, 'examples', 'multilingual');
    const db = join(tmp, 'multilingual.db');
    const config = join(dir, 'parallax.config.json');
    await cli(db, 'ingest', join(dir, 'corpus'), '--config', config, '--workers', '0');
    await cli(db, 'analyze', '--config', config, '--workers', '0');
    const m = await serve(db, config);
    // A right-to-left label with its gloss: the analyzers' own when they make one, else the test support's.
    const { ensureRtlLabel } = await load('report/test-multilingual.js');
    await ensureRtlLabel(m.store);
    multi = m;
  });
  after(async () => {
    await multi?.close();
  });

  it('renders an RTL label right to left with its gloss, and its evidence too', async () => {
    const p = await page();
    await open(p, multi.url, '/labels?by=outlet');
    const chip = p.locator('.matrix .chip:has(.orig[dir="rtl"])').first();
    await chip.waitFor({ timeout: 15000 });
    const label = await chip.evaluate((el: Element) => {
      const orig = el.querySelector('.orig')!;
      return { direction: getComputedStyle(orig).direction, lang: orig.getAttribute('lang'), gloss: el.querySelector('.gloss')?.textContent ?? null, badge: el.querySelector('.lang')?.textContent ?? null };
    });
    assert.equal(label.direction, 'rtl', JSON.stringify(label));
    assert.ok(label.lang && ['ar', 'fa', 'he'].includes(label.lang), JSON.stringify(label));
    assert.equal(label.badge, label.lang, 'the language is shown on the label');
    const en = await p.locator('.matrix .chip[data-language="en"] .orig').first().evaluate((el: Element) => getComputedStyle(el).direction);
    assert.equal(en, 'ltr');
    await chip.click();
    await p.waitForSelector('#evidence.open .evidence-item');
    const ev = await p.locator('#evidence .evidence-item blockquote').first().evaluate((el: Element) => ({ direction: getComputedStyle(el).direction, gloss: el.parentElement?.querySelector('.gloss')?.textContent ?? null }));
    assert.equal(ev.direction, 'rtl');
    if (label.gloss) assert.ok(ev.gloss && ev.gloss.includes(label.gloss.trim().replace(/[‘’]/g, '')), `gloss beside the evidence: ${JSON.stringify(ev)}`);
    await shot(p, 'labels-multilingual');
    await p.close();
    assert.deepEqual(problems, []);
  });

  it('filters every view by language, and lists the article it does not read', async () => {
    const p = await page();
    // The language of a right-to-left label (Persian unless the analyzers label another RTL article first).
    await open(p, multi.url, '/labels?by=outlet');
    const rtlLang: string = await p.locator('.matrix .chip .orig[dir="rtl"]').first().getAttribute('lang');
    assert.ok(['ar', 'fa', 'he'].includes(rtlLang), rtlLang);
    await open(p, multi.url, '/outlets');
    assert.equal(await p.locator('table.grid.articles tbody tr').count(), 8);
    await p.selectOption('select[name="language"]', rtlLang);
    await p.waitForURL(new RegExp(`language=${rtlLang}`));
    await p.waitForFunction(() => document.body.dataset.ready && !document.querySelector('main > .loading') && document.querySelectorAll('table.grid.articles tbody tr').length === 1, null, { timeout: 15000 });
    const row = await p.locator('table.grid.articles tbody tr').first().evaluate((el: Element) => ({ badge: el.querySelector('.lang')?.textContent, titleDir: getComputedStyle(el.querySelector('a[dir]')!).direction }));
    assert.deepEqual(row, { badge: rtlLang, titleDir: 'rtl' });
    // The filter follows the reader to another view.
    await p.locator('nav.nav a', { hasText: 'Labels' }).click();
    await p.waitForURL(new RegExp(`/labels\\?.*language=${rtlLang}`));
    await p.waitForFunction(() => document.body.dataset.ready && !document.querySelector('main > .loading'), null, { timeout: 15000 });
    const langs = await p.evaluate(() => Array.from(document.querySelectorAll('.matrix .chip')).map((c) => (c as HTMLElement).dataset.language));
    assert.ok(langs.length && langs.every((l: string | undefined) => l === rtlLang), `only ${rtlLang} labels: ${langs.join(',')}`);
    // The overview lists the German article as not read, with a note.
    await open(p, multi.url, '/');
    const notRead = await p.locator('#not-read').innerText();
    assert.match(notRead, /Kettle-Furt/);
    assert.match(notRead, /German/);
    assert.match(notRead, /not among the languages Parallax reads/);
    await shot(p, 'overview-multilingual');
    await p.close();
    assert.deepEqual(problems, []);
  });
});
