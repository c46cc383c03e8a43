// One article's reading for relation extraction: per-token arrays, slots (actors mapped to tokens) and clauses,
// built once by readDocument and read by every later step (parties.ts, emit.ts, frames.ts).
import type { Span } from '../../core/span.js';
import type { RelationTime } from '../../core/dates/index.js';
import type { Lexicon } from './lexicon.js';
import type { ActorRef, RelationDraft, RelationInput, TokenLike } from './extract.js';
import { buildSlots, sortedByStart } from './slots.js';

/** An actor (mention, label or compound part) mapped to its token range. */
export interface Slot {
  start: number;
  end: number;
  t0: number;
  t1: number;
  sentence: number;
  ref: ActorRef;
  label: string;
  via: string;
  isPlace: boolean;
  /** A demonym or one-word label used as a modifier ("Israeli drones"): not a full noun phrase. */
  modifier: boolean;
}

/** A slot as the party of one relation, with how it was found. */
export interface Party {
  slot: Slot;
  resolvedBy: string;
  /** Span of the words that stand for it here (the anaphor or pronoun when resolved), for related spans. */
  span: Span;
  label: string;
  antecedent?: Span;
}

// Per-token punctuation and word flags of the first pass.
const P_BOUNDARY = 1; // ; : — – or a spaced hyphen: ends a clause
const P_COMMA = 2;
const P_HYPHEN = 4; // - or –, for hyphenated compounds
const P_SUBORDINATOR = 8;

/** Hash of a word's length and first two characters: equal words hash equally, so a 0 in a table of the hashes of
 * a word list means the word is not in it (most tokens skip the Map/Set lookups). */
const HASH_BITS = 8191;
const wordHash = (w: string): number => ((w.length * 131 + (w.charCodeAt(0) | 0)) * 131 + (w.charCodeAt(1) | 0)) & HASH_BITS;
interface PreparedWords {
  cues: number;
  subordinators: number;
  /** 1 at the hash of every cue first word and subordinator. */
  mask: Uint8Array;
  /** Per word class: 1 at the hash of every first word of its phrases. */
  classMasks: Map<Map<string, string[][]>, { size: number; mask: Uint8Array }>;
}
const preparedWords = new WeakMap<Lexicon, PreparedWords>();
/** The hash masks of a lexicon's cue words, subordinators and word classes, made once per lexicon. */
function prepareWords(lex: Lexicon): PreparedWords {
  const had = preparedWords.get(lex);
  if (had && had.cues === lex.cuesByFirst.size && had.subordinators === lex.sets.subordinators.size) return had;
  const mask = new Uint8Array(HASH_BITS + 1);
  for (const w of lex.cuesByFirst.keys()) mask[wordHash(w)] = 1;
  for (const w of lex.sets.subordinators) mask[wordHash(w)] = 1;
  const classMasks = new Map<Map<string, string[][]>, { size: number; mask: Uint8Array }>();
  for (const cls of lex.classes.values()) {
    const m = new Uint8Array(HASH_BITS + 1);
    for (const w of cls.keys()) m[wordHash(w)] = 1;
    classMasks.set(cls, { size: cls.size, mask: m });
  }
  const p = { cues: lex.cuesByFirst.size, subordinators: lex.sets.subordinators.size, mask, classMasks };
  preparedWords.set(lex, p);
  return p;
}

/** Scratch memory for the per-token arrays, reused across calls (extractRelations is synchronous and keeps no
 * reference to them after it returns); each call takes views of exactly its size. */
let scratch32 = new Int32Array(0);
let scratch8 = new Uint8Array(0);
/** `count` views of n int32 each on the shared scratch memory. */
function int32Views(n: number, count: number): Int32Array[] {
  if (scratch32.length < n * count) scratch32 = new Int32Array(Math.max(n * count, 2 * scratch32.length, 8192));
  const out: Int32Array[] = [];
  for (let k = 0; k < count; k++) out.push(scratch32.subarray(k * n, (k + 1) * n));
  return out;
}
/** A view of n bytes on the shared scratch memory. */
function uint8View(n: number): Uint8Array {
  if (scratch8.length < n) scratch8 = new Uint8Array(Math.max(n, 2 * scratch8.length, 4096));
  return scratch8.subarray(0, n);
}

