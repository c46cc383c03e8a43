// Pass 2 of actor detection: people across the article. Full names index surnames and given names; single names
// and unknown chunks resolve through them ("Gantz" -> Benny Gantz). Then what is known of each person (state,
// roles), aliases in parentheses, and role references ("the Israeli president").
import { kebab, normWord } from './gazetteer.js';
import { cand, lowerOf, prevLower, sameSentence, textOf, type ActorReading, type Cand } from './reading.js';

const PARTICLES = /^(al|el|bin|ibn|abu|de|da|van|von|der|di|du|la|le)$/i;
/** Words between a name's "(" and its alias: "(aka …)", "(also known as …)". */
const AKA = ['aka', 'a.k.a.', 'a.k.a', 'also', 'known', 'as', 'alias', 'born', 'or'];

/** The article's full names (two words or more) and where each is introduced. */
interface PeopleIndex {
  fullBySurname: Map<string, Set<string>>;
  fullByGiven: Map<string, Set<string>>;
  fullNames: Set<string>;
  /** Full name -> the first word of each of its candidates, in article order. */
  positions: Map<string, number[]>;
}

/** What the article says of each person: the first state named with them and every role. */
export interface PersonFacts {
  personStates: Map<string, string>;
  personRoles: Map<string, Set<string>>;
}

/** Adds v to the set at key k. */
function addIdx(m: Map<string, Set<string>>, k: string, v: string): void {
  const s = m.get(k) ?? new Set<string>();
  s.add(v);
  m.set(k, s);
}

/** Indexes the full names of the person candidates by surname (with a particle: "al-Assad", "bin Salman") and given name. */
function indexPeople(cands: readonly Cand[]): PeopleIndex {
  const fullBySurname = new Map<string, Set<string>>();
  const fullByGiven = new Map<string, Set<string>>();
  const fullNames = new Set<string>();
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
  return { fullBySurname, fullByGiven, fullNames, positions };
}

/** Unique candidate, or the full name introduced most recently before the mention (Heydar vs Ilham Aliyev). */
function pick(ix: PeopleIndex, s: Set<string> | undefined, at: number): string | null {
  if (!s || !s.size) return null;
  if (s.size === 1) return [...s][0];
  let best: string | null = null;
  let bestPos = -1;
  for (const f of s) {
    let p = -1;
    for (const q of ix.positions.get(f) ?? []) if (q <= at) p = q;
    if (p >= 0 && p > bestPos) {
      best = f;
      bestPos = p;
    }
  }
  return best;
}
/** The full name that name words at word `at` stand for: itself, by surname, or (a single word) by given name. */
function resolveName(ix: PeopleIndex, nameWords: string[], at: number): string | null {
  const joined = nameWords.join(' ');
  if (ix.fullNames.has(joined)) return joined;
  const key = normWord(nameWords.length === 1 ? nameWords[0] : nameWords.join(' '));
  const bySurname = pick(ix, ix.fullBySurname.get(key) ?? ix.fullBySurname.get(normWord(nameWords[nameWords.length - 1])), at);
  if (bySurname) return bySurname;
  if (nameWords.length === 1) return pick(ix, ix.fullByGiven.get(key), at);
  return null;
}

