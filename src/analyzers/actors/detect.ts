import type { ActorKind, LabelType } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import { quoteRegionAt } from '../nlp/quotes.js';
import { kebab, type Gazetteer } from './gazetteer.js';
import type { Word } from './words.js';
import type { ExtraActor } from './lexicon.js';
import { cand, METONYM_AS_PLACE, prevLower, readActors, textOf, withThe, type ActorReading, type Cand } from './reading.js';
import { findCandidates } from './chunks.js';
import { linkAliases, personFacts, resolvePeople, roleReferences } from './people.js';
import { chunkFeatures, chunkProbabilities, classOf, docEvidence, shippedChunkModel, type ChunkClass, type ChunkModel } from './model.js';

export { compiledExtra } from './reading.js';

/** One actor mention: the 'actors' product. */
export interface ActorMention {
  span: Span;
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  /** Surface form as written (= text.slice(span)). */
  label: string;
  labelNormalized: string;
  labelType: LabelType;
  stateId?: string;
  roles?: string[];
  inQuote: boolean;
  /** How it was found: 'gazetteer', 'title', 'first-name', 'role-noun', 'speech-verb', 'surname', 'alias', 'keyword', 'locative', 'acronym', 'demonym-noun', 'role-reference'. */
  via: string;
  /** Span of the title/role words before a person's name ("Israeli Defense Minister"), when present. */
  titleSpan?: Span;
}

export interface DetectOptions {
  /** Report places (regions, cities) as well as people, states and organisations. Default true. */
  places?: boolean;
  /** Actors from the configuration (parallax.config.json `actors`): they take precedence over the gazetteer. */
  extra?: readonly ExtraActor[];
  /** Discover states that no gazetteer holds from how the article uses them (default true). */
  discover?: boolean;
  /**
   * The chunk model that types the name chunks no rule decided (model.ts): default the shipped one, null for none
   * (rules only). The GUM evaluation passes a model trained without the document it scores.
   */
  chunkModel?: ChunkModel | null;
}

/**
 * Finds actor mentions in one document. Linear in the number of tokens (bounded longest-match lookups).
 * The steps: read the article (reading.ts), gazetteer matches and name chunks (chunks.ts), acronyms defined in
 * parentheses, people across the article with their states, roles, aliases and role references (people.ts), match
 * reports, and the mentions without overlaps.
 */
export function detectActors(text: string, tokens: readonly Token[], quoteRegions: readonly QuoteRegion[], options: DetectOptions = {}): ActorMention[] {
  const r = readActors(text, tokens, options);
  findCandidates(r);
  linkAcronyms(r.words, r.cands, r.g);
  sameNames(r);
  const model = options.chunkModel === undefined ? shippedChunkModel() : options.chunkModel;
  const guesses = model ? guessChunks(r, model) : null;
  // a full name the model reads as a person indexes its surname before people are resolved ("Valeska Paris" -> "Paris")
  // (not when the rules already found another full name with its surname: "Today Corker" after "Bob Corker" is
  // left to resolve to him)
  if (guesses) {
    const surnames = new Set<string>();
    for (const c of r.cands) if (c.kind === 'person' && c.b - c.a >= 2) surnames.add(r.words[c.b - 1].lower);
    for (const [c, k] of guesses) if (k === 'person' && c.b - c.a >= 2 && !surnames.has(r.words[c.b - 1].lower)) promote(r, c, k);
  }
  const out = resolvePeople(r);
  if (guesses) for (const [c, k] of guesses) if (c.kind === 'unknown') promote(r, c, k);
  const facts = personFacts(r, out);
  linkAliases(r, out);
  roleReferences(r, out, facts);
  if (isSportsReport(r.words, r.g)) nationalTeams(r, out);
  return emitMentions(r, out, facts.personStates, quoteRegions);
}

/** Rules whose typing of a name is strong enough to carry to its other occurrences. */
const STRONG_VIA = new Set(['gazetteer', 'keyword', 'acronym', 'title', 'first-name', 'family-name', 'age']);

