export { fold, foldTerm, toOriginal, FOLDED_LANGUAGES, type Folded } from './fold.js';
export { sentences, words, isRtl, RTL_LANGUAGES, type Segment, type WordSegment } from './segment.js';

/**
 * The languages Parallax reads (analyses). An article in any other language is stored and listed with the
 * diagnostic `language-not-read`, never silently dropped. English runs the full analyzer set; the others run the
 * language-aware path (src/core/lang, per-language data) and say per analyzer what they do not cover.
 */
export const READ_LANGUAGES: readonly string[] = ['en', 'fa', 'ar', 'he', 'ru', 'tr', 'az'];

/** The primary language subtag of a BCP 47 tag, lower case ('EN-us' -> 'en', 'fa_IR' -> 'fa'); '' for none. */
export function primaryLanguage(lang: string | null | undefined): string {
  if (!lang) return '';
  const m = /^[A-Za-z]{2,3}(?=$|[-_])/.exec(lang.trim());
  return m ? m[0].toLowerCase() : lang.trim().toLowerCase();
}

/**
 * True when Parallax analyses text in `lang` (null/undefined/'und' counts as English, the default reading). A tag
 * with a region or script ('en-GB', 'FA-ir') is read when its primary language is.
 */
export function isRead(lang: string | null | undefined): boolean {
  if (!lang || lang === 'und') return true;
  const p = primaryLanguage(lang);
  return p === 'und' || READ_LANGUAGES.includes(p);
}
export { compileTermTable, findTerms, foldedWords, ruStems, type TermSpec, type TermMatch, type TermTable } from './terms.js';
export { quotations, type Quotation } from './quotation-marks.js';

/**
 * True when the English rules and word lists apply to text in `lang` (English, or no language known). The stance
 * model and the techniques' cue lexicons are English: on any other language they produce nothing and say so.
 */
export function isEnglishText(lang: string | null | undefined): boolean {
  return !lang || lang === 'und' || lang === 'en';
}
