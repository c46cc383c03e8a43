import { kebab, normWord, type GazEntry, type Gazetteer } from './gazetteer.js';
import { keyOf, xStateId, type Lexicon } from './lexicon.js';
import type { Word } from './words.js';

/**
 * Finds states that no gazetteer or configuration holds from how the article uses their names, and the
 * demonyms and capitals that go with them. Returns lexicon entries for this document only.
 *
 * A capitalised word X that is not a known label, given name or title scores points (a state needs 2):
 * - "the Republic of X", "the Kingdom of X" (2); "the State of X" (1);
 * - "X's foreign minister / government / army / capital / ambassador …" and "the government of X" (2);
 *   "X's president / economy / officials …" (1);
 * - "ambassador to X", "relations with X" (2);
 * - "X Federation", "X Republic", "X Kingdom" … when X is not a sports/trade/student word (2; both forms name it);
 * - a demonym built from X by the usual English suffixes and used before an official or force noun in the same
 *   article ("Karvenian officials", "Tolmari engineers") (2); the demonym then resolves to X;
 * - "X and Y" / "between X and Y" with Y a known or discovered state (1; +1 with a verb such as "signed").
 * A word that follows a title or a known given name anywhere in the article is a surname and never a state.
 *
 * Capitals: "X, the capital (of Y)", "X, the <demonym> capital", "Y's capital(,) X", "the <demonym> capital(,) X",
 * "the capital, X" (Y = the last state named before it in the sentence) make X a metonym of Y.
 *
 * Linear in the number of words: every cue is a bounded look-around from one word.
 */
export function discover(
  words: readonly Word[],
  g: Gazetteer,
  lex: Lexicon,
  lowerWords?: ReadonlySet<string>,
  capWords?: { has(text: string): boolean },
): Map<string, GazEntry> {
  const r = readDiscovery(words, g, lex, lowerWords);
  scoreCues(r);
  const dm = readDemonyms(r, capWords);
  scoreDemonyms(r, dm);
  const states = coordinate(r, dm);
  if (DEBUG) console.error('discover', [...r.score], [...r.veto], [...dm.demonymOf].filter(([x]) => dm.used.has(x)));
  emitStates(r, states, dm);
  findCapitals(r);
  return r.out;
}

/** What the steps of discover share for one article. */
interface Discovery {
  words: readonly Word[];
  n: number;
  g: Gazetteer;
  d: Gazetteer['discovery'];
  lex: Lexicon;
  /** The entries found (the result). */
  out: Map<string, GazEntry>;
  /** Lower-case words of the article. */
  lowerSeen: ReadonlySet<string>;
  titleWords: Set<string>;
  /** Points per candidate name X. */
  score: Map<string, number>;
  /** Names that follow a title or a given name somewhere: surnames, never states. */
  veto: Set<string>;
  /** X -> labels such as "Republic of X", "X Federation". */
  longForms: Map<string, Set<string>>;
  /** Word indexes of candidate names. */
  cands: number[];
}

/** The demonyms of the candidate and configured names, and which the article uses. */
interface Demonyms {
  /** Demonym text -> X, for the demonyms the article writes with a capital (the first X in xs that builds it). */
  demonymOf: Map<string, string>;
  /** Configured states without demonyms, by their one-word name. */
  knownX: Map<string, GazEntry>;
  /** The candidate names, then the configured ones. */
  xs: string[];
  /** Demonyms derived from a name (cached per lexicon). */
  derived: Map<string, string[]>;
  /** Position of each name in xs, built when first needed. */
  xPos: Map<string, number> | null;
  /** Demonym -> X, once seen as an adjective of officials or forces. */
  used: Map<string, string>;
}

