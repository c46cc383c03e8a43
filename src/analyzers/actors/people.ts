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
  /** A later full name -> the earlier one it names ("James Mattis" -> "Jim Mattis"). */
  sameAs: Map<string, string>;
}

/** Common English nicknames and short forms -> the given name they stand for (lower case). */
const NICKNAMES: Record<string, string> = {
  jim: 'james', jimmy: 'james', jamie: 'james', bill: 'william', billy: 'william', will: 'william', willie: 'william', liam: 'william',
  bob: 'robert', bobby: 'robert', rob: 'robert', robbie: 'robert', mike: 'michael', mick: 'michael', mickey: 'michael',
  tom: 'thomas', tommy: 'thomas', joe: 'joseph', joey: 'joseph', dick: 'richard', rick: 'richard', rich: 'richard', ricky: 'richard',
  chris: 'christopher', dan: 'daniel', danny: 'daniel', dave: 'david', davey: 'david', tony: 'anthony', steve: 'steven',
  ben: 'benjamin', benny: 'benjamin', matt: 'matthew', nick: 'nicholas', alex: 'alexander', andy: 'andrew', drew: 'andrew',
  pat: 'patrick', sam: 'samuel', sammy: 'samuel', ted: 'edward', ed: 'edward', eddie: 'edward', ned: 'edward',
  chuck: 'charles', charlie: 'charles', hank: 'henry', jack: 'john', johnny: 'john', jerry: 'gerald',
  larry: 'lawrence', ron: 'ronald', ronnie: 'ronald', tim: 'timothy', timmy: 'timothy', fred: 'frederick', freddie: 'frederick',
  greg: 'gregory', jeff: 'jeffrey', ken: 'kenneth', kenny: 'kenneth', don: 'donald', donnie: 'donald',
  abe: 'abraham', newt: 'newton', rudy: 'rudolph', bernie: 'bernard', mitch: 'mitchell', nate: 'nathan', phil: 'philip',
  pete: 'peter', vince: 'vincent', walt: 'walter', wally: 'walter', zach: 'zachary',
  liz: 'elizabeth', beth: 'elizabeth', betsy: 'elizabeth', betty: 'elizabeth', lizzie: 'elizabeth', kate: 'katherine',
  kathy: 'katherine', katie: 'katherine', cathy: 'catherine', peggy: 'margaret', meg: 'margaret', maggie: 'margaret',
  sue: 'susan', susie: 'susan', jen: 'jennifer', jenny: 'jennifer', debbie: 'deborah', deb: 'deborah', vicky: 'victoria',
  becky: 'rebecca', patty: 'patricia', trish: 'patricia', mandy: 'amanda', barb: 'barbara', chrissy: 'christine',
};

/** The given name a first name stands for: the nickname's full form, lower case, without a final dot. */
function givenKey(w: string): string {
  const l = normWord(w).replace(/\.$/, '');
  return NICKNAMES[l] ?? l;
}

/**
 * Two full names name one person: the same surname, first given names equal once nicknames are read ("Jim" =
 * "James") or one an initial of the other ("J. Mattis"), and no two different middle parts ("George H. W. Bush" is
 * not "George W. Bush").
 */
function sameFullName(x: readonly string[], y: readonly string[]): boolean {
  if (x.length < 2 || y.length < 2 || normWord(x[x.length - 1]) !== normWord(y[y.length - 1])) return false;
  const gx = givenKey(x[0]);
  const gy = givenKey(y[0]);
  const given = gx === gy || (gx.length === 1 && gy.startsWith(gx)) || (gy.length === 1 && gx.startsWith(gy));
  if (!given) return false;
  const mx = x.slice(1, -1).map(normWord).join(' ');
  const my = y.slice(1, -1).map(normWord).join(' ');
  return !mx || !my || mx === my;
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
  // later full names that name an earlier one's person take its name (in order of first mention)
  const sameAs = new Map<string, string>();
  const order = [...positions].sort((x, y) => x[1][0] - y[1][0]).map(([k]) => k);
  for (let i = 1; i < order.length; i++) {
    const words = order[i].split(' ');
    for (let j = 0; j < i; j++) {
      if (sameAs.has(order[j]) || !sameFullName(order[j].split(' '), words)) continue;
      sameAs.set(order[i], order[j]);
      break;
    }
  }
  return { fullBySurname, fullByGiven, fullNames, positions, sameAs };
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
      const same = ix.sameAs.get(full) ?? full;
      c.canonical = same;
      c.actorId = `person:${kebab(same)}`;
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
