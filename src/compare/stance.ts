import type { Finding, StanceFinding } from '../core/finding.js';
import type { Span } from '../core/span.js';

/**
 * The stance matrix: how each outlet (or perspective group, or article) stands toward each actor. Pure.
 *
 * The unit of evidence is one sentence about one actor: the scores of an actor's mentions in the same sentence are
 * averaged first, so a sentence naming Israel three times counts once. A column's stance is the mean over its
 * sentences shrunk toward neutral by `prior` pseudo-sentences of score 0 (mean × n / (n + prior)): one hostile
 * sentence is not an outlet's stance; twenty are. The interval is a normal approximation on the shrunk mean with the
 * pseudo-sentences' variance added, so it is wide for small n. Every cell keeps its strongest evidence sentences
 * (article id, span, text, cues) so a reader can check it.
 */

export interface StanceMatrixItem {
  articleId: string;
  outlet: string;
  group: string;
  /** Stance findings (other kinds are ignored, so an Analysis's whole findings array can be passed). */
  findings: ReadonlyArray<Finding>;
}

export type StanceColumnBy = 'outlet' | 'group' | 'article';

export interface StanceMatrixOptions {
  by: StanceColumnBy;
  /** Count stance inside quotations too (default false: an outlet is judged on its own voice). */
  includeQuotes?: boolean;
  /** Only these actor ids. */
  actors?: ReadonlySet<string> | string[];
  /** Pseudo-sentences of neutral stance added to every cell (default 3). */
  prior?: number;
  /** Evidence sentences kept per cell (default 3). */
  maxEvidence?: number;
}

export interface StanceEvidence {
  articleId: string;
  /** The sentence. */
  span: Span;
  evidence: string;
  /** Mean score of the actor's mentions in the sentence. */
  score: number;
  /** The mentions' words as written. */
  mentions: string[];
  cues: string[];
  /** True when every mention was inside a quotation (only with includeQuotes). */
  quoted?: boolean;
}

export interface StanceCell {
  /** Evidence sentences (one per sentence that mentions the actor). */
  n: number;
  /** Sentences by polarity of their mean score (≤ -1/3 negative, ≥ 1/3 positive). */
  counts: { negative: number; neutral: number; positive: number };
  /** Plain mean of the sentence scores. */
  mean: number;
  /** mean × n / (n + prior): the headline number. */
  score: number;
  /** ~95% interval around `score`. */
  interval: [number, number];
  /** n / (n + prior): how much the data outweighs the neutral prior. */
  confidence: number;
  lean: 'negative' | 'neutral' | 'positive';
  /** The interval excludes 0. */
  clear: boolean;
  /** Strongest sentences in the direction of the lean (by |score| when neutral). */
  evidence: StanceEvidence[];
}

export interface StanceMatrixRow {
  actorId: string;
  canonical: string;
  columns: Record<string, StanceCell>;
  /** Evidence sentences over all columns. */
  n: number;
  /** Largest minus smallest column score: how much the columns disagree. */
  spread: number;
}

const LEAN_AT = 0.15;
const POLAR_AT = 1 / 3;

