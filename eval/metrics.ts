/**
 * The metrics of every eval in one place, each written to its task's official definition, so each can be tested on
 * a hand-made case whose answer is known (eval/metrics.test.ts). The eval scripts import these; none of them reads
 * data.
 *
 * - PTC SI (SemEval-2020 Task 11, Da San Martino et al. 2019/2020, the organisers' SI scorer): per article, the
 *   overlapping spans of each side are merged (SI is technique-agnostic); P = Σ_s Σ_t |s∩t|/|s| / |S|,
 *   R = Σ_s Σ_t |s∩t|/|t| / |T|, pooled over articles; F1 = 2PR/(P+R). Offsets are character offsets, end exclusive.
 * - PTC TC: gold spans are given, one technique predicted per gold span; micro-F1 over spans equals accuracy.
 * - BABE (Spinde et al. 2021): sentences labelled "Biased" / "Non-biased"; "No agreement" rows are left out, as in
 *   the paper; macro-F1 is the mean of the two classes' F1.
 * - MBIC biased words: micro P/R/F1 over (sentence, lower-cased word) pairs.
 * - PolNeAR (Newell et al. 2018): a predicted span matches a gold span exactly (after trimming white space),
 *   relaxed (also edge punctuation, quote marks and a leading "that") or by overlap (at least one shared non-space
 *   character); P counts predicted spans matching some gold span, R gold spans matched by some predicted span.
 * - NewsMTSC (Hamborg & Donnay 2021): three-class macro-F1 (negative, neutral, positive) and accuracy.
 * - Entity mentions (GUM, multilingual NER): per type, exact-span and overlap P/R/F1.
 */

export interface Interval {
  start: number;
  end: number;
}

/** Merges overlapping intervals (touching ones stay apart, as in the SI scorer); input order does not matter. */
export function mergeIntervals(xs: Interval[]): Interval[] {
  const s = xs.filter((x) => x.end > x.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && x.start < last.end) last.end = Math.max(last.end, x.end);
    else out.push({ ...x });
  }
  return out;
}

/** |a ∩ b| in characters. */
export const intersection = (a: Interval, b: Interval): number => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

export interface SiScore {
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  gold: number;
}

const f1Of = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);

/** The SI metric over articles: pred and gold map an article id to its spans. `mode` 'sum' is the official one. */
export function siScore(pred: Map<string, Interval[]>, gold: Map<string, Interval[]>, mode: 'sum' | 'max' = 'sum'): SiScore {
  let pSum = 0;
  let rSum = 0;
  let nS = 0;
  let nT = 0;
  const ids = new Set([...pred.keys(), ...gold.keys()]);
  const acc = (x: Interval, others: Interval[], len: number): number => {
    let a = 0;
    for (const o of others) a = mode === 'sum' ? a + intersection(x, o) / len : Math.max(a, intersection(x, o) / len);
    return a;
  };
  for (const id of ids) {
    const S = mergeIntervals(pred.get(id) ?? []);
    const T = mergeIntervals(gold.get(id) ?? []);
    nS += S.length;
    nT += T.length;
    for (const s of S) pSum += acc(s, T, s.end - s.start);
    for (const t of T) rSum += acc(t, S, t.end - t.start);
  }
  const precision = nS ? pSum / nS : 0;
  const recall = nT ? rSum / nT : 0;
  return { precision, recall, f1: f1Of(precision, recall), predicted: nS, gold: nT };
}

/**
 * TC: the technique predicted for one gold span — that of the prediction overlapping it most by |p∩g|/|p∪g|, ties
 * to the higher confidence; null when none overlaps.
 */
export function tcPredict<T extends { span: Interval; technique: string; confidence?: number }>(preds: T[], gold: Interval): T | null {
  let best: T | null = null;
  let bestScore = 0;
  for (const f of preds) {
    const i = intersection(f.span, gold);
    if (!i) continue;
    const u = Math.max(f.span.end, gold.end) - Math.min(f.span.start, gold.start);
    const score = i / u + (f.confidence ?? 0) * 1e-3;
    if (score > bestScore) {
      bestScore = score;
      best = f;
    }
  }
  return best;
}

