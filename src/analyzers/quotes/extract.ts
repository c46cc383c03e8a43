// Quotes: the public types and the entry point. The steps live beside it: reading.ts (the token arrays of one
// article), cues.ts (cue verbs and the noun phrases around them), candidates.ts (direct, partial and indirect
// quotes) and speakers.ts (speaker resolution in text order).
import type { ActorKind } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import type { ActorMention } from '../actors/index.js';
import type { QuoteLexicon, VerbStance } from './lexicon.js';
import { findCandidates } from './candidates.js';
import { readDocument } from './reading.js';
import { resolveSpeakers } from './speakers.js';

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

/**
 * Finds direct quotes (from the nlp quote regions), partial quotes and indirect speech, with cue, speaker and the
 * cue verb's stance. Linear in the number of tokens: each cue looks at a bounded window of tokens around it, and
 * speaker resolution walks sorted lists with moving cursors.
 */
export function extractQuotes(input: ExtractInput): Quote[] {
  const rd = readDocument(input);
  return resolveSpeakers(rd, findCandidates(rd));
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
