import { NO_GROUP, outletColumn, type Article } from '../core/article.js';
import type { ActorMentionFinding, Finding } from '../core/finding.js';
import { ParallaxError } from '../core/errors.js';
import { relationGraph, type RelationGraph } from '../compare/graph.js';
import type { LabelMatrixRow } from '../compare/labels.js';
import { quoteMatrix, type QuoteMatrixRow } from '../compare/quotes.js';
import { stanceMatrix, type StanceMatrixRow } from '../compare/stance.js';
import { clusterStories, type Story } from '../compare/stories.js';
import { techniqueMatrix, type TechniqueColumn } from '../compare/techniques.js';
import { buildTimeline, type TimelineEntry } from '../compare/timeline.js';
import { corpusLabelMatrix, matchActor, type CorpusActorView, type CorpusView } from './corpus.js';

/**
 * The JSON of the corpus views, built once for every front end: the CLI's `--json` (actors, labels, stance,
 * techniques, quotes, timeline, graph) and the HTTP API return exactly these objects. Pure: a CorpusView in,
 * plain data out.
 */

type By = 'outlet' | 'group';

const itemsOf = (view: CorpusView) =>
  view.items.map(({ article, analysis }) => ({
    articleId: article.id,
    outlet: outletColumn(article),
    group: article.group ?? NO_GROUP,
    published: article.published ?? null,
    words: article.wordCount,
    findings: analysis.findings,
  }));

/** Corpus actor ids matching a name, id or label; throws E_NOT_FOUND (with `what`) when none does. */
export function actorIdsFor(view: CorpusView, query: string, what = 'no actor matches'): Set<string> {
  const ids = new Set(matchActor(view, query).map((a) => a.id));
  if (!ids.size) throw new ParallaxError('E_NOT_FOUND', `${what} "${query}" (see "parallax actors")`, { input: query });
  return ids;
}

export interface ActorsQuery {
  kind?: string;
  actor?: string;
  /** 0 or absent: all. */
  limit?: number;
  /** Rows skipped before the limit (paging). */
  offset?: number;
}

/**
 * One page of a view's rows: `offset` rows skipped, then at most `limit` (0 or absent: all the rest). The JSON's
 * `total` counts the rows before paging, so a client can page through any view (the API's `offset`/`limit`).
 */
export function page<T>(rows: readonly T[], q: { limit?: number; offset?: number }): T[] {
  const from = q.offset ?? 0;
  return rows.slice(from, q.limit ? from + q.limit : undefined);
}

export interface ActorsJson {
  actors: CorpusActorView[];
  unanalysed: number;
  /** Actors before paging. */
  total: number;
}

export function actorsJson(view: CorpusView, q: ActorsQuery = {}): ActorsJson {
  let actors = view.actors;
  if (q.actor) actors = matchActor(view, q.actor);
  if (q.kind) actors = actors.filter((a) => a.kind === q.kind);
  return { actors: page(actors, q), unanalysed: view.unanalysed, total: actors.length };
}

export interface LabelsQuery {
  by: By;
  includeQuotes?: boolean;
  minSupport?: number;
  actor?: string;
  limit?: number;
  /** Rows skipped before the limit (paging). */
  offset?: number;
}

export interface LabelsJson {
  by: By;
  includeQuotes: boolean;
  actors: LabelMatrixRow[];
  unanalysed: number;
  /** Rows before the limit. */
  total: number;
}

export function labelsJson(view: CorpusView, q: LabelsQuery): LabelsJson {
  const includeQuotes = Boolean(q.includeQuotes);
  let rows = corpusLabelMatrix(view, { by: q.by, includeQuotes, minSupport: q.minSupport ?? 2 });
  if (q.actor) {
    const ids = new Set(matchActor(view, q.actor).map((a) => a.id));
    rows = rows.filter((r) => ids.has(r.actorId));
    if (!rows.length) throw new ParallaxError('E_NOT_FOUND', `no actor matching "${q.actor}" has labels (see "parallax actors")`, { input: q.actor });
  }
  return { by: q.by, includeQuotes, actors: page(rows, q), unanalysed: view.unanalysed, total: rows.length };
}

export interface StanceQuery {
  by: By;
  includeQuotes?: boolean;
  prior?: number;
  actor?: string;
  limit?: number;
  /** Rows skipped before the limit (paging). */
  offset?: number;
  /** Evidence sentences kept per cell (default 3, the strongest first). */
  maxEvidence?: number;
}

