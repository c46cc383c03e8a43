import { outletColumn, type Article } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { ClaimCluster, Comparison } from '../compare/index.js';
import { actorIdsFor, actorsJson, graphJson, labelsJson, quotesJson, stanceJson, techniquesJson, timelineJson } from '../services/views.js';
import { storedToAnalysis } from '../services/analyze.js';
import { toCorpusAnalysis } from '../services/corpus-index.js';
import { compareFiltered } from '../services/pipeline-run.js';
import type { Store } from '../storage/store.js';
import type { CorpusCache } from './corpus-cache.js';
import { corpusFilter, type ParamValues } from './params.js';

/**
 * The heavy work of the API: everything computed from the whole corpus view (facets, the views, compare, an
 * article's analysis with corpus actor ids). The routes only name an operation and pass their validated
 * parameters; a ViewEngine (src/server/engine.ts) runs it — in a worker thread when the store is a file, so the
 * server's event loop stays free for light requests — and answers with the JSON text.
 */
export interface ViewContext {
  store: Store;
  cache: CorpusCache;
}

type Op = (ctx: ViewContext, v: ParamValues) => Promise<unknown>;

const by = (v: ParamValues) => v.by as 'outlet' | 'group';
const actorOf = (v: ParamValues) => (typeof v.actor === 'string' ? v.actor : undefined);

async function article(ctx: ViewContext, id: string): Promise<Article> {
  const a = await ctx.store.getArticle(id);
  if (!a) throw new ParallaxError('E_NOT_FOUND', `no article with id "${id}"`, { input: id });
  return a;
}

/**
 * The stored analysis of an article with corpus actor ids when it is current (the snapshot holds compact findings,
 * so the whole analysis is read from the store), else its stored form.
 */
async function analysisOf(ctx: ViewContext, a: Article) {
  const snap = await ctx.cache.snapshot();
  const stored = await ctx.store.getAnalysis(a.id);
  if (!stored || stored.textHash !== a.textHash) throw new ParallaxError('E_NOT_FOUND', `article "${a.id}" has no current analysis (POST /api/analyze, or "parallax analyze")`, { input: a.id });
  const analysis = storedToAnalysis(stored);
  return snap.byId.has(a.id) ? toCorpusAnalysis(analysis, snap.view) : (analysis as { findings: Finding[] });
}

function claimsSubset(c: Comparison, ids: Set<string> | null, statuses: string[] | null) {
  let claims: ClaimCluster[] = c.claims;
  if (ids) claims = claims.filter((x) => x.actorIds.some((a) => ids.has(a)));
  if (statuses) claims = claims.filter((x) => statuses.includes(x.status));
  const kept = new Set(claims.map((x) => x.id));
  const contradictions = c.contradictions.filter((x) => kept.has(x.clusterId));
  const omissions = ids
    ? c.omissions.map((o) => ({ ...o, items: o.items.filter((i) => (i.type === 'actor' ? ids.has(i.ref) : kept.has(i.ref))) }))
    : c.omissions;
  const count = (st: string) => c.claims.filter((x) => x.status === st && (!ids || x.actorIds.some((a) => ids.has(a)))).length;
  return {
    by: c.by,
    story: c.story,
    includeQuotes: c.includeQuotes,
    counts: { corroborated: count('corroborated'), 'single-source': count('single-source'), contested: count('contested') },
    claims,
    contradictions,
    omissions,
  };
}

