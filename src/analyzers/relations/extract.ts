// Relations between actors: the public types and the entry point. The steps live beside it: reading.ts (the token
// arrays, slots and clauses of one article), slots.ts, frames.ts (the parties of each kind of cue), parties.ts
// (subjects, objects, possessors, anaphors) and emit.ts (negation, polarity, time, evidence, deduplication).
import type { ActorKind, LabelType, RelatedSpan, Voice } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { CueEntry, Lexicon, Polarity } from './lexicon.js';
import { readTimes, relationTime, type RelationTime } from '../../core/dates/index.js';
import { resolveCue } from './frames.js';
import { POSS_PRONOUN, POSSESSIVE } from './parties.js';
import { readDocument, type Reading } from './reading.js';

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

/** Relations asserted between actors in one document. Pure; linear in the document (every scan is bounded by its clause). */
export function extractRelations(input: RelationInput, lex: Lexicon): RelationDraft[] {
  if (!input.tokens.length) return [];
  const rd = readDocument(input, lex);
  matchCues(rd);
  return rd.out;
}

/** Cue matching: longest form first at each token; a cue inside an actor mention is part of a name, not a cue. Each match is resolved at once. */
function matchCues(rd: Reading): void {
  const { tokens, n, lex, sent, tokenSlot, low, cueTok } = rd;
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
      resolveCue(rd, c.entry, i, i + len);
    }
    if (matchedLen > 1) resume = i + matchedLen;
  }
}

/** Whether the word at token i has the cue's part of speech (a noun cue after a determiner, possessive or adjective). */
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