function isStance(f: Finding): f is StanceFinding {
  return f.kind === 'stance' && typeof (f as StanceFinding).actorId === 'string' && typeof (f as StanceFinding).score === 'number';
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000 || 0;

interface SentenceAcc {
  articleId: string;
  span: Span;
  text: string;
  scores: number[];
  mentions: string[];
  cues: Set<string>;
  allQuoted: boolean;
}

export function stanceMatrix(items: ReadonlyArray<StanceMatrixItem>, opts: StanceMatrixOptions): StanceMatrixRow[] {
  const prior = opts.prior ?? 3;
  const maxEvidence = opts.maxEvidence ?? 3;
  const only = opts.actors ? new Set(opts.actors) : null;
  // actor -> column -> sentence key -> accumulated mentions
  const acc = new Map<string, Map<string, Map<string, SentenceAcc>>>();
  const canonical = new Map<string, string>();
  for (const it of items) {
    const col = opts.by === 'outlet' ? it.outlet : opts.by === 'group' ? it.group : it.articleId;
    for (const f of it.findings) {
      if (!isStance(f)) continue;
      if (only && !only.has(f.actorId)) continue;
      const quoted = f.voice !== 'outlet';
      if (quoted && !opts.includeQuotes) continue;
      if (!canonical.has(f.actorId)) canonical.set(f.actorId, f.canonical);
      const sent = f.related?.find((r) => r.role === 'sentence');
      const span = sent?.span ?? f.span;
      const key = `${it.articleId}\u0000${span.start}-${span.end}`;
      let byCol = acc.get(f.actorId);
      if (!byCol) acc.set(f.actorId, (byCol = new Map()));
      let sents = byCol.get(col);
      if (!sents) byCol.set(col, (sents = new Map()));
      let s = sents.get(key);
      if (!s) sents.set(key, (s = { articleId: it.articleId, span, text: sent?.evidence ?? f.evidence, scores: [], mentions: [], cues: new Set(), allQuoted: true }));
      s.scores.push(f.score);
      s.mentions.push(f.evidence);
      for (const c of f.cues ?? []) s.cues.add(c.text);
      if (!quoted) s.allQuoted = false;
    }
  }
  const rows: StanceMatrixRow[] = [];
  for (const [actorId, byCol] of acc) {
    const columns: Record<string, StanceCell> = {};
    let n = 0;
    for (const [col, sents] of byCol) {
      columns[col] = cell([...sents.values()], prior, maxEvidence, Boolean(opts.includeQuotes));
      n += sents.size;
    }
    const scores = Object.values(columns).map((c) => c.score);
    rows.push({ actorId, canonical: canonical.get(actorId) ?? actorId, columns, n, spread: r3(Math.max(...scores) - Math.min(...scores)) });
  }
  return rows.sort((a, b) => b.n - a.n || b.spread - a.spread || a.canonical.localeCompare(b.canonical));
}

function cell(sents: SentenceAcc[], prior: number, maxEvidence: number, includeQuotes: boolean): StanceCell {
  const xs = sents.map((s) => s.scores.reduce((a, b) => a + b, 0) / s.scores.length);
  const n = xs.length;
  const sum = xs.reduce((a, b) => a + b, 0);
  const mean = n ? sum / n : 0;
  const score = sum / (n + prior);
  // Variance of the n observations plus `prior` pseudo-observations at 0, each with the spread of a typical
  // uncertain sentence (sd 0.5), around the shrunk score.
  const ss = xs.reduce((a, x) => a + (x - score) ** 2, 0) + prior * (score ** 2 + 0.25);
  const se = Math.sqrt(ss / Math.max(1, n + prior - 1)) / Math.sqrt(n + prior);
  const lo = Math.max(-1, score - 1.96 * se);
  const hi = Math.min(1, score + 1.96 * se);
  const counts = { negative: 0, neutral: 0, positive: 0 };
  for (const x of xs) counts[x <= -POLAR_AT ? 'negative' : x >= POLAR_AT ? 'positive' : 'neutral']++;
  const lean = score <= -LEAN_AT ? 'negative' : score >= LEAN_AT ? 'positive' : 'neutral';
  const dir = lean === 'negative' ? -1 : lean === 'positive' ? 1 : 0;
  const order = sents
    .map((s, i) => ({ s, x: xs[i] }))
    .sort((a, b) => (dir ? (b.x - a.x) * dir : Math.abs(b.x) - Math.abs(a.x)) || a.s.articleId.localeCompare(b.s.articleId) || a.s.span.start - b.s.span.start);
  return {
    n,
    counts,
    mean: r3(mean),
    score: r3(score),
    interval: [r3(lo), r3(hi)],
    confidence: r3(n / (n + prior)),
    lean,
    clear: lo > 0 || hi < 0,
    evidence: order.slice(0, maxEvidence).map(({ s, x }) => ({
      articleId: s.articleId,
      span: s.span,
      evidence: s.text,
      score: r3(x),
      mentions: s.mentions,
      cues: [...s.cues],
      ...(includeQuotes && s.allQuoted ? { quoted: true } : {}),
    })),
  };
}
