// Linking a discovered phrase to the actor it names: resolve() tries apposition, predication, a naming modifier, a
// possessor, an ideological modifier, a location, "under", then coreference with a recent compatible actor (corefer).
import type { ActorKind, RelatedSpan } from '../../core/finding.js';
import type { Lexicon } from './lexicon.js';
import { normalizeLabelCached } from './normalize.js';
import { preliminaryConnotation } from './connotation.js';
import {
  canonicalOf,
  clamp,
  firstEntityAtOrAfter,
  firstWordAfter,
  governed,
  lastWordBefore,
  possessorNames,
  rel,
  round2,
  seatOf,
  SILENT_DESCRIPTORS,
  wordAtOrAfter,
  wordCue,
  type Candidate,
  type Doc,
  type Entity,
  type Resolution,
} from './reading.js';

/** How many sentences back coreference looks for an antecedent (the NP's own sentence plus this many). */
export const COREF_WINDOW = 3;

const COPULA = new Set(['is', 'was', 'remains', 'became', 'becomes', 'are', 'were']);

const OCCUPATION_CUES = new Set(['occupying', 'occupier', 'usurping']);

/** What the steps of resolve share for one candidate phrase. */
interface Link {
  c: Candidate;
  /** The actor kinds the head noun can name. */
  kinds: ActorKind[];
  /** Patrons, objects and occupied places found so far: part of every answer's related spans. */
  related: RelatedSpan[];
  /** Actors the phrase cannot name (its patron, its object, an occupied place). */
  exclude: Set<string>;
  /** Index (among the modifiers) of the first relational cue ("puppet", "-backed"), or -1. */
  relationalAt: number;
  /** An occupation cue ("occupying", "the occupiers"). */
  occupation: boolean;
  evidence: Record<string, unknown>;
  /** The actors an ambiguous ideological modifier allows (step 5), for coreference. */
  restrict: Set<string> | undefined;
}

/**
 * One way of linking a phrase: a resolution, null when the phrase is decided to name no actor, undefined to go on
 * with the next step.
 */
type LinkStep = (doc: Doc, l: Link, entities: Entity[]) => Resolution | null | undefined;

/** The steps in order: apposition, predication, naming modifier, possessor, ideological modifier, location, "under", coreference. */
const LINK_STEPS: readonly LinkStep[] = [byApposition, byPredication, byModifier, byPossessor, byIdeologicalModifier, byLocation, byUnder, byCoreference];

/** Links a candidate phrase to the actor it names (or undefined): ideological terms and descriptors directly, noun phrases through LINK_STEPS. */
export function resolve(doc: Doc, c: Candidate, entities: Entity[]): Resolution | undefined {
  const related: RelatedSpan[] = [];
  const exclude = new Set<string>();
  if (c.kind === 'ideo-noun' || c.kind === 'ideo-attr') {
    const t = c.ideo!;
    return {
      actorId: t.actorIds[0], actorKind: t.actorKind, canonical: t.canonical || canonicalOf(doc, t.actorIds[0]),
      linkedBy: 'ideological-term', confidence: c.kind === 'ideo-noun' ? 0.75 : 0.65, related, evidence: { term: t.term, termSource: t.source },
    };
  }
  if (c.kind === 'descriptor') {
    return corefer(doc, c, entities, ['state'], exclude, undefined, undefined);
  }
  const l = readLink(doc, c, related, exclude);
  for (const step of LINK_STEPS) {
    const r = step(doc, l, entities);
    if (r !== undefined) return r ?? undefined;
  }
  return undefined;
}

/**
 * The phrase's link state. Patrons: a possessor or a naming modifier before a relational cue ("Moscow's puppet
 * administration", "the Russian-backed authorities") is who controls the referent, not the referent; so is the
 * object of "the occupiers of …".
 */