/** Resolves person and unknown candidates to full names (a one-word place or metonym that is a known surname becomes a name). */
export function resolvePeople(r: ActorReading): Cand[] {
  const { words } = r;
  const ix = indexPeople(r.cands);
  const out: Cand[] = [];
  for (const c of r.cands) {
    if (c.via === 'gazetteer' && c.b - c.a === 1 && (c.labelType === 'metonym' || c.kind === 'place') && ix.fullBySurname.has(words[c.a].lower)) {
      c.kind = 'unknown';
      c.nameWords = [words[c.a].text];
      c.withThe = false;
      c.stateId = undefined;
      c.labelType = 'name';
    }
    if (c.kind === 'person' || c.kind === 'unknown') {
      const nw = c.nameWords!;
      const full = (nw.length === 1 || c.kind === 'unknown' ? resolveName(ix, nw, c.a) : null) ?? (c.kind === 'person' ? nw.join(' ') : null);
      if (!full || (c.kind === 'unknown' && r.titleCase.has(words[c.a].sentence) && !ix.fullNames.has(full))) {
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
  return out;
}

/** Each person's state and roles; well-known office holders (data/people.json, configured people) get the state and role the text may not repeat. */
export function personFacts(r: ActorReading, out: readonly Cand[]): PersonFacts {
  const { g, extra } = r;
  const personStates = new Map<string, string>();
  const personRoles = new Map<string, Set<string>>();
  for (const c of out) {
    if (c.kind !== 'person') continue;
    const known = extra.people.get(normWord(c.canonical ?? '')) ?? g.people.get(normWord(c.canonical ?? ''));
    if (known?.stateId && !c.stateId && !personStates.has(c.actorId!)) c.stateId = known.stateId;
    if (known && 'role' in known && !(c.roles ?? []).length) c.roles = [known.role as string];
    if (c.stateId && !personStates.has(c.actorId!)) personStates.set(c.actorId!, c.stateId);
    for (const rl of c.roles ?? []) {
      const s = personRoles.get(c.actorId!) ?? new Set<string>();
      s.add(normWord(rl));
      personRoles.set(c.actorId!, s);
    }
  }
  return { personStates, personRoles };
}

/** Aliases in parentheses: "Ahmad al-Sharaa (aka Abu Mohammad al-Julani)". Sorts `out` by first word. */
export function linkAliases(r: ActorReading, out: Cand[]): void {
  const { words } = r;
  out.sort((x, y) => x.a - y.a);
  for (let k = 0; k + 1 < out.length; k++) {
    const p = out[k];
    const q = out[k + 1];
    if (p.kind !== 'person' || q.actorId === p.actorId) continue;
    if (words[p.b]?.text !== '(') continue;
    let m = p.b + 1;
    while (m < q.a && AKA.includes(words[m].lower)) m++;
    if (m === q.a && words[q.b]?.text === ')' && (q.kind === 'person' || q.kind === 'unknown')) {
      q.kind = 'person';
      q.labelType = 'name';
      q.actorId = p.actorId;
      q.canonical = p.canonical;
      q.via = 'alias';
    }
  }
}

/**
 * Role references: "the Israeli president" once an Israeli President is named in the article (added to `out`).
 * Only a role some named person holds can match: none held, nothing to look for.
 */
export function roleReferences(r: ActorReading, out: Cand[], facts: PersonFacts): void {
  const { words, n, g } = r;
  const { personStates, personRoles } = facts;
  const heldRoles = new Set<string>();
  for (const rs of personRoles.values()) for (const rl of rs) heldRoles.add(rl);
  if (heldRoles.size) for (const [wi, stateId] of r.stateModifiers) {
    let b = r.stateModEnd.get(wi) ?? wi + 1;
    if (words[b]?.lower === "'s") b++;
    for (let len = 3; len >= 1; len--) {
      if (b + len > n || !sameSentence(r, wi, b + len - 1)) continue;
      const role = lowerOf(words, b, b + len);
      if (!heldRoles.has(role)) continue;
      if (!g.roles.has(role) && !words.slice(b, b + len).every((w) => g.titleHeads.has(w.text) || g.titleModifiers.has(w.text))) continue;
      const matches = [...personRoles].filter(([id, roles]) => personStates.get(id) === stateId && roles.has(role));
      const nextW = words[b + len];
      if (matches.length === 1 && !(nextW && nextW.cap && nextW.sentence === words[wi].sentence)) {
        const id = matches[0][0];
        const any = out.find((c) => c.actorId === id)!;
        out.push(cand(wi, b + len, 'person', id, any.canonical, 'short-name', stateId, 'role-reference', prevLower(r, wi) === 'the', undefined, [textOf(words, b, b + len)]));
        break;
      }
    }
  }
}
