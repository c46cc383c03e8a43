import { readJson, StanceDataError } from './lexicon.js';
import type { SentenceInfo } from './features.js';

/**
 * Role framing: the role a sentence casts an actor in — aggressor (or perpetrator), liar, victim, ally, peace-maker —
 * read from where the actor stands next to a cue word of data/roles.json, without a parser:
 *
 * - subject (after the actor, in its clause): "X attacked", "X has launched attacks", "X lied", "X helped",
 *   "X mediated", "X suffered"; a passive "X was attacked" makes it the victim of a violent verb;
 * - possessor: "X's aggression", "X's propaganda", "X's mediation";
 * - predicate: "X is the aggressor", "X remains a close ally", "X maintains a friendly stance";
 * - object or prepositional complement (before the actor): "attacked X" and "attacks on X" (victim), "killed by X",
 *   "aggression by X", "the crimes of X", "the victims of X" (aggressor), "mediated by X" (peace-maker);
 * - modifier: "the friendly X", "X aggression" (a compound or demonym before an act noun).
 *
 * A negated cue ("X did not attack") casts no role; the receiver of help ("supported X") gets none. The scan stops at
 * punctuation, a conjunction or another verb that is not a cue or a light verb ("launched", "carried out"), so a
 * cue is charged to the nearest actor of its own phrase, not to every actor of the sentence. Linear in sentence length.
 */

export type RoleName = 'aggressor' | 'liar' | 'victim' | 'ally' | 'peace-maker';
export type RoleKind = 'verb' | 'act' | 'agent';
export type RolePosition = 'subject' | 'possessor' | 'predicate' | 'object' | 'agent' | 'modifier';

export interface RawRoles {
  groups: Array<{ role: RoleName; kind: RoleKind; note: string; forms: string[] }>;
}

export interface RoleLexicon {
  /** form -> its entries (a form can be a verb and an act noun: "attacks"). */
  forms: Map<string, Array<{ role: RoleName; kind: RoleKind }>>;
}

/** What each role says about the actor, as a stance value: hostile roles -1, sympathetic ones positive. */
export const ROLE_VALUE: Record<RoleName, number> = { aggressor: -1, liar: -1, victim: 0.5, ally: 1, 'peace-maker': 1 };

