// The frames of cues: where the parties of each kind of cue stand (data/cues.json gives each cue its frame), and the
// class word that decides a supply cue's relation (arms or energy).
import type { CueEntry } from './lexicon.js';
import { emit, type CueMatch, type EmitOptions } from './emit.js';
import { betweenPair, clauseSubject, coordinated, findObject, findPossessor, findSubject, nearestSlotBefore, pairAnaphorAt } from './parties.js';
import { matchAt, party, slotAt, type Party, type Reading, type Slot } from './reading.js';

const PASSIVE_AUX = new Set(['was', 'were', 'been', 'being', 'is', 'are', 'be']);

/** What every relation of one cue starts from: the cue's confidence and its class word (supply cues). */
type Base = Pick<EmitOptions, 'confidence' | 'cls'>;

/** The entry with placeTarget off (the source of an event is never a place), made once per entry. */
const noPlaceTarget = new WeakMap<CueEntry, CueEntry>();
function withoutPlaceTarget(entry: CueEntry): CueEntry {
  let e = noPlaceTarget.get(entry);
  if (!e) noPlaceTarget.set(entry, (e = { ...entry, placeTarget: false }));
  return e;
}

/** Resolves one matched cue [cs, ce): decides its relation (by the nearest class word when the cue says so), then finds its parties by frame. */
export function resolveCue(rd: Reading, entry: CueEntry, cs: number, ce: number): void {
  const lo = rd.clauseStart[cs];
  const hi = rd.clauseEnd[cs];
  // Class-decided relations (arms vs energy): the class word nearest the cue inside the clause.
  let relation = entry.relation;
  let cls: string | undefined;
  if (entry.byClass) {
    cls = nearestClass(rd, entry.byClass, cs, ce, lo, hi);
    if (!cls) return;
    relation = rd.lex.classRelation[cls];
  }
  if (!relation) return;
  const base = { confidence: entry.confidence, cls };
  const cue: CueMatch = { entry, relation, cs, ce, lo, hi };
  switch (entry.frame) {
    case 'svo':
      return resolveSvo(rd, cue, base);
    case 'svo-from':
      return resolveSvoFrom(rd, cue, base);
    case 'agent':
    case 'agent-from':
      return resolveAgent(rd, cue, base);
    case 'event':
      return resolveEvent(rd, cue, base);
    case 'deal':
      return resolveDeal(rd, cue, base);
    case 'mediate':
      return resolveMediate(rd, cue, base);
    default:
      return resolveSymmetric(rd, cue, base);
  }
}

/** Of the classes `byClass`, the one with a word nearest the cue [cs, ce) within the clause (-10 … +12 tokens), or undefined. */
function nearestClass(rd: Reading, byClass: string[], cs: number, ce: number, lo: number, hi: number): string | undefined {
  let cls: string | undefined;
  let best = Infinity;
  for (const c of byClass) {
    const m = rd.lex.classes.get(c)!;
    for (let i = Math.max(lo, cs - 10); i < Math.min(hi, ce + 12); i++) {
      if (matchAt(rd, m, i, hi)) {
        const d = i < cs ? cs - i : i < ce ? 0 : i - ce;
        if (d < best) {
          best = d;
          cls = c;
        }
      }
    }
  }
  return cls;
}

