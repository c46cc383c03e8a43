import { outletColumn } from '../core/article.js';
import type { Article } from '../core/article.js';
import type { Finding, LabelFinding } from '../core/finding.js';
import type { CompareItem } from './types.js';

/**
 * The republication map: which articles are copies of which, and how a copy differs from its original. Pure.
 *
 * Two signals come from ingestion (src/clean, src/storage): `Article.republishedFrom` (a near-duplicate of an
 * earlier article in the corpus) and `Article.republication.signals` ('near-duplicate', 'wire-byline:<agency>').
 * A wire byline without the original in the corpus still marks a copy: its origin is the agency.
 */

export interface RepublicationLink {
  /** The copy. */
  articleId: string;
  outlet: string | null;
  title: string | null;
  /** The original in the corpus, when there is one. */
  originalId: string | null;
  originalOutlet: string | null;
  /** The wire agency named by the byline signal, when there is one. */
  wire: string | null;
  /** The origin every claim of this copy is credited to (see originOf). */
  origin: string;
  signals: string[];
  /** Similarity reported by the near-duplicate detector (null without an original). */
  similarity: number | null;
  /** Share of the original's word 4-grams the copy keeps (1 = all of it; null without an original). */
  kept: number | null;
  /** Share of the copy's word 4-grams that are not in the original (added text). */
  added: number | null;
  /** The copy keeps less than 90% of the original. */
  trimmed: boolean;
  /** The copy's title differs from the original's (case and punctuation ignored). */
  retitled: boolean;
  originalTitle: string | null;
  /** Labels (own voice, per actor) the copy uses that the original does not, and the reverse. */
  relabelled: Array<{ actorId: string; canonical: string; onlyInCopy: string[]; onlyInOriginal: string[] }>;
}

export const WIRE_SIGNAL = 'wire-byline:';

/** The wire agency a byline signal names, or null. */
export function wireOf(a: Article): string | null {
  for (const s of a.republication?.signals ?? []) if (s.startsWith(WIRE_SIGNAL)) return s.slice(WIRE_SIGNAL.length).trim() || null;
  return null;
}

/**
 * The independent origin of an article's content: the root of its republishedFrom chain (an article id), else
 * `wire:<agency>` when a wire byline marks it as a copy of an agency story that is not in the corpus, else the
 * article itself. Two articles with the same origin count once when claims are corroborated.
 */
export function originOf(a: Article, byId: ReadonlyMap<string, Article>): string {
  let cur = a;
  const seen = new Set<string>([a.id]);
  while (cur.republishedFrom && byId.has(cur.republishedFrom) && !seen.has(cur.republishedFrom)) {
    cur = byId.get(cur.republishedFrom)!;
    seen.add(cur.id);
  }
  if (cur !== a) return cur.id;
  if (a.republishedFrom) return a.republishedFrom; // original not loaded (another story filter): still one origin
  const wire = wireOf(a);
  return wire ? `wire:${wire.toLowerCase()}` : a.id;
}

const WORD = /[\p{L}\p{N}]+/gu;

function shingles(text: string, n = 4): Set<string> {
  const words = text.toLowerCase().match(WORD) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  if (!out.size && words.length) out.add(words.join(' '));
  return out;
}

const normTitle = (t: string | null): string => (t ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Actor id -> its canonical name and the labels the outlet's own voice gives it, in one article. */
export type OwnLabels = Map<string, { canonical: string; labels: Set<string> }>;

/** Adds a finding to an article's own-voice labels (other findings are ignored). */
export function addOwnLabel(out: OwnLabels, f: Finding): void {
  if (f.kind !== 'label' || f.voice !== 'outlet') return;
  let e = out.get(f.actorId);
  if (!e) out.set(f.actorId, (e = { canonical: f.canonical, labels: new Set() }));
  e.labels.add(f.labelNormalized);
}

function ownLabels(findings: readonly Finding[]): OwnLabels {
  const out: OwnLabels = new Map();
  for (const f of findings) addOwnLabel(out, f);
  return out;
}

/** The articles whose labels the map compares: each copy whose original is among the items, and that original. */
export function relabelCandidates(items: readonly CompareItem[]): Set<string> {
  const ids = new Set(items.map((i) => i.article.id));
  const out = new Set<string>();
  for (const { article: a } of items) {
    const originalId = a.republishedFrom ?? a.republication?.from ?? null;
    if (originalId && ids.has(originalId)) out.add(a.id).add(originalId);
  }
  return out;
}

/**
 * Republication links. `labelsOf`: the own-voice labels of the relabelCandidates articles, already gathered (a
 * comparison streams the label findings); else read from the items' findings.
 */
export function republicationMap(items: readonly CompareItem[], labelsOf?: (articleId: string) => OwnLabels | undefined): RepublicationLink[] {
  const byId = new Map(items.map((i) => [i.article.id, i.article]));
  const analysisOf = new Map(items.map((i) => [i.article.id, i.analysis]));
  const own = (id: string): OwnLabels => (labelsOf ? labelsOf(id) ?? new Map() : ownLabels(analysisOf.get(id)?.findings ?? []));
  const links: RepublicationLink[] = [];
  for (const { article: a } of items) {
    const wire = wireOf(a);
    const originalId = a.republishedFrom ?? a.republication?.from ?? null;
    if (!originalId && !wire) continue;
    const original = originalId ? byId.get(originalId) ?? null : null;
    let kept: number | null = null;
    let added: number | null = null;
    const relabelled: RepublicationLink['relabelled'] = [];
    if (original) {
      const so = shingles(original.text);
      const sc = shingles(a.text);
      let common = 0;
      for (const s of so) if (sc.has(s)) common++;
      kept = so.size ? round3(common / so.size) : null;
      added = sc.size ? round3((sc.size - common) / sc.size) : null;
      const lc = own(a.id);
      const lo = own(original.id);
      for (const actorId of [...new Set([...lc.keys(), ...lo.keys()])].sort()) {
        const c = lc.get(actorId);
        const o = lo.get(actorId);
        // Only actors both texts label: an actor missing from a trimmed copy is trimming, not re-labelling.
        if (!c || !o) continue;
        const onlyInCopy = [...c.labels].filter((x) => !o.labels.has(x)).sort();
        const onlyInOriginal = [...o.labels].filter((x) => !c.labels.has(x)).sort();
        if (onlyInCopy.length) relabelled.push({ actorId, canonical: c.canonical, onlyInCopy, onlyInOriginal });
      }
    }
    links.push({
      articleId: a.id,
      outlet: outletColumn(a),
      title: a.title,
      originalId,
      originalOutlet: original ? outletColumn(original) : null,
      wire,
      origin: originOf(a, byId),
      signals: [...(a.republication?.signals ?? [])],
      similarity: a.republication?.similarity ?? null,
      kept,
      added,
      trimmed: kept !== null && kept < 0.9,
      retitled: original ? normTitle(original.title) !== normTitle(a.title) : false,
      originalTitle: original?.title ?? null,
      relabelled,
    });
  }
  return links.sort((x, y) => (x.originalId ?? x.origin).localeCompare(y.originalId ?? y.origin) || x.articleId.localeCompare(y.articleId));
}
