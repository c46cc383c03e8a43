import { assignVoices } from './voice.js';
import { performance } from 'node:perf_hooks';
import type { Analysis, Diagnostic, ExtensionFinding, Finding, FindingKind, Voice } from './finding.js';
import { spanInside, type Span } from './span.js';
import { defaultArticleId, freezeDocument, textHash, type DocumentInput } from './document.js';
import { isRead, primaryLanguage, READ_LANGUAGES } from './lang/index.js';

export type { DocumentInput } from './document.js';

/** Version of the Analysis JSON contract (docs/schema.md). Bump on a breaking change. */
export const ANALYSIS_SCHEMA_VERSION = '1.0.0';

export interface AnalyzerMeta {
  /** Stable: stored with findings and shown in the UI. */
  id: string;
  /** Bump when the output changes; stored findings of an older version are stale. */
  version: string;
  description?: string;
  /** Products read with ctx.get(); the pipeline runs their providers first. */
  requires: string[];
  /** Products written with ctx.provide(); each must be provided on every successful run. */
  provides: string[];
  /** messageId -> template with {placeholders}. */
  messages: Record<string, string>;
}

/**
 * What ctx.report() takes: a finding without the fields the pipeline fills in. Distributes over a union, so
 * `ReportInput<Finding>` is itself a union discriminated by `kind` and every kind's fields are checked.
 */
export type ReportInput<F extends Finding | ExtensionFinding = Finding> = F extends unknown
  ? Omit<F, 'id' | 'analyzer' | 'evidence' | 'message' | 'voice'> & {
      voice?: F['voice'];
      message?: string;
      messageData?: Record<string, string | number>;
    }
  : never;

/** The fields of a ReportInput the pipeline itself reads, whatever the kind. */
interface ReportedFields {
  kind: string;
  span: Span;
  messageId: string;
  message?: string;
  voice?: Voice;
  messageData?: Record<string, string | number>;
}

export interface AnalyzerContext {
  readonly doc: Readonly<DocumentInput>;
  /** Data provided by an analyzer earlier in the order. Throws if the product is not in meta.requires or was not provided. */
  get<T>(product: string): T;
  /** Publish a product named in meta.provides. */
  provide(product: string, value: unknown): void;
  /**
   * Record a finding. Fills id (deterministic: analyzer + kind + span + counter), analyzer, evidence
   * (= text.slice(span)), message (from the template unless given) and voice (default 'outlet').
   * Throws on a span outside the text or a messageId not in meta.messages.
   */
  report<F extends Finding>(f: ReportInput<F>): F;
  /**
   * Record a finding of a kind of your own (an analyzer added to your pipeline, docs/pipeline.md). A built-in kind
   * must be reported with all its fields (the overload above); its kind here is refused at compile time.
   */
  report<K extends string>(f: ReportInput<ExtensionFinding> & { kind: K } & ([K] extends [FindingKind] ? { builtInKindNeedsAllItsFields: never } : unknown)): ExtensionFinding;
  /** Findings reported so far in this run, optionally only one analyzer's. */
  findings(analyzerId?: string): readonly Finding[];
  /**
   * Record a diagnostic for this article (what the analyzer did not do and why: `no-stance-lexicon` for a language
   * without a stance lexicon). Kept with the article's diagnostics when the analyzer succeeds.
   */
  diagnose(code: string, message: string, severity?: Diagnostic['severity']): void;
}

export interface Analyzer<O = unknown> {
  meta: AnalyzerMeta;
  /** Called once when the pipeline is built: compile lexicons, tries, regexes here, not per article. */
  create(options?: O): (ctx: AnalyzerContext) => void;
}

/** Identity with type inference; validates the meta so mistakes surface at import time. */
export function defineAnalyzer<O>(a: Analyzer<O>): Analyzer<O> {
  validateMeta(a.meta);
  return a;
}

/**
 * What one article may cost (docs/pipeline.md#limits). The analyzers are linear in the text, so size bounds time;
 * the time budget is the backstop for a slow machine or an analyzer that is not.
 */
export interface PipelineLimits {
  /**
   * Characters analysed per article. A longer text is analysed on its first `maxChars` characters (cut at the last
   * line break, else the last space, in the final tenth) and gets a warning diagnostic `article-truncated`; spans
   * stay offsets into the full text. 0 = no limit.
   */
  maxChars?: number;
  /**
   * Wall-clock milliseconds per article, checked between analyzers: once spent, the analyzers not yet run are
   * skipped and the article gets an error diagnostic `budget-exceeded` (the findings of the finished analyzers are
   * kept). 0 = no limit.
   */
  timeBudgetMs?: number;
}

