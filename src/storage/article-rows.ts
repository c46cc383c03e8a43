import type { Article, CitedSource, Republication } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';
import type { ArticleSummary } from './store.js';

/**
 * An article as both dialects store it: the same columns in SQLite and PostgreSQL, JSON fields as text. Shared by
 * src/storage/sqlite.ts and postgres.ts so a new article field is mapped in one place.
 */
export interface ArticleRow {
  seq: number;
  id: string;
  text_hash: string;
  source: string;
  url: string | null;
  canonical_url: string | null;
  outlet: string | null;
  outlet_id: string | null;
  outlet_country: string | null;
  group_name: string | null;
  title: string | null;
  byline: string | null;
  authors: string;
  published: string | null;
  published_precision: string | null;
  updated: string | null;
  updated_precision: string | null;
  language: string | null;
  language_confidence: number | null;
  license: string | null;
  section: string | null;
  text: string;
  word_count: number;
  simhash: string;
  republished_from: string | null;
  republication: string | null;
  /** JSON array; the column exists from SQLite schema 7 / PostgreSQL schema 4. */
  cited_sources: string;
  repeated_paragraphs: string;
  flags: string;
  boilerplate: string;
  ingested_at: string;
}

/** JSON read back from a column; a corrupt value is an E_STORE naming the database (`path`) and the field. */
export function parseJson(s: string, path: string, what: string): unknown {
  try {
    return JSON.parse(s);
  } catch (e) {
    throw new ParallaxError('E_STORE', `stored ${what} is not valid JSON`, { input: path, cause: e });
  }
}

export function rowToArticle(r: ArticleRow, path: string): Article {
  return {
    id: r.id,
    source: r.source,
    url: r.url,
    canonicalUrl: r.canonical_url,
    outlet: r.outlet,
    outletId: r.outlet_id,
    outletCountry: r.outlet_country,
    group: r.group_name,
    title: r.title,
    byline: r.byline,
    authors: parseJson(r.authors, path, 'authors') as string[],
    published: r.published,
    publishedPrecision: r.published_precision as Article['publishedPrecision'],
    updated: r.updated,
    updatedPrecision: r.updated_precision as Article['updatedPrecision'],
    language: r.language,
    languageConfidence: r.language_confidence,
    license: r.license,
    section: r.section,
    text: r.text,
    wordCount: r.word_count,
    textHash: r.text_hash,
    simhash: r.simhash,
    republishedFrom: r.republished_from,
    republication: r.republication === null ? null : (parseJson(r.republication, path, 'republication') as Republication),
    citedSources: parseJson(r.cited_sources ?? '[]', path, 'cited sources') as CitedSource[],
    repeatedParagraphs: parseJson(r.repeated_paragraphs, path, 'repeated paragraphs') as Article['repeatedParagraphs'],
    flags: parseJson(r.flags, path, 'flags') as string[],
    boilerplate: parseJson(r.boilerplate, path, 'boilerplate') as Article['boilerplate'],
    ingestedAt: r.ingested_at,
  };
}

export function rowToSummary(r: Record<string, unknown>): ArticleSummary {
  return {
    id: r.id as string,
    outlet: r.outlet as string | null,
    group: r.group_name as string | null,
    published: r.published as string | null,
    language: r.language as string | null,
    wordCount: r.word_count as number,
    title: r.title as string | null,
    byline: (r.byline as string | null | undefined) ?? null,
    republishedFrom: r.republished_from as string | null,
    citedSources: typeof r.cited_sources === 'string' ? (JSON.parse(r.cited_sources) as CitedSource[]) : [],
    source: r.source as string,
  };
}