export interface StanceJson {
  by: By;
  includeQuotes: boolean;
  prior: number;
  actors: StanceMatrixRow[];
  unanalysed: number;
  total: number;
}

export function stanceJson(view: CorpusView, q: StanceQuery): StanceJson {
  const includeQuotes = Boolean(q.includeQuotes);
  const prior = q.prior ?? 3;
  const actors = q.actor ? actorIdsFor(view, q.actor) : undefined;
  const rows = stanceMatrix(itemsOf(view), { by: q.by, includeQuotes, prior, ...(q.maxEvidence !== undefined ? { maxEvidence: q.maxEvidence } : {}), ...(actors ? { actors } : {}) });
  if (q.actor && !rows.length) throw new ParallaxError('E_NOT_FOUND', `no stance findings for "${q.actor}" (run "parallax analyze")`, { input: q.actor });
  return { by: q.by, includeQuotes, prior, actors: page(rows, q), unanalysed: view.unanalysed, total: rows.length };
}

export interface TechniquesQuery {
  by: By;
  includeQuotes?: boolean;
  minConfidence?: number;
  weakTargets?: boolean;
  /** Only technique findings aimed at actors matching this (the web UI's actor filter). */
  actor?: string;
}

export interface TechniquesJson {
  by: By;
  includeQuotes: boolean;
  minConfidence: number;
  columns: TechniqueColumn[];
  unanalysed: number;
}

export function techniquesJson(view: CorpusView, q: TechniquesQuery): TechniquesJson {
  const includeQuotes = Boolean(q.includeQuotes);
  const minConfidence = q.minConfidence ?? 0;
  let items = itemsOf(view);
  if (q.actor) {
    const ids = actorIdsFor(view, q.actor);
    const aimed = (f: Finding) => f.kind !== 'technique' || ids.has(String(f.actorId ?? ''));
    items = items.map((i) => ({ ...i, findings: i.findings.filter(aimed) }));
  }
  const columns = techniqueMatrix(items, { by: q.by, includeQuotes, minConfidence, weakTargets: Boolean(q.weakTargets) });
  return { by: q.by, includeQuotes, minConfidence, columns, unanalysed: view.unanalysed };
}

export interface QuotesQuery {
  by: By;
  actor?: string;
  unresolved?: boolean;
  limit?: number;
  /** Rows skipped before the limit (paging). */
  offset?: number;
}

export interface QuotesJson {
  by: By;
  speakers: QuoteMatrixRow[];
  unanalysed: number;
  total: number;
}

export function quotesJson(view: CorpusView, q: QuotesQuery): QuotesJson {
  const speakers = q.actor ? actorIdsFor(view, q.actor, 'no actor matching') : undefined;
  const rows = quoteMatrix(itemsOf(view), { by: q.by, includeUnresolved: Boolean(q.unresolved), speakers });
  if (q.actor && !rows.length) throw new ParallaxError('E_NOT_FOUND', `no quotes by an actor matching "${q.actor}"`, { input: q.actor });
  return { by: q.by, speakers: page(rows, q), unanalysed: view.unanalysed, total: rows.length };
}

export interface TimelineQuery {
  by: By;
  includeQuotes?: boolean;
  actor?: string;
  type?: string;
}

export interface TimelineJson {
  by: By;
  includeQuotes: boolean;
  events: TimelineEntry[];
  unanalysed: number;
}

export function timelineJson(view: CorpusView, q: TimelineQuery): TimelineJson {
  const includeQuotes = Boolean(q.includeQuotes);
  const actorIds = q.actor ? [...actorIdsFor(view, q.actor, 'no actor matching')] : undefined;
  const events = buildTimeline(itemsOf(view), { by: q.by, includeQuotes, actorIds, types: q.type ? [q.type] : undefined, remap: view.remap });
  return { by: q.by, includeQuotes, events, unanalysed: view.unanalysed };
}

export interface GraphQuery {
  by: By;
  level?: 'actor' | 'state';
  includeQuotes?: boolean;
  excludeNegated?: boolean;
  minConfidence?: number;
  /** Only edges touching actors matching this (the web UI's actor filter), with their end nodes. */
  actor?: string;
}

