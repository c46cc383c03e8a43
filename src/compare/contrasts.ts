import type { Finding } from '../core/finding.js';
import type { Span } from '../core/span.js';
import type { CompareItem } from './index.js';
import { labelMatrix, type LabelCell, type LabelMatrixRow } from './labels.js';
import { columnOf } from './omissions.js';

/**
 * Per-actor contrasts between columns (perspective groups or outlets): the labels and the stance that differ
 * most, each with a support figure so that one sentence does not make a difference. Pure.
 *
 * - Labels: the label matrix's contrast (Jensen–Shannon divergence damped by the smallest column's support,
 *   src/compare/labels.ts) and, per column, its most distinctive labels.
 * - Stance: mean stance score per column from 'stance' findings (score in [-1, 1], or ±1/0 from polarity), over
 *   columns with at least `minSupport` findings; the contrast is the largest difference of means, with Welch's
 *   z = Δ / √(s₁²/n₁ + s₂²/n₂) (variances floored at 0.05 so that a few identical scores do not explode it).
 */

export interface StanceCell {
  n: number;
  mean: number;
  positive: number;
  negative: number;
  neutral: number;
  /** Up to 20 findings behind the cell. */
  evidence: Array<{ articleId: string; span: Span; evidence: string; score: number }>;
}

export interface StanceRow {
  actorId: string;
  canonical: string;
  columns: Record<string, StanceCell>;
}

export interface ActorContrast {
  actorId: string;
  canonical: string;
  labels: {
    contrast: number;
    divergence: number;
    support: Record<string, number>;
    compared: string[];
    /** Per column: its most distinctive labels (up to 3). */
    distinctive: Record<string, Array<Pick<LabelCell, 'label' | 'count' | 'share' | 'connotation' | 'cue' | 'mentions'>>>;
  } | null;
  stance: {
    /** Largest difference of column means (0 when fewer than two columns have support). */
    difference: number;
    /** The columns with the highest and the lowest mean. */
    high: string | null;
    low: string | null;
    z: number;
    /** Findings in the smaller of the two columns. */
    support: number;
  } | null;
  /** Ranking score: label contrast + stance difference / 2 × support damping. */
  score: number;
}

export interface ContrastOptions {
  by: 'outlet' | 'group';
  includeQuotes?: boolean;
  minSupport?: number;
}

type Loose = Record<string, unknown>;
const val = (f: Finding, k: string): unknown => (f as unknown as Loose)[k] ?? f.data?.[k];
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function stanceScore(f: Finding): number | null {
  const s = val(f, 'score');
  if (typeof s === 'number' && Number.isFinite(s)) return Math.max(-1, Math.min(1, s));
  const p = val(f, 'polarity');
  if (typeof p === 'number') return Math.sign(p);
  if (typeof p === 'string') return /^pos|favo|support/i.test(p) ? 1 : /^neg|hostile|critic|against/i.test(p) ? -1 : 0;
  return null;
}

/** Stance findings aggregated per actor and column (the stance heatmap). */
export function stanceMatrix(items: readonly CompareItem[], opts: ContrastOptions): StanceRow[] {
  const rows = new Map<string, StanceRow>();
  for (const { article, analysis } of items) {
    const col = columnOf(article, opts.by);
    for (const f of analysis.findings) {
      if (f.kind !== 'stance') continue;
      if (f.voice !== 'outlet' && !opts.includeQuotes) continue;
      const actorId = val(f, 'actorId');
      const score = stanceScore(f);
      if (typeof actorId !== 'string' || score === null) continue;
      let r = rows.get(actorId);
      if (!r) rows.set(actorId, (r = { actorId, canonical: String(val(f, 'canonical') ?? val(f, 'target') ?? actorId), columns: {} }));
      const c = (r.columns[col] ??= { n: 0, mean: 0, positive: 0, negative: 0, neutral: 0, evidence: [] });
      c.mean = (c.mean * c.n + score) / (c.n + 1);
      c.n++;
      if (score > 0.05) c.positive++;
      else if (score < -0.05) c.negative++;
      else c.neutral++;
      if (c.evidence.length < 20) c.evidence.push({ articleId: article.id, span: { start: f.span.start, end: f.span.end }, evidence: f.evidence, score: round3(score) });
    }
  }
  for (const r of rows.values()) for (const c of Object.values(r.columns)) c.mean = round3(c.mean);
  const total = (r: StanceRow) => Object.values(r.columns).reduce((s, c) => s + c.n, 0);
  return [...rows.values()].sort((a, b) => total(b) - total(a) || a.actorId.localeCompare(b.actorId));
}

