/**
 * What the golden corpus keeps of an article, and how it is written so that `git diff` shows which finding moved.
 *  - Our own texts: every finding in full (evidence and message included), one finding per line, sorted by span
 *    then kind, with the article's metadata, counts by kind and diagnostics.
 *  - Third-party texts: a digest that holds no text: counts by kind, actor ids, label forms, voices, and one line per
 *    finding with its id, span offsets and structured fields. Strings that could carry the article's words are
 *    kept only when they are short label forms or a single token; anything longer becomes a short hash, so a change
 *    still shows without the words (see thirdPartySafe).
 * Numbers are rounded to 4 decimals; timings and anything else that varies between runs are left out.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.js';
import type { GoldenArticle } from './corpus.js';

/** A finding as written to a fixture (plain JSON). */
export type FindingLine = Record<string, unknown> & { id: string; kind: string; span: { start: number; end: number } };

/** The fixture of one article: top-level fields plus its findings. */
export interface GoldenDoc {
  source: string;
  [field: string]: unknown;
  findings: FindingLine[];
}

const DECIMALS = 1e4;

function round(n: number): number {
  return Number.isInteger(n) ? n : Math.round(n * DECIMALS) / DECIMALS;
}

/** Deep copy with numbers rounded (a last-digit drift in a model score is not a change of behaviour). */
function rounded(v: unknown): unknown {
  if (typeof v === 'number') return round(v);
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = rounded(x);
    return o;
  }
  return v;
}

function byPosition(a: FindingLine, b: FindingLine): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || cmp(a.kind, b.kind) || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function countsByKind(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => cmp(a, b)));
}

/** The first fields of every line, in this order, so a reader sees where and what before the details. */
const LEAD = ['id', 'kind', 'span', 'evidence', 'voice'];

function ordered(f: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of LEAD) if (k in f) o[k] = f[k];
  for (const [k, v] of Object.entries(f)) if (!(k in o)) o[k] = v;
  return o;
}

