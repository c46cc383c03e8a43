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

/** What a word is made of: `[\p{L}\p{M}\p{N}]+(?:[-\u2010\u2011'’][\p{L}\p{M}\p{N}]+)*`, scanned by hand below. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const UPPER_START = /^\p{Lu}/u;
/**
 * Classes of the UTF-16 code units, filled lazily: what the regexes above answer for one code unit (a lone surrogate
 * is in none of them). Bit 1 = known, 2 = word character, 4 = letter or number, 8 = upper-case letter.
 */
const CLASS = new Uint8Array(0x10000);
const KNOWN = 1;
const WORD = 2;
const LN = 4;
const UPPER = 8;

function classOf(unit: number): number {
  let c = CLASS[unit];
  if (c === 0) {
    const ch = String.fromCharCode(unit);
    c = KNOWN | (WORD_CHAR.test(ch) ? WORD : 0) | (LETTER_OR_NUMBER.test(ch) ? LN : 0) | (UPPER_START.test(ch) ? UPPER : 0);
    CLASS[unit] = c;
  }
  return c;
}

/** Length in code units (1 or 2) of the word character at i, or 0 when there is none. */
function wordCharAt(text: string, i: number, n: number): number {
  if (i >= n) return 0;
  const u = text.charCodeAt(i);
  if ((u & 0xfc00) === 0xd800 && i + 1 < n) {
    const v = text.charCodeAt(i + 1);
    if ((v & 0xfc00) === 0xdc00) return WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  return classOf(u) & WORD ? 1 : 0;
}

const isApostrophe = (u: number): boolean => u === 0x27 || u === 0x2019;
const isS = (u: number): boolean => u === 0x73 || u === 0x53;

export function segmentWords(text: string, sentences: Span[], tokens?: TokenLike[]): Word[] {
  // Part of speech of the first token (with one) at each start offset. The nlp tokens come in text order, so a
  // pointer walks them along with the words; in any other order a map does the same.
  const toks = tokens ?? [];
  const nt = toks.length;
  let inOrder = true;
  for (let k = 1; k < nt; k++) {
    if (toks[k].span.start < toks[k - 1].span.start) {
      inOrder = false;
      break;
    }
  }
  let posAt: Map<number, string> | undefined;
  if (!inOrder) {
    posAt = new Map<number, string>();
    for (const t of toks) if (t.pos && !posAt.has(t.span.start)) posAt.set(t.span.start, t.pos);
  }
  let ti = 0;
  const out: Word[] = [];
  let si = 0;
  const n = text.length;
  const lastSentence = sentences.length - 1;
  let i = 0;
  while (i < n) {
    const u0 = text.charCodeAt(i);
    if (u0 < 0xd800 && !(classOf(u0) & WORD)) {
      i++;
      continue;
    }
    if (!wordCharAt(text, i, n)) {
      // Not a word character: step over one code point, as the unicode regex did.
      i += (u0 & 0xfc00) === 0xd800 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      continue;
    }
    const start = i;
    // Runs of word characters joined by a hyphen or apostrophe, noting what the lower-case form will need.
    let flags = 0; // 1: an ASCII capital; 2: anything beyond ASCII
    let e = i;
    for (;;) {
      while (e < n) {
        const u = text.charCodeAt(e);
        if (u < 0x80) {
          if (!(classOf(u) & WORD)) break;
          if (u >= 0x41 && u <= 0x5a) flags |= 1;
          e++;
        } else {
          const len = wordCharAt(text, e, n);
          if (!len) break;
          flags |= 2;
          e += len;
        }
      }
      const sep = e < n ? text.charCodeAt(e) : -1;
      if (sep !== 0x2d && sep !== 0x2010 && sep !== 0x2011 && sep !== 0x27 && sep !== 0x2019) break;
      if (!wordCharAt(text, e + 1, n)) break;
      if (sep > 0x7f) flags |= 2;
      e++;
    }
    i = e;
    let end = e;
    let possessive = false;
    let possEnd = e;
    const len = e - start;
    const last = text.charCodeAt(e - 1);
    if (isS(last)) {
      if (len > 2 && isApostrophe(text.charCodeAt(e - 2))) {
        end = e - 2;
        possessive = true;
      } else if (e < n && isApostrophe(text.charCodeAt(e)) && !(e + 1 < n && classOf(text.charCodeAt(e + 1)) & LN)) {
        // Plural possessive "Zionists’ dishonesty" — but not a closing single quote after a quoted plural; the
        // quote-regions product decides voice anyway, so the cost of a wrong guess here is one possessor.
        possessive = true;
        possEnd += 1;
      }
    }
    const raw = text.slice(start, end);
    // Lower-case ASCII (letters, digits, hyphens, apostrophes) already is its lower-case form; other ASCII only needs
    // toLowerCase; the typographic apostrophe and dashes can only be in the rest.
    const lower = flags === 0 ? raw : flags === 1 ? raw.toLowerCase() : raw.toLowerCase().replace(/’/g, "'").replace(/[\u2010\u2011]/g, '-');
    const u = text.charCodeAt(start);
    const cap = u < 0x80 ? u >= 0x41 && u <= 0x5a : u < 0xd800 || u > 0xdfff ? (classOf(u) & UPPER) !== 0 : UPPER_START.test(raw);
    let pos: string | undefined;
    if (posAt) pos = posAt.get(start);
    else {
      while (ti < nt && toks[ti].span.start < start) ti++;
      for (let k = ti; k < nt && toks[k].span.start === start; k++) {
        const p = toks[k].pos;
        if (p) {
          pos = p;
          break;
        }
      }
    }
    while (si < lastSentence && sentences[si].end <= start) si++;
    out.push({ start, end, possEnd, text: raw, lower, possessive, pos, sentence: si, cap });
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
