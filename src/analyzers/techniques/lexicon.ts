import wordsData from './data/loaded-words.json' with { type: 'json' };
import cuesData from './data/cues.json' with { type: 'json' };
import personData from './data/person-nouns.json' with { type: 'json' };
import { buildCueGate, patternBeginnings, type CueGate } from './cue-gate.js';

/** The 14 technique classes of SemEval-2020 Task 11, spelled as in the task's label files. */
export const TECHNIQUES = [
  'Appeal_to_Authority',
  'Appeal_to_fear-prejudice',
  'Bandwagon,Reductio_ad_hitlerum',
  'Black-and-White_Fallacy',
  'Causal_Oversimplification',
  'Doubt',
  'Exaggeration,Minimisation',
  'Flag-Waving',
  'Loaded_Language',
  'Name_Calling,Labeling',
  'Repetition',
  'Slogans',
  'Thought-terminating_Cliches',
  'Whataboutism,Straw_Men,Red_Herring',
] as const;
export type Technique = (typeof TECHNIQUES)[number];
const TECHNIQUE_SET = new Set<string>(TECHNIQUES);

export interface RawWordEntry {
  group: string;
  technique: string | null;
  weight: number;
  /** Weight in the sentence bias score when it differs from `weight` (the finding's confidence); (0, 1]. */
  biasWeight?: number;
  forms: string[];
  note?: string;
  source?: string;
  pos?: string[];
  notFollowedBy?: string[];
  noteNotFollowedBy?: string;
  /** A technique finding only when the word is tagged with one of these parts of speech (else it only scores). */
  findingPos?: string[];
  /** The finding's span takes in the next word when it is an adjective, adverb or verb ('utterly shameful'). */
  joinNext?: boolean;
}
export interface RawCue {
  id: string;
  technique: string;
  pattern?: string;
  kind?: 'question' | 'exclamation';
  extend?: 'clause' | 'sentence';
  voice?: 'outlet';
  confidence: number;
  reason: string;
  note?: string;
  source?: string;
}
export interface RawTechniqueData {
  words: RawWordEntry[];
  cues: RawCue[];
  /** Nouns naming people; optional (the shipped person-nouns.json when absent). */
  persons?: string[];
}

export interface WordEntry {
  group: string;
  technique: Technique | null;
  weight: number;
  /** Weight in the sentence bias score (`biasWeight`, else `weight`). */
  biasWeight: number;
  pos: Set<string> | null;
  notFollowedBy: Set<string> | null;
  findingPos: Set<string> | null;
  joinNext: boolean;
  note: string;
}
export interface CompiledCue extends Omit<RawCue, 'pattern' | 'technique'> {
  technique: Technique;
  /** Compiled 'gu' for the lower-cased text (much faster than 'giu' in V8); patterns are written in lower case. */
  re: RegExp | null;
  /** Compiled 'giu' for a text whose lower-casing changes its length (offsets would shift). */
  reI: RegExp | null;
  /** Compiled 'yu' (sticky): tried only where the cue gate says a match can start; null when the cue is not gated. */
  reY: RegExp | null;
}
export interface TechniqueLexicon {
  /** Single-word forms (lower case) -> entry. */
  words: Map<string, WordEntry>;
  /** Multi-word forms, keyed by their first word: the remaining words. */
  phrases: Map<string, Array<{ rest: string[]; form: string; entry: WordEntry }>>;
  cues: CompiledCue[];
  /** Candidate start positions of the gated cue patterns in a lower-cased text (indexed like cues). */
  gate: CueGate;
  /** Nouns naming people (person-nouns.json): a loaded word on one of them labels people. */
  persons: Set<string>;
}

/** Whether a lower-case word names a person or group: listed in person-nouns.json, or an -ist noun ('extremists'). */
export function isPersonNoun(lex: TechniqueLexicon, w: string): boolean {
  return lex.persons.has(w) || (w.length > 5 && /ists?$/.test(w));
}

export class TechniqueLexiconError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TechniqueLexiconError';
  }
}

export const rawDefaults: RawTechniqueData = {
  words: (wordsData as { entries: RawWordEntry[] }).entries,
  cues: (cuesData as { cues: RawCue[] }).cues,
  persons: (personData as { forms: string[] }).forms,
};

/**
 * Validates and compiles the data tables once (in the analyzer's create()). Every entry needs a note or a source,
 * a known technique, a weight in (0, 1]; a form may be listed only once; every pattern must compile and must not
 * match the empty string (an empty match would loop the scanner).
 */
