// Speakers: the candidates resolved in text order, with the discourse state (the last speaker, the last sentence
// subject) that pronouns, continuations and role nouns ("the pundit") are resolved against.
import type { ActorKind } from '../../core/finding.js';
import { lowerBound, type Span } from '../../core/span.js';
import type { ActorMention } from '../actors/index.js';
import type { Quote, SpeakerVia } from './extract.js';
import type { Cand } from './candidates.js';
import { isRelative, npBefore, PRONOUNS } from './cues.js';
import { paraIdxAt, personRoles, sentStart, span, tokIdx, type QuoteReading } from './reading.js';

interface Speaker {
  span: Span | null;
  actorId: string | null;
  kind: ActorKind | null;
  name: string | null;
  via: SpeakerVia | null;
}

/** What the resolution so far says: the latest resolved speaker, and the cursor over the sentence subjects. */
interface Discourse {
  lastSpeaker: { actorId: string; kind: ActorKind; name: string; at: number; para: number } | null;
  subjCursor: number;
  lastSubject: ActorMention | null;
  prevDirect: { quote: Quote; at: number; para: number } | null;
}

const NO_SPEAKER = (): Speaker => ({ span: null, actorId: null, kind: null, name: null, via: null });

/** The quotes of the candidates, their speakers resolved in text order (partial quotes left without a cue are dropped), sorted by span. */
export function resolveSpeakers(rd: QuoteReading, cands: Cand[]): Quote[] {
  const ordered = cands.filter((x) => !(x.type === 'partial' && !x.cue)).sort((x, y) => x.at - y.at);
  const out: Quote[] = [];
  const ds: Discourse = { lastSpeaker: null, subjCursor: 0, lastSubject: null, prevDirect: null };
  for (const x of ordered) {
    let sp: Speaker;
    if (x.via === 'colon' && x.colonSentence) sp = colonSpeaker(rd, x.colonSentence);
    else if (x.via === 'continuation') sp = continuationSpeaker(rd, ds, x);
    else sp = resolve(rd, ds, x.np, x.at);
    const q: Quote = {
      span: x.span,
      contentSpan: x.content,
      cueSpan: x.cue ? span(rd, x.cue.a, x.cue.b) : x.colonTok !== undefined ? span(rd, x.colonTok, x.colonTok + 1) : null,
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
    const endPara = paraIdxAt(rd, Math.max(x.span.start, x.span.end - 1));
    // Only speech sets the speaker that later quotes continue and pronouns resolve to: not an attitude or
    // evaluation ("X rejected the resolution"), a relative clause ("the council, which asked …") or the asker of a
    // question ("asked by a reporter whether …").
    const speech = !x.cue || !(x.cue.verb.npContent || x.cue.verb.notNested || x.cue.verb.lemma === 'ask');
    const relative = x.np !== null && x.np[1] - x.np[0] === 1 && isRelative(rd, x.np[0]);
    if (sp.actorId && sp.kind && speech && !relative) ds.lastSpeaker = { actorId: sp.actorId, kind: sp.kind, name: sp.name ?? '', at: x.at, para: endPara };
    if (x.type !== 'indirect') ds.prevDirect = { quote: q, at: x.at, para: endPara };
  }
  return out.sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end);
}

/** A quote introduced by a colon without a verb: the first actor (outside quotes) of the introducing sentence. */
function colonSpeaker(rd: QuoteReading, [a, b]: [number, number]): Speaker {
  const m = mentionsIn(rd, span(rd, a, b)).find((mm) => !mm.inQuote);
  return m ? { span: m.span, actorId: m.actorId, kind: m.actorKind, name: m.canonical, via: 'colon' } : NO_SPEAKER();
}

