// Quote candidates: direct and partial quotes from the quotation regions with the cue after or before them, and
// indirect speech from the cues in the outlet's own words; speakers are resolved afterwards (speakers.ts).
import type { Span } from '../../core/span.js';
import type { QuoteType, SpeakerVia } from './extract.js';
import { appositiveSubject, cueAt, cueEndingAt, cueWith, extendAfter, npAfter, npBefore, passive, PRONOUNS, sentenceSubject, subjectOf, trimContent, type Cue } from './cues.js';
import { paraIdxAt, POSSESSIVE, sentEnd, sentStart, tokIdx, uint8View, type QuoteReading } from './reading.js';

const CLAUSE_END = /^[.!?]$/;
const NOMINATIVE = /^(he|she|they|we|i|it|you)$/;
const NP_START = new Set(['PRON', 'DET', 'PROPN', 'NOUN', 'ADJ', 'NUM']);
/** A letter or a digit: a quotation without one quotes no words. */
const HAS_WORD = /[\p{L}\p{N}]/u;

/** A quote found, before its speaker is resolved. */
export interface Cand {
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

/** One quotation region with what the cue searches need about it. */
interface RegionView {
  k: number;
  span: Span;
  content: Span;
  /** First token of the region, and the first token after it. */
  first: number;
  afterI: number;
  words: number;
  endsSentence: boolean;
  endsComma: boolean;
  para: number;
  /** The first token at or after afterI outside the paragraph. */
  paraEndTok: number;
}

/** Every candidate of the article: direct and partial quotes, then indirect speech, partial quotes given their host's cue. */
export function findCandidates(rd: QuoteReading): Cand[] {
  const cands: Cand[] = [];
  const usedCue = uint8View(rd.n); // token index of a cue taken by a direct quote -> 1
  const paraEndMemo = new Map<number, number>();
  for (let k = 0; k < rd.regions.length; k++) {
    const cand = directCandidate(rd, k, usedCue, paraEndMemo);
    if (cand) cands.push(cand);
  }
  indirectCandidates(rd, usedCue, cands);
  colonTurns(rd, cands);
  attachPartials(cands);
  return cands;
}

/** The candidate of quotation region k (a cue after it, before it, or none), or null when it quotes no speech. */
function directCandidate(rd: QuoteReading, k: number, usedCue: Uint8Array, paraEndMemo: Map<number, number>): Cand | null {
  const { text, tokens, n, paragraphs, paraOf } = rd;
  const r = rd.regions[k];
  const first = tokIdx(rd, r.span.start);
  // A quotation mark opening after the last token (text ending "…«") has no words to quote or attribute.
  if (first >= tokens.length) return null;
  const afterI = tokIdx(rd, r.span.end);
  const content = r.contentSpan;
  const inner = text.slice(content.start, content.end).trim();
  // Marks around nothing but spaces or punctuation ("", “…”, '—') quote no words: not a quotation of anyone.
  if (!HAS_WORD.test(inner)) return null;
  const words = inner.split(/\s+/).filter(Boolean).length;
  const endsSentence = /[.!?…]["'”’]?$/.test(inner);
  const endsComma = /[,]$/.test(inner);
  const para = paraIdxAt(rd, r.span.start);
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
  // Short Title Case quotations are titles or names ("Fox and Friends", “Spike”), not speech, unless a colon
  // introduces them.
  const titleLike = words <= 6 && inner.split(/\s+/).every((w) => /^[^\p{L}]*(\p{Lu}|\d)/u.test(w) || /^(of|and|the|a|an|in|on|for|to|at|by|with|is|it)$/i.test(w));
  if (titleLike && tokens[first - 1]?.text !== ':') return null;
  const rv: RegionView = { k, span: r.span, content, first, afterI, words, endsSentence, endsComma, para, paraEndTok };
  // c) the quote is inside an indirect attribution or after an "according to" in its sentence: handled by the indirect pass.
  return cueAfterQuote(rd, rv, usedCue) ?? (first > 0 ? cueBeforeQuote(rd, rv, usedCue) : null) ?? uncuedQuote(rd, rv);
}

/** a) cue after the quote: “…,” he said / “…,” said X / “…” Herzog said in a statement. */
function cueAfterQuote(rd: QuoteReading, rv: RegionView, usedCue: Uint8Array): Cand | null {
  const { tokens, inRegion } = rd;
  const { endsSentence, endsComma, paraEndTok } = rv;
  let afterI = rv.afterI;
  if (tokens[afterI]?.text === ',' && !endsComma) afterI++;
  if (!(afterI < paraEndTok && inRegion[afterI] < 0)) return null;
  let stop = afterI;
  // (an abbreviation's point inside a parenthesis does not end the clause: "Sen. Marco Rubio (R-Fla.) said")
  while (stop < paraEndTok && stop - afterI < 40 && (!CLAUSE_END.test(tokens[stop].text) || tokens[stop + 1]?.text === ')') && inRegion[stop] < 0 && tokens[stop].text !== ':') stop++;
  for (let i = afterI; i < stop; i++) {
    const c = cueAt(rd, i);
    if (!c || c.verb.needsQuote || passive(rd, c)) continue;
    // “…,” Michele B., Republican of Minnesota, told …: the speaker with its apposition
    const whole = i > afterI + 2 ? appositiveSubject(rd, i, afterI) : null;
    const before = whole && whole[0] === afterI ? whole : i > afterI ? npBefore(rd, i, afterI) : null;
    // a cue further on needs a speaker phrase reaching back to the quote ("Sen. Marco Rubio (R-Fla.) said")
    if (i >= afterI + 7 && !(before && before[0] === afterI)) break;
    const after = !before ? npAfter(rd, c.b, stop) : null;
    const np = before && before[0] === afterI ? before : after ? extendAfter(rd, after, paraEndTok) : null;
    if (!np) break;
    // "…, he said. " is a cue; "…. He also said that …" starts a new attribution.
    const next = tokens[c.b];
    if (endsSentence && next && next.lower === 'that') break;
    if (endsSentence && !(endsComma) && tokens[afterI].pos !== 'PRON' && !/^[a-z]/.test(tokens[afterI].text) && stop - afterI > 8) break;
    usedCue[c.a] = 1;
    return { type: 'direct', span: rv.span, content: rv.content, cue: c, np, at: rv.span.start, region: rv.k };
  }
  return null;
}

/** b) cue before the quote: X stated: “…” / X claimed, “…” / called the move “a betrayal”; or a colon without a verb. */
function cueBeforeQuote(rd: QuoteReading, rv: RegionView, usedCue: Uint8Array): Cand | null {
  const { tokens, paraOf, inRegion } = rd;
  const { first, para, content } = rv;
  const prevTok = tokens[first - 1];
  const sameSentence = prevTok.sentence === tokens[first].sentence || paraOf[first - 1] === para;
  const introPunct = prevTok.text === ':' || prevTok.text === ',';
  const embedded = sameSentence && paraOf[first - 1] === para && !introPunct && !CLAUSE_END.test(prevTok.text) && inRegion[first - 1] < 0;
  if ((introPunct || embedded) && paraOf[first - 1] === para) {
    const lim = Math.max(sentStart(rd, first - 1), first - 14);
    for (let i = first - 1 - (introPunct ? 1 : 0); i >= lim; i--) {
      if (inRegion[i] >= 0) break;
      const c = cueAt(rd, i) ?? (i > 0 ? cueEndingAt(rd, i) : null);
      if (!c || passive(rd, c)) continue;
      // "saying his campaign doesn't want “that crap”": an attitude inside another attribution is not its cue
      if (c.verb.notNested && cueBefore(rd, sentStart(rd, c.a), c.a)) break;
      if (c.verb.lemma === 'according to') break;
      const subj = subjectOf(rd, c.a, sentStart(rd, c.a));
      const np = subj === 'infinitive' ? null : subj ?? npAfter(rd, c.b, first - 1);
      // an embedded quote leaves its cue to the indirect pass too: "X says Iran has “no problem” with …"
      if (!embedded) usedCue[c.a] = 1;
      return { type: embedded ? 'partial' : 'direct', span: rv.span, content, cue: c, np, at: rv.span.start, region: rv.k, ...(subj === 'infinitive' ? { via: 'continuation' as const } : {}) };
    }
  }
  // colon introduction without a speech verb: "Aliyev … made a rare public statement:" + quote
  if (prevTok.text === ':') {
    return { type: 'direct', span: rv.span, content, cue: null, np: null, at: rv.span.start, via: 'colon', colonSentence: [sentStart(rd, first - 1), first - 1], colonTok: first - 1, region: rv.k };
  }
  return null;
}

/** A quote with no cue: a continuation of the previous speaker, a colon at the end of the previous paragraph, or (short, embedded) a scare quote. */
function uncuedQuote(rd: QuoteReading, rv: RegionView): Cand {
  const { tokens, paraOf, inRegion } = rd;
  const { first, para, content, words, endsSentence } = rv;
  const atParaStart = first === 0 || paraOf[first - 1] !== para;
  const prevParaColon = atParaStart && first > 0 && tokens[first - 1].text === ':';
  if (prevParaColon) {
    return { type: 'direct', span: rv.span, content, cue: null, np: null, at: rv.span.start, via: 'colon', colonSentence: [sentStart(rd, first - 1), first - 1], colonTok: first - 1, region: rv.k };
  } else if ((words >= 4 || endsSentence) && (atParaStart || (first > 0 && inRegion[first - 1] >= 0) || (first > 0 && CLAUSE_END.test(tokens[first - 1].text)))) {
    return { type: 'direct', span: rv.span, content, cue: null, np: null, at: rv.span.start, via: 'continuation', region: rv.k };
  }
  return { type: 'partial', span: rv.span, content, cue: null, np: null, at: rv.span.start, region: rv.k, via: 'unresolved' };
}

/**
 * Indirect speech in the outlet's own words, appended to `cands`. Only cue words can start an attribution; after
 * an "according to" the scan resumes behind it.
 */
function indirectCandidates(rd: QuoteReading, usedCue: Uint8Array, cands: Cand[]): void {
  const { tokens, inRegion, cueTok, cueTokWord } = rd;
  let resume = 0;
  let lastContentEnd = -1; // end offset of the latest indirect content found
  for (let ci = 0; ci < cueTok.length; ci++) {
    const i = cueTok[ci];
    if (i < resume || inRegion[i] >= 0 || usedCue[i] === 1) continue;
    const c = cueWith(rd, i, cueTokWord[ci]);
    if (!c || c.verb.needsQuote || passive(rd, c)) continue;
    if (c.verb.notNested && tokens[i].span.start < lastContentEnd) continue;
    const s0 = sentStart(rd, i);
    const s1 = sentEnd(rd, i);
    if (c.verb.lemma === 'according to') {
      const cand = accordingTo(rd, c, i, s0, s1);
      if (!cand) continue;
      cands.push(cand);
      resume = c.b;
      continue;
    }
    if (c.verb.lemma === 'ask' && tokens[i].lower === 'asked' && (i === s0 || /^(when|after|,|if|once|as)$/.test(tokens[i - 1].lower))) {
      const q = askedQuestion(rd, c, s1);
      if (q) cands.push(q);
      continue;
    }
    const np = cueSubject(rd, c, i, s0);
    if (np === false) continue;
    const at = tokens[i].span.start;
    const cand = speakerAfterContent(rd, c, i, s0, s1, np, at) ?? contentAfterSpeaker(rd, c, s1, np, at);
    if (cand) {
      cands.push(cand);
      lastContentEnd = Math.max(lastContentEnd, cand.content.end);
    }
  }
}

/** "According to X, CONTENT." / "CONTENT, according to X." */
function accordingTo(rd: QuoteReading, c: Cue, i: number, s0: number, s1: number): Cand | null {
  const { tokens, inRegion } = rd;
  let j = c.b;
  while (j < s1 && tokens[j].text !== ',' && !CLAUSE_END.test(tokens[j].text) && tokens[j].text !== ':' && inRegion[j] < 0 && j - c.b < 30) j++;
  // "According to Y, X." / "In 2015, according to Y, X.": the content follows; "X, according to Y." (a clause
  // before the cue): the content precedes
  let clauseBefore = false;
  for (let k = s0; k < i && !clauseBefore; k++) clauseBefore = (tokens[k].pos === 'VERB' || tokens[k].pos === 'AUX') && inRegion[k] < 0;
  const leadIn = i === s0 || (tokens[i - 1].text === ',' && !clauseBefore);
  // "…, according to the Communications Workers of America, one of the unions." — the source runs on to the clause end
  let np: [number, number] | null = j > c.b ? [c.b, j] : null;
  if (np && !leadIn) np = extendAfter(rd, np, s1);
  let content: Span | null = null;
  if (leadIn && tokens[j]?.text === ',') content = trimContent(rd, j + 1, s1);
  else if (i > s0) content = trimContent(rd, s0, i);
  if (!content || !np) return null;
  return { type: 'indirect', span: content, content, cue: c, np, at: tokens[i].span.start };
}

/** The speaker phrase of the cue c at token i (null if none), or false when the cue starts no attribution we take. */
function cueSubject(rd: QuoteReading, c: Cue, i: number, s0: number): [number, number] | null | false {
  const tokens = rd.tokens;
  let np: [number, number] | null;
  if (/ing$/.test(tokens[i].lower)) {
    // ", saying that …" belongs to the sentence's subject; "a notice stating …" is not an attribution we take.
    if (i === s0 || tokens[i - 1].text !== ',') return false;
    np = sentenceSubject(rd, i, s0);
  } else {
    const subj = subjectOf(rd, i, s0);
    if (subj === 'infinitive') return false;
    np = subj;
  }
  const afterVerb = c.b;
  if (i > s0 && tokens[i - 1].text === ',') {
    // "X, an economist who served …, said that …": the subject is the noun phrase with its apposition.
    const whole = appositiveSubject(rd, i, s0);
    if (whole) np = whole;
    else if (tokens[afterVerb]?.lower === 'that' || tokens[afterVerb]?.pos === 'PRON') {
      const first = npAfter(rd, s0, i);
      if (first && first[1] < i && tokens[first[1]].text === ',') np = first;
    }
  }
  return np;
}

/** Whether nothing but a clause end follows `from` in the sentence (no verb, "that", comma or colon). */
function tailClear(rd: QuoteReading, from: number, s1: number): boolean {
  const tokens = rd.tokens;
  for (let j = from; j < s1; j++) {
    if (CLAUSE_END.test(tokens[j].text)) return true;
    // "…, he said, wiping his face." / "…, she said, in a statement.": a participle or phrase after the cue
    if (tokens[j].text === ',') return j + 1 < s1 && (tokens[j + 1].pos === 'ADP' || (tokens[j + 1].pos === 'VERB' && /ing$/.test(tokens[j + 1].lower)));
    if (tokens[j].pos === 'VERB' || tokens[j].lower === 'that' || tokens[j].text === ':') return false;
  }
  return true;
}

/** The content first, then the speaker: "…, X said." and "…, said X." */
function speakerAfterContent(rd: QuoteReading, c: Cue, i: number, s0: number, s1: number, np: [number, number] | null, at: number): Cand | null {
  const { tokens, roles, inRegion, mentionOfTok } = rd;
  const afterVerb = c.b;
  // "…, X said." — the cue closes the sentence, the speaker stands between a comma and the verb.
  const nx0 = tokens[afterVerb];
  // "The hashtag, he said, was even more popular.": the cue inside the clause it reports; the content is the
  // sentence around it (annotators draw it as two pieces; its envelope is the sentence).
  if (np && np[0] > s0 && tokens[np[0] - 1].text === ',' && nx0?.text === ',' && s1 - afterVerb > 3 && !tailClear(rd, afterVerb, s1) && inRegion[afterVerb + 1] < 0) {
    const content = trimContent(rd, s0, s1);
    if (content) return { type: 'indirect', span: content, content, cue: c, np, at };
  }
  // "…, he told The Post." — an addressee between the cue and the clause end
  let ax = afterVerb;
  if (c.verb.object) while (ax < s1 && ax - afterVerb < 5 && (tokens[ax].pos === 'PROPN' || tokens[ax].pos === 'NOUN' || tokens[ax].pos === 'DET' || tokens[ax].pos === 'PRON')) ax++;
  const nx = ax > afterVerb && (ax >= s1 || CLAUSE_END.test(tokens[ax].text) || tokens[ax].text === ',') ? tokens[ax] : nx0;
  const closes = !nx || nx.sentence !== tokens[i].sentence || CLAUSE_END.test(nx.text) || nx.text === ',' || nx.pos === 'ADP' || nx.pos === 'ADV';
  if (np && closes && np[0] > s0 && tokens[np[0] - 1].text === ',' && tailClear(rd, afterVerb, s1)) {
    // (the sentence may open with a quotation: "“We don't teach anything” against it in the meetings, he said")
    const content = trimContent(rd, s0, np[0] - 1);
    if (content && tokens[s0].span.start === content.start && (inRegion[s0] < 0 || inRegion[np[0] - 2] < 0)) return { type: 'indirect', span: content, content, cue: c, np, at };
  }
  // "…, said X."
  if (i > s0 && tokens[i - 1].text === ',' && !c.verb.needsThat) {
    const np0 = npAfter(rd, afterVerb, s1);
    const np2 = np0 ? extendAfter(rd, np0, s1) : null;
    const nameLike = np0 && (mentionOfTok[np0[1] - 1] >= 0 || tokens[np0[1] - 1].pos === 'PROPN' || roles.has(tokens[np0[1] - 1].lower) || PRONOUNS[tokens[np0[1] - 1].lower]);
    const ends = np2 && (np2[1] >= s1 || CLAUSE_END.test(tokens[np2[1]].text) || tokens[np2[1]].text === ',' || tokens[np2[1]].pos === 'ADP');
    if (np2 && nameLike && ends && tailClear(rd, np2[1], s1)) {
      const content = trimContent(rd, s0, i - 1);
      if (content && inRegion[s0] < 0) return { type: 'indirect', span: content, content, cue: c, np: np2, at };
    }
  }
  return null;
}

/** The speaker first: "X said (that) CONTENT" / "X told reporters (that) CONTENT" / "X claimed in 2016 that CONTENT". */
function contentAfterSpeaker(rd: QuoteReading, c: Cue, s1: number, np: [number, number] | null, at: number): Cand | null {
  const tokens = rd.tokens;
  if (!np) return null;
  // "said on Friday (that) he …", "said in a statement the deal …", "said Tuesday he …": a time or place
  // adverbial between the cue and its content is skipped
  const afterVerb = c.verb.npContent || c.verb.object ? c.b : skipAdverbial(rd, c.b, s1);
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
  if (c.verb.infinitive && tokens[afterVerb]?.lower !== 'to') return null;
  if (thatAt >= 0) j = thatAt;
  else if (c.verb.needsThat) return null;
  else if (c.verb.npContent) {
    // the object or infinitive is the content: "criticized the plan", "wants to run", "a poll shows Clinton ahead"
    const t = tokens[j];
    if (!t || !(NP_START.has(t.pos) || t.lower === 'to' || t.lower === 'of' || t.lower === 'how' || t.lower === 'what' || t.lower === 'whether' || t.lower === 'if')) return null;
  }
  else if (c.verb.object) {
    // the addressee, up to a subject pronoun that opens the content: "told reporters he would run"
    while (j < s1 && (tokens[j].pos === 'PRON' || tokens[j].pos === 'PROPN' || tokens[j].pos === 'NOUN' || tokens[j].pos === 'DET') && j - afterVerb < 5 && !(j > afterVerb && NOMINATIVE.test(tokens[j].lower))) j++;
    if (j === afterVerb || !(tokens[j]?.pos === 'PRON' || tokens[j]?.pos === 'DET' || tokens[j]?.pos === 'PROPN' || tokens[j]?.pos === 'NOUN')) return null;
  } else {
    const t = tokens[j];
    // "said if he were president, …", "said legalizing it could …"
    if (t && (t.pos === 'SCONJ' || /^(if|when|because|while|although|once|unless)$/.test(t.lower) || (t.pos === 'VERB' && /ing$/.test(t.lower)))) {
      const content = trimContent(rd, j, s1);
      return content ? { type: 'indirect', span: content, content, cue: c, np, at } : null;
    }
    if (!t || !(t.pos === 'PRON' || t.pos === 'DET' || t.pos === 'PROPN' || t.pos === 'NOUN' || t.pos === 'ADJ' || t.pos === 'NUM' || t.lower === 'of')) return null;
    // a bare object is not a clause: "said a few words", "announced the deal" — need a verb after it
    let verbSeen = false;
    for (let k = j; k < s1 && k - j < 12; k++) if (tokens[k].pos === 'VERB' || tokens[k].pos === 'AUX') { verbSeen = true; break; }
    if (!verbSeen && t.lower !== 'of') return null;
  }
  // The content runs to the end of the sentence, or to a coordinated clause ("…, but he hasn't endorsed her",
  // "… and said funding is needed"); a direct quote inside it stays its own quote.
  const content = trimContent(rd, j, contentEnd(rd, j, s1));
  if (!content) return null;
  return { type: 'indirect', span: content, content, cue: c, np, at };
}

/** Partial quotes without their own cue take the cue of an attribution that contains them. */
function attachPartials(cands: Cand[]): void {
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
}

/** Labels that end in a colon without naming a speaker ("Update:", "Photo:", "Related:"). */
const NOT_SPEAKER_LABEL = /^(breaking|news|exclusive|live|latest|analysis|opinion|editorial|poll|report|watch|update|updated|note|editor|editors|photo|photos|source|sources|related|watch|read|video|warning|correction|corrections|disclosure|transcript|q|a|question|answer|caption|credit|image|listen|see|subscribe|follow|share|tags?|click|also|more|contact|email|tel|phone|fax|web|website|url|http|https|www)$/;

/** Whether tokens [a, colon) name a speaker of a turn: a person or organisation the actors analyzer found (at
 * most four words: "Issa", "Bill Clinton"), or one or two capitalised transcript labels ("TAPPER", "MR. SMITH");
 * never a label word ("BREAKING NEWS", "Update") nor a headline phrase ("The Latest", "Stealth Over Health"). */
function turnSpeaker(rd: QuoteReading, a: number, colon: number): boolean {
  const { tokens, mentionOfTok, mentions } = rd;
  for (let k = a; k < colon; k++) if (NOT_SPEAKER_LABEL.test(tokens[k].lower)) return false;
  const m = mentionOfTok[colon - 1];
  if (m >= 0 && colon - a <= 4 && (mentions[m].actorKind === 'person' || mentions[m].actorKind === 'organisation')) return true;
  const words = tokens.slice(a, colon).filter((t) => /\p{L}/u.test(t.text));
  return words.length > 0 && words.length <= 2 && words.every((t) => /^\p{Lu}{2,}\.?$/u.test(t.text) || /^(MR|MRS|MS|DR)\.?$/.test(t.text));
}

/**
 * Turns in interviews and transcripts, and headline attributions: a sentence that opens with a short name (one to
 * five capitalised words) and a colon — "TAPPER: Do you think …", "Issa: Clinton's honesty is in question" — is the
 * named speaker's, up to the next such turn or the paragraph end. One pass over the sentence starts.
 */
function colonTurns(rd: QuoteReading, cands: Cand[]): void {
  const { tokens, n, inRegion, paraOf, sentFirst } = rd;
  const turns: Array<[number, number]> = []; // [first token of the name, colon token]
  for (let i = 0; i < n; i++) {
    if (sentFirst[i] !== i || inRegion[i] >= 0) continue;
    let k = i;
    while (k < n && k - i < 6 && tokens[k].text !== ':' && (/^\p{Lu}/u.test(tokens[k].text) || POSSESSIVE.test(tokens[k].text) || tokens[k].text === '.' || tokens[k].text === '-')) k++;
    if (k === i || k >= n || tokens[k].text !== ':' || k - i > 5 || paraOf[k] !== paraOf[i]) continue;
    if (!turnSpeaker(rd, i, k)) continue;
    // the words after the colon: at least three, not a quotation (the direct pass reads "X: “…”")
    if (k + 3 >= n || paraOf[k + 3] !== paraOf[k] || inRegion[k + 1] >= 0 || /^\d/.test(tokens[k + 1].text)) continue;
    turns.push([i, k]);
  }
  for (let t = 0; t < turns.length; t++) {
    const [a, colon] = turns[t];
    let e = colon + 1;
    const stop = t + 1 < turns.length ? turns[t + 1][0] : n;
    while (e < stop && paraOf[e] === paraOf[colon]) e++;
    const content = trimContent(rd, colon + 1, e);
    if (!content) continue;
    cands.push({ type: 'direct', span: content, content, cue: null, np: [a, colon], at: tokens[a].span.start, colonTok: colon });
  }
}

/** Whether a cue word (not an attitude) stands among tokens [a, b): the sentence holds an attribution before b. */
function cueBefore(rd: QuoteReading, a: number, b: number): boolean {
  for (let k = Math.max(a, b - 40); k < b; k++) {
    const c = cueAt(rd, k);
    if (c && !c.verb.notNested && !c.verb.npContent) return true;
  }
  return false;
}

const ADVERBIAL_HEAD = /^(on|in|at|during|after|before|last|this|earlier|later|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)$/;

/** The token after a time or place adverbial that starts at j ("on Friday", "in a statement", "at a rally in
 * Texas", "Tuesday"), or j when none does. A new noun phrase (a determiner after a noun) or a subject pronoun
 * ends it: "said in a statement the deal was off". At most 10 tokens. */
function skipAdverbial(rd: QuoteReading, j: number, s1: number): number {
  const tokens = rd.tokens;
  if (j >= s1 || !ADVERBIAL_HEAD.test(tokens[j].lower)) return j;
  let k = j + 1;
  while (k < s1 && k - j < 10) {
    const t = tokens[k];
    if (NOMINATIVE.test(t.lower) || t.lower === 'that') break;
    if (t.pos === 'DET' && k > j + 1 && (tokens[k - 1].pos === 'NOUN' || tokens[k - 1].pos === 'PROPN')) break;
    if (t.pos === 'DET' || t.pos === 'ADJ' || t.pos === 'PROPN' || t.pos === 'NOUN' || t.pos === 'NUM' || POSSESSIVE.test(t.text) || ADVERBIAL_HEAD.test(t.lower) || t.pos === 'ADP') k++;
    else break;
  }
  // nothing but the adverbial before the clause end: not an adverbial before content
  return k < s1 && !CLAUSE_END.test(tokens[k].text) && tokens[k].text !== ',' ? k : j;
}

/** Where the content starting at j ends: at ", but" followed by a new clause, or at "and"/"but" followed by a cue
 * verb (a coordinated attribution of the same speaker); else s1. */
function contentEnd(rd: QuoteReading, j: number, s1: number): number {
  const tokens = rd.tokens;
  for (let k = j + 1; k + 1 < s1; k++) {
    const w = tokens[k].lower;
    if (tokens[k].text === ',' && tokens[k + 1].lower === 'but' && k + 2 < s1 && NP_START.has(tokens[k + 2].pos)) return k;
    if ((w === 'and' || w === 'but') && rd.inRegion[k] < 0 && tokens[k + 1].pos === 'VERB' && cueAt(rd, k + 1)) return k;
  }
  return s1;
}

/** "Asked whether …, X said", "when asked by a reporter about …": the question is the content, its asker (after
 * "by") the source when named; the answer is the answerer's own attribution. */
function askedQuestion(rd: QuoteReading, c: Cue, s1: number): Cand | null {
  const tokens = rd.tokens;
  let j = c.b;
  let np: [number, number] | null = null;
  if (tokens[j]?.lower === 'by') {
    np = npAfter(rd, j + 1, s1);
    if (!np) return null;
    j = np[1];
  }
  j = skipAdverbial(rd, j, s1);
  const t = tokens[j];
  if (!t || !/^(whether|if|what|how|why|who|when|where|about|to|for)$/.test(t.lower)) return null;
  let e = j;
  while (e < s1 && tokens[e].text !== ',' && !CLAUSE_END.test(tokens[e].text) && e - j < 40) e++;
  const content = trimContent(rd, j, e);
  return content ? { type: 'indirect', span: content, content, cue: c, np, at: tokens[c.a].span.start } : null;
}