function readLink(doc: Doc, c: Candidate, related: RelatedSpan[], exclude: Set<string>): Link {
  const { mentions } = doc;
  const kinds: ActorKind[] = c.headEntry?.kinds ?? ['state'];
  const modCues = c.modifiers.map((k) => wordCue(doc, k));
  const relationalAt = modCues.findIndex((q) => q?.relational);
  const occupation = c.modifiers.some((k) => OCCUPATION_CUES.has(wordCue(doc, k)?.cue ?? '')) || ['occupier', 'usurper'].includes(c.headEntry?.head ?? '');
  if (relationalAt >= 0 && c.possessor && possessorNames(doc, c.possessor)) {
    const mk = doc.mentionOfWord[c.possessor.wordEnd];
    exclude.add(governed(doc, mentions[mk]).actorId);
    related.push(rel(doc, 'patron', mentions[mk].span));
  }
  for (let n = 0; n < c.modifiers.length; n++) {
    const k = c.modifiers[n];
    const mk = doc.mentionOfWord[k];
    const suffixRelational = modCues[n]?.relational && modCues[n]?.forms.some((f) => f.startsWith('-'));
    if (mk >= 0 && ((relationalAt >= 0 && n < relationalAt) || suffixRelational)) {
      exclude.add(governed(doc, mentions[mk]).actorId);
      related.push(rel(doc, 'patron', mentions[mk].span));
    }
  }
  if (c.objectMention !== undefined) {
    exclude.add(governed(doc, mentions[c.objectMention]).actorId);
    related.push(rel(doc, 'object', mentions[c.objectMention].span));
  } else if (c.object) {
    related.push(rel(doc, 'object', c.object));
  }
  const evidence: Record<string, unknown> = {};
  if (c.object) evidence.objectSpan = c.object;
  return { c, kinds, related, exclude, relationalAt, occupation, evidence, restrict: undefined };
}

/** The resolution to the actor mention mk governs (undefined when the head cannot name its kind), with the related spans so far and its own. */
function fromMention(doc: Doc, l: Link, mk: number, linkedBy: string, confidence: number, role: string): Resolution | undefined {
  const g = governed(doc, doc.mentions[mk]);
  if (!l.kinds.includes(g.actorKind) && !(l.c.kind !== 'np')) return undefined;
  const rs = l.related.slice();
  rs.push(rel(doc, role, doc.mentions[mk].span));
  return { actorId: g.actorId, actorKind: g.actorKind, canonical: g.canonical, linkedBy, confidence, related: rs, evidence: {} };
}

/** 1. Apposition: "Israel, the occupying regime, …" / "the occupying regime, Israel, …" / "Israel (the …)". */
function byApposition(doc: Doc, l: Link): Resolution | undefined {
  const { words, mentions, text } = doc;
  const { c, exclude, evidence } = l;
  const before = text.slice(Math.max(0, c.span.start - 4), c.span.start);
  if (/(?:,|\(|--|—|–)\s*$/.test(before)) {
    const prevWord = lastWordBefore(doc, c.span.start);
    const after = text.slice(c.span.end, c.span.end + 3);
    if (prevWord >= 0 && doc.mentionOfWord[prevWord] >= 0 && /^\s*(?:,|\)|--|—|–|;|\.|$)/.test(after)) {
      const mk = doc.mentionOfWord[prevWord];
      if (mentions[mk].span.end === words[prevWord].end && !exclude.has(governed(doc, mentions[mk]).actorId)) {
        const r = fromMention(doc, l, mk, 'apposition', 0.9, 'apposition');
        if (r) {
          r.evidence = evidence;
          return r;
        }
      }
    }
  }
  const m = /^\s*,\s*/.exec(text.slice(c.span.end, c.span.end + 4));
  if (m) {
    const k = firstWordAfter(doc, c.span.end);
    const mk = k >= 0 ? doc.mentionOfWord[k] : -1;
    if (mk >= 0 && mentions[mk].span.start === words[k].start && /^\s*(?:,|\)|--|—|–|;|\.|$)/.test(text.slice(mentions[mk].span.end, mentions[mk].span.end + 3)) && !exclude.has(governed(doc, mentions[mk]).actorId)) {
      const r = fromMention(doc, l, mk, 'apposition', 0.85, 'apposition');
      if (r) {
        r.evidence = evidence;
        return r;
      }
    }
  }
  return undefined;
}

/** 2. Predication: "Israel is an occupying regime". */
function byPredication(doc: Doc, l: Link): Resolution | undefined {
  const { words, mentions } = doc;
  const { c } = l;
  const k = lastWordBefore(doc, c.span.start);
  if (k >= 1 && COPULA.has(words[k].lower)) {
    const mk = doc.mentionOfWord[k - 1];
    if (mk >= 0 && mentions[mk].span.end === words[k - 1].end && words[k - 1].sentence === words[c.head].sentence && !words[k - 1].possessive) {
      const r = fromMention(doc, l, mk, 'predication', 0.8, 'subject');
      if (r && !l.exclude.has(r.actorId)) {
        r.evidence = l.evidence;
        return r;
      }
    }
  }
  return undefined;
}