/** TC micro-F1 over gold spans: with one answer per gold span, precision = recall = accuracy. */
export function tcMicroF1(gold: string[], predicted: Array<string | null>): number {
  if (!gold.length) return 0;
  let right = 0;
  for (let i = 0; i < gold.length; i++) if (predicted[i] === gold[i]) right++;
  return right / gold.length;
}

/**
 * Per-class precision, recall and F1 of single-label predictions (TC per technique): for class c, precision is
 * the share of the items predicted c that are gold c, recall the share of gold c predicted c. A null prediction
 * counts against recall only.
 */
export function perClassPrf(gold: string[], predicted: Array<string | null>): Map<string, { gold: number; predicted: number; right: number; precision: number; recall: number; f1: number }> {
  const out = new Map<string, { gold: number; predicted: number; right: number; precision: number; recall: number; f1: number }>();
  const row = (c: string) => out.get(c) ?? out.set(c, { gold: 0, predicted: 0, right: 0, precision: 0, recall: 0, f1: 0 }).get(c)!;
  for (let i = 0; i < gold.length; i++) {
    row(gold[i]).gold++;
    const p = predicted[i];
    if (p === null) continue;
    row(p).predicted++;
    if (p === gold[i]) row(p).right++;
  }
  for (const r of out.values()) {
    r.precision = r.predicted ? r.right / r.predicted : 0;
    r.recall = r.gold ? r.right / r.gold : 0;
    r.f1 = f1Of(r.precision, r.recall);
  }
  return out;
}

/** BABE's label of a row: true biased, false non-biased, null for "No agreement" (or anything else): left out. */
export function babeLabel(label: string): boolean | null {
  if (label === 'Biased') return true;
  if (label === 'Non-biased') return false;
  return null;
}

/** Binary macro-F1: the mean of the F1 of the positive and of the negative class. */
export function macroF1(gold: boolean[], pred: boolean[]): number {
  const f1 = (pos: boolean): number => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === pos && gold[i] === pos) tp++;
      else if (pred[i] === pos) fp++;
      else if (gold[i] === pos) fn++;
    }
    return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  };
  return (f1(true) + f1(false)) / 2;
}

/** Area under the ROC curve (ties count half): how well the score ranks biased above non-biased, threshold-free. */
export function auc(gold: boolean[], scores: number[]): number {
  const idx = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let nPos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && idx[j][0] === idx[i][0]) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (gold[idx[k][1]]) {
        rankSum += avg;
        nPos++;
      }
    }
    i = j;
  }
  const nNeg = gold.length - nPos;
  return nPos && nNeg ? (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg) : 0.5;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Micro P/R/F1 over sets compared pairwise (one gold and one predicted set per sentence), e.g. MBIC's words. */
export function setPrf(pairs: Array<{ gold: Set<string>; pred: Set<string> }>): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { gold, pred } of pairs) {
    for (const w of pred) if (gold.has(w)) tp++;
    else fp++;
    for (const w of gold) if (!pred.has(w)) fn++;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, f1: f1Of(precision, recall), tp, fp, fn };
}

/** Three-class scores from gold and predicted class indexes 0..2: macro-F1, accuracy, per-class F1, confusion (rows gold). */
export function classScores(gold: number[], pred: number[]): { macroF1: number; accuracy: number; f1: number[]; confusion: number[][] } {
  const confusion = [0, 1, 2].map(() => [0, 0, 0]);
  gold.forEach((g, i) => confusion[g][pred[i]]++);
  const f1 = [0, 1, 2].map((c) => {
    const tp = confusion[c][c];
    const fp = confusion[0][c] + confusion[1][c] + confusion[2][c] - tp;
    const fn = confusion[c][0] + confusion[c][1] + confusion[c][2] - tp;
    return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  });
  const accuracy = gold.length ? gold.filter((g, i) => g === pred[i]).length / gold.length : 0;
  return { macroF1: (f1[0] + f1[1] + f1[2]) / 3, accuracy, f1, confusion };
}

// PolNeAR span matching ------------------------------------------------------------------------------------------

/** A gold span of PolNeAR: its fragments (discontinuous spans) and their envelope. */
export interface GoldSpan {
  frags: Interval[];
  env: Interval;
}