/** The word classes the emit step reads (evaluative words, negators, hedges). */
export interface WordClasses {
  positive: Map<string, string[][]>;
  negative: Map<string, string[][]>;
  negators: Map<string, string[][]>;
  hedges: Map<string, string[][]>;
}

/** Everything the steps share for one article: built once by readDocument, then only `out`, `seen` and `timeCache` change. */
export interface Reading {
  input: RelationInput;
  text: string;
  tokens: TokenLike[];
  n: number;
  lex: Lexicon;
  words: PreparedWords;
  starts: Int32Array;
  ends: Int32Array;
  sent: Int32Array;
  /** Top-level quotation of each token (-1 outside quotes): clause boundaries and voice. */
  regionOf: Int32Array;
  /** Index in `slots` of the slot covering each token, or -1. */
  tokenSlot: Int32Array;
  clauseStart: Int32Array;
  clauseEnd: Int32Array;
  hash: Int32Array;
  punct: Uint8Array;
  /** Lower-case forms, apostrophes folded. */
  low: string[];
  /** Tokens whose word starts a cue form. */
  cueTok: number[];
  hyphens: number[];
  slots: Slot[];
  classes: WordClasses;
  pairNouns: Set<string>;
  /** The relations found so far, and the index in `out` of each deduplication key. */
  out: RelationDraft[];
  seen: Map<string, number>;
  /** Times of each clause, by the clause's first token. */
  timeCache: Map<number, RelationTime[]>;
}

/** Builds the reading of one article (n > 0 tokens): token arrays, quotation regions, slots and clauses. */
export function readDocument(input: RelationInput, lex: Lexicon): Reading {
  const { text, tokens } = input;
  const n = tokens.length;
  const [starts, ends, sent, regionOf, tokenSlot, clauseStart, clauseEnd, hash] = int32Views(n, 8);
  const rd: Reading = {
    input,
    text,
    tokens,
    n,
    lex,
    words: prepareWords(lex),
    starts,
    ends,
    sent,
    regionOf,
    tokenSlot,
    clauseStart,
    clauseEnd,
    hash,
    punct: uint8View(n),
    low: new Array<string>(n),
    cueTok: [],
    hyphens: [],
    slots: [],
    classes: {
      positive: lex.classes.get('positive')!,
      negative: lex.classes.get('negative')!,
      negators: lex.classes.get('negators')!,
      hedges: lex.classes.get('hedges')!,
    },
    pairNouns: lex.sets.pairNouns,
    out: [],
    seen: new Map(),
    timeCache: new Map(),
  };
  scanTokens(rd);
  markQuotations(rd);
  rd.slots = buildSlots(input, tokens, starts, ends, sent, rd.hyphens);
  tokenSlot.fill(-1);
  for (let k = 0; k < rd.slots.length; k++) for (let t = rd.slots[k].t0; t < rd.slots[k].t1; t++) tokenSlot[t] = k;
  markClauses(rd);
  return rd;
}

/**
 * One sequential pass over the tokens: offsets, sentences, lower-case forms (apostrophes folded), the punctuation
 * that bounds clauses, hyphens (for compounds), and the tokens that start a cue form. Later passes read these
 * compact arrays rather than the token objects.
 */
