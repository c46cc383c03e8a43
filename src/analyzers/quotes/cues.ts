// Cues (speech verbs and "according to") and the noun phrases around them: who speaks, read from the tokens.
import type { Span } from '../../core/span.js';
import type { SpeechVerb } from './lexicon.js';
import { cueHash, POSSESSIVE, span, type CueWord, type QuoteReading } from './reading.js';

/** A cue: tokens [a, b) and its speech verb. */
export interface Cue {
  a: number; // first token
  b: number; // end token (exclusive)
  verb: SpeechVerb;
}

export const PRONOUNS: Record<string, 'person' | 'group' | 'thing'> = { he: 'person', she: 'person', they: 'group', it: 'thing' };
const NP_POS = new Set(['PROPN', 'NOUN', 'ADJ', 'DET', 'PRON', 'NUM']);
const SKIP_BEFORE_VERB = new Set(['ADV', 'AUX', 'PART']);
/** Past forms are verbs even when wink tags them otherwise; -s forms ("claims", "states") are often nouns. */
const isPastForm = (w: string): boolean => /(?:ed|said|told|wrote|thought)$/.test(w);

/** The cue at token i, or null. */
export function cueAt(rd: QuoteReading, i: number): Cue | null {
  const lw = rd.tokens[i].lower;
  if (rd.cueWords.mask[cueHash(lw)] === 0) return null;
  const w = rd.cueWords.words.get(lw);
  return w ? cueWith(rd, i, w) : null;
}

/** The cue at token i, whose lower-case form is the cue word w. */
export function cueWith(rd: QuoteReading, i: number, w: CueWord): Cue | null {
  const { tokens, n } = rd;
  const t = tokens[i];
  const two = w.double;
  if (two && i + 1 < n) for (const [w2, verb] of two) if (tokens[i + 1].lower === w2) return { a: i, b: i + 2, verb };
  const verb = w.single;
  if (!verb) return null;
  if (t.pos === 'VERB' || (isPastForm(t.lower) && t.pos !== 'ADJ')) return { a: i, b: i + 1, verb };
  // wink tags some -s verbs as nouns ("The minister claims the …"): accept after a subject, before a clause.
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  // and evidence verbs after a plural subject, tagged as nouns too: "polls show Clinton ahead", "records show that"
  if (t.pos === 'NOUN' && verb.npContent && !/s$/.test(t.lower) && prev && (prev.pos === 'NOUN' || prev.pos === 'PROPN') && /s$/.test(prev.lower) && next && (next.lower === 'that' || next.pos === 'DET' || next.pos === 'PROPN' || next.pos === 'PRON' || next.pos === 'NUM')) {
    return { a: i, b: i + 1, verb };
  }
  if (t.pos === 'NOUN' && /s$/.test(t.lower) && prev && (prev.pos === 'PROPN' || /^(he|she|it|they|we|i|you|who|which)$/.test(prev.lower)) && next && (next.lower === 'that' || next.pos === 'DET' || next.pos === 'PRON')) {
    return { a: i, b: i + 1, verb };
  }
  return null;
}

/** The two-word cue that starts at token i - 1 and ends with token i, or null. */
export function cueEndingAt(rd: QuoteReading, i: number): Cue | null {
  const d = cueAt(rd, i - 1);
  return d && d.b === i + 1 ? d : null;
}

/** Passive or adjectival uses are not cues: "is said to", "the so-called", "alleged crimes". */
export function passive(rd: QuoteReading, c: Cue): boolean {
  const p = rd.tokens[c.a - 1];
  if (!p) return false;
  if (p.pos === 'AUX' && /^(is|are|was|were|be|been|being)$/.test(p.lower)) return true;
  if (p.lower === 'so' || p.text === '-') return true;
  if (c.verb.lemma !== 'according to' && (p.pos === 'DET' || p.lower === 'the')) return true;
  return false;
}