export const trimWs = (text: string, s: Interval): Interval => {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
};
const EDGE = /[\s"'“”‘’«»„,.;:!?—–-]/;
export const trimRelaxed = (text: string, s: Interval): Interval => {
  let { start, end } = trimWs(text, s);
  for (let pass = 0; pass < 2; pass++) {
    while (start < end && EDGE.test(text[start])) start++;
    while (end > start && EDGE.test(text[end - 1])) end--;
    if (/^that\s/i.test(text.slice(start, end))) start += 5;
  }
  return { start, end };
};
const same = (a: Interval, b: Interval): boolean => a.start === b.start && a.end === b.end;
/** True when a and b share at least one non-space character of `text`. */
export const overlapsText = (text: string, a: Interval, b: Interval): boolean => {
  const s = Math.max(a.start, b.start);
  const e = Math.min(a.end, b.end);
  return e > s && /\S/.test(text.slice(s, e));
};
export const goldOverlaps = (text: string, g: GoldSpan, p: Interval): boolean => g.frags.some((f) => overlapsText(text, f, p));

export type MatchMode = 'strict' | 'relaxed' | 'overlap';
export interface SpanCounts {
  pred: number;
  gold: number;
  /** per mode: [predicted spans that match some gold span, gold spans matched by some predicted span] */
  tp: Record<MatchMode, [number, number]>;
}
export const newSpanCounts = (): SpanCounts => ({ pred: 0, gold: 0, tp: { strict: [0, 0], relaxed: [0, 0], overlap: [0, 0] } });

/** Adds one document's predicted and gold spans to `c` under the three PolNeAR matching modes. */
export function scoreSpans(text: string, preds: Interval[], golds: GoldSpan[], c: SpanCounts): void {
  c.pred += preds.length;
  c.gold += golds.length;
  const modes: Record<MatchMode, (p: Interval, g: GoldSpan) => boolean> = {
    strict: (p, g) => same(trimWs(text, p), trimWs(text, g.env)),
    relaxed: (p, g) => same(trimRelaxed(text, p), trimRelaxed(text, g.env)),
    overlap: (p, g) => goldOverlaps(text, g, p),
  };
  for (const mode of ['strict', 'relaxed', 'overlap'] as const) {
    const fn = modes[mode];
    c.tp[mode][0] += preds.filter((p) => golds.some((g) => fn(p, g))).length;
    c.tp[mode][1] += golds.filter((g) => preds.some((p) => fn(p, g))).length;
  }
}

/** P/R/F1 of one mode from span counts. */
export function spanPrf(c: SpanCounts, mode: MatchMode): { precision: number; recall: number; f1: number } {
  const precision = c.pred ? c.tp[mode][0] / c.pred : 0;
  const recall = c.gold ? c.tp[mode][1] / c.gold : 0;
  return { precision, recall, f1: f1Of(precision, recall) };
}

// Entity mentions ------------------------------------------------------------------------------------------------

export interface TypedSpan extends Interval {
  type: string;
}

/**
 * Per-type exact-span and overlap P/R/F1 of predicted against gold mentions of one document set (pass all
 * documents' mentions with offsets made unique per document, or call per document and add the counts).
 */
export function mentionCounts(gold: TypedSpan[], pred: TypedSpan[], types: string[]): Record<string, { gold: number; pred: number; exact: [number, number]; overlap: [number, number] }> {
  const out: Record<string, { gold: number; pred: number; exact: [number, number]; overlap: [number, number] }> = {};
  const ov = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;
  for (const t of types) {
    const G = gold.filter((g) => g.type === t);
    const P = pred.filter((p) => p.type === t);
    out[t] = {
      gold: G.length,
      pred: P.length,
      exact: [P.filter((p) => G.some((g) => same(g, p))).length, G.filter((g) => P.some((p) => same(g, p))).length],
      overlap: [P.filter((p) => G.some((g) => ov(g, p))).length, G.filter((g) => P.some((p) => ov(g, p))).length],
    };
  }
  return out;
}

/** P/R/F1 from [matched predictions, matched gold] and the two totals. */
export function prfFrom(matched: [number, number], pred: number, gold: number): { precision: number; recall: number; f1: number } {
  const precision = pred ? matched[0] / pred : 0;
  const recall = gold ? matched[1] / gold : 0;
  return { precision, recall, f1: f1Of(precision, recall) };
}