/**
 * One name, one type through the article: a chunk no rule decided takes the type (and id) of the same name where a
 * strong rule typed it ("Mrs. Clinton" ... "Clinton aides"; "the Sea Org" ... "Sea Org members"), when all such
 * occurrences agree.
 */
function sameNames(r: ActorReading): void {
  const typed = new Map<string, Cand | null>();
  for (const c of r.cands) {
    if (c.kind === 'unknown' || c.kind === 'state' || !STRONG_VIA.has(c.via) || c.labelType === 'demonym') continue;
    const key = textOf(r.words, c.a, c.b);
    const prev = typed.get(key);
    if (prev === undefined) typed.set(key, c);
    else if (prev && prev.kind !== c.kind) typed.set(key, null); // the article types it two ways: no evidence
  }
  if (!typed.size) return;
  for (const c of r.cands) {
    if (c.kind !== 'unknown' || !modelMayRead(r, c)) continue;
    const t = typed.get(textOf(r.words, c.a, c.b));
    if (!t) continue;
    c.kind = t.kind;
    c.via = 'same-name';
    c.actorId = t.actorId;
    c.canonical = t.canonical;
    c.stateId = t.stateId;
    if (t.kind !== 'person') c.withThe = withThe(r, c.a, c.b);
  }
}

/** The texts any rule reads as a person's name in this article ("Clinton said": then "the Clinton campaign" is no place). */
function personTexts(r: ActorReading): Set<string> {
  const s = new Set<string>();
  for (const c of r.cands) if (c.kind === 'person') s.add(textOf(r.words, c.a, c.b));
  return s;
}

/** Features that are evidence of a place: without one at some occurrence, the model names no place. */
const PLACE_CUES = new Set(['head=place', 'headIn=place', 'cue=locPrev', 'cue=commaKnown', 'cue=apposPlace', 'wordIn=place', 'sameText=place']);

/** Rules whose reading of a one-word name is weak: the article's other occurrences of it may outweigh them. */
const WEAK_VIA = new Set(['speech-verb', 'locative', 'role-noun']);

/** Features that are evidence of an organisation named by one word. */
const ORG_CUES = new Set(['head=org', 'cue=orgNext', 'cue=orgPrev', 'cue=apposOrg', 'wordIn=org', 'sameText=org', 'upper', 'prev=the']);

/** A one-word chunk is weaker evidence than a longer name: its class must be this much more probable. */
const SINGLE_WORD_MARGIN = 0.15;

/**
 * The model's class for every unknown chunk it does not leave as none. The same name read in several places of the
 * article gets one class: the mean of its occurrences' probabilities (one name, one type through the document).
 */
