/**
 * Versioned PostgreSQL schema. The `schema_migrations` table is authoritative (the highest version in it is the
 * schema version; PostgreSQL has no user_version): one row per migration that ran, with its name and when.
 * Each migration runs in one transaction with its schema_migrations row (PostgreSQL's DDL is transactional), under
 * a transaction-scoped advisory lock, so a crash mid-migration leaves the previous version intact and two
 * processes opening a fresh database do not both migrate it. Append-only: never edit a shipped migration.
 *
 * PostgreSQL numbers its versions on its own (the SQLite list in migrations.ts has history this one never had):
 * version 1 is the whole schema the SQLite store reached at its version 4.
 *
 * Every text column that is compared or sorted is COLLATE "C", so equality, ordering and id-prefix ranges are
 * bytewise as in SQLite (BINARY), whatever the database's default collation.
 */
import type { PoolClient } from 'pg';
import { findCitedSources } from '../clean/cited.js';
import { loadOutletRegistry } from '../clean/outlets.js';
import { ParallaxError } from '../core/errors.js';
import { splitAnalysis, type FindingRecord } from './finding-rows.js';

export interface PgMigration {
  version: number;
  name: string;
  up: string | ((client: PoolClient) => Promise<void>);
}

/** The advisory lock key migrations take ("PRLX", as the SQLite application_id). */
export const PG_MIGRATION_LOCK = 0x50524c58;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'articles, raw inputs, full-text search (tsvector + GIN), shingle fingerprints, analyses, analysis leases',
    up: `
      CREATE TABLE schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at text NOT NULL
      );

      -- seq: ingest order, the key of keyset paging and of the raw/fingerprint rows.
      CREATE TABLE articles (
        seq                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id                  text COLLATE "C" NOT NULL UNIQUE,
        text_hash           text COLLATE "C" NOT NULL UNIQUE,
        source              text COLLATE "C" NOT NULL,
        url                 text COLLATE "C",
        canonical_url       text COLLATE "C",
        outlet              text COLLATE "C",
        outlet_id           text COLLATE "C",
        outlet_country      text COLLATE "C",
        group_name          text COLLATE "C",
        title               text COLLATE "C",
        byline              text COLLATE "C",
        authors             text NOT NULL DEFAULT '[]',    -- JSON array (text, not jsonb: stored byte for byte)
        published           text COLLATE "C",
        published_precision text,
        updated             text COLLATE "C",
        updated_precision   text,
        language            text COLLATE "C",
        language_confidence double precision,
        license             text,
        section             text,
        text                text NOT NULL,
        word_count          integer NOT NULL,
        simhash             text COLLATE "C" NOT NULL,
        band0               integer NOT NULL,
        band1               integer NOT NULL,
        band2               integer NOT NULL,
        band3               integer NOT NULL,
        republished_from    text COLLATE "C",
        republication       text,                          -- JSON object or NULL
        repeated_paragraphs text NOT NULL DEFAULT '[]',    -- JSON array of {span, repeatOf, similarity}
        flags               text NOT NULL DEFAULT '[]',    -- JSON array
        boilerplate         text NOT NULL DEFAULT '[]',    -- JSON array
        ingested_at         text COLLATE "C" NOT NULL,
        fingerprint_count   integer NOT NULL DEFAULT 0,
        -- The text search configuration of the article's language ('simple' when PostgreSQL has none), and the
        -- document: title (weight A) and text (weight B), plus diacritic-folded copies of the words that have
        -- diacritics, so "Erdogan" finds "Erdoğan" as in SQLite (computed by the store at insert).
        fts_config          text COLLATE "C" NOT NULL,
        tsv                 tsvector NOT NULL
      );
      CREATE INDEX articles_band0 ON articles(band0);
      CREATE INDEX articles_band1 ON articles(band1);
      CREATE INDEX articles_band2 ON articles(band2);
      CREATE INDEX articles_band3 ON articles(band3);
      -- outlet filters fold ASCII case only, like SQLite's NOCASE
      CREATE INDEX articles_outlet ON articles((translate(outlet, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')));
      CREATE INDEX articles_outlet_id ON articles(outlet_id);
      CREATE INDEX articles_group ON articles(group_name);
      CREATE INDEX articles_language ON articles(language);
      CREATE INDEX articles_republished_from ON articles(republished_from);
      CREATE INDEX articles_fts_config ON articles(fts_config);
      CREATE INDEX articles_tsv ON articles USING gin (tsv);

      -- One raw input per stored article (a duplicate input stores nothing), kept to re-clean later.
      CREATE TABLE raw_inputs (
        article_seq bigint PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
        source      text NOT NULL,
        kind        text NOT NULL,
        format      text NOT NULL CHECK (format IN ('html', 'text')),
        body        bytea NOT NULL,
        meta        text NOT NULL DEFAULT '{}'             -- JSON object
      );

      -- Sampled shingle fingerprints (unsigned 32-bit) for near-duplicate candidates that SimHash bands miss.
      CREATE TABLE shingle_fingerprints (
        fp          bigint NOT NULL,
        article_seq bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
        PRIMARY KEY (fp, article_seq)
      );
      CREATE INDEX shingle_fingerprints_article ON shingle_fingerprints(article_seq);
      -- Articles per fingerprint, kept at insert, so candidate lookup skips stock phrases without counting.
      CREATE TABLE fingerprint_counts (
        fp bigint PRIMARY KEY,
        n  integer NOT NULL
      );

      -- The latest analysis of each article.
      CREATE TABLE analyses (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text_hash  text NOT NULL,
        versions   text NOT NULL,                          -- JSON {analyzerId: version}
        analysis   text NOT NULL,                          -- JSON Analysis, byte for byte
        created_at text NOT NULL,
        timings    text                                    -- JSON {analyzerId: ms} or NULL
      );

      -- Who is analysing which article, until when (ms since the epoch). An expired lease is free to claim.
      CREATE TABLE analysis_leases (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        owner      text COLLATE "C" NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE INDEX analysis_leases_owner ON analysis_leases(owner);
    `,
  },
  {
    version: 2,
    name: 'findings as rows: one row per finding with the columns views group on, the analysis JSON without its findings',
    async up(client) {
      await client.query(`
        CREATE TABLE findings (
          article_seq bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
          ordinal     integer NOT NULL,
          kind        text COLLATE "C" NOT NULL,
          analyzer    text COLLATE "C" NOT NULL,
          version     text COLLATE "C",
          actor_id    text COLLATE "C",
          actor_kind  text COLLATE "C",
          canonical   text COLLATE "C",
          state_id    text COLLATE "C",
          voice       text COLLATE "C" NOT NULL CHECK (voice IN ('outlet', 'quote')),
          speaker     text COLLATE "C",
          span_start  integer,
          span_end    integer,
          score       double precision,
          confidence  double precision,
          key         text COLLATE "C",
          payload     text NOT NULL,                         -- the finding's JSON, evidence elided (finding-rows.ts)
          PRIMARY KEY (article_seq, ordinal)
        );
        -- one kind over a range of articles, in order, without a sort (SQLite gets this from WITHOUT ROWID)
        CREATE INDEX findings_kind ON findings(kind, article_seq, ordinal);
        -- no actor index, as in SQLite: the views read a kind over batches of articles
        -- how many findings rows the analysis has; NULL: the analysis JSON has no findings array and is kept whole
        ALTER TABLE analyses ADD COLUMN finding_rows integer;
      `);
      // Backfill: every stored analysis gives its findings to rows and keeps the rest (versions, diagnostics).
      for (let after = 0; ; ) {
        const { rows } = await client.query<{ article_id: string; analysis: string; seq: string | number; text: string }>(
          `SELECT an.article_id, an.analysis, a.seq, a.text FROM analyses an JOIN articles a ON a.id = an.article_id
            WHERE a.seq > $1 ORDER BY a.seq LIMIT 100`,
          [after],
        );
        if (!rows.length) break;
        const found: Array<{ seq: number; records: FindingRecord[] }> = [];
        for (const r of rows) {
          const split = splitAnalysis(r.analysis, r.text);
          if (!split.rows) continue;
          found.push({ seq: Number(r.seq), records: split.rows });
          await client.query('UPDATE analyses SET analysis = $1, finding_rows = $2 WHERE article_id = $3', [split.json, split.rows.length, r.article_id]);
        }
        await insertFindingRows(client, found);
        after = Number(rows[rows.length - 1].seq);
      }
    },
  },
  {
    version: 3,
    name: "actor merges: the user's table of corpus actors to count as one (parallax actors --merge)",
    up: `
      CREATE TABLE actor_merges (
        from_id    text COLLATE "C" PRIMARY KEY,
        to_id      text COLLATE "C" NOT NULL,
        note       text,
        created_at text NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'cited sources: the outlets an article reports ("IRNA: …", "IRNA reported"), as a JSON array',
    async up(client) {
      await client.query(`ALTER TABLE articles ADD COLUMN cited_sources text NOT NULL DEFAULT '[]'`);
      // Backfill from the stored title and text with the bundled registry, as the SQLite migration 7.
      const registry = loadOutletRegistry();
      for (let after = 0; ; ) {
        const { rows } = await client.query<{ seq: string | number; title: string | null; text: string; outlet: string | null; outlet_id: string | null }>(
          'SELECT seq, title, text, outlet, outlet_id FROM articles WHERE seq > $1 ORDER BY seq LIMIT 200',
          [after],
        );
        if (!rows.length) break;
        for (const r of rows) {
          const cited = findCitedSources(registry, { title: r.title, text: r.text, outletId: r.outlet_id, outletName: r.outlet });
          if (cited.length) await client.query('UPDATE articles SET cited_sources = $1 WHERE seq = $2', [JSON.stringify(cited), r.seq]);
        }
        after = Number(rows[rows.length - 1].seq);
      }
    },
  },
];

/** The findings table's columns in insert order, with their PostgreSQL array types for unnest. */
const FINDING_COLUMNS: Array<[string, string, (seq: number, f: FindingRecord) => unknown]> = [
  ['article_seq', 'int8', (seq) => seq],
  ['ordinal', 'int4', (_, f) => f.ordinal],
  ['kind', 'text', (_, f) => f.kind],
  ['analyzer', 'text', (_, f) => f.analyzer],
  ['version', 'text', (_, f) => f.version],
  ['actor_id', 'text', (_, f) => f.actorId],
  ['actor_kind', 'text', (_, f) => f.actorKind],
  ['canonical', 'text', (_, f) => f.canonical],
  ['state_id', 'text', (_, f) => f.stateId],
  ['voice', 'text', (_, f) => f.voice],
  ['speaker', 'text', (_, f) => f.speaker],
  ['span_start', 'int4', (_, f) => f.spanStart],
  ['span_end', 'int4', (_, f) => f.spanEnd],
  ['score', 'float8', (_, f) => f.score],
  ['confidence', 'float8', (_, f) => f.confidence],
  ['key', 'text', (_, f) => f.key],
  ['payload', 'text', (_, f) => f.payload],
];

const INSERT_FINDINGS_SQL = `INSERT INTO findings (${FINDING_COLUMNS.map(([c]) => c).join(', ')})
  SELECT * FROM unnest(${FINDING_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`;

/** Inserts the finding rows of several articles in one statement per 5,000 rows (column arrays through unnest). */
export async function insertFindingRows(client: PoolClient, list: Array<{ seq: number; records: readonly FindingRecord[] }>): Promise<void> {
  let cols: unknown[][] = FINDING_COLUMNS.map(() => []);
  let n = 0;
  const flush = async () => {
    if (n) await client.query(INSERT_FINDINGS_SQL, cols);
    cols = FINDING_COLUMNS.map(() => []);
    n = 0;
  };
  for (const { seq, records } of list) {
    for (const f of records) {
      FINDING_COLUMNS.forEach(([, , get], i) => cols[i].push(get(seq, f)));
      if (++n >= 5000) await flush();
    }
  }
  await flush();
}

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version;

/** The schema version of the database `client` is connected to (0: no Parallax schema in its search_path). */
export async function pgSchemaVersion(client: PoolClient, where: string): Promise<number> {
  const { rows } = await client.query<{ migrations: string | null; articles: string | null; shape: number }>(
    `SELECT to_regclass('schema_migrations')::text AS migrations, to_regclass('articles')::text AS articles,
       (SELECT count(*)::int FROM pg_attribute
         WHERE attrelid = to_regclass('schema_migrations') AND attname IN ('version', 'name', 'applied_at') AND NOT attisdropped) AS shape`,
  );
  const r = rows[0];
  if (r.migrations === null) {
    if (r.articles !== null) {
      throw new ParallaxError('E_STORE', 'the schema has an "articles" table but no schema_migrations: not a Parallax database (use another database or schema)', { input: where });
    }
    return 0;
  }
  if (r.shape !== 3) {
    throw new ParallaxError('E_STORE', 'the schema has a schema_migrations table of another application, not a Parallax database (use another database or schema)', { input: where });
  }
  const v = await client.query<{ v: number | null }>('SELECT max(version)::int AS v FROM schema_migrations');
  return v.rows[0].v ?? 0;
}

/**
 * Brings the database to the latest version. Refuses one written by a newer Parallax (its schema may mean things
 * this version does not know). `where` (the redacted URL) names the database in errors.
 */
export async function migratePostgres(client: PoolClient, where: string, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  const latest = migrations[migrations.length - 1].version;
  const check = async (): Promise<number> => {
    const version = await pgSchemaVersion(client, where);
    if (version > latest) {
      throw new ParallaxError(
        'E_STORE',
        `the database has schema version ${version}, newer than this Parallax supports (${latest}); upgrade Parallax to open it`,
        { input: where },
      );
    }
    return version;
  };
  if ((await check()) === latest) return latest;
  for (const m of migrations) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PG_MIGRATION_LOCK]);
      // Re-read under the lock: another process may have migrated while we waited.
      const current = await check();
      if (m.version > current) {
        if (m.version !== current + 1) throw new ParallaxError('E_INTERNAL', `migration ${m.version} cannot follow schema version ${current}`);
        if (typeof m.up === 'string') await client.query(m.up);
        else await m.up(client);
        await client.query('INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
  return latest;
}
