import { defineAnalyzer, type ReportInput } from '../../core/pipeline.js';
import type { EventFinding, TimeValue } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import type { ActorMention } from '../actors/index.js';
import { quoteSpeakers, voiceAt } from '../claims/voice.js';
import { timeBounds } from '../../core/dates/index.js';
import { triggerIndex } from './lexicon.js';
import { findEvents, readEvents, type Found } from './extract.js';
import { isEnglishText } from '../../core/lang/index.js';

export { readTimes, resolveTime, timeBounds, type TimeExpr, type TimeMatch } from '../../core/dates/index.js';
export { TRIGGERS, EVENT_TYPES } from './lexicon.js';

export interface EventsOptions {
  /** Fold later mentions of the same event in an article ("the visit") into the first. Default true. */
  mergeMentions?: boolean;
}

export const eventsAnalyzer = defineAnalyzer<EventsOptions>({
  meta: {
    id: 'events',
    version: '1.3.1',
    description: 'Typed events (visits, meetings, calls, agreements, sales, supply, attacks, statements, votes, appointments, embassy openings, elections) with participants, normalised time and status.',
    requires: ['sentences', 'tokens', 'quote-regions', 'paragraphs', 'actors'],
    provides: ['events'],
    messages: {
      event: '{type} ({status}){who}{when}',
    },
  },
  create(options) {
    const merge = options?.mergeMentions ?? true;
    const index = triggerIndex();
    return (ctx) => {
      if (!isEnglishText(ctx.doc.language)) {
        // The trigger words are English (data/triggers.json): on other languages they match nothing, or by chance
        // a loan word; say so instead of leaving the timeline silently empty for these articles.
        ctx.provide('events', []);
        ctx.diagnose('no-event-triggers', `no event trigger words for language "${String(ctx.doc.language)}": events (and so this article's place on the timeline) are not computed`);
        return;
      }
      const text = ctx.doc.text;
      const sentences = ctx.get<Span[]>('sentences');
      const tokens = ctx.get<Token[]>('tokens');
      const regions = ctx.get<QuoteRegion[]>('quote-regions');
      const paragraphs = ctx.get<Span[]>('paragraphs');
      const mentions = ctx.get<ActorMention[]>('actors').slice().sort((a, b) => a.span.start - b.span.start);
      const speakers = quoteSpeakers(text, regions, mentions, paragraphs);
      const r = readEvents(text, ctx.doc.published ?? null, sentences, tokens, mentions, index, (span) => voiceAt(span, regions, speakers));
      const out = mergeMentions(findEvents(r), merge);
      for (const e of out) {
        const who = e.participants.length ? `: ${e.participants.map((p) => `${p.canonical} (${p.role})`).join(', ')}` : '';
        const when = e.time ? `, ${e.time.value ?? [e.time.from, e.time.to].filter(Boolean).join('..') ?? e.time.text}${e.time.anchor === 'unresolved' ? ` (${e.time.text}, unresolved)` : ''}` : '';
        const input: ReportInput<EventFinding> = Object.assign(stripEvent(e), { messageId: 'event', messageData: { type: e.eventType, status: e.status, who, when } });
        ctx.report<EventFinding>(input);
      }
      ctx.provide('events', out.map(stripEvent));
    };
  },
});

/** Later mentions of an event already reported ("the visit", "this trip") fold into the first; weak events that fold nowhere go. */
function mergeMentions(found: Found[], merge: boolean): Found[] {
  const out: Found[] = [];
  for (const e of found) {
    const prev = merge && e.nounTrigger ? out.find((o) => sameEventInArticle(o, e)) : undefined;
    if (prev) {
      prev.related = [...(prev.related ?? []), { role: 'mention', span: e.span, evidence: e.trigger }];
      // Later mentions add places and an agent, not every name near them.
      for (const p of e.participants) {
        if (prev.participants.some((q) => q.actorId === p.actorId)) continue;
        if (p.role === 'location' || (p.role === 'agent' && !prev.participants.some((q) => q.role === 'agent'))) prev.participants.push(p);
      }
      if (!prev.time && e.time) {
        prev.time = e.time;
        prev.timeSource = e.timeSource;
      }
      continue;
    }
    if (!e.weak) out.push(e);
  }
  return out;
}

/** The finding without the working fields, written out (an object rest/spread per event is slow). */
function stripEvent(e: Found) {
  return {
    kind: e.kind,
    span: e.span,
    eventType: e.eventType,
    trigger: e.trigger,
    triggerLemma: e.triggerLemma,
    participants: e.participants,
    time: e.time,
    timeSource: e.timeSource,
    status: e.status,
    statusCue: e.statusCue,
    reportedOn: e.reportedOn,
    voice: e.voice,
    ruleId: e.ruleId,
    related: e.related,
  };
}

/** Two events of one article that are the same: same type, compatible participants and times, not contradicting. */
export function sameEventInArticle(a: Pick<EventFinding, 'eventType' | 'participants' | 'time' | 'status'>, b: Pick<EventFinding, 'eventType' | 'participants' | 'time' | 'status'>): boolean {
  if (a.eventType !== b.eventType) return false;
  if ((a.status === 'denied') !== (b.status === 'denied')) return false;
  if (a.status === 'hypothetical' || b.status === 'hypothetical') return false;
  if (!timesCompatible(a.time, b.time)) return false;
  if (a.status !== b.status && a.status !== 'unknown' && b.status !== 'unknown') return false;
  const ida = new Set(a.participants.map((p) => p.actorId));
  const agentA = a.participants.find((p) => p.role === 'agent')?.actorId;
  const agentB = b.participants.find((p) => p.role === 'agent')?.actorId;
  if (agentA && agentB && agentA !== agentB) return false;
  if (!b.participants.length) return true;
  return b.participants.some((p) => ida.has(p.actorId));
}

/** Times that can denote the same moment: either unknown, or overlapping bounds. */
export function timesCompatible(a: TimeValue | null, b: TimeValue | null): boolean {
  if (!a || !b) return true;
  const x = timeBounds(a);
  const y = timeBounds(b);
  if (!x || !y) return true;
  if (x.lo && y.hi && x.lo > y.hi) return false;
  if (y.lo && x.hi && y.lo > x.hi) return false;
  return true;
}

export default eventsAnalyzer;