/** 3. A modifier that names the actor: a demonym/name/metonym mention ("the Karvenian junta", "the Kyiv regime"). */
function byModifier(doc: Doc, l: Link): Resolution | undefined {
  const { mentions } = doc;
  const { c, evidence } = l;
  for (let n = c.modifiers.length - 1; n >= 0; n--) {
    const mk = doc.mentionOfWord[c.modifiers[n]];
    if (mk < 0) continue;
    const g = governed(doc, mentions[mk]);
    if (l.exclude.has(g.actorId)) continue;
    const r = fromMention(doc, l, mk, 'modifier', 0.9, 'modifier');
    if (r) {
      r.evidence = evidence;
      return r;
    }
    // "the Aliyev regime" when the text never says whose leader Aliyev is: the person, not a guessed state.
    if (g.actorKind === 'person') {
      return { ...g, linkedBy: 'modifier', confidence: 0.6, related: [...l.related, rel(doc, 'modifier', mentions[mk].span)], evidence: { ...evidence, note: 'government of a person whose state the text does not give' } };
    }
  }
  return undefined;
}

/**
 * 4. The possessor: "Tehran's extremist regime", "the country's authorities". A named possessor decides the
 * referent: a person whose state the text does not give ("Pashinyan's government") is linked to the person,
 * never to some other state found by coreference (null: no link at all).
 */
function byPossessor(doc: Doc, l: Link, entities: Entity[]): Resolution | null | undefined {
  const { words, mentions } = doc;
  const { c, related, evidence } = l;
  if (c.possessor && l.relationalAt < 0) {
    const mk = doc.mentionOfWord[c.possessor.wordEnd];
    if (mk >= 0) {
      const r = fromMention(doc, l, mk, 'possessor', 0.9, 'possessor');
      if (r) {
        r.evidence = evidence;
        return r;
      }
      const m = mentions[mk];
      if (m.actorKind === 'person') {
        return { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical, linkedBy: 'possessor', confidence: 0.6, related: [...related, rel(doc, 'possessor', m.span)], evidence: { ...evidence, note: 'government of a person whose state the text does not give' } };
      }
      return null;
    } else if (SILENT_DESCRIPTORS.has(words[c.possessor.wordEnd].lower)) {
      const r = corefer(doc, c, entities, ['state'], l.exclude, undefined, undefined);
      if (r) return { ...r, linkedBy: 'possessor-coreference', related: [...related, rel(doc, 'possessor', c.possessor), ...r.related], evidence: { ...evidence, ...r.evidence } };
    }
  }
  return undefined;
}

/** 5. An ideological modifier: "the Zionist regime" -> Israel; ambiguous terms only narrow the candidates (l.restrict). */
function byIdeologicalModifier(doc: Doc, l: Link): Resolution | undefined {
  const { words, lex } = doc;
  const { c } = l;
  for (const k of c.modifiers) {
    const t = lex.ideological.get(words[k].lower);
    if (!t || (t.heads && !t.heads.includes(c.headEntry!.head))) continue;
    if (t.actorIds.length === 1 && !l.exclude.has(t.actorIds[0])) {
      return {
        actorId: t.actorIds[0], actorKind: t.actorKind, canonical: t.canonical || canonicalOf(doc, t.actorIds[0]),
        linkedBy: 'ideological-term', confidence: 0.85, related: l.related, evidence: { ...l.evidence, term: t.term, termSource: t.source },
      };
    }
    l.restrict = new Set(t.actorIds);
  }
  return undefined;
}

/**
 * 6. "<X>'s puppet administration in <Place>": the place is governed by the referent. For an occupation cue the
 * place is what is occupied, not who occupies it; otherwise "the regime in Tehran" is the place's state.
 */
function byLocation(doc: Doc, l: Link): Resolution | undefined {
  const { mentions } = doc;
  const { c, exclude, related, evidence } = l;
  if (!c.location) return undefined;
  const mk = c.location.mention;
  const seat = seatOf(doc, mentions[mk]);
  if (l.occupation && seat) {
    // "the occupying regime in Tel Aviv": a capital is where the occupier sits, not what it occupies.
    if (!exclude.has(seat)) return { actorId: seat, actorKind: 'state', canonical: canonicalOf(doc, seat), linkedBy: 'location', confidence: 0.75, related: [...related, rel(doc, 'location', mentions[mk].span)], evidence };
  } else if (l.occupation) {
    exclude.add(governed(doc, mentions[mk]).actorId);
    related.push(rel(doc, 'occupied', mentions[mk].span));
  } else {
    const m = mentions[mk];
    // "the regime in Tehran" is Iran's; "the authorities in Donetsk" are the place's own (a place's stateId is
    // where it is generally recognised to be, not who governs it), and so is a puppet administration.
    const national = c.headEntry?.head === 'regime' || c.headEntry?.head === 'government';
    const g = l.relationalAt < 0 && m.actorKind === 'place' && m.stateId && national
      ? { actorId: m.stateId, actorKind: 'state' as ActorKind, canonical: canonicalOf(doc, m.stateId) }
      : l.relationalAt >= 0 ? { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical } : governed(doc, m);
    if (!exclude.has(g.actorId)) {
      return { ...g, linkedBy: 'location', confidence: 0.75, related: [...related, rel(doc, 'location', m.span)], evidence };
    }
  }
  return undefined;
}

