import { readClause, readNegation } from '../../core/negation.js';
import type { ActorKind, LabelType, RelatedSpan, Voice } from '../../core/finding.js';
import { overlapsAny, type Span } from '../../core/span.js';
import type { CueEntry, Frame, Lexicon, Polarity } from './lexicon.js';
import { readTimes, relationTime, type RelationTime } from '../../core/dates/index.js';

/** A token as the nlp analyzer provides it. */
export interface TokenLike {
  span: Span;
  text: string;
  pos: string;
  lower: string;
  sentence: number;
}

/** An actor mention (the `actors` product) or a label linked to an actor (the `labels` product). */
export interface MentionLike {
  span: Span;
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  label: string;
  labelType: LabelType;
  stateId?: string | null;
}

export interface ActorRef {
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  stateId?: string | null;
}

export interface RelationInput {
  text: string;
  sentences: Span[];
  tokens: TokenLike[];
  quoteRegions: Array<{ span: Span; contentSpan: Span; depth?: number }>;
  mentions: MentionLike[];
  /** Labels linked to actors (epithets like "the Zionist regime"); the ones that overlap a mention are ignored. */
  labels?: MentionLike[];
  /** Resolves one part of a hyphenated compound ("Baku" in "Baku-Tel Aviv") to an actor, or null. */
  lookupName?: (name: string) => ActorRef | null;
  /** Display name of a state id ("state:AZ" -> "Azerbaijan"), for parties resolved to their state. */
  stateName?: (stateId: string) => string | null;
  /** The publication date (the reference the shared time reading is made with; it does not change relation times). */
  published?: string | null;
}

/** The relation times inside [start, end) of the text, from the article's one time reading. */
export function clauseTimes(text: string, start: number, end: number, published: string | null = null): RelationTime[] {
  const out: RelationTime[] = [];
  for (const tm of readTimes(text, published)) {
    if (tm.bare.start < start || tm.bare.end > end) continue;
    const rt = relationTime(text, tm);
    if (rt) out.push(rt);
  }
  return out;
}

/** One party of a relation. */
export interface RelationParty extends ActorRef {
  /** The words as written (a mention, an anaphor like "the two neighbours", or a pronoun). */
  label: string;
  span: Span;
  /** How the party was found: mention, label (an epithet), compound, pronoun, relative, pair-anaphor, place-state. */
  resolvedBy: string;
}

export interface RelationDraft {
  relation: string;
  source: RelationParty;
  target: RelationParty;
  symmetric: boolean;
  polarity: Polarity;
  negated: boolean;
  hedged: boolean;
  cue: string;
  cueId: string;
  cueSpan: Span;
  time: RelationTime | null;
  /** The sentence that states the relation. */
  span: Span;
  voice: Voice;
  confidence: number;
  related: RelatedSpan[];
  data: Record<string, unknown>;
}