function guessChunks(r: ActorReading, model: ChunkModel): Map<Cand, ChunkClass> {
  const guesses = new Map<Cand, ChunkClass>();
  const byText = new Map<string, { cands: Cand[]; sum: number[]; placeCue: boolean; orgCue: boolean; common: boolean }>();
  let ev: ReturnType<typeof docEvidence> | null = null;
  const unknownTexts = new Set<string>();
  for (const c of r.cands) if (c.kind === 'unknown' && c.b - c.a === 1) unknownTexts.add(r.words[c.a].text);
  for (const c of r.cands) {
    // a one-word name a weak rule typed joins the reading of its unknown occurrences ("Quorvanity said" and
    // "Quorvanity officials"): the article's name gets one type
    const weak = c.kind !== 'unknown' && WEAK_VIA.has(c.via) && c.b - c.a === 1 && unknownTexts.has(r.words[c.a].text);
    if ((c.kind !== 'unknown' && !weak) || !modelMayRead(r, c)) continue;
    ev ??= docEvidence(r);
    const feats = chunkFeatures(r, c, ev);
    const p = chunkProbabilities(model, feats);
    const placeCue = feats.some((f) => PLACE_CUES.has(f));
    const orgCue = feats.some((f) => ORG_CUES.has(f));
    const common = feats.includes('lowerSeen');
    const key = textOf(r.words, c.a, c.b);
    const e = byText.get(key);
    if (e) {
      e.cands.push(c);
      for (let k = 0; k < p.length; k++) e.sum[k] += p[k];
      e.placeCue ||= placeCue;
      e.orgCue ||= orgCue;
      e.common &&= common;
    } else byText.set(key, { cands: [c], sum: p, placeCue, orgCue, common });
  }
  const persons = byText.size ? personTexts(r) : new Set<string>();
  for (const [text, { cands, sum, placeCue, orgCue, common }] of byText) {
    const mean = sum.map((x) => x / cands.length);
    if (common) mean[1] = 0; // a word the article also writes in lower case ("Space Shuttle") is no one's name
    if (!placeCue) mean[3] = 0; // a place needs a place word, a locative or a known place beside it somewhere
    const single = !text.includes(' ');
    if (single && !orgCue) mean[2] = 0; // so does a one-word organisation ("the Senate", "Scientology officials")
    // "Putin", or a word of a name the article gives a person: a person or nothing
    if (single && (isKnownSurname(r, text.toLowerCase()) || ev?.byWord.get(text)?.has('person'))) mean[2] = mean[3] = 0;
    else if (single && persons.has(text)) mean[3] = 0; // a rule read it as a person somewhere: not a place
    const k = classOf(model, mean, single ? SINGLE_WORD_MARGIN : 0);
    if (k === 'none') continue;
    for (const c of cands) {
      if (c.kind !== 'unknown') {
        if (c.kind === k || k !== 'organisation') continue; // a weak rule's person or place stays unless the name reads as an organisation
        c.kind = 'unknown';
        c.actorId = undefined;
        c.nameWords = [r.words[c.a].text];
      }
      guesses.set(c, k);
    }
  }
  return guesses;
}

