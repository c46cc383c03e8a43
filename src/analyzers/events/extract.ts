// Event extraction over one article: readEvents reads it once (mentions, times, tokens per sentence); findEvents
// walks the sentences, finds the trigger words (findTriggers, onePerClause) and reads each as an event
// (readEvent: agent, objects, status, time, voice). index.ts merges later mentions and reports the findings.
import { readClause, readNegation } from '../../core/negation.js';
import type { EventFinding, TimeValue, Voice } from '../../core/finding.js';
import { lowerBound, type Span } from '../../core/span.js';
import type { Token } from '../nlp/index.js';
import type { ActorMention } from '../actors/index.js';
import { readTimes, resolveTime, type TimeMatch } from '../../core/dates/index.js';
import type { TriggerEntry, TriggerForm } from './lexicon.js';

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

/** A past-tense form: irregular, or ending in -ed. */
function isPast(t: Token): boolean {
  return PAST_IRREGULAR.has(t.lower) || (/ed$/.test(t.lower) && t.lower.length > 4);
}

/** An event as found, with the working fields the merge step reads (nounTrigger, weak, extra). */
export type Found = Omit<EventFinding, 'id' | 'analyzer' | 'evidence' | 'message' | 'voice' | 'messageId'> & { voice: EventFinding['voice']; nounTrigger: boolean; weak: boolean; extra: Span[] };

/** Everything the steps share for one article. */
export interface EventReading {
  text: string;
  published: string | null;
  reportedOn: string | null;
  sentences: Span[];
  /** Actor mentions sorted by start. */
  mentions: ActorMention[];
  /** Starts of mentions and of their titles: a comma before one continues a list of names. */
  mentionStarts: Set<number>;
  times: TimeMatch[];
  /** Tokens per sentence. */
  perSentence: Token[][];
  index: Map<string, TriggerForm[]>;
  /** Whose voice a span is in (quote regions with their speakers). */
  voiceOf: (span: Span) => Voice;
  found: Found[];
  /** The last person named outside quotes in an earlier sentence: the referent of "he"/"she"/"they". */
  lastPerson: ActorMention | null;
}

/** Reads one article for event extraction: mention starts, the time expressions, tokens per sentence. */
export function readEvents(
  text: string,
  published: string | null,
  sentences: Span[],
  tokens: Token[],
  mentions: ActorMention[],
  index: Map<string, TriggerForm[]>,
  voiceOf: (span: Span) => Voice,
): EventReading {
  const reportedOn = published ? published.slice(0, 10) : null;
  const mentionStarts = new Set<number>();
  for (const m of mentions) {
    mentionStarts.add(m.span.start);
    if (m.titleSpan) mentionStarts.add(m.titleSpan.start);
  }
  const times = readTimes(text, published);
  const perSentence: Token[][] = Array.from({ length: sentences.length }, () => []);
  for (const t of tokens) if (t.sentence < sentences.length) perSentence[t.sentence].push(t);
  return { text, published, reportedOn, sentences, mentions, mentionStarts, times, perSentence, index, voiceOf, found: [], lastPerson: null };
}

/** Every event of the article, sentence by sentence (later mentions not yet merged). */
export function findEvents(r: EventReading): Found[] {
  const { sentences, perSentence, mentions } = r;
  for (let si = 0; si < sentences.length; si++) {
    const toks = perSentence[si];
    if (!toks.length) continue;
    const kept = onePerClause(toks, findTriggers(r, toks, si));
    let prevAgent: Participant | null = null;
    for (const ev of kept) {
      const agentP = readEvent(r, toks, kept, ev, si, prevAgent);
      if (agentP) prevAgent = agentP;
    }
    for (const m of mentionsIn(mentions, sentences[si])) if (m.actorKind === 'person' && !m.inQuote) r.lastPerson = m;
  }
  return r.found;
}

/** The clause of token i ([0, last] when none was recorded). */
function clauseAt(clauseIdx: Array<[number, number]>, toks: Token[], i: number): [number, number] {
  return clauseIdx[i] ?? [0, toks.length - 1];
}