/** `svo`: subject before, object after ("X attacked Y"); the passive "Y was attacked by X". */
function resolveSvo(rd: Reading, cue: CueMatch, base: Base): void {
  const { low } = rd;
  const { entry, cs, ce, lo, hi } = cue;
  const tPreps = entry.targetPreps ?? [];
  // Passive: "Y was attacked by X".
  if (cs > lo && PASSIVE_AUX.has(low[cs - 1]) && /(?:ed|en|wn|ck|lt|ld|ht|ne|id)$/.test(low[cs])) {
    const by = findObject(rd, ce, hi, entry, ['by'], false, 4);
    const subj = findSubject(rd, cs, lo, new Set());
    if (by.length && subj) for (const b of by) emit(rd, cue, b, subj, { ...base, negFrom: subj.slot.t1 });
    return;
}
const endsInPrep = ce - cs > 1 && ['to', 'in', 'at', 'with', 'by', 'on'].includes(low[ce - 1]);
const objects = findObject(rd, ce, hi, entry, tPreps, true, endsInPrep ? 3 : 6);
if (!objects.length) return;
const subj = findSubject(rd, cs, lo, new Set(objects.map((o) => o.slot.ref.actorId)));
if (!subj) return;
const subjects = subj.resolvedBy === subj.slot.via ? coordinated(rd, subj.slot, lo, cs).filter((s) => !s.isPlace).map((s) => party(s)) : [subj];
for (const s of subjects) for (const o of objects) emit(rd, cue, s, o, { ...base, negFrom: subj.slot.t1 });
}

/** `svo-from`: the buyer before, the seller after a preposition ("Y bought drones from X"). */
function resolveSvoFrom(rd: Reading, cue: CueMatch, base: Base): void {
  const { entry, cs, ce, lo, hi } = cue;
  const sPreps = entry.sourcePreps ?? [];
  const sellers = findObject(rd, ce, hi, entry, sPreps, false, 10);
  if (!sellers.length) return;
  const buyer = findSubject(rd, cs, lo, new Set(sellers.map((o) => o.slot.ref.actorId)));
  if (!buyer) return;
  for (const s of sellers) emit(rd, cue, s, buyer, { ...base, negFrom: buyer.slot.t1, extra: { inverse: true } });
}

/** `agent` / `agent-from`: a possessor or appositive as the agent ("X is Y's supplier", "Y, its patron X"). */
function resolveAgent(rd: Reading, cue: CueMatch, base: Base): void {
  const { tokens, low } = rd;
  const { entry, cs, ce, lo, hi } = cue;
  const tPreps = entry.targetPreps ?? [];
  const sPreps = entry.sourcePreps ?? [];
  const poss = findPossessor(rd, cs, lo);
  // The agent: an appositive before (", its patron") or after ("its patron in Rennick, the Tolmar Federation"), or the subject.
  let agent: Party | null = null;
  const before = poss.npStart - 1;
  if (before > lo && low[before] === ',' && slotAt(rd, before - 1) && !slotAt(rd, before - 1)!.isPlace) agent = party(slotAt(rd, before - 1)!);
  if (!agent && poss.pronoun !== undefined) {
    for (let j = ce; j < Math.min(hi, ce + 5); j++) {
      if (low[j] === ',' && slotAt(rd, j + 1) && !slotAt(rd, j + 1)!.isPlace) agent = party(slotAt(rd, j + 1)!);
      else if (low[j] === ',' && (low[j + 1] === 'the') && slotAt(rd, j + 2)) agent = party(slotAt(rd, j + 2)!);
      if (agent || low[j] === ',') break;
    }
}
let other: Party[] = [];
if (poss.slot && !poss.slot.isPlace) other = [party(poss.slot)];
else {
  other = findObject(rd, ce, hi, entry, entry.frame === 'agent' ? tPreps : sPreps, false, 8);
}
const exclude = new Set(other.map((o) => o.slot.ref.actorId));
agent ??= findSubject(rd, poss.npStart, lo, exclude);
if (!agent) return;
if (!other.length && poss.pronoun !== undefined) {
  // "X, its arms patron": "its" is the clause's subject other than the agent.
  for (let j = lo; j < cs; j++) {
    const s = slotAt(rd, j);
    if (s && !s.isPlace && s.ref.actorId !== agent.slot.ref.actorId) {
      other = [{ slot: s, resolvedBy: 'pronoun', span: tokens[poss.pronoun].span, label: tokens[poss.pronoun].text, antecedent: { start: s.start, end: s.end } }];
      break;
    }
    if (s) j = s.t1 - 1;
  }
}
for (const o of other) {
  if (entry.frame === 'agent') emit(rd, cue, agent, o, { ...base, negFrom: agent.slot.t1 });
  else emit(rd, cue, o, agent, { ...base, negFrom: agent.slot.t1, extra: { inverse: true } });
}
}

