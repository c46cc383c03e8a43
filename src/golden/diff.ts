/**
 * The difference between an article's fixture and its findings today, grouped by kind, and its rendering for a
 * terminal: added (+), removed (−) and changed (~) findings, with the text around the span for our own articles.
 * Findings are matched by id (analyzer:kind:start-end[:n]), so a finding whose span moved shows as removed + added.
 */
import type { FindingLine, GoldenDoc } from './snapshot.js';

export interface KindDiff {
  added: FindingLine[];
  removed: FindingLine[];
  changed: Array<{ before: FindingLine; after: FindingLine; fields: string[] }>;
}

export interface ArticleDiff {
  /** Fixture path under fixtures/golden. */
  path: string;
  source: string;
  status: 'added' | 'removed' | 'changed';
  /** Top-level fields (article, counts, diagnostics, ...) that differ. */
  fields: Array<{ field: string; before: unknown; after: unknown }>;
  kinds: Map<string, KindDiff>;
  /** The article's text today, for context (our own texts only; never set for third-party ones). */
  text?: string;
  /** Whether the article's text itself changed (then offsets of removed findings refer to the old text). */
  textChanged: boolean;
  /** The fixture file could not be read (why); the article is then shown as new. */
  unreadable?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function kindDiff(m: Map<string, KindDiff>, kind: string): KindDiff {
  let d = m.get(kind);
  if (!d) m.set(kind, (d = { added: [], removed: [], changed: [] }));
  return d;
}

/** Compares one article; null when fixture and today agree. `before` null: new article; `after` null: gone. */
export function diffDoc(path: string, before: GoldenDoc | null, after: GoldenDoc | null, text?: string): ArticleDiff | null {
  const b = before ?? { source: after!.source, findings: [] };
  const a = after ?? { source: before!.source, findings: [] };
  const fields: ArticleDiff['fields'] = [];
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (k === 'findings' || k === 'source') continue;
    if (!same(b[k], a[k])) fields.push({ field: k, before: b[k], after: a[k] });
  }
  const kinds = new Map<string, KindDiff>();
  const old = new Map(b.findings.map((f) => [f.id, f]));
  const now = new Map(a.findings.map((f) => [f.id, f]));
  for (const f of a.findings) {
    const o = old.get(f.id);
    if (!o) kindDiff(kinds, f.kind).added.push(f);
    else if (!same(o, f)) {
      const keys = new Set([...Object.keys(o), ...Object.keys(f)]);
      kindDiff(kinds, f.kind).changed.push({ before: o, after: f, fields: [...keys].filter((k) => !same(o[k], f[k])) });
    }
  }
  for (const f of b.findings) if (!now.has(f.id)) kindDiff(kinds, f.kind).removed.push(f);
  if (before && after && !fields.length && !kinds.size) return null;
  const hash = (d: GoldenDoc) => (d.article as { textHash?: string } | undefined)?.textHash;
  return {
    path,
    source: a.source,
    status: !before ? 'added' : !after ? 'removed' : 'changed',
    fields,
    kinds: new Map([...kinds].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
    text,
    textChanged: Boolean(before && after && hash(before) !== hash(after)),
  };
}

export interface FormatOptions {
  /** Findings shown per article and kind and sign; 0 shows all. */
  limit?: number;
  /** Characters of text shown on each side of a span. */
  context?: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ⏎ ').replace(/\s+/g, ' ');
}

/** «…before [span] after…» from the article's text. */
export function around(text: string, start: number, end: number, width = 50): string {
  const from = Math.max(0, start - width);
  const to = Math.min(text.length, end + width);
  return `${from > 0 ? '…' : ''}${oneLine(text.slice(from, start))}[${oneLine(text.slice(start, end))}]${oneLine(text.slice(end, to))}${to < text.length ? '…' : ''}`;
}

function what(f: FindingLine): string {
  const parts: string[] = [];
  for (const k of ['technique', 'actorId', 'label', 'connotation', 'polarity', 'relation', 'eventType', 'quoteType', 'claimType', 'figureKind', 'score']) {
    if (f[k] !== undefined && f[k] !== null) parts.push(`${k}=${typeof f[k] === 'string' ? f[k] : JSON.stringify(f[k])}`);
  }
  if (f.voice && f.voice !== 'outlet') parts.push(`voice=${JSON.stringify(f.voice)}`);
  return parts.join(' ');
}

function findingLine(sign: string, f: FindingLine, d: ArticleDiff, ctx: number): string[] {
  const head = `      ${sign} ${f.span.start}-${f.span.end} ${f.id.split(':')[0]} ${what(f)}`.trimEnd();
  if (typeof f.evidence !== 'string') return [clip(head, 220)];
  const usable = d.text !== undefined && !(sign === '-' && d.textChanged) && f.span.end <= d.text.length;
  const shown = usable ? around(d.text!, f.span.start, f.span.end, ctx) : `[${oneLine(f.evidence)}]`;
  return [clip(head, 220), `          ${clip(shown, 260)}`];
}

/** The diff of every differing article, by article then kind, for a terminal or a failing test's message. */
export function formatDiffs(diffs: readonly ArticleDiff[], opts: FormatOptions = {}): string {
  const limit = opts.limit ?? 8;
  const ctx = opts.context ?? 50;
  const out: string[] = [];
  for (const d of diffs) {
    const n = [...d.kinds.values()].reduce((s, k) => s + k.added.length + k.removed.length + k.changed.length, 0);
    const label = d.unreadable ? `unreadable fixture: ${d.unreadable}` : d.status === 'added' ? 'new article (no fixture yet)' : d.status === 'removed' ? 'fixture without an article (gone from the corpus)' : `${n} finding(s) differ`;
    out.push(`● ${d.source}  (${d.path}): ${label}${d.textChanged ? '; the cleaned text itself changed' : ''}`);
    if (d.status !== 'changed') {
      const counts = d.fields.find((f) => f.field === 'counts');
      if (counts) out.push(`    counts: ${clip(JSON.stringify(d.status === 'added' ? counts.after : counts.before), 300)}`);
      continue;
    }
    for (const f of d.fields) {
      if (f.field === 'counts') continue; // shown per kind below
      out.push(`    ${f.field}: ${clip(JSON.stringify(f.before) ?? 'none', 200)} → ${clip(JSON.stringify(f.after) ?? 'none', 200)}`);
    }
    for (const [kind, k] of d.kinds) {
      out.push(`    ${kind}: +${k.added.length} −${k.removed.length} ~${k.changed.length}`);
      const show = <T>(xs: T[], fn: (x: T) => string[]) => {
        const cut = limit > 0 ? xs.slice(0, limit) : xs;
        for (const x of cut) out.push(...fn(x));
        if (cut.length < xs.length) out.push(`        … and ${xs.length - cut.length} more`);
      };
      show(k.removed, (f) => findingLine('-', f, d, ctx));
      show(k.added, (f) => findingLine('+', f, d, ctx));
      show(k.changed, (c) => [
        ...findingLine('~', c.after, d, ctx).slice(0, 2),
        ...c.fields.map((field) => `          ${field}: ${clip(JSON.stringify(c.before[field]) ?? 'none', 160)} → ${clip(JSON.stringify(c.after[field]) ?? 'none', 160)}`),
      ]);
    }
  }
  return out.join('\n');
}
