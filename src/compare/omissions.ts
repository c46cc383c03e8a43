import { NO_GROUP, outletColumn, type CitedSource } from '../core/article.js';
import type { Finding } from '../core/finding.js';
import { foldTerm } from '../core/lang/index.js';
import type { ClaimCluster } from './claims-align.js';
import { ledeEnd, sentenceAround } from './sentence.js';
import type { CompareItem } from './types.js';

/**
 * Omissions: for each perspective group (or outlet), what the OTHER columns that cover the same story in the same
 * days make central, and that this one never mentions. Pure.
 *
 * - Scope: per story (src/compare/stories.ts, or the story compared). A column is compared only on stories it
 *   covers, and only with the other columns' articles published within `windowDays` of its own articles of that
 *   story (undated articles are kept): a column is not said to omit what others wrote about another story or year.
 * - Items: actors (states, people, organisations; never an outlet of the corpus or the registry), events and claim
 *   clusters (relations, figures), each reported by at least `minSupport` independent origins of the other columns
 *   (copies count once).
 * - Rank: the centrality of the item for the outlets that report it (see `centralityOf`), with one line on why
 *   it matters and up to five places where others report it (headline and lede first). At most `maxItems` per
 *   column (default 8; `total` tells how many there were).
 */

export interface OmissionEvidence {
  articleId: string;
  span: { start: number; end: number };
  evidence: string;
  /** The sentence it is read in (trimmed around the span when long). */
  sentence?: string;
}

export interface OmissionReach {
  /** Other columns that report it / other columns covering the story in the window. */
  columns: number;
  ofColumns: number;
  /** Their articles (in the story and the window) that carry it / all their articles there. */
  articles: number;
  ofArticles: number;
  /** Of those articles: how many carry it in the title, in the lede (the first two sentences). */
  headlines: number;
  ledes: number;
  /** Mentions per carrying article (mean). */
  mentionsPerArticle: number;
  /** Actors: one of the three most-mentioned actors of the story in the other columns' articles. */
  mainActor: boolean;
}

export interface OmissionItem {
  type: 'actor' | 'event' | 'claim';
  /** Actor id or claim cluster id. */
  ref: string;
  /** A short name (actor name, claim label). */
  label: string;
  /** What a reader is shown: the actor's name, or the claim as a sentence or readable proposition. */
  statement: string;
  /** The story compared. */
  storyId: string | null;
  /** Independent origins in other columns that report it. */
  support: number;
  /** Other columns that report it. */
  reportedBy: string[];
  /** 0..1: how central the item is to the story for the columns that report it (see docs/compare.md#omissions). */
  centrality: number;
  reach: OmissionReach;
  /** One line on why it matters: "reported by 2 of 2 other groups (5 of 6 of their articles, 2 mentions per article; 3 headlines); absent from KSNA's 2 articles". */
  why: string;
  /** Up to five places where others report it, headlines and ledes first. */
  evidence: OmissionEvidence[];
}

export interface GroupOmissions {
  /** The group (or outlet) that leaves these out. */
  column: string;
  /** Its articles in the stories it shares with other columns. */
  articles: number;
  /** The most central items, at most `maxItems`. */
  items: OmissionItem[];
  /** How many items there were before the cut to `maxItems`. */
  total: number;
}

export interface OmissionOptions {
  by: 'outlet' | 'group';
  /** Independent origins of other columns needed (default 2). */
  minSupport?: number;
  /** Actor kinds considered (default: state, person, organisation). */
  actorKinds?: string[];
  /** Item id -> origin of the article, from claims-align/republications. */
  originOf: (articleId: string) => string;
  /** The stories to compare within (default: all articles one story). */
  stories?: ReadonlyArray<{ id: string | null; articleIds: readonly string[] }>;
  /** Days around a column's own articles of a story within which others' articles count (default 7). */
  windowDays?: number;
  /** Items shown per column, most central first (default 8; 0 = all). */
  maxItems?: number;
  /** Items below this centrality are left out (default 0.2). */
  minCentrality?: number;
  /** Names and aliases of outlets (the corpus's are added): an actor with one of these names is not an omission. */
  outletNames?: readonly string[];
}

