import cuesData from './data/cues.json' with { type: 'json' };
import wordsData from './data/words.json' with { type: 'json' };
import typesData from './data/types.json' with { type: 'json' };

export type Frame = 'svo' | 'svo-from' | 'agent' | 'agent-from' | 'event' | 'symmetric' | 'mediate' | 'deal';
export type Polarity = -1 | 0 | 1;

export interface RelationTypeEntry {
  id: string;
  polarity: Polarity;
  symmetric: boolean;
  phrase: string;
  note: string;
}

export interface CueEntry {
  id: string;
  /** Fixed relation type, or ... */
  relation?: string;
  /** ... the relation decided by the class of a noun in the clause ("arms" -> supplies-arms, "energy" -> supplies-energy). */
  byClass?: string[];
  frame: Frame;
  pos?: 'VERB' | 'NOUN' | 'ANY';
  forms: string[];
  targetPreps?: string[];
  sourcePreps?: string[];
  placeTarget?: boolean;
  polarity?: Polarity;
  confidence: number;
  note: string;
}

export interface RawLexicon {
  cues: CueEntry[];
  classes: Record<string, { note: string; words: string[] }>;
  types: RelationTypeEntry[];
}

/** A cue form compiled to its token sequence. */
export interface CompiledCue {
  words: string[];
  entry: CueEntry;
}

export interface Lexicon {
  /** First word -> cue forms starting with it, longest first. */
  cuesByFirst: Map<string, CompiledCue[]>;
  /** Class name -> first word -> phrases (token sequences), longest first. */
  classes: Map<string, Map<string, string[][]>>;
  types: Map<string, RelationTypeEntry>;
  /** Relation type for a class name in byClass cues. */
  classRelation: Record<string, string>;
  /** One-word classes as sets: clause openers and the nouns of "the two countries". */
  sets: { subordinators: Set<string>; pairNouns: Set<string> };
}

export class LexiconError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LexiconError';
  }
}

const FRAMES = new Set<Frame>(['svo', 'svo-from', 'agent', 'agent-from', 'event', 'symmetric', 'mediate', 'deal']);
/** byClass names and the relation each yields. */
const CLASS_RELATION: Record<string, string> = { arms: 'supplies-arms', energy: 'supplies-energy' };
const REQUIRED_CLASSES = ['arms', 'energy', 'positive', 'negative', 'negators', 'hedges', 'pair-anaphors', 'subordinators'];

export const rawDefaults: RawLexicon = {
  cues: (cuesData as { cues: CueEntry[] }).cues,
  classes: (wordsData as { classes: RawLexicon['classes'] }).classes,
  types: (typesData as { types: RelationTypeEntry[] }).types,
};

/** Splits a form into the token sequence wink produces ("n't" and "'s" are separate tokens; apostrophes folded). */
export function formWords(form: string): string[] {
  return form
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/n't\b/g, " n't")
    .split(/\s+/)
    .filter(Boolean);
}

function addPhrase<T>(map: Map<string, T[]>, words: string[], value: T, len: (v: T) => number): void {
  const list = map.get(words[0]) ?? [];
  list.push(value);
  list.sort((a, b) => len(b) - len(a));
  map.set(words[0], list);
}

/** Validates the data (every entry has provenance, known frames and types) and compiles it to lookup tables. */
export function compileLexicon(raw: RawLexicon = rawDefaults): Lexicon {
  const types = new Map<string, RelationTypeEntry>();
  for (const [i, t] of raw.types.entries()) {
    if (!t.id || typeof t.phrase !== 'string') throw new LexiconError(`types[${i}]: id and phrase are required`);
    if (![-1, 0, 1].includes(t.polarity)) throw new LexiconError(`type ${t.id}: polarity must be -1, 0 or 1`);
    if (!t.note) throw new LexiconError(`type ${t.id}: needs a note`);
    types.set(t.id, t);
  }
  const classes = new Map<string, Map<string, string[][]>>();
  for (const name of REQUIRED_CLASSES) if (!raw.classes[name]) throw new LexiconError(`word class "${name}" is missing`);
  for (const [name, c] of Object.entries(raw.classes)) {
    if (!c.note) throw new LexiconError(`word class "${name}": needs a note`);
    if (!Array.isArray(c.words) || !c.words.length) throw new LexiconError(`word class "${name}": words must be a non-empty array`);
    const m = new Map<string, string[][]>();
    for (const w of c.words) {
      const words = formWords(w);
      if (!words.length) throw new LexiconError(`word class "${name}": empty form`);
      addPhrase(m, words, words, (v) => v.length);
    }
    classes.set(name, m);
  }
  const cuesByFirst = new Map<string, CompiledCue[]>();
  const ids = new Set<string>();
  for (const [i, e] of raw.cues.entries()) {
    const where = `cues[${i}] ${e.id ?? ''}`;
    if (!e.id || ids.has(e.id)) throw new LexiconError(`${where}: a unique id is required`);
    ids.add(e.id);
    if (!e.note) throw new LexiconError(`${where}: needs a note (provenance)`);
    if (!FRAMES.has(e.frame)) throw new LexiconError(`${where}: unknown frame "${e.frame}"`);
    if (!e.relation === !e.byClass) throw new LexiconError(`${where}: give exactly one of relation or byClass`);
    if (e.relation && !types.has(e.relation)) throw new LexiconError(`${where}: unknown relation "${e.relation}"`);
    for (const c of e.byClass ?? []) {
      if (!CLASS_RELATION[c] || !classes.has(c)) throw new LexiconError(`${where}: byClass "${c}" is not a supply class`);
    }
    if (e.pos && !['VERB', 'NOUN', 'ANY'].includes(e.pos)) throw new LexiconError(`${where}: pos must be VERB, NOUN or ANY`);
    if (e.polarity !== undefined && ![-1, 0, 1].includes(e.polarity)) throw new LexiconError(`${where}: polarity must be -1, 0 or 1`);
    if (!(e.confidence > 0 && e.confidence <= 1)) throw new LexiconError(`${where}: confidence must be in (0, 1]`);
    if (!Array.isArray(e.forms) || !e.forms.length) throw new LexiconError(`${where}: forms must be a non-empty array`);
    for (const f of e.forms) {
      const words = formWords(f);
      if (!words.length) throw new LexiconError(`${where}: empty form`);
      addPhrase(cuesByFirst, words, { words, entry: e }, (v) => v.words.length);
    }
  }
  const oneWords = (name: string): Set<string> => new Set(raw.classes[name].words.map((w) => formWords(w)).filter((w) => w.length === 1).map((w) => w[0]));
  return { cuesByFirst, classes, types, classRelation: CLASS_RELATION, sets: { subordinators: oneWords('subordinators'), pairNouns: oneWords('pair-anaphors') } };
}

let cached: Lexicon | null = null;
export function defaultLexicon(): Lexicon {
  return (cached ??= compileLexicon(rawDefaults));
}
