// One article's reading for actor detection: its words, the lexicon (configured actors and states discovered in
// this article over the gazetteer), the word counts, the title-case lines and the candidates so far. Built once by
// readActors; the passes (chunks.ts for names and gazetteer matches, people.ts for people across the article,
// detect.ts for acronyms, match reports and the output) read it and add to `cands`.
import type { ActorKind, LabelType } from '../../core/finding.js';
import type { Token } from '../nlp/index.js';
import { gazetteer, type GazEntry, type Gazetteer } from './gazetteer.js';
import { buildWords, type Word } from './words.js';
import { compileExtra, layered, type CompiledExtra, type ExtraActor, type Lexicon } from './lexicon.js';
import { discover } from './discover.js';
import type { DetectOptions } from './detect.js';

/** "Vessanian-administered", "Russian-backed": adjectives, not names. */
const COMPOUND_ADJ = /-(?:administered|controlled|backed|led|based|held|occupied|owned|made|born|funded|run|supported|allied|aligned|friendly|style|speaking|language|era)$/i;
/** Lower-case words allowed inside a proper-name chunk when a capitalised word follows. */
export const CONNECTORS = new Set(['of', 'for', 'de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'van', 'von', 'der', 'den', 'ter', 'al', 'el', 'bin', 'ibn', 'bint', 'la', 'le', 'y', '&']);
/** Before a seat of government these make it a place ("visited Baku"), otherwise it stands for the state. */
export const METONYM_AS_PLACE = new Set(['in', 'at', 'to', 'into', 'near', 'outside', 'inside', 'around', 'across', 'throughout', 'visit', 'visits', 'visited', 'visiting', 'toured', 'arrived', 'reached', 'left', 'leave', 'leaving', 'via', 'of']);
const NOT_NAMES = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december i god allah internet web covid-19 covid today yesterday tomorrow tonight'.split(' '),
);
const NOT_NAME_POS = new Set(['DET', 'PRON', 'ADP', 'CCONJ', 'SCONJ', 'AUX', 'PART', 'PUNCT', 'SYM', 'INTJ', 'ADV', 'NUM', 'SPACE']);

/** A candidate mention: words [a, b) and what they name so far. */
export interface Cand {
  a: number; // first word
  b: number; // end word (exclusive)
  kind: ActorKind | 'unknown';
  actorId?: string;
  canonical?: string;
  labelType: LabelType;
  stateId?: string;
  roles?: string[];
  nameWords?: string[];
  via: string;
  titleA?: number;
  titleB?: number;
  /** The leading "the" is part of the span. */
  withThe?: boolean;
}

/** Every candidate is made here, so that all have one shape (fast property access in the passes). */
export function cand(
  a: number,
  b: number,
  kind: ActorKind | 'unknown',
  actorId: string | undefined,
  canonical: string | undefined,
  labelType: LabelType,
  stateId: string | undefined,
  via: string,
  withThe: boolean | undefined,
  nameWords?: string[],
  roles?: string[],
  titleA?: number,
  titleB?: number,
): Cand {
  return { a, b, kind, actorId, canonical, labelType, stateId, roles, nameWords, via, titleA, titleB, withThe };
}

/** The words a..b-1 as written, joined by single spaces. */
export function textOf(words: readonly Word[], a: number, b: number): string {
  if (b - a === 1) return words[a].text;
  let s = '';
  for (let k = a; k < b; k++) s = k === a ? words[k].text : `${s} ${words[k].text}`;
  return s;
}
/** The words a..b-1 in lower case, joined by single spaces. */
export function lowerOf(words: readonly Word[], a: number, b: number): string {
  if (b - a === 1) return words[a].lower;
  let s = '';
  for (let k = a; k < b; k++) s = k === a ? words[k].lower : `${s} ${words[k].lower}`;
  return s;
}
/** The words a..b-1 as written, one string each. */
export function textsOf(words: readonly Word[], a: number, b: number): string[] {
  const out = new Array<string>(b - a);
  for (let k = a; k < b; k++) out[k - a] = words[k].text;
  return out;
}

const COMMON_POS = new Set(['VERB', 'NOUN', 'ADJ', 'ADV', 'ADP', 'DET', 'AUX', 'PRON', 'SCONJ', 'CCONJ']);
const TWO_LETTERS = /^\p{L}{2,}/u;
/** TWO_LETTERS.test(s), with ASCII decided directly. */
function twoLettersFirst(s: string): boolean {
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  if (c0 < 128 && !((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return false;
  if (c0 < 128 && c1 < 128) return (c1 >= 65 && c1 <= 90) || (c1 >= 97 && c1 <= 122);
  return TWO_LETTERS.test(s);
}

/** How a gazetteer form word is written (bits): all capitals (two letters or more, "WHO"), capitalised first letter. */
const FORM_CAP = 1;
const FORM_UPPER = 2;
/** The case bits of a form word: upper = its letters (two or more) unchanged by toUpperCase, cap = first character changed by toLowerCase. */
function formBits(f: string): number {
  let letters = 0;
  let lower = false;
  for (let k = 0; k < f.length; k++) {
    const c = f.charCodeAt(k);
    if (c >= 128) return formBitsSlow(f);
    if (c >= 97 && c <= 122) {
      letters++;
      lower = true;
    } else if (c >= 65 && c <= 90) letters++;
  }
  const c0 = f.charCodeAt(0);
  return (letters >= 2 && !lower ? FORM_UPPER : 0) | (c0 >= 65 && c0 <= 90 ? FORM_CAP : 0);
}
/** formBits for a form with a non-ASCII character. */
function formBitsSlow(f: string): number {
  const fl = f.replace(/[^\p{L}]/gu, '');
  const upper = fl.length >= 2 && fl === fl.toUpperCase();
  const cap = f[0] !== f[0].toLowerCase();
  return (upper ? FORM_UPPER : 0) | (cap ? FORM_CAP : 0);
}

const baseLexCache = new WeakMap<CompiledExtra, { g: Gazetteer; lex: Lexicon }>();
/** The configured actors over the gazetteer: one lexicon per configured list (it holds no per-document state). */
function baseLexicon(extra: CompiledExtra, g: Gazetteer): Lexicon {
  const c = baseLexCache.get(extra);
  if (c && c.g === g) return c.lex;
  const lex = layered([extra.entries], g, new Set([extra.entries]));
  baseLexCache.set(extra, { g, lex });
  return lex;
}

const compiledCache = new WeakMap<readonly ExtraActor[], CompiledExtra>();
/** Compiles configured actors once per list (the analyzer calls this in create()). */
export function compiledExtra(extra: readonly ExtraActor[] | undefined): CompiledExtra {
  if (!extra || !extra.length) return EMPTY_EXTRA;
  let c = compiledCache.get(extra);
  if (!c) {
    c = compileExtra(extra);
    compiledCache.set(extra, c);
  }
  return c;
}
const EMPTY_EXTRA: CompiledExtra = { entries: new Map(), people: new Map() };

/** Everything the passes share for one article. */
export interface ActorReading {
  text: string;
  options: DetectOptions;
  g: Gazetteer;
  words: Word[];
  n: number;
  extra: CompiledExtra;
  /** The configured actors and the states discovered in this article over the gazetteer. */
  lex: Lexicon;
  /** Every word the article writes in lower case. */
  lowerSeen: Set<string>;
  /** How often each capitalised word occurs: a surname that recurs is evidence of a person. */
  capCount: Map<string, number>;
  /** Sentences written in title case (headlines): only gazetteer matches count there. */
  titleCase: Set<number>;
  cands: Cand[];
  /** Demonym/state words that may introduce a role reference ("the Israeli president"): word index -> state id. */
  stateModifiers: Map<number, string>;
  /** End (exclusive) of a multiword state label that may start a role reference ("the Zionist regime's prime minister"). */
  stateModEnd: Map<number, number>;
  /** isNameWord per word: 0 not computed, 1 yes, 2 no. */
  nameWordMemo: Int8Array;
  /** lex.hasFirst(words[i].lower) per word: 0 not computed, 1 yes, 2 no. */
  firstMemo: Int8Array;
}

/** Reads one article: its words, counts, lexicon (with the states discover() finds in it) and title-case lines. */
export function readActors(text: string, tokens: readonly Token[], options: DetectOptions): ActorReading {
  const g = gazetteer();
  const words = buildWords(tokens);
  const n = words.length;
  const extra = compiledExtra(options.extra);
  const baseLex = baseLexicon(extra, g);
  const lowerSeen = new Set<string>();
  const capCount = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const w = words[k];
    if (w.cap) capCount.set(w.text, (capCount.get(w.text) ?? 0) + 1);
    else lowerSeen.add(w.lower);
  }
  const docEntries = options.discover === false ? new Map<string, GazEntry>() : discover(words, g, baseLex, lowerSeen, capCount);
  const lex = docEntries.size ? layered([extra.entries, docEntries], g, new Set([extra.entries])) : baseLex;
  const r: ActorReading = {
    text,
    options,
    g,
    words,
    n,
    extra,
    lex,
    lowerSeen,
    capCount,
    titleCase: new Set<number>(),
    cands: [],
    stateModifiers: new Map<number, string>(),
    stateModEnd: new Map<number, number>(),
    nameWordMemo: new Int8Array(n),
    firstMemo: new Int8Array(n),
  };
  findTitleCase(r);
  return r;
}

/** Words i and j exist and are in one sentence. */
export function sameSentence(r: ActorReading, i: number, j: number): boolean {
  return i >= 0 && j < r.n && r.words[i].sentence === r.words[j].sentence;
}
/** The lower-case word before i in its sentence, or ''. */
export function prevLower(r: ActorReading, i: number): string {
  return i > 0 && sameSentence(r, i - 1, i) ? r.words[i - 1].lower : '';
}
/** Word i may be part of a proper name (memoised). */
export function isNameWord(r: ActorReading, i: number): boolean {
  const m = r.nameWordMemo[i];
  if (m !== 0) return m === 1;
  const res = isNameWordOf(r, i);
  r.nameWordMemo[i] = res ? 1 : 2;
  return res;
}
/** Some lexicon label starts with word i (memoised). */
export function hasFirstAt(r: ActorReading, i: number): boolean {
  const m = r.firstMemo[i];
  if (m !== 0) return m === 1;
  const res = r.lex.hasFirst(r.words[i].lower);
  r.firstMemo[i] = res ? 1 : 2;
  return res;
}
/** A capitalised word, not a weekday, month or compound adjective, and not a function word unless the lists know it. */
function isNameWordOf(r: ActorReading, i: number): boolean {
  const { g } = r;
  const w = r.words[i];
  if (!w.cap || NOT_NAMES.has(w.lower) || COMPOUND_ADJ.test(w.text)) return false;
  if (NOT_NAME_POS.has(w.pos) && !hasFirstAt(r, i) && !g.firstNames.has(w.text) && !g.honorifics.has(w.text)) return false;
  return /\p{L}/u.test(w.text);
}

/**
 * Title-case lines (headlines) make every word look like a name: only gazetteer matches count there.
 * Count only words that are not names (verbs, nouns, adjectives, function words): a sentence full of names
 * is not a headline, a headline capitalises its verbs and nouns too.
 */
function findTitleCase(r: ActorReading): void {
  const { words, n, titleCase } = r;
  // Per-sentence counts in arrays when sentences are small indices (as the nlp product gives them), else in a map.
  let maxS = -1;
  let indexed = true;
  for (let k = 0; k < n; k++) {
    const s = words[k].sentence;
    if (!(Number.isInteger(s) && s >= 0 && s < 1e6)) {
      indexed = false;
      break;
    }
    if (s > maxS) maxS = s;
  }
  const stats = new Map<number, [number, number]>();
  if (indexed) {
    // Capitalised words first; then lower-case ones only while the sentence can still reach the ratio: each
    // lower-case word that counts lowers caps / all, so once it is below 0.75 the rest cannot matter.
    const allA = new Int32Array(maxS + 1);
    const capsA = new Int32Array(maxS + 1);
    const lower: number[] = [];
    for (let k = 0; k < n; k++) {
      const w = words[k];
      if ((w.cap && !COMMON_POS.has(w.pos)) || !twoLettersFirst(w.text)) continue;
      if (!w.cap) {
        lower.push(k);
        continue;
      }
      if (titleExcluded(r, k)) continue;
      allA[w.sentence]++;
      capsA[w.sentence]++;
    }
    for (const k of lower) {
      const s = words[k].sentence;
      if (capsA[s] === 0 || capsA[s] / allA[s] < 0.75) continue; // decided: not a title-case line
      if (!titleExcluded(r, k)) allA[s]++;
    }
    for (let s = 0; s <= maxS; s++) if (allA[s] >= 3 && capsA[s] / allA[s] >= 0.75) titleCase.add(s);
  } else {
    for (let k = 0; k < n; k++) {
      const w = words[k];
      if ((w.cap && !COMMON_POS.has(w.pos)) || !twoLettersFirst(w.text)) continue;
      if (titleExcluded(r, k)) continue;
      const s = stats.get(w.sentence) ?? [0, 0];
      s[0]++;
      if (w.cap) s[1]++;
      stats.set(w.sentence, s);
    }
  }
  for (const [s, [all, caps]] of stats) if (all >= 3 && caps / all >= 0.75) titleCase.add(s);
}
/** Word k does not count for title case: a lexicon label starts with it, or it is a title word. */
function titleExcluded(r: ActorReading, k: number): boolean {
  if (hasFirstAt(r, k)) return true;
  // title words are stored capitalised (first letter changed by toLowerCase): an ASCII non-capital cannot be one
  const t = r.words[k].text;
  const c0 = t.charCodeAt(0);
  return (c0 >= 128 || (c0 >= 65 && c0 <= 90)) && (r.g.titleHeads.has(t) || r.g.titleModifiers.has(t));
}

/** The longest lexicon label starting at word i and ending by `limit`, within the sentence and agreeing in case. */
export function matchGaz(r: ActorReading, i: number, limit: number): { e: GazEntry; len: number } | null {
  if (!hasFirstAt(r, i)) return null;
  const { words, lex } = r;
  const max = Math.min(lex.maxWords, limit - i);
  let key = '';
  let best: { e: GazEntry; len: number } | null = null;
  for (let len = 1; len <= max; len++) {
    const w = words[i + len - 1];
    if (len > 1 && !sameSentence(r, i, i + len - 1)) break;
    if (len > 1 && !lex.hasPrefix(key)) break; // no longer label starts with these words
    key = len === 1 ? w.lower : `${key} ${w.lower}`;
    const e = lex.get(key);
    if (e && capsAgree(r, e, i)) best = { e, len };
  }
  return best;
}
/** The words from i are written as the entry's form requires: WHO vs Who, Turkey vs turkey. */
function capsAgree(r: ActorReading, e: GazEntry, i: number): boolean {
  for (let k = 0; k < e.form.length; k++) {
    const f = formBits(e.form[k]);
    const w = r.words[i + k];
    if ((f & FORM_UPPER) !== 0 && !w.upper) return false; // WHO vs Who
    if ((f & FORM_CAP) !== 0 && !w.cap) return false; // Turkey vs turkey
  }
  return true;
}

/** End (exclusive) of the proper-name chunk starting at word i: name words, and connectors before one. */
export function chunkEnd(r: ActorReading, i: number): number {
  const { words, n } = r;
  let j = i + 1;
  while (j < n && sameSentence(r, i, j)) {
    if (isNameWord(r, j)) j++;
    else if (CONNECTORS.has(words[j].lower) && !words[j].cap && j + 1 < n && sameSentence(r, j, j + 1) && isNameWord(r, j + 1)) j += 2;
    else break;
  }
  return j;
}

/** The "the" before words [a, b) belongs to the name (not when a lower-case noun or adjective follows it). */
export function withThe(r: ActorReading, a: number, b: number): boolean {
  if (prevLower(r, a) !== 'the') return false;
  const nx = b < r.n && sameSentence(r, a, b) ? r.words[b] : undefined;
  return !(nx && !nx.cap && (nx.pos === 'NOUN' || nx.pos === 'ADJ' || nx.pos === 'PROPN'));
}
