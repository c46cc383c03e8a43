import type { ActorKind, Connotation, LabelType } from '../../core/finding.js';
import headsData from './data/epithet-heads.json' with { type: 'json' };
import connotationData from './data/connotation.json' with { type: 'json' };
import ideologicalData from './data/ideological-terms.json' with { type: 'json' };
import knownData from './data/known-labels.json' with { type: 'json' };
import toponymData from './data/toponyms.json' with { type: 'json' };

export interface HeadEntry {
  head: string;
  forms: string[];
  kinds: ActorKind[];
  standalone: boolean;
  needsNamingModifier?: boolean;
  takesOf?: boolean;
  note?: string;
}

export interface CueEntry {
  cue: string;
  forms: string[];
  polarity: Exclude<Connotation, 'neutral'>;
  weight: number;
  relational?: boolean;
  suffix?: boolean;
  source: string;
}

export interface IdeologicalEntry {
  term: string;
  forms: string[];
  nounForms?: string[];
  actorIds: string[];
  actorKind: ActorKind;
  canonical: string;
  heads?: string[];
  attributive?: boolean;
  attributiveExclude?: string[];
  notAfter?: string[];
  source: string;
}

export interface KnownLabelEntry {
  label: string;
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  connotation: Connotation;
  labelType?: LabelType;
  usedBy: string;
  source: string;
}

export interface ToponymVariant {
  variant: string;
  forms: string[];
  usedBy: string;
  source: string;
}

export interface ToponymGroup {
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  notFollowedBy?: string[];
  variants: ToponymVariant[];
}

export interface RawLexicon {
  heads: { heads: HeadEntry[]; compoundStops: Record<string, string[] | string> };
  connotation: { cues: CueEntry[] };
  ideological: { terms: IdeologicalEntry[] };
  known: { labels: KnownLabelEntry[] };
  toponyms: { groups: ToponymGroup[] };
}

export interface ToponymForm {
  form: string;
  group: ToponymGroup;
  variant: ToponymVariant;
}

/** The data compiled for lookups; built once in the analyzer's create(). */
export interface Lexicon {
  heads: Map<string, HeadEntry>;
  compoundStops: Map<string, Set<string>>;
  cues: Map<string, CueEntry>;
  suffixCues: Array<{ suffix: string; entry: CueEntry }>;
  ideological: Map<string, IdeologicalEntry>;
  ideologicalNouns: Map<string, IdeologicalEntry>;
  known: Array<KnownLabelEntry & { words: string[] }>;
  /** Longest form first, so "Zangezur corridor" wins over "Zangezur". */
  toponymForms: ToponymForm[];
}

const KINDS = new Set(['person', 'state', 'organisation', 'place']);
const ACTOR_ID = /^(?:state|person|org|place):[A-Za-z0-9-]+$/;
const POLARITY = new Set(['pejorative', 'favourable']);
const CONNOTATION = new Set(['neutral', 'pejorative', 'favourable']);

