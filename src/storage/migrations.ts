/**
 * Versioned SQLite schema. `PRAGMA user_version` is the schema version (authoritative: one integer in the file
 * header, read before anything else); `schema_migrations` keeps a human-readable log of what ran when.
 * Each migration runs in its own IMMEDIATE transaction together with the version bump, so a crash mid-migration
 * leaves the previous version intact and two processes opening a fresh file do not both migrate it.
 * Migrations are append-only: never edit one that has shipped, add the next number.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { shingleFingerprints } from '../clean/dedup.js';
import { findCitedSources } from '../clean/cited.js';
import { loadOutletRegistry } from '../clean/outlets.js';
import { ParallaxError } from '../core/errors.js';
import { splitAnalysis, type FindingRecord } from './finding-rows.js';

type DB = BetterSqlite3.Database;

export interface Migration {
  version: number;
  name: string;
  up: string | ((db: DB) => void);
}

/** "PRLX" — marks a file as a Parallax database so we never add tables to someone else's SQLite file. */
export const APPLICATION_ID = 0x50524c58;

/** The user's merge table (docs/storage.md#actor-merges): corpus actor `from_id` is counted as `to_id`. Same DDL on both dialects. */
export const ACTOR_MERGES_TABLE = `
  CREATE TABLE actor_merges (
    from_id    TEXT PRIMARY KEY,
    to_id      TEXT NOT NULL,
    note       TEXT,
    created_at TEXT NOT NULL
  );
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, raw inputs, full-text index, analyses',
    up: `
      CREATE TABLE schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );

      -- seq is the rowid: ingest order, the key the FTS index and keyset paging use.
      CREATE TABLE articles (
        seq                 INTEGER PRIMARY KEY,
        id                  TEXT NOT NULL UNIQUE,
        text_hash           TEXT NOT NULL UNIQUE,
        source              TEXT NOT NULL,
        url                 TEXT,
        canonical_url       TEXT,
        outlet              TEXT,
        outlet_id           TEXT,
        outlet_country      TEXT,
        group_name          TEXT,
        title               TEXT,
        byline              TEXT,
        authors             TEXT NOT NULL DEFAULT '[]',   -- JSON array
        published           TEXT,
        published_precision TEXT,
        updated             TEXT,
        updated_precision   TEXT,
        language            TEXT,
        language_confidence REAL,
        license             TEXT,
        section             TEXT,
        text                TEXT NOT NULL,
        word_count          INTEGER NOT NULL,
        simhash             TEXT NOT NULL,
        band0               INTEGER NOT NULL,
        band1               INTEGER NOT NULL,
        band2               INTEGER NOT NULL,
        band3               INTEGER NOT NULL,
        republished_from    TEXT,
        republication       TEXT,                          -- JSON object or NULL
        repeated_paragraphs TEXT NOT NULL DEFAULT '[]',    -- JSON array of {span, repeatOf, similarity}
        flags               TEXT NOT NULL DEFAULT '[]',    -- JSON array
        boilerplate         TEXT NOT NULL DEFAULT '[]',    -- JSON array
        ingested_at         TEXT NOT NULL
      );
      CREATE INDEX articles_band0 ON articles(band0);
      CREATE INDEX articles_band1 ON articles(band1);
      CREATE INDEX articles_band2 ON articles(band2);
      CREATE INDEX articles_band3 ON articles(band3);
      CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);
      CREATE INDEX articles_group ON articles(group_name);
      CREATE INDEX articles_language ON articles(language);
      CREATE INDEX articles_republished_from ON articles(republished_from);

      -- One raw input per stored article (a duplicate input stores nothing), kept to re-clean later.
      CREATE TABLE raw_inputs (
        article_seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
        source      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        format      TEXT NOT NULL CHECK (format IN ('html', 'text')),
        body        BLOB NOT NULL,
        meta        TEXT NOT NULL DEFAULT '{}'             -- JSON object
      );

      -- External-content FTS5 over title + text; the triggers keep it in the writer's transaction.
      CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text,
        content = 'articles', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;

      -- The latest analysis of each article.
      CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text_hash  TEXT NOT NULL,
        versions   TEXT NOT NULL,                          -- JSON {analyzerId: version}
        analysis   TEXT NOT NULL,                          -- JSON Analysis
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'sampled shingle fingerprints for near-duplicate candidates that SimHash bands miss',
    up(db) {
      db.exec(`
        CREATE TABLE shingle_fingerprints (
          fp          INTEGER NOT NULL,
          article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
          PRIMARY KEY (fp, article_seq)
        ) WITHOUT ROWID;
        CREATE INDEX shingle_fingerprints_article ON shingle_fingerprints(article_seq);
        -- how many fingerprints the article has: the denominator of the sampled containment estimate
        ALTER TABLE articles ADD COLUMN fingerprint_count INTEGER NOT NULL DEFAULT 0;
      `);
      // Backfill articles stored under version 1.
      const insert = db.prepare('INSERT OR IGNORE INTO shingle_fingerprints(fp, article_seq) VALUES (?, ?)');
      const setCount = db.prepare('UPDATE articles SET fingerprint_count = ? WHERE seq = ?');
      for (const row of db.prepare('SELECT seq, text FROM articles').all() as Array<{ seq: number; text: string }>) {
        const fps = shingleFingerprints(row.text);
        for (const fp of fps) insert.run(fp, row.seq);
        setCount.run(fps.length, row.seq);
      }
    },
  },
  {
    version: 3,
    name: 'per-fingerprint article counts, so candidate lookup skips stock phrases without counting them each time',
    up(db) {
      db.exec(`
        CREATE TABLE fingerprint_counts (
          fp INTEGER PRIMARY KEY,
          n  INTEGER NOT NULL
        );
        INSERT INTO fingerprint_counts (fp, n) SELECT fp, count(*) FROM shingle_fingerprints GROUP BY fp;
      `);
    },
  },
  {
    version: 4,
    name: 'analysis timings apart from the analysis JSON; analysis leases so several processes share the work',
    up: `
      -- JSON {analyzerId: ms} of the run that stored the analysis; the analysis JSON itself has no wall-clock data.
      -- Rows stored before this version keep their timings inside the analysis until they are re-analysed.
      ALTER TABLE analyses ADD COLUMN timings TEXT;

      -- Who is analysing which article, until when (ms since the epoch). An expired lease is free to claim.
      CREATE TABLE analysis_leases (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        owner      TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX analysis_leases_owner ON analysis_leases(owner);
    `,
  },
  {
    version: 5,
    name: 'findings as rows: one row per finding with the columns views group on, the analysis JSON without its findings',
    up(db) {
      db.exec(FINDINGS_TABLE);
      // Backfill: every stored analysis gives its findings to rows and keeps the rest (versions, diagnostics).
      // Paged by article seq (a statement cannot write while another iterates on the same connection).
      const page = db.prepare(`SELECT an.article_id, an.analysis, a.seq, a.text FROM analyses an JOIN articles a ON a.id = an.article_id
        WHERE a.seq > ? ORDER BY a.seq LIMIT 100`);
      const insert = db.prepare(INSERT_FINDING);
      const update = db.prepare('UPDATE analyses SET analysis = ?, finding_rows = ? WHERE article_id = ?');
      for (let after = 0; ; ) {
        const rows = page.all(after) as Array<{ article_id: string; analysis: string; seq: number; text: string }>;
        if (!rows.length) break;
        for (const r of rows) {
          const split = splitAnalysis(r.analysis, r.text);
          if (!split.rows) continue;
          for (const f of split.rows) insert.run(findingParams(r.seq, f));
          update.run(split.json, split.rows.length, r.article_id);
        }
        after = rows[rows.length - 1].seq;
      }
    },
  },
  {
    version: 6,
    name: "actor merges: the user's table of corpus actors to count as one (parallax actors --merge)",
    up: ACTOR_MERGES_TABLE,
  },
  {
    version: 7,
    name: 'cited sources: the outlets an article reports ("IRNA: …", "IRNA reported"), as a JSON array',
    up(db) {
      db.exec(`ALTER TABLE articles ADD COLUMN cited_sources TEXT NOT NULL DEFAULT '[]'; -- JSON array`);
      // Backfill from the stored title and text with the bundled registry (outlets added by a config are found
      // when the article is ingested again into a new database).
      const registry = loadOutletRegistry();
      const update = db.prepare('UPDATE articles SET cited_sources = ? WHERE seq = ?');
      const page = db.prepare('SELECT seq, title, text, outlet, outlet_id FROM articles WHERE seq > ? ORDER BY seq LIMIT 500');
      for (let rows = page.all(0) as CitedRow[]; rows.length; rows = page.all(rows[rows.length - 1].seq) as CitedRow[]) {
        for (const r of rows) {
          const cited = findCitedSources(registry, { title: r.title, text: r.text, outletId: r.outlet_id, outletName: r.outlet });
          if (cited.length) update.run(JSON.stringify(cited), r.seq);
        }
      }
    },
  },
];

