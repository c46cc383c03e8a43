import type { BiasSentenceFinding, Finding, TechniqueFinding } from '../core/finding.js';
import type { Span } from '../core/span.js';

/**
 * Techniques per outlet (or perspective group): how often each propaganda technique occurs per 1,000 words, and
 * which actors each column aims them at. Pure. Every count keeps its evidence (article id + span + words + the
 * finding's reason), so "KSNA: 6.1 name-calling per 1,000 words" can be checked sentence by sentence.
 */

export interface TechniqueMatrixItem {
  articleId: string;
  outlet: string;
  group: string;
  /** Words in the article (the denominator of the rates). */
  words: number;
  /** An Analysis's findings (other kinds are ignored). */
  findings: ReadonlyArray<Finding>;
}

export interface TechniqueMatrixOptions {
  by: 'outlet' | 'group';
  /** Count techniques inside quotations too (default false: a column is judged on its own voice). */
  includeQuotes?: boolean;
  /** Ignore findings below this confidence (default 0). */
  minConfidence?: number;
  /**
   * Count targets linked only by sharing a sentence with the technique (default false: only targets linked
   * through a label, an overlapping mention or the next words).
   */
  weakTargets?: boolean;
}

export interface TechniqueEvidence {
  articleId: string;
  span: Span;
  evidence: string;
  reason: string;
  confidence: number;
  /** True when the finding is inside a quotation (only with includeQuotes). */
  quoted?: boolean;
}

export interface TechniqueCell {
  technique: string;
  count: number;
  /** count per 1,000 words of the column. */
  per1000: number;
  evidence: TechniqueEvidence[];
}

export interface TechniqueTarget {
  actorId: string;
  canonical: string;
  total: number;
  byTechnique: Record<string, number>;
  evidence: TechniqueEvidence[];
}

export interface TechniqueColumn {
  column: string;
  articles: number;
  words: number;
  total: number;
  per1000: number;
  /** Sorted by count, most frequent first. */
  techniques: TechniqueCell[];
  /** Sorted by total, most targeted first. */
  targets: TechniqueTarget[];
  /** Mean bias score over the column's scored sentences, and how many scored >= 0.5. */
  bias: { sentences: number; mean: number; biased: number };
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

export function techniqueMatrix(items: ReadonlyArray<TechniqueMatrixItem>, opts: TechniqueMatrixOptions): TechniqueColumn[] {
  const minConfidence = opts.minConfidence ?? 0;
  const cols = new Map<
    string,
    { articles: Set<string>; words: number; cells: Map<string, TechniqueCell>; targets: Map<string, TechniqueTarget>; total: number; biasSum: number; biasN: number; biased: number }
  >();
  for (const it of items) {
    const key = opts.by === 'group' ? it.group : it.outlet;
    let c = cols.get(key);
    if (!c) {
      c = { articles: new Set(), words: 0, cells: new Map(), targets: new Map(), total: 0, biasSum: 0, biasN: 0, biased: 0 };
      cols.set(key, c);
    }
    if (!c.articles.has(it.articleId)) {
      c.articles.add(it.articleId);
      c.words += it.words;
    }
    for (const f of it.findings) {
      const quoted = f.voice !== 'outlet';
      if (quoted && !opts.includeQuotes) continue;
      if (f.kind === 'bias-sentence') {
        const b = f;
        c.biasSum += b.score;
        c.biasN++;
        if (b.score >= 0.5) c.biased++;
        continue;
      }
      if (f.kind !== 'technique') continue;
      const t = f;
      if ((t.confidence ?? 1) < minConfidence) continue;
      const ev: TechniqueEvidence = { articleId: it.articleId, span: t.span, evidence: t.evidence, reason: t.reason, confidence: t.confidence ?? 1 };
      if (quoted) ev.quoted = true;
      const cell = c.cells.get(t.technique) ?? { technique: t.technique, count: 0, per1000: 0, evidence: [] };
      cell.count++;
      cell.evidence.push(ev);
      c.cells.set(t.technique, cell);
      c.total++;
      if (t.actorId && t.targetVia && (opts.weakTargets || t.targetVia !== 'sentence')) {
        const tg = c.targets.get(t.actorId) ?? { actorId: t.actorId, canonical: t.canonical ?? t.actorId, total: 0, byTechnique: {}, evidence: [] };
        tg.total++;
        tg.byTechnique[t.technique] = (tg.byTechnique[t.technique] ?? 0) + 1;
        tg.evidence.push(ev);
        c.targets.set(t.actorId, tg);
      }
    }
  }
  const out: TechniqueColumn[] = [];
  for (const [column, c] of cols) {
    const per = (n: number): number => (c.words ? round((1000 * n) / c.words) : 0);
    const techniques = [...c.cells.values()]
      .map((x) => ({ ...x, per1000: per(x.count) }))
      .sort((a, b) => b.count - a.count || a.technique.localeCompare(b.technique));
    const targets = [...c.targets.values()].sort((a, b) => b.total - a.total || a.canonical.localeCompare(b.canonical));
    out.push({
      column,
      articles: c.articles.size,
      words: c.words,
      total: c.total,
      per1000: per(c.total),
      techniques,
      targets,
      bias: { sentences: c.biasN, mean: c.biasN ? round(c.biasSum / c.biasN, 3) : 0, biased: c.biased },
    });
  }
  return out.sort((a, b) => b.per1000 - a.per1000 || a.column.localeCompare(b.column));
}
