import type { Connotation, Finding, LabelFinding, LabelType } from '../core/finding.js';
import type { Span } from '../core/span.js';

/**
 * The label matrix: for each actor, which labels each outlet (or perspective group) uses, how often, and how much
 * the columns differ. Pure. Every count traces back to its mentions (article id + span + the words), so a reader
 * can check "Outlet A says 'the Zionist regime' 14 times" against the text.
 */

export interface LabelMatrixItem {
  articleId: string;
  outlet: string;
  group: string;
  /** The article's language (ISO 639-1), the fallback of a label's language when its finding names none. */
  language?: string | null;
  /** Label findings (other kinds are ignored, so an Analysis's whole findings array can be passed). */
  findings: ReadonlyArray<LabelFinding | Finding>;
}

export interface LabelMatrixOptions {
  by: 'outlet' | 'group';
  /** Count labels inside quotations too (default false: an outlet is compared on its own voice). */
  includeQuotes?: boolean;
  /** Only this actor. */
  actor?: string;
  /** A column takes part in the contrast only with at least this many labels for the actor (default 2). */
  minSupport?: number;
}

export interface LabelMention {
  articleId: string;
  span: Span;
  /** The words as written (the finding's evidence). */
  evidence: string;
  /** True when the label was inside a quotation (only with includeQuotes). */
  quoted?: boolean;
}

export interface LabelCell {
  /** Normalised label: the grouping key within a column. */
  label: string;
  labelType: LabelType;
  connotation: Connotation;
  /** The cue that decided a non-neutral connotation (most frequent among the mentions). */
  cue: string | null;
  count: number;
  /** count / the column's labels for this actor. */
  share: number;
  /** share here minus the mean share of the same label in the other columns: > 0 means typical of this column. */
  distinctiveness: number;
  /** Surface forms as written, with counts ("the Zionist regime": 3, "Zionist regime": 1). */
  forms: Record<string, number>;
  /**
   * The language the label is written in (ISO 639-1): the findings' `data.language`, else their articles' language;
   * the most frequent among the mentions. Absent when nothing says.
   */
  language?: string;
  /** An English gloss of a label in another language (the findings' `data.gloss`, most frequent). */
  gloss?: string;
  mentions: LabelMention[];
}

export interface LabelMatrixRow {
  actorId: string;
  canonical: string;
  columns: Record<string, LabelCell[]>;
  /** Labels per column for this actor. */
  support: Record<string, number>;
  /** Columns that met minSupport and took part in the contrast. */
  compared: string[];
  /** Jensen–Shannon divergence (base 2, normalised to [0, 1]) of the compared columns' label distributions. */
  divergence: number;
  /** divergence × n/(n + 2), n = the smallest compared column's support: few labels make a weak contrast. */
  contrast: number;
}

const CONNOTATION_ORDER: Record<Connotation, number> = { pejorative: 0, favourable: 1, neutral: 2 };

