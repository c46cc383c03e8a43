// Pass 1 of actor detection: gazetteer matches and proper-name chunks, sentence by sentence. Each chunk is one
// gazetteer label, one organisation or place name, or split into gazetteer pieces and runs that classifyRun reads
// as a title and a name (person, organisation, place, acronym, or unknown for pass 2).
import type { GazEntry } from './gazetteer.js';
import { kebab } from './gazetteer.js';
import type { Word } from './words.js';
import {
  cand,
  chunkEnd,
  CONNECTORS,
  isNameWord,
  lowerOf,
  matchGaz,
  METONYM_AS_PLACE,
  prevLower,
  sameSentence,
  textOf,
  textsOf,
  withThe,
  type ActorReading,
} from './reading.js';

/** Single words with these endings are towns and regions, not people ("Donetsk denied it"). */
const PLACE_SUFFIX = /(?:sk|grad|stan|ville|polis|abad|shire|pur|opol|ovo|evo)$/;
const PLACE_PREFIX = new Set(['Mount', 'Mt.', 'Lake', 'Cape', 'Fort', 'Port', 'Saint', 'St.', 'San', 'Santa', 'Los', 'Las', 'New', 'North', 'South', 'East', 'West']);
/** Words that begin names ("Abu Karim al-Shami", "Van Morrison"): never a title before a given name. */
const NAME_PARTICLES = new Set(['abu', 'umm', 'bin', 'ibn', 'bint', 'al', 'el', 'de', 'da', 'di', 'du', 'van', 'von', 'der', 'la', 'le', 'mac', 'mc', 'san', 'santa', 'saint', 'st']);
/** Language names: "English", "Portuguese", "Swedish". */
const LANGUAGE_LIKE = /^\p{Lu}\p{Ll}+(?:ish|ese)$/u;
const LOCATIVE = new Set(['in', 'at', 'near', 'across', 'throughout', 'outside', 'inside', 'around', 'via', 'from', 'into']);
/** All-capital words that are not organisations: roles, units, page furniture. */
const NOT_ACRONYMS = new Set('MP MEP CEO CFO PM AM TV OK PHOTO VIDEO UPDATE BREAKING LIVE READ MORE NEWS ALSO WATCH EXCLUSIVE OPINION ANALYSIS GDP LNG UAV UAVS AI IT PR HQ ID VIP DNA HIV FAQ PDF USD EUR RSS URL SMS MW KM BN MN CET GMT UTC EST AD BC II III IV VI VII VIII IX XI XII'.split(' '));
/** Given names that are also country names: "Jordan Henderson", "Chad Smith". */
const COUNTRY_GIVEN = new Set(['jordan', 'chad', 'georgia', 'israel', 'india', 'kenya', 'chile']);

const prefixCache = new WeakMap<Set<string>, WeakMap<Set<string>, Set<string>>>();
/** Every part of a phrase of `a` or `b` that ends right before one of its spaces ("prime" for "prime minister"). */
function spacePrefixes(a: Set<string>, b: Set<string>): Set<string> {
  let inner = prefixCache.get(a);
  if (!inner) prefixCache.set(a, (inner = new WeakMap()));
  let s = inner.get(b);
  if (!s) {
    s = new Set<string>();
    for (const set of [a, b]) for (const x of set) for (let p = x.indexOf(' '); p >= 0; p = x.indexOf(' ', p + 1)) s.add(x.slice(0, p));
    inner.set(b, s);
  }
  return s;
}

/** Pass 1: walks the article's words and adds every gazetteer match and classified name chunk to r.cands. */
export function findCandidates(r: ActorReading): void {
  const { words, n } = r;
  let i = 0;
  while (i < n) {
    if (!words[i].cap || !isNameWord(r, i)) {
      // lower-case gazetteer forms ("al-Qaeda") and demonyms written at a sentence start still go through matchGaz
      const m = words[i].cap ? matchGaz(r, i, n) : null;
      i = m ? emitGaz(r, i, m.len, m.e) : i + 1;
      continue;
    }
    i = readChunk(r, i, chunkEnd(r, i));
  }
}

