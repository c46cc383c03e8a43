import type { ActorKind } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import type { ActorMention } from '../actors/index.js';
import type { QuoteLexicon, SpeechVerb, VerbStance } from './lexicon.js';

export type QuoteType = 'direct' | 'indirect' | 'partial';
/** How the speaker was found: a name (or other actor mention) at the cue, a pronoun, a role noun ("the pundit"),
 * the speaker of the previous quote (a quote that runs on without a new cue), or the subject of a sentence that
 * introduces the quote with a colon. 'unresolved': speaker words found but no actor ("sources", "the author"). */
export type SpeakerVia = 'name' | 'pronoun' | 'role' | 'continuation' | 'colon' | 'unresolved';

/** One attribution: the 'quotes' product. */
export interface Quote {
  /** Direct and partial quotes: the quotation with its marks. Indirect: the reported content. */
  span: Span;
  /** What was said: inside the marks for direct/partial quotes; the clause for indirect speech ("that …" included). */
  contentSpan: Span;
  /** The cue: verb ("said", "pointed out"), phrase ("according to") or the colon that introduces a quote; null for a continuation. */
  cueSpan: Span | null;
  /** Lemma of the cue ("say", "point out", "according to"), or null. */
  verb: string | null;
  /** The words naming the speaker ("Israeli President Isaac Herzog", "he", "the pundit"), or null. */
  speakerSpan: Span | null;
  /** Within-article actor id of the speaker (as in the 'actors' product), or null. */
  speakerActorId: string | null;
  speakerKind: ActorKind | null;
  /** Canonical actor name when resolved, otherwise the speaker words, or null. */
  speakerName: string | null;
  speakerVia: SpeakerVia | null;
  type: QuoteType;
  /** Stance the cue verb takes towards the content; null without a cue verb. */
  verbStance: VerbStance | null;
}

interface Cue {
  a: number; // first token
  b: number; // end token (exclusive)
  verb: SpeechVerb;
}

interface Speaker {
  span: Span | null;
  actorId: string | null;
  kind: ActorKind | null;
  name: string | null;
  via: SpeakerVia | null;
}

