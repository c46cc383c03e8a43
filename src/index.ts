/**
 * The library surface of Parallax: `import { analyze } from 'parallax'`.
 *
 * Analysis is pure — text in, findings out — and touches no file, network or database. The CLI, the API and the
 * report are adapters around the same functions (docs/library.md).
 */
import type { Analysis } from './core/finding.js';
import type { ConfigActor } from './core/config.js';
import type { DocumentInput } from './core/document.js';
import { defaultArticleId, textHash } from './core/document.js';
import type { Pipeline } from './core/pipeline.js';
import { createConfiguredPipeline } from './services/analyze.js';

export type {
  Analysis,
  Finding,
  FindingBase,
  ActorMentionFinding,
  LabelFinding,
  StanceFinding,
  QuoteFinding,
  ClaimFinding,
  FigureFinding,
  EventFinding,
  RelationFinding,
  TechniqueFinding,
  BiasSentenceFinding,
  RelationPartyRef,
  StatedBy,
  FindingKind,
  FindingOf,
  ExtensionFinding,
  Diagnostic,
  Voice,
  ActorKind,
  LabelType,
  Connotation,
  RelatedSpan,
  TimeValue,
} from './core/finding.js';
export { isKind, ofKind, isFinding, FINDING_KINDS } from './core/finding.js';
export type { Span } from './core/span.js';
export type { DocumentInput } from './core/document.js';
export type { Article } from './core/article.js';
export type { ConfigActor, ParallaxConfig } from './core/config.js';
export type { Analyzer, AnalyzerMeta, AnalyzerContext, Pipeline } from './core/pipeline.js';
export { createPipeline, defineAnalyzer, PipelineError, ANALYSIS_SCHEMA_VERSION } from './core/pipeline.js';
export { defaultAnalyzers } from './analyzers/index.js';
export { textHash } from './core/document.js';

export interface AnalyzeOptions {
  /** Actors no gazetteer knows (as in parallax.config.json's `actors`). */
  actors?: ConfigActor[];
}

// Building the pipeline compiles lexicons and loads the stance model: do it once per distinct actor list.
const pipelines = new Map<string, Pipeline>();

function pipelineFor(actors: ConfigActor[] | undefined): Pipeline {
  const key = JSON.stringify(actors ?? []);
  let p = pipelines.get(key);
  if (!p) {
    if (pipelines.size >= 8) pipelines.clear();
    p = createConfiguredPipeline({ actors: actors ?? [] });
    pipelines.set(key, p);
  }
  return p;
}

/**
 * Runs every analyzer over one article's cleaned text and returns its findings. `input` is the text, or the text
 * with its metadata (title, outlet, publication date — the reference for relative dates — and language).
 * Spans are UTF-16 offsets into `text`; `evidence === text.slice(span.start, span.end)` for every finding.
 */
export function analyze(input: string | DocumentInput, options: AnalyzeOptions = {}): Analysis {
  const doc: DocumentInput = typeof input === 'string' ? { text: input } : input;
  if (doc === null || typeof doc !== 'object' || typeof doc.text !== 'string') {
    throw new TypeError('analyze() needs a string or an object with a string `text`');
  }
  const articleId = doc.articleId ?? defaultArticleId(doc.text);
  const analysis = pipelineFor(options.actors).run({ ...doc, articleId });
  return { ...analysis, textHash: textHash(doc.text) };
}