type Ev = OmissionEvidence & { title: boolean; lede: boolean };

/** The column an article (or a claim source, which carries its article's column) is counted under. */
export const columnOf = (
  a: { id?: string; articleId?: string; outlet: string | null; title?: string | null; byline?: string | null; citedSources?: readonly CitedSource[] | null; group: string | null },
  by: 'outlet' | 'group',
): string =>
  by === 'outlet' ? outletColumn({ id: a.id ?? a.articleId ?? '', outlet: a.outlet, title: a.title, byline: a.byline, citedSources: a.citedSources }) : a.group ?? NO_GROUP;

const DAY = 86_400_000;
const dayOf = (d: string | null): number | null => {
  const t = d ? Date.parse(d.slice(0, 10)) : NaN;
  return Number.isFinite(t) ? t : null;
};

/** Where the title ends when the text opens with it (0 when it does not), and where the lede ends. */
function regions(a: CompareItem['article']): { titleEnd: number; ledeEnd: number; title: string } {
  const title = (a.title ?? '').trim();
  const titleEnd = title && a.text.trimStart().startsWith(title) ? a.text.indexOf(title) + title.length : 0;
  return { titleEnd, ledeEnd: ledeEnd(a, titleEnd, 2), title: foldTerm(title) };
}

/**
 * Centrality for the columns that report an item: 0.35 × share of their articles carrying it + 0.2 × share of
 * their columns reporting it + 0.2 × share of their articles with it in the title + 0.15 × share with it in the
 * lede + 0.1 × prominence (mentions per carrying article, saturating at 5) + 0.1 when the actor is one of the
 * three most-mentioned actors of the story there (capped at 1).
 */
export function centralityOf(r: OmissionReach): number {
  const share = (n: number, of: number) => (of ? Math.min(1, n / of) : 0);
  const prominence = Math.min(1, Math.log2(1 + r.mentionsPerArticle) / Math.log2(6));
  const c = 0.35 * share(r.articles, r.ofArticles) + 0.2 * share(r.columns, r.ofColumns) + 0.2 * share(r.headlines, r.ofArticles) + 0.15 * share(r.ledes, r.ofArticles) + 0.1 * prominence + (r.mainActor ? 0.1 : 0);
  return Math.round(Math.min(1, c) * 1000) / 1000;
}

/** "Vessanian News Service" → "VNS": how texts often name an outlet of the corpus. */
const acronym = (name: string): string => (name.match(/\p{Lu}[\p{L}]*/gu) ?? []).map((w) => w[0]).join('');

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function whyLine(r: OmissionReach, by: 'outlet' | 'group', col: string, own: number): string {
  const where = [r.headlines ? plural(r.headlines, 'headline') : '', r.ledes ? `${r.ledes} in the lede` : ''].filter(Boolean).join(', ');
  const per = `${r.mentionsPerArticle} mention${r.mentionsPerArticle === 1 ? '' : 's'} per article`;
  return `reported by ${r.columns} of ${r.ofColumns} other ${by}${r.ofColumns === 1 ? '' : 's'} (${r.articles} of ${r.ofArticles} of their articles, ${per}${where ? `; ${where}` : ''})${r.mainActor ? ', a main actor of the story there' : ''}; absent from ${col}'s ${plural(own, 'article')}`;
}

/** An item's places in one article: how many, and the first in the title, the first in the lede and the first. */
export interface PlaceSum {
  n: number;
  firstTitle?: Ev;
  firstLede?: Ev;
  first: Ev;
}

function addPlace(sum: PlaceSum | undefined, ev: Ev): PlaceSum {
  const s = sum ?? { n: 0, first: ev };
  s.n++;
  if (ev.title && !s.firstTitle) s.firstTitle = ev;
  if (ev.lede && !s.firstLede) s.firstLede = ev;
  return s;
}

