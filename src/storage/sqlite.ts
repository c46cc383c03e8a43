/**
 * The embedded SQLite store (better-sqlite3): the default implementation of the Store port.
 *
 * - WAL journal, synchronous=NORMAL (a killed process loses nothing committed; a power cut may lose the last
 *   transactions, never consistency), foreign keys on, 5 s busy timeout for a second process.
 * - Every write is one IMMEDIATE transaction: a batch, its raw inputs, its FTS rows (triggers) and its
 *   fingerprints commit together or not at all.
 * - Spans are UTF-16 offsets into `text`, kept inside JSON; SQL never slices text (see DESIGN.md).
 * - Streams page by rowid (keyset), so a caller may write to the store while iterating it.
 */
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { Article, CitedSource, Republication } from '../core/article.js';
import { ParallaxError, isParallaxError } from '../core/errors.js';
import { parseJson, rowToArticle, rowToSummary, type ArticleRow } from './article-rows.js';
import { groupActorMentions, type ActorMentionGroupRow } from './finding-rows.js';
import { bands, shingleFingerprints } from '../clean/dedup.js';
import { migrate, INSERT_FINDING, findingParams } from './migrations.js';
import { diagnosticsOf, joinAnalysis, readySplit, rebuildFinding, type PayloadColumns } from './finding-rows.js';
import type {
  ArticleFilter,
  ArticleSummary,
  IngestItem,
  IngestOutcome,
  SearchHit,
  SignatureRow,
  Store,
  StoredAnalysis,
  AnalysisStamp,
  AnalysisStampAt,
  AnalyzedArticle,
  ArticleActorMentions,
  ArticleFindingCounts,
  FindingQuery,
  FindingRow,
  LeaseRequest,
  StoredRaw,
  ActorMerge,
} from './store.js';

type DB = BetterSqlite3.Database;
type Stmt = BetterSqlite3.Statement;

/** Rows fetched per round trip when streaming. */
const PAGE_SIZE = 200;
/** Articles whose findings the views read per query (a few thousand rows a batch). */
const FINDING_BATCH_ARTICLES = 100;
/** Fingerprint-sharing candidates returned at most, best first (a boilerplate passage must not flood the caller). */
const MAX_FINGERPRINT_CANDIDATES = 200;
/**
 * A fingerprint found in more articles than this is a stock phrase ("said in a statement on"), not evidence of
 * copying; ignoring it also bounds the cost of the lookup (each kept fingerprint joins at most this many rows).
 * A story copied more than 50 times loses its trimmed copies' fingerprint route; its near-full copies are
 * still found through the SimHash bands. Measured: 1000 -> 50 cut the lookup from 1.9 to ~0.3 ms/article on a
 * 3,000-article generated corpus.
 */
const COMMON_FINGERPRINT_ARTICLES = 50;
/**
 * Minimum share of the smaller article's fingerprints the two must have in common: a sampled estimate of the
 * shingle containment that compareForRepublication computes exactly, set below REPUBLICATION_THRESHOLD (0.6)
 * to leave room for sampling noise.
 */
const MIN_FINGERPRINT_CONTAINMENT = 0.4;
const BUSY_TIMEOUT_MS = 5000;

export interface SqliteStoreOptions {
  /** Open an existing database without writing to it (no migrations; fails on an old schema). */
  readonly?: boolean;
}

/** Opens (creating and migrating when needed) the SQLite database at `path`, or an in-memory one for ":memory:". */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  return SqliteStore.open(path, options);
}

const ARTICLE_COLUMNS = `seq, id, text_hash, source, url, canonical_url, outlet, outlet_id, outlet_country, group_name, title,
  byline, authors, published, published_precision, updated, updated_precision, language, language_confidence,
  license, section, text, word_count, simhash, republished_from, republication, cited_sources, repeated_paragraphs, flags,
  boilerplate, ingested_at`;

const SUMMARY_COLUMNS = 'seq, id, outlet, group_name, published, language, word_count, title, byline, republished_from, cited_sources, source';
const SIGNATURE_COLUMNS = 'seq, id, simhash, published, ingested_at, byline, outlet';