/** Thrown when a data file breaks its schema: a build-time error, never an article diagnostic. */
export class LexiconError extends Error {
  constructor(problems: string[]) {
    super(`labels data is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'LexiconError';
  }
}

export const rawDefaults: RawLexicon = {
  heads: headsData as unknown as RawLexicon['heads'],
  connotation: connotationData as unknown as RawLexicon['connotation'],
  ideological: ideologicalData as unknown as RawLexicon['ideological'],
  known: knownData as unknown as RawLexicon['known'],
  toponyms: toponymData as unknown as RawLexicon['toponyms'],
};

const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.trim().length > 0;

/** Validates every entry (each needs its provenance) and compiles the lookup tables. */
export function compileLexicon(raw: RawLexicon = rawDefaults): Lexicon {
  const problems: string[] = [];
  const heads = new Map<string, HeadEntry>();
  for (const h of raw.heads.heads) {
    if (!nonEmpty(h.head) || !Array.isArray(h.forms) || !h.forms.length) problems.push(`epithet head without forms: ${JSON.stringify(h)}`);
    if (!Array.isArray(h.kinds) || h.kinds.some((k) => !KINDS.has(k))) problems.push(`epithet head ${h.head}: bad kinds`);
    for (const f of h.forms ?? []) heads.set(f.toLowerCase(), h);
  }
  const compoundStops = new Map<string, Set<string>>();
  for (const [head, list] of Object.entries(raw.heads.compoundStops)) {
    if (head.startsWith('$')) continue;
    if (!Array.isArray(list)) {
      problems.push(`compoundStops.${head} must be an array`);
      continue;
    }
    compoundStops.set(head, new Set(list.map((x) => x.toLowerCase())));
  }

  const cues = new Map<string, CueEntry>();
  const suffixCues: Lexicon['suffixCues'] = [];
  for (const c of raw.connotation.cues) {
    if (!nonEmpty(c.cue) || !Array.isArray(c.forms) || !c.forms.length) problems.push(`cue without forms: ${JSON.stringify(c)}`);
    if (!POLARITY.has(c.polarity)) problems.push(`cue ${c.cue}: polarity must be pejorative or favourable`);
    if (typeof c.weight !== 'number' || c.weight <= 0 || c.weight > 1) problems.push(`cue ${c.cue}: weight must be in (0, 1]`);
    if (!nonEmpty(c.source)) problems.push(`cue ${c.cue}: missing source`);
    for (const f of c.forms ?? []) {
      const k = f.toLowerCase();
      if (c.suffix) suffixCues.push({ suffix: k, entry: c });
      else if (cues.has(k)) problems.push(`cue form "${k}" listed twice`);
      else cues.set(k, c);
    }
  }

  const ideological = new Map<string, IdeologicalEntry>();
  const ideologicalNouns = new Map<string, IdeologicalEntry>();
  for (const t of raw.ideological.terms) {
    if (!nonEmpty(t.term) || !Array.isArray(t.forms) || !t.forms.length) problems.push(`ideological term without forms: ${JSON.stringify(t)}`);
    if (!Array.isArray(t.actorIds) || !t.actorIds.length || t.actorIds.some((a) => !ACTOR_ID.test(a))) problems.push(`ideological term ${t.term}: bad actorIds`);
    if (!KINDS.has(t.actorKind)) problems.push(`ideological term ${t.term}: bad actorKind`);
    if (!nonEmpty(t.source)) problems.push(`ideological term ${t.term}: missing source`);
    for (const f of t.forms ?? []) ideological.set(f.toLowerCase(), t);
    for (const f of t.nounForms ?? []) ideologicalNouns.set(f.toLowerCase(), t);
  }

  const known: Lexicon['known'] = [];
  for (const k of raw.known.labels) {
    if (!nonEmpty(k.label)) problems.push(`known label without label: ${JSON.stringify(k)}`);
    if (!ACTOR_ID.test(k.actorId ?? '')) problems.push(`known label ${k.label}: bad actorId`);
    if (!KINDS.has(k.actorKind)) problems.push(`known label ${k.label}: bad actorKind`);
    if (!CONNOTATION.has(k.connotation)) problems.push(`known label ${k.label}: bad connotation`);
    if (!nonEmpty(k.source)) problems.push(`known label ${k.label}: missing source`);
    if (k.labelType !== undefined && !['short-name', 'epithet', 'metonym'].includes(k.labelType)) problems.push(`known label ${k.label}: bad labelType`);
    known.push({ ...k, words: k.label.toLowerCase().split(/\s+/) });
  }

  const toponymForms: ToponymForm[] = [];
  const seenForm = new Map<string, string>();
  for (const g of raw.toponyms.groups) {
    if (!ACTOR_ID.test(g.actorId ?? '')) problems.push(`toponym group ${g.canonical}: bad actorId`);
    if (!KINDS.has(g.actorKind)) problems.push(`toponym group ${g.canonical}: bad actorKind`);
    if (!Array.isArray(g.variants) || g.variants.length < 2) problems.push(`toponym group ${g.canonical}: needs at least two variants`);
    for (const v of g.variants ?? []) {
      if (!nonEmpty(v.variant) || !Array.isArray(v.forms) || !v.forms.length) problems.push(`toponym ${g.canonical}: variant without forms`);
      if (!nonEmpty(v.usedBy) || !nonEmpty(v.source)) problems.push(`toponym ${g.canonical}/${v.variant}: missing usedBy or source`);
      for (const f of v.forms ?? []) {
        // An empty form would match at every offset (the toponym scan would never advance).
        if (!nonEmpty(f)) {
          problems.push(`toponym ${g.canonical}/${v.variant}: empty form`);
          continue;
        }
        const prev = seenForm.get(f);
        if (prev && prev !== g.actorId) problems.push(`toponym form "${f}" is in two groups`);
        seenForm.set(f, g.actorId);
        toponymForms.push({ form: f, group: g, variant: v });
      }
    }
  }
  toponymForms.sort((a, b) => b.form.length - a.form.length || (a.form < b.form ? -1 : 1));

  if (problems.length) throw new LexiconError(problems);
  return { heads, compoundStops, cues, suffixCues, ideological, ideologicalNouns, known, toponymForms };
}

let cached: Lexicon | undefined;
/** The shipped data, compiled once per process. */
export function defaultLexicon(): Lexicon {
  return (cached ??= compileLexicon());
}

/** The connotation cue a single word carries, if any (exact form, then relational suffixes like "-backed"). */
export function cueFor(lex: Lexicon, lowerWord: string): CueEntry | undefined {
  const w = lowerWord.replace(/[\u2010-\u2015]/g, '-');
  const exact = lex.cues.get(w);
  if (exact) return exact;
  for (const { suffix, entry } of lex.suffixCues) if (w.length > suffix.length && w.endsWith(suffix)) return entry;
  return undefined;
}