interface ItemDraft {
  type: OmissionItem['type'];
  ref: string;
  label: string;
  statement: string;
  /** article id -> its places */
  places: Map<string, PlaceSum>;
  /** columns of the whole story where it appears (any of its articles) */
  cols: Set<string>;
  /** Some place's words name an outlet. */
  outletWords?: boolean;
}

/** One actor's mentions in one article, as omissions read them (see createOmissionActors). */
export interface ArticleActorPlaces {
  /** Canonical name of the first mention. */
  canonical: string;
  places: PlaceSum;
  /** Some mention's words name an outlet (folded). */
  outletWords: boolean;
}

/**
 * The actor mentions omissions read, one finding at a time (a comparison streams them from the store): per
 * article, per actor of the kinds considered, in order of first mention, its places summed (PlaceSum) — not the
 * mentions. `outlets` are folded outlet names (omissionOutlets).
 */
export function createOmissionActors(
  kinds: ReadonlySet<string>,
  outlets: ReadonlySet<string>,
): { add(article: CompareItem['article'], f: Finding): void; of(articleId: string): ReadonlyMap<string, ArticleActorPlaces> | undefined } {
  const byArticle = new Map<string, Map<string, ArticleActorPlaces>>();
  let reg: { id: string; r: ReturnType<typeof regions> } | null = null;
  const add = (article: CompareItem['article'], f: Finding): void => {
    if (f.kind !== 'actor-mention' || !kinds.has(f.actorKind)) return;
    if (reg?.id !== article.id) reg = { id: article.id, r: regions(article) };
    const r = reg.r;
    const surface = foldTerm(f.label ?? f.evidence);
    const title = f.span.start < r.titleEnd || (surface.length > 2 && r.title.includes(surface));
    const ev: Ev = { articleId: article.id, span: { start: f.span.start, end: f.span.end }, evidence: f.evidence, title, lede: f.span.start < r.ledeEnd };
    let m = byArticle.get(article.id);
    if (!m) byArticle.set(article.id, (m = new Map()));
    const e = m.get(f.actorId);
    if (e) {
      addPlace(e.places, ev);
      if (!e.outletWords && outlets.has(foldTerm(f.evidence))) e.outletWords = true;
    } else m.set(f.actorId, { canonical: f.canonical, places: addPlace(undefined, ev), outletWords: outlets.has(foldTerm(f.evidence)) });
  };
  return { add, of: (id) => byArticle.get(id) };
}

/** Folded names of the outlets no omission lists: the registry's (`outletNames`) and the corpus's, with acronyms. */
export function omissionOutlets(items: readonly CompareItem[], outletNames: readonly string[] = []): Set<string> {
  const corpusOutlets = [...new Set(items.map((i) => i.article.outlet ?? '').filter(Boolean))];
  return new Set([...outletNames, ...corpusOutlets, ...corpusOutlets.map(acronym).filter((a) => a.length >= 3)].map((n) => foldTerm(n)));
}

/** The actor kinds omissions consider by default. */
export const OMISSION_ACTOR_KINDS = ['state', 'person', 'organisation'];