/** `event`: a noun act with its actor as possessor, preposition or subject ("X's visit to Y", "attacks on Y by X"). */
function resolveEvent(rd: Reading, cue: CueMatch, base: Base): void {
  const { tokens } = rd;
  const { entry, cs, ce, lo, hi } = cue;
  const tPreps = entry.targetPreps ?? [];
  const sPreps = entry.sourcePreps ?? [];
  // A noun cue that modifies the next noun is not the act itself: "attack drones", "visit schedule".
  if (ce < hi && tokens[ce].pos === 'NOUN' && !slotAt(rd, ce) && !entry.byClass) return;
  const poss = findPossessor(rd, cs, lo);
  let source: Party | null = poss.slot && !poss.slot.isPlace ? party(poss.slot) : null;
  let sourceBy = 'possessor';
  // "Netanyahu's last visit to the country": the country is not the visitor's own.
  const own = new Set<string>(poss.slot ? [poss.slot.ref.actorId, ...(poss.slot.ref.stateId ? [poss.slot.ref.stateId] : [])] : []);
  const targets = findObject(rd, ce, hi, entry, tPreps, false, 8, false, own);
  if (!source && sPreps.length) {
    const s = findObject(rd, ce, hi, withoutPlaceTarget(entry), sPreps, false, 4, true).find((p) => !targets.some((t) => t.slot === p.slot));
    if (s) {
      source = s;
      sourceBy = 'prep';
    }
}
if (!source && poss.pronoun !== undefined) {
  const cs0 = clauseSubject(rd, lo, poss.npStart, new Set(targets.map((t) => t.slot.ref.actorId)));
  if (cs0) {
    source = { slot: cs0, resolvedBy: 'pronoun', span: tokens[poss.pronoun].span, label: tokens[poss.pronoun].text, antecedent: { start: cs0.start, end: cs0.end } };
    sourceBy = 'pronoun';
  }
}
if (!source) {
  source = findSubject(rd, poss.npStart, lo, new Set(targets.map((t) => t.slot.ref.actorId)), 15);
  sourceBy = 'subject';
}
if (!source || !targets.length) return;
const conf = sourceBy === 'subject' ? entry.confidence * 0.85 : entry.confidence;
for (const t of targets) emit(rd, cue, source, t, { ...base, confidence: conf, negFrom: source.slot.t1 });
}

/** `deal`: sellers after the cue, the buyer as subject or between ("X signed a deal with Y"). */
function resolveDeal(rd: Reading, cue: CueMatch, base: Base): void {
  const { entry, cs, ce, lo, hi } = cue;
  const tPreps = entry.targetPreps ?? [];
  const sellers = findObject(rd, ce, hi, entry, tPreps, false, 8);
  if (!sellers.length) return;
  const exclude = new Set(sellers.map((s) => s.slot.ref.actorId));
  let buyer = findSubject(rd, cs, lo, exclude);
  if (!buyer) {
    for (let j = ce; j < sellers[0].slot.t0; j++) {
      const s = slotAt(rd, j);
      if (s && !s.isPlace && !exclude.has(s.ref.actorId)) {
        buyer = party(s);
        break;
      }
    }
}
if (!buyer) return;
for (const s of sellers) emit(rd, cue, s, buyer, { ...base, negFrom: buyer.slot.t1, extra: { inferredDirection: true } });
}

/** `mediate`: a mediator between a pair ("X mediated between Y and Z"). */
function resolveMediate(rd: Reading, cue: CueMatch, base: Base): void {
  const { cs, ce, lo, hi } = cue;
  const poss = findPossessor(rd, cs, lo);
  const between = betweenPair(rd, ce, hi, 8);
  if (!between) return;
  const mediator = poss.slot && !poss.slot.isPlace ? party(poss.slot) : findSubject(rd, poss.npStart, lo, new Set(between.pair.map((p) => p.slot.ref.actorId)));
  if (!mediator) return;
  const ids = between.pair.map((p) => p.slot.ref.actorId);
  for (const p of between.pair) emit(rd, cue, mediator, p, { ...base, negFrom: mediator.slot.t1, extra: { between: ids } });
}

