import type { Span } from '../core/span.js';
import type { CompareItem } from './types.js';
import { labelMatrix, type LabelCell, type LabelMatrixRow } from './labels.js';
import { columnOf } from './omissions.js';
import { stanceMatrix, type StanceMatrixRow } from './stance.js';

/**
 * Per-actor contrasts between columns (perspective groups or outlets): the labels and the stance that differ
 * most, each with a support figure so that one sentence does not make a difference. Pure.
 *
 * - Labels: the label matrix's contrast (Jensen–Shannon divergence damped by the smallest column's support,
 *   src/compare/labels.ts) and, per column, its most distinctive labels.
 * - Stance: the stance matrix (src/compare/stance.ts: per-sentence scores shrunk toward neutral, with ~95%
 *   intervals); the contrast is the largest difference between the column scores of columns with at least
 *   `minStanceSupport` sentences, `separated` when the two intervals do not overlap.
 */

export interface ActorContrast {
  actorId: string;
  canonical: string;
  labels: {
    contrast: number;
    divergence: number;
    support: Record<string, number>;
    compared: string[];
    /** Per column: its most distinctive labels (up to 3). */
    distinctive: Record<string, Array<Pick<LabelCell, 'label' | 'count' | 'share' | 'connotation' | 'cue' | 'mentions' | 'language' | 'gloss'>>>;
  } | null;
  stance: {
    /** Largest difference of column scores. */
    difference: number;
    /** The columns with the highest and the lowest score. */
    high: string;
    low: string;
    /** The two columns' ~95% intervals do not overlap. */
    separated: boolean;
    /** Sentences in the smaller of the two columns. */
    support: number;
    evidence: Array<{ column: string; articleId: string; span: Span; evidence: string }>;
  } | null;
  /** Ranking score: label contrast + stance difference / 2 (differences of shrunk scores are already damped). */
  score: number;
}

export interface ContrastOptions {
  by: 'outlet' | 'group';
  includeQuotes?: boolean;
  /** Labels a column needs for an actor (default 2). */
  minSupport?: number;
  /** Stance sentences a column needs for an actor (default 3). */
  minStanceSupport?: number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function stanceContrast(row: StanceMatrixRow, min: number): ActorContrast['stance'] {
  const cols = Object.entries(row.columns).filter(([, c]) => c.n >= min);
  if (cols.length < 2) return null;
  cols.sort((a, b) => b[1].score - a[1].score || a[0].localeCompare(b[0]));
  const [high, hc] = cols[0];
  const [low, lc] = cols[cols.length - 1];
  return {
    difference: round3(hc.score - lc.score),
    high,
    low,
    separated: hc.interval[0] > lc.interval[1],
    support: Math.min(hc.n, lc.n),
    evidence: [
      ...hc.evidence.map((e) => ({ column: high, articleId: e.articleId, span: e.span, evidence: e.evidence })),
      ...lc.evidence.map((e) => ({ column: low, articleId: e.articleId, span: e.span, evidence: e.evidence })),
    ],
  };
}

export function actorContrasts(items: readonly CompareItem[], opts: ContrastOptions): { contrasts: ActorContrast[]; labelRows: LabelMatrixRow[]; stance: StanceMatrixRow[] } {
  const minSupport = opts.minSupport ?? 2;
  const rows = items.map(({ article, analysis }) => ({ articleId: article.id, outlet: columnOf(article, 'outlet'), group: columnOf(article, 'group'), language: article.language ?? null, findings: analysis.findings }));
  return contrastsOf(labelMatrix(rows, { by: opts.by, includeQuotes: opts.includeQuotes, minSupport }), stanceMatrix(rows, { by: opts.by, includeQuotes: opts.includeQuotes }), opts);
}

/** The contrasts from a label matrix and a stance matrix already built (createLabelMatrix, createStanceMatrix). */
export function contrastsOf(labelRows: LabelMatrixRow[], stance: StanceMatrixRow[], opts: Pick<ContrastOptions, 'minStanceSupport'>): { contrasts: ActorContrast[]; labelRows: LabelMatrixRow[]; stance: StanceMatrixRow[] } {
  const stanceById = new Map(stance.map((r) => [r.actorId, r]));
  const labelById = new Map(labelRows.map((r) => [r.actorId, r]));
  const out: ActorContrast[] = [];
  for (const actorId of new Set([...labelRows.map((r) => r.actorId), ...stance.map((r) => r.actorId)])) {
    const lr = labelById.get(actorId);
    const sr = stanceById.get(actorId);
    const labels =
      lr && lr.compared.length >= 2
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
                  .map((c) => ({ label: c.label, count: c.count, share: c.share, connotation: c.connotation, cue: c.cue, ...(c.language ? { language: c.language } : {}), ...(c.gloss ? { gloss: c.gloss } : {}), mentions: c.mentions.slice(0, 10) })),
              ]),
            ),
          }
        : null;
    const st = sr ? stanceContrast(sr, opts.minStanceSupport ?? 3) : null;
    if (!labels && !st) continue;
    const score = round3((labels?.contrast ?? 0) + (st ? Math.abs(st.difference) / 2 : 0));
    if (score <= 0) continue;
    out.push({ actorId, canonical: lr?.canonical ?? sr!.canonical, labels, stance: st, score });
  }
  out.sort((a, b) => b.score - a.score || a.actorId.localeCompare(b.actorId));
  return { contrasts: out, labelRows, stance };
}
