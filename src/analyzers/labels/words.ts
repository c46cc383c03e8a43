import type { Span } from '../../core/span.js';
import type { TokenLike } from './types.js';

/**
 * Words as this analyzer needs them: hyphenated compounds kept whole ("so-called", "Russian-backed"), a possessive
 * "'s"/"’s" (or the bare apostrophe of "Zionists’") folded into a flag instead of a token, so that a noun phrase
 * walker can see "Tehran's extremist regime" as possessor + modifier + head. Part of speech comes from the nlp
 * analyzer's tokens when they are given (matched by start offset), and is absent otherwise.
 */
export interface Word {
  start: number;
  end: number;
  /** End including a possessive marker, when there is one. */
  possEnd: number;
  text: string;
  lower: string;
  possessive: boolean;
  pos?: string;
  sentence: number;
  /** First letter upper case. */
  cap: boolean;
}

const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:[-\u2010\u2011'’][\p{L}\p{M}\p{N}]+)*/gu;

export function segmentWords(text: string, sentences: Span[], tokens?: TokenLike[]): Word[] {
  const posAt = new Map<number, string>();
  for (const t of tokens ?? []) if (t.pos && !posAt.has(t.span.start)) posAt.set(t.span.start, t.pos);
  const out: Word[] = [];
  let si = 0;
  for (const m of text.matchAll(WORD_RE)) {
    let start = m.index!;
    let raw = m[0];
    let possessive = false;
    let possEnd = start + raw.length;
    const poss = /['’]s$/i.exec(raw);
    if (poss && raw.length > 2) {
      raw = raw.slice(0, -2);
      possessive = true;
    } else if (/s$/i.test(raw) && /['’]/.test(text[possEnd] ?? '') && !/[\p{L}\p{N}]/u.test(text[possEnd + 1] ?? '')) {
      // Plural possessive "Zionists’ dishonesty" — but not a closing single quote after a quoted plural; the
      // quote-regions product decides voice anyway, so the cost of a wrong guess here is one possessor.
      possessive = true;
      possEnd += 1;
    }
    const end = start + raw.length;
    while (si < sentences.length - 1 && sentences[si].end <= start) si++;
    out.push({
      start,
      end,
      possEnd,
      text: raw,
      lower: raw.toLowerCase().replace(/’/g, "'").replace(/[\u2010\u2011]/g, '-'),
      possessive,
      pos: posAt.get(start),
      sentence: si,
      cap: /^\p{Lu}/u.test(raw),
    });
  }
  return out;
}

/**
 * Fallback sentence splitter for when the nlp analyzer's sentences are not given: ends at . ! ? followed by space
 * and a capital/quote/digit, and at blank lines. Good enough for fixtures; the pipeline passes real sentences.
 */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const re = /[.!?]+["”’)]*\s+(?=["“‘(\p{Lu}\p{N}])|\n\s*\n/gu;
  for (const m of text.matchAll(re)) {
    const end = m.index! + m[0].trimEnd().length;
    if (end > start) out.push({ start, end });
    start = m.index! + m[0].length;
  }
  if (start < text.length && text.slice(start).trim()) out.push({ start, end: text.length });
  return out;
}

/** Index of the sentence containing offset (binary search); -1 if none. */
export function sentenceOf(sentences: Span[], offset: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return Math.max(0, hi);
}
