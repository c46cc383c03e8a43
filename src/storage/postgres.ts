/**
 * The PostgreSQL store (node-postgres, `pg`): the Store port on a server that several processes and machines share.
 *
 * - Hand-written SQL behind the port, as the SQLite store has (docs/storage.md says why, with the dialect table).
 * - A small pool (4 connections). Every write is one transaction on one pooled connection; a deadlock, a
 *   serialisation failure or a unique violation between concurrent writers is retried (up to 4 attempts) because
 *   the whole transaction rolled back. A killed process leaves whole transactions only.
 * - Full-text search: a tsvector column (GIN index) built with the text search configuration of the article's
 *   language ('simple' when PostgreSQL has none); the user's query is parsed like SQLite's toFtsQuery and rebuilt
 *   as a tsquery of quoted terms, never passed through as syntax.
 * - Spans are UTF-16 offsets into `text`, kept inside JSON; SQL never slices text (see DESIGN.md).
 * - Streams page by seq (keyset) with one short query per page, so a caller may write while iterating.
 */
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import type { Article, CitedSource, Republication } from '../core/article.js';
import { ParallaxError, isParallaxError } from '../core/errors.js';
import { parseJson, rowToArticle, rowToSummary, type ArticleRow } from './article-rows.js';
import { groupActorMentions, type ActorMentionGroupRow } from './finding-rows.js';
import { bands, shingleFingerprints } from '../clean/dedup.js';
import { insertFindingRows, migratePostgres, pgSchemaVersion, PG_LATEST_VERSION } from './postgres-migrations.js';
import { diagnosticsOf, joinAnalysis, readySplit, rebuildFinding, type PayloadColumns } from './finding-rows.js';
import type {
  AnalyzedArticle,
  ArticleActorMentions,
  ArticleFindingCounts,
  FindingQuery,
  FindingRow,
  AnalysisStamp,
  AnalysisStampAt,
  ArticleFilter,
  ArticleSummary,
  IngestItem,
  IngestOutcome,
  LeaseRequest,
  SearchHit,
  SignatureRow,
  Store,
  StoredAnalysis,
  StoredRaw,
  ActorMerge,
} from './store.js';

const PAGE_SIZE = 200;
/** Articles whose findings the views read per query (a few thousand rows a batch), as in the SQLite store. */
const FINDING_BATCH_ARTICLES = 100;
/** Same limits as the SQLite store (see the comments there). */
const MAX_FINGERPRINT_CANDIDATES = 200;
const COMMON_FINGERPRINT_ARTICLES = 50;
const MIN_FINGERPRINT_CONTAINMENT = 0.4;
const POOL_SIZE = 4;
const CONNECT_TIMEOUT_MS = 10_000;
const TX_ATTEMPTS = 4;

/** ISO 639-1 code -> PostgreSQL's built-in text search configuration (those the server has are used). */
export const PG_TS_CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

export interface PostgresStoreOptions {
  /** Connections in the pool (default 4). */
  poolSize?: number;
}

/** Opens (creating the schema and migrating when needed) the PostgreSQL database at `url`. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  return PostgresStore.open(url, options);
}

// bigint (count(*), seq, expires_at) as a JS number: every value Parallax stores is far below 2^53.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const ARTICLE_COLUMNS = `seq, id, text_hash, source, url, canonical_url, outlet, outlet_id, outlet_country, group_name, title,
  byline, authors, published, published_precision, updated, updated_precision, language, language_confidence,
  license, section, text, word_count, simhash, republished_from, republication, cited_sources, repeated_paragraphs, flags,
  boilerplate, ingested_at`;
const SUMMARY_COLUMNS = 'seq, id, outlet, group_name, published, language, word_count, title, byline, republished_from, cited_sources, source';
const SIGNATURE_COLUMNS = ['seq', 'id', 'simhash', 'published', 'ingested_at', 'byline', 'outlet'];

interface SignatureDbRow {
  seq: number;
  id: string;
  simhash: string;
  published: string | null;
  ingested_at: string;
  byline: string | null;
  outlet: string | null;
  shared: number;
}

interface AnalysisRow {
  article_id: string;
  text_hash: string;
  versions: string;
  analysis: string;
  created_at: string;
  timings: string | null;
  finding_rows: number | null;
  seq: number;
  text: string;
  /** The finding rows in order as JSON arrays of PAYLOAD_COLUMNS (NULL when there are none). */
  payloads: PayloadArray[] | null;
}

/** The columns a payload is read back with, as getAnalysis aggregates them (json_build_array, in this order). */
type PayloadArray = [string, string, string | null, string | null, string | null, string | null, 'outlet' | 'quote', number | null, number | null, string | null, string];
const PAYLOAD_COLUMNS = 'f.kind, f.analyzer, f.actor_id, f.actor_kind, f.canonical, f.state_id, f.voice, f.span_start, f.span_end, f.key, f.payload';

function payloadFromArray(a: PayloadArray): PayloadColumns & { payload: string } {
  const [kind, analyzer, actorId, actorKind, canonical, stateId, voice, spanStart, spanEnd, key, payload] = a;
  return { kind, analyzer, actorId, actorKind, canonical, stateId, voice, spanStart, spanEnd, key, payload };
}

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

const ANALYSIS_SELECT = `SELECT an.article_id, an.text_hash, an.versions, an.analysis, an.created_at, an.timings, an.finding_rows, a.seq, a.text,
    (SELECT json_agg(json_build_array(${PAYLOAD_COLUMNS}) ORDER BY f.ordinal) FROM findings f WHERE f.article_seq = a.seq) AS payloads
  FROM analyses an JOIN articles a ON a.id = an.article_id`;

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