/** A quote without a cue continues the latest speaker of this or the previous paragraph. */
function continuationSpeaker(rd: QuoteReading, ds: Discourse, x: Cand): Speaker {
  const { lastSpeaker, prevDirect } = ds;
  const para = paraIdxAt(rd, x.span.start);
  const prev = prevDirect && para - prevDirect.para <= 1 && prevDirect.quote.speakerName ? prevDirect : null;
  const ls = lastSpeaker && para - lastSpeaker.para <= 1 && (!prev || lastSpeaker.at >= prev.at) ? lastSpeaker : null;
  return ls
    ? { span: null, actorId: ls.actorId, kind: ls.kind, name: ls.name, via: 'continuation' }
    : prev
      ? { span: null, actorId: prev.quote.speakerActorId, kind: prev.quote.speakerKind, name: prev.quote.speakerName, via: 'continuation' }
      : NO_SPEAKER();
}

/** Moves the subject cursor past `pos`: lastSubject becomes the latest sentence subject ending by then. */
function advanceSubjects(rd: QuoteReading, ds: Discourse, pos: number): void {
  const subjects = rd.subjects;
  while (ds.subjCursor < subjects.length && subjects[ds.subjCursor].span.end <= pos) ds.lastSubject = subjects[ds.subjCursor++];
}

/** The mentions overlapping s that are not places, in text order. */
function mentionsIn(rd: QuoteReading, s: Span): ActorMention[] {
  const mentions = rd.mentions;
  const out: ActorMention[] = [];
  // the first mention ending after s.start
  for (let k = lowerBound(mentions, s.start + 1, (m) => m.span.end); k < mentions.length && mentions[k].span.start < s.end; k++) if (mentions[k].actorKind !== 'place') out.push(mentions[k]);
  return out;
}

/** Most recent person before `pos` with a role (exact, then same family); a moving scan would do, but role
 * references are rare, so a backwards walk over the mentions before `pos` is bounded in practice. */
function byRole(rd: QuoteReading, role: string, pos: number): ActorMention | null {
  const { mentions, lexicon } = rd;
  // Roles of one family are used interchangeably for one person ("historian X", later "the pundit"), so within
  // a family the most recent holder of any of its roles wins; other roles must match exactly.
  const fam = lexicon.roleFamily.get(role);
  for (let k = mentions.length - 1; k >= 0; k--) {
    const m = mentions[k];
    if (m.span.start >= pos || m.actorKind !== 'person' || m.inQuote) continue;
    const rs = personRoles(rd).get(m.actorId);
    if (!rs) continue;
    if (rs.has(role)) return m;
    if (fam) for (const r of rs) if (lexicon.roleFamily.get(r) === fam) return m;
  }
  return null;
}

