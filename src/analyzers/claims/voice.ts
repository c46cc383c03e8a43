import type { Voice } from '../../core/finding.js';
import { lowerBound, type Span } from '../../core/span.js';
import type { ActorMention } from '../actors/index.js';
import type { QuoteRegion } from '../nlp/index.js';
import { SPEECH_VERBS, alternation } from './lexicon.js';

/**
 * Who speaks inside each quotation, found from the words around it: "…,” Herzog said. / he noted / X stated: “…”.
 * A light stand-in until a quotes analyzer provides speakers; it never guesses across paragraphs except for a
 * quotation that continues the previous paragraph's.
 */
const SPEECH = alternation(SPEECH_VERBS.flatMap((v) => v.forms));
const SPEECH_AFTER = new RegExp(`^[\\s,—–-]*(?:[^.;!?“”"«»]{0,80}?)\\b(?:${SPEECH})\\b`, 'i');
const SPEECH_BEFORE = new RegExp(`\\b(?:${SPEECH})\\b[^.;!?“”"«»]{0,40}[:,]?\\s*$`, 'i');
/**
 * SPEECH_BEFORE can only match in the last SPEECH_BEFORE_TAIL characters of a text without trailing space (a verb,
 * 40 characters, a colon), and one more keeps its first \b honest: testing that tail instead of the whole
 * sentence gives the same answer in constant time.
 */
const SPEECH_BEFORE_TAIL = Math.max(...SPEECH_VERBS.flatMap((v) => v.forms).map((f) => f.length)) + 40 + 1 + 2;
/**
 * How far back the sentence before a quotation is looked for: as far as the nlp analyzer's sentence limit. Text
 * without periods made every quotation read back to its paragraph's start (quadratic in the paragraph).
 */
const MAX_BEFORE = 4000;
const PRONOUN_AFTER = /^[\s,—–-]*(?:he|she)\s+(?:\w+\s+)?(?:said|noted|added|stated|stressed|told|claimed|summed up|explained|wrote|insisted|argued|warned|recalled|continued|concluded)\b|^[\s,—–-]*(?:said|noted|added|stated)\s+(?:he|she)\b/i;

export interface Speaker {
  speaker: string | null;
  actorId: string | null;
}

function person(m: ActorMention): boolean {
  return m.actorKind === 'person' || m.actorKind === 'organisation' || m.labelType === 'demonym' || m.actorKind === 'state';
}

/**
 * Speakers for every top-level quote region, in region order. `mentions` sorted by span start.
 */
export function quoteSpeakers(text: string, regions: QuoteRegion[], mentions: ActorMention[], paragraphs: Span[]): Map<QuoteRegion, Speaker> {
  const out = new Map<QuoteRegion, Speaker>();
  const paraOf = (pos: number): Span | undefined => {
    let lo = 0;
    let hi = paragraphs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (paragraphs[mid].end < pos) lo = mid + 1;
      else if (paragraphs[mid].start > pos) hi = mid - 1;
      else return paragraphs[mid];
    }
    return undefined;
  };
  const firstIndexFrom = (pos: number): number => {
    let lo = 0;
    let hi = mentions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mentions[mid].span.start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const speakerOf = (m: ActorMention): Speaker => ({ speaker: m.canonical, actorId: m.actorId });
  let previous: Speaker | null = null;
  let previousPara: Span | undefined;
  for (const r of regions) {
    if (r.depth !== 0) continue;
    const para = paraOf(r.span.start) ?? { start: 0, end: text.length };
    let found: Speaker | null = null;
    // After: ”, Herzog said. / ,” he noted. / ,” said the minister.
    const after = text.slice(r.span.end, Math.min(para.end, r.span.end + 120));
    if (SPEECH_AFTER.test(after)) {
      const stop = after.search(/[.;!?“"«]/);
      const windowEnd = r.span.end + (stop < 0 ? after.length : stop);
      if (SPEECH_AFTER.test(after.slice(0, stop < 0 ? after.length : stop + 1))) {
        for (let i = firstIndexFrom(r.span.end); i < mentions.length && mentions[i].span.start < windowEnd; i++) {
          if (person(mentions[i]) && !mentions[i].inQuote) {
            found = speakerOf(mentions[i]);
            break;
          }
        }
      }
      if (!found && PRONOUN_AFTER.test(after)) found = lastPersonBefore(mentions, firstIndexFrom(r.span.start), para.start, speakerOf) ?? previous;
    }
    // Before: Herzog said: “…” / According to X, “…” / X stated that “…”
    if (!found) {
      const floor = Math.max(para.start, r.span.start - MAX_BEFORE);
      let sentStart = r.span.start;
      while (sentStart > floor && text.charCodeAt(sentStart - 1) !== 46 /* . */) sentStart--;
      const before = text.slice(sentStart, r.span.start);
      if (SPEECH_BEFORE.test(before.trimEnd().slice(-SPEECH_BEFORE_TAIL)) || /according to/i.test(before)) {
        for (let i = firstIndexFrom(r.span.start) - 1; i >= 0 && mentions[i].span.start >= sentStart; i--) {
          if (person(mentions[i]) && !mentions[i].inQuote) {
            found = speakerOf(mentions[i]);
            break;
          }
        }
        if (!found && /\b(?:he|she)\b/i.test(before)) found = previous;
      }
    }
    // A quotation that opens a paragraph right after another quotation's paragraph continues that speaker.
    if (!found && previous && previousPara && r.span.start === para.start && para.start - previousPara.end <= 2) found = previous;
    out.set(r, found ?? { speaker: null, actorId: null });
    if (found) {
      previous = found;
      previousPara = para;
    }
  }
  return out;
}

function lastPersonBefore(mentions: ActorMention[], idx: number, floor: number, f: (m: ActorMention) => Speaker): Speaker | null {
  for (let i = idx - 1; i >= 0 && mentions[i].span.start >= floor - 2000; i--) {
    if (mentions[i].actorKind === 'person' && !mentions[i].inQuote) return f(mentions[i]);
  }
  return null;
}

/** The voice of a span: the speaker of the innermost-top-level quote region containing it, else the outlet. */
export function voiceAt(span: Span, regions: QuoteRegion[], speakers: Map<QuoteRegion, Speaker>): Voice {
  const r = regionAt(span, regions);
  if (!r) return 'outlet';
  const s = speakers.get(r) ?? { speaker: null, actorId: null };
  return s.actorId ? { speaker: s.speaker, actorId: s.actorId } : { speaker: s.speaker };
}

/** The top-level quotation whose content holds most of the span (a sentence half inside a quote counts as quoted). */
export function regionAt(span: Span, regions: QuoteRegion[]): QuoteRegion | null {
  // Top-level regions are disjoint and in text order: only the last one opening before the span, and those
  // opening inside it, can overlap it. Start there instead of at the first region (a text of thousands of
  // quotations made this quadratic).
  let from = lowerBound(regions, span.start, (r) => r.contentSpan.start) - 1;
  while (from > 0 && regions[from].depth !== 0) from--;
  for (let i = Math.max(0, from); i < regions.length; i++) {
    const r = regions[i];
    if (r.depth !== 0) continue;
    if (r.contentSpan.start > span.end) break;
    const overlap = Math.min(r.contentSpan.end, span.end) - Math.max(r.contentSpan.start, span.start);
    if (overlap > 0 && overlap * 2 >= span.end - span.start) return r;
  }
  return null;
}