/** Subject noun phrase ending before token `end` (exclusive), skipping adverbs/auxiliaries; [a, b) or null. */
export function npBefore(rd: QuoteReading, end: number, limit: number): [number, number] | null {
  const { tokens, inRegion, mentionOfTok, mTok0 } = rd;
  let b = skipTime(rd, end, limit);
  while (b > limit && SKIP_BEFORE_VERB.has(tokens[b - 1].pos) && tokens[b - 1].text !== "'s") b--;
  b = skipTime(rd, b, limit);
  let a = b;
  let andAt = -1;
  while (a > limit && b - a < 14) {
    const t = tokens[a - 1];
    if (inRegion[a - 1] >= 0) break;
    if (NP_POS.has(t.pos) || POSSESSIVE.test(t.text) || (t.text === '-' || t.text === '.') && a - 1 > limit) a--;
    else if (mentionOfTok[a - 1] >= 0) a--;
    // "Mr. Burman of the Tax Policy Center", "Gov. Bill Richardson of New Mexico"
    else if (t.lower === 'of' && a < b && a - 2 >= limit && (tokens[a - 2].pos === 'PROPN' || tokens[a - 2].pos === 'NOUN')) a--;
    // "Jeb Bush and Chris Christie said" (kept only if the whole phrase is not an object: see below)
    // "Rep. Gregory Meeks (D-N.Y.) said": a short parenthesis after the name
    else if (t.text === ')' && a - 1 > limit) {
      let o = a - 2;
      while (o > limit && o > a - 9 && tokens[o].text !== '(' && tokens[o].text !== ')') o--;
      if (tokens[o].text !== '(' || o <= limit || !NOUNISH.has(tokens[o - 1].pos)) break;
      a = o;
    } else if (t.lower === 'and' && andAt < 0 && a < b && a - 2 >= limit && NOUNISH.has(tokens[a - 2].pos)) andAt = --a;
    else break;
  }
  // "told reporters he thought": a subject pronoun right before the verb is the whole subject
  if (b - a > 1 && /^(he|she|they|we|i)$/.test(tokens[b - 1].lower)) return [b - 1, b];
  // "Trump won Iowa and Clinton said": a verb before the conjoined phrase makes its first part an object.
  if (andAt >= 0 && (a === andAt || (a > limit && (tokens[a - 1].pos === 'VERB' || tokens[a - 1].pos === 'AUX' || tokens[a - 1].pos === 'ADP')))) a = andAt + 1;
  // A relative pronoun right before the verb is its subject, as annotators mark it: "Barkley, who said …",
  // "the union, which endorsed …" (speakers.ts resolves it to the noun it follows).
  if (a < b && isRelative(rd, b - 1)) return [b - 1, b];
  // otherwise a relative pronoun is not part of the speaker: "what he called", "the resolution that asked"
  while (a < b && /^(what|which|who|whom|that)$/.test(tokens[a].lower) && mentionOfTok[a] < 0) a++;
  while (b > a && /^(what|which|who|whom|that)$/.test(tokens[b - 1].lower) && mentionOfTok[b - 1] < 0) b--;
  if (a === b) return null;
  // Extend to the whole actor mention and its title ("Iranian Foreign Minister Hossein Amir-Abdollahian").
  const k = mentionOfTok[a];
  if (k >= 0) a = Math.max(limit, Math.min(a, mTok0[k]));
  // "which/who …" or a lone determiner is not a speaker
  if (b - a === 1 && (tokens[a].pos === 'DET' || /^(which|who|that|this|what)$/.test(tokens[a].lower))) return null;
  return [a, b];
}

const TIME_WORD = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|week|month|year|weekend|morning|afternoon|evening|night|january|february|march|april|may|june|july|august|september|october|november|december)$/;
/** The end of a phrase before `end` without a time adverbial between subject and verb: "X on Saturday said",
 * "Y last week said", "Z Friday criticized" (the time words are skipped, not the subject). */
function skipTime(rd: QuoteReading, end: number, limit: number): number {
  const tokens = rd.tokens;
  let b = end;
  while (b > limit && (TIME_WORD.test(tokens[b - 1].lower) || (b < end && /^\d+$/.test(tokens[b - 1].text)))) b--;
  if (b === end) return end;
  while (b > limit && /^(on|last|this|next|early|late|earlier|later|in|the|a)$/.test(tokens[b - 1].lower)) b--;
  // a time word alone is no subject: keep the phrase if nothing stands before it
  return b > limit && (NOUNISH.has(tokens[b - 1].pos) || tokens[b - 1].pos === 'PRON' || tokens[b - 1].text === ')') ? b : end;
}

/** Noun phrase starting at token `start`: [a, b) or null. */
export function npAfter(rd: QuoteReading, start: number, limit: number): [number, number] | null {
  const { tokens, inRegion, mentionOfTok } = rd;
  let b = start;
  while (b < limit && b - start < 10) {
    const t = tokens[b];
    if (inRegion[b] >= 0) break;
    if (NP_POS.has(t.pos) || POSSESSIVE.test(t.text) || mentionOfTok[b] >= 0 || ((t.text === '-' || t.text === '.') && b > start && b + 1 < limit && tokens[b + 1].pos === 'PROPN')) b++;
    else if (t.lower === 'of' && b > start && b + 1 < limit && (tokens[b + 1].pos === 'PROPN' || tokens[b + 1].pos === 'DET')) b++;
    else break;
  }
  return b > start ? [start, b] : null;
}

