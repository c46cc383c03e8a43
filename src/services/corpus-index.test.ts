import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';
import { compare, planCompare, STREAMED_KINDS, type CompareOptions } from '../compare/index.js';
import { openStore } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import { loadCorpusView, type CorpusView } from './corpus.js';
import { actorsFromStore, labelsFromStore, loadCompactCorpusView, loadCompareItems, loadCorpusIndex, loadThinView, stanceFromStore, streamComparison, toCorpusAnalysis, type CorpusIndex } from './corpus-index.js';
import { storedToAnalysis } from './analyze.js';
import { buildReport } from '../report/index.js';
import { articleAnchor } from '../report/html.js';
import { compareFiltered, registryOutletNames, reportStored } from './pipeline-run.js';
import { actorsJson, graphJson, labelsJson, quotesJson, stanceJson, techniquesJson, timelineJson } from './views.js';

/**
 * The views computed from the findings rows (aggregates, streamed findings of a view's kinds) give the same JSON
 * as the views over every whole analysis in memory, on the bundled example corpus (six outlets, three groups).
 */
const dir = mkdtempSync(join(tmpdir(), 'parallax-rows-views-'));
let store: Store;
let view: CorpusView;
let index: CorpusIndex;

before(async () => {
  const db = join(dir, 'p.db');
  const io = captureIO(process.cwd());
  assert.equal(await main(['ingest', 'examples/corpus', '--config', 'examples/parallax.config.json', '--db', db], io), 0, io.err());
  assert.equal(await main(['analyze', '--config', 'examples/parallax.config.json', '--db', db], io), 0, io.err());
  store = await openStore(db);
  view = await loadCorpusView(store);
  index = await loadCorpusIndex(store);
});
after(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const same = (a: unknown, b: unknown, what: string) => assert.equal(JSON.stringify(a), JSON.stringify(b), what);

test('the corpus index resolves the same actors from per-article aggregates as from every mention', { timeout: 120_000 }, async () => {
  assert.ok(view.items.length >= 10, `${view.items.length} analysed articles`);
  same(index.actors, view.actors, 'actors');
  same(index.remap, view.remap, 'remap');
  assert.equal(index.unanalysed, view.unanalysed);
  same(await actorsFromStore(store, index, { limit: 0 }), actorsJson(view, {}), 'actors view');
  same(await actorsFromStore(store, index, { actor: 'Karvenia' }), actorsJson(view, { actor: 'Karvenia' }), 'actors by name');
  same(await actorsFromStore(store, index, { kind: 'person', limit: 3 }), actorsJson(view, { kind: 'person', limit: 3 }), 'actors by kind');
});

test('labels and stance streamed from the rows equal the in-memory matrices', { timeout: 120_000 }, async () => {
  for (const by of ['outlet', 'group'] as const) {
    for (const includeQuotes of [false, true]) {
      same(await labelsFromStore(store, index, { by, includeQuotes }), labelsJson(view, { by, includeQuotes }), `labels ${by} ${includeQuotes}`);
      same(await stanceFromStore(store, index, { by, includeQuotes, prior: 1 }), stanceJson(view, { by, includeQuotes, prior: 1 }), `stance ${by} ${includeQuotes}`);
    }
  }
  same(await labelsFromStore(store, index, { by: 'outlet', actor: 'Karvenia', limit: 2 }), labelsJson(view, { by: 'outlet', actor: 'Karvenia', limit: 2 }), 'labels of one actor');
  same(await stanceFromStore(store, index, { by: 'group', actor: 'Karvenia', maxEvidence: 5 }), stanceJson(view, { by: 'group', actor: 'Karvenia', maxEvidence: 5 }), 'stance of one actor');
  await assert.rejects(labelsFromStore(store, index, { by: 'outlet', actor: 'no such actor anywhere' }), /no actor matching/);
});

test('techniques, quotes, timeline and graph over a view of only their kinds equal the whole view', { timeout: 120_000 }, async () => {
  const thin = (kinds: string[]) => loadThinView(store, index, kinds);
  same(techniquesJson(await thin(['technique', 'bias-sentence']), { by: 'group', includeQuotes: true }), techniquesJson(view, { by: 'group', includeQuotes: true }), 'techniques');
  same(quotesJson(await thin(['quote', 'label']), { by: 'outlet', actor: 'Karvenia' }), quotesJson(view, { by: 'outlet', actor: 'Karvenia' }), 'quotes');
  same(timelineJson(await thin(['event']), { by: 'outlet' }), timelineJson(view, { by: 'outlet' }), 'timeline');
  same(graphJson(await thin(['relation', 'actor-mention']), { by: 'group', level: 'state' }), graphJson(view, { by: 'group', level: 'state' }), 'graph');
});

test('compare() over the compact items from the rows gives the same Comparison', { timeout: 180_000 }, async () => {
  const items = await loadCompareItems(store, index);
  for (const opts of [{}, { by: 'outlet' as const, includeQuotes: true }]) {
    same(compare({ items, remap: index.remap }, opts), compare(view, opts), `compare ${JSON.stringify(opts)}`);
  }
});

test('compare in bounded memory: labels, stance and actor mentions streamed into the plan give the same Comparison', { timeout: 180_000 }, async () => {
  const items = await loadCompareItems(store, index, [], { streamed: true });
  for (const i of items) assert.ok(!i.analysis.findings.some((f) => STREAMED_KINDS.includes(f.kind)), 'the items hold no streamed kind');
  assert.ok(items.every((i) => i.actors), 'every item carries its actor counts');
  const stories = compare(view, {}).stories;
  const opts: CompareOptions[] = [{}, { by: 'outlet', includeQuotes: true, minSupport: 1 }, { story: stories[stories.length - 1].id }, { maxOmissions: 0, minOmissionSupport: 1 }];
  for (const o of opts) {
    const streamed = await streamComparison(store, index, planCompare({ items, remap: index.remap }, o));
    same(streamed, compare(view, o), `streamed compare ${JSON.stringify(o)}`);
  }
  // The server's filtered comparison: the kept articles compared as a corpus of their own, as from the view.
  const outlet = view.items[0].article.outlet!;
  same(await compareFiltered(store, { outlet: [outlet] }, {}), compare({ ...view, items: view.items.filter((i) => i.article.outlet === outlet) }, { outletNames: registryOutletNames() }), 'filtered');
  await assert.rejects(compareFiltered(store, { story: 's999' }, {}), /no story "s999"/);
});

test('the compact view the server holds gives the same views and Comparison, and whole analyses on demand', { timeout: 180_000 }, async () => {
  const compact = await loadCompactCorpusView(store);
  assert.equal(compact.items.length, view.items.length);
  for (const by of ['outlet', 'group'] as const) {
    same(labelsJson(compact, { by, includeQuotes: true }), labelsJson(view, { by, includeQuotes: true }), `labels ${by}`);
    same(stanceJson(compact, { by }), stanceJson(view, { by }), `stance ${by}`);
    same(techniquesJson(compact, { by, includeQuotes: true, weakTargets: true }), techniquesJson(view, { by, includeQuotes: true, weakTargets: true }), `techniques ${by}`);
    same(quotesJson(compact, { by, unresolved: true }), quotesJson(view, { by, unresolved: true }), `quotes ${by}`);
    same(timelineJson(compact, { by, includeQuotes: true }), timelineJson(view, { by, includeQuotes: true }), `timeline ${by}`);
    same(graphJson(compact, { by }), graphJson(view, { by }), `graph ${by}`);
  }
  same(compare(compact, {}), compare(view, {}), 'compare');
  const first = view.items[0];
  const stored = storedToAnalysis((await store.getAnalysis(first.article.id))!);
  same(toCorpusAnalysis(stored, compact), first.analysis, 'a whole analysis with corpus actor ids');
});

test('the report from the rows is the same file and reads whole analyses only for the articles it shows', { timeout: 180_000 }, async () => {
  const generatedAt = '2025-04-01T00:00:00.000Z';
  const old = buildReport(view.items, compare(view, {}), { generatedAt, maxArticles: 4 });
  let wholeReads = 0;
  const counting = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'getAnalysis') return (id: string) => ((wholeReads += 1), target.getAnalysis(id));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const { html } = await reportStored(counting, {}, { generatedAt, maxArticles: 4 });
  assert.equal(html, old, 'the same HTML as from every whole analysis in memory');
  assert.equal(wholeReads, 4, 'whole analyses read: only the 4 articles whose text is shown (all are in languages read)');
});

