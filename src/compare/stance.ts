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
 *
 * Two kinds of framing evidence enter the score beside what the sentences say, each as visible observations with
 * its own weight (`parts` shows each one's share of the score, `framing` the words):
 * - labels: a sentence where the outlet names the actor with a pejorative label ("the Zionist regime", "the junta")
 *   is one observation of -1, a favourable label +1, weight `labelWeight` (default 0.5). The sentence observation
 *   then uses the model's score before the analyzer's label prior (`modelScore`), so the label is counted once.
 * - threat: a sentence that frames the actor as the source of a threat ("the threat from X", "X's expansion",
 *   "X destabilises") is one observation of -1, weight `threatWeight` (default 0.5).
 * score = (Σ sentence scores + labelWeight·Σ label signs + threatWeight·Σ threat signs) / (n + labelWeight·nL +
 * threatWeight·nT + prior).
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
  /** Weight of one sentence's pejorative (-1) or favourable (+1) label for the actor (default 0.5; 0 = off). */
  labelWeight?: number;
  /** Weight of one sentence framing the actor as a threat (-1) (default 0.5; 0 = off). */
  threatWeight?: number;
}

/** A word of framing evidence: the label or threat word, in its sentence. */
export interface StanceFramingEvidence {
  articleId: string;
  /** The label or the threat word. */
  span: Span;
  text: string;
  /** The sentence. */
  sentence: Span;
  evidence: string;
  value: number;
}

/** One kind of evidence and its share of the cell's score (the three contributions add up to `score`). */
export interface StancePart {
  /** Observations (sentences). */
  n: number;
  /** Weight of one observation. */
  weight: number;
  /** Mean observation value. */
  mean: number;
  contribution: number;
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
  /** What each kind of evidence contributes to `score`: the sentences' scores, label choice, threat framing. */
  parts: { sentences: StancePart; labels: StancePart; threat: StancePart };
  /** The label and threat words behind parts.labels and parts.threat (up to maxEvidence each). */
  framing: { labels: StanceFramingEvidence[]; threat: StanceFramingEvidence[] };
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
  /** Label sign of the sentence (-1 pejorative, +1 favourable, 0 none) and the label behind it. */
  label: number;
  labelWord?: { span: Span; text: string };
  threat?: { span: Span; text: string };
}

export function stanceMatrix(items: ReadonlyArray<StanceMatrixItem>, opts: StanceMatrixOptions): StanceMatrixRow[] {
  const m = createStanceMatrix(opts);
  for (const it of items) for (const f of it.findings) m.add(it, f);
  return m.rows();
}

/**
 * The stance matrix built one finding at a time (findings streamed from the store in article order): memory holds
 * the sentences' accumulators, not the corpus. `stanceMatrix(items)` is this over an array.
 */
export function createStanceMatrix(opts: StanceMatrixOptions): { add(place: { articleId: string; outlet: string; group: string }, f: Finding): void; rows(): StanceMatrixRow[] } {
  const prior = opts.prior ?? 3;
  const maxEvidence = opts.maxEvidence ?? 3;
  const weights = { label: opts.labelWeight ?? 0.5, threat: opts.threatWeight ?? 0.5 };
  const only = opts.actors ? new Set(opts.actors) : null;
  const acc = new Map<string, Map<string, Map<string, SentenceAcc>>>();
  const canonical = new Map<string, string>();
  const add = (it: { articleId: string; outlet: string; group: string }, f: Finding): void => {
    const col = opts.by === 'outlet' ? it.outlet : opts.by === 'group' ? it.group : it.articleId;
    if (!isStance(f)) return;
    if (only && !only.has(f.actorId)) return;
    const quoted = f.voice !== 'outlet';
    if (quoted && !opts.includeQuotes) return;
    if (!canonical.has(f.actorId)) canonical.set(f.actorId, f.canonical);
    const sent = f.related?.find((r) => r.role === 'sentence');
    const span = sent?.span ?? f.span;
    const key = `${it.articleId}\u0000${span.start}-${span.end}`;
    let byCol = acc.get(f.actorId);
    if (!byCol) acc.set(f.actorId, (byCol = new Map()));
    let sents = byCol.get(col);
    if (!sents) byCol.set(col, (sents = new Map()));
    let s = sents.get(key);
    if (!s) sents.set(key, (s = { articleId: it.articleId, span, text: sent?.evidence ?? f.evidence, scores: [], mentions: [], cues: new Set(), allQuoted: true, label: 0 }));
    // With label evidence on, the sentence counts what the model read in it; the label is counted as its own part.
    s.scores.push(weights.label > 0 && typeof f.modelScore === 'number' ? f.modelScore : f.score);
    if (f.connotation === 'pejorative' || f.connotation === 'favourable') {
      const sign = f.connotation === 'pejorative' ? -1 : 1;
      if (!s.labelWord || (s.label > 0 && sign < 0)) s.labelWord = { span: f.span, text: f.evidence };
      s.label = s.label && s.label !== sign ? 0 : sign;
    }
    if (f.threat && !s.threat) s.threat = { span: f.threat.span, text: f.threat.text };
    s.mentions.push(f.evidence);
    for (const c of f.cues ?? []) s.cues.add(c.text);
    if (!quoted) s.allQuoted = false;
  };
  const rows = (): StanceMatrixRow[] => {
    const rows: StanceMatrixRow[] = [];
    for (const [actorId, byCol] of acc) {
      const columns: Record<string, StanceCell> = {};
      let n = 0;
      for (const [col, sents] of byCol) {
        columns[col] = cell([...sents.values()], prior, maxEvidence, Boolean(opts.includeQuotes), weights);
        n += sents.size;
      }
      const scores = Object.values(columns).map((c) => c.score);
      rows.push({ actorId, canonical: canonical.get(actorId) ?? actorId, columns, n, spread: r3(Math.max(...scores) - Math.min(...scores)) });
    }
    return rows.sort((a, b) => b.n - a.n || b.spread - a.spread || a.canonical.localeCompare(b.canonical));
  };
  return { add, rows };
}