/** Actors and claims of one story, each with its places per article. */
function draftsOf(
  members: readonly CompareItem[],
  claims: readonly ClaimCluster[],
  by: 'outlet' | 'group',
  outlets: ReadonlySet<string>,
  actorsOf: (articleId: string) => ReadonlyMap<string, ArticleActorPlaces> | undefined,
): { drafts: ItemDraft[] } {
  const reg = new Map<string, ReturnType<typeof regions>>();
  const regionsOf = (m: CompareItem) => {
    let r = reg.get(m.article.id);
    if (!r) reg.set(m.article.id, (r = regions(m.article)));
    return r;
  };
  const drafts = new Map<string, ItemDraft>();
  for (const m of members) {
    for (const [actorId, a] of actorsOf(m.article.id) ?? []) {
      const key = `actor:${actorId}`;
      let d = drafts.get(key);
      if (!d) drafts.set(key, (d = { type: 'actor', ref: actorId, label: a.canonical, statement: a.canonical, places: new Map(), cols: new Set() }));
      const prev = d.places.get(m.article.id);
      d.places.set(m.article.id, prev ? mergePlaces(prev, a.places) : a.places);
      d.cols.add(columnOf(m.article, by));
      if (a.outletWords) d.outletWords = true;
    }
  }
  // An outlet named in the texts (a wire credited, a rival cited) is a source, not an actor a column leaves out.
  for (const [k, d] of drafts) if (d.type === 'actor' && (outlets.has(foldTerm(d.label)) || d.outletWords)) drafts.delete(k);
  const byId = new Map(members.map((m) => [m.article.id, m]));
  for (const c of claims) {
    const d: ItemDraft = { type: c.kind === 'event' ? 'event' : 'claim', ref: c.id, label: c.label, statement: c.statement, places: new Map(), cols: new Set() };
    for (const s of c.sources) {
      const m = byId.get(s.articleId);
      if (!m) continue;
      // Any statement of it (even a denial) is a mention; only firm ones are reports others make.
      if (s.hedged || s.asserted === false) d.cols.add(columnOf(m.article, by));
      else {
        const r = regionsOf(m);
        const ev: Ev = { articleId: m.article.id, span: { start: s.span.start, end: s.span.end }, evidence: s.evidence, title: s.span.start < r.titleEnd, lede: s.span.start < r.ledeEnd };
        d.places.set(m.article.id, addPlace(d.places.get(m.article.id), ev));
        d.cols.add(columnOf(m.article, by));
      }
    }
    if (d.places.size) drafts.set(`claim:${c.id}`, d);
  }
  return { drafts: [...drafts.values()] };
}

/** Two summaries of one article's places (a story listing an article twice): the first's places come first. */
function mergePlaces(a: PlaceSum, b: PlaceSum): PlaceSum {
  return { n: a.n + b.n, first: a.first, firstTitle: a.firstTitle ?? b.firstTitle, firstLede: a.firstLede ?? b.firstLede };
}

/** The omissions of one column in one story. */
function omissionsIn(col: string, storyId: string | null, members: readonly CompareItem[], drafts: readonly ItemDraft[], opts: OmissionOptions): OmissionItem[] {
  const by = opts.by;
  const mine = members.filter((m) => columnOf(m.article, by) === col);
  const days = mine.map((m) => dayOf(m.article.published)).filter((d): d is number => d !== null);
  const w = (opts.windowDays ?? 7) * DAY;
  const inWindow = (d: number | null) => d === null || !days.length || days.some((x) => Math.abs(x - d) <= w);
  const pool = members.filter((m) => columnOf(m.article, by) !== col && inWindow(dayOf(m.article.published)));
  if (!pool.length) return [];
  const poolIds = new Set(pool.map((m) => m.article.id));
  const poolCols = new Set(pool.map((m) => columnOf(m.article, by)));
  const colOf = new Map(pool.map((m) => [m.article.id, columnOf(m.article, by)]));
  // The story's main actors there: the three with most mentions in the pool.
  const actorMentions = drafts.filter((d) => d.type === 'actor').map((d) => ({ ref: d.ref, n: [...d.places].filter(([id]) => poolIds.has(id)).reduce((s, [, p]) => s + p.n, 0) }));
  const main = new Set(actorMentions.sort((a, b) => b.n - a.n).slice(0, 3).filter((x) => x.n > 0).map((x) => x.ref));
  const out: OmissionItem[] = [];
  for (const d of drafts) {
    if (d.cols.has(col)) continue;
    const places = [...d.places].filter(([id]) => poolIds.has(id));
    if (!places.length) continue;
    const support = new Set(places.map(([id]) => opts.originOf(id))).size;
    if (support < (opts.minSupport ?? 2)) continue;
    const reportedBy = [...new Set(places.map(([id]) => colOf.get(id)!))].sort();
    const reach: OmissionReach = {
      columns: reportedBy.length,
      ofColumns: poolCols.size,
      articles: places.length,
      ofArticles: pool.length,
      headlines: places.filter(([, p]) => p.firstTitle).length,
      ledes: places.filter(([, p]) => p.firstLede).length,
      mentionsPerArticle: Math.round((places.reduce((s, [, p]) => s + p.n, 0) / places.length) * 10) / 10,
      mainActor: d.type === 'actor' && main.has(d.ref),
    };
    const centrality = centralityOf(reach);
    if (centrality < (opts.minCentrality ?? 0.2)) continue;
    // Headline and lede places first, one per article before a second from the same article.
    const firsts = places.map(([, p]) => p.firstTitle ?? p.firstLede ?? p.first);
    firsts.sort((a, b) => Number(b.title) - Number(a.title) || Number(b.lede) - Number(a.lede) || a.articleId.localeCompare(b.articleId));
    const byId = new Map(members.map((m) => [m.article.id, m.article]));
    const evidence = firsts.slice(0, 5).map(({ articleId, span, evidence: ev }) => {
      const s = sentenceAround(byId.get(articleId)!, span);
      return { articleId, span, evidence: ev, ...(s ? { sentence: s.text } : {}) };
    });
    out.push({ type: d.type, ref: d.ref, label: d.label, statement: d.statement, storyId, support, reportedBy, centrality, reach, why: whyLine(reach, by, col, mine.length), evidence });
  }
  return out;
}

