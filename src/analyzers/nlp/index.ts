import { defineAnalyzer } from '../../core/pipeline.js';
import type { Span } from '../../core/span.js';
import { forgetClitics, lexemeMark, wink } from './wink.js';
import { findQuoteRegions, type QuoteRegion } from './quotes.js';
import { analyseIntl } from './intl.js';
import { isRead, primaryLanguage } from '../../core/lang/index.js';

export { findQuoteRegions, quoteRegionAt, topLevel, type QuoteRegion, type QuoteOptions } from './quotes.js';

/**
 * True when `lang` is read through Intl.Segmenter rather than wink's English model: a language Parallax reads
 * (READ_LANGUAGES) other than English. null, undefined and 'und' read as English.
 */
export function readsIntl(lang: string | null | undefined): boolean {
  const p = primaryLanguage(lang);
  return p !== '' && p !== 'en' && p !== 'und' && isRead(p);
}

/**
 * The document layer for `text` in `lang`: wink's English model for English (and unknown languages), Intl.Segmenter
 * sentences and words with part of speech 'X' for the other languages Parallax reads (see intl.ts).
 */
export function analyseDocument(text: string, lang?: string | null): NlpResult {
  if (readsIntl(lang)) return analyseIntl(text, primaryLanguage(lang), findParagraphs(text));
  return analyseText(text);
}

export interface Token {
  /** Exact UTF-16 span in the document text: text.slice(span) === token.text. */
  span: Span;
  text: string;
  /** Universal POS tag from wink ('PROPN', 'NOUN', 'VERB', 'PUNCT', 'X' for scripts the model doesn't know, ...). */
  pos: string;
  lower: string;
  /** Index into the 'sentences' product. */
  sentence: number;
}

/**
 * Paragraphs are non-blank lines: cleaned articles put one paragraph per line (blank lines between or not).
 * Hard-wrapped text would be split per line; the cleaner unwraps it before analysis.
 */
export function findParagraphs(text: string): Span[] {
  const out: Span[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = n;
    let s = i;
    let e = j;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
    i = j + 1;
  }
  return out;
}

/** Abbreviations and initials after which a period does not end a sentence. */
const ABBREV = /^(?:\p{Lu}\.|Mr|Mrs|Ms|Mx|Dr|Lt|Gen|Col|Maj|Capt|Cpt|Sgt|Cpl|Adm|Cmdr|Sen|Rep|Gov|Pres|Prof|Rev|Fr|St|Mt|Ft|Jr|Sr|No|Nos|Vol|Gov|Amb|Hon|Atty|Supt|Insp|Det|Mme|Messrs)\.$/u;

function hasNewline(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

/** False only for code units that cannot start a /\s/ match (every \s is <= U+0020, U+00A0 or >= U+1680). */
function isSpaceStart(c: number): boolean {
  return c <= 32 || c === 0xa0 || c >= 0x1680;
}

/**
 * wink ends a sentence after some abbreviations ("Lt. Gen. Michael Flynn", "Mr. King"): keep them together when
 * the last token is one and nothing (not even a space token) came between it and this token's gap.
 */
function afterAbbreviation(tokens: Token[], gapStart: number): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && last.span.end === gapStart && ABBREV.test(last.text);
}

export interface NlpResult {
  sentences: Span[];
  tokens: Token[];
  paragraphs: Span[];
  quoteRegions: QuoteRegion[];
}

/**
 * A run of non-space characters longer than this is one opaque token (pos 'X') that wink never sees: wink's
 * tokenizer runs regexes that are quadratic in a token's length (`/[a-z].*\.$/` in the model's abbreviation test,
 * an e-mail pattern on unknown tokens), so one 80,000-character token took 8.5 s and a random base64 blob of that
 * size 42 s. No word or URL in the development corpora (53,350 sentences) comes near: their longest run is 99.
 */
export const MAX_TOKEN_CHARS = 500;
/**
 * A sentence is cut after this many tokens or characters (at the last comma, semicolon, colon or dash in its
 * second half when there is one). Several analyzers weigh every token of a sentence for every target in it, so
 * their cost grows with the square of sentence length: text without sentence ends (100,000 characters, one
 * "sentence") took 14 s in stance alone. The longest sentence in the development corpora has 222 tokens and
 * 1,094 characters.
 */
