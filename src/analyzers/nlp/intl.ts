import type { Span } from '../../core/span.js';
import { sentences as icuSentences, words as icuWords } from '../../core/lang/index.js';
import { findQuoteRegions } from './quotes.js';
import type { NlpResult, Token } from './index.js';

/**
 * The document layer for the languages Parallax reads that wink's English model does not cover (fa, ar, he, ru, tr,
 * az): sentences and words from Intl.Segmenter (ICU), in the shapes the English path gives.
 *
 * Part of speech is unknown here: words get 'X' (the Universal Dependencies tag for "other", which the English
 * path already gives to scripts and runs its model cannot read), digit runs 'NUM', punctuation 'PUNCT' and other
 * symbols 'SYM'. Downstream rules that look for VERB, NOUN or PROPN therefore do not fire on these tokens, which is
 * what keeps English part-of-speech rules from reading Persian or Russian text.
 */

/** Same limits as the English path (see index.ts): a sentence is cut after this many tokens or characters. */
const MAX_TOKENS = 400;
const MAX_CHARS = 4000;
const DIGITS = /^[\p{Nd}]+(?:[.,٫٬][\p{Nd}]+)*$/u;
const PUNCT = /^\p{P}+$/u;

function posOf(text: string, wordLike: boolean): string {
  if (DIGITS.test(text)) return 'NUM';
  if (wordLike) return 'X';
  return PUNCT.test(text) ? 'PUNCT' : 'SYM';
}

/**
 * Sentences and tokens of `text` in `lang` through Intl.Segmenter. Paragraphs (lines) are segmented one by one,
 * so a line break always ends a sentence (headlines carry no final stop); an over-long sentence is cut after
 * MAX_TOKENS tokens or MAX_CHARS characters, at the last token before the limit.
 */
export function analyseIntl(text: string, lang: string, paragraphs: Span[]): NlpResult {
  const sentences: Span[] = [];
  const tokens: Token[] = [];
  for (const para of paragraphs) {
    const line = text.slice(para.start, para.end);
    for (const s of icuSentences(line, lang)) {
      const base = para.start + s.start;
      let sentStart = -1;
      let sentEnd = -1;
      let count = 0;
      for (const w of icuWords(s.text, lang, true)) {
        if (!w.wordLike && /^\s+$/u.test(w.text)) continue;
        const start = base + w.start;
        const end = base + w.end;
        if (sentStart >= 0 && (count >= MAX_TOKENS || end - sentStart > MAX_CHARS)) {
          sentences.push({ start: sentStart, end: sentEnd });
          sentStart = -1;
          count = 0;
        }
        if (sentStart < 0) sentStart = start;
        sentEnd = end;
        count++;
        tokens.push({ span: { start, end }, text: w.text, pos: posOf(w.text, w.wordLike), lower: w.text.toLocaleLowerCase(lang), sentence: sentences.length });
      }
      if (sentStart >= 0) sentences.push({ start: sentStart, end: sentEnd });
    }
  }
  return { sentences, tokens, paragraphs, quoteRegions: findQuoteRegions(text, paragraphs, { extended: true }) };
}
