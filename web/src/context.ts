import type { ArticleSummary } from '../../src/storage/store.js';
import type { Span } from '../../src/core/span.js';

export interface Facets {
  outlets: Array<{ name: string; group: string | null; articles: number }>;
  groups: Array<{ name: string; articles: number; outlets: string[] }>;
  stories: Array<{ id: string; title: string | null; articles: number; first: string | null; last: string | null }>;
  actors: Array<{ id: string; canonical: string; kind: string; mentions: number; articles: number }>;
  dates: { first: string | null; last: string | null };
  languages: string[];
  articles: number;
  analysed: number;
  unanalysed: number;
}

/** One place in one article that a number counts. */
export interface EvidenceItem {
  articleId: string;
  span: Span;
  evidence: string;
  /** A short line on what this piece of evidence is (label type, stance score, technique reason, …). */
  note?: string;
  /** An English gloss of the words when they are in another language (a label finding's data.gloss). */
  gloss?: string;
  /** The language the words are in (else the article's). */
  language?: string;
}

export interface ViewContext {
  params: URLSearchParams;
  facets: Facets;
  articles: Map<string, ArticleSummary>;
  main: HTMLElement;
  /** Opens the evidence panel: every place behind a number, each opening the reader at its span. */
  showEvidence(title: string, items: EvidenceItem[], subtitle?: string): void;
  /** Runs a job (ingest, analyse) with a progress bar; resolves with the finished job. */
  runJob(start: () => Promise<{ job: Job }>, label: string): Promise<Job>;
  /** Reloads facets and the article index (after ingest/analyse). */
  refresh(): Promise<void>;
}

export interface Job {
  id: string;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: { phase: string; done: number; total: number | null };
  result: unknown;
  error: { code: string; message: string } | null;
}

export type View = (ctx: ViewContext) => Promise<void>;