interface SignatureDbRow {
  seq: number;
  id: string;
  simhash: string;
  published: string | null;
  ingested_at: string;
  byline: string | null;
  outlet: string | null;
}

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly path: string;
  #db: DB | null;
  #stmts: ReturnType<typeof prepare>;

  private constructor(path: string, db: DB) {
    this.path = path;
    this.#db = db;
    this.#stmts = prepare(db);
  }

  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    let db: DB | undefined;
    try {
      db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      // Reading the schema is the first real access: a non-database or corrupt file fails here.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      if (options.readonly) {
        const v = db.pragma('user_version', { simple: true }) as number;
        if (v === 0) throw new ParallaxError('E_STORE', 'not a Parallax database (no schema)', { input: path });
      } else {
        migrate(db, path);
      }
      return new SqliteStore(path, db);
    } catch (e) {
      try {
        db?.close();
      } catch {
        // already failing; the first error is the one to report
      }
      throw storeError(path, e);
    }
  }

  /** The underlying connection, for tests and maintenance tools. Not part of the Store port. */
  get connection(): DB {
    return this.#open();
  }

  #open(): DB {
    if (!this.#db) throw new ParallaxError('E_STORE', 'the store is closed', { input: this.path });
    return this.#db;
  }

  /** Runs `fn` and turns any SQLite failure into an E_STORE error that names the database. */
  #run<T>(fn: (db: DB) => T): T {
    const db = this.#open();
    try {
      return fn(db);
    } catch (e) {
      throw storeError(this.path, e);
    }
  }

  async ingestBatch(items: IngestItem[]): Promise<IngestOutcome[]> {
    // Validate and compute everything outside the write lock.
    const prepared = items.map((item, i) => prepareItem(item, i));
    const s = this.#stmts;
    return this.#run((db) =>
      db
        .transaction(() => {
          const out: IngestOutcome[] = [];
          for (const { item, params, fingerprints } of prepared) {
            const a = item.article;
            const existing = s.idByHash.get(a.textHash) as { id: string } | undefined;
            if (existing) {
              out.push({ status: 'duplicate', id: existing.id });
              continue;
            }
            const clash = s.hashById.get(a.id) as { text_hash: string } | undefined;
            if (clash) {
              throw new ParallaxError('E_STORE', `article id ${a.id} is already used by a different text (hash ${clash.text_hash.slice(0, 12)}…)`, {
                input: this.path,
              });
            }
            const seq = Number(s.insertArticle.run({ ...params, fingerprintCount: fingerprints.length }).lastInsertRowid);
            const r = item.raw;
            s.insertRaw.run(seq, r.source, r.sourceKind, r.format, toBuffer(r.body), JSON.stringify(r.meta ?? {}));
            for (const fp of fingerprints) if (s.insertFingerprint.run(fp, seq).changes) s.countFingerprint.run(fp);
            out.push({ status: 'inserted', id: a.id });
          }
          return out;
        })
        .immediate(),
    );
  }

  async getArticle(idOrPrefix: string): Promise<Article | null> {
    const q = idOrPrefix.trim().toLowerCase();
    if (q.length < 4) {
      throw new ParallaxError('E_USAGE', `an article id or id prefix needs at least 4 characters, got "${idOrPrefix}"`, { input: idOrPrefix });
    }
    const s = this.#stmts;
    return this.#run(() => {
      const exact = s.articleById.get(q) as ArticleRow | undefined;
      if (exact) return rowToArticle(exact, this.path);
      const rows = s.articlesByPrefix.all(q, `${q}\uffff`, 11) as ArticleRow[];
      if (rows.length === 0) return null;
      if (rows.length > 1) {
        const shown = rows.slice(0, 10).map((r) => `${r.id}${r.title ? ` (${r.title})` : ''}`);
        throw new ParallaxError(
          'E_USAGE',
          `id prefix "${q}" is ambiguous: it matches ${rows.length > 10 ? 'more than 10' : rows.length} articles: ${shown.join(', ')}`,
          { input: idOrPrefix },
        );
      }
      return rowToArticle(rows[0], this.path);
    });
  }

  async getRaw(id: string): Promise<StoredRaw | null> {
    return this.#run(() => {
      const row = this.#stmts.rawById.get(id) as
        | { source: string; kind: string; format: 'html' | 'text'; body: Buffer; meta: string }
        | undefined;
      if (!row) return null;
      return { source: row.source, sourceKind: row.kind, format: row.format, body: row.body, meta: parseJson(row.meta, this.path, 'raw meta') as Record<string, unknown> };
    });
  }

  async listArticles(filter: ArticleFilter = {}): Promise<ArticleSummary[]> {
    const { where, params } = filterSql(filter);
    const { limit, offset } = pageOf(filter);
    return this.#run((db) => {
      const rows = db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles ${where} ORDER BY seq LIMIT ? OFFSET ?`)
        .all(...params, limit ?? -1, offset) as Array<Record<string, unknown>>;
      return rows.map(rowToSummary);
    });
  }

  async *iterateArticles(filter: ArticleFilter = {}): AsyncIterable<Article> {
    const { where, params } = filterSql(filter, 'seq > ?');
    let { limit } = pageOf(filter);
    let offset = pageOf(filter).offset;
    let after = 0;
    while (limit === undefined || limit > 0) {
      const n = limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit);
      const rows = this.#run((db) =>
        db.prepare(`SELECT ${ARTICLE_COLUMNS} FROM articles ${where} ORDER BY seq LIMIT ? OFFSET ?`).all(after, ...params, n, offset),
      ) as ArticleRow[];
      offset = 0; // the offset applies once; after that the rowid key pages
      for (const row of rows) yield rowToArticle(row, this.path);
      if (rows.length < n) return;
      after = rows[rows.length - 1].seq;
      if (limit !== undefined) limit -= rows.length;
    }
  }

  async countArticles(): Promise<number> {
    return this.#run(() => (this.#stmts.count.get() as { n: number }).n);
  }

  async search(query: string, limit = 20): Promise<SearchHit[]> {
    const fts = toFtsQuery(query);
    if (!fts) return [];
    const n = Number.isInteger(limit) && limit > 0 ? limit : 20;
    return this.#run(() => {
      const rows = this.#stmts.search.all(fts, n) as Array<{ id: string; title: string | null; outlet: string | null; snippet: string; score: number }>;
      return rows.map((r) => ({ id: r.id, title: r.title, outlet: r.outlet, snippet: r.snippet, rank: r.score }));
    });
  }

  async nearDuplicateCandidates(simhash: string, excludeId?: string): Promise<SignatureRow[]> {
    const [b0, b1, b2, b3] = bands(simhash);
    const s = this.#stmts;
    return this.#run(() => {
      const byId = new Map<string, SignatureDbRow & { shared: number }>();
      for (const r of s.byBands.all(b0, b1, b2, b3, excludeId ?? null) as SignatureDbRow[]) byId.set(r.id, { ...r, shared: 0 });
      if (excludeId !== undefined) {
        const own = s.fingerprintCount.get(excludeId) as { seq: number; n: number } | undefined;
        if (own && own.n > 0) {
          const minShared = Math.min(2, own.n);
          const rows = s.byFingerprints.all({
            seq: own.seq,
            common: COMMON_FINGERPRINT_ARTICLES,
            minShared,
            ownCount: own.n,
            containment: MIN_FINGERPRINT_CONTAINMENT,
            limit: MAX_FINGERPRINT_CANDIDATES,
          }) as Array<SignatureDbRow & { shared: number }>;
          for (const r of rows) {
            const seen = byId.get(r.id);
            if (seen) seen.shared = r.shared;
            else byId.set(r.id, r);
          }
        }
      }
      return [...byId.values()]
        .sort((a, b) => a.seq - b.seq)
        .map((r) => ({
          id: r.id,
          simhash: r.simhash,
          published: r.published,
          ingestedAt: r.ingested_at,
          byline: r.byline,
          outlet: r.outlet,
          sharedFingerprints: r.shared,
        }));
    });
  }

  async setRepublication(id: string, republication: Republication | null): Promise<void> {
    this.#run((db) => {
      const info = db.transaction(() =>
        this.#stmts.setRepublication.run(republication?.from ?? null, republication === null ? null : JSON.stringify(republication), id),
      ).immediate();
      if (info.changes === 0) throw new ParallaxError('E_NOT_FOUND', `no article with id "${id}"`, { input: id });
    });
  }

  async setGroups(groups: ReadonlyArray<{ id: string; group: string | null }>): Promise<number> {
    return this.#run((db) =>
      db
        .transaction(() => {
          let n = 0;
          for (const g of groups) n += this.#stmts.setGroup.run(g.group, g.id, g.group).changes;
          return n;
        })
        .immediate(),
    );
  }

  async putAnalysis(a: StoredAnalysis): Promise<void> {
    return this.putAnalyses([a]);
  }

  async putAnalyses(list: StoredAnalysis[]): Promise<void> {
    const rows = list.map((a) => {
      const json = a.split ? a.analysisJson : (a.analysisJson ?? JSON.stringify(a.analysis));
      if (json === undefined && !a.split) throw new ParallaxError('E_INTERNAL', `analysis of ${a.articleId} is not serialisable`);
      return { a, json, versions: JSON.stringify(a.versions), timings: a.timings ? JSON.stringify(a.timings) : null };
    });
    if (!rows.length) return;
    const s = this.#stmts;
    this.#run((db) => {
      db.transaction(() => {
        for (const row of rows) {
          const article = s.seqTextById.get(row.a.articleId) as { seq: number; text: string; text_hash: string } | undefined;
          if (!article) {
            throw new ParallaxError('E_NOT_FOUND', `no article with id "${row.a.articleId}" to attach the analysis to`, { input: row.a.articleId });
          }
          // Replaces the article's rows in the same transaction: a killed process leaves the old analysis or the new one.
          const split = readySplit(row.a, row.json, article.text, article.text_hash);
          s.deleteFindings.run(article.seq);
          if (split.rows) for (const f of split.rows) s.insertFinding.run(findingParams(article.seq, f));
          s.putAnalysis.run(row.a.articleId, row.a.textHash, row.versions, split.json, row.a.createdAt, row.timings, split.rows ? split.rows.length : null);
        }
      }).immediate();
    });
  }

  async listAnalysisStamps(): Promise<AnalysisStamp[]> {
    return this.#run(() =>
      (this.#stmts.analysisStamps.all() as Array<{ article_id: string; text_hash: string; versions: string }>).map((r) => ({
        articleId: r.article_id,
        textHash: r.text_hash,
        versions: parseJson(r.versions, this.path, 'analysis versions') as Record<string, string>,
      })),
    );
  }

  async getAnalysis(articleId: string): Promise<StoredAnalysis | null> {
    return this.#run((db) =>
      db.transaction(() => {
        const row = this.#stmts.analysisById.get(articleId) as (AnalysisRow & { seq: number; text: string }) | undefined;
        return row ? this.#toAnalysis(row) : null;
      })(),
    );
  }

  /** A stored analysis with its findings rebuilt from their rows (read in the caller's transaction). */
  #toAnalysis(r: AnalysisRow & { seq: number; text: string }): StoredAnalysis {
    const payloads = r.finding_rows === null ? null : (this.#stmts.findingPayloads.all(r.seq) as FindingDbRow[]).map(payloadColumns);
    let analysis: unknown;
    try {
      analysis = joinAnalysis(r.analysis, payloads, r.text);
    } catch (e) {
      throw new ParallaxError('E_STORE', `stored analysis of ${r.article_id} is not valid JSON`, { input: this.path, cause: e });
    }
    return {
      articleId: r.article_id,
      textHash: r.text_hash,
      versions: parseJson(r.versions, this.path, 'analysis versions') as Record<string, string>,
      analysis,
      timings: r.timings === null ? null : (parseJson(r.timings, this.path, 'analysis timings') as Record<string, number>),
      createdAt: r.created_at,
    };
  }

  async *iterateAnalyses(): AsyncIterable<StoredAnalysis> {
    let after = 0;
    for (;;) {
      const page = this.#run((db) =>
        db.transaction(() => {
          const rows = this.#stmts.analysesPage.all(after, PAGE_SIZE) as Array<AnalysisRow & { seq: number; text: string }>;
          return { n: rows.length, last: rows.length ? rows[rows.length - 1].seq : after, list: rows.map((r) => this.#toAnalysis(r)) };
        })(),
      );
      for (const a of page.list) yield a;
      if (page.n < PAGE_SIZE) return;
      after = page.last;
    }
  }

  async *iterateAnalysisDiagnostics(): AsyncIterable<{ articleId: string; diagnostics: unknown[] }> {
    let after = 0;
    for (;;) {
      const rows = this.#run(() => this.#stmts.diagnosticsPage.all(after, PAGE_SIZE) as Array<{ article_id: string; analysis: string; seq: number }>);
      for (const r of rows) yield { articleId: r.article_id, diagnostics: diagnosticsOf(r.analysis, r.article_id, this.path) };
      if (rows.length < PAGE_SIZE) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async getAnalysisStamp(articleId: string): Promise<AnalysisStampAt | null> {
    return this.#run(() => {
      const r = this.#stmts.analysisStamp.get(articleId) as { article_id: string; text_hash: string; versions: string; created_at: string } | undefined;
      if (!r) return null;
      return { articleId: r.article_id, textHash: r.text_hash, versions: parseJson(r.versions, this.path, 'analysis versions') as Record<string, string>, createdAt: r.created_at };
    });
  }

  async listAnalyzedArticles(): Promise<AnalyzedArticle[]> {
    return this.#run(() =>
      (this.#stmts.analyzedArticles.all() as Array<Record<string, unknown>>).map((r) => ({
        id: r.id as string,
        outlet: r.outlet as string | null,
        outletId: r.outlet_id as string | null,
        group: r.group_name as string | null,
        published: r.published as string | null,
        language: r.language as string | null,
        wordCount: r.word_count as number,
        title: r.title as string | null,
        byline: (r.byline as string | null) ?? null,
        citedSources: parseJson((r.cited_sources as string | null) ?? '[]', this.path, 'cited sources') as CitedSource[],
        source: r.source as string,
        republishedFrom: r.republished_from as string | null,
      })),
    );
  }

  /**
   * Current analyses' articles in batches of seq ranges: the views read findings a batch of articles at a time,
   * so no query joins each finding row to its article, and memory is bounded by the batch.
   */
  *#currentBatches(withText: boolean): Generator<{ lo: number; hi: number; ids: Map<number, string>; texts: Map<number, string> | null }> {
    for (let after = 0; ; ) {
      const rows = this.#run(() => (withText ? this.#stmts.currentPageText : this.#stmts.currentPage).all(after, FINDING_BATCH_ARTICLES)) as Array<{
        seq: number;
        id: string;
        text?: string;
      }>;
      if (!rows.length) return;
      const ids = new Map(rows.map((r) => [r.seq, r.id]));
      const texts = withText ? new Map(rows.map((r) => [r.seq, r.text as string])) : null;
      yield { lo: rows[0].seq, hi: rows[rows.length - 1].seq, ids, texts };
      if (rows.length < FINDING_BATCH_ARTICLES) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async *actorMentionsByArticle(): AsyncIterable<ArticleActorMentions> {
    for (const batch of this.#currentBatches(false)) {
      const rows = this.#run(() => this.#stmts.actorMentionGroups.all(batch.lo, batch.hi)) as ActorMentionGroupRow[];
      yield* groupActorMentions(rows, batch.ids);
    }
  }

  async *iterateFindings(query: FindingQuery): AsyncIterable<FindingRow> {
    const kinds = [...new Set(query.kinds)];
    if (!kinds.length) return;
    const actorIds = query.actorIds ? [...new Set(query.actorIds)] : null;
    if (actorIds && !actorIds.length) return;
    // One kind: its index, (kind, article_seq, ordinal), in order. Several: the primary key in order (unary + keeps
    // SQLite off the kind index, which would read each kind apart and sort every batch).
    const clauses = [kinds.length === 1 ? 'f.kind = ?' : `+f.kind IN (${kinds.map(() => '?').join(', ')})`];
    const params: unknown[] = [...kinds];
    if (query.ownVoiceOnly) clauses.push("f.voice = 'outlet'");
    if (actorIds) {
      clauses.push(`f.actor_id IN (${actorIds.map(() => '?').join(', ')})`);
      params.push(...actorIds);
    }
    // Rows as arrays (better-sqlite3 raw mode): a third of the time of objects on hundreds of thousands of rows.
    const sql = `SELECT f.article_seq, f.ordinal, f.kind, f.analyzer, f.actor_id, f.actor_kind, f.canonical, f.state_id, f.voice, f.speaker,
        f.span_start, f.span_end, f.score, f.confidence, f.key${query.payload ? ', f.payload' : ''}
      FROM findings f WHERE f.article_seq BETWEEN ? AND ? AND ${clauses.join(' AND ')}
      ORDER BY f.article_seq, f.ordinal`;
    const stmt = this.#run((db) => db.prepare(sql).raw(true));
    for (const batch of this.#currentBatches(Boolean(query.payload))) {
      const rows = this.#run(() => stmt.all(batch.lo, batch.hi, ...params)) as unknown[][];
      for (const a of rows) {
        const seq = a[0] as number;
        const articleId = batch.ids.get(seq);
        if (articleId === undefined) continue;
        const row: FindingRow = {
          articleId,
          ordinal: a[1] as number,
          kind: a[2] as string,
          analyzer: a[3] as string,
          actorId: a[4] as string | null,
          actorKind: a[5] as string | null,
          canonical: a[6] as string | null,
          voice: a[8] as 'outlet' | 'quote',
          speaker: a[9] as string | null,
          spanStart: a[10] as number | null,
          spanEnd: a[11] as number | null,
          score: a[12] as number | null,
          confidence: a[13] as number | null,
          key: a[14] as string | null,
        };
        if (query.payload) {
          const columns = { ...row, stateId: a[7] as string | null };
          try {
            row.finding = rebuildFinding(a[15] as string, columns, batch.texts!.get(seq)!);
          } catch (e) {
            throw new ParallaxError('E_STORE', `stored finding ${row.ordinal} of article ${articleId} is not valid JSON`, { input: this.path, cause: e });
          }
        }
        yield row;
      }
    }
  }

  async *findingCountsByArticle(): AsyncIterable<ArticleFindingCounts> {
    for (const batch of this.#currentBatches(false)) {
      const rows = this.#run(() => this.#stmts.findingCounts.all(batch.lo, batch.hi)) as Array<{ article_seq: number; kind: string; n: number }>;
      let cur: ArticleFindingCounts | null = null;
      let curSeq = -1;
      for (const r of rows) {
        const id = batch.ids.get(r.article_seq);
        if (id === undefined) continue;
        if (r.article_seq !== curSeq) {
          if (cur) yield cur;
          cur = { articleId: id, counts: {} };
          curSeq = r.article_seq;
        }
        cur!.counts[r.kind] = r.n;
      }
      if (cur) yield cur;
    }
  }

  async claimForAnalysis(ids: string[], lease: LeaseRequest): Promise<string[]> {
    const { owner, ttlMs } = lease;
    const now = lease.now ?? Date.now();
    if (typeof owner !== 'string' || !owner) throw new ParallaxError('E_INTERNAL', 'a lease needs an owner');
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new ParallaxError('E_INTERNAL', `a lease needs a positive ttlMs, got ${ttlMs}`);
    if (!ids.length) return [];
    const s = this.#stmts;
    return this.#run((db) =>
      db
        .transaction(() => {
          const out: string[] = [];
          for (const id of ids) {
            if (!s.seqById.get(id)) continue;
            if (s.claim.run({ id, owner, expires: now + ttlMs, now }).changes) out.push(id);
          }
          return out;
        })
        .immediate(),
    );
  }

  async releaseClaims(owner: string, ids?: string[]): Promise<void> {
    const s = this.#stmts;
    this.#run((db) =>
      db
        .transaction(() => {
          if (ids === undefined) s.releaseAll.run(owner);
          else for (const id of ids) s.release.run(id, owner);
        })
        .immediate(),
    );
  }

  async listClaims(now = Date.now()): Promise<Array<{ articleId: string; owner: string; expiresAt: number }>> {
    return this.#run(() =>
      (this.#stmts.claims.all(now) as Array<{ article_id: string; owner: string; expires_at: number }>).map((r) => ({
        articleId: r.article_id,
        owner: r.owner,
        expiresAt: r.expires_at,
      })),
    );
  }

  async listActorMerges(): Promise<ActorMerge[]> {
    return this.#run(() =>
      (this.#stmts.merges.all() as Array<{ from_id: string; to_id: string; note: string | null; created_at: string }>).map((r) => ({
        from: r.from_id,
        to: r.to_id,
        note: r.note,
        createdAt: r.created_at,
      })),
    );
  }

  async putActorMerge(merge: { from: string; to: string; note?: string | null }): Promise<void> {
    this.#run(() => this.#stmts.putMerge.run(merge.from, merge.to, merge.note ?? null, new Date().toISOString()));
  }

  async deleteActorMerge(from: string): Promise<boolean> {
    return this.#run(() => this.#stmts.deleteMerge.run(from).changes > 0);
  }

  async close(): Promise<void> {
    const db = this.#db;
    if (!db) return;
    this.#db = null;
    try {
      db.close();
    } catch (e) {
      throw storeError(this.path, e);
    }
  }
}

function prepare(db: DB) {
  const p = (sql: string): Stmt => db.prepare(sql);
  return {
    idByHash: p('SELECT id FROM articles WHERE text_hash = ?'),
    hashById: p('SELECT text_hash FROM articles WHERE id = ?'),
    seqById: p('SELECT seq FROM articles WHERE id = ?'),
    insertArticle: p(`INSERT INTO articles (id, text_hash, source, url, canonical_url, outlet, outlet_id, outlet_country,
        group_name, title, byline, authors, published, published_precision, updated, updated_precision, language,
        language_confidence, license, section, text, word_count, simhash, band0, band1, band2, band3,
        republished_from, republication, cited_sources, repeated_paragraphs, flags, boilerplate, ingested_at, fingerprint_count)
      VALUES (@id, @textHash, @source, @url, @canonicalUrl, @outlet, @outletId, @outletCountry, @group, @title,
        @byline, @authors, @published, @publishedPrecision, @updated, @updatedPrecision, @language,
        @languageConfidence, @license, @section, @text, @wordCount, @simhash, @band0, @band1, @band2, @band3,
        @republishedFrom, @republication, @citedSources, @repeatedParagraphs, @flags, @boilerplate, @ingestedAt, @fingerprintCount)`),
    insertRaw: p('INSERT INTO raw_inputs (article_seq, source, kind, format, body, meta) VALUES (?, ?, ?, ?, ?, ?)'),
    insertFingerprint: p('INSERT OR IGNORE INTO shingle_fingerprints (fp, article_seq) VALUES (?, ?)'),
    countFingerprint: p('INSERT INTO fingerprint_counts (fp, n) VALUES (?, 1) ON CONFLICT(fp) DO UPDATE SET n = n + 1'),
    articleById: p(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ?`),
    articlesByPrefix: p(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?`),
    rawById: p('SELECT r.source, r.kind, r.format, r.body, r.meta FROM raw_inputs r JOIN articles a ON a.seq = r.article_seq WHERE a.id = ?'),
    count: p('SELECT count(*) AS n FROM articles'),
    search: p(`SELECT a.id, a.title, a.outlet,
        snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet,
        bm25(articles_fts, 2.0, 1.0) AS score
      FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
      WHERE articles_fts MATCH ?
      ORDER BY score, a.seq
      LIMIT ?`),
    byBands: p(`SELECT ${SIGNATURE_COLUMNS} FROM articles
      WHERE (band0 = ? OR band1 = ? OR band2 = ? OR band3 = ?) AND id IS NOT ?`),
    fingerprintCount: p('SELECT seq, fingerprint_count AS n FROM articles WHERE id = ?'),
    byFingerprints: p(`SELECT ${SIGNATURE_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')}, c.shared
      FROM (SELECT f2.article_seq AS seq, count(*) AS shared
            FROM shingle_fingerprints f1
            JOIN shingle_fingerprints f2 ON f2.fp = f1.fp AND f2.article_seq != f1.article_seq
            WHERE f1.article_seq = @seq
              AND (SELECT n FROM fingerprint_counts fc WHERE fc.fp = f1.fp) <= @common
            GROUP BY f2.article_seq
            HAVING count(*) >= @minShared) c
      JOIN articles a ON a.seq = c.seq
      WHERE c.shared >= @containment * min(@ownCount, a.fingerprint_count)
      ORDER BY c.shared DESC, a.seq
      LIMIT @limit`),
    setRepublication: p('UPDATE articles SET republished_from = ?, republication = ? WHERE id = ?'),
    setGroup: p('UPDATE articles SET group_name = ? WHERE id = ? AND group_name IS NOT ?'),
    putAnalysis: p(`INSERT INTO analyses (article_id, text_hash, versions, analysis, created_at, timings, finding_rows) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(article_id) DO UPDATE SET text_hash = excluded.text_hash, versions = excluded.versions,
        analysis = excluded.analysis, created_at = excluded.created_at, timings = excluded.timings, finding_rows = excluded.finding_rows`),
    analysisStamp: p('SELECT article_id, text_hash, versions, created_at FROM analyses WHERE article_id = ?'),
    // Free, expired or already ours: take (or renew) it. changes() is 0 when another owner holds a live lease.
    claim: p(`INSERT INTO analysis_leases (article_id, owner, expires_at) VALUES (@id, @owner, @expires)
      ON CONFLICT(article_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE analysis_leases.expires_at <= @now OR analysis_leases.owner = excluded.owner`),
    release: p('DELETE FROM analysis_leases WHERE article_id = ? AND owner = ?'),
    releaseAll: p('DELETE FROM analysis_leases WHERE owner = ?'),
    merges: p('SELECT from_id, to_id, note, created_at FROM actor_merges ORDER BY from_id'),
    putMerge: p(`INSERT INTO actor_merges (from_id, to_id, note, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT(from_id) DO UPDATE SET to_id = excluded.to_id, note = excluded.note, created_at = excluded.created_at`),
    deleteMerge: p('DELETE FROM actor_merges WHERE from_id = ?'),
    claims: p(`SELECT l.article_id, l.owner, l.expires_at FROM analysis_leases l JOIN articles a ON a.id = l.article_id
      WHERE l.expires_at > ? ORDER BY a.seq`),
    analysisStamps: p('SELECT n.article_id, n.text_hash, n.versions FROM analyses n JOIN articles a ON a.id = n.article_id ORDER BY a.seq'),
    analysisById: p(`SELECT an.article_id, an.text_hash, an.versions, an.analysis, an.created_at, an.timings, an.finding_rows, a.seq, a.text
      FROM analyses an JOIN articles a ON a.id = an.article_id WHERE an.article_id = ?`),
    analysesPage: p(`SELECT an.article_id, an.text_hash, an.versions, an.analysis, an.created_at, an.timings, an.finding_rows, a.seq, a.text
      FROM analyses an JOIN articles a ON a.id = an.article_id
      WHERE a.seq > ? ORDER BY a.seq LIMIT ?`),
    diagnosticsPage: p(`SELECT an.article_id, an.analysis, a.seq FROM analyses an JOIN articles a ON a.id = an.article_id
      WHERE a.seq > ? ORDER BY a.seq LIMIT ?`),
    seqTextById: p('SELECT seq, text, text_hash FROM articles WHERE id = ?'),
    deleteFindings: p('DELETE FROM findings WHERE article_seq = ?'),
    insertFinding: p(INSERT_FINDING),
    findingPayloads: p(`SELECT kind, analyzer, actor_id, actor_kind, canonical, state_id, voice, span_start, span_end, key, payload
      FROM findings WHERE article_seq = ? ORDER BY ordinal`),
    analyzedArticles: p(`SELECT a.seq, a.id, a.outlet, a.outlet_id, a.group_name, a.published, a.language, a.word_count, a.title, a.source,
        a.republished_from, a.byline, a.cited_sources
      FROM articles a JOIN analyses an ON an.article_id = a.id WHERE an.text_hash = a.text_hash ORDER BY a.seq`),
    currentPage: p(`SELECT a.seq, a.id FROM articles a JOIN analyses an ON an.article_id = a.id
      WHERE an.text_hash = a.text_hash AND an.finding_rows IS NOT NULL AND a.seq > ? ORDER BY a.seq LIMIT ?`),
    currentPageText: p(`SELECT a.seq, a.id, a.text FROM articles a JOIN analyses an ON an.article_id = a.id
      WHERE an.text_hash = a.text_hash AND an.finding_rows IS NOT NULL AND a.seq > ? ORDER BY a.seq LIMIT ?`),
    actorMentionGroups: p(`SELECT article_seq, actor_id, actor_kind, canonical, state_id, count(*) AS mentions,
        sum(CASE WHEN voice = 'outlet' THEN 1 ELSE 0 END) AS own, min(ordinal) AS first
      FROM findings WHERE article_seq BETWEEN ? AND ? AND kind = 'actor-mention' AND actor_id IS NOT NULL
      GROUP BY article_seq, actor_id, actor_kind, canonical, state_id
      ORDER BY article_seq, first`),
    findingCounts: p(`SELECT article_seq, kind, count(*) AS n, min(ordinal) AS first FROM findings WHERE article_seq BETWEEN ? AND ?
      GROUP BY article_seq, kind ORDER BY article_seq, first`),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Mapping

const HEX64 = /^[0-9a-f]{64}$/;

function prepareItem(item: IngestItem, index: number) {
  const a = item?.article;
  const where = `ingestBatch item ${index}${a?.source ? ` (${a.source})` : ''}`;
  const bad = (what: string) => new ParallaxError('E_INTERNAL', `${where}: ${what}`);
  if (!a || typeof a.text !== 'string') throw bad('article text is missing');
  if (typeof a.id !== 'string' || a.id.length < 4) throw bad(`invalid article id "${a.id}"`);
  if (typeof a.textHash !== 'string' || !HEX64.test(a.textHash)) throw bad('textHash must be 64 lower-case hex chars');
  if (typeof a.simhash !== 'string' || !/^[0-9a-f]{16}$/.test(a.simhash)) throw bad('simhash must be 16 lower-case hex chars');
  const r = item.raw;
  if (!r || !(r.body instanceof Uint8Array)) throw bad('raw body must be bytes (Uint8Array)');
  const [band0, band1, band2, band3] = bands(a.simhash);
  const params = {
    id: a.id,
    textHash: a.textHash,
    source: a.source,
    url: a.url,
    canonicalUrl: a.canonicalUrl,
    outlet: a.outlet,
    outletId: a.outletId,
    outletCountry: a.outletCountry,
    group: a.group,
    title: a.title,
    byline: a.byline,
    authors: JSON.stringify(a.authors ?? []),
    published: a.published,
    publishedPrecision: a.publishedPrecision,
    updated: a.updated,
    updatedPrecision: a.updatedPrecision,
    language: a.language,
    languageConfidence: a.languageConfidence,
    license: a.license,
    section: a.section,
    text: a.text,
    wordCount: a.wordCount,
    simhash: a.simhash,
    band0,
    band1,
    band2,
    band3,
    republishedFrom: a.republishedFrom ?? a.republication?.from ?? null,
    republication: a.republication ? JSON.stringify(a.republication) : null,
    citedSources: JSON.stringify(a.citedSources ?? []),
    repeatedParagraphs: JSON.stringify(a.repeatedParagraphs ?? []),
    flags: JSON.stringify(a.flags ?? []),
    boilerplate: JSON.stringify(a.boilerplate ?? []),
    ingestedAt: a.ingestedAt,
  };
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) throw bad(`field ${k} is undefined (use null)`);
  }
  return { item, params, fingerprints: item.fingerprints ?? shingleFingerprints(a.text) };
}

function toBuffer(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** The columns a payload is read back with. */
function payloadColumns(r: FindingDbRow): PayloadColumns & { payload: string } {
  return {
    kind: r.kind,
    analyzer: r.analyzer,
    actorId: r.actor_id,
    actorKind: r.actor_kind,
    canonical: r.canonical,
    stateId: r.state_id,
    voice: r.voice,
    spanStart: r.span_start,
    spanEnd: r.span_end,
    key: r.key,
    payload: r.payload!,
  };
}

interface FindingDbRow {
  article_seq: number;
  ordinal: number;
  state_id: string | null;
  kind: string;
  analyzer: string;
  actor_id: string | null;
  actor_kind: string | null;
  canonical: string | null;
  voice: 'outlet' | 'quote';
  speaker: string | null;
  span_start: number | null;
  span_end: number | null;
  score: number | null;
  confidence: number | null;
  key: string | null;
  payload?: string;
}

interface AnalysisRow {
  article_id: string;
  text_hash: string;
  versions: string;
  analysis: string;
  created_at: string;
  timings: string | null;
  finding_rows: number | null;
}

/** WHERE clause for an ArticleFilter. Outlet matches the display name (ASCII case-insensitive) or the registry id. */
function filterSql(filter: ArticleFilter, first?: string): { where: string; params: unknown[] } {
  const clauses: string[] = first ? [first] : [];
  const params: unknown[] = [];
  if (filter.outlet !== undefined) {
    clauses.push('(outlet = ? COLLATE NOCASE OR outlet_id = ?)');
    params.push(filter.outlet, filter.outlet);
  }
  if (filter.group !== undefined) {
    clauses.push('group_name = ?');
    params.push(filter.group);
  }
  if (filter.language !== undefined) {
    clauses.push('language = ?');
    params.push(filter.language);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function pageOf(filter: ArticleFilter): { limit: number | undefined; offset: number } {
  const check = (name: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
      throw new ParallaxError('E_USAGE', `${name} must be a non-negative integer, got ${v}`, { input: name });
    }
  };
  check('limit', filter.limit);
  check('offset', filter.offset);
  return { limit: filter.limit, offset: filter.offset ?? 0 };
}

// ---------------------------------------------------------------------------------------------------------
// Full-text query sanitising

const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * Turns what a user typed into a safe FTS5 query, or null when nothing searchable is left. Never produces FTS5
 * syntax errors: every term becomes a quoted string (quotes doubled), so operators, parentheses, colons,
 * NEAR, ^ and stray quotes lose their meaning. Kept on purpose:
 *   "quoted phrases"   → phrase match
 *   word*              → prefix match
 *   a OR b             → either (upper-case OR between two terms)
 *   title:word         → match in the title only (also text:word)
 * Everything else is ANDed. AND is dropped (it is the default); NOT and NEAR are searched as words.
 */
export function toFtsQuery(input: string): string | null {
  const parts: string[] = [];
  let pendingOr = false;
  const push = (term: string) => {
    if (parts.length && pendingOr) parts.push('OR');
    pendingOr = false;
    parts.push(term);
  };
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

  const re = /"([^"]*)"|[^\s"]+/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input))) {
    if (m[1] !== undefined) {
      if (HAS_WORD.test(m[1])) push(quote(m[1]));
      continue;
    }
    let word = m[0];
    if (word === 'OR') {
      pendingOr = parts.length > 0;
      continue;
    }
    if (word === 'AND') continue;
    let column = '';
    const col = /^(title|text):(.*)$/i.exec(word);
    if (col && HAS_WORD.test(col[2])) {
      column = `${col[1].toLowerCase()} : `;
      word = col[2];
    }
    const prefix = /[\p{L}\p{N}]\*+$/u.test(word);
    const bare = word.replace(/\*+$/u, '');
    if (!HAS_WORD.test(bare)) continue;
    push(`${column}${quote(bare)}${prefix ? '*' : ''}`);
  }
  return parts.length ? parts.join(' ') : null;
}

// ---------------------------------------------------------------------------------------------------------
// Errors

const SQLITE_PROBLEMS: Array<[RegExp, string]> = [
  [/^SQLITE_NOTADB/, 'not a SQLite database'],
  [/^SQLITE_CORRUPT/, 'the database file is corrupt'],
  [/^SQLITE_READONLY/, 'the database is read-only (check the permissions of the file and its folder)'],
  [/^SQLITE_CANTOPEN/, 'the database file cannot be opened (does its folder exist, is it writable?)'],
  [/^SQLITE_(BUSY|LOCKED)/, 'the database is locked by another process; try again'],
  [/^SQLITE_FULL/, 'the disk is full'],
  [/^SQLITE_IOERR/, 'I/O error on the database file'],
  [/^SQLITE_PERM/, 'permission denied on the database file'],
];

/** Any failure inside the store becomes ParallaxError E_STORE with the database path as its input. */
export function storeError(path: string, e: unknown): ParallaxError {
  if (isParallaxError(e)) return e;
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    const known = SQLITE_PROBLEMS.find(([re]) => re.test(code));
    const text = known ? `${known[1]} (${message})` : `database error ${code}: ${message}`;
    return new ParallaxError('E_STORE', text, { input: path, cause: e });
  }
  if (/directory does not exist/i.test(message)) {
    return new ParallaxError('E_STORE', 'the database file cannot be opened: its folder does not exist', { input: path, cause: e });
  }
  return new ParallaxError('E_STORE', `database error: ${message}`, { input: path, cause: e });
}