interface Slot {
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

interface Party {
  slot: Slot;
  resolvedBy: string;
  /** Span of the words that stand for it here (the anaphor or pronoun when resolved), for related spans. */
  span: Span;
  label: string;
  antecedent?: Span;
}

const POSSESSIVE = new Set(["'s", '’s', "'", '’']);
const POSS_PRONOUN = new Set(['its', 'his', 'her', 'their']);
/** Between coordinated actors: a conjunction, comma or hyphen, optionally before a title ("X and Foreign Minister Y"). */
const COORD = /^\s*(?:(?:and|&|,|-|–|\/|as well as)\s*|and\s+(?:\p{Lu}[\p{L}.’'-]*\s+){1,3})$/u;
const NOT_SUBJECT_AFTER = new Set(['to', 'with', 'from', 'against', 'on', 'at', 'between', 'into', 'toward', 'towards', 'than', 'in', 'for', 'among', 'near', 'through', 'via', 'over']);
const BOUNDARY_TOKENS = new Set([';', ':', '—', '–']);
const SUBJECT_PRONOUNS = new Set(['he', 'she']);
const BLOCKING_PRONOUNS = new Set(['it', 'they', 'we', 'i', 'you']);
const PASSIVE_AUX = new Set(['was', 'were', 'been', 'being', 'is', 'are', 'be']);
const APPOSITIVE_OPENERS = new Set(['a', 'an', 'the', 'who', 'which', 'whose', 'for', 'according', 'as', 'like', 'its', 'his', 'her', 'their', 'one']);

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
function int32Views(n: number, count: number): Int32Array[] {
  if (scratch32.length < n * count) scratch32 = new Int32Array(Math.max(n * count, 2 * scratch32.length, 8192));
  const out: Int32Array[] = [];
  for (let k = 0; k < count; k++) out.push(scratch32.subarray(k * n, (k + 1) * n));
  return out;
}
function uint8View(n: number): Uint8Array {
  if (scratch8.length < n) scratch8 = new Uint8Array(Math.max(n, 2 * scratch8.length, 4096));
  return scratch8.subarray(0, n);
}
/** The entry with placeTarget off (the source of an event is never a place), made once per entry. */
const noPlaceTarget = new WeakMap<CueEntry, CueEntry>();
function withoutPlaceTarget(entry: CueEntry): CueEntry {
  let e = noPlaceTarget.get(entry);
  if (!e) noPlaceTarget.set(entry, (e = { ...entry, placeTarget: false }));
  return e;
}
const sortedByStart = (xs: ReadonlyArray<{ span: Span }>): boolean => {
  for (let i = 1; i < xs.length; i++) if (xs[i].span.start < xs[i - 1].span.start) return false;
  return true;
};

/** Relations asserted between actors in one document. Pure; linear in the document (every scan is bounded by its clause). */
export function extractRelations(input: RelationInput, lex: Lexicon): RelationDraft[] {
  const { text, tokens } = input;
  const n = tokens.length;
  if (!n) return [];
  const subordinators = lex.sets.subordinators;
  const words = prepareWords(lex);

  // One sequential pass over the tokens: offsets, sentences, lower-case forms (apostrophes folded), the punctuation
  // that bounds clauses, hyphens (for compounds), and the tokens that start a cue form. Later passes read these
  // compact arrays rather than the token objects.
  const [starts, ends, sent, regionOf, tokenSlot, clauseStart, clauseEnd, hash] = int32Views(n, 8);
  const punct = uint8View(n);
  const low = new Array<string>(n);
  const cueTok: number[] = [];
  const hyphens: number[] = [];
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

  // Top-level quotation of each token (-1 outside quotes): clause boundaries and voice.
  const regions = input.quoteRegions.filter((r) => (r.depth ?? 0) === 0);
  if (!sortedByStart(regions)) regions.sort((a, b) => a.span.start - b.span.start);
  regionOf.fill(-1);
  for (let i = 0, r = 0; i < n; i++) {
    while (r < regions.length && regions[r].span.end <= starts[i]) r++;
    if (r < regions.length && regions[r].span.start <= starts[i] && ends[i] <= regions[r].span.end) regionOf[i] = r;
  }

  const slots = buildSlots(input, tokens, starts, ends, sent, hyphens);
  tokenSlot.fill(-1);
  for (let k = 0; k < slots.length; k++) for (let t = slots[k].t0; t < slots[k].t1; t++) tokenSlot[t] = k;

  // Clause boundaries.
  {
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

  const classes = {
    positive: lex.classes.get('positive')!,
    negative: lex.classes.get('negative')!,
    negators: lex.classes.get('negators')!,
    hedges: lex.classes.get('hedges')!,
  };
  const pairNouns = lex.sets.pairNouns;
  const matchAt = (cls: Map<string, string[][]>, i: number, limit: number): number => {
    const pre = words.classMasks.get(cls);
    if (pre !== undefined && pre.size === cls.size && pre.mask[hash[i]] === 0) return 0;
    const list = cls.get(low[i]);
    if (!list) return 0;
    for (const words of list) {
      if (i + words.length > limit) continue;
      let ok = true;
      for (let k = 1; k < words.length && ok; k++) ok = low[i + k] === words[k];
      if (ok) return words.length;
    }
    return 0;
  };

  const slotAt = (i: number): Slot | null => (i >= 0 && i < n && tokenSlot[i] >= 0 ? slots[tokenSlot[i]] : null);
  const party = (s: Slot, resolvedBy = s.via): Party => ({ slot: s, resolvedBy, span: { start: s.start, end: s.end }, label: s.label });

  /** Slots coordinated with s ("X and Y", "X, Y and Z", "X-Y"), in text order, s included. */
  const coordinated = (s: Slot, lo: number, hi: number): Slot[] => {
    const out = [s];
    let cur = s;
    while (cur.t0 - 2 >= lo) {
      let p: Slot | null = null;
      for (let k = cur.t0 - 1; k >= Math.max(lo, cur.t0 - 5) && !p; k--) p = slotAt(k);
      if (!p || p === cur || p.t1 > cur.t0 || !COORD.test(text.slice(p.end, cur.start))) break;
      out.unshift(p);
      cur = p;
    }
    cur = s;
    while (cur.t1 < hi) {
      let q: Slot | null = null;
      for (let k = cur.t1; k < Math.min(hi, cur.t1 + 5) && !q; k++) q = slotAt(k);
      if (!q || q === cur || q.t0 < cur.t1 || !COORD.test(text.slice(cur.end, q.start))) break;
      let add = q;
      if (followedByPossessive(q)) {
        // "Syria's new ruler, Ahmad al-Sharaa": the person named after the comma, when there is one.
        for (let j = q.t1 + 1; j < Math.min(hi, q.t1 + 6); j++) {
          if (low[j] !== ',') continue;
          const r = slotAt(j + 1);
          if (r && r.ref.actorKind === 'person') add = r;
          break;
        }
      }
      out.push(add);
      cur = add;
    }
    return out;
  };

  /** The nearest person before token i in this or the two previous sentences (for "he"/"she"). */
  const personBefore = (i: number): Slot | null => {
    const minSentence = tokens[i].sentence - 2;
    for (let j = i - 1; j >= 0 && tokens[j].sentence >= minSentence; j--) {
      const s = slotAt(j);
      if (s && s.ref.actorKind === 'person') return s;
    }
    return null;
  };

  /** The last two distinct states mentioned before token i (this and the three previous sentences): "the two countries". */
  const statePairBefore = (i: number): Slot[] | null => {
    const minSentence = tokens[i].sentence - 3;
    const seen = new Map<string, Slot>();
    for (let j = i - 1; j >= 0 && tokens[j].sentence >= minSentence && seen.size < 2; j--) {
      const s = slotAt(j);
      if (!s) continue;
      j = s.t0;
      const st = s.ref.actorKind === 'state' ? s.ref.actorId : s.ref.stateId;
      if (!st || seen.has(st)) continue;
      seen.set(st, s.ref.actorKind === 'state' ? s : stateSlot(s, st, input));
    }
    if (seen.size < 2) return null;
    return [...seen.values()].reverse();
  };

  /** "the two countries" / "both states" starting at token i: [end token, pair] or null. */
  const pairAnaphorAt = (i: number, hi: number): { end: number; pair: Slot[] } | null => {
    let j = i;
    if (low[j] === 'the' && low[j + 1] === 'two') j += 2;
    else if (low[j] === 'both') j += 1;
    else return null;
    if (j < hi && (tokens[j].pos === 'ADJ') && !pairNouns.has(low[j])) j++;
    if (j >= hi || !pairNouns.has(low[j])) return null;
    const pair = statePairBefore(i);
    return pair ? { end: j + 1, pair } : null;
  };

  /**
   * The subject of a cue: the nearest actor before it in its clause, skipping places, appositive segments
   * (", a Shi'ite country,") and objects of prepositions (kept as a fallback). "he"/"she" resolve to the last
   * person; another pronoun means the subject is not an actor we know. A clause opened by who/which takes the
   * noun before it.
   */
  const findSubject = (before: number, lo: number, exclude: Set<string>, maxBack = 40): Party | null => {
    let fallback: Party | null = null;
    for (let j = before - 1; j >= lo && before - j <= maxBack; j--) {
      const s = slotAt(j);
      if (s) {
        j = s.t0;
        if (s.isPlace || exclude.has(s.ref.actorId)) continue;
        const prev = j > 0 ? low[j - 1] : '';
        if (NOT_SUBJECT_AFTER.has(prev) || (prev === 'the' && j > 1 && NOT_SUBJECT_AFTER.has(low[j - 2]))) {
          fallback ??= party(s);
          continue;
        }
        return party(s);
      }
      if (tokens[j].pos === 'PRON') {
        if (SUBJECT_PRONOUNS.has(low[j])) {
          const p = personBefore(j);
          if (p && !exclude.has(p.ref.actorId)) return { slot: p, resolvedBy: 'pronoun', span: tokens[j].span, label: tokens[j].text, antecedent: { start: p.start, end: p.end } };
          return null;
        }
        if (BLOCKING_PRONOUNS.has(low[j])) return null;
      }
      if (low[j] === ',' && j - 1 > lo) {
        // Skip an appositive segment between two commas.
        for (let k = j - 1; k > lo && j - k < 14; k--) {
          if (low[k] !== ',') continue;
          if (APPOSITIVE_OPENERS.has(low[k + 1])) j = k;
          break;
        }
      }
    }
    if (fallback) return fallback;
    if (lo > 0 && (low[lo] === 'who' || low[lo] === 'which') && tokens[lo].sentence === tokens[lo - 1].sentence) {
      for (let j = lo - 1; j >= 0 && tokens[j].sentence === tokens[lo].sentence && lo - j < 12; j--) {
        const s = slotAt(j);
        if (s && !s.isPlace && !exclude.has(s.ref.actorId)) return { ...party(s), resolvedBy: 'relative' };
        if (s) j = s.t0;
      }
    }
    return null;
  };

  const followedByPossessive = (s: Slot): boolean => s.t1 < n && POSSESSIVE.has(low[s.t1]);
  const eligibleTarget = (s: Slot, entry: CueEntry, allowModifier = false): boolean =>
    (!s.isPlace || (!!entry.placeTarget && !!s.ref.stateId) || (followedByPossessive(s) && !!s.ref.stateId)) &&
    (!s.modifier || allowModifier || !!entry.placeTarget || followedByPossessive(s));
  /** The word before a noun phrase, skipping determiners, adjectives and numbers ("to the Republic of", "with its Turkish"). */
  const wordBefore = (t0: number, lo: number): string => {
    let j = t0 - 1;
    for (let k = 0; k < 5 && j > lo && tokens[j].pos !== 'ADP' && tokens[j].pos !== 'VERB' && (!slotAt(j) || slotAt(j)!.modifier); k++) j--;
    return j >= lo ? low[j] : '';
  };

  /** The last state mentioned before token i (this and the two previous sentences): "the country". */
  const stateBefore = (i: number, exclude: Set<string>): Slot | null => {
    const minSentence = tokens[i].sentence - 2;
    for (let j = i - 1; j >= 0 && tokens[j].sentence >= minSentence; j--) {
      const s = slotAt(j);
      if (!s) continue;
      j = s.t0;
      const st = s.ref.actorKind === 'state' ? s.ref.actorId : s.ref.stateId;
      if (st && !exclude.has(st)) return s.ref.actorKind === 'state' ? s : stateSlot(s, st, input);
    }
    return null;
  };

  /**
   * The first eligible actor after token `from`: the object right after a verb (`direct`), or one introduced by
   * one of `preps`; with the actors coordinated with it. "the country" stands for the last state mentioned.
   */
  const findObject = (from: number, hi: number, entry: CueEntry, preps: string[], direct: boolean, maxGap = 6, allowModifier = false, exclude?: Set<string>): Party[] => {
    let limit = Math.min(hi, from + maxGap);
    for (let j = from; j < limit; j++) {
      let s = slotAt(j);
      if (!s && tokens[j].pos === 'VERB' && j > from) break; // a complement does not cross a verb ("Herzog's visit was preceded by ...")
      if (s && s.modifier) {
        // "of Israeli President Isaac Herzog": the named person rather than the demonym before the title.
        for (let k = s.t1; k < Math.min(hi, s.t1 + 3); k++) {
          const r = slotAt(k);
          if (r && !r.modifier) {
            if (eligibleTarget(r, entry, allowModifier)) s = r;
            break;
          }
          if (tokens[k].pos === 'ADP' || tokens[k].pos === 'VERB') break;
        }
      }
      if (s) {
        if (eligibleTarget(s, entry, allowModifier) && (direct || preps.includes(wordBefore(s.t0, from - 1)))) {
          return coordinated(s, s.t0, hi).filter((c) => c.t0 >= s.t0 && eligibleTarget(c, entry, allowModifier)).map((c) => party(c));
        }
        j = s.t1 - 1;
        continue;
      }
      if (low[j] === 'the' && low[j + 1] === 'country' && j + 2 <= hi && !POSSESSIVE.has(low[j + 2] ?? '') && (direct || preps.includes(low[j - 1]))) {
        const st = stateBefore(j, exclude ?? new Set());
        if (st) {
          const span = { start: tokens[j].span.start, end: tokens[j + 1].span.end };
          return [{ slot: st, resolvedBy: 'anaphor', span, label: text.slice(span.start, span.end), antecedent: { start: st.start, end: st.end } }];
        }
      }
      if (preps.includes(low[j])) limit = Math.min(hi, Math.max(limit, j + 5));
    }
    return [];
  };

  /** The subject of the clause (its first actor), for "its"/"their": "Baku no longer ... deepening its relations with Israel". */
  const clauseSubject = (lo: number, before: number, exclude: Set<string>): Slot | null => {
    for (let j = lo; j < before; j++) {
      const s = slotAt(j);
      if (!s) continue;
      if (!s.isPlace && !exclude.has(s.ref.actorId)) return s;
      j = s.t1 - 1;
    }
    if (lo > 0 && (low[lo] === 'who' || low[lo] === 'which')) return findSubject(lo, Math.max(0, lo - 12), exclude)?.slot ?? null;
    return null;
  };

  /** A possessor right before the noun phrase of a cue ("Israel's backing", "Iranian threats", "its patron"). */
  const findPossessor = (cue: number, lo: number): { slot?: Slot; pronoun?: number; npStart: number } => {
    let j = cue - 1;
    let steps = 0;
    while (j >= lo && steps < 4 && !slotAt(j) && ['ADJ', 'NOUN', 'NUM', 'ADV', 'VERB'].includes(tokens[j].pos) && !POSSESSIVE.has(low[j])) {
      if (tokens[j].pos === 'VERB' && !/(?:ed|ing)$/.test(low[j])) break;
      j--;
      steps++;
    }
    if (j >= lo && POSSESSIVE.has(low[j])) {
      const s = slotAt(j - 1);
      if (s && (!s.isPlace || s.ref.stateId)) return { slot: s, npStart: s.t0 };
    }
    const s = slotAt(j);
    if (s && s.modifier && j >= lo) return { slot: s, npStart: s.t0 };
    if (j >= lo && POSS_PRONOUN.has(low[j])) return { pronoun: j, npStart: j };
    let start = j + 1;
    while (start - 1 >= lo && (low[start - 1] === 'the' || low[start - 1] === 'a' || low[start - 1] === 'an')) start--;
    return { npStart: start };
  };

  /** "between X and Y" (or "between the two countries") starting at or just after token i. */
  const betweenPair = (i: number, hi: number, window = 3): { pair: Party[]; end: number } | null => {
    for (let j = i; j < Math.min(hi, i + window); j++) {
      if (low[j] !== 'between') continue;
      const anaphor = pairAnaphorAt(j + 1, hi);
      if (anaphor) {
        const span = { start: tokens[j + 1].span.start, end: tokens[anaphor.end - 1].span.end };
        const label = text.slice(span.start, span.end);
        return { pair: anaphor.pair.map((s) => ({ slot: s, resolvedBy: 'pair-anaphor', span, label, antecedent: { start: s.start, end: s.end } })), end: anaphor.end };
      }
      for (let k = j + 1; k < Math.min(hi, j + 5); k++) {
        const s = slotAt(k);
        if (!s) continue;
        const chain = coordinated(s, s.t0, hi).filter((c) => !c.isPlace || c.ref.stateId);
        if (chain.length >= 2) return { pair: chain.map((c) => party(c)), end: chain[chain.length - 1].t1 };
        return null;
      }
      return null;
    }
    return null;
  };

  const out: RelationDraft[] = [];
  const seen = new Map<string, number>();
  const timeCache = new Map<number, RelationTime[]>();

  const emit = (
    entry: CueEntry,
    relation: string,
    cueStart: number,
    cueEnd: number,
    src: Party,
    tgt: Party,
    lo: number,
    hi: number,
    opts: { confidence: number; polarity?: Polarity; negFrom: number; evalFrom?: number; extra?: Record<string, unknown>; cls?: string },
  ): void => {
    const type = lex.types.get(relation)!;
    let s = src;
    let t = tgt;
    if (t.slot.isPlace && t.slot.ref.stateId) t = { ...t, slot: stateSlot(t.slot, t.slot.ref.stateId, input), resolvedBy: 'place-state' };
    if (s.slot.isPlace && s.slot.ref.stateId) s = { ...s, slot: stateSlot(s.slot, s.slot.ref.stateId, input), resolvedBy: 'place-state' };
    if (t.slot.isPlace || s.slot.isPlace) return;
    if (s.slot.ref.actorId === t.slot.ref.actorId) return;
    if (type.symmetric && s.span.start > t.span.start) [s, t] = [t, s];
    const cueTok0 = cueStart;
    const negWindowStart = Math.max(lo, Math.min(opts.negFrom, cueTok0 - 1), cueTok0 - 6);
    let negated = false;
    let hedged = false;
    for (let i = negWindowStart; i < cueTok0; i++) {
      const negLen = matchAt(classes.negators, i, cueTok0);
      if (negLen) {
        const reading = readNegation(i > 0 ? low[i - 1] : undefined, [low[i + negLen], low[i + negLen + 1]]);
        if (reading === 'denial') negated = true;
        else hedged = true;
      }
      if (matchAt(classes.hedges, i, cueTok0)) {
        // A modal right before a denying negator is part of the denial ("would never", "can not"), not a hedge.
        const partOfDenial = i + 1 < cueTok0 && matchAt(classes.negators, i + 1, cueTok0) > 0 && readNegation(low[i], [low[i + 2], low[i + 3]]) === 'denial';
        if (!partOfDenial) hedged = true;
      }
    }
    // A condition, supposition or unmet expectation over the sentence ("If X were an ally", "Had X sold", "X was
    // supposed to sell"), or a matrix denial ("it is not true that X sells"): src/core/negation.ts.
    let sent0 = cueTok0;
    while (sent0 > 0 && tokens[sent0 - 1].sentence === tokens[cueTok0].sentence && low[sent0 - 1] !== ';') sent0--;
    const clauseReading = readClause(low.slice(sent0, cueTok0));
    if (clauseReading === 'denial') negated = true;
    else if (clauseReading === 'hypothetical') hedged = true;
    let polarity: Polarity = opts.polarity ?? entry.polarity ?? type.polarity;
    let evaluation: string | undefined;
    if (relation === 'relations' && entry.polarity === undefined) {
      const ev = evaluate(cueStart, cueEnd, lo, hi, opts.evalFrom ?? cueEnd);
      polarity = ev.polarity;
      evaluation = ev.word;
    }
    const key = `${relation}|${s.slot.ref.actorId}|${t.slot.ref.actorId}|${negated}|${polarity}|${tokens[cueStart].sentence}`;
    const sentence = input.sentences[tokens[cueStart].sentence] ?? { start: tokens[lo].span.start, end: tokens[hi - 1].span.end };
    const clauseChars = { start: tokens[lo].span.start, end: tokens[hi - 1].span.end };
    let times = timeCache.get(lo);
    if (!times) timeCache.set(lo, (times = clauseTimes(text, clauseChars.start, clauseChars.end, input.published ?? null)));
    const cueSpan = { start: tokens[cueStart].span.start, end: tokens[cueEnd - 1].span.end };
    let time: RelationTime | null = null;
    for (const tm of times) {
      if (!time || Math.abs(tm.span.start - cueSpan.start) < Math.abs(time.span.start - cueSpan.start)) time = tm;
    }
    let confidence = opts.confidence;
    for (const p of [s, t]) {
      if (p.resolvedBy === 'pronoun' || p.resolvedBy === 'relative' || p.resolvedBy === 'pair-anaphor') confidence *= 0.85;
      if (p.slot.modifier) confidence *= 0.9;
    }
    confidence = Math.round(confidence * 100) / 100;
    const prev = seen.get(key);
    if (prev !== undefined) {
      if (out[prev].confidence >= confidence) return;
    }
    const related: RelatedSpan[] = [
      { role: 'source', span: s.span, evidence: text.slice(s.span.start, s.span.end) },
      { role: 'target', span: t.span, evidence: text.slice(t.span.start, t.span.end) },
      { role: 'cue', span: cueSpan, evidence: text.slice(cueSpan.start, cueSpan.end) },
    ];
    for (const [role, p] of [['source-antecedent', s], ['target-antecedent', t]] as const) {
      if (p.antecedent) related.push({ role, span: p.antecedent, evidence: text.slice(p.antecedent.start, p.antecedent.end) });
    }
    if (time) related.push({ role: 'time', span: time.span, evidence: time.text });
    const region = regionOf[cueStart];
    const draft: RelationDraft = {
      relation,
      source: toParty(s),
      target: toParty(t),
      symmetric: type.symmetric,
      polarity,
      negated,
      hedged,
      cue: text.slice(cueSpan.start, cueSpan.end),
      cueId: entry.id,
      cueSpan,
      time,
      span: trimSpan(text, sentence),
      voice: region >= 0 ? { speaker: null, actorId: null } : 'outlet',
      confidence,
      related,
      data: { frame: entry.frame, ...(opts.cls ? { class: opts.cls } : {}), ...(evaluation ? { evaluation } : {}), ...(opts.extra ?? {}) },
    };
    if (prev !== undefined) out[prev] = draft;
    else {
      seen.set(key, out.length);
      out.push(draft);
    }
  };

  /** Polarity of "relations/ties" from evaluative words just before the cue or predicated after it (or after its "between X and Y"). */
  const evaluate = (cueStart: number, cueEnd: number, lo: number, hi: number, after: number): { polarity: Polarity; word?: string } => {
    const check = (i: number, limit: number): { polarity: Polarity; word: string } | null => {
      for (const [cls, pol] of [[classes.positive, 1], [classes.negative, -1]] as const) {
        const len = matchAt(cls, i, limit);
        if (!len) continue;
        const negatedHere = (i > 0 && matchAt(classes.negators, i - 1, i)) || (i > 1 && matchAt(classes.negators, i - 2, i));
        return { polarity: (negatedHere ? -pol : pol) as Polarity, word: text.slice(tokens[i].span.start, tokens[i + len - 1].span.end) };
      }
      return null;
    };
    for (let i = cueStart - 1, k = 0; i >= lo && k < 4; i--, k++) {
      if (slotAt(i) || (tokens[i].pos === 'VERB' && !/(?:ed|ing)$/.test(low[i]))) break;
      const r = check(i, cueStart);
      if (r) return r;
    }
    const from = Math.max(cueEnd, after);
    for (let i = from; i < Math.min(hi, from + 7); i++) {
      if (slotAt(i)) break;
      const r = check(i, hi);
      if (r) return r;
    }
    return { polarity: 0 };
  };

  // Cue matching: longest form first at each token; a cue inside an actor mention is part of a name, not a cue.
  let resume = 0;
  for (let ci = 0; ci < cueTok.length; ci++) {
    const i = cueTok[ci];
    if (i < resume || tokenSlot[i] >= 0) continue;
    const list = lex.cuesByFirst.get(low[i])!;
    let matchedLen = 0;
    for (const c of list) {
      const len = c.words.length;
      if (matchedLen && len < matchedLen) break;
      if (i + len > n) continue;
      let ok = true;
      for (let k = 1; k < len && ok; k++) ok = low[i + k] === c.words[k] && sent[i + k] === sent[i];
      if (!ok || !posOk(c.entry, i, tokens, low)) continue;
      matchedLen = len;
      resolveCue(c.entry, i, i + len);
    }
    if (matchedLen > 1) resume = i + matchedLen;
  }

  function resolveCue(entry: CueEntry, cs: number, ce: number): void {
    const lo = clauseStart[cs];
    const hi = clauseEnd[cs];
    // Class-decided relations (arms vs energy): the class word nearest the cue inside the clause.
    let relation = entry.relation;
    let cls: string | undefined;
    if (entry.byClass) {
      let best = Infinity;
      for (const c of entry.byClass) {
        const m = lex.classes.get(c)!;
        for (let i = Math.max(lo, cs - 10); i < Math.min(hi, ce + 12); i++) {
          if (matchAt(m, i, hi)) {
            const d = i < cs ? cs - i : i < ce ? 0 : i - ce;
            if (d < best) {
              best = d;
              cls = c;
            }
          }
        }
      }
      if (!cls) return;
      relation = lex.classRelation[cls];
    }
    if (!relation) return;
    const base = { confidence: entry.confidence, cls };
    const frame: Frame = entry.frame;
    const tPreps = entry.targetPreps ?? [];
    const sPreps = entry.sourcePreps ?? [];

    if (frame === 'svo') {
      // Passive: "Y was attacked by X".
      if (cs > lo && PASSIVE_AUX.has(low[cs - 1]) && /(?:ed|en|wn|ck|lt|ld|ht|ne|id)$/.test(low[cs])) {
        const by = findObject(ce, hi, entry, ['by'], false, 4);
        const subj = findSubject(cs, lo, new Set());
        if (by.length && subj) for (const b of by) emit(entry, relation, cs, ce, b, subj, lo, hi, { ...base, negFrom: subj.slot.t1 });
        return;
      }
      const endsInPrep = ce - cs > 1 && ['to', 'in', 'at', 'with', 'by', 'on'].includes(low[ce - 1]);
      const objects = findObject(ce, hi, entry, tPreps, true, endsInPrep ? 3 : 6);
      if (!objects.length) return;
      const subj = findSubject(cs, lo, new Set(objects.map((o) => o.slot.ref.actorId)));
      if (!subj) return;
      const subjects = subj.resolvedBy === subj.slot.via ? coordinated(subj.slot, lo, cs).filter((s) => !s.isPlace).map((s) => party(s)) : [subj];
      for (const s of subjects) for (const o of objects) emit(entry, relation, cs, ce, s, o, lo, hi, { ...base, negFrom: subj.slot.t1 });
      return;
    }
    if (frame === 'svo-from') {
      const sellers = findObject(ce, hi, entry, sPreps, false, 10);
      if (!sellers.length) return;
      const buyer = findSubject(cs, lo, new Set(sellers.map((o) => o.slot.ref.actorId)));
      if (!buyer) return;
      for (const s of sellers) emit(entry, relation, cs, ce, s, buyer, lo, hi, { ...base, negFrom: buyer.slot.t1, extra: { inverse: true } });
      return;
    }
    if (frame === 'agent' || frame === 'agent-from') {
      const poss = findPossessor(cs, lo);
      // The agent: an appositive before (", its patron") or after ("its patron in Rennick, the Tolmar Federation"), or the subject.
      let agent: Party | null = null;
      const before = poss.npStart - 1;
      if (before > lo && low[before] === ',' && slotAt(before - 1) && !slotAt(before - 1)!.isPlace) agent = party(slotAt(before - 1)!);
      if (!agent && poss.pronoun !== undefined) {
        for (let j = ce; j < Math.min(hi, ce + 5); j++) {
          if (low[j] === ',' && slotAt(j + 1) && !slotAt(j + 1)!.isPlace) agent = party(slotAt(j + 1)!);
          else if (low[j] === ',' && (low[j + 1] === 'the') && slotAt(j + 2)) agent = party(slotAt(j + 2)!);
          if (agent || low[j] === ',') break;
        }
      }
      let other: Party[] = [];
      if (poss.slot && !poss.slot.isPlace) other = [party(poss.slot)];
      else {
        other = findObject(ce, hi, entry, frame === 'agent' ? tPreps : sPreps, false, 8);
      }
      const exclude = new Set(other.map((o) => o.slot.ref.actorId));
      agent ??= findSubject(poss.npStart, lo, exclude);
      if (!agent) return;
      if (!other.length && poss.pronoun !== undefined) {
        // "X, its arms patron": "its" is the clause's subject other than the agent.
        for (let j = lo; j < cs; j++) {
          const s = slotAt(j);
          if (s && !s.isPlace && s.ref.actorId !== agent.slot.ref.actorId) {
            other = [{ slot: s, resolvedBy: 'pronoun', span: tokens[poss.pronoun].span, label: tokens[poss.pronoun].text, antecedent: { start: s.start, end: s.end } }];
            break;
          }
          if (s) j = s.t1 - 1;
        }
      }
      for (const o of other) {
        if (frame === 'agent') emit(entry, relation, cs, ce, agent, o, lo, hi, { ...base, negFrom: agent.slot.t1 });
        else emit(entry, relation, cs, ce, o, agent, lo, hi, { ...base, negFrom: agent.slot.t1, extra: { inverse: true } });
      }
      return;
    }
    if (frame === 'event') {
      // A noun cue that modifies the next noun is not the act itself: "attack drones", "visit schedule".
      if (ce < hi && tokens[ce].pos === 'NOUN' && !slotAt(ce) && !entry.byClass) return;
      const poss = findPossessor(cs, lo);
      let source: Party | null = poss.slot && !poss.slot.isPlace ? party(poss.slot) : null;
      let sourceBy = 'possessor';
      // "Netanyahu's last visit to the country": the country is not the visitor's own.
      const own = new Set<string>(poss.slot ? [poss.slot.ref.actorId, ...(poss.slot.ref.stateId ? [poss.slot.ref.stateId] : [])] : []);
      const targets = findObject(ce, hi, entry, tPreps, false, 8, false, own);
      if (!source && sPreps.length) {
        const s = findObject(ce, hi, withoutPlaceTarget(entry), sPreps, false, 4, true).find((p) => !targets.some((t) => t.slot === p.slot));
        if (s) {
          source = s;
          sourceBy = 'prep';
        }
      }
      if (!source && poss.pronoun !== undefined) {
        const cs0 = clauseSubject(lo, poss.npStart, new Set(targets.map((t) => t.slot.ref.actorId)));
        if (cs0) {
          source = { slot: cs0, resolvedBy: 'pronoun', span: tokens[poss.pronoun].span, label: tokens[poss.pronoun].text, antecedent: { start: cs0.start, end: cs0.end } };
          sourceBy = 'pronoun';
        }
      }
      if (!source) {
        source = findSubject(poss.npStart, lo, new Set(targets.map((t) => t.slot.ref.actorId)), 15);
        sourceBy = 'subject';
      }
      if (!source || !targets.length) return;
      const conf = sourceBy === 'subject' ? entry.confidence * 0.85 : entry.confidence;
      for (const t of targets) emit(entry, relation, cs, ce, source, t, lo, hi, { ...base, confidence: conf, negFrom: source.slot.t1 });
      return;
    }
    if (frame === 'deal') {
      const sellers = findObject(ce, hi, entry, tPreps, false, 8);
      if (!sellers.length) return;
      const exclude = new Set(sellers.map((s) => s.slot.ref.actorId));
      let buyer = findSubject(cs, lo, exclude);
      if (!buyer) {
        for (let j = ce; j < sellers[0].slot.t0; j++) {
          const s = slotAt(j);
          if (s && !s.isPlace && !exclude.has(s.ref.actorId)) {
            buyer = party(s);
            break;
          }
        }
      }
      if (!buyer) return;
      for (const s of sellers) emit(entry, relation, cs, ce, s, buyer, lo, hi, { ...base, negFrom: buyer.slot.t1, extra: { inferredDirection: true } });
      return;
    }
    if (frame === 'mediate') {
      const poss = findPossessor(cs, lo);
      const between = betweenPair(ce, hi, 8);
      if (!between) return;
      const mediator = poss.slot && !poss.slot.isPlace ? party(poss.slot) : findSubject(poss.npStart, lo, new Set(between.pair.map((p) => p.slot.ref.actorId)));
      if (!mediator) return;
      const ids = between.pair.map((p) => p.slot.ref.actorId);
      for (const p of between.pair) emit(entry, relation, cs, ce, mediator, p, lo, hi, { ...base, negFrom: mediator.slot.t1, extra: { between: ids } });
      return;
    }
    // symmetric
    const pairs: Array<[Party, Party]> = [];
    let negFrom = cs;
    let evalAfter = ce;
    const addChain = (chain: Party[]): void => {
      for (let a = 0; a < chain.length; a++) for (let b = a + 1; b < chain.length; b++) pairs.push([chain[a], chain[b]]);
    };
    const after = betweenPair(ce, hi, 3);
    if (after) {
      addChain(after.pair);
      evalAfter = after.end;
    } else {
      const poss = findPossessor(cs, lo);
      const objects = findObject(ce, hi, entry, tPreps, false, 6, false, poss.slot ? new Set([poss.slot.ref.stateId ?? poss.slot.ref.actorId]) : undefined);
      // "X and Y are allies", "X-Y relations": a coordinated group right before the cue phrase.
      let chain: Slot[] = [];
      const anchor = poss.slot ?? nearestSlotBefore(poss.npStart, lo);
      if (anchor && !objects.length) chain = coordinated(anchor, lo, cs).filter((s) => !s.isPlace || s.ref.stateId);
      if (chain.length >= 2) {
        addChain(chain.map((s) => party(s, s.via)));
        negFrom = chain[chain.length - 1].t1;
      } else if (objects.length) {
        const exclude = new Set(objects.map((o) => o.slot.ref.actorId));
        let one: Party | null = poss.slot ? party(poss.slot) : null;
        if (!one && poss.pronoun !== undefined) {
          const cs0 = clauseSubject(lo, poss.npStart, exclude);
          if (cs0) one = { slot: cs0, resolvedBy: 'pronoun', span: tokens[poss.pronoun].span, label: tokens[poss.pronoun].text, antecedent: { start: cs0.start, end: cs0.end } };
        }
        one ??= findSubject(poss.npStart, lo, exclude, 15);
        if (one) {
          for (const o of objects) pairs.push([one, o]);
          negFrom = one.slot.t1;
          evalAfter = objects[objects.length - 1].slot.t1;
        }
      } else {
        // "ties between X and Y would never lead to a strategic relationship"; "the two countries signed a partnership".
        for (let j = lo; j < cs; j++) {
          const bp = low[j] === 'between' ? betweenPair(j, cs, 1) : null;
          if (bp) {
            addChain(bp.pair);
            negFrom = bp.end;
            break;
          }
          const an = pairAnaphorAt(j, cs);
          if (an) {
            const span = { start: tokens[j].span.start, end: tokens[an.end - 1].span.end };
            const label = text.slice(span.start, span.end);
            addChain(an.pair.map((s) => ({ slot: s, resolvedBy: 'pair-anaphor', span, label, antecedent: { start: s.start, end: s.end } })));
            negFrom = an.end;
            break;
          }
        }
      }
    }
    for (const [a, b] of pairs) emit(entry, relation, cs, ce, a, b, lo, hi, { ...base, negFrom: Math.min(negFrom, cs), evalFrom: evalAfter });
  }

  function nearestSlotBefore(before: number, lo: number): Slot | null {
    // A coordinated subject may stand a verb away: "X and Y maintain strategic ties", "X and Y sign a partnership".
    for (let j = before - 1; j >= lo && before - j <= 5; j--) {
      const s = slotAt(j);
      if (s) return s;
      if (tokens[j].text === ',' || tokens[j].pos === 'ADP') return null;
    }
    return null;
  }

  return out;
}

function posOk(entry: CueEntry, i: number, tokens: TokenLike[], low: string[]): boolean {
  const pos = entry.pos ?? 'ANY';
  if (pos === 'ANY') return true;
  const prev = i > 0 ? low[i - 1] : '';
  const prevPos = i > 0 ? tokens[i - 1].pos : '';
  const nounContext =
    POSSESSIVE.has(prev) || POSS_PRONOUN.has(prev) || prevPos === 'DET' || prevPos === 'ADJ' || prevPos === 'NUM' || prev === 'the' || prev === 'a' || prev === 'an';
  if (pos === 'NOUN') return tokens[i].pos === 'NOUN' || tokens[i].pos === 'PROPN' || nounContext;
  return (tokens[i].pos === 'VERB' || tokens[i].pos === 'AUX') && !nounContext;
}

function trimSpan(text: string, s: Span): Span {
  let a = s.start;
  let b = s.end;
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return { start: a, end: b };
}

function toParty(p: Party): RelationParty {
  return {
    actorId: p.slot.ref.actorId,
    actorKind: p.slot.ref.actorKind,
    canonical: p.slot.ref.canonical,
    ...(p.slot.ref.stateId ? { stateId: p.slot.ref.stateId } : {}),
    label: p.label,
    span: p.span,
    resolvedBy: p.resolvedBy,
  };
}

function stateSlot(s: Slot, stateId: string, input: RelationInput): Slot {
  const name = input.stateName?.(stateId) ?? input.mentions.find((m) => m.actorId === stateId)?.canonical ?? stateId.replace(/^state:/, '');
  return { ...s, ref: { actorId: stateId, actorKind: 'state', canonical: name, stateId }, isPlace: false, modifier: false };
}

/** Actor mentions plus linked labels that are not mentions, hyphenated compounds split ("Baku-Tel Aviv"), mapped to token ranges. */
function buildSlots(input: RelationInput, tokens: TokenLike[], starts: Int32Array, ends: Int32Array, sent: Int32Array, hyphens: number[]): Slot[] {
  const n = tokens.length;
  const raw: Array<{ m: MentionLike; via: string }> = input.mentions.map((m) => ({ m, via: 'mention' }));
  const sortedMentions = sortedByStart(input.mentions) ? input.mentions : [...input.mentions].sort((a, b) => a.span.start - b.span.start);
  const overlaps = (s: Span): boolean => overlapsAny(sortedMentions, s);
  for (const l of input.labels ?? []) {
    if (l.actorKind === 'place' && !l.stateId) continue;
    if (!overlaps(l.span)) raw.push({ m: l, via: 'label' });
  }
  // Mentions and labels with hyphenated compounds split; the list is copied only when something splits.
  let expanded: Array<{ m: MentionLike; via: string }> = raw;
  if (input.lookupName) {
    for (let k = 0; k < raw.length; k++) {
      const r = raw[k];
      const label = r.m.label;
      const parts = label.indexOf('-') >= 0 || label.indexOf('–') >= 0 ? splitCompound(r.m, input.lookupName) : null;
      if (parts) {
        if (expanded === raw) expanded = raw.slice(0, k);
        for (const m of parts) expanded.push({ m, via: 'compound' });
      } else if (expanded !== raw) expanded.push(r);
    }
  }
  if (input.lookupName && hyphens.length) {
    // Hyphenated compounds of known names that no mention covers ("Tehran-Baku relations", "Israel-Azerbaijan ties").
    let covered: Span[] | null = null;
    let c = 0;
    let next = 0;
    for (const h of hyphens) {
      const i = h - 1;
      if (i < next || i < 0 || i + 2 >= n || !/^\p{Lu}/u.test(tokens[i].text)) continue;
      let j = i;
      let hyphen = false;
      while (j + 2 < n && (tokens[j + 1].text === '-' || tokens[j + 1].text === '–') && starts[j + 1] === ends[j] && starts[j + 2] === ends[j + 1]) {
        j += 2;
        hyphen = true;
        while (j + 1 < n && starts[j + 1] === ends[j] + 1 && /^\p{Lu}/u.test(tokens[j + 1].text) && tokens[j].text !== '-') j++;
      }
      if (!hyphen) continue;
      const span = { start: starts[i], end: ends[j] };
      covered ??= expanded.map((e) => e.m.span).sort((a, b) => a.start - b.start);
      while (c < covered.length && covered[c].end <= span.start) c++;
      if (!(c < covered.length && covered[c].start < span.end)) {
        const label = input.text.slice(span.start, span.end);
        const parts = splitCompound({ span, label, labelType: 'name', actorId: '', actorKind: 'place', canonical: label }, input.lookupName);
        if (parts) {
          if (expanded === raw) expanded = raw.slice();
          expanded.push(...parts.map((m) => ({ m, via: 'compound' })));
        }
      }
      next = j + 1;
    }
  }
  const cmp = (a: { m: MentionLike }, b: { m: MentionLike }): number => a.m.span.start - b.m.span.start || b.m.span.end - a.m.span.end;
  let sorted = true;
  for (let k = 1; k < expanded.length && sorted; k++) if (cmp(expanded[k - 1], expanded[k]) > 0) sorted = false;
  if (!sorted) {
    if (expanded === raw) expanded = raw.slice();
    expanded.sort(cmp);
  }
  const out: Slot[] = [];
  let t = 0;
  let lastEnd = -1;
  for (const { m, via } of expanded) {
    if (m.span.start < lastEnd) continue; // nested or overlapping: the earlier, longer one wins
    while (t < n && ends[t] <= m.span.start) t++;
    let t1 = t;
    while (t1 < n && starts[t1] < m.span.end) t1++;
    if (t1 === t) continue;
    const next = tokens[t1];
    const oneWord = t1 - t === 1;
    const modifier =
      (m.labelType === 'demonym' || (via === 'label' && oneWord)) && !!next && (next.pos === 'NOUN' || next.pos === 'ADJ' || next.pos === 'PROPN') && starts[t1] - m.span.end <= 1;
    out.push({
      start: m.span.start,
      end: m.span.end,
      t0: t,
      t1,
      sentence: sent[t],
      ref: m.stateId
        ? { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical, stateId: m.stateId }
        : { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical },
      label: m.label,
      via,
      isPlace: m.actorKind === 'place',
      modifier,
    });
    lastEnd = m.span.end;
  }
  return out;
}

function splitCompound(m: MentionLike, lookup: (name: string) => ActorRef | null): MentionLike[] | null {
  const re = /\s*[-–]\s*/g;
  const parts: Array<{ s: number; e: number }> = [];
  let last = 0;
  let mm: RegExpExecArray | null;
  while ((mm = re.exec(m.label))) {
    parts.push({ s: last, e: mm.index });
    last = mm.index + mm[0].length;
  }
  parts.push({ s: last, e: m.label.length });
  if (parts.length < 2) return null;
  const out: MentionLike[] = [];
  for (const p of parts) {
    const name = m.label.slice(p.s, p.e);
    const ref = name ? lookup(name) : null;
    if (!ref || ref.actorKind === 'person') return null;
    out.push({ span: { start: m.span.start + p.s, end: m.span.start + p.e }, label: name, labelType: 'name', ...ref });
  }
  return out;
}