export function graphJson(view: CorpusView, q: GraphQuery): RelationGraph {
  const names: Record<string, string> = {};
  for (const a of view.actors) names[a.id] = a.canonical;
  const graph = relationGraph(itemsOf(view), {
    by: q.by,
    level: q.level ?? 'actor',
    includeQuotes: Boolean(q.includeQuotes),
    excludeNegated: Boolean(q.excludeNegated),
    minConfidence: q.minConfidence ?? 0,
    remap: view.remap,
    names,
  });
  if (!q.actor) return graph;
  const ids = actorIdsFor(view, q.actor);
  const edges = graph.edges.filter((e) => ids.has(e.source) || ids.has(e.target));
  const keep = new Set(edges.flatMap((e) => [e.source, e.target]));
  return { ...graph, edges, nodes: graph.nodes.filter((n) => keep.has(n.id) || ids.has(n.id)) };
}

/** Which articles a view keeps. Every field is optional; several values of one field are alternatives. */
export interface CorpusFilter {
  outlet?: string[];
  group?: string[];
  language?: string;
  /** ISO date prefix: articles published on or after it. */
  from?: string;
  /** ISO date prefix: articles published on or before it (the whole day/month when a prefix). */
  to?: string;
  /** A story id from clusterStories (the stories of the whole corpus). */
  story?: string;
  /** Only articles that mention actors matching this. */
  actor?: string;
}

/** Stories of the whole corpus (story ids are stable under the other filters). */
export function corpusStories(view: CorpusView, opts: { overrides?: Record<string, string>; threshold?: number } = {}): Story[] {
  return clusterStories(view.items, opts);
}

/** Whether an article passes a filter's outlet, group, language, date and story (the ids of `storyIds`) tests. */
export function articleFilter(f: CorpusFilter, storyIds: ReadonlySet<string> | null): (a: Pick<Article, 'id' | 'outlet' | 'title' | 'byline' | 'citedSources' | 'group' | 'language' | 'published'>) => boolean {
  const outlets = f.outlet?.length ? new Set(f.outlet) : null;
  const groups = f.group?.length ? new Set(f.group) : null;
  const toEnd = f.to ? `${f.to}\uffff` : null;
  return (a) => {
    if (outlets && !outlets.has(outletColumn(a))) return false;
    if (groups && !groups.has(a.group ?? NO_GROUP)) return false;
    if (f.language && a.language !== f.language) return false;
    if (f.from && (!a.published || a.published < f.from)) return false;
    if (toEnd && (!a.published || a.published > toEnd)) return false;
    if (storyIds && !storyIds.has(a.id)) return false;
    return true;
  };
}

/**
 * A CorpusView narrowed to the articles a filter keeps. Corpus actor ids stay those of the whole corpus (so a
 * link stays valid when a filter changes); actor counts are recounted over the kept articles.
 */
export function filterCorpusView(view: CorpusView, f: CorpusFilter, stories?: readonly Story[]): CorpusView {
  let storyIds: Set<string> | null = null;
  if (f.story) {
    const s = (stories ?? corpusStories(view)).find((x) => x.id === f.story);
    if (!s) throw new ParallaxError('E_NOT_FOUND', `no story "${f.story}"`, { input: f.story });
    storyIds = new Set(s.articleIds);
  }
  let actorIds: Set<string> | null = null;
  if (f.actor) actorIds = actorIdsFor(view, f.actor);
  const keep = articleFilter(f, storyIds);
  const items = view.items.filter(({ article: a, analysis }) => {
    if (!keep(a)) return false;
    if (actorIds && !analysis.findings.some((x) => x.kind === 'actor-mention' && actorIds!.has(x.actorId))) return false;
    return true;
  });
  if (items.length === view.items.length) return view;
  const counts = new Map<string, CorpusActorView>();
  const base = new Map(view.actors.map((a) => [a.id, a]));
  for (const { article, analysis } of items) {
    for (const x of analysis.findings) {
      if (x.kind !== 'actor-mention') continue;
      const m = x;
      const b = base.get(m.actorId);
      if (!b) continue;
      let v = counts.get(b.id);
      if (!v) counts.set(b.id, (v = { ...b, mentionCount: 0, articleIds: [], outlets: {}, groups: {}, ownVoiceMentions: 0 }));
      v.mentionCount++;
      if (v.articleIds[v.articleIds.length - 1] !== article.id) v.articleIds.push(article.id);
      const o = outletColumn(article);
      const g = article.group ?? NO_GROUP;
      v.outlets[o] = (v.outlets[o] ?? 0) + 1;
      v.groups[g] = (v.groups[g] ?? 0) + 1;
      if (m.voice === 'outlet') v.ownVoiceMentions++;
    }
  }
  const actors = [...counts.values()].sort((a, b) => b.mentionCount - a.mentionCount || a.canonical.localeCompare(b.canonical));
  return { items, actors, remap: view.remap, unanalysed: view.unanalysed };
}
