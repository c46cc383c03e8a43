import type { ActorKind, LabelType } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import { quoteRegionAt } from '../nlp/quotes.js';
import { gazetteer, kebab, normWord, type GazEntry, type Gazetteer } from './gazetteer.js';
import { buildWords, type Word } from './words.js';
import { compileExtra, layered, type CompiledExtra, type ExtraActor, type Lexicon } from './lexicon.js';
import { discover } from './discover.js';

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

/** "Vessanian-administered", "Russian-backed": adjectives, not names. */
const COMPOUND_ADJ = /-(?:administered|controlled|backed|led|based|held|occupied|owned|made|born|funded|run|supported|allied|aligned|friendly|style|speaking|language|era)$/i;
/** Single words with these endings are towns and regions, not people ("Donetsk denied it"). */
const PLACE_SUFFIX = /(?:sk|grad|stan|ville|polis|abad|shire|pur|opol|ovo|evo)$/;
const PLACE_PREFIX = new Set(['Mount', 'Mt.', 'Lake', 'Cape', 'Fort', 'Port', 'Saint', 'St.', 'San', 'Santa', 'Los', 'Las', 'New', 'North', 'South', 'East', 'West']);
/** Lower-case words allowed inside a proper-name chunk when a capitalised word follows. */
const CONNECTORS = new Set(['of', 'for', 'de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'van', 'von', 'der', 'den', 'ter', 'al', 'el', 'bin', 'ibn', 'bint', 'la', 'le', 'y', '&']);
const LOCATIVE = new Set(['in', 'at', 'near', 'across', 'throughout', 'outside', 'inside', 'around', 'via', 'from', 'into']);
/** Before a seat of government these make it a place ("visited Baku"), otherwise it stands for the state. */
const METONYM_AS_PLACE = new Set(['in', 'at', 'to', 'into', 'near', 'outside', 'inside', 'around', 'across', 'throughout', 'visit', 'visits', 'visited', 'visiting', 'toured', 'arrived', 'reached', 'left', 'leave', 'leaving', 'via', 'of']);
const NOT_NAMES = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december i god allah internet web covid-19 covid'.split(' '),
);
const NOT_NAME_POS = new Set(['DET', 'PRON', 'ADP', 'CCONJ', 'SCONJ', 'AUX', 'PART', 'PUNCT', 'SYM', 'INTJ', 'ADV', 'NUM', 'SPACE']);
/** All-capital words that are not organisations: roles, units, page furniture. */
const NOT_ACRONYMS = new Set('MP MEP CEO CFO PM AM TV OK PHOTO VIDEO UPDATE BREAKING LIVE READ MORE NEWS ALSO WATCH EXCLUSIVE OPINION ANALYSIS GDP LNG UAV UAVS AI IT PR HQ ID VIP DNA HIV FAQ PDF USD EUR RSS URL SMS MW KM BN MN CET GMT UTC EST AD BC II III IV VI VII VIII IX XI XII'.split(' '));
/** Given names that are also country names: "Jordan Henderson", "Chad Smith". */
const COUNTRY_GIVEN = new Set(['jordan', 'chad', 'georgia', 'israel', 'india', 'kenya', 'chile']);

interface Cand {
  a: number; // first word
  b: number; // end word (exclusive)
  kind: ActorKind | 'unknown';
  actorId?: string;
  canonical?: string;
  labelType: LabelType;
  stateId?: string;
  roles?: string[];
  nameWords?: string[];
  via: string;
  titleA?: number;
  titleB?: number;
  /** The leading "the" is part of the span. */
  withThe?: boolean;
}

export interface DetectOptions {
  /** Report places (regions, cities) as well as people, states and organisations. Default true. */
  places?: boolean;
  /** Actors from the configuration (parallax.config.json `actors`): they take precedence over the gazetteer. */
  extra?: readonly ExtraActor[];
  /** Discover states that no gazetteer holds from how the article uses them (default true). */
  discover?: boolean;
}

/** Every candidate is made here, so that all have one shape (fast property access in the passes below). */
function cand(
  a: number,
  b: number,
  kind: ActorKind | 'unknown',
  actorId: string | undefined,
  canonical: string | undefined,
  labelType: LabelType,
  stateId: string | undefined,
  via: string,
  withThe: boolean | undefined,
  nameWords?: string[],
  roles?: string[],
  titleA?: number,
  titleB?: number,
): Cand {
  return { a, b, kind, actorId, canonical, labelType, stateId, roles, nameWords, via, titleA, titleB, withThe };
}

/** The words a..b-1 as written, joined by single spaces. */
function textOf(words: readonly Word[], a: number, b: number): string {
  if (b - a === 1) return words[a].text;
  let s = '';
  for (let k = a; k < b; k++) s = k === a ? words[k].text : `${s} ${words[k].text}`;
  return s;
}
function lowerOf(words: readonly Word[], a: number, b: number): string {
  if (b - a === 1) return words[a].lower;
  let s = '';
  for (let k = a; k < b; k++) s = k === a ? words[k].lower : `${s} ${words[k].lower}`;
  return s;
}
function textsOf(words: readonly Word[], a: number, b: number): string[] {
  const out = new Array<string>(b - a);
  for (let k = a; k < b; k++) out[k - a] = words[k].text;
  return out;
}

const COMMON_POS = new Set(['VERB', 'NOUN', 'ADJ', 'ADV', 'ADP', 'DET', 'AUX', 'PRON', 'SCONJ', 'CCONJ']);
const TWO_LETTERS = /^\p{L}{2,}/u;
/** TWO_LETTERS.test(s), with ASCII decided directly. */
function twoLettersFirst(s: string): boolean {
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  if (c0 < 128 && !((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return false;
  if (c0 < 128 && c1 < 128) return (c1 >= 65 && c1 <= 90) || (c1 >= 97 && c1 <= 122);
  return TWO_LETTERS.test(s);
}

/** How a gazetteer form word is written (bits): all capitals (two letters or more, "WHO"), capitalised first letter. */
const FORM_CAP = 1;
const FORM_UPPER = 2;
/** The case bits of a form word: upper = its letters (two or more) unchanged by toUpperCase, cap = first character changed by toLowerCase. */
function formBits(f: string): number {
  let letters = 0;
  let lower = false;
  for (let k = 0; k < f.length; k++) {
    const c = f.charCodeAt(k);
    if (c >= 128) return formBitsSlow(f);
    if (c >= 97 && c <= 122) {
      letters++;
      lower = true;
    } else if (c >= 65 && c <= 90) letters++;
  }
  const c0 = f.charCodeAt(0);
  return (letters >= 2 && !lower ? FORM_UPPER : 0) | (c0 >= 65 && c0 <= 90 ? FORM_CAP : 0);
}
function formBitsSlow(f: string): number {
  const fl = f.replace(/[^\p{L}]/gu, '');
  const upper = fl.length >= 2 && fl === fl.toUpperCase();
  const cap = f[0] !== f[0].toLowerCase();
  return (upper ? FORM_UPPER : 0) | (cap ? FORM_CAP : 0);
}

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

const baseLexCache = new WeakMap<CompiledExtra, { g: Gazetteer; lex: Lexicon }>();
/** The configured actors over the gazetteer: one lexicon per configured list (it holds no per-document state). */
function baseLexicon(extra: CompiledExtra, g: Gazetteer): Lexicon {
  const c = baseLexCache.get(extra);
  if (c && c.g === g) return c.lex;
  const lex = layered([extra.entries], g, new Set([extra.entries]));
  baseLexCache.set(extra, { g, lex });
  return lex;
}

const compiledCache = new WeakMap<readonly ExtraActor[], CompiledExtra>();
/** Compiles configured actors once per list (the analyzer calls this in create()). */
export function compiledExtra(extra: readonly ExtraActor[] | undefined): CompiledExtra {
  if (!extra || !extra.length) return EMPTY_EXTRA;
  let c = compiledCache.get(extra);
  if (!c) {
    c = compileExtra(extra);
    compiledCache.set(extra, c);
  }
  return c;
}
const EMPTY_EXTRA: CompiledExtra = { entries: new Map(), people: new Map() };

/** Finds actor mentions in one document. Linear in the number of tokens (bounded longest-match lookups). */
export function detectActors(text: string, tokens: readonly Token[], quoteRegions: readonly QuoteRegion[], options: DetectOptions = {}): ActorMention[] {
  const g = gazetteer();
  const words = buildWords(tokens);
  const n = words.length;
  const ORG_HEADS = g.orgHeads;
  const PLACE_HEADS = g.placeHeads;
  const extra = compiledExtra(options.extra);
  const baseLex = baseLexicon(extra, g);
  const lowerSeen = new Set<string>();
  /** How often each capitalised word occurs: a surname that recurs is evidence of a person. */
  const capCount = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const w = words[k];
    if (w.cap) capCount.set(w.text, (capCount.get(w.text) ?? 0) + 1);
    else lowerSeen.add(w.lower);
  }
  const docEntries = options.discover === false ? new Map<string, GazEntry>() : discover(words, g, baseLex, lowerSeen, capCount);
  const lex = docEntries.size ? layered([extra.entries, docEntries], g, new Set([extra.entries])) : baseLex;
  const cands: Cand[] = [];
  /** Demonym/state words that may introduce a role reference ("the Israeli president"): word index -> state id. */
  const stateModifiers = new Map<number, string>();
  /** End (exclusive) of a multiword state label that may start a role reference ("the Zionist regime's prime minister"). */
  const stateModEnd = new Map<number, number>();

  const sameSentence = (i: number, j: number): boolean => i >= 0 && j < n && words[i].sentence === words[j].sentence;
  const prevLower = (i: number): string => (i > 0 && sameSentence(i - 1, i) ? words[i - 1].lower : '');
  const nameWordMemo = new Int8Array(n); // 0: not computed, 1: yes, 2: no
  const isNameWord = (i: number): boolean => {
    const m = nameWordMemo[i];
    if (m !== 0) return m === 1;
    const r = isNameWordOf(i);
    nameWordMemo[i] = r ? 1 : 2;
    return r;
  };
  const firstMemo = new Int8Array(n); // lex.hasFirst(words[i].lower) once per word: 0 not computed, 1 yes, 2 no
  const hasFirstAt = (i: number): boolean => {
    const m = firstMemo[i];
    if (m !== 0) return m === 1;
    const r = lex.hasFirst(words[i].lower);
    firstMemo[i] = r ? 1 : 2;
    return r;
  };
  const isNameWordOf = (i: number): boolean => {
    const w = words[i];
    if (!w.cap || NOT_NAMES.has(w.lower) || COMPOUND_ADJ.test(w.text)) return false;
    if (NOT_NAME_POS.has(w.pos) && !hasFirstAt(i) && !g.firstNames.has(w.text) && !g.honorifics.has(w.text)) return false;
    return /\p{L}/u.test(w.text);
  };

  // Title-case lines (headlines) make every word look like a name: only gazetteer matches count there.
  const titleCase = new Set<number>();
  {
    // Count only words that are not names (verbs, nouns, adjectives, function words): a sentence full of names
    // is not a headline, a headline capitalises its verbs and nouns too.
    // Per-sentence counts in arrays when sentences are small indices (as the nlp product gives them), else in a map.
    let maxS = -1;
    let indexed = true;
    for (let k = 0; k < n; k++) {
      const s = words[k].sentence;
      if (!(Number.isInteger(s) && s >= 0 && s < 1e6)) {
        indexed = false;
        break;
      }
      if (s > maxS) maxS = s;
    }
    const excluded = (k: number): boolean => {
      if (hasFirstAt(k)) return true;
      // title words are stored capitalised (first letter changed by toLowerCase): an ASCII non-capital cannot be one
      const t = words[k].text;
      const c0 = t.charCodeAt(0);
      return (c0 >= 128 || (c0 >= 65 && c0 <= 90)) && (g.titleHeads.has(t) || g.titleModifiers.has(t));
    };
    const stats = new Map<number, [number, number]>();
    if (indexed) {
      // Capitalised words first; then lower-case ones only while the sentence can still reach the ratio: each
      // lower-case word that counts lowers caps / all, so once it is below 0.75 the rest cannot matter.
      const allA = new Int32Array(maxS + 1);
      const capsA = new Int32Array(maxS + 1);
      const lower: number[] = [];
      for (let k = 0; k < n; k++) {
        const w = words[k];
        if ((w.cap && !COMMON_POS.has(w.pos)) || !twoLettersFirst(w.text)) continue;
        if (!w.cap) {
          lower.push(k);
          continue;
        }
        if (excluded(k)) continue;
        allA[w.sentence]++;
        capsA[w.sentence]++;
      }
      for (const k of lower) {
        const s = words[k].sentence;
        if (capsA[s] === 0 || capsA[s] / allA[s] < 0.75) continue; // decided: not a title-case line
        if (!excluded(k)) allA[s]++;
      }
      for (let s = 0; s <= maxS; s++) if (allA[s] >= 3 && capsA[s] / allA[s] >= 0.75) titleCase.add(s);
    } else {
      for (let k = 0; k < n; k++) {
        const w = words[k];
        if ((w.cap && !COMMON_POS.has(w.pos)) || !twoLettersFirst(w.text)) continue;
        if (excluded(k)) continue;
        const s = stats.get(w.sentence) ?? [0, 0];
        s[0]++;
        if (w.cap) s[1]++;
        stats.set(w.sentence, s);
      }
    }
    for (const [s, [all, caps]] of stats) if (all >= 3 && caps / all >= 0.75) titleCase.add(s);
  }

  const matchGaz = (i: number, limit: number): { e: GazEntry; len: number } | null => {
    if (!hasFirstAt(i)) return null;
    const max = Math.min(lex.maxWords, limit - i);
    let key = '';
    let best: { e: GazEntry; len: number } | null = null;
    for (let len = 1; len <= max; len++) {
      const w = words[i + len - 1];
      if (len > 1 && !sameSentence(i, i + len - 1)) break;
      if (len > 1 && !lex.hasPrefix(key)) break; // no longer label starts with these words
      key = len === 1 ? w.lower : `${key} ${w.lower}`;
      const e = lex.get(key);
      if (e && capsAgree(e, i)) best = { e, len };
    }
    return best;
  };
  const capsAgree = (e: GazEntry, i: number): boolean => {
    for (let k = 0; k < e.form.length; k++) {
      const f = formBits(e.form[k]);
      const w = words[i + k];
      if ((f & FORM_UPPER) !== 0 && !w.upper) return false; // WHO vs Who
      if ((f & FORM_CAP) !== 0 && !w.cap) return false; // Turkey vs turkey
    }
    return true;
  };

  const chunkEnd = (i: number): number => {
    let j = i + 1;
    while (j < n && sameSentence(i, j)) {
      if (isNameWord(j)) j++;
      else if (CONNECTORS.has(words[j].lower) && !words[j].cap && j + 1 < n && sameSentence(j, j + 1) && isNameWord(j + 1)) j += 2;
      else break;
    }
    return j;
  };

  const headOf = (b: number): string => words[b - 1].lower;
  const withThe = (a: number, b: number): boolean => {
    if (prevLower(a) !== 'the') return false;
    const nx = b < n && sameSentence(a, b) ? words[b] : undefined;
    return !(nx && !nx.cap && (nx.pos === 'NOUN' || nx.pos === 'ADJ' || nx.pos === 'PROPN'));
  };

  const emitGaz = (i: number, len: number, e: GazEntry): number => {
    const b = i + len;
    if (e.role === 'demonym') {
      stateModifiers.set(i, e.actorId);
      // "Israeli officials" -> the state; "the Armenian army" -> an organisation of that state.
      const nounPrefixes = spacePrefixes(g.orgNouns, g.stateNouns);
      for (let m = Math.min(g.maxNounWords, n - b); m >= 1; m--) {
        if (!sameSentence(i, b + m - 1)) continue;
        if (m > 1 && !nounPrefixes.has(words[b].lower)) continue; // no noun phrase starts with this word
        const phrase = lowerOf(words, b, b + m);
        if (g.orgNouns.has(phrase)) {
          const iso = e.actorId.slice(6).toLowerCase();
          cands.push(cand(i, b + m, 'organisation', `org:${iso}-${kebab(phrase)}`, `${words[i].text} ${textOf(words, b, b + m)}`, 'name', e.actorId, 'demonym-noun', prevLower(i) === 'the'));
          return b + m;
        }
        if (g.stateNouns.has(phrase)) {
          cands.push(cand(i, b, 'state', e.actorId, e.canonical, 'demonym', e.actorId, 'demonym-noun', undefined));
          return b;
        }
      }
      return b;
    }
    if (e.role === 'metonym' && e.placeId && METONYM_AS_PLACE.has(prevLower(i))) {
      if (options.places !== false) cands.push(cand(i, b, 'place', e.placeId, e.placeCanonical!, 'name', e.stateId, 'gazetteer', undefined));
      return b;
    }
    if (e.actorKind === 'place' && options.places === false) return b;
    if (e.actorKind === 'person') {
      cands.push(cand(i, b, 'person', e.actorId, e.canonical, e.labelType, e.stateId, 'gazetteer', undefined, e.canonical.split(' ')));
      return b;
    }
    if (e.actorKind === 'state') stateModifiers.set(i, e.actorId);
    if (e.actorKind === 'state' && len > 1) stateModEnd.set(i, b);
    cands.push(cand(i, b, e.actorKind, e.actorId, e.canonical, e.labelType, e.stateId, 'gazetteer', e.actorKind !== 'state' || len > 1 || e.role === 'metonym' ? withThe(i, b) : false));
    return b;
  };

  const isHead = (w: string): boolean => ORG_HEADS.has(w) || PLACE_HEADS.has(w) || g.otherHeads.has(w) || g.stateHeads.has(w);
  const classifyRun = (a0: number, b0: number, modState: string | undefined, chunkStart: boolean): void => {
    let a = a0;
    let b = b0;
    while (a < b && CONNECTORS.has(words[a].lower) && !words[a].cap) a++;
    while (b > a && CONNECTORS.has(words[b - 1].lower) && !words[b - 1].cap) b--;
    // A sentence-initial capital on a word the article also writes in lower case is not a name ("Officials").
    while (a < b && (chunkStart && a === a0) && (a === 0 || words[a - 1].sentence !== words[a].sentence) && lowerSeen.has(words[a].lower) && !g.firstNames.has(words[a].text) && !g.honorifics.has(words[a].text)) a++;
    if (a >= b) return;
    const roles: string[] = [];
    const isTitleWord = (w: Word): boolean => g.honorifics.has(w.text) || g.titleHeads.has(w.text) || g.titleModifiers.has(w.text);
    // The title may follow a qualifier the lists don't hold: "Retired Lt. Gen. Michael Flynn", "House Speaker Paul Ryan".
    let p = a;
    while (p < b - 1 && p - a < 2 && !isTitleWord(words[p])) p++;
    if (!isTitleWord(words[p])) p = a;
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
    if (!sawHonorific && name.every((w) => isTitleWord(w) || CONNECTORS.has(w.lower))) return;
    const inTitleCase = titleCase.has(words[a].sentence);
    const last = name[name.length - 1];
    const allPropn = name.every((w) => w.pos === 'PROPN' || g.firstNames.has(w.text));
    const prev1 = prevLower(a);
    const prev2 = a >= 2 && sameSentence(a - 2, a) ? `${words[a - 2].lower} ${prev1}` : '';
    const roleNoun = g.roles.has(prev1) ? prev1 : g.roles.has(prev2) ? prev2 : '';
    const nextW = b < n && sameSentence(a, b) ? words[b] : undefined;
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
      cands.push(cand(t, b, 'organisation', `org:${kebab(last.text)}`, last.text, 'name', modState, 'acronym', withThe(t, b), undefined, undefined, baseTitleA));
      return;
    }
    if (ORG_HEADS.has(last.lower) && !sawHead && name.length >= 2 && !surnameHead) {
      const txt = textOf(words, t, b);
      const id = modState && !name.some((w) => lex.get(w.lower)?.actorKind === 'state') ? `org:${modState.slice(6).toLowerCase()}-${kebab(txt)}` : `org:${kebab(txt)}`;
      cands.push(cand(t, b, 'organisation', id, txt, 'name', modState, 'keyword', withThe(t, b), undefined, undefined, baseTitleA));
      return;
    }
    if ((PLACE_HEADS.has(last.lower) && name.length >= 2 && !sawHead && !surnameHead) || (PLACE_PREFIX.has(name[0].text) && name.length >= 2 && ['Mount', 'Mt.', 'Lake', 'Cape', 'Fort'].includes(name[0].text))) {
      if (options.places === false) return;
      const txt = textOf(words, t, b);
      cands.push(cand(t, b, 'place', `place:${kebab(txt)}`, txt, 'name', modState, 'keyword', withThe(t, b), undefined, undefined, baseTitleA));
      return;
    }
    const ofAt = name.findIndex((w) => w.lower === 'of' || w.lower === 'for');
    if (ofAt > 0) {
      // "Deputy Minister Laleh Farzanegan of Veloria": a person's name stops at "of"
      classifyRun(a, t + ofAt, modState, chunkStart);
      classifyRun(t + ofAt + 1, b, undefined, false); // "... of DAB": the rest is its own name
      return;
    }
    if (name.length > 4) return;
    const person = (via: string): void =>
      void cands.push(cand(t, b, 'person', undefined, undefined, 'name', modState, via, undefined, textsOf(words, t, b), roleNoun ? [...roles, roleNoun] : [...roles], t > a ? a : undefined, t));
    if (sawHead && !inTitleCase) return person('title');
    // "Quina Jones, 25, said": an age in apposition
    if (name.length >= 2 && name.length <= 3 && allPropn && !inTitleCase && b + 2 < n && sameSentence(a, b + 2) && words[b].text === ',' && /^\d{1,3}$/.test(words[b + 1].text) && Number(words[b + 1].text) < 120 && (words[b + 2].text === ',' || words[b + 2].text === ')'))
      return person('age');
    // "Leung Che-cheung", "Kim Shin-wook": a family name first, then a hyphenated given name
    if (name.length === 2 && g.familyFirst.has(name[0].text) && /^\p{Lu}\p{Ll}+-\p{L}+$/u.test(name[1].text) && !inTitleCase) return person('family-name');
    if (g.firstNames.has(name[0].text) && name.length >= 2 && !inTitleCase) return person('first-name');
    if (roleNoun && allPropn && !inTitleCase) return person('role-noun');
    // "X, Ontario", "Y, Texas": a name before a comma and a known state or region is a place in it.
    const after = b + 1 < n && sameSentence(a, b + 1) && words[b].text === ',' ? matchGaz(b + 1, n) : null;
    if (after && after.e.role === 'actor' && (after.e.actorKind === 'state' || after.e.actorKind === 'place') && allPropn && !inTitleCase && !g.firstNames.has(name[0].text) && !speech && options.places !== false) {
      const txt = textOf(words, t, b);
      cands.push(cand(t, b, 'place', `place:${kebab(txt)}`, txt, 'name', after.e.stateId, 'apposition', withThe(t, b), undefined, undefined, baseTitleA));
      return;
    }
    if (speech && allPropn && !inTitleCase && (name.length > 1 ? !name.some((w) => w.upper || isHead(w.lower)) : (prev1 !== 'the' && !modState && !lowerSeen.has(name[0].lower) && !PLACE_SUFFIX.test(name[0].text)))) return person('speech-verb');
    if (LOCATIVE.has(prev1) && prev1 !== 'from' && options.places !== false && !inTitleCase && allPropn) {
      const txt = textOf(words, t, b);
      cands.push(cand(t, b, 'place', `place:${kebab(txt)}`, txt, 'name', modState, 'locative', withThe(t, b), undefined, undefined, baseTitleA));
      return;
    }
    // A bare two- or three-word name needs its surname again elsewhere in the article, and no word of it may be
    // a common noun the article also writes in lower case or a head of an organisation, place or thing.
    if (
      name.length >= 2 &&
      name.length <= 3 &&
      allPropn &&
      !inTitleCase &&
      name.every((w) => /^\p{Lu}\p{Ll}/u.test(w.text) && !lex.hasFirst(w.lower) && !lowerSeen.has(w.lower) && !isHead(w.lower)) &&
      (a0 === 0 || words[a0 - 1].sentence === words[a0].sentence) &&
      prev1 !== 'the' &&
      (capCount.get(last.text) ?? 0) >= 2
    )
      return person('proper-name');
    cands.push(cand(t, b, 'unknown', undefined, undefined, 'name', modState, 'unknown', undefined, textsOf(words, t, b), roles));
  };

  // Pass 1: gazetteer matches and proper-name chunks, sentence by sentence.
  let i = 0;
  while (i < n) {
    if (!words[i].cap || !isNameWord(i)) {
      // lower-case gazetteer forms ("al-Qaeda") and demonyms written at a sentence start still go through matchGaz
      const m = words[i].cap ? matchGaz(i, n) : null;
      i = m ? emitGaz(i, m.len, m.e) : i + 1;
      continue;
    }
    const j = chunkEnd(i);
    const whole = matchGaz(i, j);
    if (whole && whole.len === j - i) {
      i = emitGaz(i, whole.len, whole.e);
      continue;
    }
    // A chunk ending in an organisation or place word is one name even if it contains a gazetteer name
    // ("Azerbaijan Airlines", "University of Southern Indiana").
    let head = headOf(j);
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
      i = j; // "Treaty of Saltmere", "Iron Dome": not an actor, and nothing inside it is reported either
      continue;
    }
    if (j - i >= 2 && (ORG_HEADS.has(head) || (PLACE_HEADS.has(head) && options.places !== false)) && !titled && !firstIsGiven) {
      let st: string | undefined;
      for (let k = i; k < j; k++) {
        const e = lex.get(words[k].lower);
        if (e?.stateId && (e.actorKind === 'state' || e.role === 'demonym')) st = e.stateId;
      }
      const txt = textOf(words, i, j);
      const org = ORG_HEADS.has(head);
      const lead = matchGaz(i, j);
      const leadState = lead && (lead.e.role === 'demonym' || lead.e.actorKind === 'state') ? lead.e.stateId : undefined;
      const idText = leadState ? `${leadState.slice(6).toLowerCase()} ${textOf(words, i + lead!.len, j)}` : txt;
      cands.push(cand(i, j, org ? 'organisation' : 'place', `${org ? 'org' : 'place'}:${kebab(idText)}`, txt, 'name', st, 'keyword', withThe(i, j)));
      i = j;
      continue;
    }
    // Otherwise split the chunk into gazetteer pieces and runs of other words.
    let k = i;
    let runStart = i;
    let modState: string | undefined;
    const poss = i >= 2 && (words[i - 1].lower === "'s") && sameSentence(i - 2, i) ? lex.get(words[i - 2].lower) : undefined;
    if (poss?.actorKind === 'state') modState = poss.stateId;
    while (k < j) {
      const m = matchGaz(k, j);
      const givenName =
        // "Jordan Henderson", "Florence Nightingale": a one-word country, city or capital starting a longer name
        (m && m.len === 1 && k === runStart && k + 1 < j && (COUNTRY_GIVEN.has(words[k].lower) || m.e.actorKind === 'place' || m.e.role === 'metonym') &&
          !matchGaz(k + 1, j) && words[k + 1].pos === 'PROPN' && !g.titleHeads.has(words[k + 1].text) && !g.titleModifiers.has(words[k + 1].text) &&
          !ORG_HEADS.has(words[k + 1].lower) && !PLACE_HEADS.has(words[k + 1].lower)) ||
        // "Valeska Paris": a single-word capital right after an unknown name word is a surname
        (m && m.len === 1 && m.e.role === 'metonym' && k > runStart && k - runStart <= 2 && words.slice(runStart, k).every((w) => w.pos === 'PROPN' && !g.titleHeads.has(w.text) && !g.titleModifiers.has(w.text) && !g.honorifics.has(w.text)));
      if (m && !givenName) {
        if (k > runStart) classifyRun(runStart, k, modState, runStart === i);
        k = emitGaz(k, m.len, m.e);
        if (m.e.stateId && (m.e.actorKind === 'state' || m.e.role === 'demonym')) modState = m.e.stateId;
        runStart = k;
      } else k++;
    }
    if (k > runStart) classifyRun(runStart, Math.min(k, j), modState, runStart === i);
    i = Math.max(j, k);
  }

  linkAcronyms(words, cands, g);

  // Pass 2: people across the article. Full names index surnames and given names; single names and
  // unknown chunks resolve through them ("Gantz" -> Benny Gantz).
  const PARTICLES = /^(al|el|bin|ibn|abu|de|da|van|von|der|di|du|la|le)$/i;
  const fullBySurname = new Map<string, Set<string>>();
  const fullByGiven = new Map<string, Set<string>>();
  const fullNames = new Set<string>();
  const addIdx = (m: Map<string, Set<string>>, k: string, v: string): void => {
    const s = m.get(k) ?? new Set<string>();
    s.add(v);
    m.set(k, s);
  };
  for (const c of cands) {
    if (c.kind !== 'person' || !c.nameWords || c.nameWords.length < 2) continue;
    const full = c.nameWords.join(' ');
    fullNames.add(full);
    addIdx(fullBySurname, normWord(c.nameWords[c.nameWords.length - 1]), full);
    const lastTwo = c.nameWords.slice(-2);
    if (PARTICLES.test(lastTwo[0].split('-')[0])) addIdx(fullBySurname, normWord(lastTwo.join(' ')), full);
    addIdx(fullByGiven, normWord(c.nameWords[0]), full);
  }
  const positions = new Map<string, number[]>();
  for (const c of cands) {
    if (c.kind !== 'person' || !c.nameWords || c.nameWords.length < 2) continue;
    const k = c.nameWords.join(' ');
    positions.set(k, [...(positions.get(k) ?? []), c.a]);
  }
  /** Unique candidate, or the full name introduced most recently before the mention (Heydar vs Ilham Aliyev). */
  const pick = (s: Set<string> | undefined, at: number): string | null => {
    if (!s || !s.size) return null;
    if (s.size === 1) return [...s][0];
    let best: string | null = null;
    let bestPos = -1;
    for (const f of s) {
      let p = -1;
      for (const q of positions.get(f) ?? []) if (q <= at) p = q;
      if (p >= 0 && p > bestPos) {
        best = f;
        bestPos = p;
      }
    }
    return best;
  };
  const resolve = (nameWords: string[], at: number): string | null => {
    const joined = nameWords.join(' ');
    if (fullNames.has(joined)) return joined;
    const key = normWord(nameWords.length === 1 ? nameWords[0] : nameWords.join(' '));
    const bySurname = pick(fullBySurname.get(key) ?? fullBySurname.get(normWord(nameWords[nameWords.length - 1])), at);
    if (bySurname) return bySurname;
    if (nameWords.length === 1) return pick(fullByGiven.get(key), at);
    return null;
  };
  const personStates = new Map<string, string>();
  const personRoles = new Map<string, Set<string>>();
  const out: Cand[] = [];
  for (const c of cands) {
    if (c.via === 'gazetteer' && c.b - c.a === 1 && (c.labelType === 'metonym' || c.kind === 'place') && fullBySurname.has(words[c.a].lower)) {
      c.kind = 'unknown';
      c.nameWords = [words[c.a].text];
      c.withThe = false;
      c.stateId = undefined;
      c.labelType = 'name';
    }
    if (c.kind === 'person' || c.kind === 'unknown') {
      const nw = c.nameWords!;
      const full = (nw.length === 1 || c.kind === 'unknown' ? resolve(nw, c.a) : null) ?? (c.kind === 'person' ? nw.join(' ') : null);
      if (!full || (c.kind === 'unknown' && titleCase.has(words[c.a].sentence) && !fullNames.has(full))) {
        out.push(c); // kept as unknown: an alias in parentheses may still resolve it
        continue;
      }
      c.kind = 'person';
      if (c.via === 'unknown') c.via = 'surname';
      c.canonical = full;
      c.actorId = `person:${kebab(full)}`;
    }
    out.push(c);
  }
  for (const c of out) {
    if (c.kind !== 'person') continue;
    // Well-known office holders (data/people.json, configured people): the state and role the text may not repeat.
    const known = extra.people.get(normWord(c.canonical ?? '')) ?? g.people.get(normWord(c.canonical ?? ''));
    if (known?.stateId && !c.stateId && !personStates.has(c.actorId!)) c.stateId = known.stateId;
    if (known && 'role' in known && !(c.roles ?? []).length) c.roles = [known.role as string];
    if (c.stateId && !personStates.has(c.actorId!)) personStates.set(c.actorId!, c.stateId);
    for (const r of c.roles ?? []) {
      const s = personRoles.get(c.actorId!) ?? new Set<string>();
      s.add(normWord(r));
      personRoles.set(c.actorId!, s);
    }
  }

  // Aliases in parentheses: "Ahmad al-Sharaa (aka Abu Mohammad al-Julani)".
  out.sort((x, y) => x.a - y.a);
  for (let k = 0; k + 1 < out.length; k++) {
    const p = out[k];
    const q = out[k + 1];
    if (p.kind !== 'person' || q.actorId === p.actorId) continue;
    if (words[p.b]?.text !== '(') continue;
    let m = p.b + 1;
    const aka = ['aka', 'a.k.a.', 'a.k.a', 'also', 'known', 'as', 'alias', 'born', 'or'];
    while (m < q.a && aka.includes(words[m].lower)) m++;
    if (m === q.a && words[q.b]?.text === ')' && (q.kind === 'person' || q.kind === 'unknown')) {
      q.kind = 'person';
      q.labelType = 'name';
      q.actorId = p.actorId;
      q.canonical = p.canonical;
      q.via = 'alias';
    }
  }

  // Role references: "the Israeli president" once an Israeli President is named in the article.
  // Only a role some named person holds can match: none held, nothing to look for.
  const heldRoles = new Set<string>();
  for (const rs of personRoles.values()) for (const r of rs) heldRoles.add(r);
  if (heldRoles.size) for (const [wi, stateId] of stateModifiers) {
    let b = stateModEnd.get(wi) ?? wi + 1;
    if (words[b]?.lower === "'s") b++;
    for (let len = 3; len >= 1; len--) {
      if (b + len > n || !sameSentence(wi, b + len - 1)) continue;
      const role = lowerOf(words, b, b + len);
      if (!heldRoles.has(role)) continue;
      if (!g.roles.has(role) && !words.slice(b, b + len).every((w) => g.titleHeads.has(w.text) || g.titleModifiers.has(w.text))) continue;
      const matches = [...personRoles].filter(([id, roles]) => personStates.get(id) === stateId && roles.has(role));
      const nextW = words[b + len];
      if (matches.length === 1 && !(nextW && nextW.cap && nextW.sentence === words[wi].sentence)) {
        const id = matches[0][0];
        const any = out.find((c) => c.actorId === id)!;
        out.push(cand(wi, b + len, 'person', id, any.canonical, 'short-name', stateId, 'role-reference', prevLower(wi) === 'the', undefined, [textOf(words, b, b + len)]));
        break;
      }
    }
  }

  // Match reports: a country named as a side is its national team ("Belgium beat Tunisia 5-2").
  if (isSportsReport(words, g)) {
    for (const c of out) {
      if (c.kind !== 'state' || c.labelType === 'demonym' || c.labelType === 'metonym' || !c.actorId) continue;
      if (METONYM_AS_PLACE.has(prevLower(c.a)) && prevLower(c.a) !== 'of') continue; // "in Russia" stays the country
      const st = c.actorId;
      c.kind = 'organisation';
      c.actorId = `org:${st.slice(6).toLowerCase()}-national-team`;
      c.canonical = `${c.canonical ?? words[c.a].text} national team`;
      c.stateId = st;
      c.via = 'sports-team';
    }
  }

  // Emit, dropping overlaps (earlier, longer first).
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