export const MAX_SENTENCE_TOKENS = 400;
export const MAX_SENTENCE_CHARS = 4000;

/** The input wink reads: `text` with every over-long run replaced by a short placeholder, and how to map back. */
interface Masked {
  winkText: string;
  /** Per placeholder, in order: where it is in winkText and what it stands for in text. */
  runs: Array<{ wStart: number; wEnd: number; start: number; end: number }>;
}

/** Plain letters, so wink reads it as one ordinary token. */
const PLACEHOLDER = 'zzlongtokenzz';

/** Exactly /\s/ for one UTF-16 code unit. */
function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function maskLongRuns(text: string): Masked {
  const runs: Masked['runs'] = [];
  const parts: string[] = [];
  let last = 0;
  let shift = 0; // winkText offset - text offset, before the current position
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (isSpaceCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !isSpaceCode(text.charCodeAt(j))) j++;
    if (j - i > MAX_TOKEN_CHARS) {
      parts.push(text.slice(last, i), PLACEHOLDER);
      const wStart = i + shift;
      runs.push({ wStart, wEnd: wStart + PLACEHOLDER.length, start: i, end: j });
      shift += PLACEHOLDER.length - (j - i);
      last = j;
    }
    i = j;
  }
  if (!runs.length) return { winkText: text, runs };
  parts.push(text.slice(last));
  return { winkText: parts.join(''), runs };
}

/**
 * Tokens and sentences from wink-nlp, mapped back to exact spans of the original string. wink's token values are
 * substrings of the input in order, so each is found with indexOf from a cursor: linear, and exact for any
 * script (wink's own offsets would be in its normalised stream). Sentences are also cut at line breaks, because
 * headlines and list items carry no final punctuation, and after MAX_SENTENCE_TOKENS / MAX_SENTENCE_CHARS.
 * Runs of non-space characters longer than MAX_TOKEN_CHARS become single opaque tokens with pos 'X'.
 */
