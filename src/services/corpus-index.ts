/**
 * Corpus views from the findings rows (issue 13): the database groups and streams, this module accumulates.
 *
 * `loadCorpusIndex` reads what every view needs and nothing else: the analysed articles without their text, and
 * the corpus actors resolved from one aggregate row per (article, actor) — never the findings themselves. Each view
 * then streams only the findings of its kinds (`Store.iterateFindings`, a batch of articles at a time) into an
 * accumulator (createLabelMatrix, createStanceMatrix), so memory is the index plus the view's own cells, not the
 * corpus. The JSON is the same as the in-memory views' (src/services/views.ts) on the same store.
 */
import { NO_GROUP, outletColumn } from '../core/article.js';
import type { Article } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';
import { isFinding, type ActorKind, type Analysis, type Finding } from '../core/finding.js';
import { resolveCorpusActors } from '../compare/actors.js';
import { createLabelMatrix } from '../compare/labels.js';
import { createStanceMatrix } from '../compare/stance.js';
import type { ArticleActorCounts, CompareItem } from '../compare/types.js';
import { STREAMED_KINDS, type ComparePlan, type Comparison } from '../compare/index.js';
import type { AnalyzedArticle, Store } from '../storage/store.js';
import { mergeTable, remapFinding, type CorpusActorView, type CorpusView } from './corpus.js';
import { page, type ActorsJson, type ActorsQuery, type LabelsJson, type LabelsQuery, type StanceJson, type StanceQuery } from './views.js';

export interface CorpusIndex {
  /** Articles with a current analysis, in ingest order (no text). */
  articles: AnalyzedArticle[];
  byId: Map<string, AnalyzedArticle>;
  /** Corpus actors, most mentioned first (as CorpusView.actors). */
  actors: CorpusActorView[];
  /** Local actor id -> corpus actor id. */
  remap: Record<string, string>;
  /** Corpus actor id -> canonical name. */
  canonical: Map<string, string>;
  /** Articles stored without a current analysis. */
  unanalysed: number;
  /**
   * Per analysed article: its corpus actors with their mentions and the canonical name of the first mention, in
   * order of first mention (CompareItem.actors), from the same aggregate rows — what story clustering reads of the
   * actor mentions.
   */
  actorCounts: Map<string, ArticleActorCounts>;
}

/** Where a finding of an article goes: its id and columns. */
export function placeOf(a: AnalyzedArticle): { articleId: string; outlet: string; group: string; words: number; published: string | null; language: string | null } {
  return { articleId: a.id, outlet: outletColumn(a), group: a.group ?? NO_GROUP, words: a.wordCount, published: a.published ?? null, language: a.language ?? null };
}

export async function loadCorpusIndex(store: Store): Promise<CorpusIndex> {
  const articles = await store.listAnalyzedArticles();
  const byId = new Map(articles.map((a) => [a.id, a]));
  const total = await store.countArticles();
  // One entry per (article, actor) with its mention counts: the aggregate the resolution and the counts need.
  const perArticle: Array<{ articleId: string; language: string | null; mentions: Array<{ actorId: string; actorKind: ActorKind; canonical: string; stateId: string | null; count: number; ownVoice: number }> }> = [];
  for await (const m of store.actorMentionsByArticle()) {
    perArticle.push({
      articleId: m.articleId,
      language: byId.get(m.articleId)?.language ?? null,
      mentions: m.actors.map((x) => ({ actorId: x.actorId, actorKind: x.actorKind as ActorKind, canonical: x.canonical, stateId: x.stateId, count: x.mentions, ownVoice: x.ownVoice })),
    });
  }
  const resolved = resolveCorpusActors(perArticle, await mergeTable(store));
  const canonical = new Map(resolved.actors.map((a) => [a.id, a.canonical]));
  const views = new Map<string, CorpusActorView>(resolved.actors.map((a) => [a.id, { ...a, outlets: {}, groups: {}, ownVoiceMentions: 0 }]));
  for (const { articleId, mentions } of perArticle) {
    const article = byId.get(articleId);
    if (!article) continue;
    const outlet = outletColumn(article);
    const group = article.group ?? NO_GROUP;
    for (const m of mentions) {
      const v = views.get(resolved.remap[m.actorId] ?? m.actorId);
      if (!v) continue;
      v.outlets[outlet] = (v.outlets[outlet] ?? 0) + m.count;
      v.groups[group] = (v.groups[group] ?? 0) + m.count;
      v.ownVoiceMentions += m.ownVoice;
    }
  }
  const actors = [...views.values()].sort((a, b) => b.mentionCount - a.mentionCount || a.canonical.localeCompare(b.canonical));
  const actorCounts = new Map<string, ArticleActorCounts>();
  for (const { articleId, mentions } of perArticle) {
    if (!byId.has(articleId)) continue;
    const counts = new Map<string, { mentions: number; canonical: string }>();
    for (const m of mentions) {
      // As remapFinding names a mention: a remapped id takes its corpus actor's canonical name.
      const to = resolved.remap[m.actorId];
      const [id, name] = to && to !== m.actorId ? [to, canonical.get(to) ?? m.canonical] : [m.actorId, m.canonical];
      const e = counts.get(id);
      if (e) e.mentions += m.count;
      else counts.set(id, { mentions: m.count, canonical: name });
    }
    actorCounts.set(articleId, counts);
  }
  return { articles, byId, actors, remap: resolved.remap, canonical, unanalysed: total - articles.length, actorCounts };
}