/** The fixture of one of our own articles: everything the pipeline found, evidence included. */
export function ownDoc(a: GoldenArticle): GoldenDoc {
  if (!a.article || !a.analysis) return { source: a.key, error: a.error, findings: [] };
  const art = a.article;
  const findings = a.analysis.findings.map((f) => ordered(rounded(f) as Record<string, unknown>) as FindingLine).sort(byPosition);
  return {
    source: a.key,
    article: {
      id: art.id,
      title: art.title,
      outlet: art.outletId ?? art.outlet,
      published: art.published,
      language: art.language,
      words: art.wordCount,
      textHash: art.textHash,
    },
    counts: countsByKind(a.analysis.findings),
    diagnostics: a.analysis.diagnostics.map((d) => ({ ...d })),
    findings,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Third-party digest

/** Fields whose value is a label form or a name: short text from the article, kept as the issue asks ("labels"). */
const LABEL_FIELDS = new Set(['label', 'labelNormalized', 'canonical', 'speaker', 'name']);
/** Fields left out of the digest entirely: they are the article's words or are rendered from them. */
const TEXT_FIELDS = new Set(['evidence', 'message']);
const MAX_LABEL_WORDS = 6;
const MAX_LABEL_CHARS = 60;
const MAX_TOKEN_CHARS = 40;

export function shortHash(s: string): string {
  return `#${createHash('sha256').update(s).digest('hex').slice(0, 10)}`;
}

/** Words as the leak check counts them: runs of letters and digits ("editor-in-chief" is three). */
export function wordCount(s: string): number {
  return s.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/**
 * A string from a third-party finding as the digest may hold it: a single token (an id, an enum, a cue word) or a
 * short label form stays; anything longer (a phrase, a clause) is replaced by its hash. Nothing kept has more than
 * MAX_LABEL_WORDS words, so no sentence gets through.
 */
export function thirdPartySafe(key: string, s: string): string {
  const words = wordCount(s);
  if (words <= MAX_LABEL_WORDS) {
    if (!/\s/.test(s.trim()) && s.length <= MAX_TOKEN_CHARS) return s;
    if (LABEL_FIELDS.has(key) && s.length <= MAX_LABEL_CHARS) return s;
  }
  // An id built from a long name ("person:<seven-word slug>") keeps its kind prefix, so it still reads as an id.
  const prefix = /^[a-z]+:(?=\S)/.exec(s)?.[0] ?? '';
  return prefix && !/\s/.test(s) ? `${prefix}${shortHash(s)}` : shortHash(s);
}

function digestValue(key: string, v: unknown): unknown {
  if (typeof v === 'string') return thirdPartySafe(key, v);
  if (typeof v === 'number') return round(v);
  if (Array.isArray(v)) return v.map((x) => digestValue(key, x));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && !TEXT_FIELDS.has(k)) o[k] = digestValue(k, x);
    return o;
  }
  return v;
}

/** The fields a digest line shows per kind (beyond id, kind, span, voice), by path into the finding. */
const DIGEST_FIELDS: Record<string, string[]> = {
  'actor-mention': ['actorId', 'labelType', 'ruleId'],
  label: ['actorId', 'labelNormalized', 'connotation', 'linkedBy'],
  stance: ['actorId', 'polarity', 'score'],
  technique: ['technique', 'actorId', 'cue'],
  'bias-sentence': ['score'],
  quote: ['quoteType', 'actorId', 'speakerVia', 'verb', 'verbStance'],
  claim: ['claimType', 'statedBy.type'],
  figure: ['figureKind', 'value', 'unit', 'scale'],
  event: ['eventType', 'triggerLemma', 'status'],
  relation: ['relation', 'source.actorId', 'target.actorId', 'polarity', 'negated', 'hedged'],
};

function at(f: Record<string, unknown>, path: string): unknown {
  let v: unknown = f;
  for (const p of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/**
 * One finding of a third-party article: where (id, span), whose voice, the few fields that say what it found, and
 * `h`, a hash of every other field (text-free as thirdPartySafe leaves it), so that any change shows as a changed line.
 */
function digestLine(f: Finding): FindingLine {
  const safe = digestValue('', f) as Record<string, unknown>;
  const line: Record<string, unknown> = { id: f.id, kind: f.kind, span: { start: f.span.start, end: f.span.end }, voice: voiceKey(f) };
  for (const path of DIGEST_FIELDS[f.kind] ?? []) {
    const v = at(safe, path);
    if (v !== undefined && v !== null) line[path] = v;
  }
  line.h = shortHash(JSON.stringify(safe)).slice(1);
  return line as FindingLine;
}

function voiceKey(f: Finding): string {
  if (f.voice === 'outlet') return 'outlet';
  const who = f.voice.actorId ? thirdPartySafe('actorId', f.voice.actorId) : f.voice.speaker ? thirdPartySafe('speaker', f.voice.speaker) : null;
  const key = `speaker:${who ?? '?'}`;
  // The prefix adds a word: a speaker of exactly the label limit would make the key one word too long.
  return wordCount(key) > MAX_LABEL_WORDS && who ? `speaker:${shortHash(who)}` : key;
}

/** The digest of a third-party article: no sentence, no evidence; offsets, ids, kinds, labels and voices. */
export function digestDoc(a: GoldenArticle): GoldenDoc {
  if (!a.article || !a.analysis) return { source: a.key, error: a.error, findings: [] };
  const fs = a.analysis.findings;
  const actors: Record<string, number> = {};
  const labels: Record<string, string[]> = {};
  const voices: Record<string, number> = {};
  for (const f of fs) {
    const actorId = 'actorId' in f ? f.actorId : null;
    const actor = actorId ? thirdPartySafe('actorId', actorId) : null;
    if (f.kind === 'actor-mention' && actor) actors[actor] = (actors[actor] ?? 0) + 1;
    if (f.kind === 'label' && actor && f.labelNormalized) {
      const form = `${thirdPartySafe('label', f.labelNormalized)}${f.connotation && f.connotation !== 'neutral' ? ` (${f.connotation})` : ''}`;
      (labels[actor] ??= []).includes(form) || labels[actor].push(form);
    }
    const v = voiceKey(f);
    voices[v] = (voices[v] ?? 0) + 1;
  }
  const sortObj = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([p], [q]) => cmp(p, q)));
  for (const l of Object.values(labels)) l.sort();
  return {
    source: a.key,
    article: { id: a.article.id, language: a.article.language, words: a.article.wordCount, textHash: a.article.textHash },
    counts: countsByKind(fs),
    actors: sortObj(actors),
    labels: sortObj(labels),
    voices: sortObj(voices),
    diagnostics: a.analysis.diagnostics.map((d) => ({ analyzer: d.analyzer, severity: d.severity, code: d.code })),
    findings: fs.map(digestLine).sort(byPosition),
  };
}

export function docFor(a: GoldenArticle): GoldenDoc {
  return a.family === 'findings' ? ownDoc(a) : digestDoc(a);
}

// ---------------------------------------------------------------------------------------------------------
// Writing and reading

/**
 * JSON with one line per top-level field and one line per element of a top-level array (findings, diagnostics),
 * so that a diff names the finding that moved. JSON.parse reads it back.
 */
export function formatDoc(doc: GoldenDoc): string {
  const entries = Object.entries(doc).filter(([, v]) => v !== undefined);
  const lines = entries.map(([k, v], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(v) && v.length) {
      return `  ${JSON.stringify(k)}: [\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]${comma}`;
    }
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`;
  });
  return `{\n${lines.join('\n')}\n}\n`;
}

/** Where an article's fixture lives under fixtures/golden: findings/<key>.json or digest/<set>/<key>.json. */
export function fixturePath(a: Pick<GoldenArticle, 'family' | 'set' | 'key'>): string {
  const file = `${a.key.replace(/#(\d+)$/, '.$1')}.json`;
  return a.family === 'findings' ? `findings/${file}` : `digest/${a.set}/${file}`;
}