/** The subject of the cue at token i: a noun phrase, the subject of the first verb of "X did … and said", or
 * 'infinitive' for "it is possible to say" (no subject of its own). */
export function subjectOf(rd: QuoteReading, i: number, s0: number): [number, number] | null | 'infinitive' {
  const { tokens, inRegion } = rd;
  let b = i;
  while (b > s0 && SKIP_BEFORE_VERB.has(tokens[b - 1].pos) && tokens[b - 1].lower !== 'to') b--;
  if (b > s0 && tokens[b - 1].lower === 'to') return 'infinitive';
  const np = npBefore(rd, i, s0);
  if (np) return fullSubject(rd, np, s0);
  if (b > s0 && tokens[b - 1].lower === 'and') {
    for (let v = b - 2; v >= s0 && v >= b - 25; v--) if (tokens[v].pos === 'VERB' && inRegion[v] < 0) return npBefore(rd, v, s0);
  }
  // "Huma Abedin, vice chair of the campaign, said" (the whole phrase, as annotators draw it); else the name in the
  // apposition just before the verb: "the OCSB's own spokesman, Jens Aukland, admitted".
  if (b - 1 > s0 && tokens[b - 1].text === ',') {
    const np2 = appositiveSubject(rd, b, s0) ?? npBefore(rd, b - 1, s0);
    // "in 2008, accused him": a date or number is no speaker
    return np2 && headLike(rd, np2) ? np2 : null;
  }
  return null;
}

const CLAUSE_OPENER = /^(because|if|when|while|although|though|since|unless|whether|as|after|before|once|but|so|then)$/;
const NP_OPEN = new Set(['DET', 'PROPN', 'NOUN', 'ADJ', 'NUM', 'PRON']);
/**
 * The whole subject of which np ends: from the start of its clause (the sentence start, or after an introducing
 * phrase's comma or a dateline's dash) to the verb, when that stretch is one noun phrase with its modifiers —
 * "16 percent of Democratic registered voters", "New polls released Sunday", "people who have battled online
 * threats", "One in four voters in a Times poll" — as annotators draw it. np itself otherwise. At most 25 tokens.
 */
export function fullSubject(rd: QuoteReading, np: [number, number], s0: number): [number, number] {
  const { tokens, inRegion, text } = rd;
  const [a, b] = np;
  if (a <= s0) return np;
  let st = a;
  while (st > s0 && a - st < 25) {
    const t = tokens[st - 1];
    if (t.text === ',' || t.text === ':' || t.text === ';' || t.text === '—' || t.text === '–' || (t.text === '-' && /\s/.test(text[t.span.start - 1] ?? ' '))) break;
    st--;
  }
  if (st > s0 && a - st >= 25) return np;
  while (st < a && (TIME_WORD.test(tokens[st].lower) || /^(last|this|on|early|late)$/.test(tokens[st].lower))) st++;
  // "Only 16 percent …", "About half of voters …": a quantifying adverb opens the phrase
  const quantified = tokens[st].pos === 'ADV' && st + 1 < a && (tokens[st + 1].pos === 'NUM' || tokens[st + 1].pos === 'DET');
  if (st >= a || !(NP_OPEN.has(tokens[st].pos) || quantified)) return np;
  let rel = false;
  for (let k = st; k < a; k++) {
    const t = tokens[k];
    if (inRegion[k] >= 0) return np;
    if (/^(who|that|which|whose)$/.test(t.lower)) rel = true;
    else if ((t.pos === 'VERB' || t.pos === 'AUX') && !rel && !modifierVerb(rd, k, st)) return np;
    else if (CLAUSE_OPENER.test(t.lower) || t.pos === 'CCONJ' && !(k > st && NOUNISH.has(tokens[k - 1].pos) && NP_OPEN.has(tokens[k + 1]?.pos))) return np;
  }
  return [st, b];
}

/** A verb form inside a noun phrase: a participle after its noun ("polls released Sunday", "lawsuits being
 * considered") or a form before a noun that does not follow a noun ("registered voters", "for stem cell research"). */
function modifierVerb(rd: QuoteReading, k: number, st: number): boolean {
  const tokens = rd.tokens;
  const t = tokens[k];
  if (t.lower === 'being') return true;
  const prev = k > st ? tokens[k - 1] : null;
  if (prev && (NOUNISH.has(prev.pos) || prev.lower === 'being') && /(ed|en|ing)$/.test(t.lower)) return true;
  return t.pos === 'VERB' && NOUNISH.has(tokens[k + 1]?.pos) && !(prev && (NOUNISH.has(prev.pos) || prev.pos === 'PRON'));
}