export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  /** The connection URL with any password replaced by "***": safe to print. */
  readonly url: string;
  #pool: pg.Pool | null;
  /** language code -> configuration name, for the configurations this server has. */
  #configs: Map<string, string>;

  private constructor(url: string, pool: pg.Pool, configs: Map<string, string>) {
    this.url = url;
    this.#pool = pool;
    this.#configs = configs;
  }

  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const where = redactUrl(url);
    let pool: pg.Pool;
    try {
      pool = new pg.Pool({
        connectionString: url,
        max: options.poolSize ?? POOL_SIZE,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        idleTimeoutMillis: 30_000,
        application_name: 'parallax',
        types,
      });
    } catch (e) {
      throw new ParallaxError('E_STORE', `not a valid PostgreSQL URL (${oneLine(e instanceof Error ? e.message : String(e)).replace(url, where)})`, { input: where });
    }
    // An idle pooled connection that the server drops (restart, timeout) must not crash the process; the next
    // query gets a fresh connection or a clear error.
    pool.on('error', () => undefined);
    let client: PoolClient | undefined;
    try {
      client = await pool.connect();
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw connectError(where, url, e);
    }
    try {
      await migratePostgres(client, where);
      const { rows } = await client.query<{ cfgname: string }>('SELECT cfgname::text FROM pg_ts_config');
      const have = new Set(rows.map((r) => r.cfgname));
      const configs = new Map(Object.entries(PG_TS_CONFIGS).filter(([, c]) => have.has(c)));
      client.release();
      return new PostgresStore(where, pool, configs);
    } catch (e) {
      client.release(true);
      await pool.end().catch(() => undefined);
      throw pgStoreError(where, e);
    }
  }

  #open(): pg.Pool {
    if (!this.#pool) throw new ParallaxError('E_STORE', 'the store is closed', { input: this.url });
    return this.#pool;
  }

  async #q<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const pool = this.#open();
    try {
      return (await pool.query<R>(sql, params)).rows;
    } catch (e) {
      throw pgStoreError(this.url, e);
    }
  }

  /** Runs `fn` in one transaction on one connection; retried when it lost a race with another writer (see below). */
  async #tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const pool = this.#open();
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw pgStoreError(this.url, e);
      }
      let broken = false;
      try {
        await client.query('BEGIN');
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        const code = (e as { code?: unknown })?.code;
        // 40P01 deadlock, 40001 serialisation failure; 23505 a unique violation between writers inserting the same
        // row at the same moment (ON CONFLICT's arbiter is one index; the row's other unique index can raise
        // instead): the retry sees the committed row and skips it. A real violation repeats and is thrown.
        if ((code === '40P01' || code === '40001' || code === '23505') && attempt < TX_ATTEMPTS) continue;
        throw pgStoreError(this.url, e);
      } finally {
        client.release(broken);
      }
    }
  }

  /** The schema version of the database (for diagnostics and tests). */
  async schemaVersion(): Promise<number> {
    const pool = this.#open();
    const client = await pool.connect().catch((e: unknown) => {
      throw pgStoreError(this.url, e);
    });
    try {
      return await pgSchemaVersion(client, this.url);
    } finally {
      client.release();
    }
  }

  static readonly LATEST_VERSION = PG_LATEST_VERSION;

  /** Runs one query on the pool: for tests and maintenance tools. Not part of the Store port. */
  async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.#q<R>(sql, params);
  }

  #configFor(language: string | null): string {
    if (!language) return 'simple';
    const primary = language.toLowerCase().split(/[-_]/)[0];
    return this.#configs.get(primary) ?? 'simple';
  }

  async ingestBatch(items: IngestItem[]): Promise<IngestOutcome[]> {
    const prepared = items.map((item, i) => prepareItem(item, i));
    if (!prepared.length) return [];
    return this.#tx(async (c) => {
      // One query finds what is stored already; duplicates within the batch are resolved here, as sequential
      // inserts would: the first of two equal texts is inserted, the second is its duplicate.
      const seen = await c.query<{ id: string; text_hash: string }>('SELECT id, text_hash FROM articles WHERE text_hash = ANY($1::text[]) OR id = ANY($2::text[])', [
        prepared.map((p) => p.item.article.textHash),
        prepared.map((p) => p.item.article.id),
      ]);
      const idByHash = new Map(seen.rows.map((r) => [r.text_hash, r.id]));
      const hashById = new Map(seen.rows.map((r) => [r.id, r.text_hash]));
      const out: Array<IngestOutcome | null> = [];
      const fresh: typeof prepared = [];
      for (const p of prepared) {
        const a = p.item.article;
        const dup = idByHash.get(a.textHash);
        if (dup !== undefined) {
          out.push({ status: 'duplicate', id: dup });
          continue;
        }
        const clash = hashById.get(a.id);
        if (clash !== undefined) {
          throw new ParallaxError('E_STORE', `article id ${a.id} is already used by a different text (hash ${clash.slice(0, 12)}…)`, { input: this.url });
        }
        idByHash.set(a.textHash, a.id);
        hashById.set(a.id, a.textHash);
        fresh.push(p);
        out.push(null); // inserted, unless a concurrent writer stores the same text first (below)
      }
      if (fresh.length) {
        const inserted = new Set((await c.query<{ id: string }>(INSERT_BATCH_SQL, this.#batchParams(fresh))).rows.map((r) => r.id));
        for (const p of fresh) {
          const a = p.item.article;
          const i = out.indexOf(null);
          if (inserted.has(a.id)) {
            out[i] = { status: 'inserted', id: a.id };
          } else {
            // Another writer committed the same text between our check and our insert (we waited for it).
            const other = await c.query<{ id: string }>('SELECT id FROM articles WHERE text_hash = $1', [a.textHash]);
            out[i] = { status: 'duplicate', id: other.rows[0]?.id ?? a.id };
          }
        }
      }
      return out as IngestOutcome[];
    });
  }

  /** The column arrays of INSERT_BATCH_SQL for these items, in batch order. */
  #batchParams(fresh: Array<ReturnType<typeof prepareItem>>): unknown[] {
    const cols: unknown[][] = INSERT_COLUMNS.map(() => []);
    const extra: unknown[][] = [[], [], [], []]; // fingerprint_count, fts_config, folded title words, folded text words
    const raw: unknown[][] = [[], [], [], [], [], []]; // id, source, kind, format, body, meta
    const fpIds: string[] = [];
    const fps: number[] = [];
    for (const { item, params, fingerprints } of fresh) {
      params.forEach((v, i) => cols[i].push(v));
      const a = item.article;
      extra[0].push(fingerprints.length);
      extra[1].push(this.#configFor(a.language));
      extra[2].push(foldedExtra(a.title ?? ''));
      extra[3].push(foldedExtra(a.text));
      const r = item.raw;
      for (const [i, v] of [a.id, r.source, r.sourceKind, r.format, toBuffer(r.body), JSON.stringify(r.meta ?? {})].entries()) raw[i].push(v);
      for (const fp of fingerprints) {
        fpIds.push(a.id);
        fps.push(fp);
      }
    }
    return [...cols, ...extra, ...raw, fpIds, fps];
  }

  async getArticle(idOrPrefix: string): Promise<Article | null> {
    const q = idOrPrefix.trim().toLowerCase();
    if (q.length < 4) {
      throw new ParallaxError('E_USAGE', `an article id or id prefix needs at least 4 characters, got "${idOrPrefix}"`, { input: idOrPrefix });
    }
    const exact = await this.#q<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [stripNul(q)]);
    if (exact.length) return rowToArticle(exact[0], this.url);
    const rows = await this.#q<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 11`, [stripNul(q), `${stripNul(q)}\uffff`]);
    if (rows.length === 0) return null;
    if (rows.length > 1) {
      const shown = rows.slice(0, 10).map((r) => `${r.id}${r.title ? ` (${r.title})` : ''}`);
      throw new ParallaxError(
        'E_USAGE',
        `id prefix "${q}" is ambiguous: it matches ${rows.length > 10 ? 'more than 10' : rows.length} articles: ${shown.join(', ')}`,
        { input: idOrPrefix },
      );
    }
    return rowToArticle(rows[0], this.url);
  }

  async getRaw(id: string): Promise<StoredRaw | null> {
    const rows = await this.#q<{ source: string; kind: string; format: 'html' | 'text'; body: Buffer; meta: string }>(
      'SELECT r.source, r.kind, r.format, r.body, r.meta FROM raw_inputs r JOIN articles a ON a.seq = r.article_seq WHERE a.id = $1',
      [stripNul(id)],
    );
    const row = rows[0];
    if (!row) return null;
    return { source: row.source, sourceKind: row.kind, format: row.format, body: row.body, meta: parseJson(row.meta, this.url, 'raw meta') as Record<string, unknown> };
  }

  async listArticles(filter: ArticleFilter = {}): Promise<ArticleSummary[]> {
    const { limit, offset } = pageOf(filter);
    const { where, params } = filterSql(filter);
    const rows = await this.#q<Record<string, unknown>>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles ${where} ORDER BY seq LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit ?? null, offset],
    );
    return rows.map(rowToSummary);
  }

  async *iterateArticles(filter: ArticleFilter = {}): AsyncIterable<Article> {
    const page = pageOf(filter);
    let { limit } = page;
    let offset = page.offset;
    const { where, params } = filterSql(filter, 'seq > $1', 2);
    let after = 0;
    while (limit === undefined || limit > 0) {
      const n = limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit);
      const rows = await this.#q<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles ${where} ORDER BY seq LIMIT $${params.length + 2} OFFSET $${params.length + 3}`,
        [after, ...params, n, offset],
      );
      offset = 0; // the offset applies once; after that the seq key pages
      for (const row of rows) yield rowToArticle(row, this.url);
      if (rows.length < n) return;
      after = rows[rows.length - 1].seq;
      if (limit !== undefined) limit -= rows.length;
    }
  }

  async countArticles(): Promise<number> {
    return (await this.#q<{ n: number }>('SELECT count(*) AS n FROM articles'))[0].n;
  }

  async search(query: string, limit = 20): Promise<SearchHit[]> {
    const tsq = toTsQueryText(query);
    if (!tsq) return [];
    const n = Number.isInteger(limit) && limit > 0 ? limit : 20;
    // The configurations in use (a loose index scan: one probe per distinct value).
    const used = await this.#q<{ v: string }>(
      `WITH RECURSIVE c AS (
         SELECT min(fts_config) AS v FROM articles
         UNION ALL
         SELECT (SELECT min(fts_config) FROM articles WHERE fts_config > c.v) FROM c WHERE c.v IS NOT NULL)
       SELECT v FROM c WHERE v IS NOT NULL`,
    );
    const known = new Set([...this.#configs.values(), 'simple']);
    const cfgs = used.map((r) => r.v).filter((v) => known.has(v));
    if (!cfgs.length) return [];
    // The GIN index answers the union of the query under every configuration in use; each row is then checked
    // with its own configuration's query, so a row matches exactly when its language's stemming says so.
    const union = cfgs.map((c) => `to_tsquery('${c}', $1)`).join(' || ');
    const rows = await this.#q<{ id: string; title: string | null; outlet: string | null; rank: number; snippet: string; title_snippet: string | null }>(
      `SELECT t.id, t.title, t.outlet, t.rank,
          ts_headline(t.cfg, t.text, t.q, $3) AS snippet,
          CASE WHEN t.title IS NOT NULL THEN ts_headline(t.cfg, t.title, t.q, $3) END AS title_snippet
        FROM (
          SELECT a.seq, a.id, a.title, a.outlet, a.text, a.fts_config::regconfig AS cfg,
                 to_tsquery(a.fts_config::regconfig, $1) AS q,
                 ts_rank(a.tsv, to_tsquery(a.fts_config::regconfig, $1)) AS rank
            FROM articles a
           WHERE a.tsv @@ (${union}) AND a.tsv @@ to_tsquery(a.fts_config::regconfig, $1)
           ORDER BY rank DESC, a.seq
           LIMIT $2) t
        ORDER BY t.rank DESC, t.seq`,
      [tsq, n, HEADLINE_OPTIONS],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, outlet: r.outlet, snippet: pickSnippet(r.snippet, r.title_snippet), rank: -r.rank }));
  }

  async nearDuplicateCandidates(simhash: string, excludeId?: string): Promise<SignatureRow[]> {
    const [b0, b1, b2, b3] = bands(simhash);
    // One round trip: the band matches and, when excludeId names a stored article with fingerprints, the articles
    // sharing enough of them (the same rules as the SQLite store), merged and in ingest order.
    const rows = await this.#q<SignatureDbRow>(NEAR_DUPLICATES_SQL, [
      b0,
      b1,
      b2,
      b3,
      excludeId === undefined ? null : stripNul(excludeId),
      COMMON_FINGERPRINT_ARTICLES,
      MIN_FINGERPRINT_CONTAINMENT,
      MAX_FINGERPRINT_CANDIDATES,
    ]);
    return rows.map((r) => ({
      id: r.id,
      simhash: r.simhash,
      published: r.published,
      ingestedAt: r.ingested_at,
      byline: r.byline,
      outlet: r.outlet,
      sharedFingerprints: r.shared,
    }));
  }

  async setRepublication(id: string, republication: Republication | null): Promise<void> {
    const rows = await this.#q<{ seq: number }>('UPDATE articles SET republished_from = $1, republication = $2 WHERE id = $3 RETURNING seq', [
      republication?.from ?? null,
      republication === null ? null : JSON.stringify(republication),
      stripNul(id),
    ]);
    if (rows.length === 0) throw new ParallaxError('E_NOT_FOUND', `no article with id "${id}"`, { input: id });
  }

  async setGroups(groups: ReadonlyArray<{ id: string; group: string | null }>): Promise<number> {
    if (!groups.length) return 0;
    const rows = await this.#q<{ seq: number }>(
      `UPDATE articles a SET group_name = g.grp FROM unnest($1::text[], $2::text[]) AS g(id, grp)
        WHERE a.id = g.id AND a.group_name IS DISTINCT FROM g.grp RETURNING a.seq`,
      [groups.map((g) => stripNul(g.id)), groups.map((g) => (g.group === null ? null : stripNul(g.group)))],
    );
    return rows.length;
  }

  async putAnalysis(a: StoredAnalysis): Promise<void> {
    return this.putAnalyses([a]);
  }

  async putAnalyses(list: StoredAnalysis[]): Promise<void> {
    // The last analysis of an article in the list wins (as one upsert after another would).
    const byId = new Map<string, { a: StoredAnalysis; json: string | undefined }>();
    for (const a of list) {
      const json = a.split ? a.analysisJson : (a.analysisJson ?? JSON.stringify(a.analysis));
      if (json === undefined && !a.split) throw new ParallaxError('E_INTERNAL', `analysis of ${a.articleId} is not serialisable`);
      byId.delete(a.articleId);
      byId.set(a.articleId, { a, json });
    }
    if (!byId.size) return;
    const items = [...byId.values()];
    await this.#tx(async (c) => {
      const found = await c.query<{ id: string; seq: number; text: string; text_hash: string }>('SELECT id, seq, text, text_hash FROM articles WHERE id = ANY($1::text[])', [items.map((x) => x.a.articleId)]);
      const article = new Map(found.rows.map((r) => [r.id, r]));
      const missing = list.find((a) => !article.has(a.articleId));
      if (missing) {
        throw new ParallaxError('E_NOT_FOUND', `no article with id "${missing.articleId}" to attach the analysis to`, { input: missing.articleId });
      }
      // The findings become rows; the analysis keeps the rest. Replaced in this transaction: a killed process
      // leaves the old analysis with its rows or the new one with its rows.
      const split = items.map((x) => {
        const stored = article.get(x.a.articleId)!;
        return { ...x, seq: stored.seq, split: readySplit(x.a, x.json, stored.text, stored.text_hash) };
      });
      await c.query('DELETE FROM findings WHERE article_seq = ANY($1::int8[])', [split.map((x) => x.seq)]);
      await insertFindingRows(c, split.filter((x) => x.split.rows).map((x) => ({ seq: x.seq, records: x.split.rows! })));
      const col = <T>(f: (x: (typeof split)[number]) => T) => split.map(f);
      await c.query(
        `INSERT INTO analyses (article_id, text_hash, versions, analysis, created_at, timings, finding_rows)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int4[]) ORDER BY 1
         ON CONFLICT (article_id) DO UPDATE SET text_hash = excluded.text_hash, versions = excluded.versions,
           analysis = excluded.analysis, created_at = excluded.created_at, timings = excluded.timings,
           finding_rows = excluded.finding_rows`,
        [
          col((x) => x.a.articleId),
          col((x) => x.a.textHash),
          col((x) => JSON.stringify(x.a.versions)),
          col((x) => x.split.json),
          col((x) => x.a.createdAt),
          col((x) => (x.a.timings ? JSON.stringify(x.a.timings) : null)),
          col((x) => (x.split.rows ? x.split.rows.length : null)),
        ],
      );
    });
  }

  async listAnalysisStamps(): Promise<AnalysisStamp[]> {
    const rows = await this.#q<{ article_id: string; text_hash: string; versions: string }>(
      'SELECT n.article_id, n.text_hash, n.versions FROM analyses n JOIN articles a ON a.id = n.article_id ORDER BY a.seq',
    );
    return rows.map((r) => ({ articleId: r.article_id, textHash: r.text_hash, versions: parseJson(r.versions, this.url, 'analysis versions') as Record<string, string> }));
  }

  async getAnalysis(articleId: string): Promise<StoredAnalysis | null> {
    // One statement, so the analysis and its finding rows come from one snapshot.
    const rows = await this.#q<AnalysisRow>(`${ANALYSIS_SELECT} WHERE an.article_id = $1`, [stripNul(articleId)]);
    return rows[0] ? this.#toAnalysis(rows[0]) : null;
  }

  async *iterateAnalyses(): AsyncIterable<StoredAnalysis> {
    let after = 0;
    for (;;) {
      const rows = await this.#q<AnalysisRow>(`${ANALYSIS_SELECT} WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`, [after, PAGE_SIZE]);
      for (const row of rows) yield this.#toAnalysis(row);
      if (rows.length < PAGE_SIZE) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async *iterateAnalysisDiagnostics(): AsyncIterable<{ articleId: string; diagnostics: unknown[] }> {
    let after = 0;
    for (;;) {
      const rows = await this.#q<{ article_id: string; analysis: string; seq: number }>(
        'SELECT an.article_id, an.analysis, a.seq FROM analyses an JOIN articles a ON a.id = an.article_id WHERE a.seq > $1 ORDER BY a.seq LIMIT $2',
        [after, PAGE_SIZE],
      );
      for (const r of rows) yield { articleId: r.article_id, diagnostics: diagnosticsOf(r.analysis, r.article_id, this.url) };
      if (rows.length < PAGE_SIZE) return;
      after = rows[rows.length - 1].seq;
    }
  }

  /** A stored analysis with its findings rebuilt from their rows. */
  #toAnalysis(r: AnalysisRow): StoredAnalysis {
    const payloads = r.finding_rows === null ? null : (r.payloads ?? []).map(payloadFromArray);
    let analysis: unknown;
    try {
      analysis = joinAnalysis(r.analysis, payloads, r.text);
    } catch (e) {
      throw new ParallaxError('E_STORE', `stored analysis of ${r.article_id} is not valid JSON`, { input: this.url, cause: e });
    }
    return {
      articleId: r.article_id,
      textHash: r.text_hash,
      versions: parseJson(r.versions, this.url, 'analysis versions') as Record<string, string>,
      analysis,
      timings: r.timings === null ? null : (parseJson(r.timings, this.url, 'analysis timings') as Record<string, number>),
      createdAt: r.created_at,
    };
  }

  async listAnalyzedArticles(): Promise<AnalyzedArticle[]> {
    const rows = await this.#q<Record<string, unknown>>(
      `SELECT a.seq, a.id, a.outlet, a.outlet_id, a.group_name, a.published, a.language, a.word_count, a.title, a.source, a.republished_from, a.byline, a.cited_sources
         FROM articles a JOIN analyses an ON an.article_id = a.id WHERE an.text_hash = a.text_hash ORDER BY a.seq`,
    );
    return rows.map((r) => ({
      id: r.id as string,
      outlet: r.outlet as string | null,
      outletId: r.outlet_id as string | null,
      group: r.group_name as string | null,
      published: r.published as string | null,
      language: r.language as string | null,
      wordCount: r.word_count as number,
      title: r.title as string | null,
      byline: (r.byline as string | null) ?? null,
      citedSources: parseJson((r.cited_sources as string | null) ?? '[]', this.url, 'cited sources') as CitedSource[],
      source: r.source as string,
      republishedFrom: r.republished_from as string | null,
    }));
  }

  /**
   * Current analyses' articles in batches of seq ranges: the views read findings a batch of articles at a time,
   * so no query joins each finding row to its article, and memory is bounded by the batch.
   */
  async *#currentBatches(withText: boolean): AsyncGenerator<{ lo: number; hi: number; ids: Map<number, string>; texts: Map<number, string> | null }> {
    for (let after = 0; ; ) {
      const rows = await this.#q<{ seq: number; id: string; text?: string }>(
        `SELECT a.seq, a.id${withText ? ', a.text' : ''} FROM articles a JOIN analyses an ON an.article_id = a.id
          WHERE an.text_hash = a.text_hash AND an.finding_rows IS NOT NULL AND a.seq > $1 ORDER BY a.seq LIMIT $2`,
        [after, FINDING_BATCH_ARTICLES],
      );
      if (!rows.length) return;
      const ids = new Map(rows.map((r) => [r.seq, r.id]));
      const texts = withText ? new Map(rows.map((r) => [r.seq, r.text as string])) : null;
      yield { lo: rows[0].seq, hi: rows[rows.length - 1].seq, ids, texts };
      if (rows.length < FINDING_BATCH_ARTICLES) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async *actorMentionsByArticle(): AsyncIterable<ArticleActorMentions> {
    for await (const batch of this.#currentBatches(false)) {
      const rows = await this.#q<ActorMentionGroupRow>(
        `SELECT article_seq, actor_id, actor_kind, canonical, state_id, count(*)::int AS mentions,
                count(*) FILTER (WHERE voice = 'outlet')::int AS own, min(ordinal) AS first
           FROM findings WHERE article_seq BETWEEN $1 AND $2 AND kind = 'actor-mention' AND actor_id IS NOT NULL
          GROUP BY article_seq, actor_id, actor_kind, canonical, state_id
          ORDER BY article_seq, first`,
        [batch.lo, batch.hi],
      );
      yield* groupActorMentions(rows, batch.ids);
    }
  }

  async *iterateFindings(query: FindingQuery): AsyncIterable<FindingRow> {
    const kinds = [...new Set(query.kinds)];
    if (!kinds.length) return;
    const actorIds = query.actorIds ? [...new Set(query.actorIds)] : null;
    if (actorIds && !actorIds.length) return;
    this.#open();
    const params: unknown[] = [kinds];
    const clauses = ['f.kind = ANY($3::text[])'];
    if (query.ownVoiceOnly) clauses.push("f.voice = 'outlet'");
    if (actorIds) {
      params.push(actorIds);
      clauses.push('f.actor_id = ANY($4::text[])');
    }
    const sql = `SELECT f.article_seq, f.ordinal, f.kind, f.analyzer, f.actor_id, f.actor_kind, f.canonical, f.state_id, f.voice, f.speaker,
        f.span_start, f.span_end, f.score, f.confidence, f.key${query.payload ? ', f.payload' : ''}
      FROM findings f WHERE f.article_seq BETWEEN $1 AND $2 AND ${clauses.join(' AND ')}
      ORDER BY f.article_seq, f.ordinal`;
    for await (const batch of this.#currentBatches(Boolean(query.payload))) {
      const rows = await this.#q<FindingDbRow>(sql, [batch.lo, batch.hi, ...params]);
      for (const r of rows) {
        const articleId = batch.ids.get(r.article_seq);
        if (articleId === undefined) continue;
        const row: FindingRow = {
          articleId,
          ordinal: r.ordinal,
          kind: r.kind,
          analyzer: r.analyzer,
          actorId: r.actor_id,
          actorKind: r.actor_kind,
          canonical: r.canonical,
          voice: r.voice,
          speaker: r.speaker,
          spanStart: r.span_start,
          spanEnd: r.span_end,
          score: r.score,
          confidence: r.confidence,
          key: r.key,
        };
        if (query.payload) {
          try {
            row.finding = rebuildFinding(r.payload!, payloadColumns(r), batch.texts!.get(r.article_seq)!);
          } catch (e) {
            throw new ParallaxError('E_STORE', `stored finding ${r.ordinal} of article ${articleId} is not valid JSON`, { input: this.url, cause: e });
          }
        }
        yield row;
      }
    }
  }

  async *findingCountsByArticle(): AsyncIterable<ArticleFindingCounts> {
    for await (const batch of this.#currentBatches(false)) {
      const rows = await this.#q<{ article_seq: number; kind: string; n: number }>(
        `SELECT article_seq, kind, count(*)::int AS n, min(ordinal) AS first FROM findings WHERE article_seq BETWEEN $1 AND $2
          GROUP BY article_seq, kind ORDER BY article_seq, first`,
        [batch.lo, batch.hi],
      );
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

  async getAnalysisStamp(articleId: string): Promise<AnalysisStampAt | null> {
    const rows = await this.#q<{ article_id: string; text_hash: string; versions: string; created_at: string }>(
      'SELECT article_id, text_hash, versions, created_at FROM analyses WHERE article_id = $1',
      [stripNul(articleId)],
    );
    const r = rows[0];
    if (!r) return null;
    return { articleId: r.article_id, textHash: r.text_hash, versions: parseJson(r.versions, this.url, 'analysis versions') as Record<string, string>, createdAt: r.created_at };
  }

  async claimForAnalysis(ids: string[], lease: LeaseRequest): Promise<string[]> {
    const { owner, ttlMs } = lease;
    const now = lease.now ?? Date.now();
    if (typeof owner !== 'string' || !owner) throw new ParallaxError('E_INTERNAL', 'a lease needs an owner');
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new ParallaxError('E_INTERNAL', `a lease needs a positive ttlMs, got ${ttlMs}`);
    this.#open();
    if (!ids.length) return [];
    const unique = [...new Set(ids.map(stripNul))];
    // One upsert: free, expired or already ours -> take (or renew) it. Rows are locked in id order, so two
    // claimers of overlapping sets cannot deadlock; a claimer waiting on another's uncommitted lease re-checks
    // the WHERE against the committed row.
    const claimed = await this.#tx(async (c) =>
      (
        await c.query<{ article_id: string }>(
          `INSERT INTO analysis_leases (article_id, owner, expires_at)
           SELECT a.id, $2, $3::bigint FROM articles a WHERE a.id = ANY($1::text[]) ORDER BY a.id
           ON CONFLICT (article_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
             WHERE analysis_leases.expires_at <= $4::bigint OR analysis_leases.owner = excluded.owner
           RETURNING article_id`,
          [unique, owner, Math.round(now + ttlMs), Math.round(now)],
        )
      ).rows,
    );
    const got = new Set(claimed.map((r) => r.article_id));
    const out: string[] = [];
    for (const id of ids) if (got.has(id) && !out.includes(id)) out.push(id);
    return out;
  }

  async releaseClaims(owner: string, ids?: string[]): Promise<void> {
    if (ids === undefined) await this.#q('DELETE FROM analysis_leases WHERE owner = $1', [stripNul(owner)]);
    else if (ids.length) await this.#q('DELETE FROM analysis_leases WHERE owner = $1 AND article_id = ANY($2::text[])', [stripNul(owner), ids.map(stripNul)]);
    else this.#open();
  }

  async listClaims(now = Date.now()): Promise<Array<{ articleId: string; owner: string; expiresAt: number }>> {
    const rows = await this.#q<{ article_id: string; owner: string; expires_at: number }>(
      `SELECT l.article_id, l.owner, l.expires_at FROM analysis_leases l JOIN articles a ON a.id = l.article_id
        WHERE l.expires_at > $1::bigint ORDER BY a.seq`,
      [Math.round(now)],
    );
    return rows.map((r) => ({ articleId: r.article_id, owner: r.owner, expiresAt: r.expires_at }));
  }

  async listActorMerges(): Promise<ActorMerge[]> {
    const rows = await this.#q<{ from_id: string; to_id: string; note: string | null; created_at: string }>('SELECT from_id, to_id, note, created_at FROM actor_merges ORDER BY from_id');
    return rows.map((r) => ({ from: r.from_id, to: r.to_id, note: r.note, createdAt: r.created_at }));
  }

  async putActorMerge(merge: { from: string; to: string; note?: string | null }): Promise<void> {
    await this.#q(
      `INSERT INTO actor_merges (from_id, to_id, note, created_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (from_id) DO UPDATE SET to_id = excluded.to_id, note = excluded.note, created_at = excluded.created_at`,
      [stripNul(merge.from), stripNul(merge.to), merge.note == null ? null : stripNul(merge.note), new Date().toISOString()],
    );
  }

  async deleteActorMerge(from: string): Promise<boolean> {
    const rows = await this.#q<{ from_id: string }>('DELETE FROM actor_merges WHERE from_id = $1 RETURNING from_id', [stripNul(from)]);
    return rows.length > 0;
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    if (!pool) return;
    this.#pool = null;
    try {
      await pool.end();
    } catch (e) {
      throw pgStoreError(this.url, e);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mapping

const HEX64 = /^[0-9a-f]{64}$/;

/** Article columns in insert order; prepareItem returns their values in the same order. */
const INSERT_COLUMNS = [
  'id', 'text_hash', 'source', 'url', 'canonical_url', 'outlet', 'outlet_id', 'outlet_country', 'group_name', 'title',
  'byline', 'authors', 'published', 'published_precision', 'updated', 'updated_precision', 'language',
  'language_confidence', 'license', 'section', 'text', 'word_count', 'simhash', 'band0', 'band1', 'band2', 'band3',
  'republished_from', 'republication', 'cited_sources', 'repeated_paragraphs', 'flags', 'boilerplate', 'ingested_at',
];

const COLUMN_TYPES: Record<string, string> = { language_confidence: 'float8', word_count: 'int4', band0: 'int4', band1: 'int4', band2: 'int4', band3: 'int4' };

/**
 * One statement stores a whole batch: the articles (in batch order, so seq is ingest order), their raw inputs,
 * their fingerprints and the fingerprint counts (updated in fingerprint order, so concurrent batches take the count
 * rows' locks in the same order). A text another writer committed meanwhile is skipped by ON CONFLICT and is
 * missing from the returned ids. The document vector is title (A) and text (B) under the article's configuration,
 * each with the diacritic-folded forms of its words that have diacritics.
 */
const INSERT_BATCH_SQL = (() => {
  const n = INSERT_COLUMNS.length;
  const p = (i: number) => `$${i}`;
  const input = INSERT_COLUMNS.map((c, i) => `${p(i + 1)}::${COLUMN_TYPES[c] ?? 'text'}[]`);
  const [fpc, cfg, ftitle, ftext] = [n + 1, n + 2, n + 3, n + 4];
  const raw = n + 5; // id, source, kind, format, body, meta
  const fp = n + 11; // article ids, fingerprints
  return `WITH input AS (
      SELECT * FROM unnest(${input.join(', ')}, ${p(fpc)}::int4[], ${p(cfg)}::text[], ${p(ftitle)}::text[], ${p(ftext)}::text[])
        WITH ORDINALITY AS t(${INSERT_COLUMNS.join(', ')}, fingerprint_count, fts_config, folded_title, folded_text, ord)),
    a AS (
      INSERT INTO articles (${INSERT_COLUMNS.join(', ')}, fingerprint_count, fts_config, tsv)
      SELECT ${INSERT_COLUMNS.join(', ')}, fingerprint_count, fts_config,
             setweight(to_tsvector(fts_config::regconfig, coalesce(title, '')) || to_tsvector(fts_config::regconfig, folded_title), 'A') ||
             setweight(to_tsvector(fts_config::regconfig, text) || to_tsvector(fts_config::regconfig, folded_text), 'B')
        FROM input ORDER BY ord
      ON CONFLICT (text_hash) DO NOTHING
      RETURNING seq, id),
    r AS (
      INSERT INTO raw_inputs (article_seq, source, kind, format, body, meta)
      SELECT a.seq, x.source, x.kind, x.format, x.body, x.meta
        FROM a JOIN unnest(${p(raw)}::text[], ${p(raw + 1)}::text[], ${p(raw + 2)}::text[], ${p(raw + 3)}::text[], ${p(raw + 4)}::bytea[], ${p(raw + 5)}::text[])
          AS x(id, source, kind, format, body, meta) ON x.id = a.id),
    f AS (
      INSERT INTO shingle_fingerprints (fp, article_seq)
      SELECT u.fp, a.seq FROM a JOIN unnest(${p(fp)}::text[], ${p(fp + 1)}::int8[]) AS u(id, fp) ON u.id = a.id
      RETURNING fp),
    c AS (
      INSERT INTO fingerprint_counts (fp, n)
      SELECT fp, count(*)::int FROM f GROUP BY fp ORDER BY fp
      ON CONFLICT (fp) DO UPDATE SET n = fingerprint_counts.n + excluded.n)
    SELECT id FROM a`;
})();

/** $1–$4 the bands, $5 the article to leave out (and whose fingerprints to look up), $6 common, $7 containment, $8 limit. */
const NEAR_DUPLICATES_SQL = `
  WITH own AS (SELECT seq, fingerprint_count AS n FROM articles WHERE id = $5::text AND fingerprint_count > 0),
  banded AS (
    SELECT seq FROM articles
     WHERE (band0 = $1 OR band1 = $2 OR band2 = $3 OR band3 = $4) AND ($5::text IS NULL OR id <> $5::text)),
  shared AS (
    SELECT c.seq, c.shared
      FROM own,
           LATERAL (SELECT f2.article_seq AS seq, count(*)::int AS shared
                      FROM shingle_fingerprints f1
                      JOIN shingle_fingerprints f2 ON f2.fp = f1.fp AND f2.article_seq <> f1.article_seq
                     WHERE f1.article_seq = own.seq
                       AND (SELECT n FROM fingerprint_counts fc WHERE fc.fp = f1.fp) <= $6
                     GROUP BY f2.article_seq
                    HAVING count(*) >= LEAST(2, own.n)) c
      JOIN articles a ON a.seq = c.seq
     WHERE c.shared >= $7::float8 * LEAST(own.n, a.fingerprint_count)
     ORDER BY c.shared DESC, a.seq
     LIMIT $8)
  SELECT ${SIGNATURE_COLUMNS.map((c) => `a.${c}`).join(', ')}, coalesce(s.shared, 0) AS shared
    FROM (SELECT seq FROM banded UNION SELECT seq FROM shared) u
    JOIN articles a ON a.seq = u.seq
    LEFT JOIN shared s ON s.seq = u.seq
   ORDER BY a.seq`;

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
  const named: Record<string, unknown> = {
    id: a.id,
    text_hash: a.textHash,
    source: a.source,
    url: a.url,
    canonical_url: a.canonicalUrl,
    outlet: a.outlet,
    outlet_id: a.outletId,
    outlet_country: a.outletCountry,
    group_name: a.group,
    title: a.title,
    byline: a.byline,
    authors: JSON.stringify(a.authors ?? []),
    published: a.published,
    published_precision: a.publishedPrecision,
    updated: a.updated,
    updated_precision: a.updatedPrecision,
    language: a.language,
    language_confidence: a.languageConfidence,
    license: a.license,
    section: a.section,
    text: a.text,
    word_count: a.wordCount,
    simhash: a.simhash,
    band0,
    band1,
    band2,
    band3,
    republished_from: a.republishedFrom ?? a.republication?.from ?? null,
    republication: a.republication ? JSON.stringify(a.republication) : null,
    cited_sources: JSON.stringify(a.citedSources ?? []),
    repeated_paragraphs: JSON.stringify(a.repeatedParagraphs ?? []),
    flags: JSON.stringify(a.flags ?? []),
    boilerplate: JSON.stringify(a.boilerplate ?? []),
    ingested_at: a.ingestedAt,
  };
  for (const [k, v] of Object.entries(named)) {
    if (v === undefined) throw bad(`field ${k} is undefined (use null)`);
    // PostgreSQL text cannot hold U+0000 (the cleaner removes control characters; this names what got through).
    if (typeof v === 'string' && v.includes('\u0000')) throw bad(`field ${k} contains a NUL character, which PostgreSQL text cannot store`);
  }
  return { item, params: INSERT_COLUMNS.map((c) => named[c]), fingerprints: item.fingerprints ?? shingleFingerprints(a.text) };
}

function toBuffer(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function stripNul(s: string): string {
  return s.includes('\u0000') ? s.replace(/\u0000/g, '') : s;
}

const ASCII_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ASCII_LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** WHERE clause for an ArticleFilter, numbering parameters from `from`. Outlet: name (ASCII case folded) or id. */
function filterSql(filter: ArticleFilter, first?: string, from = 1): { where: string; params: unknown[] } {
  const clauses: string[] = first ? [first] : [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(typeof v === 'string' ? stripNul(v) : v);
    return `$${from + params.length - 1}`;
  };
  if (filter.outlet !== undefined) {
    const v = p(filter.outlet);
    clauses.push(`(translate(outlet, '${ASCII_UPPER}', '${ASCII_LOWER}') = translate(${v}::text, '${ASCII_UPPER}', '${ASCII_LOWER}') OR outlet_id = ${v}::text)`);
  }
  if (filter.group !== undefined) clauses.push(`group_name = ${p(filter.group)}::text`);
  if (filter.language !== undefined) clauses.push(`language = ${p(filter.language)}::text`);
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
// Full-text search

const HAS_WORD = /[\p{L}\p{N}]/u;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Removes diacritics the way FTS5's remove_diacritics folds them (NFKD, combining marks dropped), lower-cased. */
export function foldDiacritics(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/** The diacritic-folded forms of the words of `s` that have diacritics, space-separated ('' when none). */
function foldedExtra(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(s)) return '';
  const out: string[] = [];
  for (const m of s.matchAll(WORD)) {
    const f = foldDiacritics(m[0]);
    if (f !== m[0] && f) out.push(f);
  }
  return out.join(' ');
}

/**
 * Turns what a user typed into the text of a safe tsquery (for to_tsquery with the article's configuration), or
 * null when nothing searchable is left. The same grammar as toFtsQuery (src/storage/sqlite.ts): every term is a
 * quoted tsquery string (quotes doubled, backslashes escaped), so &, |, !, <->, parentheses and colons the user
 * typed are just characters that the parser drops or splits on. Kept on purpose:
 *   "quoted phrases"   → phrase (to_tsquery turns a quoted multi-word string into <-> / <N>)
 *   word*              → prefix (:*)
 *   a OR b             → either (|); terms are otherwise ANDed (&), and & binds tighter than | as in tsquery
 *   title:word         → weight A only (the title), text:word → weight B (the text)
 * Terms are diacritic-folded: the document holds folded copies of its words with diacritics.
 */
export function toTsQueryText(input: string): string | null {
  const parts: string[] = [];
  let pendingOr = false;
  const push = (term: string) => {
    if (parts.length) parts.push(pendingOr ? '|' : '&');
    pendingOr = false;
    parts.push(term);
  };
  const quote = (s: string) => `'${foldDiacritics(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const re = /"([^"]*)"|[^\s"]+/gu;
  let m: RegExpExecArray | null;
  const text = stripNul(input);
  while ((m = re.exec(text))) {
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
    let weight = '';
    const col = /^(title|text):(.*)$/i.exec(word);
    if (col && HAS_WORD.test(col[2])) {
      weight = col[1].toLowerCase() === 'title' ? 'A' : 'B';
      word = col[2];
    }
    const prefix = /[\p{L}\p{N}]\*+$/u.test(word);
    const bare = word.replace(/\*+$/u, '');
    if (!HAS_WORD.test(bare)) continue;
    const suffix = prefix || weight ? `:${prefix ? '*' : ''}${weight}` : '';
    push(`${quote(bare)}${suffix}`);
  }
  return parts.length ? parts.join(' ') : null;
}

// ts_headline marks hits with private-use characters, turned into [ ] here: a bracket in the text itself is not
// mistaken for a hit when choosing between the text's and the title's snippet.
const START = '\ue000';
const STOP = '\ue001';
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`;

function pickSnippet(text: string, title: string | null): string {
  const chosen = !text.includes(START) && title?.includes(START) ? title : text;
  // one line: ts_headline keeps the text's line breaks
  return chosen.replaceAll(START, '[').replaceAll(STOP, ']').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------------------
// URLs and errors

/** The URL with its password (user:password@ or ?password=) replaced by "***". */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):[^@]*@/i, '$1:***@')
    .replace(/([?&]password=)[^&#]*/gi, '$1***');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    const host = u.searchParams.get('host') ?? (decodeURIComponent(u.hostname) || process.env.PGHOST || 'localhost');
    const port = u.port || process.env.PGPORT || '5432';
    return host.startsWith('/') ? `the socket in ${host}` : `${host}:${port}`;
  } catch {
    return 'the server';
  }
}

/** A failure to connect, as one line a user can act on. Never includes the password. */
function connectError(where: string, url: string, e: unknown): ParallaxError {
  const err = e as { code?: string; message?: string; hostname?: string };
  const code = err?.code;
  const msg = oneLine(err?.message ?? String(e));
  const target = describeTarget(url);
  let reason: string;
  if (code === 'ECONNREFUSED') reason = `connection refused by ${target} (is PostgreSQL running and listening there?)`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') reason = `host "${err.hostname ?? target}" not found`;
  else if (code === 'ENOENT') reason = `no PostgreSQL server at ${target} (socket not found)`;
  else if (code === 'ETIMEDOUT' || /timeout/i.test(msg)) reason = `timed out connecting to ${target}`;
  else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') reason = `${target} is unreachable`;
  else if (code === '28P01' || code === '28000') reason = `authentication failed: ${msg}`;
  else if (code === '3D000') reason = msg; // database "x" does not exist
  else if (/password must be a string|SASL/i.test(msg)) reason = 'the server asks for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)';
  else if (code === '57P03') reason = `the server is not accepting connections yet (${msg})`;
  else reason = code ? `${msg} (${code})` : msg;
  return new ParallaxError('E_STORE', `cannot connect to PostgreSQL: ${reason.split(url).join(where)}`, { input: where, cause: e });
}

/** Any failure inside the store becomes ParallaxError E_STORE naming the (redacted) database URL. */
export function pgStoreError(where: string, e: unknown): ParallaxError {
  if (isParallaxError(e)) return e;
  const err = e as { code?: string; message?: string };
  const code = err?.code;
  const msg = oneLine(err?.message ?? String(e));
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ENOENT' || code === 'ETIMEDOUT' || code === '57P01' || code === '57P03') {
    return new ParallaxError('E_STORE', `lost the connection to PostgreSQL: ${msg}`, { input: where, cause: e });
  }
  if (code === '42501') return new ParallaxError('E_STORE', `permission denied: ${msg}`, { input: where, cause: e });
  if (code === '53100') return new ParallaxError('E_STORE', `the database server's disk is full (${msg})`, { input: where, cause: e });
  return new ParallaxError('E_STORE', `database error${code ? ` ${code}` : ''}: ${msg}`, { input: where, cause: e });
}