/** The proper-name chunk [i, j): one gazetteer label, a thing, an organisation or place by its head, or split. Returns where to go on. */
function readChunk(r: ActorReading, i: number, j: number): number {
  const { words, g, lex } = r;
  const ORG_HEADS = g.orgHeads;
  const PLACE_HEADS = g.placeHeads;
  const whole = matchGaz(r, i, j);
  if (whole && whole.len === j - i) return emitGaz(r, i, whole.len, whole.e);
  // A chunk ending in an organisation or place word is one name even if it contains a gazetteer name
  // ("Azerbaijan Airlines", "University of Southern Indiana").
  let head = words[j - 1].lower;
  for (let k = i + 1; k < j - 1; k++) {
    // "University of Southern Indiana", "Museum of Flight", "Institute for Conflict Research", "Treaty of Saltmere"
    if ((words[k].lower === 'of' || words[k].lower === 'for') && (ORG_HEADS.has(words[k - 1].lower) || PLACE_HEADS.has(words[k - 1].lower) || g.otherHeads.has(words[k - 1].lower))) {
      head = words[k - 1].lower;
      break;
    }
  }
  const firstIsGiven = j - i === 2 && g.firstNames.has(words[i].text) && g.surnameLike.has(head);
  // A title inside the chunk makes it a person's ("Secretary General Ann Lee"), unless the chunk ends in a head
  // after the title ("Saltmere General Hospital") and starts with no honorific.
  let titled = false;
  for (let k = i; k < j && !titled; k++) {
    const w = words[k];
    titled = g.honorifics.has(w.text) || (g.titleHeads.has(w.text) && (k === j - 1 || !(ORG_HEADS.has(head) || PLACE_HEADS.has(head)) || k === i));
  }
  if (j - i >= 2 && g.otherHeads.has(head) && !titled && !firstIsGiven) {
    return j; // "Treaty of Saltmere", "Iron Dome": not an actor, and nothing inside it is reported either
  }
  if (j - i >= 2 && (ORG_HEADS.has(head) || (PLACE_HEADS.has(head) && r.options.places !== false)) && !titled && !firstIsGiven) {
    let st: string | undefined;
    for (let k = i; k < j; k++) {
      const e = lex.get(words[k].lower);
      if (e?.stateId && (e.actorKind === 'state' || e.role === 'demonym')) st = e.stateId;
    }
    const txt = textOf(words, i, j);
    const org = ORG_HEADS.has(head);
    const lead = matchGaz(r, i, j);
    const leadState = lead && (lead.e.role === 'demonym' || lead.e.actorKind === 'state') ? lead.e.stateId : undefined;
    const idText = leadState ? `${leadState.slice(6).toLowerCase()} ${textOf(words, i + lead!.len, j)}` : txt;
    r.cands.push(cand(i, j, org ? 'organisation' : 'place', `${org ? 'org' : 'place'}:${kebab(idText)}`, txt, 'name', st, 'keyword', withThe(r, i, j)));
    return j;
  }
  return splitChunk(r, i, j);
}

