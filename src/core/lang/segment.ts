/**
 * Sentence and word segmentation for any language through Intl.Segmenter (ICU, built into Node): the document
 * layer's reading of text that wink's English model does not cover. Offsets are UTF-16 indices into the text given.
 */

export interface Segment {
  start: number;
  end: number;
  text: string;
}

export interface WordSegment extends Segment {
  /** ICU's isWordLike: letters or digits, not punctuation or spaces. */
  wordLike: boolean;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(lang: string | null | undefined, granularity: 'sentence' | 'word'): Intl.Segmenter {
  const key = `${lang ?? 'und'}:${granularity}`;
  let s = segmenters.get(key);
  if (!s) {
    let locale: string | undefined = lang && lang !== 'und' ? lang : undefined;
    try {
      s = new Intl.Segmenter(locale, { granularity });
    } catch {
      locale = undefined; // a code ICU does not know: root rules
      s = new Intl.Segmenter(locale, { granularity });
    }
    segmenters.set(key, s);
  }
  return s;
}

/**
 * Intl.Segmenter gets slow on long strings (V8 20: words of a 140,000-character line took 11 s, sentences of a
 * 112,000-character text 3 s, both growing faster than the length), so a long text is segmented in pieces of
 * about CHUNK characters cut where the segmentation cannot change: for words after white space before a
 * non-space, non-mark character; for sentences also only after a sentence-final mark or a line break and before
 * a character that is not lower case. A piece with no such place is cut at the first one after it; a sentence
 * longer than 4 × CHUNK with no final mark is cut at a word boundary (the nlp layer cuts sentences at 4,000
 * characters anyway), and a run with no space at all at 4 × CHUNK, outside a surrogate pair.
 */
export const CHUNK = 2000;

const SPACE = /\s/u;
const NOT_START = /[\s\p{M}\u200c\u200d]/u;
const FINAL = /[.!?؟…。\n]/u;

function wordSafe(text: string, i: number): boolean {
  return SPACE.test(text[i - 1]!) && !NOT_START.test(text[i]!);
}

function sentenceSafe(text: string, i: number): boolean {
  if (!wordSafe(text, i) || /\p{Ll}/u.test(text[i]!)) return false;
  let j = i - 1;
  while (j > 0 && SPACE.test(text[j]!) && text[j] !== '\n') j--;
  return text[j] === '\n' || FINAL.test(text[j]!) || (j > 0 && /["'”’»)\]]/u.test(text[j]!) && FINAL.test(text[j - 1]!));
}

/** [start, end) pieces of `text`, cut at places where `safe` holds (see CHUNK). */
function pieces(text: string, ...rules: Array<(text: string, i: number) => boolean>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  while (text.length - start > CHUNK * 1.5) {
    let cut = -1;
    for (const safe of rules) {
      for (let i = start + CHUNK; i > start + CHUNK / 2 && cut < 0; i--) if (safe(text, i)) cut = i;
      for (let i = start + CHUNK + 1; i < text.length && i < start + 4 * CHUNK && cut < 0; i++) if (safe(text, i)) cut = i;
    }
    if (cut < 0) {
      cut = start + 4 * CHUNK;
      if (cut >= text.length) break;
      const c = text.charCodeAt(cut);
      if (c >= 0xdc00 && c <= 0xdfff) cut++;
    }
    out.push([start, cut]);
    start = cut;
  }
  out.push([start, text.length]);
  return out;
}

/** Sentences of `text`, trimmed of surrounding white space; empty ones are skipped. */
export function sentences(text: string, lang?: string | null): Segment[] {
  const out: Segment[] = [];
  for (const [from, to] of pieces(text, sentenceSafe, wordSafe)) sentencesOf(text, from, to, lang, out);
  return out;
}

function sentencesOf(whole: string, from: number, to: number, lang: string | null | undefined, out: Segment[]): void {
  const text = from === 0 && to === whole.length ? whole : whole.slice(from, to);
  for (const part of segmenter(lang, 'sentence').segment(text)) {
    let start = part.index;
    let end = part.index + part.segment.length;
    while (start < end && /\s/u.test(text[start]!)) start++;
    while (end > start && /\s/u.test(text[end - 1]!)) end--;
    if (end > start) out.push({ start: from + start, end: from + end, text: text.slice(start, end) });
  }
}

/** Words (and, with `all`, the punctuation and spaces between them) of `text`. */
export function words(text: string, lang?: string | null, all = false): WordSegment[] {
  const out: WordSegment[] = [];
  for (const [from, to] of pieces(text, wordSafe)) {
    const piece = from === 0 && to === text.length ? text : text.slice(from, to);
    for (const part of segmenter(lang, 'word').segment(piece)) {
      const wordLike = part.isWordLike === true;
      if (!all && !wordLike) continue;
      out.push({ start: from + part.index, end: from + part.index + part.segment.length, text: part.segment, wordLike });
    }
  }
  return out;
}

/** Scripts written right to left, for display (dir="rtl") decisions. */
export const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'ckb', 'ku', 'azb', 'dv', 'sd', 'ug']);

/** True when the language code names a right-to-left language. */
export function isRtl(lang: string | null | undefined): boolean {
  return !!lang && RTL_LANGUAGES.has(lang);
}