/** Whether token k is a relative pronoun standing as a subject: "who", "which", or "that" after a noun or comma. */
export function isRelative(rd: QuoteReading, k: number): boolean {
  const t = rd.tokens[k];
  if (t.lower === 'who' || t.lower === 'which') return k > 0 && (rd.tokens[k - 1].text === ',' || NOUNISH.has(rd.tokens[k - 1].pos));
  return t.lower === 'that' && k > 0 && NOUNISH.has(rd.tokens[k - 1].pos);
}
const NOUNISH = new Set(['NOUN', 'PROPN']);
const REL_WORD = /^(who|which|that|whose|where)$/;
const STRETCH_STOP = /^[.!?;:]$/;

/**
 * Whether tokens [a, b) can be the rest of a speaker phrase after its head: an apposition ("the city manager"), a
 * relative clause ("who runs the lobbying arm") or a participle phrase ("released Monday"); no clause end, no
 * quotation, and no finite verb outside a relative clause. Bounded by the caller (at most 40 tokens).
 */
export function appositionStretch(rd: QuoteReading, a: number, b: number): boolean {
  const { tokens, inRegion } = rd;
  let rel = false;
  for (let k = a; k < b; k++) {
    const t = tokens[k];
    if (inRegion[k] >= 0 || STRETCH_STOP.test(t.text)) return false;
    if (REL_WORD.test(t.lower)) rel = true;
    else if ((t.pos === 'VERB' || t.pos === 'AUX') && !rel && !((k === a || tokens[k - 1].text === ',') && /(ed|en|ing)$/.test(t.lower))) return false;
  }
  return true;
}

/** A head that can speak: a mention, a proper noun, a role or other noun, or a pronoun. */
export function headLike(rd: QuoteReading, [a, b]: [number, number]): boolean {
  for (let k = a; k < b; k++) if (rd.mentionOfTok[k] >= 0 || rd.tokens[k].pos === 'PROPN' || rd.tokens[k].pos === 'NOUN' || rd.tokens[k].pos === 'PRON') return true;
  return false;
}

/**
 * "X, the Y of Z, said" / "X, who …, said" / "Clinton, 35, the daughter of …, said": the subject with its
 * apposition or relative clause and the comma that closes it (annotators include it), for a cue at token e whose
 * previous token is that comma; null if none. Looks back at most 40 tokens, earliest start first.
 */
export function appositiveSubject(rd: QuoteReading, e: number, s0: number): [number, number] | null {
  const tokens = rd.tokens;
  if (e - 1 <= s0 || tokens[e - 1].text !== ',') return null;
  for (let st = Math.max(s0, e - 40); st < e - 2; st++) {
    if (!(st === s0 || tokens[st - 1].text === ',')) continue;
    const h = npAfter(rd, st, e - 1);
    if (!h || h[1] >= e - 1 || tokens[h[1]].text !== ',' || !headLike(rd, h)) continue;
    if (appositionStretch(rd, h[1] + 1, e - 1)) return [st, e];
  }
  return null;
}

/** A speaker phrase after the verb running on through an apposition to the clause end: "said Javier P., the
 * president of the chamber" (without the closing punctuation); np itself if nothing follows it. */
export function extendAfter(rd: QuoteReading, np: [number, number], limit: number): [number, number] {
  const tokens = rd.tokens;
  if (tokens[np[1]]?.text !== ',') return np;
  let k = np[1] + 1;
  while (k < limit && k - np[1] < 40 && !STRETCH_STOP.test(tokens[k].text) && rd.inRegion[k] < 0) k++;
  let e = k;
  while (e > np[1] && /^[,—–-]$/.test(tokens[e - 1].text)) e--;
  if (e <= np[1] + 1 || !appositionStretch(rd, np[1] + 1, e)) return np;
  return [np[0], e];
}

/** ", saying that …": the subject of the sentence's first verb. */
export function sentenceSubject(rd: QuoteReading, i: number, s0: number): [number, number] | null {
  const { tokens, inRegion } = rd;
  for (let v = s0; v < i; v++) if ((tokens[v].pos === 'VERB' || tokens[v].pos === 'AUX') && inRegion[v] < 0) return npBefore(rd, v, s0);
  return null;
}

/** The characters of tokens [a, b) without leading/trailing punctuation tokens (quote marks inside stay), or null. */
export function trimContent(rd: QuoteReading, a: number, b: number): Span | null {
  const tokens = rd.tokens;
  while (a < b && /^[,;:—–-]$/.test(tokens[a].text)) a++;
  while (b > a && /^[,;:.!?—–-]$/.test(tokens[b - 1].text)) b--;
  return b > a ? span(rd, a, b) : null;
}
