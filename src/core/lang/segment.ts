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

/** Sentences of `text`, trimmed of surrounding white space; empty ones are skipped. */
export function sentences(text: string, lang?: string | null): Segment[] {
  const out: Segment[] = [];
  for (const part of segmenter(lang, 'sentence').segment(text)) {
    let start = part.index;
    let end = part.index + part.segment.length;
    while (start < end && /\s/u.test(text[start]!)) start++;
    while (end > start && /\s/u.test(text[end - 1]!)) end--;
    if (end > start) out.push({ start, end, text: text.slice(start, end) });
  }
  return out;
}

/** Words (and, with `all`, the punctuation and spaces between them) of `text`. */
export function words(text: string, lang?: string | null, all = false): WordSegment[] {
  const out: WordSegment[] = [];
  for (const part of segmenter(lang, 'word').segment(text)) {
    const wordLike = part.isWordLike === true;
    if (!all && !wordLike) continue;
    out.push({ start: part.index, end: part.index + part.segment.length, text: part.segment, wordLike });
  }
  return out;
}

/** Scripts written right to left, for display (dir="rtl") decisions. */
export const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'ckb', 'ku', 'azb', 'dv', 'sd', 'ug']);

/** True when the language code names a right-to-left language. */
export function isRtl(lang: string | null | undefined): boolean {
  return !!lang && RTL_LANGUAGES.has(lang);
}
