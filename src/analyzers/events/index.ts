import { readClause, readNegation } from '../../core/negation.js';
import { defineAnalyzer, type ReportInput } from '../../core/pipeline.js';
import type { EventFinding, TimeValue } from '../../core/finding.js';
import { lowerBound, type Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import type { ActorMention } from '../actors/index.js';
import { quoteSpeakers, voiceAt } from '../claims/voice.js';
import { readTimes, resolveTime, timeBounds, type TimeMatch } from '../../core/dates/index.js';
import { triggerIndex, type TriggerEntry } from './lexicon.js';

export { readTimes, resolveTime, timeBounds, type TimeExpr, type TimeMatch } from '../../core/dates/index.js';
export { TRIGGERS, EVENT_TYPES } from './lexicon.js';

export interface EventsOptions {
  /** Fold later mentions of the same event in an article ("the visit") into the first. Default true. */
  mergeMentions?: boolean;
}

type Status = EventFinding['status'];
type Participant = EventFinding['participants'][number];

const PREP_LOCATION = new Set(['to', 'in', 'at', 'into', 'inside', 'near', 'toward', 'towards', 'across']);
const PREP_OTHER = new Set(['with', 'from', 'of', 'for', 'by', 'between', 'against', 'on', 'about', 'over', 'among', 'than', 'like', 'including', 'and', 'or', 'toward']);
const PAST_IRREGULAR = new Set('met sold bought signed took held made came went flew struck shot hosted spoke paid began led gave sent won fought told'.split(' '));
const DENIAL = new Set(['not', "n't", 'never', 'denied', 'denies', 'deny', 'refused', 'refuses', 'rejected', 'no']);
const HYPOTHETICAL = new Set(['could', 'might', 'may', 'would', 'should', 'if', 'unless', 'can', 'cannot', 'possible', 'possibly', 'perhaps', 'whether']);
const FUTURE_AUX = new Set(['will', "'ll", 'shall', 'upcoming', 'forthcoming', 'planned', 'next', 'future', 'proposed', 'prospective']);
const INTENT_BEFORE_TO = new Set(['expected', 'set', 'scheduled', 'due', 'plans', 'planned', 'planning', 'plan', 'intends', 'intend', 'intended', 'aims', 'aim', 'seeks', 'seek', 'wants', 'want', 'hopes', 'hope', 'going', 'agreed', 'decided', 'voted', 'vowed', 'promised', 'pledged', 'ready', 'likely', 'about', 'preparing', 'invited', 'asked', 'urged']);
const PAST_AUX = new Set(['has', 'have', 'had', 'was', 'were', 'did']);
const STOP_AFTER = new Set(['that', 'which', 'who', 'because', 'as', 'while', 'although', 'though', 'whereas', 'since', 'after', 'before', 'but', 'so', 'making', 'including', 'despite']);
const CLAUSE_WORDS = new Set(['where', 'which', 'while', 'whereas', 'but', 'although', 'though', 'because', 'after', 'before', 'when']);
const PRONOUN = /^(?:he|she|they)$/i;
const VERBAL_BEFORE = new Set(['to', 'will', 'would', 'could', 'should', 'might', 'may', 'can', 'cannot', 'shall', 'must', 'did', 'does', 'do', "n't", 'not']);
const MODAL = new Set(['could', 'might', 'may', 'would', 'should', 'can', 'cannot', 'must']);

interface RawEvent {
  entry: TriggerEntry;
  start: number; // token index
  end: number; // token index, inclusive
  clause: [number, number];
  sentence: number;
  embedded: boolean;
  extra: Span[];
}

/** Clause boundaries inside a sentence: ; : — – and a comma followed by a clause word. Token index ranges. */
function clauses(toks: Token[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const hard = (t.pos === 'PUNCT' && /^[;:—–]$/.test(t.text)) || (t.text === '-' && i > 0 && toks[i - 1].span.end < t.span.start);
    const soft = t.text === ',' && i + 1 < toks.length && CLAUSE_WORDS.has(toks[i + 1].lower);
    if (hard || soft) {
      if (i > s) out.push([s, i - 1]);
      s = i + 1;
    }
  }
  if (s < toks.length) out.push([s, toks.length - 1]);
  return out;
}

function isPast(t: Token): boolean {
  return PAST_IRREGULAR.has(t.lower) || (/ed$/.test(t.lower) && t.lower.length > 4);
}

export const eventsAnalyzer = defineAnalyzer<EventsOptions>({
  meta: {
    id: 'events',
    version: '1.3.0',
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
      const text = ctx.doc.text;
      const published = ctx.doc.published ?? null;
      const reportedOn = published ? published.slice(0, 10) : null;
      const sentences = ctx.get<Span[]>('sentences');
      const tokens = ctx.get<Token[]>('tokens');
      const regions = ctx.get<QuoteRegion[]>('quote-regions');
      const paragraphs = ctx.get<Span[]>('paragraphs');
      const mentions = ctx.get<ActorMention[]>('actors').slice().sort((a, b) => a.span.start - b.span.start);
      const speakers = quoteSpeakers(text, regions, mentions, paragraphs);
      const mentionStarts = new Set<number>();
      for (const m of mentions) {
        mentionStarts.add(m.span.start);
        if (m.titleSpan) mentionStarts.add(m.titleSpan.start);
      }
      const times = readTimes(text, published);
      const perSentence: Token[][] = Array.from({ length: sentences.length }, () => []);
      for (const t of tokens) if (t.sentence < sentences.length) perSentence[t.sentence].push(t);

      const found: Array<Omit<EventFinding, 'id' | 'analyzer' | 'evidence' | 'message' | 'voice' | 'messageId'> & { voice: EventFinding['voice']; nounTrigger: boolean; weak: boolean; extra: Span[] }> = [];
      let lastPerson: ActorMention | null = null;

      for (let si = 0; si < sentences.length; si++) {
        const toks = perSentence[si];
        if (!toks.length) continue;
        const raws: RawEvent[] = [];
        const cls = clauses(toks);
        const clauseIdx = new Array<[number, number]>(toks.length);
        for (const c of cls) for (let k = c[0]; k <= c[1]; k++) clauseIdx[k] = c;
        const clauseOf = (i: number): [number, number] => clauseIdx[i] ?? [0, toks.length - 1];
        for (let i = 0; i < toks.length; i++) {
          const cands = index.get(toks[i].lower);
          if (!cands) continue;
          for (const c of cands) {
            let ok = true;
            for (let k = 1; k < c.words.length; k++) if (toks[i + k]?.lower !== c.words[k]) ok = false;
            if (!ok) continue;
            const e = c.entry;
            // POS sanity: a verb form tagged as a noun by the tagger is still a verb when it is past tense.
            // After a modal, "to" or an auxiliary the word is a verb whatever the tagger says ("would visit").
            const verbal = i > 0 && VERBAL_BEFORE.has(toks[i - 1].lower);
            if (e.pos === 'noun' && c.words.length === 1 && (toks[i].pos === 'VERB' || verbal)) continue;
            if (e.pos === 'verb' && c.words.length === 1 && toks[i].pos === 'NOUN' && !isPast(toks[i]) && !verbal) continue;
            const cl = clauseOf(i);
            if (e.near) {
              let near = false;
              for (let k = i + c.words.length; k <= Math.min(cl[1], i + c.words.length + 5); k++) if (e.near.includes(toks[k].lower)) near = true;
              if (!near) continue;
            }
            const embedded = i >= 2 && toks[i - 1].lower === 'to' && raws.some((r) => r.end === i - 2 && r.entry.pos === 'verb');
            raws.push({ entry: e, start: i, end: i + c.words.length - 1, clause: cl, sentence: si, embedded, extra: [] });
            i += c.words.length - 1;
            break;
          }
        }
        // One event per type per clause: "expected to travel ... on an official visit" is one visit.
        const kept: RawEvent[] = [];
        for (const r of raws) {
          const same = kept.find((k) => k.entry.type === r.entry.type && k.clause[0] === r.clause[0]);
          if (same) {
            same.extra.push({ start: toks[r.start].span.start, end: toks[r.end].span.end });
            continue;
          }
          // 'other' only when nothing typed is in the clause.
          if (r.entry.type === 'other' && raws.some((k) => k !== r && k.entry.type !== 'other' && k.clause[0] === r.clause[0])) continue;
          kept.push(r);
        }

        let prevAgent: Participant | null = null;
        for (const r of kept) {
          const [c0, c1] = r.clause;
          const trig = { start: toks[r.start].span.start, end: toks[r.end].span.end };
          const clauseSpan = { start: toks[c0].span.start, end: toks[c1].span.end };
          const ms = mentionsIn(mentions, clauseSpan);
          const participants: Participant[] = [];
          const add = (m: ActorMention, role: Participant['role']): void => {
            if (participants.some((p) => p.actorId === m.actorId)) return;
            participants.push({ role, actorId: m.actorId, canonical: m.canonical, actorKind: m.actorKind, span: m.span });
          };
          const tokenBefore = (m: ActorMention): Token | undefined => {
            const k = lowerBound(toks, m.titleSpan && m.titleSpan.start < m.span.start ? m.titleSpan.start : m.span.start, (t) => t.span.start) - 1;
            // Skip a leading article/title inside the mention's reach.
            return k >= 0 ? toks[k] : undefined;
          };
          const isNoun = r.entry.pos === 'noun';
          let agent: ActorMention | null = null;
          if (isNoun) {
            // "Gantz's visit", "Israel's arms sales", "the visit of Isaac Herzog", "the Israeli president's visit".
            for (const m of ms) {
              if (m.span.end <= trig.start && trig.start - m.span.end <= 30 && /^\s*(?:['’]s?\s+)?(?:(?:\w+|official|state|first|last|recent|latest|planned|upcoming|main)\s+){0,3}$/.test(text.slice(m.span.end, trig.start)) && /^['’]/.test(text.slice(m.span.end, m.span.end + 1))) agent = m;
            }
            if (!agent) {
              const after = ms.find((m) => m.span.start >= trig.end && m.span.start - trig.end <= 40 && /^\s+(?:of|by)\s/.test(text.slice(trig.end, trig.end + 5)));
              if (after) agent = after;
            }
            if (!agent) {
              // A demonym adjective right before the trigger: "Israeli delegations", "Turkish attacks".
              const adj = ms.find((m) => m.labelType === 'demonym' && m.span.end <= trig.start && /^\s+(?:\w+\s+){0,2}$/.test(text.slice(m.span.end, trig.start)));
              if (adj) agent = adj;
            }
          } else {
            for (const m of ms) {
              if (m.span.start >= trig.start) break;
              const tb = tokenBefore(m);
              if (tb && (PREP_LOCATION.has(tb.lower) || PREP_OTHER.has(tb.lower)) && tb.span.start >= clauseSpan.start) continue;
              // Skip a possessor of another noun ("Azerbaijan's deputy minister was appointed" keeps the minister).
              if (/^['’]s?\b/.test(text.slice(m.span.end, m.span.end + 2))) continue;
              agent = m;
              break;
            }
          }
          let agentP: Participant | null = null;
          if (agent) {
            add(agent, 'agent');
            agentP = participants[0];
          } else if (!isNoun) {
            // "visited Baku, where he met ...": the agent of the previous event in the sentence, or a pronoun's referent.
            const pron = toks.slice(c0, r.start).find((t) => PRONOUN.test(t.text));
            if (prevAgent && (pron || c0 > 0)) {
              participants.push({ ...prevAgent });
              agentP = prevAgent;
            } else if (pron && lastPerson) {
              add(lastPerson, 'agent');
              agentP = participants[0];
            }
          }
          // Patients and locations after the trigger, up to the next trigger, a subordinate clause or a comma that
          // does not continue a list of names.
          const nextTrig = kept.find((k) => k.start > r.end && k.clause[0] === r.clause[0]);
          let stopAt = nextTrig ? toks[nextTrig.start].span.start : clauseSpan.end;
          for (let k = r.end + 1; k <= c1; k++) {
            const t = toks[k];
            if (t.span.start >= stopAt) break;
            if (STOP_AFTER.has(t.lower) || (t.text === ',' && !(k + 1 <= c1 && mentionStarts.has(toks[k + 1].span.start)))) {
              stopAt = t.span.start;
              break;
            }
          }
          for (const m of ms) {
            if (participants.some((p) => p.actorId === m.actorId)) continue;
            if (m.span.start >= stopAt) break;
            const tb = tokenBefore(m);
            const prep = tb && tb.span.start >= trig.start ? tb.lower : null;
            if (m.span.start < trig.end) {
              if (isNoun && m.span.end <= trig.start) continue;
              continue;
            }
            if (r.entry.type === 'visit' && (prep === null || prep === r.entry.lemma || prep === 'to' || prep === 'in' || prep === 'at' || tb === toks[r.end] || (tb && tb.span.start === trig.start))) {
              add(m, 'location');
              continue;
            }
            if (prep && PREP_LOCATION.has(prep) && (m.actorKind === 'place' || m.labelType === 'metonym')) add(m, 'location');
            else if (prep === 'with' || prep === 'between' || prep === 'and') add(m, r.entry.type === 'meeting' || r.entry.type === 'phone-call' || r.entry.type === 'agreement' ? 'participant' : 'patient');
            else if (prep && PREP_LOCATION.has(prep)) add(m, r.entry.type === 'supply' || r.entry.type === 'sale' || r.entry.type === 'statement' ? 'patient' : 'location');
            else add(m, 'patient');
          }
          if (r.entry.type === 'other' && participants.length < 2) continue;
          // A bare noun ("the visit was short") is kept only if it folds into an event reported earlier.
          const weak = isNoun && !participants.length && !timeNear(times, clauseSpan);

          // Status from the words before the trigger in its clause.
          const windowStart = Math.max(c0, r.start - 6);
          const before = toks.slice(windowStart, r.start);
          const beforeLower = before.map((t) => t.lower);
          let status: Status = 'unknown';
          let cue: string | null = null;
          const tail = Math.max(0, before.length - 4);
          const inTail = before.slice(tail).findIndex((t) => DENIAL.has(t.lower));
          const denialAt = inTail < 0 ? -1 : tail + inTail;
          let denial = denialAt < 0 ? undefined : before[denialAt];
          // "could not provide", "cannot simply be to sell": not a denial of the event (src/core/negation.ts).
          let negatedModal: string | null = null;
          if (denial) {
            const prev = denialAt > 0 ? before[denialAt - 1].lower : windowStart > 0 ? toks[windowStart - 1].lower : undefined;
            const after = [denialAt + 1, denialAt + 2].map((k) => (k < before.length ? before[k].lower : toks[r.start + k - before.length]?.lower));
            if (readNegation(prev, after) !== 'denial') {
              negatedModal = text.slice((denialAt > 0 ? before[denialAt - 1] : denial).span.start, (denialAt + 1 < before.length ? before[denialAt + 1] : denial).span.end);
              denial = undefined;
            }
          }
          // A modal governs a verb trigger; a noun trigger is hypothetical only under "if"/"unless"/"whether".
          const hypo = (isNoun ? undefined : before.find((t) => HYPOTHETICAL.has(t.lower))) ?? toks.slice(c0, r.start).find((t) => t.lower === 'if' || t.lower === 'unless' || t.lower === 'whether');
          const fut = before.find((t) => FUTURE_AUX.has(t.lower)) ?? (isNoun ? toks.slice(r.end + 1, Math.min(c1 + 1, r.end + 9)).find((t, k, arr) => FUTURE_AUX.has(t.lower) || (t.lower === 'yet' && arr[k + 1]?.lower === 'to') || (t.lower === 'to' && INTENT_BEFORE_TO.has(arr[k - 1]?.lower ?? ''))) : undefined);
          const toIdx = beforeLower.lastIndexOf('to');
          const intent = toIdx >= 1 && (INTENT_BEFORE_TO.has(beforeLower[toIdx - 1]) || (toIdx === beforeLower.length - 1 && r.embedded)) ? before[toIdx - 1] : null;
          const headlineTo = toIdx === beforeLower.length - 1 && toIdx >= 1 && before[toIdx - 1].pos === 'PROPN';
          const reportedWould = hypo?.lower === 'would' && /\b(?:said|announced|promised|told|stated)\s+(?:that\s+)?\w+\s+$/i.test(text.slice(Math.max(0, hypo.span.start - 40), hypo.span.start));
          if (denial && !(denial.lower === 'no' && isNoun)) {
            status = 'denied';
            cue = denial.text;
          } else if (negatedModal) {
            status = 'hypothetical';
            cue = negatedModal;
          } else if (hypo && !reportedWould) {
            status = 'hypothetical';
            cue = hypo.text;
          } else if (fut || intent || reportedWould || headlineTo || r.embedded) {
            status = 'planned';
            const cueTok = fut ?? intent ?? (reportedWould ? hypo! : before[toIdx] ?? null);
            cue = cueTok ? text.slice(cueTok.span.start, toIdx >= 0 ? before[toIdx].span.end : cueTok.span.end) : 'to';
          } else if (!isNoun && (isPast(toks[r.start]) || before.some((t) => PAST_AUX.has(t.lower)))) {
            status = 'happened';
            cue = toks[r.start].text;
          } else if (!isNoun && /ing$/.test(toks[r.start].lower) && before.some((t) => /^(?:is|are|am)$/.test(t.lower))) {
            status = 'ongoing';
            cue = text.slice(before.find((t) => /^(?:is|are|am)$/.test(t.lower))!.span.start, trig.end);
          } else if (isNoun) {
            const lastAdj = before.find((t) => t.lower === 'last' || t.lower === 'previous' || t.lower === 'recent' || t.lower === 'latest');
            if (lastAdj) {
              status = 'happened';
              cue = lastAdj.text;
            } else {
              // The verb the noun goes with: the first verb after it ("the visit took place", "the visit follows"),
              // else the last one before it ("Gantz's office published ... the trip").
              let v = toks.slice(r.end + 1, c1 + 1).find((t) => t.pos === 'VERB' || t.pos === 'AUX');
              if (!v) v = toks.slice(c0, r.start).reverse().find((t) => t.pos === 'VERB' || t.pos === 'AUX');
              if (v && !MODAL.has(v.lower) && (isPast(v) || PAST_AUX.has(v.lower))) {
                status = 'happened';
                cue = v.text;
              }
            }
          } else if (!isNoun) {
            status = 'happened';
            cue = null;
          }
          // A condition or supposition over the sentence ("Supposing X sold…", "X was supposed to sell"), or a matrix
          // denial ("it is not true that X sold"): src/core/negation.ts. Planned and denied readings stand.
          let s0 = r.start;
          while (s0 > 0 && toks[s0 - 1].lower !== ';') s0--;
          const clauseReading = readClause(toks.slice(s0, r.start).map((t) => t.lower));
          if (clauseReading === 'denial' && status !== 'denied') {
            status = 'denied';
            cue = 'that';
          } else if (clauseReading === 'hypothetical' && (status === 'happened' || status === 'ongoing' || status === 'unknown')) {
            status = 'hypothetical';
            cue = toks.slice(s0, r.start).find((t) => /^(?:if|unless|whether|supposing|suppose|assuming|lest|provided|providing|had|were|should|supposed|meant)$/.test(t.lower))?.text ?? null;
          }

          // Time: the nearest time expression in the clause, after the trigger preferred; an embedded event
          // ("voted to open an embassy in November") leaves the time to the event it depends on.
          const tense = status === 'planned' ? 'future' : status === 'happened' ? 'past' : null;
          let time: TimeValue | null = null;
          let timeSource: EventFinding['timeSource'] = null;
          if (!r.embedded) {
            const others = kept.filter((k) => k !== r && !k.embedded && k.clause[0] === r.clause[0]).map((k) => ({ start: toks[k.start].span.start, end: toks[k.end].span.end }));
            const tm = nearestTime(times, clauseSpan, trig, others);
            if (tm) {
              time = resolveTime(tm, { published, tense }) as TimeValue;
              timeSource = 'text';
            }
          }
          if (time?.direction === 'future' && status === 'unknown') {
            status = 'planned';
            cue = time.text;
          } else if (time?.direction === 'past' && (status === 'unknown')) {
            status = 'happened';
            cue = time.text;
          } else if (time && time.precision === 'open-range' && time.from && !time.to && status === 'happened' && /^since/i.test(time.text)) {
            status = 'ongoing';
            cue = time.text;
          }
          // The lead of a news report is about the day it was published ("Herzog's visit ... The day has come").
          if (!time && published && (status === 'happened' || status === 'unknown') && si <= 1 && voiceAt(trig, regions, speakers) === 'outlet') {
            if (status === 'unknown') {
              status = 'happened';
              cue = null;
            }
            time = { text: published.slice(0, 10), span: trig, precision: 'day', value: published.slice(0, 10), anchor: 'publication', note: 'no time in the text: the lead of a report is taken as the publication day' };
            timeSource = 'publication';
          }

          const voice = voiceAt(trig, regions, speakers);
          found.push({
            kind: 'event',
            span: trig,
            eventType: r.entry.type,
            trigger: text.slice(trig.start, trig.end),
            triggerLemma: r.entry.lemma,
            participants,
            time,
            timeSource,
            status,
            statusCue: cue,
            reportedOn,
            voice,
            nounTrigger: isNoun,
            weak,
            extra: r.extra,
            ruleId: `${r.entry.type}/${r.entry.pos}`,
            related: [
              ...r.extra.map((s) => ({ role: 'trigger', span: s, evidence: text.slice(s.start, s.end) })),
              { role: 'sentence', span: sentences[si], evidence: text.slice(sentences[si].start, sentences[si].end) },
            ],
          });
          if (agentP) prevAgent = agentP;
        }
        for (const m of mentionsIn(mentions, sentences[si])) if (m.actorKind === 'person' && !m.inQuote) lastPerson = m;
      }

      // Later mentions of an event already reported ("the visit", "this trip") fold into the first.
      const out: typeof found = [];
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
      // The finding without the working fields, written out (an object rest/spread per event is slow).
      const strip = (e: (typeof found)[number]) => ({
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
      });
      for (const e of out) {
        const who = e.participants.length ? `: ${e.participants.map((p) => `${p.canonical} (${p.role})`).join(', ')}` : '';
        const when = e.time ? `, ${e.time.value ?? [e.time.from, e.time.to].filter(Boolean).join('..') ?? e.time.text}${e.time.anchor === 'unresolved' ? ` (${e.time.text}, unresolved)` : ''}` : '';
        const input: ReportInput<EventFinding> = Object.assign(strip(e), { messageId: 'event', messageData: { type: e.eventType, status: e.status, who, when } });
        ctx.report<EventFinding>(input);
      }
      ctx.provide('events', out.map(strip));
    };
  },
});

function mentionsIn(mentions: ActorMention[], span: Span): ActorMention[] {
  const out: ActorMention[] = [];
  for (let i = lowerBound(mentions, span.start, (m) => m.span.start); i < mentions.length && mentions[i].span.start < span.end; i++) out.push(mentions[i]);
  return out;
}

function timeNear(times: TimeMatch[], clause: Span): boolean {
  const i = lowerBound(times, clause.start, (t) => t.span.start);
  return i < times.length && times[i].span.start < clause.end;
}

const distance = (t: TimeMatch, trig: Span): number => (t.span.start >= trig.end ? t.span.start - trig.end : (trig.start - t.span.end) * 1.2);

/** The time expression nearest the trigger in its clause, unless another trigger of the clause is nearer to it. */
function nearestTime(times: TimeMatch[], clause: Span, trig: Span, others: Span[]): TimeMatch | null {
  let best: TimeMatch | null = null;
  let bestD = Infinity;
  for (let i = lowerBound(times, clause.start, (t) => t.span.start); i < times.length && times[i].span.start < clause.end; i++) {
    const t = times[i];
    const d = distance(t, trig);
    // Another trigger between this one and the time takes it ("the visit follows talks held two weeks ago"),
    // except a time opening the clause ("Recently, X visited A and signed B" dates both).
    const opening = t.span.end <= trig.start && t.span.start === clause.start;
    if (!opening && others.some((o) => (o.start > trig.end && o.end <= t.span.start) || (o.end < trig.start && o.start >= t.span.end))) continue;
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return best;
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