function scanTokens(rd: Reading): void {
  const { text, tokens, n, lex, words, starts, ends, sent, hash, punct, low, cueTok, hyphens } = rd;
  const subordinators = lex.sets.subordinators;
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    const sp = t.span;
    starts[i] = sp.start;
    ends[i] = sp.end;
    sent[i] = t.sentence;
    let lw = t.lower;
    if (lw.includes('’')) lw = lw.replace(/’/g, "'");
    low[i] = lw;
    const tx = t.text;
    let k = 0;
    if (tx.length === 1) {
      const c = tx.charCodeAt(0);
      if (c === 0x2c) k = P_COMMA; // ,
      else if (c === 0x3b || c === 0x3a || c === 0x2014) k = P_BOUNDARY; // ; : —
      else if (c === 0x2013) k = P_BOUNDARY | P_HYPHEN; // –
      else if (c === 0x2d) k = P_HYPHEN | (text[sp.start - 1] === ' ' && text[sp.end] === ' ' ? P_BOUNDARY : 0); // -
    }
    const h = wordHash(lw);
    hash[i] = h;
    if (words.mask[h] === 1) {
      if (subordinators.has(lw)) k |= P_SUBORDINATOR;
      if (lex.cuesByFirst.has(lw)) cueTok.push(i);
    }
    punct[i] = k;
    if (k & P_HYPHEN) hyphens.push(i);
  }
}

/** Top-level quotation of each token (-1 outside quotes): clause boundaries and voice. */
function markQuotations(rd: Reading): void {
  const { n, starts, ends, regionOf } = rd;
  const regions = rd.input.quoteRegions.filter((r) => (r.depth ?? 0) === 0);
  if (!sortedByStart(regions)) regions.sort((a, b) => a.span.start - b.span.start);
  regionOf.fill(-1);
  for (let i = 0, r = 0; i < n; i++) {
    while (r < regions.length && regions[r].span.end <= starts[i]) r++;
    if (r < regions.length && regions[r].span.start <= starts[i] && ends[i] <= regions[r].span.end) regionOf[i] = r;
  }
}

/** Clause boundaries: sentence and quotation edges, ; : — and spaced hyphens, subordinators, ", and" / ", but". */
function markClauses(rd: Reading): void {
  const { n, sent, regionOf, punct, tokenSlot, low, clauseStart, clauseEnd } = rd;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const boundary =
      i === 0 ||
      sent[i] !== sent[i - 1] ||
      regionOf[i] !== regionOf[i - 1] ||
      (punct[i - 1] & P_BOUNDARY) !== 0 ||
      ((punct[i] & P_SUBORDINATOR) !== 0 && tokenSlot[i] < 0) ||
      ((punct[i - 1] & P_COMMA) !== 0 && (low[i] === 'and' || low[i] === 'but'));
    if (boundary && i > start) {
      for (let k = start; k < i; k++) clauseEnd[k] = i;
      start = i;
    }
    clauseStart[i] = start;
  }
  for (let k = start; k < n; k++) clauseEnd[k] = n;
}

/** Length in tokens of the phrase of word class `cls` starting at token i and ending by `limit`, or 0. */
export function matchAt(rd: Reading, cls: Map<string, string[][]>, i: number, limit: number): number {
  const pre = rd.words.classMasks.get(cls);
  if (pre !== undefined && pre.size === cls.size && pre.mask[rd.hash[i]] === 0) return 0;
  const low = rd.low;
  const list = cls.get(low[i]);
  if (!list) return 0;
  for (const words of list) {
    if (i + words.length > limit) continue;
    let ok = true;
    for (let k = 1; k < words.length && ok; k++) ok = low[i + k] === words[k];
    if (ok) return words.length;
  }
  return 0;
}

/** The slot covering token i, or null (also outside the document). */
export function slotAt(rd: Reading, i: number): Slot | null {
  return i >= 0 && i < rd.n && rd.tokenSlot[i] >= 0 ? rd.slots[rd.tokenSlot[i]] : null;
}

/** A slot as a party, found as `resolvedBy` (by default how the slot was made). */
export function party(s: Slot, resolvedBy = s.via): Party {
  return { slot: s, resolvedBy, span: { start: s.start, end: s.end }, label: s.label };
}
