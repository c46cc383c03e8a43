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