interface CitedRow {
  seq: number;
  title: string | null;
  text: string;
  outlet: string | null;
  outlet_id: string | null;
}

/**
 * One row per finding (docs/storage.md#findings). The primary key clusters an article's findings in order, so
 * rebuilding an analysis and replacing it are range reads and deletes; the kind index serves the views. No actor
 * index yet: the views read a kind over batches of articles (an index on actor_id cost 5 KB an article).
 */
const FINDINGS_TABLE = `
  CREATE TABLE findings (
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    analyzer    TEXT NOT NULL,
    version     TEXT,
    actor_id    TEXT,
    actor_kind  TEXT,
    canonical   TEXT,
    state_id    TEXT,
    voice       TEXT NOT NULL CHECK (voice IN ('outlet', 'quote')),
    speaker     TEXT,
    span_start  INTEGER,
    span_end    INTEGER,
    score       REAL,
    confidence  REAL,
    key         TEXT,
    payload     TEXT NOT NULL,
    PRIMARY KEY (article_seq, ordinal)
  ) WITHOUT ROWID;
  -- WITHOUT ROWID: an index entry carries the primary key, so this is (kind, article_seq, ordinal): one kind of a
  -- range of articles, in order, without a sort.
  CREATE INDEX findings_kind ON findings(kind);
  -- how many findings rows the analysis has; NULL: the analysis JSON has no findings array and is kept whole
  ALTER TABLE analyses ADD COLUMN finding_rows INTEGER;
`;