function stanceContrast(row: StanceRow, items: readonly CompareItem[], opts: ContrastOptions, minSupport: number): ActorContrast['stance'] {
  const cols = Object.entries(row.columns).filter(([, c]) => c.n >= minSupport);
  if (cols.length < 2) return null;
  cols.sort((a, b) => b[1].mean - a[1].mean || a[0].localeCompare(b[0]));
  const [hi, hc] = cols[0];
  const [lo, lc] = cols[cols.length - 1];
  // Variance needs every score, not the capped evidence list: recompute from the findings.
  const scores = (col: string): number[] => {
    const out: number[] = [];
    for (const { article, analysis } of items) {
      if (columnOf(article, opts.by) !== col) continue;
      for (const f of analysis.findings) {
        if (f.kind !== 'stance' || val(f, 'actorId') !== row.actorId) continue;
        if (f.voice !== 'outlet' && !opts.includeQuotes) continue;
        const s = stanceScore(f);
        if (s !== null) out.push(s);
      }
    }
    return out;
  };
  const variance = (xs: number[], m: number): number => Math.max(0.05, xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
  const diff = hc.mean - lc.mean;
  const se = Math.sqrt(variance(scores(hi), hc.mean) / hc.n + variance(scores(lo), lc.mean) / lc.n);
  return { difference: round3(diff), high: hi, low: lo, z: round3(se ? diff / se : 0), support: Math.min(hc.n, lc.n) };
}

export function actorContrasts(items: readonly CompareItem[], opts: ContrastOptions): { contrasts: ActorContrast[]; labelRows: LabelMatrixRow[]; stance: StanceRow[] } {
  const minSupport = opts.minSupport ?? 2;
  const labelRows = labelMatrix(
    items.map(({ article, analysis }) => ({ articleId: article.id, outlet: columnOf(article, 'outlet'), group: columnOf(article, 'group'), findings: analysis.findings })),
    { by: opts.by, includeQuotes: opts.includeQuotes, minSupport },
  );
  const stance = stanceMatrix(items, opts);
  const stanceById = new Map(stance.map((r) => [r.actorId, r]));
  const ids = new Set([...labelRows.map((r) => r.actorId), ...stance.map((r) => r.actorId)]);
  const labelById = new Map(labelRows.map((r) => [r.actorId, r]));
  const out: ActorContrast[] = [];
  for (const actorId of ids) {
    const lr = labelById.get(actorId);
    const sr = stanceById.get(actorId);
    const labels = lr && lr.compared.length >= 2
      ? {
          contrast: lr.contrast,
          divergence: lr.divergence,
          support: lr.support,
          compared: lr.compared,
          distinctive: Object.fromEntries(
            lr.compared.map((col) => [
              col,
              lr.columns[col]
                .filter((c) => c.distinctiveness > 0 || lr.columns[col].length === 1)
                .slice(0, 3)
                .map((c) => ({ label: c.label, count: c.count, share: c.share, connotation: c.connotation, cue: c.cue, mentions: c.mentions.slice(0, 10) })),
            ]),
          ),
        }
      : null;
    const st = sr ? stanceContrast(sr, items, opts, Math.max(minSupport, 3)) : null;
    if (!labels && !st) continue;
    const damp = st ? st.support / (st.support + 2) : 0;
    const score = round3((labels?.contrast ?? 0) + (st ? (Math.abs(st.difference) / 2) * damp : 0));
    if (score <= 0) continue;
    out.push({ actorId, canonical: lr?.canonical ?? sr!.canonical, labels, stance: st, score });
  }
  out.sort((a, b) => b.score - a.score || a.actorId.localeCompare(b.actorId));
  return { contrasts: out, labelRows, stance };
}
