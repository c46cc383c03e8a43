import { outletColumn } from '../core/article.js';
import { actorCountsOf, type CompareItem } from './types.js';

/**
 * Stories: articles about the same story or event, clustered. Pure and deterministic.
 *
 * Similarity of two articles = 0.7 × cosine of TF-IDF vectors over content words + 0.3 × Jaccard of the corpus
 * actors they mention, damped by the distance between publication dates when both are known. No stop-word list:
 * words that occur in every article get an IDF of 0. Up to ALL_PAIRS_UP_TO articles every pair is scored; above,
 * each article keeps its top TERMS_PER_DOC terms and cosines are accumulated through an inverted index over them
 * (very common terms skipped), so only pairs sharing a distinctive term are scored. Pairs
 * at or above the threshold are joined (single link); copies are always joined to their original.
 *
 * A user override (`overrides`: article id or a suffix of its source path -> story id) puts articles in named
 * stories before clustering; the remaining articles are clustered among themselves.
 */

export interface Story {
  /** "s1", "s2", ... by size then date, or the user's id for an override. */
  id: string;
  /** The title of the article most similar to the rest of the story. */
  title: string | null;
  articleIds: string[];
  /** The story's most characteristic words (highest summed TF-IDF). */
  terms: string[];
  /** Actors mentioned in most of the story's articles. */
  actors: Array<{ actorId: string; canonical: string; articles: number }>;
  outlets: Record<string, number>;
  groups: Record<string, number>;
  first: string | null;
  last: string | null;
  /** True when the user's override named this story. */
  override: boolean;
}

export interface StoryOptions {
  /** Combined similarity at which two articles are in the same story (default 0.25). */
  threshold?: number;
  /** Article id, or a suffix of the article's source path -> story id. */
  overrides?: Record<string, string>;
  /** Days over which the time damping halves the similarity (default 21; 0 disables it). */
  halfLifeDays?: number;
}