/** The trigger words of sentence si, longest entry first at each token, with part-of-speech and 'near' checks. */
function findTriggers(r: EventReading, toks: Token[], si: number): RawEvent[] {
  const raws: RawEvent[] = [];
  const cls = clauses(toks);
  const clauseIdx = new Array<[number, number]>(toks.length);
  for (const c of cls) for (let k = c[0]; k <= c[1]; k++) clauseIdx[k] = c;
  for (let i = 0; i < toks.length; i++) {
    const cands = r.index.get(toks[i].lower);
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
      const cl = clauseAt(clauseIdx, toks, i);
      if (e.near) {
        let near = false;
        for (let k = i + c.words.length; k <= Math.min(cl[1], i + c.words.length + 5); k++) if (e.near.includes(toks[k].lower)) near = true;
        if (!near) continue;
      }
      const embedded = i >= 2 && toks[i - 1].lower === 'to' && raws.some((x) => x.end === i - 2 && x.entry.pos === 'verb');
      raws.push({ entry: e, start: i, end: i + c.words.length - 1, clause: cl, sentence: si, embedded, extra: [] });
      i += c.words.length - 1;
      break;
    }
  }
  return raws;
}

/** One event per type per clause ("expected to travel ... on an official visit" is one visit); 'other' only when nothing typed is in the clause. */
function onePerClause(toks: Token[], raws: RawEvent[]): RawEvent[] {
  const kept: RawEvent[] = [];
  for (const r of raws) {
    const same = kept.find((k) => k.entry.type === r.entry.type && k.clause[0] === r.clause[0]);
    if (same) {
      same.extra.push({ start: toks[r.start].span.start, end: toks[r.end].span.end });
      continue;
    }
    if (r.entry.type === 'other' && raws.some((k) => k !== r && k.entry.type !== 'other' && k.clause[0] === r.clause[0])) continue;
    kept.push(r);
  }
  return kept;
}

/** Adds the mention as a participant with the role unless its actor already is one. */
function addParticipant(participants: Participant[], m: ActorMention, role: Participant['role']): void {
  if (participants.some((p) => p.actorId === m.actorId)) return;
  participants.push({ role, actorId: m.actorId, canonical: m.canonical, actorKind: m.actorKind, span: m.span });
}
/** The token before the mention (before its title when the title comes first). */
function tokenBefore(toks: Token[], m: ActorMention): Token | undefined {
  const k = lowerBound(toks, m.titleSpan && m.titleSpan.start < m.span.start ? m.titleSpan.start : m.span.start, (t) => t.span.start) - 1;
  // Skip a leading article/title inside the mention's reach.
  return k >= 0 ? toks[k] : undefined;
}

/**
 * Reads one trigger as an event (participants, status, time, voice) and records it. Returns its agent when it was
 * recorded (the next event of the sentence may share it), else null.
 */
function readEvent(r: EventReading, toks: Token[], kept: RawEvent[], ev: RawEvent, si: number, prevAgent: Participant | null): Participant | null {
  const { text, sentences } = r;
  const [c0, c1] = ev.clause;
  const trig = { start: toks[ev.start].span.start, end: toks[ev.end].span.end };
  const clauseSpan = { start: toks[c0].span.start, end: toks[c1].span.end };
  const ms = mentionsIn(r.mentions, clauseSpan);
  const participants: Participant[] = [];
  const isNoun = ev.entry.pos === 'noun';
  const agent = isNoun ? nounAgent(text, ms, trig) : verbAgent(text, toks, ms, trig, clauseSpan);
  let agentP: Participant | null = null;
  if (agent) {
    addParticipant(participants, agent, 'agent');
    agentP = participants[0];
  } else if (!isNoun) {
    // "visited Baku, where he met ...": the agent of the previous event in the sentence, or a pronoun's referent.
    const pron = toks.slice(c0, ev.start).find((t) => PRONOUN.test(t.text));
    if (prevAgent && (pron || c0 > 0)) {
      participants.push({ ...prevAgent });
      agentP = prevAgent;
    } else if (pron && r.lastPerson) {
      addParticipant(participants, r.lastPerson, 'agent');
      agentP = participants[0];
    }
  }
  addObjects(r, toks, kept, ev, ms, trig, participants);
  if (ev.entry.type === 'other' && participants.length < 2) return null;
  // A bare noun ("the visit was short") is kept only if it folds into an event reported earlier.
  const weak = isNoun && !participants.length && !timeNear(r.times, clauseSpan);
  const st = statusBefore(r, toks, ev, trig);
  clauseStatus(toks, ev, st);
  const { time, timeSource } = readTime(r, toks, kept, ev, si, clauseSpan, trig, st);
  const voice = r.voiceOf(trig);
  r.found.push({
    kind: 'event',
    span: trig,
    eventType: ev.entry.type,
    trigger: text.slice(trig.start, trig.end),
    triggerLemma: ev.entry.lemma,
    participants,
    time,
    timeSource,
    status: st.status,
    statusCue: st.cue,
    reportedOn: r.reportedOn,
    voice,
    nounTrigger: isNoun,
    weak,
    extra: ev.extra,
    ruleId: `${ev.entry.type}/${ev.entry.pos}`,
    related: [
      ...ev.extra.map((s) => ({ role: 'trigger', span: s, evidence: text.slice(s.start, s.end) })),
      { role: 'sentence', span: sentences[si], evidence: text.slice(sentences[si].start, sentences[si].end) },
    ],
  });
  return agentP;
}

