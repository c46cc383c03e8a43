/**
 * Actor mentions in Persian, Arabic, Hebrew, Russian, Turkish and Azerbaijani text: the same actor ids as the
 * English path (state:IR, person:ilham-aliyev, org:nato, place:gaza) from the multilingual lexicon (lexicon.ts),
 * and names no lexicon holds found by the patterns each script allows (see discover.ts).
 *
 * Matching runs on the folded text (src/core/lang fold: ي/ی, ك/ک, alef forms, tatweel, harakat, ZWNJ, niqqud, ё,
 * dotted/dotless i) and maps every span back to the original text with toOriginal. Per language a word may carry:
 * Hebrew clitic prefixes (ו ה ב ל מ ש כ and their combinations) and Arabic ones (و ف ب ل ك and the article), which
 * stay outside the span; Persian plural and ezafe endings (ها، های، ی after ا/و) and Azerbaijani case suffixes,
 * outside the span; a Turkish/Azerbaijani suffix after an apostrophe (Türkiye'nin), outside the span; Russian case
 * endings, matched on stems (России, Путиным), inside the span (the word as written).
 */
import type { Span } from '../../../core/span.js';
import { fold, toOriginal, foldTerm } from '../../../core/lang/index.js';
import type { QuoteRegion } from '../../nlp/index.js';
import { quoteRegionAt } from '../../nlp/quotes.js';
import { kebab } from '../gazetteer.js';
import type { ActorMention } from '../detect.js';
import { heKey, mlLexicon, mlLexiconWith, ruCaseStem, ruStem, type MlEntry, type MlLang, type MlLexicon } from './lexicon.js';
import type { GazEntry } from '../gazetteer.js';
import { discoverNames } from './discover.js';

/** A word of the folded text, with its place in the original. */
export interface MlWord {
  /** Folded offsets. */
  fs: number;
  fe: number;
  /** Original offsets of the whole word. */
  start: number;
  end: number;
  /** Folded word; for Turkish/Azerbaijani the part before an apostrophe. */
  key: string;
  /** Folded text after an apostrophe (Turkish/Azerbaijani proper-name suffix), '' when none. */
  apostrophe: string;
  /** The word as written. */
  text: string;
  /** Cased scripts: 1 starts with a capital, 2 all capitals (two letters or more), 0 otherwise. */
  cap: number;
  sentence: number;
  /** First word of its sentence. */
  initial: boolean;
}

/** One way to read a word: a key and the folded sub-range [s, e) of the word it covers. */
export interface Reading {
  key: string;
  s: number;
  e: number;
}

/** A mention before it becomes an ActorMention: word range and the span in the original text. */
export interface MlCand {
  a: number;
  b: number;
  span: Span;
  entry?: MlEntry;
  kind: ActorMention['actorKind'];
  actorId: string;
  canonical: string;
  labelType: ActorMention['labelType'];
  stateId?: string;
  via: string;
  titleSpan?: Span;
  /** Prefix read off the first word (Hebrew/Arabic), for the place-or-state decision. */
  prefix?: string;
}

