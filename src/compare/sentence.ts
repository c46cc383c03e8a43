import { sentences } from '../core/lang/index.js';
import type { Span } from '../core/span.js';

/**
 * What a reader is shown for a claim: the sentence the claim's span sits in, trimmed around the span when the
 * sentence is long, so a figure is always read in context ("the river's flow at the border has fallen by almost
 * 40 per cent, the Ministry … says") and never as a stub ("border (%)"). Pure; sentence bounds per text are
 * computed once (Intl.Segmenter via src/core/lang) and cached for the texts of one comparison.
 */

export interface SentenceRef {
  /** The sentence (or the part of it around the span, with "…" where it was cut). */
  text: string;
  /** Where that shown text sits in the article. */
  span: Span;
}

const cache = new WeakMap<object, Map<string, Span[]>>();

/** Sentence bounds of a text, cached per owner object (an article) so that one comparison segments each text once. */
function boundsOf(owner: object, text: string, lang: string | null | undefined): Span[] {
  let m = cache.get(owner);
  if (!m) cache.set(owner, (m = new Map()));
  const key = `${text.length}:${lang ?? ''}`;
  let b = m.get(key);
  if (!b) {
    b = sentences(text, lang).map((s) => ({ start: s.start, end: s.end }));
    m.set(key, b);
  }
  return b;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The sentence around `span` in `text`, at most `max` characters: a longer sentence is cut at word bounds around
 * the span, keeping the span whole. A span covering several sentences gives them all (cut the same way).
 */
export function sentenceAround(article: { text: string; language?: string | null }, span: Span, max = 260): SentenceRef | null {
  const text = article.text;
  if (!text || span.start < 0 || span.end > text.length || span.end < span.start) return null;
  const bounds = boundsOf(article, text, article.language);
  let start = span.start;
  let end = span.end;
  for (const b of bounds) {
    if (b.end <= span.start) continue;
    if (b.start >= Math.max(span.end, span.start + 1)) break;
    start = Math.min(start, b.start);
    end = Math.max(end, b.end);
  }
  // Headlines and list items have no full stop: stop at a line break as well.
  const nlBefore = text.lastIndexOf('\n', span.start - 1);
  if (nlBefore >= start) start = nlBefore + 1;
  const nlAfter = text.indexOf('\n', span.end);
  if (nlAfter >= 0 && nlAfter < end) end = nlAfter;
  if (end - start <= max) return { text: squash(text.slice(start, end)), span: trimSpan(text, start, end) };
  // Cut around the span: the room left split before and after it, at word bounds.
  const room = Math.max(0, max - (span.end - span.start));
  let a = Math.max(start, span.start - Math.floor(room / 2));
  let z = Math.min(end, span.end + (room - (span.start - a)));
  a = Math.max(start, Math.min(a, z - max));
  if (a > start) {
    const sp = text.indexOf(' ', a);
    if (sp >= 0 && sp < span.start) a = sp + 1;
  }
  if (z < end) {
    const sp = text.lastIndexOf(' ', z);
    if (sp > span.end) z = sp;
  }
  const shown = `${a > start ? '…' : ''}${squash(text.slice(a, z))}${z < end ? '…' : ''}`;
  return { text: shown, span: trimSpan(text, a, z) };
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** Where the lede ends: the end of the `n`-th sentence that starts at or after `from` (the title's end, if any). */
export function ledeEnd(article: { text: string; language?: string | null }, from: number, n: number): number {
  if (!article.text) return 0;
  const bounds = boundsOf(article, article.text, article.language);
  let seen = 0;
  for (const b of bounds) {
    if (b.start < from) continue;
    if (++seen === n) return b.end;
  }
  return article.text.length;
}