/** `symmetric`: both parties either way round ("X and Y are allies", "ties between X and Y", "X's relations with Y", "X-Y relations"). */
function resolveSymmetric(rd: Reading, cue: CueMatch, base: Base): void {
  const { tokens } = rd;
  const { entry, cs, ce, lo, hi } = cue;
  const tPreps = entry.targetPreps ?? [];
  const pairs: Array<[Party, Party]> = [];
  let negFrom = cs;
  let evalAfter = ce;
  const addChain = (chain: Party[]): void => {
    for (let a = 0; a < chain.length; a++) for (let b = a + 1; b < chain.length; b++) pairs.push([chain[a], chain[b]]);
  };
  const after = betweenPair(rd, ce, hi, 3);
  if (after) {
    addChain(after.pair);
    evalAfter = after.end;
  } else {
    const poss = findPossessor(rd, cs, lo);
    const objects = findObject(rd, ce, hi, entry, tPreps, false, 6, false, poss.slot ? new Set([poss.slot.ref.stateId ?? poss.slot.ref.actorId]) : undefined);
    // "X and Y are allies", "X-Y relations": a coordinated group right before the cue phrase.
    let chain: Slot[] = [];
    const anchor = poss.slot ?? nearestSlotBefore(rd, poss.npStart, lo);
    if (anchor && !objects.length) chain = coordinated(rd, anchor, lo, cs).filter((s) => !s.isPlace || s.ref.stateId);
    if (chain.length >= 2) {
      addChain(chain.map((s) => party(s, s.via)));
      negFrom = chain[chain.length - 1].t1;
    } else if (objects.length) {
      const exclude = new Set(objects.map((o) => o.slot.ref.actorId));
      let one: Party | null = poss.slot ? party(poss.slot) : null;
      if (!one && poss.pronoun !== undefined) {
        const cs0 = clauseSubject(rd, lo, poss.npStart, exclude);
        if (cs0) one = { slot: cs0, resolvedBy: 'pronoun', span: tokens[poss.pronoun].span, label: tokens[poss.pronoun].text, antecedent: { start: cs0.start, end: cs0.end } };
      }
      one ??= findSubject(rd, poss.npStart, lo, exclude, 15);
      if (one) {
        for (const o of objects) pairs.push([one, o]);
        negFrom = one.slot.t1;
        evalAfter = objects[objects.length - 1].slot.t1;
      }
    } else {
      const before = pairBeforeCue(rd, lo, cs);
      if (before) {
        addChain(before.pair);
        negFrom = before.end;
      }
    }
  }
  for (const [a, b] of pairs) emit(rd, cue, a, b, { ...base, negFrom: Math.min(negFrom, cs), evalFrom: evalAfter });
}

/** The first pair named before the cue in its clause: "ties between X and Y would never lead to …", "the two countries signed …". */
function pairBeforeCue(rd: Reading, lo: number, cs: number): { pair: Party[]; end: number } | null {
  const { text, tokens, low } = rd;
  for (let j = lo; j < cs; j++) {
    const bp = low[j] === 'between' ? betweenPair(rd, j, cs, 1) : null;
    if (bp) return bp;
    const an = pairAnaphorAt(rd, j, cs);
    if (an) {
      const span = { start: tokens[j].span.start, end: tokens[an.end - 1].span.end };
      const label = text.slice(span.start, span.end);
      return { pair: an.pair.map((s) => ({ slot: s, resolvedBy: 'pair-anaphor', span, label, antecedent: { start: s.start, end: s.end } })), end: an.end };
    }
  }
  return null;
}
