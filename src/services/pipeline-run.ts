import { readFileSync } from 'node:fs';
import { compare, planCompare, type CompareOptions, type Comparison } from '../compare/index.js';
import { ParallaxError } from '../core/errors.js';
import { buildReport, reportSample, type ReportOptions } from '../report/index.js';
import { isRead } from '../core/lang/index.js';
import { outletColumn } from '../core/article.js';
import { bundledOutlets } from '../clean/outlets.js';
import { notReadNote } from '../report/html.js';
import type { Store } from '../storage/store.js';
import { loadCorpusView, type CorpusView } from './corpus.js';
import { loadCompareItems, loadCorpusIndex, streamComparison, toCorpusAnalysis } from './corpus-index.js';
import { storedToAnalysis } from './analyze.js';
import { clusterStories } from '../compare/stories.js';
import type { CompareItem } from '../compare/types.js';
import { articleFilter, type CorpusFilter } from './views.js';

/**
 * The glue between the stored corpus and the pure compare()/buildReport(): load the corpus view (corpus actor
 * ids), compare, render. The CLI's compare, report, run and export commands all go through here.
 */

/** Names and aliases of the bundled outlet registry: outlets named in a text are sources, never omitted actors. */
export function registryOutletNames(): string[] {
  try {
    return bundledOutlets().flatMap((o) => [o.name, ...o.aliases]);
  } catch {
    return [];
  }
}
const withOutlets = (opts: CompareOptions): CompareOptions => (opts.outletNames ? opts : { ...opts, outletNames: registryOutletNames() });

export interface CorpusComparison {
  view: CorpusView;
  comparison: Comparison;
}

export async function compareStored(store: Store, opts: CompareOptions = {}): Promise<CorpusComparison> {
  const view = await loadCorpusView(store);
  if (opts.story) {
    const probe = compare(view, { ...opts, story: undefined });
    if (!probe.stories.some((s) => s.id === opts.story)) {
      throw new ParallaxError('E_NOT_FOUND', `no story "${opts.story}" (stories: ${probe.stories.slice(0, 12).map((s) => s.id).join(', ')}${probe.stories.length > 12 ? ', …' : ''})`, { input: opts.story });
    }
  }
  return { view, comparison: compare(view, withOutlets(opts)) };
}

/**
 * compare() over the findings rows (issue 13): the corpus index (articles without text, actors from an aggregate)
 * and only the findings a comparison reads, compacted (src/services/corpus-index.ts). Same Comparison as
 * compareStored; a `story` that does not exist fails with E_NOT_FOUND after clustering only, not a whole comparison.
 */
export async function compareFromRows(
  store: Store,
  opts: CompareOptions = {},
  extraKinds: readonly string[] = [],
  { keepFindings = false }: { keepFindings?: boolean } = {},
): Promise<{ unanalysed: number; items: CompareItem[]; comparison: Comparison; remap: Record<string, string>; actors: CorpusView['actors'] }> {
  const index = await loadCorpusIndex(store);
  // Bounded (issue 13): labels, stance and actor mentions are streamed into the comparison, not held in the items;
  // `keepFindings` (the report, which lists them) holds them in the items as before.
  const items = await loadCompareItems(store, index, extraKinds, { streamed: !keepFindings });
  if (opts.story) {
    const stories = clusterStories(items, { overrides: opts.stories, threshold: opts.storyThreshold });
    if (!stories.some((s) => s.id === opts.story)) {
      throw new ParallaxError('E_NOT_FOUND', `no story "${opts.story}" (stories: ${stories.slice(0, 12).map((s) => s.id).join(', ')}${stories.length > 12 ? ', …' : ''})`, { input: opts.story });
    }
  }
  const input = { items, remap: index.remap };
  const comparison = keepFindings ? compare(input, withOutlets(opts)) : await streamComparison(store, index, planCompare(input, withOutlets(opts)));
  return { unanalysed: index.unanalysed, items, comparison, remap: index.remap, actors: index.actors };
}

/**
 * The server's comparison of a filtered corpus (GET /api/compare), bounded as compareFromRows: the corpus index and
 * the items without their labels, stance and actor mentions, which are streamed into the plan. As the snapshot's
 * comparison did: the filter keeps articles (a story by its id among the stories of the whole corpus), and the
 * kept articles are compared as a corpus of their own (their stories clustered among themselves).
 */
export async function compareFiltered(store: Store, filter: Omit<CorpusFilter, 'actor'>, opts: CompareOptions = {}): Promise<Comparison> {
  const index = await loadCorpusIndex(store);
  const all = await loadCompareItems(store, index, [], { streamed: true });
  let storyIds: Set<string> | null = null;
  if (filter.story) {
    const found = clusterStories(all, { overrides: opts.stories }).find((x) => x.id === filter.story);
    if (!found) throw new ParallaxError('E_NOT_FOUND', `no story "${filter.story}"`, { input: filter.story });
    storyIds = new Set(found.articleIds);
  }
  const keep = articleFilter(filter, storyIds);
  const items = all.filter((i) => keep(i.article));
  const c = await streamComparison(store, index, planCompare({ items, remap: index.remap }, withOutlets({ ...opts, story: undefined })));
  return filter.story ? { ...c, story: filter.story } : c;
}

/**
 * The report from the rows (issue 13): compare() over the compact findings (compareFromRows, plus the quotes the
 * report lists), then whole analyses only for the articles whose text the report shows (reportSample) and those in
 * languages Parallax does not read — never every analysis. Same HTML as from loadCorpusView.
 */
export async function reportStored(store: Store, compareOpts: CompareOptions = {}, reportOpts: ReportOptions = {}): Promise<{ items: CompareItem[]; comparison: Comparison; html: string }> {
  const { items, comparison, remap, actors } = await compareFromRows(store, compareOpts, ['quote'], { keepFindings: true });
  const inComparison = new Set(comparison.articles.map((a) => a.id));
  const shown = reportSample(comparison, reportOpts);
  const reportItems = items.filter((i) => inComparison.has(i.article.id));
  for (const item of reportItems) {
    if (!shown.has(item.article.id) && isRead(item.article.language)) continue;
    const stored = await store.getAnalysis(item.article.id);
    if (stored) item.analysis = toCorpusAnalysis(storedToAnalysis(stored), { actors, remap });
  }
  // Articles in languages Parallax does not read that have no analysis here are still listed (not for one story).
  const analysed = new Set(items.map((i) => i.article.id));
  const notRead = compareOpts.story
    ? []
    : (await store.listArticles())
        .filter((a) => !analysed.has(a.id) && !isRead(a.language))
        .map((a) => ({ id: a.id, outlet: outletColumn(a), title: a.title, published: a.published, language: a.language, note: notReadNote(a.language) }));
  const html = buildReport(reportItems, comparison, { ...reportOpts, notRead: [...(reportOpts.notRead ?? []), ...notRead] });
  return { items, comparison, html };
}

/**
 * Reads a story override file: a JSON object mapping an article id, or a suffix of the article's source path
 * ("corpus/ksna-2025-03-08.txt"), to a story id. Keys starting with "$" are comments.
 */
export function readStoryOverrides(path: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ParallaxError('E_CONFIG', `${path}: cannot read the story overrides: ${(e as Error).message}`, { input: path });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ParallaxError('E_CONFIG', `${path}: expected an object {"<article id or source path>": "<story id>"}`, { input: path });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k.startsWith('$')) continue;
    if (typeof v !== 'string' || !v.trim()) throw new ParallaxError('E_CONFIG', `${path}: "${k}" must map to a non-empty story id string`, { input: path });
    out[k] = v.trim();
  }
  return out;
}