export function findOmissions(
  items: readonly CompareItem[],
  claims: readonly ClaimCluster[],
  opts: OmissionOptions & {
    storyId?: string | null;
    /** The items' actor mentions already summed (createOmissionActors fed every item's mentions); else read from their findings. */
    actors?: (articleId: string) => ReadonlyMap<string, ArticleActorPlaces> | undefined;
  },
): GroupOmissions[] {
  const stories: ReadonlyArray<{ id: string | null; articleIds: readonly string[] }> = opts.stories?.length ? opts.stories : [{ id: opts.storyId ?? null, articleIds: items.map((i) => i.article.id) }];
  const outlets = omissionOutlets(items, opts.outletNames);
  let actorsOf = opts.actors;
  if (!actorsOf) {
    const acc = createOmissionActors(new Set(opts.actorKinds ?? OMISSION_ACTOR_KINDS), outlets);
    for (const i of items) for (const f of i.analysis.findings) acc.add(i.article, f);
    actorsOf = acc.of;
  }
  const itemById = new Map(items.map((i) => [i.article.id, i]));
  const out = new Map<string, GroupOmissions & { all: OmissionItem[] }>();
  for (const story of stories) {
    const members = story.articleIds.map((id) => itemById.get(id)).filter((x): x is CompareItem => Boolean(x));
    const columns = [...new Set(members.map((m) => columnOf(m.article, opts.by)))].sort();
    if (columns.length < 2) continue;
    const ids = new Set(story.articleIds);
    const inStory = claims.map((c) => ({ ...c, sources: c.sources.filter((s) => ids.has(s.articleId)) })).filter((c) => c.sources.length);
    const { drafts } = draftsOf(members, inStory, opts.by, outlets, actorsOf);
    for (const col of columns) {
      let g = out.get(col);
      if (!g) out.set(col, (g = { column: col, articles: 0, items: [], total: 0, all: [] }));
      g.articles += members.filter((m) => columnOf(m.article, opts.by) === col).length;
      g.all.push(...omissionsIn(col, story.id, members, drafts, opts));
    }
  }
  const max = opts.maxItems ?? 8;
  return [...out.values()]
    .map(({ all, ...g }) => {
      all.sort((a, b) => b.centrality - a.centrality || b.support - a.support || a.label.localeCompare(b.label));
      return { ...g, items: max > 0 ? all.slice(0, max) : all, total: all.length };
    })
    .sort((a, b) => a.column.localeCompare(b.column));
}