/** 500,000 characters: about 80,000 words, four times the longest long-read in the development corpora. */
export const DEFAULT_MAX_CHARS = 500_000;
/** 60 s: a 500,000-character article takes about 10 s on a 2-core laptop. */
export const DEFAULT_TIME_BUDGET_MS = 60_000;

export interface Pipeline {
  /** Metas in execution order. */
  analyzers: AnalyzerMeta[];
  versions: Record<string, string>;
  /** The limits in force (defaults filled in). */
  limits: Required<PipelineLimits>;
  /** Pure and synchronous: the same document gives the same findings. */
  run(doc: DocumentInput): Analysis;
}

/** Misuse of the pipeline API: thrown when the pipeline is built (or when an analyzer breaks the context contract). */
export class PipelineError extends Error {
  readonly code: 'E_PIPELINE';
  constructor(message: string) {
    super(message);
    this.name = 'PipelineError';
    this.code = 'E_PIPELINE';
  }
}

const ID_RE = /^[a-z][a-z0-9-]*$/;

function validateMeta(meta: AnalyzerMeta): void {
  if (!meta || typeof meta !== 'object') throw new PipelineError('analyzer without meta');
  if (typeof meta.id !== 'string' || !ID_RE.test(meta.id)) throw new PipelineError(`analyzer id must be kebab-case: ${String(meta.id)}`);
  if (typeof meta.version !== 'string' || !meta.version) throw new PipelineError(`analyzer ${meta.id}: missing version`);
  for (const k of ['requires', 'provides'] as const) {
    if (!Array.isArray(meta[k]) || meta[k].some((p) => typeof p !== 'string' || !p)) {
      throw new PipelineError(`analyzer ${meta.id}: meta.${k} must be an array of product names`);
    }
  }
  if (!meta.messages || typeof meta.messages !== 'object') throw new PipelineError(`analyzer ${meta.id}: meta.messages is required`);
  for (const [mid, tpl] of Object.entries(meta.messages)) {
    if (typeof tpl !== 'string') throw new PipelineError(`analyzer ${meta.id}: message ${mid} must be a string template`);
  }
}

/** Replaces {name} with data[name]; unknown placeholders are left visible so a missing value is noticed. */
export function renderMessage(template: string, data: Record<string, string | number> | undefined): string {
  return compileTemplate(template)(data);
}

type Render = (data: Record<string, string | number> | undefined) => string;

/**
 * A template split once into literal text and placeholder names (odd indices), so rendering a finding's message
 * is a join rather than a regex replace with a callback: messages are rendered for every finding (~170 per article).
 */
function compileTemplate(template: string): Render {
  const parts = template.split(/\{([A-Za-z0-9_]+)\}/);
  if (parts.length === 1) return () => template;
  return (data) => {
    if (!data) return template;
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const k = parts[i];
      out += (k in data ? String(data[k]) : `{${k}}`) + parts[i + 1];
    }
    return out;
  };
}

/**
 * Orders analyzers so every product is provided before it is required. Kahn's algorithm that always picks the
 * earliest-listed ready analyzer, so the order is stable and matches the caller's list when that is valid.
 */
function order(analyzers: Analyzer[]): Analyzer[] {
  const provider = new Map<string, string>();
  const ids = new Set<string>();
  for (const a of analyzers) {
    validateMeta(a.meta);
    if (ids.has(a.meta.id)) throw new PipelineError(`duplicate analyzer id: ${a.meta.id}`);
    ids.add(a.meta.id);
    for (const p of a.meta.provides) {
      const prev = provider.get(p);
      if (prev) throw new PipelineError(`product "${p}" is provided by both ${prev} and ${a.meta.id}`);
      provider.set(p, a.meta.id);
    }
  }
  const deps = new Map<string, Set<string>>();
  for (const a of analyzers) {
    const d = new Set<string>();
    for (const r of a.meta.requires) {
      const p = provider.get(r);
      if (!p) throw new PipelineError(`analyzer ${a.meta.id} requires "${r}" but no analyzer in the pipeline provides it`);
      if (p === a.meta.id) throw new PipelineError(`analyzer ${a.meta.id} requires "${r}", which it provides itself`);
      d.add(p);
    }
    deps.set(a.meta.id, d);
  }
  const out: Analyzer[] = [];
  const done = new Set<string>();
  const pending = [...analyzers];
  while (pending.length) {
    const i = pending.findIndex((a) => [...deps.get(a.meta.id)!].every((d) => done.has(d)));
    if (i < 0) {
      throw new PipelineError(`dependency cycle among analyzers: ${pending.map((a) => a.meta.id).join(', ')}`);
    }
    const [a] = pending.splice(i, 1);
    out.push(a);
    done.add(a.meta.id);
  }
  return out;
}

