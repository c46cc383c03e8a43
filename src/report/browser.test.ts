import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';

/**
 * The report in a real browser: `parallax run` on the bundled example corpus, then Debian's Chromium (headless,
 * through playwright-core, which downloads nothing) opens the file and we check that the main views render:
 * sections present, charts drawn (non-blank canvases), the graph laid out, no console errors, and that an evidence
 * link highlights its span. Screenshots go to a temp dir (UPDATE_SCREENSHOTS=1 also writes docs/screenshots/).
 *
 * Skips with a message when /usr/bin/chromium is absent (CI installs the `chromium` package).
 */

const CHROMIUM = process.env.PARALLAX_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = process.cwd();
const EXAMPLES = join(ROOT, 'examples', 'corpus');
const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : !existsSync(EXAMPLES) ? 'examples/corpus not found (run from the repository root)' : false;

test('report renders in headless Chromium: sections, charts, graph, evidence links, no console errors', { skip, timeout: 240_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'parallax-report-'));
  try {
    const out = join(dir, 'report.html');
    const io = captureIO(ROOT);
    const code = await main(['run', EXAMPLES, '--config', join(ROOT, 'examples', 'parallax.config.json'), '--db', join(dir, 'p.db'), '--out', out], io);
    assert.equal(code, 0, io.err());
    assert.match(io.out(), new RegExp(`Report: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.ok(statSync(out).size > 100_000);
    assert.ok(!/<script[^>]+src=/i.test(readFileSync(out, 'utf8')), 'no external script');

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${out}`);
      await page.waitForSelector('html[data-ready="1"]', { timeout: 30_000 });

      for (const id of ['overview', 'labels', 'stance', 'techniques', 'claims', 'omissions', 'contrasts', 'republications', 'timeline', 'graph-section', 'articles', 'evidence']) {
        assert.equal(await page.locator(`section#${id}`).count(), 1, `section ${id}`);
      }
      // Charts: every canvas has drawn pixels.
      const canvases = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main canvas[id^="chart-"]')).map((c) => {
          const cv = c as HTMLCanvasElement;
          const px = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
          let ink = 0;
          for (let i = 3; i < px.length; i += 4) if (px[i] > 0) ink++;
          return { id: cv.id, w: cv.width, h: cv.height, ink };
        }),
      );
      assert.deepEqual(canvases.map((c) => c.id).sort(), ['chart-outlets', 'chart-stance', 'chart-techniques', 'chart-timeline']);
      for (const c of canvases) assert.ok(c.w > 100 && c.h > 100 && c.ink > 500, `chart ${c.id} is drawn (${JSON.stringify(c)})`);
      // Graph: Cytoscape laid out nodes inside the box, on a non-blank canvas.
      const graph = await page.evaluate(() => {
        const cy = (window as unknown as { parallaxGraph?: { nodes(): { length: number }; edges(): { length: number } } }).parallaxGraph;
        const cvs = Array.from(document.querySelectorAll('#graph canvas')) as HTMLCanvasElement[];
        return { nodes: cy?.nodes().length ?? 0, edges: cy?.edges().length ?? 0, canvases: cvs.length };
      });
      assert.ok(graph.nodes >= 3 && graph.edges >= 2 && graph.canvases >= 1, JSON.stringify(graph));
      // Content: the label matrix, the contested figures and the republication are on the page.
      const text = await page.locator('main').innerText();
      assert.match(text, /junta/i, 'Vessanian label for Karvenia');
      assert.match(text, /contested/);
      assert.match(text, /wire story|Meridian Wire/);
      // An evidence link to a span highlights that span.
      const link = page.locator('#labels a.num[href^="#s-"]').first();
      const href = await link.getAttribute('href');
      if (href) {
        await link.click();
        await page.waitForFunction(() => document.querySelectorAll('.hl.current').length > 0, undefined, { timeout: 5_000 });
      } else {
        await page.locator('#labels a.num').first().click();
        assert.ok(await page.locator('.ev:target').count());
      }
      assert.deepEqual(problems, [], 'console errors or warnings');
      assert.deepEqual(requests, [], 'no network requests');

      const shots = join(dir, 'shots');
      mkdirSync(shots, { recursive: true });
      await page.addStyleTag({ content: 'header { position: static !important; }' });
      const docs = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : null;
      if (docs) mkdirSync(docs, { recursive: true });
      for (const id of ['overview', 'labels', 'claims', 'graph-section']) {
        const p = join(shots, `${id}.png`);
        await page.locator(`section#${id}`).screenshot({ path: p });
        assert.ok(statSync(p).size > 10_000, `screenshot ${id}`);
        if (docs && (id === 'overview' || id === 'graph-section')) {
          await page.locator(`section#${id}`).screenshot({ path: join(docs, `report-${id}.png`) });
        }
      }
      // Print layout renders too.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('nav').isVisible(), false);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const MULTI = join(ROOT, 'examples', 'multilingual');