/** The agent of a noun trigger: "Gantz's visit", "Israel's arms sales", "the visit of Isaac Herzog", "the Israeli president's visit", "Israeli delegations". */
function nounAgent(text: string, ms: ActorMention[], trig: Span): ActorMention | null {
  let agent: ActorMention | null = null;
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
  return agent;
}

/** The agent of a verb trigger: the first mention before it in the clause that follows no preposition and possesses nothing. */
function verbAgent(text: string, toks: Token[], ms: ActorMention[], trig: Span, clauseSpan: Span): ActorMention | null {
  for (const m of ms) {
    if (m.span.start >= trig.start) break;
    const tb = tokenBefore(toks, m);
    if (tb && (PREP_LOCATION.has(tb.lower) || PREP_OTHER.has(tb.lower)) && tb.span.start >= clauseSpan.start) continue;
    // Skip a possessor of another noun ("Azerbaijan's deputy minister was appointed" keeps the minister).
    if (/^['’]s?\b/.test(text.slice(m.span.end, m.span.end + 2))) continue;
    return m;
  }
  return null;
}

/**
 * Patients and locations after the trigger, up to the next trigger, a subordinate clause or a comma that does not
 * continue a list of names; the role from the preposition before each and the event type.
 */
function addObjects(r: EventReading, toks: Token[], kept: RawEvent[], ev: RawEvent, ms: ActorMention[], trig: Span, participants: Participant[]): void {
  const [, c1] = ev.clause;
  const isNoun = ev.entry.pos === 'noun';
  const nextTrig = kept.find((k) => k.start > ev.end && k.clause[0] === ev.clause[0]);
  let stopAt = nextTrig ? toks[nextTrig.start].span.start : toks[c1].span.end;
  for (let k = ev.end + 1; k <= c1; k++) {
    const t = toks[k];
    if (t.span.start >= stopAt) break;
    if (STOP_AFTER.has(t.lower) || (t.text === ',' && !(k + 1 <= c1 && r.mentionStarts.has(toks[k + 1].span.start)))) {
      stopAt = t.span.start;
      break;
    }
  }
  for (const m of ms) {
    if (participants.some((p) => p.actorId === m.actorId)) continue;
    if (m.span.start >= stopAt) break;
    const tb = tokenBefore(toks, m);
    const prep = tb && tb.span.start >= trig.start ? tb.lower : null;
    if (m.span.start < trig.end) {
      if (isNoun && m.span.end <= trig.start) continue;
      continue;
    }
    if (ev.entry.type === 'visit' && (prep === null || prep === ev.entry.lemma || prep === 'to' || prep === 'in' || prep === 'at' || tb === toks[ev.end] || (tb && tb.span.start === trig.start))) {
      addParticipant(participants, m, 'location');
      continue;
    }
    if (prep && PREP_LOCATION.has(prep) && (m.actorKind === 'place' || m.labelType === 'metonym')) addParticipant(participants, m, 'location');
    else if (prep === 'with' || prep === 'between' || prep === 'and') addParticipant(participants, m, ev.entry.type === 'meeting' || ev.entry.type === 'phone-call' || ev.entry.type === 'agreement' ? 'participant' : 'patient');
    else if (prep && PREP_LOCATION.has(prep)) addParticipant(participants, m, ev.entry.type === 'supply' || ev.entry.type === 'sale' || ev.entry.type === 'statement' ? 'patient' : 'location');
    else addParticipant(participants, m, 'patient');
  }
}

/** An event's status and the words that decided it. */
interface StatusReading {
  status: Status;
  cue: string | null;
}

/** Status from the words before the trigger in its clause (denial, negated modal, hypothesis, plan, tense), else from the verb a noun goes with. */
function statusBefore(r: EventReading, toks: Token[], ev: RawEvent, trig: Span): StatusReading {
  const { text } = r;
  const [c0, c1] = ev.clause;
  const isNoun = ev.entry.pos === 'noun';
  const windowStart = Math.max(c0, ev.start - 6);
  const before = toks.slice(windowStart, ev.start);
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
    const after = [denialAt + 1, denialAt + 2].map((k) => (k < before.length ? before[k].lower : toks[ev.start + k - before.length]?.lower));
    if (readNegation(prev, after) !== 'denial') {
      negatedModal = text.slice((denialAt > 0 ? before[denialAt - 1] : denial).span.start, (denialAt + 1 < before.length ? before[denialAt + 1] : denial).span.end);
      denial = undefined;
    }
  }
  // A modal governs a verb trigger; a noun trigger is hypothetical only under "if"/"unless"/"whether".
  const hypo = (isNoun ? undefined : before.find((t) => HYPOTHETICAL.has(t.lower))) ?? toks.slice(c0, ev.start).find((t) => t.lower === 'if' || t.lower === 'unless' || t.lower === 'whether');
  const fut = before.find((t) => FUTURE_AUX.has(t.lower)) ?? (isNoun ? toks.slice(ev.end + 1, Math.min(c1 + 1, ev.end + 9)).find((t, k, arr) => FUTURE_AUX.has(t.lower) || (t.lower === 'yet' && arr[k + 1]?.lower === 'to') || (t.lower === 'to' && INTENT_BEFORE_TO.has(arr[k - 1]?.lower ?? ''))) : undefined);
  const toIdx = beforeLower.lastIndexOf('to');
  const intent = toIdx >= 1 && (INTENT_BEFORE_TO.has(beforeLower[toIdx - 1]) || (toIdx === beforeLower.length - 1 && ev.embedded)) ? before[toIdx - 1] : null;
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
  } else if (fut || intent || reportedWould || headlineTo || ev.embedded) {
    status = 'planned';
    const cueTok = fut ?? intent ?? (reportedWould ? hypo! : before[toIdx] ?? null);
    cue = cueTok ? text.slice(cueTok.span.start, toIdx >= 0 ? before[toIdx].span.end : cueTok.span.end) : 'to';
  } else if (!isNoun && (isPast(toks[ev.start]) || before.some((t) => PAST_AUX.has(t.lower)))) {
    status = 'happened';
    cue = toks[ev.start].text;
  } else if (!isNoun && /ing$/.test(toks[ev.start].lower) && before.some((t) => /^(?:is|are|am)$/.test(t.lower))) {
    status = 'ongoing';
    cue = text.slice(before.find((t) => /^(?:is|are|am)$/.test(t.lower))!.span.start, trig.end);
  } else if (isNoun) {
    return nounStatus(toks, ev, before);
  } else if (!isNoun) {
    status = 'happened';
    cue = null;
  }
  return { status, cue };
}