/** Splits the chunk [i, j) into gazetteer pieces and runs of other words (each classified by classifyRun). */
function splitChunk(r: ActorReading, i: number, j: number): number {
  const { words, g, lex } = r;
  const ORG_HEADS = g.orgHeads;
  const PLACE_HEADS = g.placeHeads;
  let k = i;
  let runStart = i;
  let modState: string | undefined;
  const poss = i >= 2 && (words[i - 1].lower === "'s") && sameSentence(r, i - 2, i) ? lex.get(words[i - 2].lower) : undefined;
  if (poss?.actorKind === 'state') modState = poss.stateId;
  while (k < j) {
    const m = matchGaz(r, k, j);
    const givenName =
      // "Jordan Henderson", "Florence Nightingale": a one-word country, city or capital starting a longer name
      (m && m.len === 1 && k === runStart && k + 1 < j && (COUNTRY_GIVEN.has(words[k].lower) || m.e.actorKind === 'place' || m.e.role === 'metonym') &&
        !matchGaz(r, k + 1, j) && words[k + 1].pos === 'PROPN' && !g.titleHeads.has(words[k + 1].text) && !g.titleModifiers.has(words[k + 1].text) &&
        !ORG_HEADS.has(words[k + 1].lower) && !PLACE_HEADS.has(words[k + 1].lower)) ||
      // "Valeska Paris": a single-word capital right after an unknown name word is a surname
      (m && m.len === 1 && m.e.role === 'metonym' && k > runStart && k - runStart <= 2 && words.slice(runStart, k).every((w) => w.pos === 'PROPN' && !g.titleHeads.has(w.text) && !g.titleModifiers.has(w.text) && !g.honorifics.has(w.text)));
    if (m && !givenName) {
      if (k > runStart) classifyRun(r, runStart, k, modState, runStart === i);
      k = emitGaz(r, k, m.len, m.e);
      if (m.e.stateId && (m.e.actorKind === 'state' || m.e.role === 'demonym')) modState = m.e.stateId;
      runStart = k;
    } else k++;
  }
  if (k > runStart) classifyRun(r, runStart, Math.min(k, j), modState, runStart === i);
  return Math.max(j, k);
}

/** Adds the gazetteer match e at words [i, i + len) (a demonym with its noun, a seat of government as a place). Returns its end. */
function emitGaz(r: ActorReading, i: number, len: number, e: GazEntry): number {
  const { words, n, g, cands, options } = r;
  const b = i + len;
  if (e.role === 'demonym') {
    r.stateModifiers.set(i, e.actorId);
    // "Israeli officials" -> the state; "the Armenian army" -> an organisation of that state.
    const nounPrefixes = spacePrefixes(g.orgNouns, g.stateNouns);
    for (let m = Math.min(g.maxNounWords, n - b); m >= 1; m--) {
      if (!sameSentence(r, i, b + m - 1)) continue;
      if (m > 1 && !nounPrefixes.has(words[b].lower)) continue; // no noun phrase starts with this word
      const phrase = lowerOf(words, b, b + m);
      if (g.orgNouns.has(phrase)) {
        const iso = e.actorId.slice(6).toLowerCase();
        cands.push(cand(i, b + m, 'organisation', `org:${iso}-${kebab(phrase)}`, `${words[i].text} ${textOf(words, b, b + m)}`, 'name', e.actorId, 'demonym-noun', prevLower(r, i) === 'the'));
        return b + m;
      }
      if (g.stateNouns.has(phrase)) {
        cands.push(cand(i, b, 'state', e.actorId, e.canonical, 'demonym', e.actorId, 'demonym-noun', undefined));
        return b;
      }
    }
    return b;
  }
  if (e.role === 'metonym' && e.placeId && METONYM_AS_PLACE.has(prevLower(r, i))) {
    if (options.places !== false) cands.push(cand(i, b, 'place', e.placeId, e.placeCanonical!, 'name', e.stateId, 'gazetteer', undefined));
    return b;
  }
  if (e.actorKind === 'place' && options.places === false) return b;
  if (e.actorKind === 'person') {
    cands.push(cand(i, b, 'person', e.actorId, e.canonical, e.labelType, e.stateId, 'gazetteer', undefined, e.canonical.split(' ')));
    return b;
  }
  if (e.actorKind === 'state') r.stateModifiers.set(i, e.actorId);
  if (e.actorKind === 'state' && len > 1) r.stateModEnd.set(i, b);
  cands.push(cand(i, b, e.actorKind, e.actorId, e.canonical, e.labelType, e.stateId, 'gazetteer', e.actorKind !== 'state' || len > 1 || e.role === 'metonym' ? withThe(r, i, b) : false));
  return b;
}

