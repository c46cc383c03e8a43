import type { Article, Republication } from '../core/article.js';

/** The original input kept so an article can be re-cleaned when the cleaner improves. */
export interface StoredRaw {
  source: string;
  sourceKind: string;
  format: 'html' | 'text';
  /** The raw body as bytes (UTF-8 of the decoded body). */
  body: Uint8Array;
  /** JSON of the container metadata and user overrides. */
  meta: Record<string, unknown>;
}

export interface IngestItem {
  raw: StoredRaw;
  article: Article;
}

export type IngestOutcome =
  | { status: 'inserted'; id: string }
  /** Same normalised text already stored: nothing new was created. */
  | { status: 'duplicate'; id: string };

export interface ArticleFilter {
  outlet?: string;
  group?: string;
  language?: string;
  limit?: number;
  offset?: number;
}

export interface ArticleSummary {
  id: string;
  outlet: string | null;
  group: string | null;
  published: string | null;
  language: string | null;
  wordCount: number;
  title: string | null;
  republishedFrom: string | null;
  source: string;
}

export interface SearchHit {
  id: string;
  title: string | null;
  outlet: string | null;
  /** A short excerpt with the matched terms wrapped in [brackets]. */
  snippet: string;
  rank: number;
}

/** A stored near-duplicate signature for candidate lookup. */
export interface SignatureRow {
  id: string;
  simhash: string;
  published: string | null;
  ingestedAt: string;
  byline: string | null;
  outlet: string | null;
  /**
   * How many sampled shingle fingerprints the row shares with the article named by `excludeId` (0 or absent
   * when it was found by SimHash band only). A row found this way may be a trimmed copy far beyond SimHash
   * distance, so callers should not drop it on Hamming distance alone.
   */
  sharedFingerprints?: number;
}

/** Per-article analysis output, stored as JSON with the analyzer versions that produced it. */
/** What says whether a stored analysis is current, without reading (and parsing) the analysis itself. */
export interface AnalysisStamp {
  articleId: string;
  textHash: string;
  versions: Record<string, string>;
}

export interface StoredAnalysis {
  articleId: string;
  textHash: string;
  /** analyzer id -> version */
  versions: Record<string, string>;
  /** The Analysis JSON (findings, diagnostics, timings). */
  analysis: unknown;
  /**
   * The same Analysis already serialised (analysis workers serialise off the main thread); when present it is
   * stored as is and `analysis` is not serialised again.
   */
  analysisJson?: string;
  createdAt: string;
}

/**
 * The storage port. SQLite (embedded, default) implements it now; PostgreSQL follows with the same
 * contract tests (src/storage/contract.ts). All methods are async so that network dialects fit.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Insert a batch in ONE transaction: a killed process leaves either all of the batch or none of it. */
  ingestBatch(items: IngestItem[]): Promise<IngestOutcome[]>;
  getArticle(idOrPrefix: string): Promise<Article | null>;
  getRaw(id: string): Promise<StoredRaw | null>;
  listArticles(filter?: ArticleFilter): Promise<ArticleSummary[]>;
  /** Streams articles in ingest order without loading the corpus into memory. */
  iterateArticles(filter?: ArticleFilter): AsyncIterable<Article>;
  countArticles(): Promise<number>;
  /** FTS5 (SQLite) / tsvector (PostgreSQL) search over title and text. */
  search(query: string, limit?: number): Promise<SearchHit[]>;
  /**
   * Candidates for near-duplicate comparison: rows sharing at least one SimHash band with `simhash`, plus, when
   * `excludeId` names a stored article, rows sharing sampled shingle fingerprints with it (finds copies cut to
   * their first paragraphs, which SimHash bands miss). The article `excludeId` itself is never returned.
   */
  nearDuplicateCandidates(simhash: string, excludeId?: string): Promise<SignatureRow[]>;
  setRepublication(id: string, republication: Republication | null): Promise<void>;
  putAnalysis(a: StoredAnalysis): Promise<void>;
  /**
   * Several analyses in one transaction (all or none): one commit for a batch instead of one per article. Fails
   * with E_NOT_FOUND, storing none of them, when any names an article that is not stored.
   */
  putAnalyses(list: StoredAnalysis[]): Promise<void>;
  getAnalysis(articleId: string): Promise<StoredAnalysis | null>;
  /** Text hash and analyzer versions of every stored analysis, in ingest order (for "is it current?"). */
  listAnalysisStamps(): Promise<AnalysisStamp[]>;
  iterateAnalyses(): AsyncIterable<StoredAnalysis>;
  close(): Promise<void>;
}
