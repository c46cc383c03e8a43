import type { Span } from './span.js';

/** Date precision as stated by the source: we never invent a day the source did not give. */
export type DatePrecision = 'year' | 'month' | 'day' | 'minute' | 'second';

export interface NormalizedDate {
  /** ISO 8601 truncated to the precision: "2023", "2023-04", "2023-04-15", "2023-04-15T20:53", "2023-04-15T20:53:10Z". */
  iso: string;
  precision: DatePrecision;
}

/** Metadata a reader or the user states about an input, before cleaning. All optional. */
export interface InputMeta {
  url?: string;
  title?: string;
  outlet?: string;
  byline?: string;
  published?: string;
  updated?: string;
  language?: string;
  group?: string;
  /** Feed channel title, when the article came from an RSS/Atom feed. */
  feedChannel?: string;
  /** Feed channel link (home page), when the article came from a feed. */
  feedLink?: string;
}

/** What a reader produces: one article's undecoded-by-cleaner content plus what the container told us. */
export interface RawArticle {
  /** Where it came from: a path, a URL, "stdin"; multi-item containers append "#<n>" (1-based). */
  source: string;
  /** Container kind, for diagnostics and re-cleaning. */
  sourceKind: 'txt' | 'html' | 'json' | 'jsonl' | 'rss' | 'atom' | 'url' | 'stdin';
  /** Whether `body` is HTML markup or plain text. */
  format: 'html' | 'text';
  /** The body decoded to a JS string (charset already handled). */
  body: string;
  /** Metadata from the container (JSON fields, feed item fields, HTTP final URL). */
  meta: InputMeta;
}

/** User overrides from the command line; they win over everything found in the input. */
export interface IngestOverrides {
  outlet?: string;
  group?: string;
  published?: string;
  url?: string;
}

export interface RepeatedParagraph {
  /** The later, repeating paragraph. */
  span: Span;
  /** The earlier paragraph it repeats. */
  repeatOf: Span;
  /** 1 for an exact repeat; 4-shingle Jaccard for a near repeat; 2-shingle containment for a paraphrase. */
  similarity: number;
  /** exact (same normalised text), near (most 4-word runs shared), paraphrase (most word pairs shared). */
  kind?: 'exact' | 'near' | 'paraphrase';
}

export interface RemovedBoilerplate {
  kind: string; // e.g. 'title-repeat', 'byline', 'timestamp', 'section-label', 'read-also', 'latest-news', 'share-prompt', 'feed-footer', 'licence', 'navigation'
  text: string;
}

export interface Republication {
  /** Article id of the earliest copy in the corpus, when one is there. */
  from: string | null;
  similarity: number | null;
  /** Why we think so: 'near-duplicate', 'wire-byline:JNS', ... */
  signals: string[];
}

/**
 * Another outlet whose piece the article reports ("IRNA: …" as the title, "…, IRNA reported", "according to the
 * Tasnim news agency"). Not the article's outlet and not a republication: the article's words are its own.
 */
export interface CitedSource {
  /** The registry's name for a known outlet ("Islamic Republic News Agency"), else the name as the text writes it. */
  name: string;
  /** Registry id, null for an outlet the registry does not know (kept only when the text calls it an outlet). */
  id: string | null;
  /** Where it was found: the title's "IRNA: …" prefix, or the body phrase that cites it. */
  via: 'title' | 'reported' | 'according-to' | 'told';
  /** How the text writes it ("IRNA"), for labels. */
  mention?: string;
  /** The name in the article text (absent for a title match). */
  span?: Span;
}

