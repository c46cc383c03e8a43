// One article's reading for quote extraction: token offsets, paragraphs, sentences, quotation regions and actor
// mentions as compact per-token arrays, built once by readDocument and read by cues.ts, candidates.ts and speakers.ts.
import { lowerBound, type Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import type { ActorMention } from '../actors/index.js';
import type { QuoteLexicon, SpeechVerb } from './lexicon.js';
import type { ExtractInput } from './extract.js';

export const POSSESSIVE = /^['’]s?$/;

/** Whether xs is sorted by span start. */
export const sortedByStart = (xs: ReadonlyArray<{ span: Span }>): boolean => {
  for (let i = 1; i < xs.length; i++) if (xs[i].span.start < xs[i - 1].span.start) return false;
  return true;
};

/** Cue words of a lexicon, prepared once: one lookup per token, and a hash table of (length, first two characters)
 * that lets most tokens skip the lookup. Rebuilt if the lexicon's maps change size. */
export interface CueWord {
  single: SpeechVerb | undefined;
  double: Array<[string, SpeechVerb]> | undefined;
}
interface PreparedCues {
  singleSize: number;
  doubleSize: number;
  words: Map<string, CueWord>;
  /** 1 at cueHash(w) of every cue word: a token whose hash is 0 here is not a cue word (no lookup needed). */
  mask: Uint8Array;
}
const MASK_BITS = 8191;
/** Hash of a word's length and first two characters (a superset filter: equal words hash equally). */
export const cueHash = (w: string): number => ((w.length * 131 + (w.charCodeAt(0) | 0)) * 131 + (w.charCodeAt(1) | 0)) & MASK_BITS;
const preparedCues = new WeakMap<QuoteLexicon, PreparedCues>();
/** The cue words of a lexicon with their hash mask, made once per lexicon. */
function prepareCues(lexicon: QuoteLexicon): PreparedCues {
  const had = preparedCues.get(lexicon);
  if (had && had.singleSize === lexicon.single.size && had.doubleSize === lexicon.double.size) return had;
  const words = new Map<string, CueWord>();
  const mask = new Uint8Array(MASK_BITS + 1);
  const entry = (w: string): CueWord => {
    let e = words.get(w);
    if (!e) {
      words.set(w, (e = { single: undefined, double: undefined }));
      mask[cueHash(w)] = 1;
    }
    return e;
  };
  for (const [w, v] of lexicon.single) entry(w).single = v;
  for (const [w, list] of lexicon.double) entry(w).double = list;
  const p = { singleSize: lexicon.single.size, doubleSize: lexicon.double.size, words, mask };
  preparedCues.set(lexicon, p);
  return p;
}

/** Scratch memory for the per-token index arrays, reused across calls (extractQuotes is synchronous and keeps
 * no reference to them after it returns); each call takes views of exactly its size, so reads past the end are
 * undefined as with fresh arrays. */
let scratch32 = new Int32Array(0);
let scratch8 = new Uint8Array(0);
/** Views of the given sizes on the shared int32 scratch memory. */
function int32Views(sizes: number[]): Int32Array[] {
  let need = 0;
  for (const x of sizes) need += x;
  if (scratch32.length < need) scratch32 = new Int32Array(Math.max(need, 2 * scratch32.length, 4096));
  const out: Int32Array[] = [];
  let at = 0;
  for (const x of sizes) {
    out.push(scratch32.subarray(at, at + x));
    at += x;
  }
  return out;
}
/** A zeroed view of n bytes on the shared scratch memory. */
export function uint8View(n: number): Uint8Array {
  if (scratch8.length < n) scratch8 = new Uint8Array(Math.max(n, 2 * scratch8.length, 4096));
  const v = scratch8.subarray(0, n);
  v.fill(0);
  return v;
}

/** Everything the steps share for one article; built once by readDocument. */
export interface QuoteReading {
  text: string;
  tokens: readonly Token[];
  n: number;
  paragraphs: readonly Span[];
  roles: ReadonlySet<string>;
  lexicon: QuoteLexicon;
  cueWords: PreparedCues;
  /** Top-level quotation regions, sorted by start. */
  regions: QuoteRegion[];
  /** Actor mentions sorted by start. */
  mentions: readonly ActorMention[];
  nm: number;
  starts: Int32Array;
  ends: Int32Array;
  /** Paragraph of each token and the first token of its sentence. */
  paraOf: Int32Array;
  sentFirst: Int32Array;
  /** Region (-1: none) and actor mention (-1: none) of each token. */
  inRegion: Int32Array;
  mentionOfTok: Int32Array;
  /** Token index of each mention's start and of its end offset. */
  mTok0: Int32Array;
  mTokEnd: Int32Array;
  /** Tokens that are cue words (first words of two-word forms included), in order, with their lexicon entry. */
  cueTok: number[];
  cueTokWord: CueWord[];
  /** Persons that are the subject of their sentence (no verb before them, not a possessor): salient for pronouns. */
  subjects: ActorMention[];
  /** Roles people carry in this article (see personRoles), built on first use. */
  personRolesMap: Map<string, Set<string>> | null;
}

/** Builds the reading of one article: the token arrays, regions, mentions and subjects. */
export function readDocument(input: ExtractInput): QuoteReading {
  const { text, tokens, paragraphs, actors, roles, lexicon } = input;
  const n = tokens.length;
  const regions = input.regions.filter((r) => r.depth === 0);
  if (!sortedByStart(regions)) regions.sort((x, y) => x.span.start - y.span.start);
  const cueWords = prepareCues(lexicon);
  const mentions = sortedByStart(actors) ? actors : actors.slice().sort((x, y) => x.span.start - y.span.start);
  const nm = mentions.length;
  const [starts, ends, paraOf, sentFirst, inRegion, mentionOfTok, mTok0, mTokEnd] = int32Views([n, n, n, n, n, n, nm, nm]);
  const rd: QuoteReading = {
    text,
    tokens,
    n,
    paragraphs,
    roles,
    lexicon,
    cueWords,
    regions,
    mentions,
    nm,
    starts,
    ends,
    paraOf,
    sentFirst,
    inRegion,
    mentionOfTok,
    mTok0,
    mTokEnd,
    cueTok: [],
    cueTokWord: [],
    subjects: [],
    personRolesMap: null,
  };
  scanTokens(rd);
  markRegions(rd);
  markMentions(rd);
  findSubjects(rd);
  return rd;
}

/**
 * One sequential pass over the tokens: their offsets, paragraph, sentence start, and the tokens that are cue
 * words (everything later reads these compact arrays instead of the token objects where it can).
 */
function scanTokens(rd: QuoteReading): void {
  const { tokens, n, paragraphs, starts, ends, paraOf, sentFirst, cueTok, cueTokWord } = rd;
  const { mask, words } = rd.cueWords;
  let p = 0;
  const np = paragraphs.length;
  let pEnd = np > 0 ? paragraphs[0].end : 0;
  let prevSentence = -1;
  let first = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    const sp = t.span;
    const st = sp.start;
    starts[i] = st;
    ends[i] = sp.end;
    while (p + 1 < np && pEnd <= st) pEnd = paragraphs[++p].end;
    paraOf[i] = p;
    if (t.sentence !== prevSentence) {
      first = i;
      prevSentence = t.sentence;
    }
    sentFirst[i] = first;
    const lw = t.lower;
    if (mask[cueHash(lw)] === 1) {
      const w = words.get(lw);
      if (w) {
        cueTok.push(i);
        cueTokWord.push(w);
      }
    }
  }
}

/** Region index containing each token (marks included), or -1. */
function markRegions(rd: QuoteReading): void {
  const { n, ends, regions, inRegion } = rd;
  inRegion.fill(-1);
  for (let k = 0; k < regions.length; k++) {
    const end = regions[k].span.end;
    for (let i = tokIdx(rd, regions[k].span.start); i < n && ends[i] <= end; i++) inRegion[i] = k;
  }
}

/** Mention of each token (a later mention wins where they overlap); token index of each mention's start and of
 * its end offset (the first token starting at or after it). */
function markMentions(rd: QuoteReading): void {
  const { n, ends, mentions, nm, mentionOfTok, mTok0, mTokEnd } = rd;
  mentionOfTok.fill(-1);
  for (let k = 0; k < nm; k++) {
    const m = mentions[k];
    const i0 = tokIdx(rd, m.span.start);
    mTok0[k] = i0;
    mTokEnd[k] = tokIdx(rd, m.span.end);
    const end = m.span.end;
    for (let i = i0; i < n && ends[i] <= end; i++) mentionOfTok[i] = k;
  }
}

/** Persons that are the subject of their sentence (no verb before them, not a possessor): salient for pronouns. */
function findSubjects(rd: QuoteReading): void {
  const { tokens, mentions, nm, mTok0, mTokEnd, subjects } = rd;
  for (let mk = 0; mk < nm; mk++) {
    const m = mentions[mk];
    if (m.actorKind !== 'person' || m.inQuote) continue;
    const i0 = mTok0[mk];
    const after = tokens[mTokEnd[mk]];
    if (after && POSSESSIVE.test(after.text)) continue;
    let ok = true;
    for (let j = sentStart(rd, i0); j < i0; j++) {
      if (tokens[j].pos === 'VERB' || tokens[j].pos === 'AUX') {
        ok = false;
        break;
      }
    }
    if (ok) subjects.push(m);
  }
}

/** The first token whose start is at or after `offset` (n if none). */
export function tokIdx(rd: QuoteReading, offset: number): number {
  const starts = rd.starts;
  let lo = 0;
  let hi = rd.n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (starts[m] < offset) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** The index of the paragraph containing `offset` (the first that ends after it). */
export function paraIdxAt(rd: QuoteReading, offset: number): number {
  return lowerBound(rd.paragraphs, offset + 1, (p) => p.end);
}

/** The first token of token i's sentence. */
export function sentStart(rd: QuoteReading, i: number): number {
  if (i < rd.n) return rd.sentFirst[i];
  // past the last token (a mention or mark after it): the last sentence
  return rd.n > 0 ? rd.sentFirst[rd.n - 1] : 0;
}

/** The end token (exclusive) of token i's sentence. */
export function sentEnd(rd: QuoteReading, i: number): number {
  const { tokens, n } = rd;
  if (i >= n) return n;
  let j = i;
  const s = tokens[i].sentence;
  while (j + 1 < n && tokens[j + 1].sentence === s) j++;
  return j + 1;
}

/** The characters of tokens [a, b). */
export function span(rd: QuoteReading, a: number, b: number): Span {
  return { start: rd.starts[a], end: rd.ends[b - 1] };
}

/**
 * Roles people carry in this article: the actors analyzer's titles plus role nouns written before the name
 * ("pundit and historian David Eidelman") or in an apposition after it ("Borodkin, an Israeli journalist,").
 * Only role references ("the pundit") need them: built on first use.
 */
export function personRoles(rd: QuoteReading): Map<string, Set<string>> {
  if (rd.personRolesMap) return rd.personRolesMap;
  const { tokens, n, roles, mentions, nm, mentionOfTok, mTok0, mTokEnd } = rd;
  const map = (rd.personRolesMap = new Map<string, Set<string>>());
  const addRole = (id: string, r: string): void => {
    const s = map.get(id) ?? new Set<string>();
    s.add(r.toLowerCase());
    map.set(id, s);
  };
  for (let mk = 0; mk < nm; mk++) {
    const m = mentions[mk];
    if (m.actorKind !== 'person') continue;
    for (const r of m.roles ?? []) {
      addRole(m.actorId, r);
      const words = r.toLowerCase().split(/\s+/);
      addRole(m.actorId, words[words.length - 1]);
    }
    const i0 = mTok0[mk];
    if (i0 >= n) continue; // a mention after the last token has no words around it
    const from = m.titleSpan ? tokIdx(rd, Math.min(m.titleSpan.start, m.span.start)) : i0;
    for (let j = from - 1, steps = 0; j >= 0 && steps < 6 && tokens[j].sentence === tokens[i0].sentence; j--, steps++) {
      const t = tokens[j];
      if (mentionOfTok[j] >= 0) break; // another actor's name: its roles are its own
      if (roles.has(t.lower)) addRole(m.actorId, t.lower);
      else if (!(t.lower === 'and' || t.pos === 'ADJ' || t.pos === 'PROPN' || t.text === '-' || t.pos === 'NOUN')) break;
    }
    const j = mTokEnd[mk];
    if (tokens[j]?.text === ',') {
      for (let k = j + 1, steps = 0; k < n && steps < 5 && tokens[k].sentence === tokens[i0].sentence; k++, steps++) {
        if (roles.has(tokens[k].lower)) addRole(m.actorId, tokens[k].lower);
        if (tokens[k].text === ',' || tokens[k].pos === 'VERB') break;
      }
    }
  }
  return map;
}
