import { readFileSync } from 'node:fs';

/**
 * The stance analyzer's word data: a valence lexicon (VADER words plus political-news additions) and closed-class
 * cue lists (negators, intensifiers, hedges, contrast words, reporting verbs). Loaded from data/*.json and
 * validated once, when the pipeline is built.
 */

export interface RawCues {
  negators: Array<{ word: string; note: string }>;
  intensifiers: Array<{ word: string; factor: number; note: string }>;
  hedges: Array<{ word: string; factor: number; note: string }>;
  contrast: Array<{ word: string; kind: 'before' | 'after'; note: string }>;
  reporting: Array<{ word: string; note: string }>;
  lexicon: Array<{ word: string; valence: number; note: string }>;
}

export interface RawLexicon {
  sources: Record<string, unknown>;
  entries: Array<[string, number, string]>;
}

export interface StanceLexicon {
  valence: Map<string, number>;
  negators: Set<string>;
  intensifiers: Map<string, number>;
  hedges: Map<string, number>;
  /** word -> which side of it carries the point: 'after' (but, however) or 'before' is conceded (although, despite). */
  contrast: Map<string, 'before' | 'after'>;
  reporting: Set<string>;
}

export class StanceDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StanceDataError';
  }
}

const dataUrl = (name: string): URL => new URL(`./data/${name}`, import.meta.url);

export function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(dataUrl(name), 'utf8')) as T;
}

function need(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new StanceDataError(msg);
}

const WORD = /^[a-z][a-z'-]*$|^n't$/;

/** Validates the raw data (every entry has a word, a number where one is needed and a note or source). */
export function compileLexicon(raw: RawLexicon, cues: RawCues): StanceLexicon {
  need(raw && Array.isArray(raw.entries) && raw.sources && typeof raw.sources === 'object', 'sentiment lexicon: expected {sources, entries}');
  const valence = new Map<string, number>();
  for (const e of raw.entries) {
    need(Array.isArray(e) && e.length === 3, `sentiment lexicon: bad entry ${JSON.stringify(e)}`);
    const [w, v, src] = e;
    need(typeof w === 'string' && WORD.test(w), `sentiment lexicon: bad word ${JSON.stringify(w)}`);
    need(typeof v === 'number' && v >= -4 && v <= 4, `sentiment lexicon: valence of "${w}" must be in [-4, 4]`);
    need(typeof src === 'string' && src in raw.sources, `sentiment lexicon: "${w}" names unknown source ${JSON.stringify(src)}`);
    valence.set(w, v);
  }
  const list = <T extends { word: string; note: string }>(name: keyof RawCues, check?: (e: T) => void): T[] => {
    const arr = cues[name] as unknown as T[];
    need(Array.isArray(arr), `cues.json: "${name}" must be an array`);
    for (const e of arr) {
      need(e && typeof e.word === 'string' && WORD.test(e.word), `cues.json ${name}: bad word ${JSON.stringify(e?.word)}`);
      need(typeof e.note === 'string' && e.note.length > 0, `cues.json ${name}: "${e.word}" needs a note`);
      check?.(e);
    }
    return arr;
  };
  const factor = (e: { word: string; factor: number }) =>
    need(typeof e.factor === 'number' && e.factor > 0 && e.factor <= 3, `cues.json: factor of "${e.word}" must be in (0, 3]`);
  for (const e of list<RawCues['lexicon'][number]>('lexicon', (e) => need(typeof e.valence === 'number' && e.valence >= -4 && e.valence <= 4, `cues.json lexicon: valence of "${e.word}"`))) {
    valence.set(e.word, e.valence);
  }
  return {
    valence,
    negators: new Set(list('negators').map((e) => e.word)),
    intensifiers: new Map(list<RawCues['intensifiers'][number]>('intensifiers', factor).map((e) => [e.word, e.factor])),
    hedges: new Map(list<RawCues['hedges'][number]>('hedges', factor).map((e) => [e.word, e.factor])),
    contrast: new Map(
      list<RawCues['contrast'][number]>('contrast', (e) => need(e.kind === 'before' || e.kind === 'after', `cues.json contrast: kind of "${e.word}"`)).map((e) => [e.word, e.kind]),
    ),
    reporting: new Set(list('reporting').map((e) => e.word)),
  };
}

let cached: StanceLexicon | undefined;

/** The shipped lexicon, compiled once per process. */
export function defaultLexicon(): StanceLexicon {
  cached ??= compileLexicon(readJson<RawLexicon>('sentiment-lexicon.json'), readJson<RawCues>('cues.json'));
  return cached;
}

/** Valence of a word, trying the plural/3rd-person singular stem when the form itself is not listed. */
export function valenceOf(lex: StanceLexicon, w: string): number {
  const v = lex.valence.get(w);
  if (v !== undefined) return v;
  if (w.length > 4 && w.endsWith('s')) {
    const s = lex.valence.get(w.slice(0, -1));
    if (s !== undefined) return s;
    if (w.endsWith('ies')) return lex.valence.get(`${w.slice(0, -3)}y`) ?? 0;
    if (w.endsWith('es')) return lex.valence.get(w.slice(0, -2)) ?? 0;
  }
  return 0;
}