export function compileLexicon(raw: RawTechniqueData): TechniqueLexicon {
  const words = new Map<string, WordEntry>();
  const phrases = new Map<string, Array<{ rest: string[]; form: string; entry: WordEntry }>>();
  const seen = new Set<string>();
  for (const e of raw.words) {
    const where = `loaded-words group "${e.group}"`;
    if (!e.group || typeof e.group !== 'string') throw new TechniqueLexiconError('loaded-words: an entry without a group');
    if (!e.note && !e.source) throw new TechniqueLexiconError(`${where}: needs a note or a source`);
    if (e.technique !== null && !TECHNIQUE_SET.has(e.technique)) throw new TechniqueLexiconError(`${where}: unknown technique ${e.technique}`);
    if (!(e.weight > 0 && e.weight <= 1)) throw new TechniqueLexiconError(`${where}: weight must be in (0, 1]`);
    if (e.biasWeight !== undefined && !(e.biasWeight > 0 && e.biasWeight <= 1)) throw new TechniqueLexiconError(`${where}: biasWeight must be in (0, 1]`);
    if (!Array.isArray(e.forms) || !e.forms.length) throw new TechniqueLexiconError(`${where}: no forms`);
    const entry: WordEntry = {
      group: e.group,
      technique: e.technique as Technique | null,
      weight: e.weight,
      biasWeight: e.biasWeight ?? e.weight,
      pos: e.pos ? new Set(e.pos) : null,
      notFollowedBy: e.notFollowedBy ? new Set(e.notFollowedBy) : null,
      findingPos: e.findingPos ? new Set(e.findingPos) : null,
      joinNext: e.joinNext === true,
      note: e.note ?? e.source ?? '',
    };
    for (const f of e.forms) {
      if (typeof f !== 'string' || !f.trim() || f !== f.toLowerCase()) throw new TechniqueLexiconError(`${where}: form "${f}" must be non-empty lower case`);
      if (seen.has(f)) throw new TechniqueLexiconError(`${where}: form "${f}" is listed twice`);
      seen.add(f);
      const parts = f.split(/\s+/);
      if (parts.length === 1) words.set(f, entry);
      else {
        const list = phrases.get(parts[0]) ?? [];
        list.push({ rest: parts.slice(1), form: f, entry });
        phrases.set(parts[0], list);
      }
    }
  }
  const ids = new Set<string>();
  const cues: CompiledCue[] = [];
  for (const c of raw.cues) {
    const where = `cue "${c.id}"`;
    if (!c.id || ids.has(c.id)) throw new TechniqueLexiconError(`${where}: missing or duplicate id`);
    ids.add(c.id);
    if (!c.note && !c.source) throw new TechniqueLexiconError(`${where}: needs a note or a source`);
    if (!TECHNIQUE_SET.has(c.technique)) throw new TechniqueLexiconError(`${where}: unknown technique ${c.technique}`);
    if (!(c.confidence > 0 && c.confidence <= 1)) throw new TechniqueLexiconError(`${where}: confidence must be in (0, 1]`);
    if (!c.reason) throw new TechniqueLexiconError(`${where}: needs a reason`);
    let re: RegExp | null = null;
    let reI: RegExp | null = null;
    let reY: RegExp | null = null;
    if (c.pattern !== undefined) {
      if (/[A-Z]/.test(c.pattern.replace(/\\p\{[A-Za-z]+\}|\\[A-Za-z]/g, ''))) {
        throw new TechniqueLexiconError(`${where}: patterns are matched against lower-cased text; write them in lower case`);
      }
      try {
        re = new RegExp(c.pattern, 'gu');
        reI = new RegExp(c.pattern, 'giu');
      } catch (err) {
        throw new TechniqueLexiconError(`${where}: pattern does not compile: ${(err as Error).message}`);
      }
      if (re.test('')) throw new TechniqueLexiconError(`${where}: pattern matches the empty string`);
      re.lastIndex = 0;
      if (patternBeginnings(c.pattern)) reY = new RegExp(c.pattern, 'yu');
    } else if (c.kind !== 'question' && c.kind !== 'exclamation') {
      throw new TechniqueLexiconError(`${where}: needs a pattern or a kind (question, exclamation)`);
    }
    const { pattern: _p, technique, ...rest } = c;
    cues.push({ ...rest, technique: technique as Technique, re, reI, reY });
  }
  const gate = buildCueGate(cues.map((c, k) => (c.reY ? patternBeginnings(raw.cues[k].pattern!) : null)));
  const persons = new Set<string>();
  for (const f of raw.persons ?? rawDefaults.persons ?? []) {
    if (typeof f !== 'string' || !f.trim() || f !== f.toLowerCase() || /\s/.test(f)) throw new TechniqueLexiconError(`person-nouns: form "${String(f)}" must be one lower-case word`);
    persons.add(f);
  }
  return { words, phrases, cues, gate, persons };
}

let cached: TechniqueLexicon | null = null;
/** The shipped tables, compiled once per process. */
export function defaultLexicon(): TechniqueLexicon {
  cached ??= compileLexicon(rawDefaults);
  return cached;
}
