import { defineAnalyzer } from '../../core/pipeline.js';
import type { Span } from '../../core/span.js';
import { wink } from './wink.js';
import { findQuoteRegions, type QuoteRegion } from './quotes.js';

export { findQuoteRegions, quoteRegionAt, topLevel, type QuoteRegion } from './quotes.js';

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
 * Tokens and sentences from wink-nlp, mapped back to exact spans of the original string. wink's token values are
 * substrings of the input in order, so each is found with indexOf from a cursor: linear, and exact for any
 * script (wink's own offsets would be in its normalised stream). Sentences are also cut at line breaks, because
 * headlines and list items carry no final punctuation.
 */
export function analyseText(text: string): NlpResult {
  const nlp = wink();
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const winkSentenceOf = new Array<number>(values.length).fill(0);
  doc.sentences().each((s: any, k: number) => {
    const ts = s.tokens();
    const first = ts.itemAt(0).index();
    const len = ts.length();
    for (let t = first; t < first + len; t++) winkSentenceOf[t] = k;
  });

  const tokens: Token[] = [];
  const sentences: Span[] = [];
  let cursor = 0;
  let curWink = -1;
  let sentStart = -1;
  let sentEnd = -1;
  const flush = (): void => {
    if (sentStart >= 0) sentences.push({ start: sentStart, end: sentEnd });
    sentStart = -1;
  };
  for (let t = 0; t < values.length; t++) {
    const v = values[t];
    if (!v) continue;
    const at = text.indexOf(v, cursor);
    if (at < 0) continue; // defensive: a value wink normalised; skip rather than misplace
    const end = at + v.length;
    // A line break between tokens ends the sentence, whether wink saw it as a token or as preceding space.
    const prev = cursor;
    const gapBreak = at > prev && hasNewline(text, prev, at);
    cursor = end;
    if (isSpaceStart(v.charCodeAt(0)) && /^\s+$/.test(v)) {
      if (v.includes('\n')) flush();
      continue;
    }
    if (gapBreak || (winkSentenceOf[t] !== curWink && !afterAbbreviation(tokens, prev))) flush();
    curWink = winkSentenceOf[t];
    if (sentStart < 0) sentStart = at;
    sentEnd = end;
    tokens.push({ span: { start: at, end }, text: v, pos: pos[t], lower: v.toLowerCase(), sentence: sentences.length });
  }
  flush();
  const paragraphs = findParagraphs(text);
  return { sentences, tokens, paragraphs, quoteRegions: findQuoteRegions(text, paragraphs) };
}

export const nlpAnalyzer = defineAnalyzer({
  meta: {
    id: 'nlp',
    version: '1.0.0',
    description: 'Sentences, tokens with part of speech (wink-nlp), paragraphs and direct-quotation regions.',
    requires: [],
    provides: ['sentences', 'tokens', 'paragraphs', 'quote-regions'],
    messages: {},
  },
  create() {
    wink(); // load the model when the pipeline is built, not on the first article
    return (ctx) => {
      const r = analyseText(ctx.doc.text);
      ctx.provide('sentences', r.sentences);
      ctx.provide('tokens', r.tokens);
      ctx.provide('paragraphs', r.paragraphs);
      ctx.provide('quote-regions', r.quoteRegions);
    };
  },
});

export default nlpAnalyzer;