const ROLES = new Set<RoleName>(['aggressor', 'liar', 'victim', 'ally', 'peace-maker']);
const KINDS = new Set<RoleKind>(['verb', 'act', 'agent']);
const WORD = /^[a-z][a-z'-]*$/;

export function compileRoles(raw: RawRoles): RoleLexicon {
  if (!raw || !Array.isArray(raw.groups)) throw new StanceDataError('roles.json: expected {groups: [...]}');
  const forms = new Map<string, Array<{ role: RoleName; kind: RoleKind }>>();
  for (const g of raw.groups) {
    if (!g || !ROLES.has(g.role)) throw new StanceDataError(`roles.json: unknown role ${JSON.stringify(g?.role)}`);
    if (!KINDS.has(g.kind)) throw new StanceDataError(`roles.json: group ${g.role} needs kind verb, act or agent`);
    if (typeof g.note !== 'string' || !g.note) throw new StanceDataError(`roles.json: group ${g.role}/${g.kind} needs a note`);
    if (!Array.isArray(g.forms) || !g.forms.length) throw new StanceDataError(`roles.json: group ${g.role}/${g.kind} needs forms`);
    for (const f of g.forms) {
      if (typeof f !== 'string' || !WORD.test(f)) throw new StanceDataError(`roles.json: bad form ${JSON.stringify(f)}`);
      const list = forms.get(f) ?? [];
      if (!list.some((e) => e.role === g.role && e.kind === g.kind)) list.push({ role: g.role, kind: g.kind });
      forms.set(f, list);
    }
  }
  return { forms };
}

let cached: RoleLexicon | undefined;
export function defaultRoles(): RoleLexicon {
  cached ??= compileRoles(readJson<RawRoles>('roles.json'));
  return cached;
}

export interface RoleCue {
  role: RoleName;
  /** Token index of the cue word. */
  k: number;
  as: RolePosition;
}

const WINDOW = 8;
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'get', 'got', 'gets', 'remain', 'remains', 'remained', 'became', 'become', 'becomes', 'seen', 'considered', 'called', 'branded', 'described']);
const AUX = new Set(['has', 'have', 'had', 'having', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must', 'did', 'does', 'do', 'to', 'also', 'again', 'still', 'already', 'reportedly', 'allegedly', 'repeatedly', 'recently', 'continues', 'continued', 'continue', 'keeps', 'kept']);
/** Verbs that hand an act noun to their subject: "X launched attacks", "X has made attempts to carry out attacks". */
const LIGHT = new Set(['make', 'makes', 'made', 'making', 'carry', 'carries', 'carried', 'carrying', 'out', 'launch', 'launches', 'launched', 'launching', 'commit', 'commits', 'committed', 'committing', 'conduct', 'conducts', 'conducted', 'wage', 'wages', 'waged', 'waging', 'stage', 'staged', 'perpetrate', 'perpetrated', 'escalate', 'escalated', 'escalates', 'intensify', 'intensified', 'step', 'stepped', 'up', 'attempts', 'attempt', 'attempted', 'tried', 'try', 'tries', 'plotted', 'planned', 'spread', 'spreads', 'spreading', 'maintain', 'maintains', 'maintained', 'play', 'plays', 'played', 'pursue', 'pursues', 'pursued', 'engage', 'engaged', 'engages', 'in', 'its', 'their', 'his', 'her', 'repeated', 'new', 'fresh']);
const POSS = new Set(["'s", '’s', "'", '’']);
const VICTIM_ADP = new Set(['against', 'on', 'upon', 'toward', 'towards', 'into', 'at', 'to']);
const AGENT_ADP = new Set(['by', 'of', 'from']);
const PASSIVE_IRREGULAR = new Set(['shot', 'seized', 'struck', 'hit', 'slain', 'stolen', 'misled']);
const STOP_POS = new Set(['PUNCT', 'CCONJ', 'SCONJ']);
const RELATIVE = new Set(['who', 'which', 'that', 'whom', 'whose', 'while', 'when', 'after', 'before', 'because', 'as', 'if']);

function isParticiple(w: string): boolean {
  return /(?:ed|en)$/.test(w) || PASSIVE_IRREGULAR.has(w);
}

/**
 * The role the sentence casts the target [from, to) in, with the cue's token, or null. `others` marks tokens that
 * belong to other actor mentions: a scan stops there (the cue belongs to that actor's phrase).
 */
export function roleCue(s: SentenceInfo, from: number, to: number, roles: RoleLexicon, others?: Uint8Array): RoleCue | null {
  const { norm, clause, toks, negated } = s;
  const n = norm.length;
  if (from >= n) return null;
  const tc = clause[Math.min(to, n) - 1] ?? clause[from];
  // After the target: subject, possessor, predicate, compound modifier.
  let be = false;
  let poss = false;
  let light = false;
  for (let k = to; k < n && k < to + WINDOW && clause[k] === tc; k++) {
    if (others?.[k]) break;
    const w = norm[k];
    const pos = toks[k].pos;
    if (k === to && POSS.has(w)) {
      poss = true;
      continue;
    }
    const entries = roles.forms.get(w);
    if (entries && !negated[k]) {
      const adjacent = k === to || (poss && k === to + 1);
      for (const e of entries) {
        if (e.kind === 'verb' && !poss) {
          if (be && isParticiple(w)) {
            if (e.role === 'aggressor') return { role: 'victim', k, as: 'subject' };
            continue;
          }
          if (!be || !isParticiple(w)) return { role: e.role, k, as: 'subject' };
        }
        if (e.kind === 'verb' && poss && (e.role === 'liar' || e.role === 'peace-maker') && pos !== 'VERB') return { role: e.role, k, as: 'possessor' };
        if (e.kind === 'act' && (poss || light || adjacent)) return { role: e.role, k, as: poss ? 'possessor' : light ? 'subject' : 'modifier' };
        if (e.kind === 'agent' && (be || pos === 'ADJ' || light)) return { role: e.role, k, as: 'predicate' };
      }
    }
    if (entries && negated[k]) return null;
    if (BE.has(w)) {
      be = true;
      continue;
    }
    if (AUX.has(w) || pos === 'ADV' || pos === 'DET' || pos === 'ADJ' || pos === 'NUM' || pos === 'PART') continue;
    if (LIGHT.has(w)) {
      light = true;
      continue;
    }
    if (STOP_POS.has(pos) || RELATIVE.has(w) || (pos === 'ADP' && !POSS.has(w))) break;
    if (pos === 'VERB' || pos === 'AUX') break; // another verb: the cue would not be this actor's
    if (pos === 'NOUN' || pos === 'PROPN') {
      if (poss || be || light) continue; // "X's military aggression", "X is a close ally"
      break;
    }
  }
  // Before the target: object, complement of a preposition, pre-modifier.
  let adp: string | null = null;
  let onlyMods = true; // only determiners and adjectives between the word and the target
  for (let k = from - 1; k >= 0 && k >= from - WINDOW && clause[k] === clause[from]; k--) {
    if (others?.[k]) break;
    const w = norm[k];
    const pos = toks[k].pos;
    const entries = roles.forms.get(w);
    if (entries) {
      if (negated[k]) return null;
      for (const e of entries) {
        if (e.kind === 'verb') {
          if (adp === 'by') return { role: e.role, k, as: 'agent' }; // "killed by X", "mediated by X"
          if (!adp && e.role === 'aggressor' && pos !== 'NOUN' && pos !== 'ADJ') return { role: 'victim', k, as: 'object' }; // "attacked X"
          if (adp && AGENT_ADP.has(adp) && e.role === 'liar' && pos !== 'VERB') return { role: 'liar', k, as: 'agent' }; // "the propaganda of X"
          if (adp && AGENT_ADP.has(adp) && e.role === 'peace-maker' && pos !== 'VERB') return { role: 'peace-maker', k, as: 'agent' };
        }
        if (e.kind === 'act' && adp) {
          if (AGENT_ADP.has(adp)) return { role: e.role, k, as: 'agent' }; // "aggression by X", "crimes of X"
          if (VICTIM_ADP.has(adp)) return { role: 'victim', k, as: 'object' }; // "attacks on X"
        }
        if (e.kind === 'agent') {
          if (e.role === 'victim' && adp && AGENT_ADP.has(adp)) return { role: 'aggressor', k, as: 'agent' }; // "the victims of X"
          if (!adp && onlyMods && (pos === 'ADJ' || e.role !== 'victim')) return { role: e.role, k, as: 'modifier' }; // "the friendly X"
        }
      }
      return null;
    }
    if (pos === 'ADP') {
      if (adp) return null;
      adp = w;
      onlyMods = false;
      continue;
    }
    if (STOP_POS.has(pos) || RELATIVE.has(w)) return null;
    if (pos !== 'DET' && pos !== 'ADJ' && pos !== 'NUM' && !POSS.has(w)) {
      if (!adp) onlyMods = false;
      if (pos === 'VERB' || pos === 'AUX') return null;
    }
  }
  return null;
}
