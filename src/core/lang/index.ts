export { fold, foldTerm, toOriginal, FOLDED_LANGUAGES, type Folded } from './fold.js';
export { sentences, words, isRtl, RTL_LANGUAGES, type Segment, type WordSegment } from './segment.js';

/**
 * The languages Parallax reads (analyses). An article in any other language is stored and listed with the
 * diagnostic `language-not-read`, never silently dropped. English runs the full analyzer set; the others run the
 * language-aware path (src/core/lang, per-language data) and say per analyzer what they do not cover.
 */
export const READ_LANGUAGES: readonly string[] = ['en', 'fa', 'ar', 'he', 'ru', 'tr', 'az'];

/** True when Parallax analyses text in `lang` (null/undefined/'und' counts as English, the default reading). */
export function isRead(lang: string | null | undefined): boolean {
  return !lang || lang === 'und' || READ_LANGUAGES.includes(lang);
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