/** Reads the article: lower-case words, surname vetoes and the candidate names. */
function readDiscovery(words: readonly Word[], g: Gazetteer, lex: Lexicon, lowerWords: ReadonlySet<string> | undefined): Discovery {
  let lowerSeen: ReadonlySet<string>;
  // (the caller may pass the set it already built from the same words)
  if (lowerWords) lowerSeen = lowerWords;
  else {
    const s = new Set<string>();
    for (const w of words) if (!w.cap) s.add(w.lower);
    lowerSeen = s;
  }
  const r: Discovery = {
    words, n: words.length, g, d: g.discovery, lex, out: new Map(), lowerSeen, titleWords: titleWordsOf(g),
    score: new Map(), veto: new Set(), longForms: new Map(), cands: [],
  };
  const n = r.n;
  for (let i = 0; i < n; i++) {
    const w = words[i];
    if (!w.cap) continue;
    // a word after a title or a given name is a surname wherever it occurs ("President Venkel", "Anja Rusk")
    for (let k = i - 1; k >= 0 && k >= i - 4 && same(r, k, i) && words[k].cap; k--) {
      if (isTitle(r, words[k]) || g.firstNames.has(words[k].text)) {
        r.veto.add(w.text); // "President Anton Brisk": Brisk is a surname everywhere in the article
        break;
      }
    }
    if (isCandidate(r, w)) r.cands.push(i);
  }
  return r;
}