export const VIEW_OPS = {
  async health(ctx) {
    const snap = await ctx.cache.snapshot();
    return { articles: snap.articles, analysed: snap.view.items.length, unanalysed: snap.view.unanalysed };
  },

  async facets(ctx) {
    const snap = await ctx.cache.snapshot();
    const rows = await ctx.store.listArticles();
    const outlets = new Map<string, { name: string; group: string | null; articles: number }>();
    const groups = new Map<string, { name: string; articles: number; outlets: Set<string> }>();
    const languages = new Set<string>();
    let first: string | null = null;
    let last: string | null = null;
    for (const r of rows) {
      const o = outletColumn(r);
      const e = outlets.get(o) ?? { name: o, group: r.group, articles: 0 };
      e.articles++;
      outlets.set(o, e);
      if (r.group) {
        const g = groups.get(r.group) ?? { name: r.group, articles: 0, outlets: new Set<string>() };
        g.articles++;
        g.outlets.add(o);
        groups.set(r.group, g);
      }
      if (r.language) languages.add(r.language);
      if (r.published) {
        if (!first || r.published < first) first = r.published;
        if (!last || r.published > last) last = r.published;
      }
    }
    return {
      outlets: [...outlets.values()].sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '') || a.name.localeCompare(b.name)),
      groups: [...groups.values()].map((g) => ({ name: g.name, articles: g.articles, outlets: [...g.outlets].sort() })).sort((a, b) => a.name.localeCompare(b.name)),
      stories: snap.stories.map((s) => ({ id: s.id, title: s.title, articles: s.articleIds.length, first: s.first, last: s.last })),
      actors: snap.view.actors.map((a) => ({ id: a.id, canonical: a.canonical, kind: a.kind, mentions: a.mentionCount, articles: a.articleIds.length })),
      dates: { first, last },
      languages: [...languages].sort(),
      articles: rows.length,
      analysed: snap.view.items.length,
      unanalysed: snap.view.unanalysed,
    };
  },

  async corpusOverview(ctx, v) {
    const filter = corpusFilter(v, true);
    const view = await ctx.cache.view({ ...filter, story: undefined });
    const c = await ctx.cache.comparison(filter, { by: v.by as 'outlet' | 'group' | undefined, includeQuotes: Boolean(v.includeQuotes) });
    const storyView = filter.story ? await ctx.cache.view(filter) : view;
    const count = (st: string) => c.claims.filter((x) => x.status === st).length;
    return {
      schemaVersion: c.schemaVersion,
      by: c.by,
      includeQuotes: c.includeQuotes,
      story: c.story,
      counts: c.counts,
      outlets: c.outlets,
      groups: c.groups,
      stories: c.stories,
      contrasts: c.contrasts.slice(0, 12),
      republications: c.republications,
      articles: c.articles,
      actors: storyView.actors.slice(0, 30).map((a) => ({ id: a.id, canonical: a.canonical, kind: a.kind, mentionCount: a.mentionCount, articles: a.articleIds.length, ownVoiceMentions: a.ownVoiceMentions, outlets: a.outlets, groups: a.groups })),
      claims: { corroborated: count('corroborated'), 'single-source': count('single-source'), contested: count('contested') },
      contradictions: c.contradictions.length,
      unanalysed: view.unanalysed,
    };
  },

  /** Ids of the articles a story or actor filter keeps (the article list and search narrow the store's rows by it). */
  async filteredIds(ctx, v) {
    const f = corpusFilter(v, true);
    const view = await ctx.cache.view({ story: f.story, actor: f.actor });
    return view.items.map((i) => i.article.id);
  },

  async getAnalysis(ctx, v) {
    return analysisOf(ctx, await article(ctx, String(v.id)));
  },

  async getFindings(ctx, v) {
    const a = await article(ctx, String(v.id));
    const analysis = await analysisOf(ctx, a);
    const kinds = Array.isArray(v.kind) && v.kind.length ? new Set(v.kind) : null;
    const findings = analysis.findings.filter((f) => (!kinds || kinds.has(f.kind)) && (v.voice === 'all' || (v.voice === 'outlet') === (f.voice === 'outlet')));
    return { articleId: a.id, findings };
  },

  async actors(ctx, v) {
    return actorsJson(await ctx.cache.view(corpusFilter(v)), { kind: v.kind as string | undefined, actor: actorOf(v), limit: Number(v.limit), offset: Number(v.offset ?? 0) });
  },

  async labels(ctx, v) {
    return labelsJson(await ctx.cache.view(corpusFilter(v)), { by: by(v), includeQuotes: Boolean(v.includeQuotes), minSupport: Number(v.minSupport), actor: actorOf(v), limit: Number(v.limit), offset: Number(v.offset ?? 0) });
  },

  async stance(ctx, v) {
    return stanceJson(await ctx.cache.view(corpusFilter(v)), { by: by(v), includeQuotes: Boolean(v.includeQuotes), prior: Number(v.prior), actor: actorOf(v), limit: Number(v.limit), offset: Number(v.offset ?? 0), maxEvidence: Number(v.evidence) });
  },

  async techniques(ctx, v) {
    return techniquesJson(await ctx.cache.view(corpusFilter(v)), { by: by(v), includeQuotes: Boolean(v.includeQuotes), minConfidence: Number(v.minConfidence), weakTargets: Boolean(v.weakTargets), actor: actorOf(v) });
  },

  async quotes(ctx, v) {
    return quotesJson(await ctx.cache.view(corpusFilter(v)), { by: by(v), actor: actorOf(v), unresolved: Boolean(v.unresolved), limit: Number(v.limit), offset: Number(v.offset ?? 0) });
  },

  async claims(ctx, v) {
    const filter = corpusFilter(v);
    const c = await ctx.cache.comparison(filter, { by: v.by as 'outlet' | 'group' | undefined, includeQuotes: Boolean(v.includeQuotes), minOmissionSupport: v.minOmissionSupport as number | undefined, maxOmissions: v.maxOmissions as number | undefined });
    const ids = actorOf(v) ? actorIdsFor((await ctx.cache.snapshot()).view, actorOf(v)!) : null;
    return claimsSubset(c, ids, Array.isArray(v.status) && v.status.length ? v.status : null);
  },

  async timeline(ctx, v) {
    return timelineJson(await ctx.cache.view(corpusFilter(v)), { by: by(v), includeQuotes: Boolean(v.includeQuotes), actor: actorOf(v), type: v.type as string | undefined });
  },

  async graph(ctx, v) {
    return graphJson(await ctx.cache.view(corpusFilter(v)), {
      by: by(v),
      level: v.level as 'actor' | 'state',
      includeQuotes: Boolean(v.includeQuotes),
      excludeNegated: Boolean(v.excludeNegated),
      minConfidence: Number(v.minConfidence),
      actor: actorOf(v),
    });
  },

  async compare(ctx, v) {
    // Bounded (issue 13): from the store, streamed, not from the snapshot (which it does not load).
    return compareFiltered(ctx.store, corpusFilter(v), {
      by: v.by as 'outlet' | 'group' | undefined,
      includeQuotes: Boolean(v.includeQuotes),
      minSupport: v.minSupport as number | undefined,
      minOmissionSupport: v.minOmissionSupport as number | undefined,
      maxOmissions: v.maxOmissions as number | undefined,
      stories: ctx.cache.storyOverrides,
    });
  },
} satisfies Record<string, Op>;

export type ViewOp = keyof typeof VIEW_OPS;

/** Operations computed from the store in bounded memory, without the corpus snapshot (CorpusCache.resultFromStore). */
export const STORE_OPS: ReadonlySet<ViewOp> = new Set<ViewOp>(['compare']);

export function isViewOp(op: string): op is ViewOp {
  return Object.prototype.hasOwnProperty.call(VIEW_OPS, op);
}

/** Runs one operation and returns its answer as JSON text (what the route sends). */
export async function runViewOp(ctx: ViewContext, op: ViewOp, params: ParamValues): Promise<string> {
  if (!isViewOp(op)) throw new ParallaxError('E_INTERNAL', `unknown view operation "${op}"`);
  return JSON.stringify(await VIEW_OPS[op](ctx, params));
}
