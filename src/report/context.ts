import { UNKNOWN_OUTLET, outletColumn } from '../core/article.js';
import type { CompareItem, Comparison, EvidenceRef } from '../compare/index.js';
import { columnOf } from '../compare/index.js';
import { loadReportAssets, type ReportAssets } from './assets.js';
import { articleAnchor, esc, spanAnchor } from './html.js';
import { glossesByPlace, languageCounts, notReadArticles, type NotReadArticle } from './languages.js';

/**
 * What every section of the HTML report reads (src/report/sections.ts): the compared items and comparison, the
 * sample of articles shown in full, which articles are listed, the evidence registry and the link helpers.
 */

/** Options of buildReport (src/report/index.ts). */
export interface ReportOptions {
  title?: string;
  /** ISO timestamp printed in the header (default: now). Fixed in tests for determinism. */
  generatedAt?: string;
  /** Full highlighted text for at most this many articles per outlet (default 25); the rest get a note. */
  maxArticlesPerOutlet?: number;
  /** And at most this many in all (default 150). */
  maxArticles?: number;
  /**
   * Articles listed (header, metadata, counts) when the corpus is larger than this (default 1,000): only those whose
   * text is shown and those not read; the others are counted in one note, and links to them go to that note (the
   * full reader is the web UI). At or below it, every article is listed.
   */
  maxListed?: number;
  /** Actors shown in the label matrix and the stance heatmap (default 20). */
  maxActors?: number;
  assets?: ReportAssets;
  /**
   * Stored articles in languages Parallax does not read that are not among the compared items (stored without an
   * analysis): listed in the Not read section too, so that no article is silently left out.
   */
  notRead?: NotReadArticle[];
}

/**
 * The evidence registry: a link per number. Lists get their ids (ev-1, ev-2, …) in the order they are first linked,
 * so the sections must be built in the same order every time.
 */
export class Evidence {
  private lists = new Map<string, { id: string; title: string; refs: EvidenceRef[] }>();
  constructor(
    private rendered: Set<string>,
    private listed: (articleId: string) => boolean = () => true,
  ) {}
  /** A link to the evidence: straight to the words when there is one span in a rendered article, else to a list. */
  href(title: string, refs: readonly EvidenceRef[]): string {
    if (refs.length === 1) {
      const r = refs[0];
      // One place: straight to the words, or (text not rendered) to the article's header.
      return this.rendered.has(r.articleId) ? `#${spanAnchor(r.articleId, r.span.start, r.span.end)}` : this.listed(r.articleId) ? `#${articleAnchor(r.articleId)}` : '#more-articles';
    }
    const key = `${title}\u0000${refs.map((r) => `${r.articleId}:${r.span.start}:${r.span.end}`).join(',')}`;
    let l = this.lists.get(key);
    if (!l) this.lists.set(key, (l = { id: `ev-${this.lists.size + 1}`, title, refs: [...refs] }));
    return `#${l.id}`;
  }
  link(text: string | number, title: string, refs: readonly EvidenceRef[], cls = ''): string {
    if (!refs.length) return esc(text);
    const tip = refs.length === 1 ? `${title}: “${refs[0].evidence.length > 160 ? `${refs[0].evidence.slice(0, 159)}…` : refs[0].evidence}”` : `${title}: ${refs.length} places in the text`;
    return `<a class="num ${cls}" href="${esc(this.href(title, refs))}" title="${esc(tip)}">${esc(text)}</a>`;
  }
  all() {
    return [...this.lists.values()];
  }
}

/**
 * Which articles get their full text in the report: the first N per outlet in the comparison's order (publication
 * order), at most `maxArticles` in all. The report needs whole analyses only for these (and the not-read ones).
 */
export function reportSample(cmp: Pick<Comparison, 'articles'>, opts: Pick<ReportOptions, 'maxArticlesPerOutlet' | 'maxArticles'> = {}): Set<string> {
  const perOutlet = opts.maxArticlesPerOutlet ?? 25;
  const maxArticles = opts.maxArticles ?? 150;
  const rendered = new Set<string>();
  const seen = new Map<string, number>();
  for (const a of cmp.articles) {
    const k = a.outlet ?? '';
    const n = seen.get(k) ?? 0;
    if (n < perOutlet && rendered.size < maxArticles) {
      rendered.add(a.id);
      seen.set(k, n + 1);
    }
  }
  return rendered;
}

/** The report's shared state, built once by reportContext and read by every section. */
export interface ReportContext {
  items: readonly CompareItem[];
  cmp: Comparison;
  opts: ReportOptions;
  assets: ReportAssets;
  perOutlet: number;
  maxArticles: number;
  maxActors: number;
  itemById: Map<string, CompareItem>;
  /** The column (outlet or group) of an article. */
  byCol: (a: { outlet: string | null; group: string | null }) => string;
  /** Articles whose full text is shown (reportSample). */
  rendered: Set<string>;
  languages: ReturnType<typeof languageCounts>;
  multilingual: boolean;
  notRead: NotReadArticle[];
  notReadIds: Set<string>;
  /** Whether the article has its header in this file (else links to it go to the #more-articles note). */
  listed: (id: string) => boolean;
  ev: Evidence;
  articleHref: (id: string) => string;
  articleLink: (id: string, text?: string) => string;
  outletOf: (id: string) => string;
  langOf: (id: string) => string | null;
  /** English glosses by place (`articleId:start:end`). */
  glossAt: Map<string, string>;
}

export function reportContext(items: readonly CompareItem[], cmp: Comparison, opts: ReportOptions = {}): ReportContext {
  const assets = opts.assets ?? loadReportAssets();
  const perOutlet = opts.maxArticlesPerOutlet ?? 25;
  const maxArticles = opts.maxArticles ?? 150;
  const maxActors = opts.maxActors ?? 20;
  const itemById = new Map(items.map((i) => [i.article.id, i]));
  const byCol = (a: { outlet: string | null; group: string | null }) => columnOf(a, cmp.by);

  const rendered = reportSample(cmp, opts);
  const languages = languageCounts(items);
  const multilingual = languages.length > 1;
  const listedNotRead = notReadArticles(items);
  const notRead = [...listedNotRead, ...(opts.notRead ?? []).filter((x) => !itemById.has(x.id)).map((x) => ({ ...x, inReport: false }))];
  const notReadIds = new Set(notRead.map((a) => a.id));
  // A large corpus lists only the articles shown in full and the ones not read; links to the others go to one note.
  const listAll = cmp.articles.length <= (opts.maxListed ?? 1000);
  const listed = (id: string): boolean => listAll || rendered.has(id) || notReadIds.has(id);
  const ev = new Evidence(rendered, listed);
  const articleHref = (id: string): string => (listed(id) ? `#${articleAnchor(id)}` : '#more-articles');
  const articleLink = (id: string, text?: string): string => {
    const a = itemById.get(id)?.article;
    return `<a href="${esc(articleHref(id))}">${esc(text ?? a?.title ?? id)}</a>`;
  };
  const outletOf = (id: string) => { const a = itemById.get(id)?.article; return a ? outletColumn(a) : UNKNOWN_OUTLET; };
  const langOf = (id: string): string | null => itemById.get(id)?.article.language ?? null;
  // Languages (issue 16): shown beside text wherever a table mixes them; articles Parallax does not read are listed.
  const glossAt = glossesByPlace(items);
  return { items, cmp, opts, assets, perOutlet, maxArticles, maxActors, itemById, byCol, rendered, languages, multilingual, notRead, notReadIds, listed, ev, articleHref, articleLink, outletOf, langOf, glossAt };
}
