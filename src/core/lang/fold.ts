/**
 * Per-script folding for matching, with a map back to the original offsets.
 *
 * Matching a name or an epithet in Persian, Arabic, Hebrew, Russian, Turkish or Azerbaijani text needs the spelling
 * variants of each script treated as one: Arabic/Persian ي/ی and ك/ک, alef forms, tatweel, harakat and the
 * zero-width non-joiner; Hebrew niqqud and cantillation; Cyrillic ё; Turkish/Azerbaijani dotted and dotless i. The
 * folded text is never shown and never stored: every match is mapped back with `toOriginal` so spans point into the
 * article's own text (right-to-left text is untouched there).
 */

/** The languages this module has rules for; any other code folds with the generic rules (lower case, marks). */
export const FOLDED_LANGUAGES = ['en', 'fa', 'ar', 'he', 'ru', 'tr', 'az'] as const;

export interface Folded {
  /** The folded text: lower-cased, script variants unified, ignorable marks removed. */
  text: string;
  /** map[i] is the index in the original text of folded character i; map[text.length] is the original length. */
  map: Int32Array;
}

// Arabic-script letters written differently in Arabic and Persian, folded to one form.
const ARABIC_LETTERS: Record<string, string> = {
  '\u064A': '\u06CC', // ARABIC YEH -> FARSI YEH
  '\u0649': '\u06CC', // ALEF MAKSURA -> FARSI YEH
  '\u06D2': '\u06CC', // YEH BARREE
  '\u0643': '\u06A9', // ARABIC KAF -> KEHEH
  '\u0623': '\u0627', // ALEF WITH HAMZA ABOVE
  '\u0625': '\u0627', // ALEF WITH HAMZA BELOW
  '\u0622': '\u0627', // ALEF WITH MADDA
  '\u0671': '\u0627', // ALEF WASLA
  '\u0629': '\u0647', // TEH MARBUTA -> HEH
  '\u06C0': '\u0647', // HEH WITH YEH ABOVE
  '\u06D5': '\u0647', // AE
  '\u0624': '\u0648', // WAW WITH HAMZA
  '\u0626': '\u06CC', // YEH WITH HAMZA
};

/** Characters dropped when folding: marks that do not change which word it is. */
function ignorable(code: number): boolean {
  return (
    code === 0x0640 || // ARABIC TATWEEL
    (code >= 0x064b && code <= 0x065f) || // Arabic harakat, shadda, sukun
    code === 0x0670 || // superscript alef
    (code >= 0x06d6 && code <= 0x06ed) || // Quranic marks
    (code >= 0x0591 && code <= 0x05c7 && code !== 0x05be && code !== 0x05c0 && code !== 0x05c3 && code !== 0x05c6) || // Hebrew niqqud, cantillation
    code === 0x200c || // ZERO WIDTH NON-JOINER
    code === 0x200d || // ZERO WIDTH JOINER
    code === 0x200e || // LEFT-TO-RIGHT MARK
    code === 0x200f || // RIGHT-TO-LEFT MARK
    code === 0x00ad || // SOFT HYPHEN
    (code >= 0x0300 && code <= 0x036f) // combining diacritics (after NFD of Latin/Cyrillic)
  );
}

/** Lower-cases one character the way the language does (Turkish/Azerbaijani İ→i, I→ı). */
function lower(ch: string, turkic: boolean): string {
  if (turkic) {
    if (ch === 'I') return 'ı';
    if (ch === 'İ') return 'i';
  }
  return ch.toLowerCase();
}

/**
 * Folds `text` for matching in `lang` (an ISO 639-1 code; null/unknown uses the generic rules). Latin and Cyrillic
 * letters lose their accents (é→e, ё→е, й stays й), so "Əliyev" and "Эльдар" match their plain spellings only where
 * the letters are really the same; ə is kept (it is a letter of its own in Azerbaijani).
 */
export function fold(text: string, lang?: string | null): Folded {
  const turkic = lang === 'tr' || lang === 'az';
  const out: string[] = [];
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // astral character: keep both halves as they are
      out.push(text[i]!, text[i + 1]!);
      map.push(i, i + 1);
      i++;
      continue;
    }
    if (ignorable(code)) continue;
    const ch = text[i]!;
    const arabic = ARABIC_LETTERS[ch];
    if (arabic !== undefined) {
      out.push(arabic);
      map.push(i);
      continue;
    }
    if (ch === 'й' || ch === 'Й') {
      out.push('й');
      map.push(i);
      continue;
    }
    const low = lower(ch, turkic);
    // NFD splits accented letters; keep the base letters, drop the combining marks (ё -> е, é -> e).
    const decomposed = low.normalize('NFD');
    for (const part of decomposed) {
      const c = part.charCodeAt(0);
      if (ignorable(c)) continue;
      out.push(part);
      map.push(i);
    }
  }
  map.push(text.length);
  return { text: out.join(''), map: Int32Array.from(map) };
}

/** Folds a term (a name, an epithet) for lookup: same rules, whitespace runs collapsed to one space. */
export function foldTerm(term: string, lang?: string | null): string {
  return fold(term.normalize('NFC'), lang).text.replace(/\s+/gu, ' ').trim();
}

/** The original [start, end) of folded [start, end). */
export function toOriginal(folded: Folded, start: number, end: number): { start: number; end: number } {
  const s = folded.map[Math.max(0, Math.min(start, folded.map.length - 1))]!;
  // the end maps to just past the last folded character's original position
  const last = end > start ? folded.map[Math.min(end - 1, folded.map.length - 1)]! + 1 : s;
  return { start: s, end: Math.max(s, last) };
}