interface Compiled {
  meta: AnalyzerMeta;
  fn: (ctx: AnalyzerContext) => void;
  /** Analyzer ids this one depends on (directly). */
  deps: string[];
  /** messageId -> compiled template. */
  renders: Map<string, Render>;
}

export function createPipeline(analyzers: Analyzer[], options: Record<string, unknown> = {}, limits: PipelineLimits = {}): Pipeline {
  if (!Array.isArray(analyzers)) throw new PipelineError('createPipeline expects an array of analyzers');
  const maxChars = limits.maxChars ?? DEFAULT_MAX_CHARS;
  const timeBudgetMs = limits.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  for (const [k, v] of [['maxChars', maxChars], ['timeBudgetMs', timeBudgetMs]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new PipelineError(`limits.${k} must be a non-negative number (0 = no limit), got ${String(v)}`);
  }
  const compiled = compile(analyzers, options);
  const versions: Record<string, string> = {};
  for (const c of compiled) versions[c.meta.id] = c.meta.version;
  const setup: Setup = { compiled, versions, maxChars, timeBudgetMs };

  return {
    analyzers: compiled.map((c) => c.meta),
    versions: { ...versions },
    limits: { maxChars, timeBudgetMs },
    run(input: DocumentInput): Analysis {
      return runPipeline(setup, input);
    },
  };
}

/** Orders the analyzers and calls each one's create() with its options (unknown option keys are refused). */
function compile(analyzers: Analyzer[], options: Record<string, unknown>): Compiled[] {
  const ordered = order(analyzers);
  const provider = new Map<string, string>();
  for (const a of ordered) for (const p of a.meta.provides) provider.set(p, a.meta.id);
  for (const key of Object.keys(options)) {
    if (!ordered.some((a) => a.meta.id === key)) throw new PipelineError(`options given for unknown analyzer "${key}"`);
  }
  return ordered.map((a) => {
    const fn = a.create(options[a.meta.id] as never);
    if (typeof fn !== 'function') throw new PipelineError(`analyzer ${a.meta.id}: create() must return a function`);
    const renders = new Map(Object.entries(a.meta.messages).map(([id, tpl]) => [id, compileTemplate(tpl)] as const));
    return { meta: a.meta, fn, deps: [...new Set(a.meta.requires.map((r) => provider.get(r)!))], renders };
  });
}

/** A built pipeline: its compiled analyzers in order, their versions and the limits in force. */
interface Setup {
  compiled: Compiled[];
  versions: Record<string, string>;
  maxChars: number;
  timeBudgetMs: number;
}

/** What the analyzers of one article share as they run in order. */
interface RunState {
  /** The analysed document (the first maxChars characters of the article). */
  doc: Readonly<DocumentInput>;
  products: Map<string, unknown>;
  findings: Finding[];
  diagnostics: Diagnostic[];
  timings: Record<string, number>;
  /** Analyzer id -> why it produced nothing. */
  failed: Map<string, string>;
}

/** Pipeline.run: every analyzer in order on one article, within the limits. */
function runPipeline(setup: Setup, input: DocumentInput): Analysis {
  const { compiled, versions, maxChars, timeBudgetMs } = setup;
  const started = performance.now();
  const full = freezeDocument(input);
  const diagnostics: Diagnostic[] = [];
  const doc = truncated(full, maxChars, diagnostics);
  if (!isRead(doc.language)) return notRead(full, diagnostics, versions, compiled);
  const state: RunState = { doc, products: new Map<string, unknown>(), findings: [], diagnostics, timings: {}, failed: new Map<string, string>() };
  const { findings, timings } = state;

  for (let ci = 0; ci < compiled.length; ci++) {
    const c = compiled[ci];
    if (timeBudgetMs > 0 && ci > 0 && performance.now() - started > timeBudgetMs) {
      // Checked between analyzers (an analyzer is not interrupted): the rest of this article is skipped.
      const rest = compiled.slice(ci).map((r) => r.meta.id);
      diagnostics.push({
        analyzer: 'pipeline',
        severity: 'error',
        code: 'budget-exceeded',
        message: `analysis budget of ${formatSeconds(timeBudgetMs)} exceeded at analyzer ${compiled[ci - 1].meta.id}; not run: ${rest.join(', ')}`,
      });
      for (const id of rest) timings[id] = 0;
      break;
    }
    const blocker = c.deps.find((d) => state.failed.has(d));
    if (blocker) skipDependent(c.meta, blocker, state);
    else runAnalyzer(c, state);
  }

  // One answer to "whose voice is this span in" for every finding, from the quotes' regions (src/core/voice.ts).
  if (compiled.some((c) => c.meta.provides.includes('quotes'))) assignVoices(findings);

  return {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    articleId: full.articleId ?? defaultArticleId(full.text),
    textHash: textHash(full.text),
    findings,
    diagnostics,
    versions: { ...versions },
    timings,
  };
}

/** The document the analyzers see: the first maxChars characters only (spans into the prefix are spans into the full text). */
function truncated(full: Readonly<DocumentInput>, maxChars: number, diagnostics: Diagnostic[]): Readonly<DocumentInput> {
  const cut = maxChars > 0 && full.text.length > maxChars ? cutAt(full.text, maxChars) : full.text.length;
  const doc = cut < full.text.length ? Object.freeze({ ...full, text: full.text.slice(0, cut) }) : full;
  if (cut < full.text.length) {
    diagnostics.push({
      analyzer: 'pipeline',
      severity: 'warning',
      code: 'article-truncated',
      message: `article has ${full.text.length.toLocaleString('en')} characters, more than the limit of ${maxChars.toLocaleString('en')}: only the first ${cut.toLocaleString('en')} were analysed`,
    });
  }
  return doc;
}

/** An analyzer whose input is missing (its provider failed or was skipped) is skipped with a reason. */
function skipDependent(meta: AnalyzerMeta, blocker: string, state: RunState): void {
  const { failed, diagnostics, timings } = state;
  failed.set(meta.id, `depends on ${blocker}`);
  diagnostics.push({
    analyzer: meta.id,
    severity: 'warning',
    code: 'analyzer-skipped',
    message: `skipped: requires output of ${blocker}, which ${failed.get(blocker)!.startsWith('depends') ? 'was skipped' : 'failed'}`,
  });
  timings[meta.id] = 0;
}

/** What one analyzer produced on this article: kept only when it succeeds. */
interface AnalyzerOutput {
  mine: Finding[];
  notes: Diagnostic[];
  provided: Map<string, unknown>;
}

/** Runs one analyzer; its findings, notes and products join the article's when it succeeds. */
function runAnalyzer(c: Compiled, state: RunState): void {
  const meta = c.meta;
  const { products, findings, diagnostics, timings, failed } = state;
  const out: AnalyzerOutput = { mine: [], notes: [], provided: new Map<string, unknown>() };
  const { mine, notes, provided } = out;
  const ctx = analyzerContext(c, state, out);
  const t0 = performance.now();
  try {
    c.fn(ctx);
    const missing = meta.provides.filter((p) => !provided.has(p));
    if (missing.length) throw new Error(`did not provide ${missing.map((m) => `"${m}"`).join(', ')}`);
  } catch (e) {
    // One bad article must not stop the batch: the failure becomes a diagnostic, partial output is dropped
    // (it may be inconsistent) and dependents are skipped with a reason.
    timings[meta.id] = round(performance.now() - t0);
    failed.set(meta.id, 'failed');
    diagnostics.push({
      analyzer: meta.id,
      severity: 'error',
      code: 'analyzer-failed',
      message: `analyzer failed: ${e instanceof Error ? e.message : String(e)}`,
    });
    return;
  }
  timings[meta.id] = round(performance.now() - t0);
  for (const [p, v] of provided) products.set(p, v);
  findings.push(...mine);
  diagnostics.push(...notes);
}

/** The context one analyzer sees: the document, the products it declared, and report/diagnose into `out`. */
function analyzerContext(c: Compiled, state: RunState, out: AnalyzerOutput): AnalyzerContext {
  const meta = c.meta;
  const { doc, products, findings } = state;
  const { mine, notes, provided } = out;
  const report = findingReporter(c, doc.text, mine);
  return {
    doc,
    get<T>(product: string): T {
      if (!meta.requires.includes(product)) {
        throw new PipelineError(`analyzer ${meta.id} read "${product}" without declaring it in meta.requires`);
      }
      if (!products.has(product)) throw new PipelineError(`product "${product}" was not provided`);
      return products.get(product) as T;
    },
    provide(product: string, value: unknown): void {
      if (!meta.provides.includes(product)) {
        throw new PipelineError(`analyzer ${meta.id} provided "${product}" without declaring it in meta.provides`);
      }
      provided.set(product, value);
    },
    // Typed per kind by AnalyzerContext.report's overloads; the checks in findingReporter hold for every kind.
    report: report as AnalyzerContext['report'],
    findings(analyzerId?: string): readonly Finding[] {
      if (analyzerId === undefined) return [...findings, ...mine];
      if (analyzerId === meta.id) return mine.slice();
      return findings.filter((x) => x.analyzer === analyzerId);
    },
    diagnose(code: string, message: string, severity: Diagnostic['severity'] = 'info'): void {
      if (!/^[a-z][a-z0-9-]*$/.test(code)) throw new PipelineError(`analyzer ${meta.id}: diagnostic code must be kebab-case, got "${code}"`);
      notes.push({ analyzer: meta.id, severity, code, message });
    },
  };
}

/**
 * ctx.report of one analyzer on one article: the one place a finding is assembled from its parts, the analyzer's
 * input plus the fields filled in here. Findings go to `mine`.
 */
function findingReporter(c: Compiled, text: string, mine: Finding[]): (f: ReportedFields) => Finding {
  const meta = c.meta;
  const counters = new Map<string, number>();
  return (f: ReportedFields): Finding => {
    const s = f.span;
    if (!s || !spanInside(text, s)) {
      throw new PipelineError(`analyzer ${meta.id} reported a span outside the text: ${JSON.stringify(s)}`);
    }
    const messageId = f.messageId;
    const template = meta.messages[messageId];
    if (template === undefined) throw new PipelineError(`analyzer ${meta.id} reported unknown messageId "${messageId}"`);
    const input = f as ReportedFields & Readonly<Record<string, unknown>>;
    const key = `${meta.id}:${input.kind}:${s.start}-${s.end}`;
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    // Same fields and key order as { id, analyzer, ...rest, span, evidence, message, voice } with
    // messageData/message/voice taken out of rest, without the slower object-rest copy.
    const finding: Record<string, unknown> = { id: n === 0 ? key : `${key}:${n}`, analyzer: meta.id };
    for (const k in input) {
      if (k !== 'messageData' && k !== 'message' && k !== 'voice') finding[k] = input[k];
    }
    finding.span = { start: s.start, end: s.end };
    finding.evidence = text.slice(s.start, s.end);
    finding.message = input.message ?? c.renders.get(messageId)!(input.messageData);
    finding.voice = input.voice ?? 'outlet';
    // Built from checked parts: the analyzer's input is a ReportInput of its kind (an extension kind rides
    // along in Analysis.findings; docs/pipeline.md says so).
    const built = finding as unknown as Finding;
    mine.push(built);
    return built;
  };
}

/**
 * The analysis of an article in a language Parallax does not read: no analyzer runs (their rules are written for
 * the languages in READ_LANGUAGES, and English rules on German or Chinese text find nonsense), and an info
 * diagnostic `language-not-read` names the language, so the article is listed with a clear note.
 */
function notRead(doc: Readonly<DocumentInput>, diagnostics: Diagnostic[], versions: Record<string, string>, compiled: Compiled[]): Analysis {
  const lang = primaryLanguage(doc.language);
  diagnostics.push({
    analyzer: 'pipeline',
    severity: 'info',
    code: 'language-not-read',
    message: `article language "${lang || String(doc.language)}" is not read yet: no analyzer ran (read: ${READ_LANGUAGES.join(', ')})`,
  });
  const timings: Record<string, number> = {};
  for (const c of compiled) timings[c.meta.id] = 0;
  return {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    articleId: doc.articleId ?? defaultArticleId(doc.text),
    textHash: textHash(doc.text),
    findings: [],
    diagnostics,
    versions: { ...versions },
    timings,
  };
}

/**
 * Where to cut a text that is longer than `max`: after the last line break in the final tenth before `max`, else
 * after the last space there, else at `max` (never inside a surrogate pair).
 */
export function cutAt(text: string, max: number): number {
  const floor = max - Math.floor(max / 10);
  const nl = text.lastIndexOf('\n', max - 1);
  if (nl >= floor) return nl + 1;
  for (let i = max - 1; i >= floor; i--) if (text.charCodeAt(i) === 32) return i + 1;
  const c = text.charCodeAt(max - 1);
  return c >= 0xd800 && c <= 0xdbff ? max - 1 : max;
}

function formatSeconds(ms: number): string {
  return `${ms / 1000} s`;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