function cell(sents: SentenceAcc[], prior: number, maxEvidence: number, includeQuotes: boolean, weights: { label: number; threat: number }): StanceCell {
  const xs = sents.map((s) => s.scores.reduce((a, b) => a + b, 0) / s.scores.length);
  const n = xs.length;
  // Observations: one per sentence (weight 1), plus one per labelled sentence and one per threat-framing sentence.
  const obs: Array<{ x: number; w: number }> = xs.map((x) => ({ x, w: 1 }));
  const labelled = weights.label > 0 ? sents.filter((s) => s.label !== 0) : [];
  const threats = weights.threat > 0 ? sents.filter((s) => s.threat) : [];
  for (const s of labelled) obs.push({ x: s.label, w: weights.label });
  for (const _ of threats) obs.push({ x: -1, w: weights.threat });
  const W = obs.reduce((a, o) => a + o.w, 0);
  const sum = obs.reduce((a, o) => a + o.w * o.x, 0);
  const denom = W + prior;
  const score = denom ? sum / denom : 0;
  const mean = n ? xs.reduce((a, b) => a + b, 0) / n : 0;
  // Weighted variance of the observations plus `prior` pseudo-observations at 0, each with the spread of a typical
  // uncertain sentence (sd 0.5), around the score.
  const ss = obs.reduce((a, o) => a + o.w * (o.x - score) ** 2, 0) + prior * (score ** 2 + 0.25);
  const se = denom > 1 ? Math.sqrt(ss / Math.max(1, denom - 1)) / Math.sqrt(denom) : 0.5;
  const lo = Math.max(-1, score - 1.96 * se);
  const hi = Math.min(1, score + 1.96 * se);
  const counts = { negative: 0, neutral: 0, positive: 0 };
  for (const x of xs) counts[x <= -POLAR_AT ? 'negative' : x >= POLAR_AT ? 'positive' : 'neutral']++;
  const lean = score <= -LEAN_AT ? 'negative' : score >= LEAN_AT ? 'positive' : 'neutral';
  const dir = lean === 'negative' ? -1 : lean === 'positive' ? 1 : 0;
  const order = sents
    .map((s, i) => ({ s, x: xs[i] }))
    .sort((a, b) => (dir ? (b.x - a.x) * dir : Math.abs(b.x) - Math.abs(a.x)) || a.s.articleId.localeCompare(b.s.articleId) || a.s.span.start - b.s.span.start);
  const part = (k: number, w: number, total: number): StancePart => ({
    n: k,
    weight: w,
    mean: r3(k ? total / k : 0),
    contribution: r3(denom ? (w * total) / denom : 0),
  });
  const labelSum = labelled.reduce((a, s) => a + s.label, 0);
  const framingOf = (list: SentenceAcc[], pick: (s: SentenceAcc) => { span: Span; text: string } | undefined, value: (s: SentenceAcc) => number): StanceFramingEvidence[] =>
    list.slice(0, maxEvidence).map((s) => {
      const w = pick(s)!;
      return { articleId: s.articleId, span: w.span, text: w.text, sentence: s.span, evidence: s.text, value: value(s) };
    });
  return {
    n,
    counts,
    mean: r3(mean),
    score: r3(score),
    interval: [r3(lo), r3(hi)],
    confidence: r3(W / denom),
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
    parts: {
      sentences: part(n, 1, xs.reduce((a, b) => a + b, 0)),
      labels: part(labelled.length, weights.label, labelSum),
      threat: part(threats.length, weights.threat, -threats.length),
    },
    framing: {
      labels: framingOf(labelled, (s) => s.labelWord, (s) => s.label),
      threat: framingOf(threats, (s) => s.threat, () => -1),
    },
  };
}