/** A non-empty string field of a finding's data (labels in other languages carry `language` and `gloss`). */
function dataString(f: LabelFinding, key: string): string | null {
  const v = f.data?.[key];
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

function isLabel(f: LabelFinding | Finding): f is LabelFinding {
  return f.kind === 'label' && typeof f.actorId === 'string';
}

/** Shannon entropy (bits) of a distribution given as counts. */
function entropy(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  if (!n) return 0;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log2(c / n);
  return h;
}

/**
 * Generalised Jensen–Shannon divergence with equal weights: H(mean of P_i) − mean of H(P_i), divided by log2(k)
 * so that k completely disjoint columns score 1 whatever k is.
 */
export function jensenShannon(dists: Array<Map<string, number>>): number {
  const k = dists.length;
  if (k < 2) return 0;
  const keys = new Set<string>();
  for (const d of dists) for (const key of d.keys()) keys.add(key);
  const probs = dists.map((d) => {
    const n = [...d.values()].reduce((a, b) => a + b, 0);
    return new Map([...d].map(([key, v]) => [key, n ? v / n : 0]));
  });
  const mean: number[] = [];
  for (const key of keys) mean.push(probs.reduce((a, p) => a + (p.get(key) ?? 0), 0) / k);
  const hMean = entropy(mean);
  const meanH = probs.reduce((a, p) => a + entropy([...p.values()]), 0) / k;
  const js = (hMean - meanH) / Math.log2(k);
  return Math.max(0, Math.min(1, js));
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function labelMatrix(items: ReadonlyArray<LabelMatrixItem>, opts: LabelMatrixOptions): LabelMatrixRow[] {
  const m = createLabelMatrix(opts);
  for (const item of items) for (const f of item.findings) m.add(item, f);
  return m.rows();
}

/** Where a finding sits: its article and the article's columns. */
export interface MatrixPlace {
  articleId: string;
  outlet: string;
  group: string;
  /** The article's word count (techniques per 1,000 words). */
  words?: number;
  /** The article's language (labels: the fallback when a finding's data names none). */
  language?: string | null;
}

/**
 * The label matrix built one finding at a time (findings streamed from the store, article by article in ingest
 * order): memory holds the cells, not the corpus. `labelMatrix(items)` is this over an array.
 */
export function createLabelMatrix(opts: LabelMatrixOptions): { add(place: MatrixPlace, f: LabelFinding | Finding): void; rows(): LabelMatrixRow[] } {
  const minSupport = opts.minSupport ?? 2;
  // actor -> column -> key -> accumulating cell
  interface Acc {
    label: string;
    types: Map<LabelType, number>;
    connotation: Connotation;
    cues: Map<string, number>;
    forms: Map<string, number>;
    languages: Map<string, number>;
    glosses: Map<string, number>;
    mentions: LabelMention[];
  }
  const actors = new Map<string, { canonical: string; cols: Map<string, Map<string, Acc>> }>();

  const add = (item: MatrixPlace, f: LabelFinding | Finding): void => {
    const col = opts.by === 'outlet' ? item.outlet : item.group;
    if (!isLabel(f)) return;
    const quoted = f.voice !== 'outlet';
    if (quoted && !opts.includeQuotes) return;
    if (opts.actor && f.actorId !== opts.actor) return;
    let a = actors.get(f.actorId);
    if (!a) actors.set(f.actorId, (a = { canonical: f.canonical, cols: new Map() }));
    let c = a.cols.get(col);
    if (!c) a.cols.set(col, (c = new Map()));
    // Same words with a different verdict ("Karvenia" vs the "so-called" Karvenia) are different labels.
    const key = `${f.labelNormalized}\u0000${f.connotation}`;
    let acc = c.get(key);
    if (!acc) c.set(key, (acc = { label: f.labelNormalized, types: new Map(), connotation: f.connotation, cues: new Map(), forms: new Map(), languages: new Map(), glosses: new Map(), mentions: [] }));
    acc.types.set(f.labelType, (acc.types.get(f.labelType) ?? 0) + 1);
    if (f.cue) acc.cues.set(f.cue, (acc.cues.get(f.cue) ?? 0) + 1);
    acc.forms.set(f.evidence, (acc.forms.get(f.evidence) ?? 0) + 1);
    const language = dataString(f, 'language') ?? (item.language || null);
    if (language) acc.languages.set(language, (acc.languages.get(language) ?? 0) + 1);
    const gloss = dataString(f, 'gloss');
    if (gloss) acc.glosses.set(gloss, (acc.glosses.get(gloss) ?? 0) + 1);
    acc.mentions.push({ articleId: item.articleId, span: { start: f.span.start, end: f.span.end }, evidence: f.evidence, ...(quoted ? { quoted: true } : {}) });
  };

  const rows = (): LabelMatrixRow[] => {
    const top = <K extends string>(m: Map<K, number>): K | undefined => [...m].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];

    const rows: LabelMatrixRow[] = [];
    for (const [actorId, a] of actors) {
      const support: Record<string, number> = {};
      const dists = new Map<string, Map<string, number>>();
      for (const [col, cells] of a.cols) {
        const d = new Map<string, number>();
        for (const [key, acc] of cells) d.set(key, acc.mentions.length);
        dists.set(col, d);
        support[col] = [...d.values()].reduce((x, y) => x + y, 0);
      }
      const compared = [...dists.keys()].filter((c) => support[c] >= minSupport).sort();
      const divergence = compared.length >= 2 ? jensenShannon(compared.map((c) => dists.get(c)!)) : 0;
      const nMin = compared.length >= 2 ? Math.min(...compared.map((c) => support[c])) : 0;
      const contrast = divergence * (nMin / (nMin + 2));

      const columns: Record<string, LabelCell[]> = {};
      for (const col of [...a.cols.keys()].sort()) {
        const cells = a.cols.get(col)!;
        const others = [...a.cols.keys()].filter((c) => c !== col);
        const out: LabelCell[] = [];
        for (const [key, acc] of cells) {
          const share = acc.mentions.length / support[col];
          const otherShares = others.map((o) => (dists.get(o)!.get(key) ?? 0) / support[o]);
          const meanOther = otherShares.length ? otherShares.reduce((x, y) => x + y, 0) / otherShares.length : 0;
          const language = top(acc.languages);
          const gloss = top(acc.glosses);
          out.push({
            label: acc.label,
            labelType: top(acc.types)!,
            connotation: acc.connotation,
            cue: top(acc.cues) ?? null,
            count: acc.mentions.length,
            share: round3(share),
            distinctiveness: round3(others.length ? share - meanOther : 0),
            forms: Object.fromEntries([...acc.forms].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))),
            ...(language ? { language } : {}),
            ...(gloss ? { gloss } : {}),
            mentions: acc.mentions.sort((x, y) => (x.articleId < y.articleId ? -1 : x.articleId > y.articleId ? 1 : x.span.start - y.span.start)),
          });
        }
        out.sort((x, y) => y.distinctiveness - x.distinctiveness || y.count - x.count || CONNOTATION_ORDER[x.connotation] - CONNOTATION_ORDER[y.connotation] || (x.label < y.label ? -1 : 1));
        columns[col] = out;
      }
      rows.push({ actorId, canonical: a.canonical, columns, support, compared, divergence: round3(divergence), contrast: round3(contrast) });
    }
    const total = (r: LabelMatrixRow): number => Object.values(r.support).reduce((x, y) => x + y, 0);
    rows.sort((x, y) => y.contrast - x.contrast || total(y) - total(x) || (x.actorId < y.actorId ? -1 : 1));
    return rows;
  };
  return { add, rows };
}
