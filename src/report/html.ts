import type { Finding, LabelFinding } from '../core/finding.js';
import { isRead, isRtl, READ_LANGUAGES } from '../core/lang/index.js';

/**
 * HTML safety helpers. Article text and metadata are untrusted: every string that reaches the page goes through
 * esc() (text and attribute values alike), URLs through safeUrl(), and embedded JSON through jsonForScript().
 * Highlighted article text is built from spans: the text is cut at span boundaries and each segment is escaped;
 * no raw article text is ever injected.
 */

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => ESC[c]);
}

/** http(s) URLs only (no javascript:, data:, vbscript:...), normalised by the URL parser; null otherwise. */
export function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** JSON that is safe inside <script type="application/json">: no '<', '>', '&' or line separators survive literally. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A library's code inside an inline <script>: break any closing-tag or comment-open sequence. */
export function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Element id for the anchor at the start of a span. Ids are hex article ids and integers: safe by construction. */
export const spanAnchor = (articleId: string, start: number, end: number): string => `s-${articleId.replace(/[^A-Za-z0-9_-]/g, '_')}-${start}-${end}`;
export const articleAnchor = (articleId: string): string => `a-${articleId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** The CSS class of a finding's highlight. */
export function findingClass(f: Finding): string {
  const kind = f.kind.replace(/[^a-z0-9-]/gi, '');
  if (f.kind === 'label') return `k-label c-${f.connotation.replace(/[^a-z]/g, '')}`;
  if (f.kind === 'stance') {
    // Stored analyses of old versions may lack the field: fall back to data.polarity.
    const own: unknown = f.polarity;
    const p = own ?? f.data?.polarity;
    const s = typeof p === 'string' ? p.replace(/[^a-z]/gi, '').toLowerCase() : typeof p === 'number' ? (p > 0 ? 'positive' : p < 0 ? 'negative' : 'neutral') : 'neutral';
    return `k-stance p-${s}`;
  }
  return `k-${kind}`;
}

export interface HighlightOptions {
  /** Findings to mark (spans outside the text are ignored). */
  findings: readonly Finding[];
  /** Extra anchors to place (spans referenced by evidence lists). */
  anchors?: Iterable<{ start: number; end: number }>;
  articleId: string;
}

/**
 * The article text as HTML with findings highlighted. Linear in text length + findings: boundaries are sorted
 * once, and each segment knows which findings cover it through a sweep.
 */
export function highlightText(text: string, opts: HighlightOptions): string {
  const fs = opts.findings.filter((f) => f.span.start >= 0 && f.span.end <= text.length && f.span.end > f.span.start);
  const anchorAt = new Map<number, string[]>();
  const addAnchor = (s: number, e: number): void => {
    if (s < 0 || e > text.length || e < s) return;
    const id = spanAnchor(opts.articleId, s, e);
    const list = anchorAt.get(s) ?? [];
    if (!list.includes(id)) list.push(id);
    anchorAt.set(s, list);
  };
  for (const f of fs) addAnchor(f.span.start, f.span.end);
  for (const a of opts.anchors ?? []) addAnchor(a.start, a.end);

  const cuts = new Set<number>([0, text.length]);
  for (const f of fs) {
    cuts.add(f.span.start);
    cuts.add(f.span.end);
  }
  for (const s of anchorAt.keys()) cuts.add(s);
  const points = [...cuts].sort((a, b) => a - b);
  const starts = new Map<number, number[]>();
  const ends = new Map<number, number[]>();
  fs.forEach((f, i) => {
    (starts.get(f.span.start) ?? starts.set(f.span.start, []).get(f.span.start)!).push(i);
    (ends.get(f.span.end) ?? ends.set(f.span.end, []).get(f.span.end)!).push(i);
  });
  const active = new Set<number>();
  const out: string[] = [];
  for (let p = 0; p < points.length - 1; p++) {
    const a = points[p];
    const b = points[p + 1];
    for (const i of ends.get(a) ?? []) active.delete(i);
    for (const i of starts.get(a) ?? []) active.add(i);
    for (const id of anchorAt.get(a) ?? []) out.push(`<a class="anchor" id="${esc(id)}"></a>`);
    if (b <= a) continue;
    const seg = esc(text.slice(a, b)); // newlines kept: the container has white-space: pre-wrap
    if (!active.size) {
      out.push(seg);
      continue;
    }
    const covering = [...active].map((i) => fs[i]);
    const classes = [...new Set(covering.map(findingClass))].join(' ');
    const tip = covering
      .slice(0, 4)
      .map((f) => { const m = f.message ?? f.kind; return m.length > 90 ? `${m.slice(0, 89)}…` : m; })
      .join(' · ');
    out.push(`<span class="hl ${esc(classes)}" data-o="${a}" data-e="${b}" title="${esc(tip)}">${seg}</span>`);
  }
  return out.join('');
}

/** A language tag worth putting in a lang attribute (BCP 47 shape); anything else is dropped, never echoed. */
const LANG_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;

/**
 * The lang and dir attributes of an element that shows text from the corpus (article text, titles, labels,
 * quotes, evidence): dir="rtl" when the text's language is written right to left (src/core/lang isRtl), else
 * dir="auto", so the browser sets the direction from the text's first strong character and an Arabic quote in an
 * English table still reads right to left. Starts with a space: `<td${textDir(lang)}>`.
 */
export function textDir(language?: string | null): string {
  const lang = language && LANG_TAG.test(language) ? language : null;
  return `${lang ? ` lang="${esc(lang)}"` : ''} dir="${lang && isRtl(lang) ? 'rtl' : 'auto'}"`;
}

let names: Intl.DisplayNames | null | undefined;
/** "Persian" for "fa"; the code itself when ICU has no name for it. */
export function languageName(code: string | null | undefined): string {
  if (!code) return 'unknown';
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(['en'], { type: 'language' });
    } catch {
      names = null;
    }
  }
  try {
    return (LANG_TAG.test(code) && names?.of(code)) || code;
  } catch {
    return code;
  }
}

/** A small language badge: the code, with the language's English name as its tooltip. */
export function langTag(code: string | null | undefined): string {
  if (!code) return '';
  return `<span class="lang" title="${esc(languageName(code))}">${esc(code)}</span>`;
}

/** The note shown for an article whose language Parallax does not read (when its analysis carries none). */
export function notReadNote(code: string | null | undefined): string {
  return `${languageName(code)} (${code ?? 'unknown'}) is not among the languages Parallax reads (${READ_LANGUAGES.join(', ')}): the article is stored and listed, but its words are not analysed as ${languageName(code)}, so no finding in this report speaks for it.`;
}

export { isRead };
