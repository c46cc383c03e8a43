import type { Article, CitedSource, Republication } from '../core/article.js';
import type { SplitAnalysis } from './finding-rows.js';

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
  /**
   * `shingleFingerprints(article.text)` when the caller already has them (ingest computes them with the SimHash,
   * from one tokenisation, on its cleaning thread); the store computes them when absent.
   */
  fingerprints?: number[];
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
  /** Names an unknown outlet's column ("unknown outlet (by H. Someone, …)"). */
  byline: string | null;
  republishedFrom: string | null;
  /** Outlets the article cites as its source ([] when none); shown with an unknown outlet's column. */
  citedSources: CitedSource[];
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

/** An analysis stamp with the time it was stored. */
export interface AnalysisStampAt extends AnalysisStamp {
  createdAt: string;
}

/**
 * A claim on articles to analyse, so several processes on one database share the work. A claim lasts `ttlMs`
 * from `now`; a lease that has expired (its process died or stalled) can be claimed by anyone.
 */
export interface LeaseRequest {
  /** Who claims: unique per process and run. */
  owner: string;
  ttlMs: number;
  /** Milliseconds since the epoch (default Date.now()); given by tests to move time. */
  now?: number;
}

export interface StoredAnalysis {
  articleId: string;
  textHash: string;
  /** analyzer id -> version */
  versions: Record<string, string>;
  /**
   * The Analysis JSON (findings, diagnostics, versions), stored byte for byte as given. The analyze service leaves
   * the wall-clock `timings` out of it, so the same article and analyzers give the same bytes.
   */
  analysis: unknown;
  /** Milliseconds per analyzer of the run that stored it, kept apart from `analysis` (null when not recorded). */
  timings?: Record<string, number> | null;
  /**
   * The same Analysis already serialised (analysis workers serialise off the main thread); when present it is
   * stored as is and `analysis` is not serialised again.
   */
  analysisJson?: string;
  /**
   * The same Analysis already split into its finding rows and the rest (splitAnalysisValue with the text of the
   * article as analysed; the analyze service splits on the thread that analysed it). When present and the stored
   * article still has `textHash`, the store writes it as is; otherwise it splits `analysisJson` itself (and fails
   * the analysis when there is none).
   */
  split?: SplitAnalysis;
  createdAt: string;
}

/**
 * An article with a current analysis (its analysis was made from its present text), without the text: what the
 * corpus views need to place a finding in its column (outlet, group, date). Outlet and group are read from the
 * article at query time, so regrouping never rewrites findings.
 */
export interface AnalyzedArticle {
  id: string;
  outlet: string | null;
  outletId: string | null;
  group: string | null;
  published: string | null;
  language: string | null;
  wordCount: number;
  title: string | null;
  /** With citedSources, names an unknown outlet's column exactly as the other views do (outletColumn). */
  byline: string | null;
  citedSources: CitedSource[];
  source: string;
  republishedFrom: string | null;
}

/**
 * The actor mentions of one article, one entry per distinct (actor id, kind, canonical name, state) with how many
 * mentions and how many in the outlet's own voice; entries in the order of their first mention.
 */
export interface ArticleActorMentions {
  articleId: string;
  actors: Array<{ actorId: string; actorKind: string; canonical: string; stateId: string | null; mentions: number; ownVoice: number }>;
}

/** Which findings to stream (only findings of current analyses, in article ingest order, then finding order). */
export interface FindingQuery {
  /** Finding kinds ('label', 'stance', …); required, so a view says what it reads. */
  kinds: string[];
  /** Only findings in the outlet's own voice (not inside quotations). */
  ownVoiceOnly?: boolean;
  /** Only findings whose actor id (a per-article id, before corpus resolution) is one of these. */
  actorIds?: string[];
  /** Also rebuild each finding's whole JSON (`finding`); without it only the columns are read. */
  payload?: boolean;
}

