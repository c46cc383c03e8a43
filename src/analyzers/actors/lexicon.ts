import { countryCode, type ConfigActor } from '../../core/config.js';
import { gazetteer, kebab, labelWords, normWord, type GazEntry, type Gazetteer } from './gazetteer.js';

/** An actor the user names in parallax.config.json (`actors`); validated by src/core/config.ts, compiled here. */
export type ExtraActor = ConfigActor;

/** Label lookups: a document's discovered entries over the configured ones over the gazetteer. */
export interface Lexicon {
  get(key: string): GazEntry | undefined;
  hasFirst(lowerWord: string): boolean;
  /** True when some key continues `key` after a space ("united" for "united states"): a longer key can match. */
  hasPrefix(key: string): boolean;
  maxWords: number;
}

const prefixCache = new WeakMap<Map<string, GazEntry>, Set<string>>();
/** Every part of a key of `m` that ends right before one of its spaces. Cached per map (the gazetteer's is built once). */
function prefixesOf(m: Map<string, GazEntry>, cache: boolean): Set<string> {
  let s = cache ? prefixCache.get(m) : undefined;
  if (s) return s;
  s = new Set<string>();
  for (const k of m.keys()) for (let p = k.indexOf(' '); p >= 0; p = k.indexOf(' ', p + 1)) s.add(k.slice(0, p));
  if (cache) prefixCache.set(m, s);
  return s;
}

export function keyOf(label: string): string {
  return labelWords(label).map(normWord).join(' ');
}

/** Id of a state that is not in ISO 3166 (discovered or configured): "state:x-<slug>". */
export function xStateId(name: string): string {
  return `state:x-${kebab(name)}`;
}

const NONE: ReadonlySet<Map<string, GazEntry>> = new Set();

/** A lexicon made of layers: the first layer holding a key wins. */
export function layered(layers: Array<Map<string, GazEntry>>, g: Gazetteer = gazetteer(), cachedLayers: ReadonlySet<Map<string, GazEntry>> = NONE): Lexicon {
  const maps = [...layers.filter((m) => m.size), g.byKey];
  const gazPrefixes = prefixesOf(g.byKey, true);
  if (maps.length === 1) return { get: (k) => g.byKey.get(k), hasFirst: (w) => g.firstWords.has(w), hasPrefix: (k) => gazPrefixes.has(k), maxWords: g.maxWords };
  const firsts = new Set<string>();
  let maxWords = g.maxWords;
  const prefixSets = [gazPrefixes];
  for (const m of maps.slice(0, -1)) {
    for (const [k, e] of m) {
      const sp = k.indexOf(' ');
      firsts.add(sp < 0 ? k : k.slice(0, sp));
      maxWords = Math.max(maxWords, e.form.length);
    }
    prefixSets.push(prefixesOf(m, cachedLayers.has(m)));
  }
  return {
    get(k) {
      for (const m of maps) {
        const e = m.get(k);
        if (e) return e;
      }
      return undefined;
    },
    hasFirst: (w) => firsts.has(w) || g.firstWords.has(w),
    hasPrefix(k) {
      for (const s of prefixSets) if (s.has(k)) return true;
      return false;
    },
    maxWords,
  };
}

/** People from the configuration: full name -> state and roles, for the same use as data/people.json. */
export interface CompiledExtra {
  entries: Map<string, GazEntry>;
  people: Map<string, { canonical: string; stateId?: string }>;
}

/** Compiles configured actors into lexicon entries. Throws on an unresolvable `state` (config validation names the field). */
export function compileExtra(list: readonly ExtraActor[] = []): CompiledExtra {
  const g = gazetteer();
  const entries = new Map<string, GazEntry>();
  const people = new Map<string, { canonical: string; stateId?: string }>();
  const stateByRef = new Map<string, { id: string; canonical: string }>();
  const idOf = (a: ExtraActor): string => {
    if (a.kind === 'state') {
      if (a.id && /^[A-Z]{2}$/.test(a.id) && g.states.has(a.id)) return `state:${a.id}`;
      return xStateId(a.id ?? a.name);
    }
    const prefix = a.kind === 'organisation' ? 'org' : a.kind;
    return `${prefix}:${kebab(a.id ?? a.name)}`;
  };
  for (const a of list) {
    if (a.kind !== 'state') continue;
    const id = idOf(a);
    for (const r of [a.name, a.id, ...(a.aliases ?? [])]) if (r) stateByRef.set(normWord(r), { id, canonical: a.name });
  }
  const resolveState = (ref: string): string => {
    const own = stateByRef.get(normWord(ref));
    if (own) return own.id;
    if (/^[A-Za-z]{2}$/.test(ref) && g.states.has(ref.toUpperCase())) return `state:${ref.toUpperCase()}`;
    const e = g.byKey.get(keyOf(ref));
    if (e && e.actorKind === 'state' && e.stateId) return e.stateId;
    const code = countryCode(ref);
    if (code) return `state:${code}`;
    throw new Error(`unknown state '${ref}' (name a state of the gazetteer, an ISO code or a state in the same actors list)`);
  };
  const put = (label: string, e: Omit<GazEntry, 'form'>): void => {
    const form = labelWords(label);
    if (form.length) entries.set(form.map(normWord).join(' '), { ...e, form });
  };
  for (const a of list) {
    const actorId = idOf(a);
    const stateId = a.kind === 'state' ? actorId : a.state ? resolveState(a.state) : undefined;
    const base = { role: 'actor' as const, actorId, actorKind: a.kind, canonical: a.name, ...(stateId ? { stateId } : {}) };
    put(a.name, { ...base, labelType: 'name' });
    for (const al of a.aliases ?? []) put(al, { ...base, labelType: 'short-name' });
    for (const d of a.demonyms ?? []) put(d, { ...base, role: 'demonym', labelType: 'demonym' });
    for (const m of a.metonyms ?? []) put(m, { ...base, role: 'metonym', labelType: 'metonym' });
    if (a.capital) {
      const form = labelWords(a.capital);
      put(a.capital, { ...base, role: 'metonym', labelType: 'metonym', placeId: `place:${kebab(form.join(' '))}`, placeCanonical: form.join(' ') });
    }
    if (a.kind === 'person') people.set(keyOf(a.name), { canonical: a.name, ...(stateId ? { stateId } : {}) });
  }
  return { entries, people };
}
