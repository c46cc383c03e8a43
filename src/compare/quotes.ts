import type { Finding, QuoteFinding } from '../core/finding.js';
import type { Span } from '../core/span.js';

/**
 * Who is quoted by which outlet (or perspective group), how (direct, partial, indirect) and with which verbs
 * (neutral "said", distancing "claimed", endorsing "admitted"). Pure. Every count traces back to its quotes
 * (article id + span + the words).
 */

export interface QuoteMatrixItem {
  articleId: string;
  outlet: string;
  group: string;
  /** Quote findings (other kinds are ignored, so an Analysis's whole findings array can be passed). */
  findings: ReadonlyArray<Finding>;
}

export interface QuoteMatrixOptions {
  by: 'outlet' | 'group';
  /** Also list speakers that were not resolved to an actor ("sources", "the author"), keyed by their words. */
  includeUnresolved?: boolean;
  /** Only these speaker ids. */
  speakers?: ReadonlySet<string>;
}

export interface QuoteEvidence {
  articleId: string;
  span: Span;
  /** The quote as written (the finding's evidence). */
  evidence: string;
  type: QuoteFinding['quoteType'];
  verb: string | null;
  verbStance: QuoteFinding['verbStance'];
  /** The speaker words at the cue ("he", "the pundit"), when present. */
  speakerWords: string | null;
}

export interface QuoteCell {
  count: number;
  byType: Record<'direct' | 'partial' | 'indirect', number>;
  byStance: Record<'neutral' | 'distancing' | 'endorsing' | 'none', number>;
  /** Cue verb lemma -> count. */
  verbs: Record<string, number>;
  quotes: QuoteEvidence[];
}

export interface QuoteMatrixRow {
  /** The speaker's (corpus) actor id, or "unresolved:<words>" for an unresolved speaker. */
  speakerId: string;
  speaker: string;
  resolved: boolean;
  total: number;
  columns: Record<string, QuoteCell>;
  /** Share of this speaker's quotes whose cue verb is distancing, per column (quotes with a verb only). */
  distancing: Record<string, number>;
}

function isQuote(f: Finding): f is QuoteFinding {
  return f.kind === 'quote' && typeof f.quoteType === 'string';
}

const emptyCell = (): QuoteCell => ({
  count: 0,
  byType: { direct: 0, partial: 0, indirect: 0 },
  byStance: { neutral: 0, distancing: 0, endorsing: 0, none: 0 },
  verbs: {},
  quotes: [],
});

export function quoteMatrix(items: readonly QuoteMatrixItem[], opts: QuoteMatrixOptions): QuoteMatrixRow[] {
  const rows = new Map<string, QuoteMatrixRow>();
  for (const it of items) {
    const col = opts.by === 'group' ? it.group : it.outlet;
    for (const f of it.findings) {
      if (!isQuote(f)) continue;
      const resolved = Boolean(f.actorId);
      if (!resolved && (!opts.includeUnresolved || !f.speaker)) continue;
      const id = f.actorId ?? `unresolved:${f.speaker!.toLowerCase().replace(/\s+/g, ' ')}`;
      if (opts.speakers && !opts.speakers.has(id)) continue;
      let row = rows.get(id);
      if (!row) {
        row = { speakerId: id, speaker: f.canonical ?? f.speaker ?? id, resolved, total: 0, columns: {}, distancing: {} };
        rows.set(id, row);
      }
      const cell = (row.columns[col] ??= emptyCell());
      row.total++;
      cell.count++;
      cell.byType[f.quoteType]++;
      cell.byStance[f.verbStance ?? 'none']++;
      if (f.verb) cell.verbs[f.verb] = (cell.verbs[f.verb] ?? 0) + 1;
      cell.quotes.push({
        articleId: it.articleId,
        span: f.span,
        evidence: f.evidence,
        type: f.quoteType,
        verb: f.verb,
        verbStance: f.verbStance,
        speakerWords: f.related?.find((r) => r.role === 'speaker')?.evidence ?? null,
      });
    }
  }
  for (const row of rows.values()) {
    for (const [col, cell] of Object.entries(row.columns)) {
      const withVerb = cell.count - cell.byStance.none;
      row.distancing[col] = withVerb ? cell.byStance.distancing / withVerb : 0;
    }
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || a.speaker.localeCompare(b.speaker));
}