/** A cleaned article. `text` is the coordinate system of every span downstream. */
export interface Article {
  /**
   * Stable id: first 16 hex chars of sha256 of the normalised text.
   * @pattern ^[0-9a-f]{16}$
   */
  id: string;
  source: string;
  url: string | null;
  canonicalUrl: string | null;
  outlet: string | null;
  /** Id in the outlet registry when the outlet is known there. */
  outletId: string | null;
  outletCountry: string | null;
  group: string | null;
  title: string | null;
  byline: string | null;
  authors: string[];
  published: string | null;
  publishedPrecision: DatePrecision | null;
  updated: string | null;
  updatedPrecision: DatePrecision | null;
  language: string | null;
  languageConfidence: number | null;
  license: string | null;
  section: string | null;
  text: string;
  wordCount: number;
  /** sha256 hex of the normalised text used for exact-duplicate detection. */
  textHash: string;
  /** 64-bit SimHash of 4-token shingles, 16 hex chars. */
  simhash: string;
  republishedFrom: string | null;
  republication: Republication | null;
  /**
   * Outlets the article cites as the source of what it reports (title first, then text order, each once). Set by the
   * cleaner and always present on stored articles ([] when none); optional only for articles built by hand.
   */
  citedSources?: CitedSource[];
  repeatedParagraphs: RepeatedParagraph[];
  /** e.g. 'non-english', 'short-text', 'no-title', 'language-uncertain'. */
  flags: string[];
  boilerplate: RemovedBoilerplate[];
  ingestedAt: string;
}

/** What the cleaner returns for one raw article before outlet/group/dup resolution by the corpus. */
export type CleanedArticle = Article;

/** What a view shows for articles whose outlet was not found (never "?"). */
export const UNKNOWN_OUTLET = 'unknown outlet';
/** The group column of articles in no perspective group. */
export const NO_GROUP = '(no group)';

/** "IRNA" or "IRNA, Tasnim" (+n more): how the cited sources read in a label. */
export function citedLabel(cited: readonly CitedSource[] | null | undefined): string | null {
  if (!cited?.length) return null;
  const names = cited.slice(0, 2).map((c) => c.mention ?? c.name);
  return names.join(', ') + (cited.length > 2 ? ` +${cited.length - 2}` : '');
}

/** A citation this early in the text (the lede) says what the article is a report of; later ones are sources among others. */
export const LEDE_CHARS = 600;

/** The cited sources that say what the article reports: the title's ("IRNA: …") and those in the lede. */
export function leadCitations(cited: readonly CitedSource[] | null | undefined): CitedSource[] {
  return (cited ?? []).filter((c) => c.via === 'title' || (c.span !== undefined && c.span.start < LEDE_CHARS));
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

/**
 * The outlet column an article is counted under. An article whose outlet was not found gets a column of its own,
 * never merged with another one's: named by the outlet it reports (cited in its title or lede), its byline or its
 * title, and the first six
 * characters of its id ("unknown outlet (citing IRNA: Israeli Defense Minister's…, de811a)", "unknown outlet (by
 * H. Zaïm-Bashi, ea3b9a)", "unknown outlet (Is Baku a deceptive ally…, 3f2a91)"). `parallax ingest --outlet NAME`
 * (or a JSONL `outlet` field) sets the real one.
 */
export function outletColumn(a: {
  id: string;
  outlet: string | null;
  title?: string | null;
  byline?: string | null;
  citedSources?: readonly CitedSource[] | null;
}): string {
  if (a.outlet) return a.outlet;
  const id = a.id.slice(0, 6);
  const lead = leadCitations(a.citedSources);
  const cited = citedLabel(lead);
  const byline = (a.byline ?? '').replace(/\s+/g, ' ').trim();
  let title = (a.title ?? '').replace(/\s+/g, ' ').trim();
  // "IRNA: …" as the title already says whom it cites.
  const first = lead[0];
  if (cited && first?.via === 'title' && first.mention) {
    const prefix = new RegExp(`^${first.mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*`, 'u');
    title = title.replace(prefix, '');
  }
  const parts: string[] = [];
  if (cited) parts.push(byline ? `citing ${cited}` : title ? `citing ${cited}: ${shorten(title, 32)}` : `citing ${cited}`);
  if (byline) parts.push(`by ${shorten(byline, 30)}`);
  else if (!cited && title) parts.push(shorten(title, 40));
  parts.push(id);
  return `${UNKNOWN_OUTLET} (${parts.join(', ')})`;
}

/** An article as the JSON contract has it (CLI `--json`, the API, ingest results): every field, a plain copy. */
export function articleJson(a: Article): Record<string, unknown> {
  return { ...a };
}