/** A noun trigger's status: "last"/"recent" before it, else the tense of the verb it goes with. */
function nounStatus(toks: Token[], ev: RawEvent, before: Token[]): StatusReading {
  const [c0, c1] = ev.clause;
  const lastAdj = before.find((t) => t.lower === 'last' || t.lower === 'previous' || t.lower === 'recent' || t.lower === 'latest');
  if (lastAdj) return { status: 'happened', cue: lastAdj.text };
  // The verb the noun goes with: the first verb after it ("the visit took place", "the visit follows"),
  // else the last one before it ("Gantz's office published ... the trip").
  let v = toks.slice(ev.end + 1, c1 + 1).find((t) => t.pos === 'VERB' || t.pos === 'AUX');
  if (!v) v = toks.slice(c0, ev.start).reverse().find((t) => t.pos === 'VERB' || t.pos === 'AUX');
  if (v && !MODAL.has(v.lower) && (isPast(v) || PAST_AUX.has(v.lower))) return { status: 'happened', cue: v.text };
  return { status: 'unknown', cue: null };
}

/**
 * A condition or supposition over the sentence ("Supposing X sold…", "X was supposed to sell"), or a matrix
 * denial ("it is not true that X sold"): src/core/negation.ts. Planned and denied readings stand.
 */