/** A finding with its actor id made the corpus id (and the corpus actor's canonical name), as loadCorpusView does. */
export function remapToCorpus<F extends Finding>(f: F, index: Pick<CorpusIndex, 'remap' | 'canonical'>): F {
  return remapFinding(f, index.remap, index.canonical);
}

/** Streams the findings of `kinds` (whole, corpus actor ids) with the article they belong to. */
export async function* corpusFindings(
  store: Store,
  index: CorpusIndex,
  kinds: string[],
  opts: { ownVoiceOnly?: boolean } = {},
): AsyncIterable<{ article: AnalyzedArticle; finding: Finding }> {
  for await (const row of store.iterateFindings({ kinds, ownVoiceOnly: opts.ownVoiceOnly, payload: true })) {
    const article = index.byId.get(row.articleId);
    if (!article || !isFinding(row.finding)) continue;
    yield { article, finding: remapToCorpus(row.finding, index) };
  }
}

/** Corpus actors by id, canonical name or a label used for them (case-insensitive), as matchActor. */
export async function matchIndexActor(store: Store, index: CorpusIndex, query: string): Promise<CorpusActorView[]> {
  const q = query.trim().toLowerCase();
  const exact = index.actors.filter((a) => a.id.toLowerCase() === q || a.canonical.toLowerCase() === q);
  if (exact.length) return exact;
  const byLabel = new Set<string>();
  for await (const { finding } of corpusFindings(store, index, ['label'])) {
    if (finding.kind !== 'label' || typeof finding.actorId !== 'string') continue;
    if (String(finding.labelNormalized).toLowerCase() === q || String(finding.label).toLowerCase() === q) byLabel.add(finding.actorId);
  }
  if (byLabel.size) return index.actors.filter((a) => byLabel.has(a.id));
  return index.actors.filter((a) => a.canonical.toLowerCase().includes(q));
}

async function actorIdsOf(store: Store, index: CorpusIndex, query: string, what = 'no actor matches'): Promise<Set<string>> {
  const ids = new Set((await matchIndexActor(store, index, query)).map((a) => a.id));
  if (!ids.size) throw new ParallaxError('E_NOT_FOUND', `${what} "${query}" (see "parallax actors")`, { input: query });
  return ids;
}

export async function actorsFromStore(store: Store, index: CorpusIndex, q: ActorsQuery = {}): Promise<ActorsJson> {
  let actors = index.actors;
  if (q.actor) actors = await matchIndexActor(store, index, q.actor);
  if (q.kind) actors = actors.filter((a) => a.kind === q.kind);
  return { actors: page(actors, q), unanalysed: index.unanalysed, total: actors.length };
}

export async function labelsFromStore(store: Store, index: CorpusIndex, q: LabelsQuery): Promise<LabelsJson> {
  const includeQuotes = Boolean(q.includeQuotes);
  const m = createLabelMatrix({ by: q.by, includeQuotes, minSupport: q.minSupport ?? 2 });
  for await (const { article, finding } of corpusFindings(store, index, ['label'], { ownVoiceOnly: !includeQuotes })) m.add(placeOf(article), finding);
  let rows = m.rows();
  if (q.actor) {
    const ids = new Set((await matchIndexActor(store, index, q.actor)).map((a) => a.id));
    rows = rows.filter((r) => ids.has(r.actorId));
    if (!rows.length) throw new ParallaxError('E_NOT_FOUND', `no actor matching "${q.actor}" has labels (see "parallax actors")`, { input: q.actor });
  }
  return { by: q.by, includeQuotes, actors: page(rows, q), unanalysed: index.unanalysed, total: rows.length };
}