export function analyseText(text: string): NlpResult {
  const nlp = wink();
  const its = nlp.its;
  const { winkText, runs } = maskLongRuns(text);
  const mark = lexemeMark();
  const doc = nlp.readDoc(winkText);
  const values = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const winkSentenceOf = new Array<number>(values.length).fill(0);
  doc.sentences().each((s: { tokens(): { itemAt(i: number): { index(): number }; length(): number } }, k: number) => {
    const ts = s.tokens();
    const first = ts.itemAt(0).index();
    const len = ts.length();
    for (let t = first; t < first + len; t++) winkSentenceOf[t] = k;
  });
  forgetClitics(mark); // every document is read as by a fresh process (wink.ts)

  // winkText offset -> text offset. Tokens come in order, so one pointer into `runs` does (linear overall).
  let run = 0;
  let shift = 0; // text offset - winkText offset before runs[run]
  const toText = (w: number, isEnd: boolean): number => {
    while (run < runs.length && w >= runs[run].wEnd) {
      shift = runs[run].end - runs[run].wEnd;
      run++;
    }
    if (run < runs.length && w > runs[run].wStart) return isEnd ? runs[run].end : runs[run].start;
    if (run < runs.length && w === runs[run].wStart) return runs[run].start;
    return w + shift;
  };
  let orun = 0;
  const opaque = (start: number, end: number): boolean => {
    while (orun < runs.length && runs[orun].end <= start) orun++;
    return orun < runs.length && runs[orun].start < end;
  };

  const tokens: Token[] = [];
  const sentences: Span[] = [];
  let cursorW = 0;
  let cursor = 0;
  let curWink = -1;
  let sentStart = -1;
  let sentEnd = -1;
  let sentFirstToken = 0;
  const flush = (): void => {
    if (sentStart >= 0) sentences.push({ start: sentStart, end: sentEnd });
    sentStart = -1;
  };
  for (let t = 0; t < values.length; t++) {
    const v = values[t];
    if (!v) continue;
    const atW = winkText.indexOf(v, cursorW);
    if (atW < 0) continue; // defensive: a value wink normalised; skip rather than misplace
    cursorW = atW + v.length;
    const at = runs.length ? toText(atW, false) : atW;
    const end = runs.length ? toText(cursorW, true) : cursorW;
    // A line break between tokens ends the sentence, whether wink saw it as a token or as preceding space.
    const prev = cursor;
    const gapBreak = at > prev && hasNewline(text, prev, at);
    cursor = end;
    if (isSpaceStart(v.charCodeAt(0)) && /^\s+$/.test(v)) {
      if (v.includes('\n')) flush();
      continue;
    }
    if (gapBreak || (winkSentenceOf[t] !== curWink && !afterAbbreviation(tokens, prev))) flush();
    else if (sentStart >= 0 && (tokens.length - sentFirstToken >= MAX_SENTENCE_TOKENS || end - sentStart > MAX_SENTENCE_CHARS)) cutLongSentence();
    curWink = winkSentenceOf[t];
    if (sentStart < 0) {
      sentStart = at;
      sentFirstToken = tokens.length;
    }
    sentEnd = end;
    const long = runs.length > 0 && opaque(at, end);
    const tt = long ? text.slice(at, end) : v;
    const clitic = long ? null : POSSESSIVE.exec(tt);
    if (clitic) {
      // wink keeps "Velgrad's" whole before punctuation ("… is Velgrad's."), where it splits it anywhere else: split.
      const cut = end - clitic[2].length;
      tokens.push({ span: { start: at, end: cut }, text: clitic[1], pos: pos[t], lower: clitic[1].toLowerCase(), sentence: sentences.length });
      tokens.push({ span: { start: cut, end }, text: clitic[2], pos: 'PART', lower: clitic[2].toLowerCase(), sentence: sentences.length });
    } else {
      tokens.push({ span: { start: at, end }, text: tt, pos: long ? 'X' : pos[t], lower: tt.toLowerCase(), sentence: sentences.length });
    }
  }
  flush();
  const paragraphs = findParagraphs(text);
  return { sentences, tokens, paragraphs, quoteRegions: findQuoteRegions(text, paragraphs) };

  /** Ends the current over-long sentence at its last clause break in its second half, or right here. */
  function cutLongSentence(): void {
    const from = sentFirstToken;
    const half = from + Math.floor((tokens.length - from) / 2);
    let cut = tokens.length; // first token of the next sentence
    for (let k = tokens.length - 1; k > half; k--) {
      if (CLAUSE_BREAK.has(tokens[k].text)) {
        cut = k + 1;
        break;
      }
    }
    sentences.push({ start: sentStart, end: tokens[cut - 1].span.end });
    const next = sentences.length;
    for (let k = cut; k < tokens.length; k++) tokens[k].sentence = next;
    if (cut < tokens.length) {
      sentStart = tokens[cut].span.start;
      sentFirstToken = cut;
    } else {
      sentStart = -1;
    }
  }
}

const CLAUSE_BREAK = new Set([',', ';', ':', '—', '–', '-']);
/** A word and its possessive clitic in one token: "Velgrad's", "Karvenia’s". */
const POSSESSIVE = /^(.*\p{L})(['’][sS])$/u;

export const nlpAnalyzer = defineAnalyzer({
  meta: {
    id: 'nlp',
    version: '1.4.0',
    description: 'Sentences, tokens with part of speech (wink-nlp for English; Intl.Segmenter, part of speech unknown, for fa, ar, he, ru, tr, az), paragraphs and direct-quotation regions.',
    requires: [],
    provides: ['sentences', 'tokens', 'paragraphs', 'quote-regions'],
    messages: {},
  },
  create() {
    wink(); // load the model when the pipeline is built, not on the first article
    return (ctx) => {
      const r = analyseDocument(ctx.doc.text, ctx.doc.language);
      ctx.provide('sentences', r.sentences);
      ctx.provide('tokens', r.tokens);
      ctx.provide('paragraphs', r.paragraphs);
      ctx.provide('quote-regions', r.quoteRegions);
    };
  },
});

export default nlpAnalyzer;