const NP_POS = new Set(['PROPN', 'NOUN', 'ADJ', 'DET', 'PRON', 'NUM']);
const SKIP_BEFORE_VERB = new Set(['ADV', 'AUX', 'PART']);
const PRONOUNS: Record<string, 'person' | 'group' | 'thing'> = { he: 'person', she: 'person', they: 'group', it: 'thing' };
const CLAUSE_END = /^[.!?]$/;
const POSSESSIVE = /^['’]s?$/;
/** Past forms are verbs even when wink tags them otherwise; -s forms ("claims", "states") are often nouns. */
const sortedByStart = (xs: ReadonlyArray<{ span: Span }>): boolean => {
  for (let i = 1; i < xs.length; i++) if (xs[i].span.start < xs[i - 1].span.start) return false;
  return true;
};
/** A letter or a digit: a quotation without one quotes no words. */
const HAS_WORD = /[\p{L}\p{N}]/u;
const isPastForm = (w: string): boolean => /(?:ed|said|told|wrote|thought)$/.test(w);

export interface ExtractInput {
  text: string;
  tokens: readonly Token[];
  regions: readonly QuoteRegion[];
  paragraphs: readonly Span[];
  actors: readonly ActorMention[];
  /** Lower-case role nouns (from the actors gazetteer), single or multiword. */
  roles: ReadonlySet<string>;
  lexicon: QuoteLexicon;
}

/** Cue words of a lexicon, prepared once: one lookup per token, and a hash table of (length, first two characters)
 * that lets most tokens skip the lookup. Rebuilt if the lexicon's maps change size. */
interface CueWord {
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
const cueHash = (w: string): number => ((w.length * 131 + (w.charCodeAt(0) | 0)) * 131 + (w.charCodeAt(1) | 0)) & MASK_BITS;
const preparedCues = new WeakMap<QuoteLexicon, PreparedCues>();
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
function uint8View(n: number): Uint8Array {
  if (scratch8.length < n) scratch8 = new Uint8Array(Math.max(n, 2 * scratch8.length, 4096));
  const v = scratch8.subarray(0, n);
  v.fill(0);
  return v;
}

/**
 * Finds direct quotes (from the nlp quote regions), partial quotes and indirect speech, with cue, speaker and the
 * cue verb's stance. Linear in the number of tokens: each cue looks at a bounded window of tokens around it, and
 * speaker resolution walks sorted lists with moving cursors.
 */
export function extractQuotes(input: ExtractInput): Quote[] {
  const { text, tokens, paragraphs, actors, roles, lexicon } = input;
  const n = tokens.length;
  const regions = input.regions.filter((r) => r.depth === 0);
  if (!sortedByStart(regions)) regions.sort((x, y) => x.span.start - y.span.start);
  const cueWords = prepareCues(lexicon);

  // --- indexes -------------------------------------------------------------------------------------------
  // One sequential pass over the tokens: their offsets, paragraph, sentence start, and the tokens that are cue
  // words (everything later reads these compact arrays instead of the token objects where it can).
  const mentions = sortedByStart(actors) ? actors : actors.slice().sort((x, y) => x.span.start - y.span.start);
  const nm = mentions.length;
  /** Token offsets; paragraph of each token and the first token of its sentence; region (-1: none) and actor mention
   * (-1: none) of each token; token index of each mention's start and of its end offset. */
  const [starts, ends, paraOf, sentFirst, inRegion, mentionOfTok, mTok0, mTokEnd] = int32Views([n, n, n, n, n, n, nm, nm]);
  /** Tokens that are cue words (first words of two-word forms included), in order, with their lexicon entry. */
  const cueTok: number[] = [];
  const cueTokWord: CueWord[] = [];
  {
    const { mask, words } = cueWords;
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
  const tokIdx = (offset: number): number => {
    // first token whose start >= offset
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (starts[m] < offset) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  // Region index containing the token (marks included), or -1.
  inRegion.fill(-1);
  for (let k = 0; k < regions.length; k++) {
    const end = regions[k].span.end;
    for (let i = tokIdx(regions[k].span.start); i < n && ends[i] <= end; i++) inRegion[i] = k;
  }
  const paraIdxAt = (offset: number): number => {
    let lo = 0;
    let hi = paragraphs.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (paragraphs[m].end <= offset) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  // Mention of each token (a later mention wins where they overlap); token index of each mention's start and of
  // its end offset (the first token starting at or after it).
  mentionOfTok.fill(-1);
  for (let k = 0; k < nm; k++) {
    const m = mentions[k];
    const i0 = tokIdx(m.span.start);
    mTok0[k] = i0;
    mTokEnd[k] = tokIdx(m.span.end);
    const end = m.span.end;
    for (let i = i0; i < n && ends[i] <= end; i++) mentionOfTok[i] = k;
  }
  const sentStart = (i: number): number => {
    if (i < n) return sentFirst[i];
    let j = i; // out of range: as the walk it replaces (which fails the same way)
    while (j > 0 && tokens[j - 1].sentence === tokens[i].sentence) j--;
    return j;
  };
  const sentEnd = (i: number): number => {
    let j = i;
    const s = tokens[i].sentence;
    while (j + 1 < n && tokens[j + 1].sentence === s) j++;
    return j + 1;
  };
  const span = (a: number, b: number): Span => ({ start: starts[a], end: ends[b - 1] });

  // Roles people carry in this article: the actors analyzer's titles plus role nouns written before the name
  // ("pundit and historian David Eidelman") or in an apposition after it ("Borodkin, an Israeli journalist,").
  // Only role references ("the pundit") need them: built on first use.
  let personRolesMap: Map<string, Set<string>> | null = null;
  const personRoles = (): Map<string, Set<string>> => {
    if (personRolesMap) return personRolesMap;
    const map = (personRolesMap = new Map<string, Set<string>>());
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
      const from = m.titleSpan ? tokIdx(Math.min(m.titleSpan.start, m.span.start)) : i0;
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
  };
  // (Built eagerly, a mention starting after the last token failed the analyzer here; it still does.)
  for (let mk = 0; mk < nm; mk++) {
    const m = mentions[mk];
    if (m.actorKind !== 'person' || mTok0[mk] < n) continue;
    const from = m.titleSpan ? tokIdx(Math.min(m.titleSpan.start, m.span.start)) : mTok0[mk];
    if (from - 1 >= 0) void tokens[mTok0[mk]].sentence;
  }

  // Persons that are the subject of their sentence (no verb before them, not a possessor): salient for pronouns.
  const subjects: ActorMention[] = [];
  for (let mk = 0; mk < nm; mk++) {
    const m = mentions[mk];
    if (m.actorKind !== 'person' || m.inQuote) continue;
    const i0 = mTok0[mk];
    const after = tokens[mTokEnd[mk]];
    if (after && POSSESSIVE.test(after.text)) continue;
    let ok = true;
    for (let j = sentStart(i0); j < i0; j++) {
      if (tokens[j].pos === 'VERB' || tokens[j].pos === 'AUX') {
        ok = false;
        break;
      }
    }
    if (ok) subjects.push(m);
  }

  // --- cues ----------------------------------------------------------------------------------------------
  const cueAt = (i: number): Cue | null => {
    const lw = tokens[i].lower;
    if (cueWords.mask[cueHash(lw)] === 0) return null;
    const w = cueWords.words.get(lw);
    return w ? cueWith(i, w) : null;
  };
  /** The cue at token i, whose lower-case form is the cue word w. */
  const cueWith = (i: number, w: CueWord): Cue | null => {
    const t = tokens[i];
    const two = w.double;
    if (two && i + 1 < n) for (const [w2, verb] of two) if (tokens[i + 1].lower === w2) return { a: i, b: i + 2, verb };
    const verb = w.single;
    if (!verb) return null;
    if (t.pos === 'VERB' || (isPastForm(t.lower) && t.pos !== 'ADJ')) return { a: i, b: i + 1, verb };
    // wink tags some -s verbs as nouns ("The minister claims the …"): accept after a subject, before a clause.
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.pos === 'NOUN' && /s$/.test(t.lower) && prev && (prev.pos === 'PROPN' || prev.pos === 'PRON') && next && (next.lower === 'that' || next.pos === 'DET' || next.pos === 'PRON')) {
      return { a: i, b: i + 1, verb };
    }
    return null;
  };
  /** Passive or adjectival uses are not cues: "is said to", "the so-called", "alleged crimes". */
  const passive = (c: Cue): boolean => {
    const p = tokens[c.a - 1];
    if (!p) return false;
    if (p.pos === 'AUX' && /^(is|are|was|were|be|been|being)$/.test(p.lower)) return true;
    if (p.lower === 'so' || p.text === '-') return true;
    if (c.verb.lemma !== 'according to' && (p.pos === 'DET' || p.lower === 'the')) return true;
    return false;
  };

  /** Subject noun phrase ending before token `end` (exclusive), skipping adverbs/auxiliaries; [a, b) or null. */
  const npBefore = (end: number, limit: number): [number, number] | null => {
    let b = end;
    while (b > limit && SKIP_BEFORE_VERB.has(tokens[b - 1].pos) && tokens[b - 1].text !== "'s") b--;
    let a = b;
    while (a > limit && b - a < 10) {
      const t = tokens[a - 1];
      if (inRegion[a - 1] >= 0) break;
      if (NP_POS.has(t.pos) || POSSESSIVE.test(t.text) || (t.text === '-' || t.text === '.') && a - 1 > limit) a--;
      else if (mentionOfTok[a - 1] >= 0) a--;
      else break;
    }
    // a relative pronoun is not part of the speaker: "what he called", "the resolution that asked"
    while (a < b && /^(what|which|who|whom|that)$/.test(tokens[a].lower) && mentionOfTok[a] < 0) a++;
    while (b > a && /^(what|which|who|whom|that)$/.test(tokens[b - 1].lower) && mentionOfTok[b - 1] < 0) b--;
    if (a === b) return null;
    // Extend to the whole actor mention and its title ("Iranian Foreign Minister Hossein Amir-Abdollahian").
    const k = mentionOfTok[a];
    if (k >= 0) a = Math.max(limit, Math.min(a, mTok0[k]));
    // "which/who …" or a lone determiner is not a speaker
    if (b - a === 1 && (tokens[a].pos === 'DET' || /^(which|who|that|this|what)$/.test(tokens[a].lower))) return null;
    return [a, b];
  };
  /** Noun phrase starting at token `start`: [a, b) or null. */
  const npAfter = (start: number, limit: number): [number, number] | null => {
    let b = start;
    while (b < limit && b - start < 10) {
      const t = tokens[b];
      if (inRegion[b] >= 0) break;
      if (NP_POS.has(t.pos) || POSSESSIVE.test(t.text) || mentionOfTok[b] >= 0 || ((t.text === '-' || t.text === '.') && b > start && b + 1 < limit && tokens[b + 1].pos === 'PROPN')) b++;
      else if (t.lower === 'of' && b > start && b + 1 < limit && (tokens[b + 1].pos === 'PROPN' || tokens[b + 1].pos === 'DET')) b++;
      else break;
    }
    return b > start ? [start, b] : null;
  };

  /** The subject of the cue at token i: a noun phrase, the subject of the first verb of "X did … and said", or
   * 'infinitive' for "it is possible to say" (no subject of its own). */
  const subjectOf = (i: number, s0: number): [number, number] | null | 'infinitive' => {
    let b = i;
    while (b > s0 && SKIP_BEFORE_VERB.has(tokens[b - 1].pos) && tokens[b - 1].lower !== 'to') b--;
    if (b > s0 && tokens[b - 1].lower === 'to') return 'infinitive';
    const np = npBefore(i, s0);
    if (np) return np;
    if (b > s0 && tokens[b - 1].lower === 'and') {
      for (let v = b - 2; v >= s0 && v >= b - 25; v--) if (tokens[v].pos === 'VERB' && inRegion[v] < 0) return npBefore(v, s0);
    }
    // "the OCSB's own spokesman, Jens Aukland, admitted": the name in the apposition just before the verb.
    if (b - 1 > s0 && tokens[b - 1].text === ',') return npBefore(b - 1, s0);
    return null;
  };
  /** ", saying that …": the subject of the sentence's first verb. */
  const sentenceSubject = (i: number, s0: number): [number, number] | null => {
    for (let v = s0; v < i; v++) if ((tokens[v].pos === 'VERB' || tokens[v].pos === 'AUX') && inRegion[v] < 0) return npBefore(v, s0);
    return null;
  };

  // --- speaker resolution (in text order, with discourse state) --------------------------------------------
  let lastSpeaker: { actorId: string; kind: ActorKind; name: string; at: number; para: number } | null = null;
  let subjCursor = 0;
  let lastSubject: ActorMention | null = null;
  const advanceSubjects = (pos: number): void => {
    while (subjCursor < subjects.length && subjects[subjCursor].span.end <= pos) lastSubject = subjects[subjCursor++];
  };
  const mentionsIn = (s: Span): ActorMention[] => {
    const out: ActorMention[] = [];
    let lo = 0;
    let hi = mentions.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (mentions[m].span.end <= s.start) lo = m + 1;
      else hi = m;
    }
    for (let k = lo; k < mentions.length && mentions[k].span.start < s.end; k++) if (mentions[k].actorKind !== 'place') out.push(mentions[k]);
    return out;
  };
  /** Most recent person before `pos` with a role (exact, then same family); a moving scan would do, but role
   * references are rare, so a backwards walk over the mentions before `pos` is bounded in practice. */
  const byRole = (role: string, pos: number): ActorMention | null => {
    // Roles of one family are used interchangeably for one person ("historian X", later "the pundit"), so within
    // a family the most recent holder of any of its roles wins; other roles must match exactly.
    const fam = lexicon.roleFamily.get(role);
    for (let k = mentions.length - 1; k >= 0; k--) {
      const m = mentions[k];
      if (m.span.start >= pos || m.actorKind !== 'person' || m.inQuote) continue;
      const rs = personRoles().get(m.actorId);
      if (!rs) continue;
      if (rs.has(role)) return m;
      if (fam) for (const r of rs) if (lexicon.roleFamily.get(r) === fam) return m;
    }
    return null;
  };

  const resolve = (np: [number, number] | null, at: number): Speaker => {
    if (!np) return { span: null, actorId: null, kind: null, name: null, via: null };
    const s = span(np[0], np[1]);
    const words = text.slice(s.start, s.end);
    // The speaker is the head of the phrase: "Israeli officials" (one mention) or "Benny Gantz", not a possessor
    // ("Gantz's office") or a modifier ("Western Azerbaijan Community").
    const inNp = mentionsIn(s).filter(
      (m) => m.span.end === s.end || (m.labelType === 'demonym' && m.actorKind === 'state' && tokIdx(m.span.end) === np[1] - 1 && tokens[np[1] - 1].pos === 'NOUN'),
    );
    const named = inNp.filter((m) => m.actorKind === 'person').pop() ?? inNp.pop();
    if (named) return { span: s, actorId: named.actorId, kind: named.actorKind, name: named.canonical, via: 'name' };
    const last = tokens[np[1] - 1];
    if (np[1] - np[0] === 1 && PRONOUNS[last.lower]) {
      const want = PRONOUNS[last.lower];
      advanceSubjects(at);
      if (want === 'person') {
        const subj = lastSubject as ActorMention | null;
        const sp = lastSpeaker?.kind === 'person' ? lastSpeaker : null;
        const pick = sp && (!subj || sp.at >= subj.span.start) ? { actorId: sp.actorId, kind: sp.kind, name: sp.name } : subj ? { actorId: subj.actorId, kind: subj.actorKind, name: subj.canonical } : null;
        if (pick) return { span: s, ...pick, via: 'pronoun' };
      } else {
        // "The leadership of Azerbaijan signalled … when it announced": the subject earlier in the sentence first.
        const s0 = sentStart(np[0]);
        const inSentence = s0 < np[0] ? mentionsIn(span(s0, np[0])).find((m) => !m.inQuote && (m.actorKind === 'organisation' || m.actorKind === 'state')) : undefined;
        if (inSentence) return { span: s, actorId: inSentence.actorId, kind: inSentence.actorKind, name: inSentence.canonical, via: 'pronoun' };
        if (lastSpeaker && lastSpeaker.kind !== 'place' && (want === 'group' || lastSpeaker.kind !== 'person')) {
          return { span: s, actorId: lastSpeaker.actorId, kind: lastSpeaker.kind, name: lastSpeaker.name, via: 'pronoun' };
        }
      }
      return { span: s, actorId: null, kind: null, name: words, via: 'unresolved' };
    }
    // Role nouns: "the pundit", "the Israeli political analyst", "the minister".
    const lw = last.lower.replace(/s$/, '');
    const two = np[1] - np[0] >= 2 ? `${tokens[np[1] - 2].lower} ${last.lower}` : '';
    const role = roles.has(two) ? two : roles.has(last.lower) ? last.lower : roles.has(lw) ? lw : '';
    if (role && /^(the|this|that)$/.test(tokens[np[0]].lower) && !/s$/.test(last.lower)) {
      const m = byRole(role, s.start);
      if (m) return { span: s, actorId: m.actorId, kind: 'person', name: m.canonical, via: 'role' };
    }
    return { span: s, actorId: null, kind: null, name: words, via: 'unresolved' };
  };

  // --- candidates ----------------------------------------------------------------------------------------
  interface Cand {
    type: QuoteType;
    span: Span;
    content: Span;
    cue: Cue | null;
    np: [number, number] | null;
    /** Position used for ordering discourse state. */
    at: number;
    via?: SpeakerVia;
    colonSentence?: [number, number];
    /** Token index of an introducing colon (the cue when there is no verb). */
    colonTok?: number;
    region?: number;
  }
  const cands: Cand[] = [];
  const usedCue = uint8View(n); // token index of a cue taken by a direct quote -> 1

  const trimContent = (a: number, b: number): Span | null => {
    // drop leading/trailing punctuation tokens except quote marks inside
    while (a < b && /^[,;:—–-]$/.test(tokens[a].text)) a++;
    while (b > a && /^[,;:.!?—–-]$/.test(tokens[b - 1].text)) b--;
    return b > a ? span(a, b) : null;
  };

  // Direct and partial quotes.
  const paraEndMemo = new Map<number, number>();
  for (let k = 0; k < regions.length; k++) {
    const r = regions[k];
    const first = tokIdx(r.span.start);
    // A quotation mark opening after the last token (text ending "…«") has no words to quote or attribute.
    if (first >= tokens.length) continue;
    let afterI = tokIdx(r.span.end);
    const content = r.contentSpan;
    const inner = text.slice(content.start, content.end).trim();
    // Marks around nothing but spaces or punctuation ("", “…”, '—') quote no words: not a quotation of anyone.
    if (!HAS_WORD.test(inner)) continue;
    const words = inner.split(/\s+/).filter(Boolean).length;
    const endsSentence = /[.!?…]["'”’]?$/.test(inner);
    const endsComma = /[,]$/.test(inner);
    const para = paraIdxAt(r.span.start);
    // The first token at or after afterI that is outside the paragraph. Memoised per paragraph (the tokens of a
    // paragraph are contiguous): scanning from every quote was quadratic in a long paragraph full of quotes.
    const inPara = (i: number): boolean => i < n && paraOf[i] === para && tokens[i].span.start < paragraphs[para].end;
    let paraEndTok = afterI;
    if (inPara(afterI)) {
      let e = paraEndMemo.get(para);
      if (e === undefined) {
        e = afterI;
        while (inPara(e)) e++;
        paraEndMemo.set(para, e);
      }
      paraEndTok = e;
    }
    let cand: Cand | null = null;
    // Short Title Case quotations are titles or names ("Fox and Friends", “Spike”), not speech, unless a colon
    // introduces them.
    const titleLike = words <= 6 && inner.split(/\s+/).every((w) => /^[^\p{L}]*(\p{Lu}|\d)/u.test(w) || /^(of|and|the|a|an|in|on|for|to|at|by|with|is|it)$/i.test(w));
    if (titleLike && tokens[first - 1]?.text !== ':') continue;
    // a) cue after the quote: “…,” he said / “…,” said X / “…” Herzog said in a statement
    if (tokens[afterI]?.text === ',' && !endsComma) afterI++;
    if (!cand && afterI < paraEndTok && inRegion[afterI] < 0) {
      let stop = afterI;
      while (stop < paraEndTok && stop - afterI < 12 && !CLAUSE_END.test(tokens[stop].text) && inRegion[stop] < 0 && tokens[stop].text !== ':') stop++;
      for (let i = afterI; i < Math.min(stop, afterI + 7); i++) {
        const c = cueAt(i);
        if (!c || c.verb.needsQuote || passive(c)) continue;
        const before = i > afterI ? npBefore(i, afterI) : null;
        const after = !before ? npAfter(c.b, stop) : null;
        const np = before && before[0] === afterI ? before : after;
        if (!np) break;
        // "…, he said. " is a cue; "…. He also said that …" starts a new attribution.
        const next = tokens[c.b];
        if (endsSentence && next && next.lower === 'that') break;
        if (endsSentence && !(endsComma) && tokens[afterI].pos !== 'PRON' && !/^[a-z]/.test(tokens[afterI].text) && stop - afterI > 8) break;
        cand = { type: 'direct', span: r.span, content, cue: c, np, at: r.span.start, region: k };
        usedCue[c.a] = 1;
        break;
      }
    }
    // b) cue before the quote: X stated: “…” / X claimed, “…” / called the move “a betrayal”
    if (!cand && first > 0) {
      const prevTok = tokens[first - 1];
      const sameSentence = prevTok.sentence === tokens[first].sentence || paraOf[first - 1] === para;
      const introPunct = prevTok.text === ':' || prevTok.text === ',';
      const embedded = sameSentence && paraOf[first - 1] === para && !introPunct && !CLAUSE_END.test(prevTok.text) && inRegion[first - 1] < 0;
      if ((introPunct || embedded) && paraOf[first - 1] === para) {
        const lim = Math.max(sentStart(first - 1), first - 14);
        for (let i = first - 1 - (introPunct ? 1 : 0); i >= lim; i--) {
          if (inRegion[i] >= 0) break;
          const c = cueAt(i) ?? (i > 0 ? ((): Cue | null => { const d = cueAt(i - 1); return d && d.b === i + 1 ? d : null; })() : null);
          if (!c || passive(c)) continue;
          if (c.verb.lemma === 'according to') break;
          const subj = subjectOf(c.a, sentStart(c.a));
          const np = subj === 'infinitive' ? null : subj ?? npAfter(c.b, first - 1);
          cand = { type: embedded ? 'partial' : 'direct', span: r.span, content, cue: c, np, at: r.span.start, region: k, ...(subj === 'infinitive' ? { via: 'continuation' as const } : {}) };
          // an embedded quote leaves its cue to the indirect pass too: "X says Iran has “no problem” with …"
          if (!embedded) usedCue[c.a] = 1;
          break;
        }
      }
      // colon introduction without a speech verb: "Aliyev … made a rare public statement:" + quote
      if (!cand && prevTok.text === ':') {
        cand = { type: 'direct', span: r.span, content, cue: null, np: null, at: r.span.start, via: 'colon', colonSentence: [sentStart(first - 1), first - 1], colonTok: first - 1, region: k };
      }
    }
    // c) the quote is inside an indirect attribution or after an "according to" in its sentence: handled below.
    if (!cand) {
      // A quote with no cue: a continuation of the previous speaker, or (short, embedded) a scare quote.
      const atParaStart = first === 0 || paraOf[first - 1] !== para;
      const prevParaColon = atParaStart && first > 0 && tokens[first - 1].text === ':';
      if (prevParaColon) {
        cand = { type: 'direct', span: r.span, content, cue: null, np: null, at: r.span.start, via: 'colon', colonSentence: [sentStart(first - 1), first - 1], colonTok: first - 1, region: k };
      } else if ((words >= 4 || endsSentence) && (atParaStart || (first > 0 && inRegion[first - 1] >= 0) || (first > 0 && CLAUSE_END.test(tokens[first - 1].text)))) {
        cand = { type: 'direct', span: r.span, content, cue: null, np: null, at: r.span.start, via: 'continuation', region: k };
      } else {
        cand = { type: 'partial', span: r.span, content, cue: null, np: null, at: r.span.start, region: k, via: 'unresolved' };
      }
    }
    cands.push(cand);
  }

  // Indirect speech in the outlet's own words.
  // Only cue words can start an attribution; after an "according to" the scan resumes behind it.
  let resume = 0;
  for (let ci = 0; ci < cueTok.length; ci++) {
    const i = cueTok[ci];
    if (i < resume || inRegion[i] >= 0 || usedCue[i] === 1) continue;
    const c = cueWith(i, cueTokWord[ci]);
    if (!c || c.verb.needsQuote || passive(c)) continue;
    const s0 = sentStart(i);
    const s1 = sentEnd(i);
    if (c.verb.lemma === 'according to') {
      // "According to X, CONTENT." / "CONTENT, according to X."
      let j = c.b;
      while (j < s1 && tokens[j].text !== ',' && !CLAUSE_END.test(tokens[j].text) && inRegion[j] < 0 && j - c.b < 12) j++;
      const np: [number, number] | null = j > c.b ? [c.b, j] : null;
      let content: Span | null = null;
      const leadIn = i === s0 || tokens[i - 1].text === ',';
      if (leadIn && tokens[j]?.text === ',') content = trimContent(j + 1, s1);
      else if (i > s0) content = trimContent(s0, i);
      if (!content || !np) continue;
      cands.push({ type: 'indirect', span: content, content, cue: c, np, at: tokens[i].span.start });
      resume = c.b;
      continue;
    }
    let np: [number, number] | null;
    if (/ing$/.test(tokens[i].lower)) {
      // ", saying that …" belongs to the sentence's subject; "a notice stating …" is not an attribution we take.
      if (i === s0 || tokens[i - 1].text !== ',') continue;
      np = sentenceSubject(i, s0);
    } else {
      const subj = subjectOf(i, s0);
      if (subj === 'infinitive') continue;
      np = subj;
    }
    const afterVerb = c.b;
    if (i > s0 && tokens[i - 1].text === ',' && (tokens[afterVerb]?.lower === 'that' || tokens[afterVerb]?.pos === 'PRON')) {
      // "X, an economist who served …, said that …": the subject is the sentence's first noun phrase.
      const first = npAfter(s0, i);
      if (first && first[1] < i && tokens[first[1]].text === ',') np = first;
    }
    // "…, X said." — the cue closes the sentence, the speaker stands between a comma and the verb.
    const nx = tokens[afterVerb];
    const closes = !nx || nx.sentence !== tokens[i].sentence || CLAUSE_END.test(nx.text) || nx.text === ',' || nx.pos === 'ADP' || nx.pos === 'ADV';
    const tail = (from: number): boolean => {
      for (let j = from; j < s1; j++) {
        if (CLAUSE_END.test(tokens[j].text)) return true;
        if (tokens[j].pos === 'VERB' || tokens[j].lower === 'that' || tokens[j].text === ',' || tokens[j].text === ':') return false;
      }
      return true;
    };
    if (np && closes && np[0] > s0 && tokens[np[0] - 1].text === ',' && tail(afterVerb)) {
      const content = trimContent(s0, np[0] - 1);
      if (content && tokens[s0].span.start === content.start && inRegion[s0] < 0) {
        cands.push({ type: 'indirect', span: content, content, cue: c, np, at: tokens[i].span.start });
        continue;
      }
    }
    // "…, said X."
    if (i > s0 && tokens[i - 1].text === ',' && !c.verb.needsThat) {
      const np2 = npAfter(afterVerb, s1);
      const nameLike = np2 && (mentionOfTok[np2[1] - 1] >= 0 || tokens[np2[1] - 1].pos === 'PROPN' || roles.has(tokens[np2[1] - 1].lower) || PRONOUNS[tokens[np2[1] - 1].lower]);
      const ends = np2 && (np2[1] >= s1 || CLAUSE_END.test(tokens[np2[1]].text) || tokens[np2[1]].text === ',' || tokens[np2[1]].pos === 'ADP');
      if (np2 && nameLike && ends && tail(np2[1])) {
        const content = trimContent(s0, i - 1);
        if (content && inRegion[s0] < 0) {
          cands.push({ type: 'indirect', span: content, content, cue: c, np: np2, at: tokens[i].span.start });
          continue;
        }
      }
    }
    // "X said (that) CONTENT" / "X told reporters (that) CONTENT" / "X claimed in 2016 that CONTENT"
    if (!np) continue;
    let j = afterVerb;
    // skip an addressee or a short adverbial before "that"
    let thatAt = -1;
    for (let k = afterVerb; k < Math.min(s1, afterVerb + 6); k++) {
      if (tokens[k].lower === 'that' && tokens[k].pos !== 'DET') {
        thatAt = k;
        break;
      }
      if (tokens[k].pos === 'VERB' || tokens[k].pos === 'AUX' || tokens[k].text === ',' || CLAUSE_END.test(tokens[k].text)) break;
    }
    if (thatAt >= 0) j = thatAt;
    else if (c.verb.needsThat) continue;
    else if (c.verb.object) {
      while (j < s1 && (tokens[j].pos === 'PRON' || tokens[j].pos === 'PROPN' || tokens[j].pos === 'NOUN' || tokens[j].pos === 'DET') && j - afterVerb < 4) j++;
      if (j === afterVerb || !(tokens[j]?.pos === 'PRON' || tokens[j]?.pos === 'DET' || tokens[j]?.pos === 'PROPN' || tokens[j]?.pos === 'NOUN')) continue;
    } else {
      const t = tokens[j];
      if (!t || !(t.pos === 'PRON' || t.pos === 'DET' || t.pos === 'PROPN' || t.pos === 'NOUN' || t.pos === 'ADJ' || t.pos === 'NUM' || t.lower === 'of')) continue;
      // a bare object is not a clause: "said a few words", "announced the deal" — need a verb after it
      let verbSeen = false;
      for (let k = j; k < s1 && k - j < 12; k++) if (tokens[k].pos === 'VERB' || tokens[k].pos === 'AUX') { verbSeen = true; break; }
      if (!verbSeen && t.lower !== 'of') continue;
    }
    // The content runs to the end of the sentence; a direct quote inside it stays its own quote.
    const content = trimContent(j, s1);
    if (!content) continue;
    cands.push({ type: 'indirect', span: content, content, cue: c, np, at: tokens[i].span.start });
  }

  // Partial quotes without their own cue take the cue of an attribution that contains them.
  const indirect = cands.filter((x) => x.type === 'indirect');
  for (const x of cands) {
    if (x.type !== 'partial' || x.cue) continue;
    const host = indirect.find((h) => h.content.start <= x.span.start && x.span.end <= h.content.end);
    if (host) {
      x.cue = host.cue;
      x.np = host.np;
      x.via = undefined;
      x.at = host.at + 0.5;
    }
  }

  // --- resolve speakers in text order --------------------------------------------------------------------
  const ordered = cands.filter((x) => !(x.type === 'partial' && !x.cue)).sort((x, y) => x.at - y.at);
  const out: Quote[] = [];
  let prevDirect: { quote: Quote; at: number; para: number } | null = null;
  for (const x of ordered) {
    let sp: Speaker;
    if (x.via === 'colon' && x.colonSentence) {
      const [a, b] = x.colonSentence;
      const m = mentionsIn(span(a, b)).find((mm) => !mm.inQuote);
      sp = m
        ? { span: m.span, actorId: m.actorId, kind: m.actorKind, name: m.canonical, via: 'colon' }
        : { span: null, actorId: null, kind: null, name: null, via: null };
    } else if (x.via === 'continuation') {
      // A quote without a cue continues the latest speaker of this or the previous paragraph.
      const para = paraIdxAt(x.span.start);
      const prev = prevDirect && para - prevDirect.para <= 1 && prevDirect.quote.speakerName ? prevDirect : null;
      const ls = lastSpeaker && para - lastSpeaker.para <= 1 && (!prev || lastSpeaker.at >= prev.at) ? lastSpeaker : null;
      sp = ls
        ? { span: null, actorId: ls.actorId, kind: ls.kind, name: ls.name, via: 'continuation' }
        : prev
          ? { span: null, actorId: prev.quote.speakerActorId, kind: prev.quote.speakerKind, name: prev.quote.speakerName, via: 'continuation' }
          : { span: null, actorId: null, kind: null, name: null, via: null };
    } else sp = resolve(x.np, x.at);
    const q: Quote = {
      span: x.span,
      contentSpan: x.content,
      cueSpan: x.cue ? span(x.cue.a, x.cue.b) : x.colonTok !== undefined ? span(x.colonTok, x.colonTok + 1) : null,
      verb: x.cue ? x.cue.verb.lemma : null,
      speakerSpan: sp.span,
      speakerActorId: sp.actorId,
      speakerKind: sp.kind,
      speakerName: sp.name,
      speakerVia: sp.via,
      type: x.type,
      verbStance: x.cue ? x.cue.verb.stance : null,
    };
    out.push(q);
    const endPara = paraIdxAt(Math.max(x.span.start, x.span.end - 1));
    if (sp.actorId && sp.kind) lastSpeaker = { actorId: sp.actorId, kind: sp.kind, name: sp.name ?? '', at: x.at, para: endPara };
    if (x.type !== 'indirect') prevDirect = { quote: q, at: x.at, para: endPara };
  }
  return out.sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end);
}

/**
 * The speaker of the words at `offset`: the innermost quote whose content contains it (direct and partial quotes
 * by default; pass `{ indirect: true }` to count reported speech too). `quotes` as in the product (sorted by start).
 */
export function speakerAt(
  quotes: readonly Quote[],
  offset: number,
  opts: { indirect?: boolean } = {},
): { speaker: string | null; actorId: string | null; quote: Quote } | null {
  let best: Quote | null = null;
  for (const q of quotes) {
    if (q.span.start > offset) break;
    if (q.type === 'indirect' && !opts.indirect) continue;
    if (q.contentSpan.start <= offset && offset < q.contentSpan.end) {
      if (!best || q.contentSpan.end - q.contentSpan.start < best.contentSpan.end - best.contentSpan.start) best = q;
    }
  }
  return best ? { speaker: best.speakerName, actorId: best.speakerActorId, quote: best } : null;
}