/** 7. "Tehran, under the current extremist regime, …": the regime governs the actor named just before "under". */
function byUnder(doc: Doc, l: Link): Resolution | undefined {
  const { words, mentions } = doc;
  const k = lastWordBefore(doc, l.c.span.start);
  if (k >= 0 && words[k].lower === 'under' && !l.occupation) {
    for (let b = k - 1; b >= 0 && b >= k - 8 && words[b].sentence === words[k].sentence; b--) {
      const mk = doc.mentionOfWord[b];
      if (mk < 0) continue;
      const g = governed(doc, mentions[mk]);
      if (l.exclude.has(g.actorId) || !['state', 'place'].includes(g.actorKind)) continue;
      return { ...g, linkedBy: 'under', confidence: 0.75, related: [...l.related, rel(doc, 'governed', mentions[mk].span)], evidence: l.evidence };
    }
  }
  return undefined;
}

/**
 * 8. Coreference with a recent, salient, compatible actor; a known label is a prior, not the answer. A phrase
 * without determiner or possessor ("heads of illegal junta", headline style) is not linked this way: too weak.
 */
function byCoreference(doc: Doc, l: Link, entities: Entity[]): Resolution | null {
  const { words, lex, text } = doc;
  const { c, exclude, related, evidence } = l;
  if (c.det === undefined && !c.possessor && !c.attributive) return null;
  const normalized = normalizeLabelCached(text.slice(c.span.start, c.head < words.length ? words[c.head].end : c.span.end));
  const known = knownFor(lex, normalized);
  const r = corefer(doc, c, entities, l.kinds, exclude, l.restrict, known);
  if (r) return { ...r, related: [...related, ...r.related], evidence: { ...evidence, ...r.evidence } };
  if (known && !exclude.has(known.actorId)) {
    return {
      actorId: known.actorId, actorKind: known.actorKind, canonical: known.canonical, linkedBy: 'known-label', confidence: 0.55, related,
      evidence: { ...evidence, knownLabel: known.label, knownSource: known.source, usedBy: known.usedBy },
    };
  }
  return null;
}

/** The known label whose words occur in order in the phrase and end with its head. */
export function knownFor(lex: Lexicon, normalized: string): (Lexicon['known'][number]) | undefined {
  const words = normalized.split(' ');
  return lex.known.find((k) => isSubsequence(k.words, words) && k.words[k.words.length - 1] === words[words.length - 1]);
}

/** The needle's words occur in hay in order (not necessarily adjacent). */
function isSubsequence(needle: string[], hay: string[]): boolean {
  let i = 0;
  for (const w of hay) if (i < needle.length && w === needle[i]) i++;
  return i === needle.length;
}

/**
 * Scores actors seen in the window: recency (1 / (1 + sentences back)), the kind of mention (a name counts more
 * than a demonym), a penalty for an actor named as an argument of the same clause (a full noun phrase rarely
 * corefers with its own clause-mate: "Azerbaijan hosts the occupying regime"), a prior for a known label's actor,
 * and an affinity for an actor the outlet has already labelled with the same connotation in its own voice.
 */
