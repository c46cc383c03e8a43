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
  const n = words.length;
  const d = g.discovery;
  const out = new Map<string, GazEntry>();
  const same = (i: number, j: number): boolean => i >= 0 && j < n && i <= j && words[i].sentence === words[j].sentence;
  /** Lower-case words of the article (the caller may pass the set it already built from the same words). */
  let lowerSeen: ReadonlySet<string>;
  if (lowerWords) lowerSeen = lowerWords;
  else {
    const s = new Set<string>();
    for (const w of words) if (!w.cap) s.add(w.lower);
    lowerSeen = s;
  }
  const titleWords = titleWordsOf(g);
  const isTitle = (w: Word): boolean => titleWords.has(w.text);
  const known = (w: Word): boolean => lex.get(w.lower) !== undefined;
  const candidate = (w: Word): boolean =>
    w.cap &&
    !w.upper &&
    /^\p{Lu}[\p{Ll}'’-]{2,}$/u.test(w.text) &&
    !known(w) &&
    !g.firstNames.has(w.text) &&
    !isTitle(w) &&
    !lowerSeen.has(w.lower) &&
    !g.orgHeads.has(w.lower) &&
    !g.placeHeads.has(w.lower) &&
    !g.otherHeads.has(w.lower) &&
    !g.stateHeads.has(w.lower);

  const score = new Map<string, number>();
  const veto = new Set<string>();
  const longForms = new Map<string, Set<string>>(); // X -> labels such as "Republic of X", "X Federation"
  const add = (x: string, p: number): void => void score.set(x, (score.get(x) ?? 0) + p);
  const addForm = (x: string, label: string): void => {
    const s = longForms.get(x) ?? new Set<string>();
    s.add(label);
    longForms.set(x, s);
  };
  /** Longest phrase of `set` starting at word k (bounded by `max` words), or ''. */
  const phraseAt = (k: number, set: Set<string>, max: number, anchor: number): string => {
    let best = '';
    let key = '';
    const prefixes = affixesOf(set).prefixes;
    for (let len = 1; len <= max && k + len - 1 < n && same(anchor, k + len - 1); len++) {
      if (len > 1 && !prefixes.has(key)) break; // no phrase of the set goes on from here
      key = len === 1 ? words[k].lower : `${key} ${words[k + len - 1].lower}`;
      if (set.has(key)) best = key;
    }
    return best;
  };
  /** Longest phrase of `set` ending at word k. */
  const phraseEnding = (k: number, set: Set<string>, max: number): string => {
    let best = '';
    let key = '';
    const suffixes = affixesOf(set).suffixes;
    for (let len = 1; len <= max && k - len + 1 >= 0 && same(k - len + 1, k); len++) {
      if (len > 1 && !suffixes.has(key)) break; // no phrase of the set ends with ' ' + key
      key = len === 1 ? words[k].lower : `${words[k - len + 1].lower} ${key}`;
      if (set.has(key)) best = key;
    }
    return best;
  };

  const cands: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = words[i];
    if (!w.cap) continue;
    // a word after a title or a given name is a surname wherever it occurs ("President Venkel", "Anja Rusk")
    for (let k = i - 1; k >= 0 && k >= i - 4 && same(k, i) && words[k].cap; k--) {
      if (isTitle(words[k]) || g.firstNames.has(words[k].text)) {
        veto.add(w.text); // "President Anton Brisk": Brisk is a surname everywhere in the article
        break;
      }
    }
    if (candidate(w)) cands.push(i);
  }

  for (const i of cands) {
    const x = words[i].text;
    // X must be a whole name for these cues: not "the gendarmes of Kettle Ford"
    const whole = !(i + 1 < n && same(i, i + 1) && words[i + 1].cap) && !(i > 0 && same(i - 1, i) && words[i - 1].cap && words[i - 1].lower !== 'the' && !isTitle(words[i - 1]) && i - 1 !== sentenceStartOf(i));
    if (!whole) {
      if (i + 1 < n && same(i, i + 1) && g.stateHeads.has(words[i + 1].lower) && words[i + 1].cap && !g.stateHeadBlockers.has(words[i].lower)) {
        const next = i + 2 < n && same(i, i + 2) ? words[i + 2] : undefined;
        if (!(next && next.cap) && !(i > 0 && same(i - 1, i) && words[i - 1].cap && !isSentenceStart(i - 1))) {
          add(x, 2);
          addForm(x, `${x} ${words[i + 1].text}`);
        }
      }
      continue;
    }
    // the Republic of X
    if (i >= 2 && words[i - 1].lower === 'of' && same(i - 2, i)) {
      const strong = phraseEnding(i - 2, d.ofStrong, 3);
      const weak = strong ? '' : phraseEnding(i - 2, d.ofWeak, 1);
      if (strong || weak) {
        add(x, strong ? 2 : 1);
        const len = (strong || weak).split(' ').length;
        if (words[i - 2 - len + 1].cap) addForm(x, words.slice(i - 1 - len, i + 1).map((w) => w.text).join(' '));
      }
      // the government of X
      const poss = phraseEnding(i - 2, d.possStrong, d.possMaxWords);
      const possW = poss ? '' : phraseEnding(i - 2, d.possWeak, d.possMaxWords);
      if (poss) add(x, 2);
      else if (possW) add(x, 1);
    }
    // ambassador to X
    if (i >= 2 && phraseEnding(i - 1, d.toState, 3)) add(x, 2);
    // X's foreign minister
    if (i + 2 < n && words[i + 1].lower === "'s" && same(i, i + 2)) {
      let k = i + 2;
      if (SKIP_ADJ.has(words[k].lower) && k + 1 < n) k++;
      if (phraseAt(k, d.possStrong, d.possMaxWords, i)) add(x, 2);
      else if (phraseAt(k, d.possWeak, d.possMaxWords, i)) add(x, 1);
    }
  }

  // Demonyms built from candidate names, used before an official or force noun.
  const demonymOf = new Map<string, string>(); // demonym text -> X
  const names = new Set(cands.map((i) => words[i].text));
  // States the configuration names without demonyms get them the same way ("Karvenia" -> "Karvenian").
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
  const derived = demonymCache(lex, d.demonymRules);
  const demsOf = (x: string): string[] => {
    let dems = derived.get(x);
    if (!dems) {
      // the demonyms the suffix rules build from x that the lexicon does not hold as something else
      dems = [];
      for (const r of d.demonymRules) {
        if (r.drop && !x.endsWith(r.drop)) continue;
        const dem = x.slice(0, x.length - r.drop.length) + r.add;
        if (dem !== x && !lexHasOther(lex, dem)) dems.push(dem);
      }
      if (x.length < 13) {
        // (longer strings may be slices of the whole document text: not kept)
        if (derived.size > 20000) derived.clear();
        derived.set(x, dems);
      }
    }
    return dems;
  };
  // demonymOf maps each demonym to the first X (in this order) it is built from. Only demonyms the article writes
  // with a capital are ever looked up in it (below, and every X is such a word), so only those are entered;
  // ownerOf answers for the others.
  const xs = [...names, ...knownX.keys()];
  for (const x of xs) for (const dem of demsOf(x)) if (capTexts.has(dem) && !demonymOf.has(dem)) demonymOf.set(dem, x);
  let xPos: Map<string, number> | null = null;
  /** The X demonymOf would map `dem` to over all demonyms: the first X in xs whose demonyms include it. */
  const ownerOf = (dem: string): string | undefined => {
    if (!xPos) {
      xPos = new Map();
      for (let p = 0; p < xs.length; p++) if (!xPos.has(xs[p])) xPos.set(xs[p], p);
    }
    let best = -1;
    let owner: string | undefined;
    for (const r of d.demonymRules) {
      if (!dem.endsWith(r.add)) continue;
      const x = dem.slice(0, dem.length - r.add.length) + r.drop; // the only X this rule builds dem from
      const p = xPos.get(x);
      if (p === undefined || (best >= 0 && p >= best)) continue;
      if (demsOf(x).includes(dem)) {
        best = p;
        owner = x;
      }
    }
    return owner;
  };
  const demonymUsed = new Map<string, string>(); // demonym -> X, once seen as an adjective of officials/forces
  for (let i = 0; i < n; i++) {
    const w = words[i];
    if (!w.cap) continue;
    const x = demonymOf.get(w.text);
    if (!x) continue;
    const nextIsNoun = i + 1 < n && same(i, i + 1) && (phraseAt(i + 1, d.demonymNouns, 3, i) !== '' || g.titleHeads.has(words[i + 1].text) || g.titleModifiers.has(words[i + 1].text));
    if (nextIsNoun && !demonymUsed.has(w.text)) {
      demonymUsed.set(w.text, x);
      add(x, 2);
    }
  }

  const isState = (i: number, states: Set<string>): boolean => {
    const e = lex.get(words[i].lower);
    return (e?.actorKind === 'state' && e.role === 'actor') || states.has(words[i].text);
  };
  const decided = (): Set<string> => new Set([...score].filter(([x, s]) => s >= 2 && !veto.has(x) && !demonymOf.has(x)).map(([x]) => x));
  // Coordination with a known or discovered state: "X and Y signed", "between X and Y".
  let states = decided();
  for (let round = 0; round < 2; round++) {
    for (const i of cands) {
      const x = words[i].text;
      if (states.has(x)) continue;
      let other = -1;
      let end = i;
      if (i + 2 < n && words[i + 1].lower === 'and' && same(i, i + 2) && isState(i + 2, states)) {
        other = i + 2;
        end = i + 2;
      } else if (i >= 2 && words[i - 1].lower === 'and' && same(i - 2, i) && isState(i - 2, states)) other = i - 2;
      if (other < 0) continue;
      let p = 1;
      if (end + 1 < n && same(i, end + 1) && d.stateVerbs.has(words[end + 1].lower)) p++;
      if (i >= 1 && words[Math.min(i, other) - 1]?.lower === 'between') p++;
      add(x, p);
    }
    states = decided();
  }

  if (DEBUG) console.error('discover', [...score], [...veto], [...demonymOf].filter(([dm]) => demonymUsed.has(dm)));
  for (const x of states) {
    const id = xStateId(x);
    // a name without white space is its own single word (keyOf(x) === normWord(x))
    out.set(/\s/.test(x) ? keyOf(x) : normWord(x), { role: 'actor', actorId: id, actorKind: 'state', canonical: x, stateId: id, labelType: 'name', form: [x] });
    for (const f of longForms.get(x) ?? []) out.set(keyOf(f), { role: 'actor', actorId: id, actorKind: 'state', canonical: x, stateId: id, labelType: 'name', form: f.split(' ') });
  }
  // Every demonym whose X is a state, in the order demonymOf would hold them (by X, then by rule).
  const emitted = new Set<string>();
  for (const x of xs) {
    const k = knownX.get(x);
    if (!states.has(x) && !k) continue;
    for (const dem of demsOf(x)) {
      if (emitted.has(dem) || ownerOf(dem) !== x) continue;
      emitted.add(dem);
      emitDemonym(dem, x, k);
    }
  }
  function emitDemonym(dem: string, x: string, k: GazEntry | undefined): void {
    // a demonym counts once the state is established, even where it was not itself the evidence
    const id = k ? k.actorId : xStateId(x);
    out.set(normWord(dem), { role: 'demonym', actorId: id, actorKind: 'state', canonical: k ? k.canonical : x, stateId: id, labelType: 'demonym', form: [dem] });
  }
  void demonymUsed;

  // Capitals.
  const all: Lexicon = {
    get: (k) => out.get(k) ?? lex.get(k),
    hasFirst: (w) => lex.hasFirst(w),
    hasPrefix: (k) => lex.hasPrefix(k),
    maxWords: lex.maxWords,
  };
  /** A state (or a demonym of one) named by word i: its entry, or null. */
  const stateWord = (i: number): GazEntry | null => {
    if (i < 0 || i >= n) return null;
    const e = all.get(words[i].lower);
    return e && e.actorKind === 'state' && (e.role === 'actor' || e.role === 'demonym') && words[i].cap ? e : null;
  };
  const capitalCandidate = (i: number): boolean =>
    i >= 0 && i < n && words[i].cap && !words[i].upper && /^\p{Lu}\p{Ll}/u.test(words[i].text) && all.get(words[i].lower) === undefined && !g.firstNames.has(words[i].text) && !isTitle(words[i]) && !(i + 1 < n && same(i, i + 1) && words[i + 1].cap);
  const lastStateBefore = (i: number): GazEntry | null => {
    for (let k = i - 1; k >= 0 && same(k, i); k--) {
      const e = stateWord(k);
      if (e && e.role === 'actor') return e;
    }
    return null;
  };
  const setCapital = (c: number, st: GazEntry | null): void => {
    if (!st || !capitalCandidate(c)) return;
    const label = words[c].text;
    out.set(normWord(label), {
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
  };
  for (let i = 0; i < n; i++) {
    if (!d.capitalWords.has(words[i].lower)) continue;
    // "…, the capital of Y" / "…, the <Dem> capital" / "…, Y's capital": the name comes before the comma
    let st: GazEntry | null = null;
    let k = i - 1;
    if (k >= 0 && words[k].lower === "'s") {
      st = stateWord(k - 1);
      k -= 2;
    } else if (stateWord(k)) {
      st = stateWord(k);
      k--;
    }
    const the = k >= 0 && words[k].lower === 'the';
    if (the) k--;
    if (!st && i + 2 < n && words[i + 1].lower === 'of' && same(i, i + 2)) st = stateWord(i + 2);
    if (k >= 1 && words[k].text === ',' && same(k - 1, i)) {
      setCapital(k - 1, st ?? lastStateBefore(k - 1));
      continue;
    }
    // "Y's capital, X" / "the <Dem> capital X" / "the capital, X"
    let c = i + 1;
    if (c < n && words[c].text === ',') c++;
    if (c < n && same(i, c) && (st || the)) setCapital(c, st ?? lastStateBefore(i));
  }
  return out;

  function sentenceStartOf(i: number): number {
    let k = i;
    while (k > 0 && words[k - 1].sentence === words[i].sentence) k--;
    return k;
  }
  function isSentenceStart(i: number): boolean {
    return i === 0 || words[i - 1].sentence !== words[i].sentence;
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
