// The parties of a cue: subjects, objects, possessors, coordinated actors and anaphors ("the two countries"),
// each found inside the cue's clause of one article's reading.
import type { CueEntry } from './lexicon.js';
import { party, slotAt, type Party, type Reading, type Slot } from './reading.js';
import { stateSlot } from './slots.js';

export const POSSESSIVE = new Set(["'s", '’s', "'", '’']);
export const POSS_PRONOUN = new Set(['its', 'his', 'her', 'their']);
/** Between coordinated actors: a conjunction, comma or hyphen, optionally before a title ("X and Foreign Minister Y"). */
const COORD = /^\s*(?:(?:and|&|,|-|–|\/|as well as)\s*|and\s+(?:\p{Lu}[\p{L}.’'-]*\s+){1,3})$/u;
const NOT_SUBJECT_AFTER = new Set(['to', 'with', 'from', 'against', 'on', 'at', 'between', 'into', 'toward', 'towards', 'than', 'in', 'for', 'among', 'near', 'through', 'via', 'over']);
const SUBJECT_PRONOUNS = new Set(['he', 'she']);
const BLOCKING_PRONOUNS = new Set(['it', 'they', 'we', 'i', 'you']);
const APPOSITIVE_OPENERS = new Set(['a', 'an', 'the', 'who', 'which', 'whose', 'for', 'according', 'as', 'like', 'its', 'his', 'her', 'their', 'one']);

/** Slots coordinated with s ("X and Y", "X, Y and Z", "X-Y"), in text order, s included. */
export function coordinated(rd: Reading, s: Slot, lo: number, hi: number): Slot[] {
  const { text, low } = rd;
  const out = [s];
  let cur = s;
  while (cur.t0 - 2 >= lo) {
    let p: Slot | null = null;
    for (let k = cur.t0 - 1; k >= Math.max(lo, cur.t0 - 5) && !p; k--) p = slotAt(rd, k);
    if (!p || p === cur || p.t1 > cur.t0 || !COORD.test(text.slice(p.end, cur.start))) break;
    out.unshift(p);
    cur = p;
  }
  cur = s;
  while (cur.t1 < hi) {
    let q: Slot | null = null;
    for (let k = cur.t1; k < Math.min(hi, cur.t1 + 5) && !q; k++) q = slotAt(rd, k);
    if (!q || q === cur || q.t0 < cur.t1 || !COORD.test(text.slice(cur.end, q.start))) break;
    let add = q;
    if (followedByPossessive(rd, q)) {
      // "Syria's new ruler, Ahmad al-Sharaa": the person named after the comma, when there is one.
      for (let j = q.t1 + 1; j < Math.min(hi, q.t1 + 6); j++) {
        if (low[j] !== ',') continue;
        const r = slotAt(rd, j + 1);
        if (r && r.ref.actorKind === 'person') add = r;
        break;
      }
    }
    out.push(add);
    cur = add;
  }
  return out;
}

/** The nearest person before token i in this or the two previous sentences (for "he"/"she"). */
export function personBefore(rd: Reading, i: number): Slot | null {
  const { tokens } = rd;
  const minSentence = tokens[i].sentence - 2;
  for (let j = i - 1; j >= 0 && tokens[j].sentence >= minSentence; j--) {
    const s = slotAt(rd, j);
    if (s && s.ref.actorKind === 'person') return s;
  }
  return null;
}

/** The last two distinct states mentioned before token i (this and the three previous sentences): "the two countries". */
export function statePairBefore(rd: Reading, i: number): Slot[] | null {
  const { tokens } = rd;
  const minSentence = tokens[i].sentence - 3;
  const seen = new Map<string, Slot>();
  for (let j = i - 1; j >= 0 && tokens[j].sentence >= minSentence && seen.size < 2; j--) {
    const s = slotAt(rd, j);
    if (!s) continue;
    j = s.t0;
    const st = s.ref.actorKind === 'state' ? s.ref.actorId : s.ref.stateId;
    if (!st || seen.has(st)) continue;
    seen.set(st, s.ref.actorKind === 'state' ? s : stateSlot(s, st, rd.input));
  }
  if (seen.size < 2) return null;
  return [...seen.values()].reverse();
}

/** "the two countries" / "both states" starting at token i: [end token, pair] or null. */
export function pairAnaphorAt(rd: Reading, i: number, hi: number): { end: number; pair: Slot[] } | null {
  const { tokens, low, pairNouns } = rd;
  let j = i;
  if (low[j] === 'the' && low[j + 1] === 'two') j += 2;
  else if (low[j] === 'both') j += 1;
  else return null;
  if (j < hi && (tokens[j].pos === 'ADJ') && !pairNouns.has(low[j])) j++;
  if (j >= hi || !pairNouns.has(low[j])) return null;
  const pair = statePairBefore(rd, i);
  return pair ? { end: j + 1, pair } : null;
}

/**
 * The subject of a cue: the nearest actor before it in its clause, skipping places, appositive segments
 * (", a Shi'ite country,") and objects of prepositions (kept as a fallback). "he"/"she" resolve to the last
 * person; another pronoun means the subject is not an actor we know. A clause opened by who/which takes the
 * noun before it.
 */
export function findSubject(rd: Reading, before: number, lo: number, exclude: Set<string>, maxBack = 40): Party | null {
  const { tokens, low } = rd;
  let fallback: Party | null = null;
  for (let j = before - 1; j >= lo && before - j <= maxBack; j--) {
    const s = slotAt(rd, j);
    if (s) {
      j = s.t0;
      if (s.isPlace || exclude.has(s.ref.actorId)) continue;
      const prev = j > 0 ? low[j - 1] : '';
      if (NOT_SUBJECT_AFTER.has(prev) || (prev === 'the' && j > 1 && NOT_SUBJECT_AFTER.has(low[j - 2]))) {
        fallback ??= party(s);
        continue;
      }
      return party(s);
    }
    if (tokens[j].pos === 'PRON') {
      if (SUBJECT_PRONOUNS.has(low[j])) {
        const p = personBefore(rd, j);
        if (p && !exclude.has(p.ref.actorId)) return { slot: p, resolvedBy: 'pronoun', span: tokens[j].span, label: tokens[j].text, antecedent: { start: p.start, end: p.end } };
        return null;
      }
      if (BLOCKING_PRONOUNS.has(low[j])) return null;
    }
    if (low[j] === ',' && j - 1 > lo) {
      // Skip an appositive segment between two commas.
      for (let k = j - 1; k > lo && j - k < 14; k--) {
        if (low[k] !== ',') continue;
        if (APPOSITIVE_OPENERS.has(low[k + 1])) j = k;
        break;
      }
    }
  }
  if (fallback) return fallback;
  if (lo > 0 && (low[lo] === 'who' || low[lo] === 'which') && tokens[lo].sentence === tokens[lo - 1].sentence) {
    for (let j = lo - 1; j >= 0 && tokens[j].sentence === tokens[lo].sentence && lo - j < 12; j--) {
      const s = slotAt(rd, j);
      if (s && !s.isPlace && !exclude.has(s.ref.actorId)) return { ...party(s), resolvedBy: 'relative' };
      if (s) j = s.t0;
    }
  }
  return null;
}

/** Whether a possessive 's follows the slot. */
export function followedByPossessive(rd: Reading, s: Slot): boolean {
  return s.t1 < rd.n && POSSESSIVE.has(rd.low[s.t1]);
}

/** Whether s can be the target of the cue: not a place unless it stands for its state, not a bare modifier. */
export function eligibleTarget(rd: Reading, s: Slot, entry: CueEntry, allowModifier = false): boolean {
  return (
    (!s.isPlace || (!!entry.placeTarget && !!s.ref.stateId) || (followedByPossessive(rd, s) && !!s.ref.stateId)) &&
    (!s.modifier || allowModifier || !!entry.placeTarget || followedByPossessive(rd, s))
  );
}

/** The word before a noun phrase, skipping determiners, adjectives and numbers ("to the Republic of", "with its Turkish"). */
export function wordBefore(rd: Reading, t0: number, lo: number): string {
  const { tokens, low } = rd;
  let j = t0 - 1;
  for (let k = 0; k < 5 && j > lo && tokens[j].pos !== 'ADP' && tokens[j].pos !== 'VERB' && (!slotAt(rd, j) || slotAt(rd, j)!.modifier); k++) j--;
  return j >= lo ? low[j] : '';
}

/** The last state mentioned before token i (this and the two previous sentences): "the country". */
export function stateBefore(rd: Reading, i: number, exclude: Set<string>): Slot | null {
  const { tokens } = rd;
  const minSentence = tokens[i].sentence - 2;
  for (let j = i - 1; j >= 0 && tokens[j].sentence >= minSentence; j--) {
    const s = slotAt(rd, j);
    if (!s) continue;
    j = s.t0;
    const st = s.ref.actorKind === 'state' ? s.ref.actorId : s.ref.stateId;
    if (st && !exclude.has(st)) return s.ref.actorKind === 'state' ? s : stateSlot(s, st, rd.input);
  }
  return null;
}

/**
 * The first eligible actor after token `from`: the object right after a verb (`direct`), or one introduced by
 * one of `preps`; with the actors coordinated with it. "the country" stands for the last state mentioned.
 */
export function findObject(rd: Reading, from: number, hi: number, entry: CueEntry, preps: string[], direct: boolean, maxGap = 6, allowModifier = false, exclude?: Set<string>): Party[] {
  const { text, tokens, low } = rd;
  let limit = Math.min(hi, from + maxGap);
  for (let j = from; j < limit; j++) {
    let s = slotAt(rd, j);
    if (!s && tokens[j].pos === 'VERB' && j > from) break; // a complement does not cross a verb ("Herzog's visit was preceded by ...")
    if (s && s.modifier) {
      // "of Israeli President Isaac Herzog": the named person rather than the demonym before the title.
      for (let k = s.t1; k < Math.min(hi, s.t1 + 3); k++) {
        const r = slotAt(rd, k);
        if (r && !r.modifier) {
          if (eligibleTarget(rd, r, entry, allowModifier)) s = r;
          break;
        }
        if (tokens[k].pos === 'ADP' || tokens[k].pos === 'VERB') break;
      }
    }
    if (s) {
      if (eligibleTarget(rd, s, entry, allowModifier) && (direct || preps.includes(wordBefore(rd, s.t0, from - 1)))) {
        return coordinated(rd, s, s.t0, hi).filter((c) => c.t0 >= s.t0 && eligibleTarget(rd, c, entry, allowModifier)).map((c) => party(c));
      }
      j = s.t1 - 1;
      continue;
    }
    if (low[j] === 'the' && low[j + 1] === 'country' && j + 2 <= hi && !POSSESSIVE.has(low[j + 2] ?? '') && (direct || preps.includes(low[j - 1]))) {
      const st = stateBefore(rd, j, exclude ?? new Set());
      if (st) {
        const span = { start: tokens[j].span.start, end: tokens[j + 1].span.end };
        return [{ slot: st, resolvedBy: 'anaphor', span, label: text.slice(span.start, span.end), antecedent: { start: st.start, end: st.end } }];
      }
    }
    if (preps.includes(low[j])) limit = Math.min(hi, Math.max(limit, j + 5));
  }
  return [];
}

/** The subject of the clause (its first actor), for "its"/"their": "Baku no longer ... deepening its relations with Israel". */
export function clauseSubject(rd: Reading, lo: number, before: number, exclude: Set<string>): Slot | null {
  const { low } = rd;
  for (let j = lo; j < before; j++) {
    const s = slotAt(rd, j);
    if (!s) continue;
    if (!s.isPlace && !exclude.has(s.ref.actorId)) return s;
    j = s.t1 - 1;
  }
  if (lo > 0 && (low[lo] === 'who' || low[lo] === 'which')) return findSubject(rd, lo, Math.max(0, lo - 12), exclude)?.slot ?? null;
  return null;
}

/** A possessor right before the noun phrase of a cue ("Israel's backing", "Iranian threats", "its patron"). */
export function findPossessor(rd: Reading, cue: number, lo: number): { slot?: Slot; pronoun?: number; npStart: number } {
  const { tokens, low } = rd;
  let j = cue - 1;
  let steps = 0;
  while (j >= lo && steps < 4 && !slotAt(rd, j) && ['ADJ', 'NOUN', 'NUM', 'ADV', 'VERB'].includes(tokens[j].pos) && !POSSESSIVE.has(low[j])) {
    if (tokens[j].pos === 'VERB' && !/(?:ed|ing)$/.test(low[j])) break;
    j--;
    steps++;
  }
  if (j >= lo && POSSESSIVE.has(low[j])) {
    const s = slotAt(rd, j - 1);
    if (s && (!s.isPlace || s.ref.stateId)) return { slot: s, npStart: s.t0 };
  }
  const s = slotAt(rd, j);
  if (s && s.modifier && j >= lo) return { slot: s, npStart: s.t0 };
  if (j >= lo && POSS_PRONOUN.has(low[j])) return { pronoun: j, npStart: j };
  let start = j + 1;
  while (start - 1 >= lo && (low[start - 1] === 'the' || low[start - 1] === 'a' || low[start - 1] === 'an')) start--;
  return { npStart: start };
}

/** "between X and Y" (or "between the two countries") starting at or just after token i. */
export function betweenPair(rd: Reading, i: number, hi: number, window = 3): { pair: Party[]; end: number } | null {
  const { text, tokens, low } = rd;
  for (let j = i; j < Math.min(hi, i + window); j++) {
    if (low[j] !== 'between') continue;
    const anaphor = pairAnaphorAt(rd, j + 1, hi);
    if (anaphor) {
      const span = { start: tokens[j + 1].span.start, end: tokens[anaphor.end - 1].span.end };
      const label = text.slice(span.start, span.end);
      return { pair: anaphor.pair.map((s) => ({ slot: s, resolvedBy: 'pair-anaphor', span, label, antecedent: { start: s.start, end: s.end } })), end: anaphor.end };
    }
    for (let k = j + 1; k < Math.min(hi, j + 5); k++) {
      const s = slotAt(rd, k);
      if (!s) continue;
      const chain = coordinated(rd, s, s.t0, hi).filter((c) => !c.isPlace || c.ref.stateId);
      if (chain.length >= 2) return { pair: chain.map((c) => party(c)), end: chain[chain.length - 1].t1 };
      return null;
    }
    return null;
  }
  return null;
}

/** The nearest slot within five tokens before `before`, not across a comma or preposition. */
export function nearestSlotBefore(rd: Reading, before: number, lo: number): Slot | null {
  const { tokens } = rd;
  // A coordinated subject may stand a verb away: "X and Y maintain strategic ties", "X and Y sign a partnership".
  for (let j = before - 1; j >= lo && before - j <= 5; j--) {
    const s = slotAt(rd, j);
    if (s) return s;
    if (tokens[j].text === ',' || tokens[j].pos === 'ADP') return null;
  }
  return null;
}