/** "Iran-focused", "Tehran-Baku": a word made of a known label and more. */
const HYPHEN_PART = /-/;
/** "I'm", "Clinton's": a clitic written into the word. */
const CLITIC = /['’](?:m|re|ve|ll|d|s|t)$/i;
/**
 * The chunks the model may type: not on a title-case line (only gazetteer matches count there), no word in capitals
 * longer than an acronym (page furniture: "ABSTRACT", "HEMPSTEAD,"), no clitic, no compound adjective
 * ("Iran-focused") or hyphenated pair holding a known label ("Tehran-Baku"), no verb ("Injecting Clinton", a headline's
 * "WikiLeaks Exposed Clinton"), no adjective first ("Derelict Obama"), and no single adjective ("European") or plural of a nationality ("Russians", "Texans":
 * people of a place, not one actor).
 */
function modelMayRead(r: ActorReading, c: Cand): boolean {
  const { words } = r;
  if (r.titleCase.has(words[c.a].sentence)) return false;
  for (let k = c.a; k < c.b; k++) {
    const t = words[k].text;
    if ((words[k].upper && t.length > 5) || CLITIC.test(t) || /^\p{Lu}-/u.test(t)) return false; // "D-Ohio": a party and a state
    if (!HYPHEN_PART.test(t)) continue;
    const parts = t.split('-');
    if (parts.some((x) => /^\p{Ll}/u.test(x) || r.lex.get(x.toLowerCase()) !== undefined)) return false;
  }
  const first = words[c.a];
  if ((first.pos === 'ADJ' || first.upper) && c.b - c.a > 1) return false; // "Derelict Obama", "Northern European", "AG Sessions"
  for (let k = c.a; k < c.b; k++) if (words[k].pos === 'VERB' || words[k].pos === 'AUX') return false; // "WikiLeaks Exposed Clinton"
  if (c.b - c.a === 1) {
    if (first.pos === 'ADJ' || /(?:an|ian|ean)s$/.test(first.text) || r.lex.get(first.lower.replace(/s$/, ''))?.role === 'demonym') return false;
  }
  return true;
}

/** Surnames of the well-known people (data/people.json): a word that is one names a person, never a place or an organisation. */
let knownSurnames: Set<string> | null = null;
function isKnownSurname(r: ActorReading, w: string): boolean {
  if (!knownSurnames) {
    knownSurnames = new Set();
    for (const p of r.g.people.values()) knownSurnames.add(normWordLast(p.canonical));
  }
  return knownSurnames.has(w);
}
function normWordLast(name: string): string {
  return name.slice(name.lastIndexOf(' ') + 1).toLowerCase();
}

/** Types the unknown chunk c as the model read it (a person's id is set when people are resolved, or here after). */
function promote(r: ActorReading, c: Cand, k: ChunkClass): void {
  if (k === 'none' || (k === 'place' && r.options.places === false)) return;
  const txt = textOf(r.words, c.a, c.b);
  c.via = 'model';
  c.kind = k;
  if (k === 'person') {
    if (c.actorId === undefined && c.nameWords && c.b - c.a === 1) {
      c.actorId = `person:${kebab(txt)}`;
      c.canonical = txt;
    }
    return;
  }
  c.actorId = `${k === 'organisation' ? 'org' : 'place'}:${kebab(txt)}`;
  c.canonical = txt;
  c.withThe = withThe(r, c.a, c.b);
}

/**
 * The name chunks of an article with their model features, before any model runs: what the chunk model is trained
 * on (scripts/train-actors.ts, eval/gum.ts). The unknown chunks, and with `all` the chunks the rules typed too
 * (without the article-evidence features, which would name their own type): more examples of the same cues.
 */
export function modelChunks(text: string, tokens: readonly Token[], all = false, options: DetectOptions = {}): Array<{ start: number; end: number; feats: string[]; unknown: boolean }> {
  const r = readActors(text, tokens, options);
  findCandidates(r);
  linkAcronyms(r.words, r.cands, r.g);
  sameNames(r);
  const ev = docEvidence(r);
  const out: Array<{ start: number; end: number; feats: string[]; unknown: boolean }> = [];
  for (const c of r.cands) {
    const unknown = c.kind === 'unknown';
    if ((!unknown && (!all || c.labelType === 'demonym')) || !modelMayRead(r, c)) continue;
    let feats = chunkFeatures(r, c, ev);
    if (!unknown) feats = feats.filter((f) => !f.startsWith('sameText=') && !f.startsWith('wordIn='));
    out.push({ start: r.words[c.a].start, end: r.words[c.b - 1].end, feats, unknown });
  }
  return out;
}

/** Match reports: a country named as a side is its national team ("Belgium beat Tunisia 5-2"). */
function nationalTeams(r: ActorReading, out: readonly Cand[]): void {
  const { words } = r;
  for (const c of out) {
    if (c.kind !== 'state' || c.labelType === 'demonym' || c.labelType === 'metonym' || !c.actorId) continue;
    if (METONYM_AS_PLACE.has(prevLower(r, c.a)) && prevLower(r, c.a) !== 'of') continue; // "in Russia" stays the country
    const st = c.actorId;
    c.kind = 'organisation';
    c.actorId = `org:${st.slice(6).toLowerCase()}-national-team`;
    c.canonical = `${c.canonical ?? words[c.a].text} national team`;
    c.stateId = st;
    c.via = 'sports-team';
  }
}

/** The mentions, dropping overlaps (earlier, longer first). Sorts `out` by start. */
function emitMentions(r: ActorReading, out: Cand[], personStates: ReadonlyMap<string, string>, quoteRegions: readonly QuoteRegion[]): ActorMention[] {
  const { words, text } = r;
  out.sort((x, y) => words[x.a].start - words[y.a].start || y.b - y.a - (x.b - x.a));
  const mentions: ActorMention[] = [];
  let lastEnd = -1;
  for (const c of out) {
    if (!c.actorId || c.kind === 'unknown') continue;
    let start = words[c.a].start;
    const end = words[c.b - 1].end;
    if (c.withThe && c.a > 0) start = words[c.a - 1].start;
    if (start < lastEnd) continue;
    lastEnd = end;
    const label = text.slice(start, end);
    const kind = c.kind as ActorKind;
    const stateId = kind === 'person' ? c.stateId ?? personStates.get(c.actorId) : c.stateId;
    const roles = kind === 'person' ? [...new Set(c.roles ?? [])] : undefined;
    const span = { start, end };
    // keys in this order: span, actorId, actorKind, canonical, label, labelNormalized, labelType, stateId?, roles?, inQuote, via, titleSpan?
    const m = {
      span,
      actorId: c.actorId,
      actorKind: kind,
      canonical: c.canonical ?? label,
      label,
      labelNormalized: normalizeLabel(label),
      labelType: c.labelType,
    } as ActorMention;
    if (stateId) m.stateId = stateId;
    if (roles && roles.length) m.roles = roles;
    m.inQuote = quoteRegionAt(quoteRegions, span) !== null;
    m.via = c.via;
    if (c.titleA !== undefined && c.titleB !== undefined) m.titleSpan = { start: words[c.titleA].start, end: words[c.titleB - 1].end };
    mentions.push(m);
  }
  return mentions;
}

const NEEDS_CLEANUP = /’|\s\s|[^\S ]|^\s|\s$/;
/** Lower case, typographic apostrophes folded, leading article dropped, a lower-case plural folded. */
export function normalizeLabel(label: string): string {
  // the folding and space clean-up change nothing in a label with no ’, no run of white space, no white space
  // other than ' ' and none at either end (most labels)
  let s = NEEDS_CLEANUP.test(label) ? label.replace(/’/g, "'").replace(/\s+/g, ' ').trim() : label;
  const c0 = s.charCodeAt(0) | 32;
  if (c0 === 116 || c0 === 97) s = s.replace(/^(the|a|an)\s+/i, ''); // starts with t/T or a/A
  const lastWord = s.slice(s.lastIndexOf(' ') + 1);
  if (lastWord === lastWord.toLowerCase() && /[^s]s$/.test(lastWord) && lastWord.length > 3) s = s.slice(0, -1);
  return s.toLowerCase();
}

export type { Gazetteer };

const ACRONYM_SKIP = new Set(['of', 'for', 'the', 'in', 'and', 'on', 'de', 'du', 'des', 'la', 'le', 'el', 'al', '&', 'at', 'to']);

/**
 * "Organisation for Cooperation in the Sarn Basin (OCSB)", "Vessanian Gas Transmission (VGT)": when an acronym in
 * parentheses spells the initials of the capitalised words just before it, both are one organisation (or place)
 * with the acronym's id and the long form as canonical name; every mention of the acronym in the article follows.
 * The Schwartz–Hearst idea, kept to capitalised initials.
 */
function linkAcronyms(words: readonly Word[], cands: Cand[], g: Gazetteer): void {
  const n = words.length;
  const byStart = new Map<number, Cand>();
  for (const c of cands) byStart.set(c.a, c);
  const renamed = new Map<string, { actorId: string; canonical: string; kind: ActorKind }>();
  for (let p = 1; p + 2 < n; p++) {
    if (words[p].text !== '(' || words[p + 2].text !== ')') continue;
    const acr = words[p + 1];
    if (!/^[A-Z]{2,8}$/.test(acr.text) || acr.sentence !== words[p - 1].sentence) continue;
    const letters = acr.text;
    let k = p - 1;
    let li = letters.length - 1;
    while (k >= 0 && li >= 0 && words[k].sentence === acr.sentence) {
      const w = words[k];
      if (!w.cap && ACRONYM_SKIP.has(w.lower)) {
        k--;
        continue;
      }
      if (!w.cap || w.text[0].toUpperCase() !== letters[li]) break;
      li--;
      k--;
    }
    if (li >= 0) continue;
    const a = k + 1;
    const longForm = textOf(words, a, p);
    const acrCand = byStart.get(p + 1);
    if (acrCand && acrCand.via === 'gazetteer') continue; // a known acronym keeps its gazetteer entry
    // "Organisation for Cooperation in the Sarn Basin" is an organisation although it ends in a place word
    const head = words[p - 1].lower;
    const kind: ActorKind = g.placeHeads.has(head) && !words.slice(a, p).some((w) => g.orgHeads.has(w.lower)) ? 'place' : 'organisation';
    const actorId = `${kind === 'place' ? 'place' : 'org'}:${kebab(acr.text)}`;
    let stateId: string | undefined;
    for (let i = cands.length - 1; i >= 0; i--) {
      const c = cands[i];
      if (c.a >= a && c.b <= p) {
        if (c.stateId && !stateId) stateId = c.stateId;
        cands.splice(i, 1); // the parts of the long form are not mentions of their own
      }
    }
    cands.push(cand(a, p, kind, actorId, longForm, 'name', stateId, 'acronym', a > 0 && words[a - 1].lower === 'the' && words[a - 1].sentence === acr.sentence));
    renamed.set(acr.text, { actorId, canonical: longForm, kind });
  }
  if (!renamed.size) return;
  for (const c of cands) {
    if (c.b - c.a !== 1) continue;
    const r = renamed.get(words[c.a].text);
    if (r && c.via !== 'gazetteer') {
      c.actorId = r.actorId;
      c.canonical = r.canonical;
      c.kind = r.kind;
      c.labelType = 'short-name';
    }
  }
}

const SPORT_CUE = 1;
const SPORT_PREFIX = 2;
let sportBitsOf: { cues: Set<string>; bits: Map<string, number> } | null = null;
/** Cue -> SPORT_CUE, and every part of a cue that ends right before one of its spaces -> SPORT_PREFIX (bits combine). */
function sportBits(cues: Set<string>): Map<string, number> {
  if (sportBitsOf?.cues === cues) return sportBitsOf.bits;
  const bits = new Map<string, number>();
  for (const c of cues) {
    bits.set(c, (bits.get(c) ?? 0) | SPORT_CUE);
    for (let k = c.indexOf(' '); k >= 0; k = c.indexOf(' ', k + 1)) bits.set(c.slice(0, k), (bits.get(c.slice(0, k)) ?? 0) | SPORT_PREFIX);
  }
  sportBitsOf = { cues, bits };
  return bits;
}

/** Enough distinct match-report words (counted in lower case, two-word cues included) make an article a sports report. */
function isSportsReport(words: readonly Word[], g: Gazetteer): boolean {
  let count = 0;
  const distinct = new Set<string>();
  const cues = g.sport.words;
  const bits = sportBits(cues);
  const fast = !cues.has(''); // (an empty cue would change what a missing two-word string matches)
  for (let i = 0; i < words.length; i++) {
    if (words[i].cap) continue;
    let hit: string;
    if (fast) {
      const lw = words[i].lower;
      const b = bits.get(lw);
      if (b === undefined) continue;
      // a two-word cue "x y" can only match when lw is the part of a cue before one of its spaces
      const two = (b & SPORT_PREFIX) !== 0 && i + 1 < words.length ? `${lw} ${words[i + 1].lower}` : '';
      hit = two !== '' && cues.has(two) ? two : (b & SPORT_CUE) !== 0 ? lw : '';
    } else {
      const two = i + 1 < words.length ? `${words[i].lower} ${words[i + 1].lower}` : '';
      hit = cues.has(two) ? two : cues.has(words[i].lower) ? words[i].lower : '';
    }
    if (!hit) continue;
    count++;
    distinct.add(hit);
  }
  return count >= g.sport.minCount && distinct.size >= g.sport.minDistinct && count * 40 >= words.length;
}
