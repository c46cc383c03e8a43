/**
 * The root types of Parallax's JSON contract. docs/schema.json is generated from these types and the types they
 * reference (`npm run schema`, src/schema/generate.ts); a test fails when the committed file is out of date.
 * Type-only: nothing here exists at run time.
 */
import type { Article } from '../core/article.js';
import type { Analysis } from '../core/finding.js';
import type { Comparison } from '../compare/index.js';
import type { CorpusActorView } from '../services/corpus.js';
import type { IngestFailure, IngestSkip } from '../ingest/run.js';

export type { Article } from '../core/article.js';
export type { Analysis, Finding } from '../core/finding.js';
export type { Comparison } from '../compare/index.js';

/** What `parallax ingest --json` prints. */
export interface IngestResult {
  ingested: Article[];
  skipped: IngestSkip[];
  failed: IngestFailure[];
  /** Articles queued for analysis (with a job queue). */
  enqueued?: number;
}

/** Versions of the contracts an export was written under. */
export interface ExportSchemaVersions {
  export: string;
  analysis: string;
  comparison: string;
}

/** What `parallax export --format json` writes (jsonl: the same parts, one `{ type, data }` per line). */
export interface Export {
  schema: ExportSchemaVersions;
  /** ISO 8601 timestamp. */
  exportedAt: string;
  articles: Article[];
  analyses: Analysis[];
  /** The corpus actors: one real actor, one id across the corpus. */
  actors: CorpusActorView[];
  comparison: Comparison;
}
