// One article's reading for label extraction: its sentences and words, the actor mentions (each word's mention, a
// person's state, canonical names), each word's lexicon class and cue, and the connotations the outlet has used.
// Built once by readDocument; discovery (extract.ts), linking (link.ts) and connotation (connotation.ts) read it.
import type { Span } from '../../core/span.js';
import type { ActorKind, Connotation, LabelType, RelatedSpan } from '../../core/finding.js';
import { cueFor, type CueEntry, type HeadEntry, type IdeologicalEntry, type Lexicon } from './lexicon.js';
import { segmentWords, splitSentences, type Word } from './words.js';
import type { ActorMentionLike, LabelInput, QuoteRegionLike } from './types.js';

/** Descriptors tracked only as discourse entities (for the same-clause penalty), never reported as labels. */
export const SILENT_DESCRIPTORS = new Set(['country', 'nation']);

export interface Entity {
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  start: number;
  end: number;
  sentence: number;
  labelType: LabelType | 'descriptor';
  /** A possessive or demonym: not an argument of the clause, so no same-clause penalty. */
  nonArgument: boolean;
  connotation: Connotation;
  inQuote: boolean;
}

export interface Candidate {
  kind: 'np' | 'ideo-noun' | 'ideo-attr' | 'descriptor';
  span: Span;
  /** Word indexes of modifiers (left to right), head word index. */
  modifiers: number[];
  head: number;
  headEntry?: HeadEntry;
  det?: number;
  possessor?: { start: number; end: number; wordStart: number; wordEnd: number };
  object?: Span;
  objectMention?: number;
  location?: { mention: number };
  attributive: boolean;
  ideo?: IdeologicalEntry;
}

export interface Resolution {
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  linkedBy: string;
  confidence: number;
  related: RelatedSpan[];
  evidence: Record<string, unknown>;
}

export interface Doc {
  text: string;
  words: Word[];
  sentences: Span[];
  mentions: ActorMentionLike[];
  /** word index -> mention index covering it (or -1). */
  mentionOfWord: Int32Array;
  quotes: QuoteRegionLike[];
  lex: Lexicon;
  /** actorId -> first mention (canonical names, a person's stateId from any of their mentions). */
  firstMention: Map<string, ActorMentionLike>;
  personState: Map<string, string>;
  /** actorId -> connotations of epithets the outlet has used for it so far (its own voice). */
  ownConnotations: Map<string, Set<Connotation>>;
  /** Per word: which discovery tables know its lower-case form (LEX_* bits). */
  lexClass: Uint8Array;
  /** Per word: its connotation cue (cueFor), null for none, undefined until asked. */
  cueOf: Array<CueEntry | null | undefined>;
}

export const LEX_HEAD = 1;

export const LEX_SILENT = 2;

export const LEX_IDEO_NOUN = 4;

export const LEX_IDEO = 8;

interface LexClasses {
  sizes: number[];
  /** lower-case form -> LEX_* bits. */
  classes: Map<string, number>;
  /** shapeKey of every form in classes: a word whose shape is not here needs no lookup (and no string hash). */
  shapes: Uint8Array;
}

/** Length, first and last code unit, folded into 15 bits. */
const shapeKey = (s: string): number => ((s.length & 31) << 10) | ((s.charCodeAt(0) & 31) << 5) | (s.charCodeAt(s.length - 1) & 31);

/** Per lexicon; rebuilt if a table's size changed. */
const lexClasses = new WeakMap<Lexicon, LexClasses>();

/** The lexicon's head, descriptor and ideological forms as one class table (cached per lexicon). */
function lexClassesOf(lex: Lexicon): LexClasses {
  const sizes = [lex.heads.size, lex.ideologicalNouns.size, lex.ideological.size];
  const cached = lexClasses.get(lex);
  if (cached && cached.sizes.every((n, k) => n === sizes[k])) return cached;
  const classes = new Map<string, number>();
  const shapes = new Uint8Array(1 << 15);
  const add = (key: string, bit: number): void => {
    classes.set(key, (classes.get(key) ?? 0) | bit);
    shapes[shapeKey(key)] = 1;
  };
  for (const k of lex.heads.keys()) add(k, LEX_HEAD);
  for (const k of SILENT_DESCRIPTORS) add(k, LEX_SILENT);
  for (const k of lex.ideologicalNouns.keys()) add(k, LEX_IDEO_NOUN);
  for (const k of lex.ideological.keys()) add(k, LEX_IDEO);
  const built = { sizes, classes, shapes };
  lexClasses.set(lex, built);
  return built;
}

/** The cue of word k (cueFor of its lower-case form), looked up once per word. */
export function wordCue(doc: Doc, k: number): CueEntry | undefined {
  let q = doc.cueOf[k];
  if (q === undefined) {
    q = cueFor(doc.lex, doc.words[k].lower) ?? null;
    doc.cueOf[k] = q;
  }
  return q ?? undefined;
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Reads one article for label extraction: sentences, words, the valid mentions by start, each word's mention, lexicon class and (lazily) cue. */
export function readDocument(input: LabelInput, lex: Lexicon): Doc {
  const text = input.text;
  const sentences = input.sentences && input.sentences.length ? [...input.sentences].sort((a, b) => a.start - b.start) : splitSentences(text);
  const words = segmentWords(text, sentences, input.tokens);
  const mentions = [...input.mentions]
    .filter((m) => m.span.start >= 0 && m.span.end <= text.length && m.span.end > m.span.start)
    .sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const mentionOfWord = new Int32Array(words.length).fill(-1);
  {
    let mi = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      while (mi < mentions.length && mentions[mi].span.end <= w.start) mi++;
      for (let k = mi; k < mentions.length && mentions[k].span.start < w.end; k++) {
        if (mentions[k].span.end > w.start) {
          mentionOfWord[i] = k;
          break;
        }
      }
    }
  }
  const firstMention = new Map<string, ActorMentionLike>();
  const personState = new Map<string, string>();
  for (const m of mentions) {
    if (!firstMention.has(m.actorId)) firstMention.set(m.actorId, m);
    if (m.actorKind === 'person' && m.stateId && !personState.has(m.actorId)) personState.set(m.actorId, m.stateId);
  }
  const { classes, shapes } = lexClassesOf(lex);
  const lexClass = new Uint8Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const lower = words[i].lower;
    if (shapes[shapeKey(lower)]) lexClass[i] = classes.get(lower) ?? 0;
  }
  return {
    text, words, sentences, mentions, mentionOfWord, quotes: input.quoteRegions ?? [], lex, firstMention, personState, ownConnotations: new Map(),
    lexClass, cueOf: new Array<CueEntry | null | undefined>(words.length),
  };
}