test('multilingual report in Chromium: an RTL label renders right to left beside its gloss, RTL article text, the not-read article listed', { skip: skip || (!existsSync(MULTI) && 'examples/multilingual not found'), timeout: 240_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const { openStore } = await import('../storage/index.js');
  const { ensureRtlLabel } = await import('./test-multilingual.js');
  const dir = mkdtempSync(join(tmpdir(), 'parallax-report-ml-'));
  try {
    const db = join(dir, 'p.db');
    const out = join(dir, 'report.html');
    const config = join(MULTI, 'parallax.config.json');
    const cli = async (...args: string[]) => {
      const io = captureIO(ROOT);
      assert.equal(await main([...args, '--db', db], io), 0, `${args[0]}: ${io.err()}`);
    };
    await cli('ingest', join(MULTI, 'corpus'), '--config', config);
    await cli('analyze', '--config', config);
    const store = await openStore(db);
    try {
      await ensureRtlLabel(store);
    } finally {
      await store.close();
    }
    await cli('report', '--out', out);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(`file://${out}`);
      await page.waitForSelector('html[data-ready="1"]', { timeout: 30_000 });
      // A label in a right-to-left language, as the browser lays it out.
      const rtl = await page.evaluate(() =>
        Array.from(document.querySelectorAll('#labels .lab .orig[dir="rtl"]')).map((el) => ({ text: el.textContent, direction: getComputedStyle(el).direction, gloss: el.parentElement?.querySelector('.gloss')?.textContent ?? null, lang: el.getAttribute('lang') })),
      );
      assert.ok(rtl.length >= 1, 'an RTL label in the matrix');
      for (const r of rtl) assert.equal(r.direction, 'rtl', JSON.stringify(r));
      // term-table labels made by the analyzers carry their English gloss beside them (a configured actor's own
      // name in another script has none)
      assert.ok(rtl.some((r) => (r.gloss ?? '').trim().length > 0), `a gloss beside some RTL label: ${JSON.stringify(rtl)}`);
      // English labels stay left to right.
      const ltr = await page.evaluate(() => Array.from(document.querySelectorAll('#labels .lab[data-language="en"] .orig')).map((el) => getComputedStyle(el).direction));
      assert.ok(ltr.length && ltr.every((d) => d === 'ltr'), 'English labels ltr');
      // Article texts: Persian, Arabic and Hebrew right to left, the others left to right.
      const dirs = await page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('article.art .text')).map((el) => [el.getAttribute('lang'), getComputedStyle(el).direction])));
      assert.deepEqual(dirs, { ar: 'rtl', fa: 'rtl', he: 'rtl', en: 'ltr', ru: 'ltr', tr: 'ltr', az: 'ltr', de: 'ltr' });
      // The not-read section lists the German article with its note.
      const notRead = await page.locator('section#not-read').innerText();
      assert.match(notRead, /Kettle-Furt/);
      assert.match(notRead, /German/);
      assert.match(notRead, /not (among the languages Parallax reads|read)/);
      // The language filter: only the language of the first RTL label (Persian unless the analyzers label another first).
      const rtlLang = rtl[0].lang!;
      await page.selectOption('#lang-filter', rtlLang);
      const shown = await page.evaluate(() => ({
        labels: Array.from(document.querySelectorAll('#labels .lab')).filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => el.getAttribute('data-language')),
        articles: Array.from(document.querySelectorAll('article.art')).filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => el.getAttribute('data-language')),
      }));
      assert.deepEqual(shown.articles, [rtlLang]);
      assert.ok(shown.labels.length && shown.labels.every((l) => l === rtlLang), JSON.stringify(shown.labels));
      await page.selectOption('#lang-filter', '');
      assert.equal(await page.locator('article.art:visible').count(), 8);
      // An evidence link of the RTL label reaches its words.
      await page.locator('#labels .lab .orig[dir="rtl"]').first().locator('xpath=..').locator('a.num').click();
      await page.waitForFunction(() => document.querySelectorAll('.hl.current').length > 0 || document.querySelector('.ev:target') !== null, undefined, { timeout: 5_000 });
      await page.addStyleTag({ content: 'header { position: static !important; }' });
      await page.locator('section#labels').screenshot({ path: join(dir, 'labels.png') });
      if (process.env.UPDATE_SCREENSHOTS) await page.locator('article.art[data-language="fa"]').screenshot({ path: join(ROOT, 'docs', 'screenshots', 'report-rtl-article.png') });
      assert.deepEqual(problems, [], 'console errors');
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