test('a report of a corpus larger than maxListed lists only the articles it shows and says where the rest are', { timeout: 180_000 }, async () => {
  const { html, comparison } = await reportStored(store, {}, { generatedAt: '2025-04-01T00:00:00.000Z', maxArticles: 3, maxListed: 5 });
  const blocks = [...html.matchAll(/<article id="(a-[^"]+)"/g)].map((m) => m[1]);
  assert.equal(blocks.length, 3, 'only the three articles shown in full are listed');
  const total = comparison.articles.length;
  assert.ok(total > 5);
  assert.match(html, new RegExp(`id="more-articles">${total - 3} more articles are not listed`));
  const hidden = comparison.articles.map((a) => articleAnchor(a.id)).filter((a) => !blocks.includes(a));
  for (const anchor of hidden) assert.ok(!html.includes(`href="#${anchor}"`), `no link to the unlisted ${anchor}`);
  assert.ok(html.includes('href="#more-articles"'), 'links to unlisted articles go to the note');
});

test('paging: offset and limit give consecutive pages of every paged view, and total counts all rows', { timeout: 180_000 }, async () => {
  const pages = async <T>(get: (q: { limit: number; offset: number }) => Promise<{ rows: T[]; total: number }>, all: T[]) => {
    const seen: T[] = [];
    for (let offset = 0; ; offset += 2) {
      const { rows, total } = await get({ limit: 2, offset });
      assert.equal(total, all.length, 'total counts every row, whatever the page');
      if (!rows.length) break;
      assert.ok(rows.length <= 2);
      seen.push(...rows);
    }
    same(seen, all, 'the pages put together are the whole list, in order');
  };
  const actorsAll = (await actorsFromStore(store, index, {})).actors;
  assert.ok(actorsAll.length > 4);
  await pages(async (q) => { const j = await actorsFromStore(store, index, q); return { rows: j.actors, total: j.total }; }, actorsAll);
  await pages(async (q) => { const j = await labelsFromStore(store, index, { by: 'outlet', ...q }); return { rows: j.actors, total: j.total }; }, (await labelsFromStore(store, index, { by: 'outlet' })).actors);
  await pages(async (q) => { const j = await stanceFromStore(store, index, { by: 'group', ...q }); return { rows: j.actors, total: j.total }; }, (await stanceFromStore(store, index, { by: 'group' })).actors);
  await pages(async (q) => { const j = quotesJson(view, { by: 'outlet', ...q }); return { rows: j.speakers, total: j.total }; }, quotesJson(view, { by: 'outlet' }).speakers);
  same(actorsJson(view, { offset: 3, limit: 2 }), await actorsFromStore(store, index, { offset: 3, limit: 2 }), 'the same page in memory and from the rows');
});