function clauseStatus(toks: Token[], ev: RawEvent, st: StatusReading): void {
  let s0 = ev.start;
  while (s0 > 0 && toks[s0 - 1].lower !== ';') s0--;
  const clauseReading = readClause(toks.slice(s0, ev.start).map((t) => t.lower));
  if (clauseReading === 'denial' && st.status !== 'denied') {
    st.status = 'denied';
    st.cue = 'that';
  } else if (clauseReading === 'hypothetical' && (st.status === 'happened' || st.status === 'ongoing' || st.status === 'unknown')) {
    st.status = 'hypothetical';
    st.cue = toks.slice(s0, ev.start).find((t) => /^(?:if|unless|whether|supposing|suppose|assuming|lest|provided|providing|had|were|should|supposed|meant)$/.test(t.lower))?.text ?? null;
  }
}

/**
 * Time: the nearest time expression in the clause, after the trigger preferred; an embedded event ("voted to open
 * an embassy in November") leaves the time to the event it depends on. The time may decide an unknown status; the
 * lead of a report without a time is about its publication day.
 */
function readTime(r: EventReading, toks: Token[], kept: RawEvent[], ev: RawEvent, si: number, clauseSpan: Span, trig: Span, st: StatusReading): { time: TimeValue | null; timeSource: EventFinding['timeSource'] } {
  const { published } = r;
  const tense = st.status === 'planned' ? 'future' : st.status === 'happened' ? 'past' : null;
  let time: TimeValue | null = null;
  let timeSource: EventFinding['timeSource'] = null;
  if (!ev.embedded) {
    const others = kept.filter((k) => k !== ev && !k.embedded && k.clause[0] === ev.clause[0]).map((k) => ({ start: toks[k.start].span.start, end: toks[k.end].span.end }));
    const tm = nearestTime(r.times, clauseSpan, trig, others);
    if (tm) {
      time = resolveTime(tm, { published, tense }) as TimeValue;
      timeSource = 'text';
    }
  }
  if (time?.direction === 'future' && st.status === 'unknown') {
    st.status = 'planned';
    st.cue = time.text;
  } else if (time?.direction === 'past' && (st.status === 'unknown')) {
    st.status = 'happened';
    st.cue = time.text;
  } else if (time && time.precision === 'open-range' && time.from && !time.to && st.status === 'happened' && /^since/i.test(time.text)) {
    st.status = 'ongoing';
    st.cue = time.text;
  }
  // The lead of a news report is about the day it was published ("Herzog's visit ... The day has come").
  if (!time && published && (st.status === 'happened' || st.status === 'unknown') && si <= 1 && r.voiceOf(trig) === 'outlet') {
    if (st.status === 'unknown') {
      st.status = 'happened';
      st.cue = null;
    }
    time = { text: published.slice(0, 10), span: trig, precision: 'day', value: published.slice(0, 10), anchor: 'publication', note: 'no time in the text: the lead of a report is taken as the publication day' };
    timeSource = 'publication';
  }
  return { time, timeSource };
}

/** The mentions starting inside the span (mentions sorted by start). */
function mentionsIn(mentions: ActorMention[], span: Span): ActorMention[] {
  const out: ActorMention[] = [];
  for (let i = lowerBound(mentions, span.start, (m) => m.span.start); i < mentions.length && mentions[i].span.start < span.end; i++) out.push(mentions[i]);
  return out;
}

/** Some time expression starts inside the clause. */
function timeNear(times: TimeMatch[], clause: Span): boolean {
  const i = lowerBound(times, clause.start, (t) => t.span.start);
  return i < times.length && times[i].span.start < clause.end;
}

/** Characters from the trigger to the time, a time before the trigger counting 1.2 times. */
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
