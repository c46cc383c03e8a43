import type { Token } from '../nlp/index.js';
import { normWord } from './gazetteer.js';

/** A word: tokens joined by hyphens or inner dots without spaces ("al-Sharaa", "Nagorno-Karabakh", "Caliber.Az"). */
export interface Word {
  start: number;
  end: number;
  text: string;
  lower: string;
  cap: boolean;
  upper: boolean;
  pos: string;
  sentence: number;
}

const ARTICLE_PREFIX = /^(al|el|ad|as|ash|at|az|an|ar|ibn|bin|abu|bint|ben|d|o)[-'’]\p{Lu}/u;
const LN_START = /^[\p{L}\p{N}]/u;
const LN_END = /[\p{L}\p{N}]$/u;
const LM_START = /^[\p{L}\p{M}]/u;
const LM_END = /[\p{L}\p{M}]$/u;
const NT = /^n['’]t$/i;
const NON_LETTERS = /[^\p{L}]/gu;

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;

// The checks below answer exactly as the regular expressions next to them; ASCII characters are decided without them.
function startsLetterOrDigit(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return isAsciiLetter(c) || isAsciiDigit(c);
  return LN_START.test(s);
}
function endsLetterOrDigit(s: string): boolean {
  const c = s.charCodeAt(s.length - 1);
  if (c < 128) return isAsciiLetter(c) || isAsciiDigit(c);
  return LN_END.test(s);
}
function startsLetterOrMark(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return isAsciiLetter(c);
  return LM_START.test(s);
}
function endsLetterOrMark(s: string): boolean {
  const c = s.charCodeAt(s.length - 1);
  if (c < 128) return isAsciiLetter(c);
  return LM_END.test(s);
}

/** First character upper case (c !== lower(c) && c === upper(c)) or an Arabic/Irish article before a capital. */
function isCap(text: string): boolean {
  const c0 = text.charCodeAt(0);
  if (c0 >= 65 && c0 <= 90) return true;
  if (c0 >= 128 || text.length === 0) {
    const c = text[0];
    if (c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase()) return true;
  }
  // ARTICLE_PREFIX needs one of a, b, d, e, i, o first and a hyphen or apostrophe at index 1 to 4
  if (c0 !== 97 && c0 !== 98 && c0 !== 100 && c0 !== 101 && c0 !== 105 && c0 !== 111) return false;
  let sep = false;
  for (let k = 1; k <= 4 && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 45 || c === 39 || c === 0x2019) {
      sep = true;
      break;
    }
  }
  return sep && ARTICLE_PREFIX.test(text);
}

/** At least two letters, all of them upper case (letters === upper(letters) && letters !== lower(letters)). */
function isUpper(text: string): boolean {
  let count = 0;
  let hasUpper = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 128) return isUpperSlow(text);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) {
      count++;
      hasUpper = true;
    }
  }
  return count >= 2 && hasUpper;
}
function isUpperSlow(text: string): boolean {
  const letters = text.replace(NON_LETTERS, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** Apostrophes that are letters (\p{Lm}) and so would join the word before them. */
const LETTER_APOSTROPHE = /^[\u02bc\u02b9\u02bb\u02bd]$/;
/** Tokens k, k+1 are a letter apostrophe and a final "s" touching each other: a possessive ending, not part of the name. */
function isPossessive(tokens: readonly Token[], k: number, nt: number): boolean {
  if (k + 1 >= nt || !LETTER_APOSTROPHE.test(tokens[k].text)) return false;
  const s = tokens[k + 1];
  if (s.span.start !== tokens[k].span.end || (s.text !== 's' && s.text !== 'S')) return false;
  const after = k + 2 < nt ? tokens[k + 2] : undefined;
  return !after || after.span.start !== s.span.end || !startsLetterOrMark(after.text);
}

export function buildWords(tokens: readonly Token[]): Word[] {
  const out: Word[] = [];
  const nt = tokens.length;
  for (let i = 0; i < nt; i++) {
    const t = tokens[i];
    let end = t.span.end;
    let text = t.text;
    let pos = t.pos;
    let k = i;
    // join "-" / "." glue when both neighbours touch (no space): al-Sharaa, Ka-ki, Caliber.Az
    while (k + 2 < nt) {
      const g1 = tokens[k + 1];
      if (g1.text !== '-' && g1.text !== '.') break;
      const g2 = tokens[k + 2];
      if (g1.span.start !== end || g2.span.start !== g1.span.end || g1.sentence !== t.sentence || !startsLetterOrDigit(g2.text) || !endsLetterOrDigit(text)) break;
      text += g1.text + g2.text;
      end = g2.span.end;
      if (g2.pos === 'PROPN') pos = 'PROPN';
      k += 2;
    }
    // wink splits some words at non-ASCII letters ("Çavu" + "şoğlu"): rejoin touching letter runs.
    while (k + 1 < nt) {
      const nx = tokens[k + 1];
      if (nx.span.start !== end || nx.sentence !== t.sentence || !endsLetterOrMark(text) || !startsLetterOrMark(nx.text) || NT.test(nx.text)) break;
      if (isPossessive(tokens, k + 1, nt)) break; // "Obamaʼs" (modifier-letter apostrophe): the name ends before it
      text += nx.text;
      end = nx.span.end;
      if (nx.pos === 'PROPN') pos = 'PROPN';
      k++;
    }
    const lower = k === i && typeof t.lower === 'string' ? (t.lower.indexOf('’') < 0 ? t.lower : normWord(text)) : normWord(text);
    i = k;
    out.push({
      start: t.span.start,
      end,
      text,
      lower,
      cap: isCap(text),
      upper: isUpper(text),
      pos,
      sentence: t.sentence,
    });
  }
  return out;
}