export function corefer(
  doc: Doc,
  c: Candidate,
  entities: Entity[],
  kinds: ActorKind[],
  exclude: Set<string>,
  restrict: Set<string> | undefined,
  known: Lexicon['known'][number] | undefined,
): Resolution | undefined {
  const sent = doc.words[c.head].sentence;
  const npConnotation = preliminaryConnotation(doc, c);
  const scores = new Map<string, { score: number; last: Entity; count: number }>();
  /** Actors named as an argument earlier in the NP's own sentence: a full NP rarely corefers with its clause-mate. */
  const clauseMates = new Set<string>();
  const windowEntities: Entity[] = [];
  const windowStart = doc.sentences[Math.max(0, sent - COREF_WINDOW)]?.start ?? 0;
  for (let ei = firstEntityAtOrAfter(entities, windowStart); ei < entities.length; ei++) {
    const e = entities[ei];
    if (e.start >= c.span.start) break;
    if (e.end > c.span.start) continue;
    if (sent - e.sentence > COREF_WINDOW || e.sentence > sent) continue;
    if (!kinds.includes(e.actorKind) || exclude.has(e.actorId)) continue;
    if (restrict && !restrict.has(e.actorId)) continue;
    const d = sent - e.sentence;
    let s = 1 / (1 + d);
    s *= e.labelType === 'demonym' ? 0.6 : e.labelType === 'descriptor' ? 0.7 : 1;
    // "the country" / "this country" are anaphors for an actor the text names, rarely for one it only labels.
    if (c.kind === 'descriptor' && e.labelType === 'epithet') s *= 0.3;
    if (d === 0 && !e.nonArgument && !clauseBoundaryBetween(doc, e.end, c.span.start)) {
      s *= 0.3;
      clauseMates.add(e.actorId);
    }
    windowEntities.push(e);
    const cur = scores.get(e.actorId);
    if (cur) {
      cur.score += s;
      cur.count++;
      cur.last = e;
    } else scores.set(e.actorId, { score: s, last: e, count: 1 });
  }
  if (!scores.size) return undefined;
  // "Troops from Velgrad crossed into the valley … the occupiers of the valley": an actor named earlier in a
  // sentence that also names the object of "occupiers of / usurpers of / enemy of" is the likely agent.
  const objectSentences = new Set<number>();
  if (c.object) {
    const objWords = doc.text.slice(c.object.start, c.object.end).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((x) => x && x !== 'the');
    const key = objWords[objWords.length - 1];
    if (key) {
      for (let k = wordAtOrAfter(doc, windowStart); k < doc.words.length && doc.words[k].start < c.span.start; k++) {
        const w = doc.words[k];
        if (w.lower === key && sent - w.sentence <= COREF_WINDOW) objectSentences.add(w.sentence);
      }
    }
  }
  const boosts: Record<string, string[]> = {};
  for (const [id, v] of scores) {
    const why: string[] = [];
    if (objectSentences.size && windowEntities.some((e) => e.actorId === id && objectSentences.has(e.sentence))) {
      v.score *= 2;
      why.push(`named with "${doc.text.slice(c.object!.start, c.object!.end)}" earlier`);
    }
    if (known && known.actorId === id) {
      v.score *= 2;
      why.push(`known label "${known.label}"`);
    }
    if (npConnotation !== 'neutral') {
      if (doc.ownConnotations.get(id)?.has(npConnotation)) {
        v.score *= 1.5;
        why.push(`already labelled ${npConnotation} earlier`);
      }
    }
    if (clauseMates.has(id)) {
      v.score *= 0.3;
      why.push('named as an argument of the same sentence (penalty)');
    }
    if (why.length) boosts[id] = why;
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score || b[1].last.start - a[1].last.start);
  const [bestId, best] = ranked[0];
  const second = ranked[1]?.[1].score ?? 0;
  const margin = (best.score - second) / best.score;
  const confidence = clamp(0.4 + 0.4 * margin + (boosts[bestId] && !clauseMates.has(bestId) ? 0.05 : 0), 0.3, 0.85);
  return {
    actorId: bestId,
    actorKind: best.last.actorKind,
    canonical: best.last.canonical,
    linkedBy: 'coreference',
    confidence,
    related: [rel(doc, 'antecedent', { start: best.last.start, end: best.last.end })],
    evidence: {
      candidates: ranked.slice(0, 4).map(([id, v]) => ({ actorId: id, score: round2(v.score), mentions: v.count, ...(boosts[id] ? { boosts: boosts[id] } : {}) })),
    },
  };
}

/**
 * Words that open a new clause, so that a name before them is not a clause-mate of a phrase after them ("… with
 * Israel, because this regime is …"). Relative pronouns are left out on purpose: in "people of Azerbaijan, who hate
 * the occupying regime" the relative clause's subject is the antecedent, and the penalty should hold.
 */
const CLAUSE_OPENERS = new Set(['because', 'since', 'although', 'though', 'while', 'whereas', 'but', 'so', 'yet', 'however', 'unless', 'if', 'when']);

/** A semicolon, colon or clause opener between the two offsets. */
function clauseBoundaryBetween(doc: Doc, from: number, to: number): boolean {
  if (/[;:]/.test(doc.text.slice(from, to))) return true;
  for (let k = wordAtOrAfter(doc, from); k < doc.words.length && doc.words[k].start < to; k++) {
    if (CLAUSE_OPENERS.has(doc.words[k].lower)) return true;
  }
  return false;
}