/** Words i <= j exist and are in one sentence. */
function same(r: Discovery, i: number, j: number): boolean {
  return i >= 0 && j < r.n && i <= j && r.words[i].sentence === r.words[j].sentence;
}
/** A title head, title modifier or honorific. */
function isTitle(r: Discovery, w: Word): boolean {
  return r.titleWords.has(w.text);
}
/** A capitalised word that may name an unknown state: no known label, given name, title, lower-case word or head. */
function isCandidate(r: Discovery, w: Word): boolean {
  const { g } = r;
  return (
    w.cap &&
    !w.upper &&
    /^\p{Lu}[\p{Ll}'’-]{2,}$/u.test(w.text) &&
    !(r.lex.get(w.lower) !== undefined) &&
    !g.firstNames.has(w.text) &&
    !isTitle(r, w) &&
    !r.lowerSeen.has(w.lower) &&
    !g.orgHeads.has(w.lower) &&
    !g.placeHeads.has(w.lower) &&
    !g.otherHeads.has(w.lower) &&
    !g.stateHeads.has(w.lower)
  );
}
/** Adds p points to name x. */
function addScore(r: Discovery, x: string, p: number): void {
  r.score.set(x, (r.score.get(x) ?? 0) + p);
}
/** Records a long form ("Republic of X") of name x. */
function addForm(r: Discovery, x: string, label: string): void {
  const s = r.longForms.get(x) ?? new Set<string>();
  s.add(label);
  r.longForms.set(x, s);
}
/** Longest phrase of `set` starting at word k (bounded by `max` words, within the anchor's sentence), or ''. */
function phraseAt(r: Discovery, k: number, set: Set<string>, max: number, anchor: number): string {
  const { words, n } = r;
  let best = '';
  let key = '';
  const prefixes = affixesOf(set).prefixes;
  for (let len = 1; len <= max && k + len - 1 < n && same(r, anchor, k + len - 1); len++) {
    if (len > 1 && !prefixes.has(key)) break; // no phrase of the set goes on from here
    key = len === 1 ? words[k].lower : `${key} ${words[k + len - 1].lower}`;
    if (set.has(key)) best = key;
  }
  return best;
}
/** Longest phrase of `set` ending at word k. */
function phraseEnding(r: Discovery, k: number, set: Set<string>, max: number): string {
  const { words } = r;
  let best = '';
  let key = '';
  const suffixes = affixesOf(set).suffixes;
  for (let len = 1; len <= max && k - len + 1 >= 0 && same(r, k - len + 1, k); len++) {
    if (len > 1 && !suffixes.has(key)) break; // no phrase of the set ends with ' ' + key
    key = len === 1 ? words[k].lower : `${words[k - len + 1].lower} ${key}`;
    if (set.has(key)) best = key;
  }
  return best;
}
/** The first word of word i's sentence. */
function sentenceStartOf(words: readonly Word[], i: number): number {
  let k = i;
  while (k > 0 && words[k - 1].sentence === words[i].sentence) k--;
  return k;
}
/** Word i opens its sentence. */
function isSentenceStart(words: readonly Word[], i: number): boolean {
  return i === 0 || words[i - 1].sentence !== words[i].sentence;
}

/** Scores each candidate by the cues around it: "X Federation", "the Republic of X", "the government of X", "ambassador to X", "X's foreign minister". */
function scoreCues(r: Discovery): void {
  const { words, n, g, d } = r;
  for (const i of r.cands) {
    const x = words[i].text;
    // X must be a whole name for these cues: not "the gendarmes of Kettle Ford"
    const whole = !(i + 1 < n && same(r, i, i + 1) && words[i + 1].cap) && !(i > 0 && same(r, i - 1, i) && words[i - 1].cap && words[i - 1].lower !== 'the' && !isTitle(r, words[i - 1]) && i - 1 !== sentenceStartOf(words, i));
    if (!whole) {
      if (i + 1 < n && same(r, i, i + 1) && g.stateHeads.has(words[i + 1].lower) && words[i + 1].cap && !g.stateHeadBlockers.has(words[i].lower)) {
        const next = i + 2 < n && same(r, i, i + 2) ? words[i + 2] : undefined;
        if (!(next && next.cap) && !(i > 0 && same(r, i - 1, i) && words[i - 1].cap && !isSentenceStart(words, i - 1))) {
          addScore(r, x, 2);
          addForm(r, x, `${x} ${words[i + 1].text}`);
        }
      }
      continue;
    }
    // the Republic of X
    if (i >= 2 && words[i - 1].lower === 'of' && same(r, i - 2, i)) {
      const strong = phraseEnding(r, i - 2, d.ofStrong, 3);
      const weak = strong ? '' : phraseEnding(r, i - 2, d.ofWeak, 1);
      if (strong || weak) {
        addScore(r, x, strong ? 2 : 1);
        const len = (strong || weak).split(' ').length;
        if (words[i - 2 - len + 1].cap) addForm(r, x, words.slice(i - 1 - len, i + 1).map((w) => w.text).join(' '));
      }
      // the government of X
      const poss = phraseEnding(r, i - 2, d.possStrong, d.possMaxWords);
      const possW = poss ? '' : phraseEnding(r, i - 2, d.possWeak, d.possMaxWords);
      if (poss) addScore(r, x, 2);
      else if (possW) addScore(r, x, 1);
    }
    // ambassador to X
    if (i >= 2 && phraseEnding(r, i - 1, d.toState, 3)) addScore(r, x, 2);
    // X's foreign minister
    if (i + 2 < n && words[i + 1].lower === "'s" && same(r, i, i + 2)) {
      let k = i + 2;
      if (SKIP_ADJ.has(words[k].lower) && k + 1 < n) k++;
      if (phraseAt(r, k, d.possStrong, d.possMaxWords, i)) addScore(r, x, 2);
      else if (phraseAt(r, k, d.possWeak, d.possMaxWords, i)) addScore(r, x, 1);
    }
  }
}

/**
 * Demonyms built from candidate names, and from states the configuration names without demonyms ("Karvenia" ->
 * "Karvenian"). demonymOf maps each demonym to the first X (in xs order) it is built from. Only demonyms the article
 * writes with a capital are ever looked up in it (and every X is such a word), so only those are entered; ownerOf
 * answers for the others.
 */
function readDemonyms(r: Discovery, capWords: { has(text: string): boolean } | undefined): Demonyms {
  const { words, lex } = r;
  const names = new Set(r.cands.map((i) => words[i].text));
  const knownX = new Map<string, GazEntry>();
  for (const w of words) {
    const e = w.cap ? lex.get(w.lower) : undefined;
    if (e && e.role === 'actor' && e.actorKind === 'state' && e.actorId.startsWith('state:x-') && e.form.length === 1) knownX.set(w.text, e);
  }
  // Texts of the article's capitalised words (the caller may pass its own index of them).
  let capTexts: { has(text: string): boolean };
  if (capWords) capTexts = capWords;
  else {
    const s = new Set<string>();
    for (const w of words) if (w.cap) s.add(w.text);
    capTexts = s;
  }
  const dm: Demonyms = { demonymOf: new Map(), knownX, xs: [...names, ...knownX.keys()], derived: demonymCache(lex, r.d.demonymRules), xPos: null, used: new Map() };
  for (const x of dm.xs) for (const dem of demsOf(r, dm, x)) if (capTexts.has(dem) && !dm.demonymOf.has(dem)) dm.demonymOf.set(dem, x);
  return dm;
}

/** The demonyms the suffix rules build from x that the lexicon does not hold as something else (cached). */
function demsOf(r: Discovery, dm: Demonyms, x: string): string[] {
  let dems = dm.derived.get(x);
  if (!dems) {
    dems = [];
    for (const rule of r.d.demonymRules) {
      if (rule.drop && !x.endsWith(rule.drop)) continue;
      const dem = x.slice(0, x.length - rule.drop.length) + rule.add;
      if (dem !== x && !lexHasOther(r.lex, dem)) dems.push(dem);
    }
    if (x.length < 13) {
      // (longer strings may be slices of the whole document text: not kept)
      if (dm.derived.size > 20000) dm.derived.clear();
      dm.derived.set(x, dems);
    }
  }
  return dems;
}

/** The X demonymOf would map `dem` to over all demonyms: the first X in xs whose demonyms include it. */
function ownerOf(r: Discovery, dm: Demonyms, dem: string): string | undefined {
  if (!dm.xPos) {
    dm.xPos = new Map();
    for (let p = 0; p < dm.xs.length; p++) if (!dm.xPos.has(dm.xs[p])) dm.xPos.set(dm.xs[p], p);
  }
  let best = -1;
  let owner: string | undefined;
  for (const rule of r.d.demonymRules) {
    if (!dem.endsWith(rule.add)) continue;
    const x = dem.slice(0, dem.length - rule.add.length) + rule.drop; // the only X this rule builds dem from
    const p = dm.xPos.get(x);
    if (p === undefined || (best >= 0 && p >= best)) continue;
    if (demsOf(r, dm, x).includes(dem)) {
      best = p;
      owner = x;
    }
  }
  return owner;
}

/** A demonym used before an official or force noun ("Karvenian officials") gives its X 2 points, once per demonym. */
function scoreDemonyms(r: Discovery, dm: Demonyms): void {
  const { words, n, g, d } = r;
  for (let i = 0; i < n; i++) {
    const w = words[i];
    if (!w.cap) continue;
    const x = dm.demonymOf.get(w.text);
    if (!x) continue;
    const nextIsNoun = i + 1 < n && same(r, i, i + 1) && (phraseAt(r, i + 1, d.demonymNouns, 3, i) !== '' || g.titleHeads.has(words[i + 1].text) || g.titleModifiers.has(words[i + 1].text));
    if (nextIsNoun && !dm.used.has(w.text)) {
      dm.used.set(w.text, x);
      addScore(r, x, 2);
    }
  }
}

/** The names with 2 points or more that are neither vetoed nor a demonym. */
function decided(r: Discovery, dm: Demonyms): Set<string> {
  return new Set([...r.score].filter(([x, s]) => s >= 2 && !r.veto.has(x) && !dm.demonymOf.has(x)).map(([x]) => x));
}
/** Word i names a known state or one of `states`. */
function isStateWord(r: Discovery, i: number, states: Set<string>): boolean {
  const e = r.lex.get(r.words[i].lower);
  return (e?.actorKind === 'state' && e.role === 'actor') || states.has(r.words[i].text);
}

/** Coordination with a known or discovered state, in two rounds: "X and Y signed", "between X and Y". Returns the states. */
function coordinate(r: Discovery, dm: Demonyms): Set<string> {
  const { words, n, d } = r;
  let states = decided(r, dm);
  for (let round = 0; round < 2; round++) {
    for (const i of r.cands) {
      const x = words[i].text;
      if (states.has(x)) continue;
      let other = -1;
      let end = i;
      if (i + 2 < n && words[i + 1].lower === 'and' && same(r, i, i + 2) && isStateWord(r, i + 2, states)) {
        other = i + 2;
        end = i + 2;
      } else if (i >= 2 && words[i - 1].lower === 'and' && same(r, i - 2, i) && isStateWord(r, i - 2, states)) other = i - 2;
      if (other < 0) continue;
      let p = 1;
      if (end + 1 < n && same(r, i, end + 1) && d.stateVerbs.has(words[end + 1].lower)) p++;
      if (i >= 1 && words[Math.min(i, other) - 1]?.lower === 'between') p++;
      addScore(r, x, p);
    }
    states = decided(r, dm);
  }
  return states;
}

/** The entries of the discovered states (name and long forms), then every demonym whose X is a state, in the order demonymOf would hold them (by X, then by rule). */
function emitStates(r: Discovery, states: Set<string>, dm: Demonyms): void {
  const { out } = r;
  for (const x of states) {
    const id = xStateId(x);
    // a name without white space is its own single word (keyOf(x) === normWord(x))
    out.set(/\s/.test(x) ? keyOf(x) : normWord(x), { role: 'actor', actorId: id, actorKind: 'state', canonical: x, stateId: id, labelType: 'name', form: [x] });
    for (const f of r.longForms.get(x) ?? []) out.set(keyOf(f), { role: 'actor', actorId: id, actorKind: 'state', canonical: x, stateId: id, labelType: 'name', form: f.split(' ') });
  }
  const emitted = new Set<string>();
  for (const x of dm.xs) {
    const k = dm.knownX.get(x);
    if (!states.has(x) && !k) continue;
    for (const dem of demsOf(r, dm, x)) {
      if (emitted.has(dem) || ownerOf(r, dm, dem) !== x) continue;
      emitted.add(dem);
      // a demonym counts once the state is established, even where it was not itself the evidence
      const id = k ? k.actorId : xStateId(x);
      out.set(normWord(dem), { role: 'demonym', actorId: id, actorKind: 'state', canonical: k ? k.canonical : x, stateId: id, labelType: 'demonym', form: [dem] });
    }
  }
}

/** A state (or a demonym of one) named by word i, in the lexicon with the discovered entries: its entry, or null. */
function stateWord(r: Discovery, all: Lexicon, i: number): GazEntry | null {
  if (i < 0 || i >= r.n) return null;
  const e = all.get(r.words[i].lower);
  return e && e.actorKind === 'state' && (e.role === 'actor' || e.role === 'demonym') && r.words[i].cap ? e : null;
}
/** Word i may be a capital's name: a capitalised unknown word, not a given name or title, not followed by a capital. */
function capitalCandidate(r: Discovery, all: Lexicon, i: number): boolean {
  const { words, n } = r;
  return i >= 0 && i < n && words[i].cap && !words[i].upper && /^\p{Lu}\p{Ll}/u.test(words[i].text) && all.get(words[i].lower) === undefined && !r.g.firstNames.has(words[i].text) && !isTitle(r, words[i]) && !(i + 1 < n && same(r, i, i + 1) && words[i + 1].cap);
}
/** The last state named before word i in its sentence. */
function lastStateBefore(r: Discovery, all: Lexicon, i: number): GazEntry | null {
  for (let k = i - 1; k >= 0 && same(r, k, i); k--) {
    const e = stateWord(r, all, k);
    if (e && e.role === 'actor') return e;
  }
  return null;
}
/** Word c becomes a metonym of state st (when it may be a capital). */
function setCapital(r: Discovery, all: Lexicon, c: number, st: GazEntry | null): void {
  if (!st || !capitalCandidate(r, all, c)) return;
  const label = r.words[c].text;
  r.out.set(normWord(label), {
    role: 'metonym',
    actorId: st.actorId,
    actorKind: 'state',
    canonical: st.canonical,
    stateId: st.stateId,
    labelType: 'metonym',
    placeId: `place:${kebab(label)}`,
    placeCanonical: label,
    form: [label],
  });
}

/** Capitals: "X, the capital (of Y)", "X, the <demonym> capital", "Y's capital(,) X", "the <demonym> capital(,) X", "the capital, X". */
function findCapitals(r: Discovery): void {
  const { words, n, d, lex, out } = r;
  const all: Lexicon = {
    get: (k) => out.get(k) ?? lex.get(k),
    hasFirst: (w) => lex.hasFirst(w),
    hasPrefix: (k) => lex.hasPrefix(k),
    maxWords: lex.maxWords,
  };
  for (let i = 0; i < n; i++) {
    if (!d.capitalWords.has(words[i].lower)) continue;
    // "…, the capital of Y" / "…, the <Dem> capital" / "…, Y's capital": the name comes before the comma
    let st: GazEntry | null = null;
    let k = i - 1;
    if (k >= 0 && words[k].lower === "'s") {
      st = stateWord(r, all, k - 1);
      k -= 2;
    } else if (stateWord(r, all, k)) {
      st = stateWord(r, all, k);
      k--;
    }
    const the = k >= 0 && words[k].lower === 'the';
    if (the) k--;
    if (!st && i + 2 < n && words[i + 1].lower === 'of' && same(r, i, i + 2)) st = stateWord(r, all, i + 2);
    if (k >= 1 && words[k].text === ',' && same(r, k - 1, i)) {
      setCapital(r, all, k - 1, st ?? lastStateBefore(r, all, k - 1));
      continue;
    }
    // "Y's capital, X" / "the <Dem> capital X" / "the capital, X"
    let c = i + 1;
    if (c < n && words[c].text === ',') c++;
    if (c < n && same(r, i, c) && (st || the)) setCapital(r, all, c, st ?? lastStateBefore(r, all, i));
  }
}

const DEBUG = !!process.env.PARALLAX_DEBUG_DISCOVER;
const SKIP_ADJ = new Set(['first', 'new', 'former', 'own', 'top', 'chief', 'current', 'acting', 'senior', 'deputy', 'main', 'national', 'federal', 'central', 'official', 'state-owned', 'long-standing']);

const affixCache = new WeakMap<Set<string>, { prefixes: Set<string>; suffixes: Set<string> }>();
/** The parts of the phrases of a set before and after each of their spaces ("prime" and "minister" for "prime minister"). */
function affixesOf(set: Set<string>): { prefixes: Set<string>; suffixes: Set<string> } {
  let a = affixCache.get(set);
  if (!a) {
    a = { prefixes: new Set(), suffixes: new Set() };
    for (const x of set) {
      for (let p = x.indexOf(' '); p >= 0; p = x.indexOf(' ', p + 1)) {
        a.prefixes.add(x.slice(0, p));
        a.suffixes.add(x.slice(p + 1));
      }
    }
    affixCache.set(set, a);
  }
  return a;
}

const titleWordsCache = new WeakMap<Gazetteer, Set<string>>();
/** Title heads, title modifiers and honorifics in one set. */
function titleWordsOf(g: Gazetteer): Set<string> {
  let s = titleWordsCache.get(g);
  if (!s) {
    s = new Set([...g.titleHeads, ...g.titleModifiers, ...g.honorifics]);
    titleWordsCache.set(g, s);
  }
  return s;
}

const demonymCaches = new WeakMap<Lexicon, { rules: unknown; byName: Map<string, string[]> }>();
/** Demonyms derived from a name, per lexicon (they depend only on the name, the rules and the lexicon). */
function demonymCache(lex: Lexicon, rules: unknown): Map<string, string[]> {
  let c = demonymCaches.get(lex);
  if (!c || c.rules !== rules) {
    c = { rules, byName: new Map() };
    demonymCaches.set(lex, c);
  }
  return c.byName;
}

/** True when a label is already known as something other than a demonym (a demonym guess must not shadow it). */
function lexHasOther(lex: Lexicon, label: string): boolean {
  const e = lex.get(normWord(label));
  return e !== undefined && e.role !== 'demonym';
}