/** One finding as the views read it: its columns, and the whole finding when asked for. */
export interface FindingRow {
  articleId: string;
  ordinal: number;
  kind: string;
  analyzer: string;
  actorId: string | null;
  actorKind: string | null;
  canonical: string | null;
  voice: 'outlet' | 'quote';
  speaker: string | null;
  spanStart: number | null;
  spanEnd: number | null;
  score: number | null;
  confidence: number | null;
  key: string | null;
  /** The finding's JSON value, exactly as stored in the analysis (with FindingQuery.payload). */
  finding?: unknown;
}

/** Finding counts of one article's current analysis per kind (GROUP BY article, kind). */
export interface ArticleFindingCounts {
  articleId: string;
  /** kind -> findings, kinds in the order of their first finding in the analysis. */
  counts: Record<string, number>;
}

/**
 * The storage port. SQLite (embedded, default) and PostgreSQL (src/storage/postgres.ts) implement it and pass the
 * same contract tests (src/storage/contract.ts). All methods are async so that network dialects fit.
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
  /**
   * Sets stored articles' perspective groups in one transaction (`parallax groups --apply`); returns how many rows
   * changed. An unknown id is skipped: the caller read the ids from the store.
   */
  setGroups(groups: ReadonlyArray<{ id: string; group: string | null }>): Promise<number>;
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
  /**
   * The diagnostics of every stored analysis, in ingest order, without reading its findings (the analysis JSON
   * kept beside the rows is small): what `parallax status` needs to list failed analyses on a large corpus.
   */
  iterateAnalysisDiagnostics(): AsyncIterable<{ articleId: string; diagnostics: unknown[] }>;
  /** The stamp of one article's analysis with when it was stored, or null. */
  getAnalysisStamp(articleId: string): Promise<AnalysisStampAt | null>;
  /** Articles whose stored analysis is current (same text hash), in ingest order, without their text. */
  listAnalyzedArticles(): Promise<AnalyzedArticle[]>;
  /**
   * Actor mentions of current analyses, one entry per article (ingest order) grouped by distinct actor (an
   * aggregate: GROUP BY article, actor). What corpus actor resolution needs, without the mentions themselves.
   */
  actorMentionsByArticle(): AsyncIterable<ArticleActorMentions>;
  /** Streams findings of current analyses (keyset paging; memory bounded by the page, not the corpus). */
  iterateFindings(query: FindingQuery): AsyncIterable<FindingRow>;
  /** Findings of current analyses counted per article and kind, streamed in ingest order (GROUP BY). */
  findingCountsByArticle(): AsyncIterable<ArticleFindingCounts>;
  /**
   * Claims articles for analysis in one transaction: each id whose lease is free, expired or already the
   * owner's (renewed) is leased to `owner` until now + ttlMs. Returns the ids claimed, in the order given; ids
   * leased to another owner and ids of no stored article are left out.
   */
  claimForAnalysis(ids: string[], lease: LeaseRequest): Promise<string[]>;
  /** Ends `owner`'s leases on these ids (all of its leases without ids). */
  releaseClaims(owner: string, ids?: string[]): Promise<void>;
  /** Active leases (not expired at `now`), in article ingest order: for diagnostics and tests. */
  listClaims(now?: number): Promise<Array<{ articleId: string; owner: string; expiresAt: number }>>;
  /** The user's actor merge table (docs/storage.md#actor-merges), ordered by `from`. */
  listActorMerges(): Promise<ActorMerge[]>;
  /** Records that corpus actor `from` counts as `to` (replacing an earlier merge of `from`). */
  putActorMerge(merge: { from: string; to: string; note?: string | null }): Promise<void>;
  /** Removes the merge of `from`; false when there was none. */
  deleteActorMerge(from: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One row of the actor merge table: every mention of corpus actor `from` is counted as `to`. */
export interface ActorMerge {
  from: string;
  to: string;
  note: string | null;
  /** ISO time the merge was recorded. */
  createdAt: string;
}