/** The speaker named by the phrase np (tokens [a, b)) at `at`: an actor in it, a pronoun, a role noun, or the words unresolved. */
function resolve(rd: QuoteReading, ds: Discourse, np: [number, number] | null, at: number): Speaker {
  const { text, tokens, roles } = rd;
  if (!np) return NO_SPEAKER();
  const s = span(rd, np[0], np[1]);
  // A phrase with an apposition names its speaker before the first comma ("Oskar Lindqvist, the delegation head,"),
  // unless only a later part is a name ("Vessany's foreign minister, Talia Orsk,").
  for (let k = np[0] + 1; k < np[1]; k++) {
    if (tokens[k].text === ',') {
      const head = resolve(rd, ds, [np[0], k], at);
      if (head.via !== 'name' || head.kind !== 'person') {
        let a = k + 1;
        while (a < np[1] && tokens[a].text === ',') a++;
        let e = a;
        while (e < np[1] && tokens[e].text !== ',') e++;
        // the later part is a name (one to four proper nouns) after a role ending in a common noun
        let bare = e > a && e - a <= 4 && tokens[k - 1].pos === 'NOUN';
        for (let j = a; j < e && bare; j++) bare = tokens[j].pos === 'PROPN' || tokens[j].text === '.' || tokens[j].text === '-';
        if (bare) return { ...resolve(rd, ds, [a, e], at), span: s };
      }
      return { ...head, span: s };
    }
  }
  const words = text.slice(s.start, s.end);
  // The speaker is the head of the phrase: "Israeli officials" (one mention) or "Benny Gantz", not a possessor
  // ("Gantz's office") or a modifier ("Western Azerbaijan Community").
  const inNp = mentionsIn(rd, s).filter(
    (m) => m.span.end === s.end || (m.labelType === 'demonym' && m.actorKind === 'state' && tokIdx(rd, m.span.end) === np[1] - 1 && tokens[np[1] - 1].pos === 'NOUN'),
  );
  const named = inNp.filter((m) => m.actorKind === 'person').pop() ?? inNp.pop();
  if (named) return { span: s, actorId: named.actorId, kind: named.actorKind, name: named.canonical, via: 'name' };
  const last = tokens[np[1] - 1];
  if (np[1] - np[0] === 1 && PRONOUNS[last.lower]) return pronounSpeaker(rd, ds, np, at, s, words);
  if (np[1] - np[0] === 1 && isRelative(rd, np[0])) {
    // "who"/"which": the actor it follows ("Chris Cox, who runs …"), within a few tokens.
    const s0 = sentStart(rd, np[0]);
    const ante = s0 < np[0] ? mentionsIn(rd, span(rd, Math.max(s0, np[0] - 6), np[0])).pop() : undefined;
    if (ante) return { span: s, actorId: ante.actorId, kind: ante.actorKind, name: ante.canonical, via: 'pronoun' };
    // no actor: the words it follows name the speaker ("a 2010 email, which said …"), never "which" itself
    const end = np[0] > s0 && tokens[np[0] - 1].text === ',' ? np[0] - 1 : np[0];
    const head = end > s0 ? npBefore(rd, end, s0) : null;
    return { span: s, actorId: null, kind: null, name: head ? text.slice(rd.starts[head[0]], rd.ends[head[1] - 1]) : null, via: 'unresolved' };
  }
  // Role nouns: "the pundit", "the Israeli political analyst", "the minister".
  const lw = last.lower.replace(/s$/, '');
  const two = np[1] - np[0] >= 2 ? `${tokens[np[1] - 2].lower} ${last.lower}` : '';
  const role = roles.has(two) ? two : roles.has(last.lower) ? last.lower : roles.has(lw) ? lw : '';
  if (role && /^(the|this|that)$/.test(tokens[np[0]].lower) && !/s$/.test(last.lower)) {
    const m = byRole(rd, role, s.start);
    if (m) return { span: s, actorId: m.actorId, kind: 'person', name: m.canonical, via: 'role' };
  }
  return { span: s, actorId: null, kind: null, name: words, via: 'unresolved' };
}

/** A one-word pronoun phrase: he/she → the latest person speaker or sentence subject; it/they → an organisation or
 * state earlier in the sentence, else the last speaker of a fitting kind. */
function pronounSpeaker(rd: QuoteReading, ds: Discourse, np: [number, number], at: number, s: Span, words: string): Speaker {
  const want = PRONOUNS[rd.tokens[np[1] - 1].lower];
  advanceSubjects(rd, ds, at);
  const lastSpeaker = ds.lastSpeaker;
  if (want === 'person') {
    const subj = ds.lastSubject as ActorMention | null;
    const sp = lastSpeaker?.kind === 'person' ? lastSpeaker : null;
    const pick = sp && (!subj || sp.at >= subj.span.start) ? { actorId: sp.actorId, kind: sp.kind, name: sp.name } : subj ? { actorId: subj.actorId, kind: subj.actorKind, name: subj.canonical } : null;
    if (pick) return { span: s, ...pick, via: 'pronoun' };
  } else {
    // "The leadership of Azerbaijan signalled … when it announced": the subject earlier in the sentence first.
    const s0 = sentStart(rd, np[0]);
    const inSentence = s0 < np[0] ? mentionsIn(rd, span(rd, s0, np[0])).find((m) => !m.inQuote && (m.actorKind === 'organisation' || m.actorKind === 'state')) : undefined;
    if (inSentence) return { span: s, actorId: inSentence.actorId, kind: inSentence.actorKind, name: inSentence.canonical, via: 'pronoun' };
    if (lastSpeaker && lastSpeaker.kind !== 'place' && (want === 'group' || lastSpeaker.kind !== 'person')) {
      return { span: s, actorId: lastSpeaker.actorId, kind: lastSpeaker.kind, name: lastSpeaker.name, via: 'pronoun' };
    }
  }
  return { span: s, actorId: null, kind: null, name: words, via: 'unresolved' };
}