export async function stanceFromStore(store: Store, index: CorpusIndex, q: StanceQuery): Promise<StanceJson> {
  const includeQuotes = Boolean(q.includeQuotes);
  const prior = q.prior ?? 3;
  const actors = q.actor ? await actorIdsOf(store, index, q.actor) : undefined;
  const m = createStanceMatrix({ by: q.by, includeQuotes, prior, ...(q.maxEvidence !== undefined ? { maxEvidence: q.maxEvidence } : {}), ...(actors ? { actors } : {}) });
  // Quoted stance counts even in the outlet-voice view (whom the outlet lets speak for or against an actor), and the
  // actor mentions tell the actor's own people among the quoted (a person's state).
  for await (const { article, finding } of corpusFindings(store, index, ['actor-mention', 'stance'], { ownVoiceOnly: false })) m.add(placeOf(article), finding);
  const rows = m.rows();
  if (q.actor && !rows.length) throw new ParallaxError('E_NOT_FOUND', `no stance findings for "${q.actor}" (run "parallax analyze")`, { input: q.actor });
  return { by: q.by, includeQuotes, prior, actors: page(rows, q), unanalysed: index.unanalysed, total: rows.length };
}

/** Fields of a finding no comparison reads: left out of the compact findings compare() gets. */
const UNREAD_BY_COMPARE = new Set(['message', 'messageId', 'ruleId']);
/** Kinds compare() reads whole; bias sentences it only counts and averages (kind, voice, score: the columns). */
export const COMPARE_KINDS = ['actor-mention', 'label', 'stance', 'technique', 'claim', 'figure', 'event', 'relation'];

/**
 * The findings of `kinds` per analysed article, compact: corpus actor ids, rendered messages left out; with
 * `biasColumns`, then the bias sentences as their columns (kind, voice, score: all any view reads of them).
 */
async function compactFindingsByArticle(store: Store, index: CorpusIndex, kinds: string[], biasColumns: boolean): Promise<Map<string, Finding[]>> {
  const findings = new Map<string, Finding[]>();
  const push = (articleId: string, f: Finding) => {
    let list = findings.get(articleId);
    if (!list) findings.set(articleId, (list = []));
    list.push(f);
  };
  if (kinds.length) {
    for await (const row of store.iterateFindings({ kinds, payload: true })) {
      if (!index.byId.has(row.articleId) || !isFinding(row.finding)) continue;
      const compact: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(remapToCorpus(row.finding, index))) if (!UNREAD_BY_COMPARE.has(k)) compact[k] = v;
      // A finding without the fields compare() never reads (memory: views load every finding of the corpus).
      push(row.articleId, compact as unknown as Finding);
    }
  }
  if (biasColumns) {
    for await (const row of store.iterateFindings({ kinds: ['bias-sentence'] })) {
      if (!index.byId.has(row.articleId)) continue;
      push(row.articleId, { kind: 'bias-sentence', voice: row.voice === 'outlet' ? 'outlet' : { speaker: row.speaker }, score: row.score ?? 0 } as unknown as Finding);
    }
  }
  return findings;
}

/**
 * The comparison's input from the rows: each analysed article (with its text, which story clustering reads) and
 * the findings compare() reads with corpus actor ids, without the rendered messages no comparison reads; quotes
 * (which no comparison reads) stay in the database and are only counted (`counts`, from a GROUP BY), unless
 * `extraKinds` asks for them (the report lists quotes).
 */