const TERMS_PER_DOC = 40;
const ALL_PAIRS_UP_TO = 400;
const TEXT_WEIGHT = 0.5;
const WORD = /\p{L}[\p{L}\p{N}]*(?:['’-]\p{L}+)*/gu;

/** Words of 3+ letters and adjacent word pairs ("kettle ford"): pairs carry names and set phrases. */
function terms(text: string): Map<string, number> {
  const tf = new Map<string, number>();
  let prev: string | null = null;
  let prevEnd = -1;
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase().replace(/['’]s$/, '');
    const gap = text.slice(prevEnd, m.index);
    if (prev && prev.length >= 4 && prevEnd >= 0 && /^[ \t]+$/.test(gap) && w.length >= 4) {
      const b = `${prev} ${w}`;
      tf.set(b, (tf.get(b) ?? 0) + 1);
    }
    prev = w.length >= 3 ? w : null;
    prevEnd = m.index! + m[0].length;
    if (w.length < 3) continue;
    tf.set(w, (tf.get(w) ?? 0) + 1);
  }
  return tf;
}

function days(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso.length === 4 ? `${iso}-07-01` : iso.length === 7 ? `${iso}-15` : iso);
  return Number.isFinite(t) ? t / 86_400_000 : null;
}

class UnionFind {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Resolves an override key to article ids: an exact id, or a suffix of the source path ("wire/a.txt"). */
export function resolveOverrides(items: readonly CompareItem[], overrides: Record<string, string> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!overrides) return out;
  for (const [key, story] of Object.entries(overrides)) {
    if (!key || typeof story !== 'string' || !story) continue;
    for (const { article } of items) {
      const src = article.source.replace(/\\/g, '/');
      if (article.id === key || src === key || src.endsWith(`/${key.replace(/^\.?\//, '')}`)) out.set(article.id, story);
    }
  }
  return out;
}

export function clusterStories(items: readonly CompareItem[], opts: StoryOptions = {}): Story[] {
  const threshold = opts.threshold ?? 0.25;
  const halfLife = opts.halfLifeDays ?? 21;
  const n = items.length;
  const tfs = items.map((i) => terms(`${i.article.title ?? ''}\n${i.article.text}`));
  const df = new Map<string, number>();
  for (const tf of tfs) for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  // Smoothed IDF that is exactly 0 for a word in every article.
  const idf = (w: string): number => Math.log((n + 1) / ((df.get(w) ?? 0) + 1));
  const vecs = tfs.map((tf) => {
    const v = [...tf].map(([w, c]) => [w, (1 + Math.log(c)) * idf(w)] as [string, number]).filter((x) => x[1] > 0);
    v.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const norm = Math.sqrt(v.reduce((s, x) => s + x[1] * x[1], 0)) || 1;
    return new Map(v.map(([w, x]) => [w, x / norm]));
  });
  // Large corpora: each article keeps its top terms (renormalised) and cosines are accumulated through an inverted
  // index, so only pairs that share a top term are ever scored.
  const large = n > ALL_PAIRS_UP_TO;
  const tops = vecs.map((v) => {
    const top = [...v].slice(0, TERMS_PER_DOC);
    const norm = Math.sqrt(top.reduce((a, x) => a + x[1] * x[1], 0)) || 1;
    return top.map(([w, x]) => [w, x / norm] as [string, number]);
  });
  // Actor profiles: mention counts (sublinear), unit length. Who a story is about, whatever words describe it.
  const actorVecs = items.map((i) => {
    const c = new Map<string, number>();
    for (const [id, a] of actorCountsOf(i)) c.set(id, a.mentions);
    let norm = 0;
    for (const [k, x] of c) {
      const w = 1 + Math.log(x);
      c.set(k, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [k, x] of c) c.set(k, x / norm);
    return c;
  });
  const dates = items.map((i) => days(i.article.published));

  const fixed = resolveOverrides(items, opts.overrides);
  const uf = new UnionFind(n);
  const index = new Map<string, Array<[number, number]>>();
  if (large) {
    tops.forEach((top, i) => {
      for (const [w, x] of top) {
        const p = index.get(w);
        if (p) p.push([i, x]);
        else index.set(w, [[i, x]]);
      }
    });
  }
  // Postings of very common terms add many pairs and little signal; they are skipped on big corpora.
  const maxPosting = Math.max(50, Math.ceil(n * 0.05));
  const cosines = (i: number): Map<number, number> => {
    const out = new Map<number, number>();
    if (!large) {
      for (let j = i + 1; j < n; j++) {
        const [small, big] = vecs[i].size <= vecs[j].size ? [vecs[i], vecs[j]] : [vecs[j], vecs[i]];
        let cos = 0;
        for (const [w, x] of small) {
          const y = big.get(w);
          if (y !== undefined) cos += x * y;
        }
        out.set(j, cos);
      }
      return out;
    }
    for (const [w, x] of tops[i]) {
      const p = index.get(w)!;
      if (p.length > maxPosting) continue;
      for (const [j, y] of p) if (j > i) out.set(j, (out.get(j) ?? 0) + x * y);
    }
    return out;
  };
  for (let i = 0; i < n; i++) {
    if (fixed.has(items[i].article.id)) continue;
    for (const [j, cos] of cosines(i)) {
      if (fixed.has(items[j].article.id)) continue;
      let jac = 0;
      for (const [k, x] of actorVecs[i]) jac += x * (actorVecs[j].get(k) ?? 0);
      let sim = TEXT_WEIGHT * cos + (1 - TEXT_WEIGHT) * jac;
      if (halfLife > 0 && dates[i] !== null && dates[j] !== null) sim *= Math.pow(0.5, Math.max(0, Math.abs(dates[i]! - dates[j]!) - 3) / halfLife);
      if (sim >= threshold) uf.union(i, j);
    }
  }
  const idx = new Map(items.map((it, i) => [it.article.id, i]));
  items.forEach((it, i) => {
    const from = it.article.republishedFrom;
    if (from && idx.has(from) && !fixed.has(it.article.id) && !fixed.has(from)) uf.union(i, idx.get(from)!);
  });

  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = fixed.get(items[i].article.id) ?? `#${uf.find(i)}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const built = [...groups].map(([key, members]) => describe(key, members, items, vecs, dates));
  const auto = built.filter((s) => !s.override);
  auto.sort((a, b) => b.articleIds.length - a.articleIds.length || (a.first ?? '\uffff').localeCompare(b.first ?? '\uffff') || a.articleIds[0].localeCompare(b.articleIds[0]));
  const taken = new Set(built.filter((s) => s.override).map((s) => s.id));
  let k = 1;
  for (const s of auto) {
    while (taken.has(`s${k}`)) k++;
    s.id = `s${k++}`;
  }
  return [...built.filter((s) => s.override).sort((a, b) => a.id.localeCompare(b.id)), ...auto];
}

function describe(key: string, members: number[], items: readonly CompareItem[], vecs: Array<Map<string, number>>, dates: Array<number | null>): Story {
  const sum = new Map<string, number>();
  for (const i of members) for (const [w, x] of vecs[i]) sum.set(w, (sum.get(w) ?? 0) + x);
  const topTerms = [...sum].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 6).map((x) => x[0]);
  // The most central member names the story.
  let best = members[0];
  let bestScore = -1;
  for (const i of members) {
    let s = 0;
    for (const [w, x] of vecs[i]) s += x * (sum.get(w) ?? 0);
    if (s > bestScore + 1e-12 && items[i].article.title) {
      bestScore = s;
      best = i;
    }
  }
  const actorCount = new Map<string, { canonical: string; articles: number }>();
  const outlets: Record<string, number> = {};
  const groups: Record<string, number> = {};
  for (const i of members) {
    for (const [actorId, m] of actorCountsOf(items[i])) {
      const e = actorCount.get(actorId) ?? { canonical: m.canonical, articles: 0 };
      e.articles++;
      actorCount.set(actorId, e);
    }
    const a = items[i].article;
    outlets[outletColumn(a)] = (outlets[outletColumn(a)] ?? 0) + 1;
    groups[a.group ?? '(no group)'] = (groups[a.group ?? '(no group)'] ?? 0) + 1;
  }
  const dated = members.filter((i) => dates[i] !== null).map((i) => items[i].article.published!).sort();
  return {
    id: key.startsWith('#') ? key : key,
    title: items[best].article.title,
    articleIds: members.map((i) => items[i].article.id).sort(),
    terms: topTerms,
    actors: [...actorCount]
      .map(([actorId, e]) => ({ actorId, canonical: e.canonical, articles: e.articles }))
      .sort((a, b) => b.articles - a.articles || a.actorId.localeCompare(b.actorId))
      .slice(0, 8),
    outlets,
    groups,
    first: dated[0] ?? null,
    last: dated[dated.length - 1] ?? null,
    override: !key.startsWith('#'),
  };
}