/** The word heads an organisation, place, thing or state name. */
function isHead(r: ActorReading, w: string): boolean {
  const { g } = r;
  return g.orgHeads.has(w) || g.placeHeads.has(w) || g.otherHeads.has(w) || g.stateHeads.has(w);
}
/** An honorific, title head or title modifier ("Mr.", "Minister", "Foreign"). */
function isTitleWord(r: ActorReading, w: Word): boolean {
  const { g } = r;
  return g.honorifics.has(w.text) || g.titleHeads.has(w.text) || g.titleModifiers.has(w.text);
}
/** Adds the person named by words [t, b), with the title words [a, t) and the role noun before it as roles. */
function pushPerson(r: ActorReading, a: number, t: number, b: number, roles: string[], roleNoun: string, modState: string | undefined, via: string): void {
  r.cands.push(cand(t, b, 'person', undefined, undefined, 'name', modState, via, undefined, textsOf(r.words, t, b), roleNoun ? [...roles, roleNoun] : [...roles], t > a ? a : undefined, t));
}

/**
 * A run of name words [a0, b0) that is no gazetteer label: trims connectors and a sentence-initial common word,
 * reads a title ("Deputy Minister"), then decides what the rest names, from its head word and its context.
 */
function classifyRun(r: ActorReading, a0: number, b0: number, modState: string | undefined, chunkStart: boolean): void {
  const { words, n, g, lex, lowerSeen, options } = r;
  let a = a0;
  let b = b0;
  while (a < b && CONNECTORS.has(words[a].lower) && !words[a].cap) a++;
  while (b > a && CONNECTORS.has(words[b - 1].lower) && !words[b - 1].cap) b--;
  // A sentence-initial capital on a word the article also writes in lower case is not a name ("Officials").
  while (a < b && (chunkStart && a === a0) && (a === 0 || words[a - 1].sentence !== words[a].sentence) && lowerSeen.has(words[a].lower) && !g.firstNames.has(words[a].text) && !g.honorifics.has(words[a].text)) a++;
  while (a < b && a > a0 && CONNECTORS.has(words[a].lower) && !words[a].cap) a++; // "Members of X": then "of" goes too
  if (a >= b) return;
  const roles: string[] = [];
  // The title may follow a qualifier the lists don't hold: "Retired Lt. Gen. Michael Flynn", "House Speaker Paul Ryan".
  let p = a;
  while (p < b - 1 && p - a < 2 && !isTitleWord(r, words[p])) p++;
  if (!isTitleWord(r, words[p])) p = a;
  let t = p;
  let sawHead = false;
  let sawHonorific = false;
  while (t < b - 1) {
    const w = words[t];
    if (g.honorifics.has(w.text)) sawHead = sawHonorific = true;
    else if (g.titleHeads.has(w.text)) sawHead = true;
    else if (g.titleModifiers.has(w.text)) {
      /* modifier */
    } else if ((w.lower === 'of' || w.lower === 'for' || w.lower === '&') && t + 1 < b && (g.titleHeads.has(words[t + 1].text) || g.titleModifiers.has(words[t + 1].text))) {
      /* "Minister of Foreign Affairs" */
    } else break;
    t++;
  }
  if (!sawHead) t = a; // modifiers alone ("Foreign Affairs") are not a title
  else if (t < b && CONNECTORS.has(words[t].lower)) return; // "High Commissioner for Refugees" is a role, not a name
  else roles.push(textOf(words, a, t));
  const name = words.slice(t, b);
  if (!name.length) return;
  // A run made only of title words ("Chief of General Staff") names a role, not a person; "Mr. King" is a name.
  if (!sawHonorific && name.every((w) => isTitleWord(r, w) || CONNECTORS.has(w.lower))) return;
  const inTitleCase = r.titleCase.has(words[a].sentence);
  const last = name[name.length - 1];
  const allPropn = name.every((w) => w.pos === 'PROPN' || g.firstNames.has(w.text));
  const prev1 = prevLower(r, a);
  const prev2 = a >= 2 && sameSentence(r, a - 2, a) ? `${words[a - 2].lower} ${prev1}` : '';
  const roleNoun = g.roles.has(prev1) ? prev1 : g.roles.has(prev2) ? prev2 : '';
  const nextW = b < n && sameSentence(r, a, b) ? words[b] : undefined;
  const speech = (nextW && g.speechVerbs.has(nextW.lower)) || ((prev1 === 'said' || prev1 === 'says' || prev1 === 'told') && a > 0) || prev2 === 'according to';
  const baseTitleA = t > a ? a : undefined;

  // "Lois Lane", "Shirley Temple": a known given name before a head that is also a surname keeps the person.
  const surnameHead = name.length === 2 && g.firstNames.has(name[0].text) && g.surnameLike.has(last.lower);
  // Treaties, weapons, licences, religions, events: not actors ("Saltmere Treaty", "Iron Dome", "Shi'ite Muslim").
  if (g.otherHeads.has(last.lower) && !sawHead && !surnameHead) return;
  if (/\d/.test(last.text) && !/^[A-Z][A-Z&.]{1,5}\d?s?$/.test(last.text)) return; // "Torvan-3" is a model, not a name
  if (name.length === 1 && /^[A-Z][A-Z&.]{1,5}s?$/.test(last.text) && !sawHead) {
    if (NOT_ACRONYMS.has(last.text.replace(/s$/, '')) || lowerSeen.has(last.lower)) return;
    // Acronyms count on title-case lines too: "UN" in a headline is the UN (title case only blurs longer names).
    r.cands.push(cand(t, b, 'organisation', `org:${kebab(last.text)}`, last.text, 'name', modState, 'acronym', withThe(r, t, b), undefined, undefined, baseTitleA));
    return;
  }
  if (g.orgHeads.has(last.lower) && !sawHead && name.length >= 2 && !surnameHead) {
    const txt = textOf(words, t, b);
    const id = modState && !name.some((w) => lex.get(w.lower)?.actorKind === 'state') ? `org:${modState.slice(6).toLowerCase()}-${kebab(txt)}` : `org:${kebab(txt)}`;
    r.cands.push(cand(t, b, 'organisation', id, txt, 'name', modState, 'keyword', withThe(r, t, b), undefined, undefined, baseTitleA));
    return;
  }
  if ((g.placeHeads.has(last.lower) && name.length >= 2 && !sawHead && !surnameHead) || (PLACE_PREFIX.has(name[0].text) && name.length >= 2 && ['Mount', 'Mt.', 'Lake', 'Cape', 'Fort'].includes(name[0].text))) {
    if (options.places === false) return;
    const txt = textOf(words, t, b);
    r.cands.push(cand(t, b, 'place', `place:${kebab(txt)}`, txt, 'name', modState, 'keyword', withThe(r, t, b), undefined, undefined, baseTitleA));
    return;
  }
  const ofAt = name.findIndex((w) => w.lower === 'of' || w.lower === 'for');
  if (ofAt > 0) {
    // "Deputy Minister Laleh Farzanegan of Veloria": a person's name stops at "of"
    classifyRun(r, a, t + ofAt, modState, chunkStart);
    classifyRun(r, t + ofAt + 1, b, undefined, false); // "... of DAB": the rest is its own name
    return;
  }
  if (name.length > 4) return;
  if (sawHead && !inTitleCase) return pushPerson(r, a, t, b, roles, roleNoun, modState, 'title');
  // "Quina Jones, 25, said": an age in apposition
  if (name.length >= 2 && name.length <= 3 && allPropn && !inTitleCase && b + 2 < n && sameSentence(r, a, b + 2) && words[b].text === ',' && /^\d{1,3}$/.test(words[b + 1].text) && Number(words[b + 1].text) < 120 && (words[b + 2].text === ',' || words[b + 2].text === ')'))
    return pushPerson(r, a, t, b, roles, roleNoun, modState, 'age');
  // "Leung Che-cheung", "Kim Shin-wook": a family name first, then a hyphenated given name
  if (name.length === 2 && g.familyFirst.has(name[0].text) && /^\p{Lu}\p{Ll}+-\p{L}+$/u.test(name[1].text) && !inTitleCase) return pushPerson(r, a, t, b, roles, roleNoun, modState, 'family-name');
  if (g.firstNames.has(name[0].text) && name.length >= 2 && !inTitleCase) return pushPerson(r, a, t, b, roles, roleNoun, modState, 'first-name');
  // "Coroner John Fudenberg", "Democrat Hillary Clinton": capitalised words before a known given name (and a
  // surname after it) say who the person is; they are kept out of the name, as a title.
  for (let k = 1; k <= 2 && k + 1 < name.length && !inTitleCase; k++) {
    if (!g.firstNames.has(name[k].text) || name.slice(0, k).some((w) => g.firstNames.has(w.text) || w.upper || NAME_PARTICLES.has(w.lower) || !/^\p{Lu}\p{Ll}+$/u.test(w.text))) continue;
    return pushPerson(r, a, t + k, b, [...roles, textOf(words, t, t + k)], roleNoun, modState, 'first-name');
  }
  if (roleNoun && allPropn && !inTitleCase) return pushPerson(r, a, t, b, roles, roleNoun, modState, 'role-noun');
  // "X, Ontario", "Y, Texas": a name before a comma and a known state or region is a place in it.
  const after = b + 1 < n && sameSentence(r, a, b + 1) && words[b].text === ',' ? matchGaz(r, b + 1, n) : null;
  if (after && after.e.role === 'actor' && (after.e.actorKind === 'state' || after.e.actorKind === 'place') && allPropn && !inTitleCase && !g.firstNames.has(name[0].text) && !speech && options.places !== false) {
    const txt = textOf(words, t, b);
    r.cands.push(cand(t, b, 'place', `place:${kebab(txt)}`, txt, 'name', after.e.stateId, 'apposition', withThe(r, t, b), undefined, undefined, baseTitleA));
    return;
  }
  if (speech && allPropn && !inTitleCase && (name.length > 1 ? !name.some((w) => w.upper || isHead(r, w.lower)) : (prev1 !== 'the' && !modState && !lowerSeen.has(name[0].lower) && !PLACE_SUFFIX.test(name[0].text)))) return pushPerson(r, a, t, b, roles, roleNoun, modState, 'speech-verb');
  // "in English", "in Portuguese": a language after a locative is no place
  if (LOCATIVE.has(prev1) && prev1 !== 'from' && options.places !== false && !inTitleCase && allPropn && !(name.length === 1 && LANGUAGE_LIKE.test(name[0].text))) {
    const txt = textOf(words, t, b);
    r.cands.push(cand(t, b, 'place', `place:${kebab(txt)}`, txt, 'name', modState, 'locative', withThe(r, t, b), undefined, undefined, baseTitleA));
    return;
  }
  // A bare two- or three-word name needs its surname again elsewhere in the article, and no word of it may be
  // a common noun the article also writes in lower case or a head of an organisation, place or thing.
  if (
    name.length >= 2 &&
    name.length <= 3 &&
    allPropn &&
    !inTitleCase &&
    name.every((w) => /^\p{Lu}\p{Ll}/u.test(w.text) && !lex.hasFirst(w.lower) && !lowerSeen.has(w.lower) && !isHead(r, w.lower)) &&
    (a0 === 0 || words[a0 - 1].sentence === words[a0].sentence) &&
    prev1 !== 'the' &&
    (r.capCount.get(last.text) ?? 0) >= 2
  )
    return pushPerson(r, a, t, b, roles, roleNoun, modState, 'proper-name');
  r.cands.push(cand(t, b, 'unknown', undefined, undefined, 'name', modState, 'unknown', undefined, textsOf(words, t, b), roles));
}