export const INSERT_FINDING = `INSERT INTO findings (article_seq, ordinal, kind, analyzer, version, actor_id, actor_kind, canonical,
    state_id, voice, speaker, span_start, span_end, score, confidence, key, payload)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** INSERT_FINDING's parameters in order (bound by position, which better-sqlite3 does faster than by name). */
export function findingParams(seq: number, f: FindingRecord): unknown[] {
  return [seq, f.ordinal, f.kind, f.analyzer, f.version, f.actorId, f.actorKind, f.canonical, f.stateId, f.voice, f.speaker, f.spanStart, f.spanEnd, f.score, f.confidence, f.key, f.payload];
}

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings `db` to LATEST_VERSION. Refuses a file written by a newer Parallax (its schema may mean things this
 * version does not know) and a SQLite file that belongs to another application.
 */
export function migrate(db: DB, path: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations[migrations.length - 1].version;
  const check = (): number => {
    const version = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== 0 && appId !== APPLICATION_ID) {
      throw new ParallaxError('E_STORE', `a SQLite database of another application (application_id ${appId}), not a Parallax database`, { input: path });
    }
    if (version > latest) {
      throw new ParallaxError(
        'E_STORE',
        `the database has schema version ${version}, newer than this Parallax supports (${latest}); upgrade Parallax to open it`,
        { input: path },
      );
    }
    if (version === 0) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
      if (tables.n > 0) {
        throw new ParallaxError('E_STORE', `a SQLite database with other tables, not a Parallax database`, { input: path });
      }
    }
    return version;
  };

  if (check() === latest) return latest;
  for (const m of migrations) {
    db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated while we waited.
      const current = check();
      if (m.version <= current) return;
      if (m.version !== current + 1) {
        throw new ParallaxError('E_INTERNAL', `migration ${m.version} cannot follow schema version ${current}`);
      }
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.prepare('INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}