const CLITIC_SPAN = new Set<MlLang>(['he', 'ar']);
const WORD = /[\p{L}\p{M}\p{N}]+(?:[-'’׳״".&][\p{L}\p{M}\p{N}]+)*/gu;
const APOSTROPHE = /['’]/u;

function capOf(w: string, lang: MlLang): number {
  if (lang !== 'ru' && lang !== 'tr' && lang !== 'az') return 0;
  const letters = w.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && letters === letters.toLocaleUpperCase(lang) && letters !== letters.toLocaleLowerCase(lang)) return 2;
  const c = letters[0];
  return c !== undefined && c !== c.toLocaleLowerCase(lang) ? 1 : 0;
}

/** Words of the text with folded keys and original spans; sentence numbers from the sentence spans. */
export function mlWords(text: string, lang: MlLang, sentences: readonly Span[]): { words: MlWord[]; folded: ReturnType<typeof fold> } {
  const folded = fold(text, lang);
  const words: MlWord[] = [];
  let si = 0;
  let lastSentence = -1;
  for (const m of folded.text.matchAll(WORD)) {
    const fs = m.index;
    const fe = fs + m[0].length;
    const { start, end } = toOriginal(folded, fs, fe);
    while (si < sentences.length && sentences[si].end <= start) si++;
    let key = lang === 'he' ? heKey(m[0]) : m[0];
    let apostrophe = '';
    if (lang === 'tr' || lang === 'az') {
      const k = key.search(APOSTROPHE);
      if (k > 0) {
        apostrophe = key.slice(k + 1);
        key = key.slice(0, k);
      }
    }
    const raw = text.slice(start, end);
    const k = apostrophe ? raw.search(APOSTROPHE) : -1;
    // the first word of a sentence, and of a quotation or a clause after a colon, is capitalised whatever it is
    const before = text.slice(Math.max(0, start - 3), start).trimEnd();
    const initial = si !== lastSentence || /[«“„"‹‘'(:—–]$/u.test(before);
    words.push({ fs, fe, start, end, key, apostrophe, text: raw, cap: capOf(k > 0 ? raw.slice(0, k) : raw, lang), sentence: si, initial });
    lastSentence = si;
  }
  return { words, folded };
}

/** The readings of word `w`: as it is, without a clitic prefix (first word of a name), without a suffix (last word). */
export function readings(w: MlWord, lex: MlLexicon, first: boolean, last: boolean): Reading[] {
  const key = w.key;
  const out: Reading[] = [{ key, s: 0, e: key.length }];
  if (lex.lang === 'ru') {
    if (w.cap === 2) return out;
    for (const suf of lex.suffixes) if (key.endsWith(suf) && key.length - suf.length >= 3) out.push({ key: key.slice(0, -suf.length), s: 0, e: key.length });
    return out;
  }
  if (first && lex.prefixes.length) {
    for (const p of lex.prefixes) if (key.startsWith(p) && key.length - p.length >= 2) out.push({ key: key.slice(p.length), s: p.length, e: key.length });
  }
  if (last && (lex.lang === 'fa' || lex.lang === 'az')) {
    for (const suf of lex.suffixes) if (key.endsWith(suf) && key.length - suf.length >= 2) out.push({ key: key.slice(0, -suf.length), s: 0, e: key.length - suf.length });
    if (lex.lang === 'fa' && key.length > 3 && key.endsWith('ی') && /[او]$/u.test(key.slice(0, -1))) out.push({ key: key.slice(0, -1), s: 0, e: key.length - 1 }); // ezafe: آمریکای
  }
  return out;
}

function capsOk(e: MlEntry, k: number, w: MlWord): boolean {
  const need = e.caps[k];
  return need === 0 || (need === 1 ? w.cap >= 1 : w.cap === 2);
}

/** Joined only by spaces (no punctuation between): words a and b may be parts of one name. */
export function joined(text: string, a: MlWord, b: MlWord): boolean {
  if (b.start - a.end > 3) return false;
  for (let i = a.end; i < b.start; i++) if (!/[\s\u200c\u200f\u200e-]/u.test(text[i])) return false;
  return true;
}

/** The longest lexicon name starting at word i, or null. */
function matchAt(text: string, words: readonly MlWord[], i: number, lex: MlLexicon): { entry: MlEntry; n: number; r: Reading; lastR: Reading } | null {
  let best: { entry: MlEntry; n: number; r: Reading; lastR: Reading } | null = null;
  for (const r of readings(words[i], lex, true, true)) {
    const entries = lex.byFirst.get(r.key);
    if (!entries) continue;
    for (const e of entries) {
      const n = e.keys.length;
      if (best && n <= best.n) break;
      if (i + n > words.length || !capsOk(e, 0, words[i]) || (!e.bare[0] && r.key === words[i].key)) continue;
      if (n > 1 && lex.lang !== 'ru' && r.e !== words[i].key.length) continue; // a suffix only on the last word
      let lastR: Reading | null = n === 1 ? r : null;
      for (let k = 1; k < n; k++) {
        const w = words[i + k];
        if (!joined(text, words[i + k - 1], w) || !capsOk(e, k, w)) {
          lastR = null;
          break;
        }
        const rk = readings(w, lex, false, k === n - 1).find((x) => x.key === e.keys[k] && (e.bare[k] || x.key !== w.key));
        if (!rk || (k < n - 1 && lex.lang !== 'ru' && rk.e !== w.key.length)) {
          lastR = null;
          break;
        }
        if (k === n - 1) lastR = rk;
      }
      if (lastR) best = { entry: e, n, r, lastR };
    }
  }
  return best;
}

/** Original span of words i..i+n-1 read as r (first) and lastR (last). */
function spanOf(folded: ReturnType<typeof fold>, words: readonly MlWord[], i: number, n: number, r: Reading, lastR: Reading, lang: MlLang): Span {
  const first = words[i];
  const last = words[i + n - 1];
  if (lang === 'ru') return { start: first.start, end: last.end };
  return toOriginal(folded, first.fs + r.s, last.fs + lastR.e);
}

/**
 * Lexicon matches, left to right, longest first; demonyms only beside an actor noun. A demonym that is not an actor
 * ("الرئيس الإيراني") is still known not to be a name: its words go to `blocked`.
 */
function lexiconMatches(text: string, words: readonly MlWord[], folded: ReturnType<typeof fold>, lex: MlLexicon, blocked: Set<number>): MlCand[] {
  const out: MlCand[] = [];
  for (let i = 0; i < words.length; ) {
    const m = matchAt(text, words, i, lex);
    if (!m) {
      i++;
      continue;
    }
    const e = m.entry;
    const span = spanOf(folded, words, i, m.n, m.r, m.lastR, lex.lang);
    const prefix = m.r.s > 0 ? words[i].key.slice(0, m.r.s) : undefined;
    if (e.role === 'demonym' && !besideActorNoun(text, words, i, m.n, lex)) {
      for (let k = i; k < i + m.n; k++) blocked.add(k);
      i += m.n;
      continue;
    }
    out.push({ a: i, b: i + m.n, span, entry: e, kind: e.actorKind, actorId: e.actorId, canonical: e.canonical, labelType: e.labelType, stateId: e.stateId, via: 'ml-gazetteer', prefix });
    i += m.n;
  }
  return out;
}

function nounKeys(w: MlWord, lex: MlLexicon): string[] {
  return readings(w, lex, true, true).map((r) => (lex.lang === 'ru' ? ruStem(r.key) : r.key));
}

/** A demonym is an actor beside a noun such as government, army, officials (after it in fa/ar/he, before it in ru). */
function besideActorNoun(text: string, words: readonly MlWord[], i: number, n: number, lex: MlLexicon): boolean {
  const nouns = lex.lang === 'ru' ? new Set([...lex.demonymNouns].map(ruStem)) : lex.demonymNouns;
  if (lex.lang === 'ru') {
    const next = words[i + n];
    return !!next && joined(text, words[i + n - 1], next) && nounKeys(next, lex).some((k) => nouns.has(k));
  }
  const prev = words[i - 1];
  return !!prev && joined(text, prev, words[i]) && nounKeys(prev, lex).some((k) => nouns.has(k));
}

/** Seats of government are places after a locative (در، في، в, Hebrew ב/ל/מ, Turkish 'da/'dan), the state otherwise. */
function resolveMetonyms(words: readonly MlWord[], cands: MlCand[], lex: MlLexicon): void {
  for (const c of cands) {
    const e = c.entry;
    if (!e || e.role !== 'metonym' || !e.placeId) continue;
    const prev = words[c.a - 1];
    const w = words[c.b - 1];
    let locative = false;
    if (c.prefix && lex.locatives.has(c.prefix)) locative = true;
    else if (prev && readings(prev, lex, true, false).some((r) => lex.locatives.has(r.key))) locative = true;
    else if ((lex.lang === 'tr' || lex.lang === 'az') && (lex.locatives.has(w.apostrophe) || lex.locatives.has(w.key.slice(e.keys[e.keys.length - 1].length)))) locative = true;
    if (lex.lang === 'ru' && prev && !lex.locatives.has(prev.key)) locative = false;
    if (locative) {
      c.kind = 'place';
      c.actorId = e.placeId;
      c.canonical = e.placeCanonical ?? c.canonical;
      c.labelType = 'name';
    }
  }
}

/** A surname alone is the person whose full name the article uses, when several people share it. */
function resolveSurnames(cands: MlCand[]): void {
  const full = new Map<string, MlCand>();
  for (const c of cands) if (c.entry?.role === 'actor' && c.kind === 'person') full.set(c.entry.keys[c.entry.keys.length - 1], c);
  for (const c of cands) {
    if (c.entry?.role !== 'surname') continue;
    const f = full.get(c.entry.keys[0]);
    if (f) {
      c.actorId = f.actorId;
      c.canonical = f.canonical;
      c.stateId = f.stateId;
    }
  }
}

/**
 * Actor mentions in `text` written in `lang` (one of fa, ar, he, ru, tr, az). `sentences` are the nlp product's
 * spans (for sentence-initial capitals); `quoteRegions` decide inQuote; `extra` are the configured actors'
 * entries (compileExtra(...).entries), matched before the built-in lexicon.
 */
export function detectActorsMl(text: string, lang: MlLang, sentences: readonly Span[], quoteRegions: readonly QuoteRegion[], places = true, extra?: Map<string, GazEntry>): ActorMention[] {
  const lex = extra && extra.size ? mlLexiconWith(lang, extra) : mlLexicon(lang);
  const { words, folded } = mlWords(text, lang, sentences);
  const blocked = new Set<number>();
  const cands = lexiconMatches(text, words, folded, lex, blocked);
  resolveMetonyms(words, cands, lex);
  resolveSurnames(cands);
  const all = discoverNames(text, words, cands, lex, blocked);
  const out: ActorMention[] = [];
  for (const c of all) {
    if (!places && c.kind === 'place') continue;
    const label = text.slice(c.span.start, c.span.end);
    // Hebrew and Arabic write clitics (ו ה ב ל, و ب ل and the article) as part of the word: the mention's span is the
    // word as written ("בירושלים", "لإسرائيل"), its label the name inside it ("ירושלים", "إسرائيل")
    const span = CLITIC_SPAN.has(lang) && words[c.a].start < c.span.start && words[c.a].end >= c.span.start ? { start: words[c.a].start, end: c.span.end } : c.span;
    const m: ActorMention = {
      span,
      actorId: c.actorId,
      actorKind: c.kind,
      canonical: c.canonical,
      label,
      // Russian and Azerbaijani names inflect inside the span: every form of a listed name has the listed form
      labelNormalized: c.entry && (lang === 'ru' || lang === 'az') ? c.entry.form : foldTerm(label, lang),
      labelType: c.labelType,
      inQuote: quoteRegionAt(quoteRegions, c.span) !== null,
      via: c.via,
    };
    if (c.stateId) m.stateId = c.stateId;
    if (c.titleSpan) m.titleSpan = c.titleSpan;
    out.push(m);
  }
  return out;
}

/** Id of a name no lexicon holds: kind plus the folded name (Russian: the stems, so cases are one actor). */
export function discoveredId(kind: ActorMention['actorKind'], words: readonly MlWord[], a: number, b: number, lang: MlLang): string {
  const parts: string[] = [];
  for (let k = a; k < b; k++) parts.push(lang === 'ru' ? ruCaseStem(words[k].key) : words[k].key);
  const prefix = kind === 'organisation' ? 'org' : kind;
  return `${prefix}:${kebab(parts.join(' ')) || parts.join('-')}`;
}