/** The possessor ends in an actor mention. */
export function possessorNames(doc: Doc, p: NonNullable<Candidate['possessor']>): boolean {
  return doc.mentionOfWord[p.wordEnd] >= 0;
}

/** An actor mention as an entity coreference can point back to. */
export function mentionEntity(doc: Doc, m: ActorMentionLike): Entity {
  const g = governed(doc, m);
  return {
    actorId: g.actorId,
    actorKind: g.actorKind,
    canonical: g.canonical,
    start: m.span.start,
    end: m.span.end,
    sentence: sentenceIndex(doc, m.span.start),
    labelType: m.labelType,
    // A state's possessive ("Velgrad's minister called for … the usurping entity") still names the clause's own
    // side; a demonym or a person does not make their state a clause-mate.
    // An of-complement ("the people of Azerbaijan") sits inside another phrase and is not a clause argument either.
    nonArgument: m.labelType === 'demonym' || m.actorKind === 'person' || /\bof\s+(?:the\s+)?$/i.test(doc.text.slice(Math.max(0, m.span.start - 8), m.span.start)),
    connotation: 'neutral',
    inQuote: m.inQuote ?? false,
  };
}

/** The actor a mention stands for when it names a government: a person's state, else the actor itself. */
export function governed(doc: Doc, m: ActorMentionLike): { actorId: string; actorKind: ActorKind; canonical: string } {
  if (m.actorKind === 'person') {
    // The actors analyzer gives a person's state where the text says so, which may be on another mention of them.
    const stateId = m.stateId ?? doc.personState.get(m.actorId);
    if (stateId) return { actorId: stateId, actorKind: 'state', canonical: canonicalOf(doc, stateId) };
  }
  return { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical };
}

/**
 * The state whose seat of government the place is, when the document also uses the place's name for that state (a
 * capital as metonym: "Miravel cut gas deliveries" ... "the occupying regime in Miravel"); undefined otherwise.
 */
export function seatOf(doc: Doc, m: ActorMentionLike): string | undefined {
  if (m.actorKind !== 'place' || !m.stateId) return undefined;
  const name = (m.labelNormalized ?? m.label).toLowerCase();
  for (const x of doc.mentions) {
    if (x.labelType === 'metonym' && x.actorId === m.stateId && (x.labelNormalized ?? x.label).toLowerCase() === name) return m.stateId;
  }
  return undefined;
}

/** The canonical name of an actor: its first mention's, else an ideological term's or a known label's, else the id. */
export function canonicalOf(doc: Doc, actorId: string): string {
  const m = doc.firstMention.get(actorId);
  if (m) return m.canonical;
  for (const t of doc.lex.ideological.values()) if (t.actorIds.length === 1 && t.actorIds[0] === actorId && t.canonical) return t.canonical;
  const k = doc.lex.known.find((x) => x.actorId === actorId);
  return k?.canonical ?? actorId;
}

/** The sentence of the word at (or right after) offset. */
export function sentenceIndex(doc: Doc, offset: number): number {
  const k = lastWordBefore(doc, offset + 1);
  const w = doc.words[k] && doc.words[k].end > offset ? doc.words[k] : doc.words[k + 1];
  return w ? w.sentence : doc.sentences.length - 1;
}

/** Index of the first mention starting at or after offset (binary search; mentions sorted by start). */
export function firstMentionAtOrAfter(mentions: ActorMentionLike[], offset: number): number {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid].span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entity starting at or after offset (binary search; entities sorted by start). */
export function firstEntityAtOrAfter(list: Entity[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts an entity after those with the same or an earlier start. */
export function insertEntity(list: Entity[], e: Entity): void {
  let i = firstEntityAtOrAfter(list, e.start);
  while (i < list.length && list[i].start === e.start) i++;
  list.splice(i, 0, e);
}

/** A related span with its role and evidence. */
export function rel(doc: Doc, role: string, s: Span): RelatedSpan {
  return { role, span: { start: s.start, end: s.end }, evidence: doc.text.slice(s.start, s.end) };
}

/** Index of the first word starting at or after offset (words.length if none). */
export function wordAtOrAfter(doc: Doc, offset: number): number {
  let lo = 0;
  let hi = doc.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (doc.words[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last word starting before offset (-1 if none). */
export function lastWordBefore(doc: Doc, offset: number): number {
  return wordAtOrAfter(doc, offset) - 1;
}

/** Index of the first word starting at or after offset (-1 if none). */
export function firstWordAfter(doc: Doc, offset: number): number {
  const k = wordAtOrAfter(doc, offset);
  return k < doc.words.length ? k : -1;
}