export async function loadCompareItems(
  store: Store,
  index: CorpusIndex,
  extraKinds: readonly string[] = [],
  opts: { streamed?: boolean } = {},
): Promise<CompareItem[]> {
  // Streamed kinds are left out: the comparison reads them one at a time (streamComparison).
  const kinds = [...COMPARE_KINDS, ...extraKinds.filter((k) => !COMPARE_KINDS.includes(k))].filter((k) => !opts.streamed || !STREAMED_KINDS.includes(k));
  const findings = await compactFindingsByArticle(store, index, kinds, true);
  const counts = new Map<string, Record<string, number>>();
  for await (const c of store.findingCountsByArticle()) counts.set(c.articleId, c.counts);
  const items: CompareItem[] = [];
  for await (const article of store.iterateArticles()) {
    if (!index.byId.has(article.id)) continue;
    const analysis: Analysis = { schemaVersion: '', articleId: article.id, textHash: article.textHash, findings: findings.get(article.id) ?? [], diagnostics: [], versions: {}, timings: {} };
    findings.delete(article.id);
    items.push({ article: article as Article, analysis, counts: counts.get(article.id) ?? {}, ...(opts.streamed ? { actors: index.actorCounts.get(article.id) ?? new Map() } : {}) });
  }
  return items;
}

/**
 * Feeds a comparison plan the findings it reads one at a time — labels, stance and actor mentions, streamed from
 * the store in article order (keyset pages), with corpus actor ids — then finishes it. Memory holds the plan's
 * accumulators, never these findings.
 */
export async function streamComparison(store: Store, index: CorpusIndex, plan: ComparePlan): Promise<Comparison> {
  for await (const row of store.iterateFindings({ kinds: [...STREAMED_KINDS], payload: true })) {
    if (!plan.scope.has(row.articleId) || !index.byId.has(row.articleId) || !isFinding(row.finding)) continue;
    plan.add(row.articleId, remapToCorpus(row.finding, index));
  }
  return plan.finish();
}

/**
 * A CorpusView holding only the findings of `kinds` (corpus actor ids, rendered messages left out) for every
 * analysed article, and articles without their text: what a view that lists its findings (techniques, quotes,
 * timeline, graph — their JSON cites every finding it counts) needs from the rows, for the pure view functions
 * of src/services/views.ts. Memory is those findings, not the analyses. Add 'label' to `kinds` when the view will
 * match an actor by a label (`matchActor`).
 */
export async function loadThinView(store: Store, index: CorpusIndex, kinds: string[]): Promise<CorpusView> {
  const findings = await compactFindingsByArticle(store, index, kinds, false);
  const items = index.articles.map((a) => ({
    article: a as unknown as Article,
    analysis: { schemaVersion: '', articleId: a.id, textHash: '', findings: findings.get(a.id) ?? [], diagnostics: [], versions: {}, timings: {} } as Analysis,
  }));
  return { items, actors: index.actors, remap: index.remap, unanalysed: index.unanalysed };
}

/**
 * The whole corpus view the server holds between requests, from the rows: every analysed article (with its text,
 * which story clustering reads) and its findings with corpus actor ids, compact — rendered messages left out, bias
 * sentences as their columns (kind, voice, score: all any view reads of them). Same answers as loadCorpusView for
 * every view and comparison; a single article's whole analysis is read from the store when asked for
 * (`corpusAnalysis`).
 */
export async function loadCompactCorpusView(store: Store): Promise<CorpusView> {
  const index = await loadCorpusIndex(store);
  const kinds: string[] = [];
  const counts = new Map<string, Record<string, number>>();
  for await (const c of store.findingCountsByArticle()) {
    counts.set(c.articleId, c.counts);
    for (const k in c.counts) if (!kinds.includes(k)) kinds.push(k);
  }
  const whole = kinds.filter((k) => k !== 'bias-sentence');
  const findings = await compactFindingsByArticle(store, index, whole, true);
  const items: CorpusView['items'] = [];
  for await (const article of store.iterateArticles()) {
    if (!index.byId.has(article.id)) continue;
    const analysis: Analysis = { schemaVersion: '', articleId: article.id, textHash: article.textHash, findings: findings.get(article.id) ?? [], diagnostics: [], versions: {}, timings: {} };
    findings.delete(article.id);
    // compare() counts findings per kind from `counts` (bias sentences come last in `findings`, not in their order).
    items.push({ article, analysis, counts: counts.get(article.id) ?? {} } as CorpusView['items'][number]);
  }
  return { items, actors: index.actors, remap: index.remap, unanalysed: index.unanalysed };
}

/** One article's whole stored analysis with corpus actor ids (as an item of loadCorpusView has it). */
export function toCorpusAnalysis(analysis: Analysis, view: Pick<CorpusView, 'actors' | 'remap'>): Analysis {
  const canonical = new Map(view.actors.map((a) => [a.id, a.canonical]));
  return { ...analysis, findings: analysis.findings.map((f) => remapToCorpus(f, { remap: view.remap, canonical })) };
}
