import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ActorKind, LabelType } from '../../core/finding.js';

/** One thing a gazetteer label can mean. */
export interface GazEntry {
  /** 'demonym' entries are not actors by themselves: they become one with an actor noun ("Israeli officials"). */
  role: 'actor' | 'demonym' | 'metonym';
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  labelType: LabelType;
  stateId?: string;
  /** For metonyms that are also cities: the place id used when the text uses it as a place ("in Baku"). */
  placeId?: string;
  placeCanonical?: string;
  /** The label as written in the gazetteer, to check capitalisation ("WHO" must not match "Who"). */
  form: string[];
}

export interface Gazetteer {
  /** Normalised label (words lower-cased, joined by one space) -> entry. */
  byKey: Map<string, GazEntry>;
  /** Lower-cased first words of all labels: a cheap pre-filter before longest-match lookup. */
  firstWords: Set<string>;
  maxWords: number;
  states: Map<string, { canonical: string }>;
  demonymOfState: Map<string, string>;
  firstNames: Set<string>;
  titleHeads: Set<string>;
  titleModifiers: Set<string>;
  honorifics: Set<string>;
  /** Lower-case role nouns, single words and multiword ("prime minister"). */
  roles: Set<string>;
  speechVerbs: Set<string>;
  stateNouns: Set<string>;
  orgNouns: Set<string>;
  maxNounWords: number;
  /** Heads of proper-name chunks (data/name-heads.json): the last word says what kind of thing the chunk names. */
  orgHeads: Set<string>;
  placeHeads: Set<string>;
  stateHeads: Set<string>;
  otherHeads: Set<string>;
  stateHeadBlockers: Set<string>;
  surnameLike: Set<string>;
  /** State discovery cues (data/discovery.json). */
  discovery: {
    ofStrong: Set<string>;
    ofWeak: Set<string>;
    possStrong: Set<string>;
    possWeak: Set<string>;
    possMaxWords: number;
    toState: Set<string>;
    stateVerbs: Set<string>;
    demonymRules: Array<{ drop: string; add: string }>;
    demonymNouns: Set<string>;
    capitalWords: Set<string>;
  };
  /** Well-known office holders (data/people.json): normalised full name or alias -> state and role. */
  people: Map<string, { canonical: string; stateId: string; role: string }>;
  /** East Asian family names, written first ("Leung Che-cheung"). */
  familyFirst: Set<string>;
  /** Match-report words (data/sport-cues.json): many of them make country names national teams. */
  sport: { words: Set<string>; minCount: number; minDistinct: number };
}

interface Provenanced {
  note?: string;
  source?: string;
}

const here = new URL('./data/', import.meta.url);
function readData<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, here), 'utf8')) as T;
}

/** Normalises a word for lookup: lower case, typographic apostrophe folded. */
export function normWord(w: string): string {
  return w.toLowerCase().replace(/’/g, "'");
}

/** Id slug: accents dropped, lower case, apostrophes dropped, other non-alphanumerics as single hyphens. */
export function kebab(s: string): string {
  return kebabAscii(s) ?? kebabOf(s);
}
/** kebab() for an ASCII string (NFKD and accent removal change nothing there), or null for any other string. */
function kebabAscii(s: string): string | null {
  let out = '';
  let dash = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 128) return null;
    if (c === 39) continue; // apostrophes go before runs of other characters become hyphens
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (dash && out.length) out += '-';
      dash = false;
      out += String.fromCharCode(c);
    } else dash = true;
  }
  return out;
}
function kebabOf(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Splits a label into the same word units the analyzer builds from tokens. */
export function labelWords(label: string): string[] {
  return label.replace(/^the\s+/i, '').split(/\s+/).filter(Boolean);
}

function validate(name: string, entries: Array<Provenanced & Record<string, unknown>>, required: string[]): void {
  entries.forEach((e, i) => {
    for (const k of required) if (e[k] === undefined) throw new Error(`${name} entry ${i}: missing ${k}`);
    if (!e.note && !e.source) throw new Error(`${name} entry ${i}: needs a note or source (provenance)`);
  });
}

let cached: Gazetteer | null = null;

/** A country of world-countries (the fields the gazetteer reads). */
interface WorldCountry {
  cca2: string;
  independent?: boolean;
  unMember?: boolean;
  name: { common: string; official: string };
  altSpellings: string[];
  capital?: string[];
  demonyms?: { eng?: { f: string; m: string } };
}
/** The country lists the gazetteer is built from: world-countries and i18n-iso-countries' English names. */
interface World {
  worldCountries: WorldCountry[];
  isoNames: Record<string, string[]>;
}
/** The label tables being built: label key -> entry, ISO code -> state, demonym -> state id. */
interface LabelTables {
  byKey: Map<string, GazEntry>;
  states: Map<string, { canonical: string }>;
  demonymOfState: Map<string, string>;
}
type OrgEntry = Provenanced & { id: string; names: string[]; kind: string; state?: string };

/** Builds the gazetteer once per process from world-countries, i18n-iso-countries and data/*.json. */
export function gazetteer(): Gazetteer {
  if (cached) return cached;
  const world = loadWorld();
  const t: LabelTables = { byKey: new Map(), states: new Map(), demonymOfState: new Map() };
  addCountries(t, world);
  const orgs = addListedActors(t);
  addMetonyms(t, world, orgs);
  const { byKey, states, demonymOfState } = t;

  const firstWords = new Set<string>();
  let maxWords = 1;
  for (const [k, e] of byKey) {
    firstWords.add(k.split(' ')[0]);
    maxWords = Math.max(maxWords, e.form.length);
  }

  const first = readData<Provenanced & { names: string[] }>('first-names.json');
  if (!first.note && !first.source) throw new Error('first-names.json needs a note');
  const titles = readData<Provenanced & { head: string[]; modifier: string[]; honorific: string[]; role: string[]; speechVerbs: string[] }>('titles.json');
  const nouns = readData<Provenanced & { state: string[]; organisation: string[] }>('demonym-nouns.json');
  const stateNouns = new Set(nouns.state.map(normWord));
  const orgNouns = new Set(nouns.organisation.map(normWord));
  const maxNounWords = Math.max(...[...stateNouns, ...orgNouns].map((n) => n.split(' ').length));
  const heads = readHeads();
  const discovery = readDiscovery(stateNouns, orgNouns);
  const peopleMap = readPeople(states);

  cached = {
    orgHeads: heads.set('organisation'),
    placeHeads: heads.set('place'),
    stateHeads: heads.set('state'),
    otherHeads: heads.set('other'),
    stateHeadBlockers: heads.stateHeadBlockers,
    surnameLike: heads.surnameLike,
    discovery,
    people: peopleMap,
    sport: (() => {
      const sp = readData<Provenanced & { words: string[]; minCount: number; minDistinct: number }>('sport-cues.json');
      if (!sp.note && !sp.source) throw new Error('sport-cues.json needs a note');
      return { words: new Set(sp.words.map(normWord)), minCount: sp.minCount, minDistinct: sp.minDistinct };
    })(),
    familyFirst: new Set(readData<Provenanced & { names: string[] }>('family-names.json').names),
    byKey,
    firstWords,
    maxWords,
    states,
    demonymOfState,
    firstNames: new Set(first.names),
    titleHeads: new Set(titles.head.flatMap((w) => w.split(' ')).filter((w) => w[0] !== w[0].toLowerCase())),
    titleModifiers: new Set(titles.modifier.flatMap((w) => w.split(' ')).filter((w) => w[0] !== w[0].toLowerCase())),
    honorifics: new Set(titles.honorific),
    roles: new Set(titles.role.map(normWord)),
    speechVerbs: new Set(titles.speechVerbs.map(normWord)),
    stateNouns,
    orgNouns,
    maxNounWords,
  };
  return cached;
}

/** world-countries, and i18n-iso-countries with its English names registered. */
function loadWorld(): World {
  const require = createRequire(import.meta.url);
  const worldCountries = require('world-countries') as WorldCountry[];
  const isoCountries = require('i18n-iso-countries') as {
    registerLocale(l: unknown): void;
    getNames(lang: string, o: { select: 'all' }): Record<string, string[]>;
  };
  isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const isoNames = isoCountries.getNames('en', { select: 'all' });
  return { worldCountries, isoNames };
}

/** Adds a label. mode: 'first' keeps an existing entry; 'force' replaces it; 'other' replaces only another actor's entry. */
function addLabel(t: LabelTables, label: string, e: Omit<GazEntry, 'form'>, mode: 'first' | 'force' | 'other' = 'first'): void {
  const form = labelWords(label);
  if (!form.length) return;
  const key = form.map(normWord).join(' ');
  const prev = t.byKey.get(key);
  if (prev && (mode === 'first' || (mode === 'other' && prev.actorId === e.actorId))) return; // "Nato" must not relabel "NATO"
  t.byKey.set(key, { ...e, form });
}

/**
 * Short all-capital alternative spellings in world-countries are mostly ISO codes ("IN", "IT"): only a few
 * are used in prose, and those come from state-aliases.json.
 */
function okAlt(s: string): boolean {
  return s.length > 3 && !/,/.test(s) && /^[\p{L}\s.'’-]+$/u.test(s);
}

/** Every country: common and official names, alternative spellings, ISO names, demonyms. */
function addCountries(t: LabelTables, world: World): void {
  for (const c of world.worldCountries) {
    const id = `state:${c.cca2}`;
    const canonical = c.name.common;
    t.states.set(c.cca2, { canonical });
    const st = { role: 'actor' as const, actorId: id, actorKind: 'state' as const, canonical, stateId: id };
    addLabel(t, c.name.common, { ...st, labelType: 'name' });
    addLabel(t, c.name.official, { ...st, labelType: 'name' });
    for (const a of c.altSpellings) if (okAlt(a)) addLabel(t, a, { ...st, labelType: 'name' });
    for (const a of world.isoNames[c.cca2] ?? []) if (okAlt(a)) addLabel(t, a, { ...st, labelType: 'name' });
    const dem = c.demonyms?.eng;
    if (dem) {
      for (const d of new Set([dem.m, dem.f])) {
        if (!d || d.includes(',')) continue;
        addLabel(t, d, { role: 'demonym', actorId: id, actorKind: 'state', canonical, stateId: id, labelType: 'demonym' });
        t.demonymOfState.set(normWord(d), id);
      }
    }
  }
}

/** State aliases, organisations and places from data/*.json. Returns the organisations (metonyms may name one). */
function addListedActors(t: LabelTables): OrgEntry[] {
  const { states } = t;
  const aliases = readData<{ entries: Array<Provenanced & { label: string; state: string; labelType: LabelType }> }>('state-aliases.json');
  validate('state-aliases.json', aliases.entries as never, ['label', 'state', 'labelType']);
  for (const a of aliases.entries) {
    const canonical = states.get(a.state)?.canonical ?? (a.state === 'SU' ? 'Soviet Union' : a.label);
    if (!states.has(a.state)) states.set(a.state, { canonical });
    addLabel(t, a.label, { role: 'actor', actorId: `state:${a.state}`, actorKind: 'state', canonical, stateId: `state:${a.state}`, labelType: a.labelType }, 'force');
  }
  addLabel(t, 'Turkey', { role: 'actor', actorId: 'state:TR', actorKind: 'state', canonical: states.get('TR')!.canonical, stateId: 'state:TR', labelType: 'name' });

  const orgs = readData<{ entries: OrgEntry[] }>('organisations.json');
  validate('organisations.json', orgs.entries as never, ['id', 'names', 'kind']);
  for (const o of orgs.entries) {
    for (const n of o.names) {
      addLabel(t, n, { role: 'actor', actorId: `org:${o.id}`, actorKind: 'organisation', canonical: o.names[0], labelType: n === o.names[0] ? 'name' : 'short-name', ...(o.state ? { stateId: `state:${o.state}` } : {}) }, 'other');
    }
  }

  const places = readData<{ entries: Array<Provenanced & { id: string; names: string[]; kind: string; state?: string }> }>('places.json');
  validate('places.json', places.entries as never, ['id', 'names', 'kind']);
  for (const p of places.entries) {
    for (const n of p.names) {
      addLabel(t, n, { role: 'actor', actorId: `place:${p.id}`, actorKind: 'place', canonical: p.names[0], labelType: n === p.names[0] ? 'name' : 'short-name', ...(p.state ? { stateId: `state:${p.state}` } : {}) }, 'other');
    }
  }
  return orgs.entries;
}

/** Capitals of UN member states that are also common given names or words: not metonyms. */
const BAD_CAPITALS = new Set(['Male', 'Victoria', 'Kingston', 'Hamilton', 'Santiago', 'San José', 'Saint John\'s', 'Georgetown', 'Praia', 'Roseau', 'Castries', 'Basseterre', 'Apia', 'Palikir']);

/** Metonyms from metonyms.json ("the Kremlin", "Tehran"), then the capitals of UN member states; the first of a label wins. */
function addMetonyms(t: LabelTables, world: World, orgs: OrgEntry[]): void {
  const metonyms = readData<{ entries: Array<Provenanced & { label: string; state?: string; org?: string }> }>('metonyms.json');
  validate('metonyms.json', metonyms.entries as never, ['label']);
  const metonymLabels = new Set<string>();
  for (const m of metonyms.entries) addMetonym(t, metonymLabels, orgs, m.label, m.state, m.org);
  for (const c of world.worldCountries) {
    if (!c.unMember) continue;
    for (const cap of c.capital ?? []) if (!BAD_CAPITALS.has(cap) && okAlt(cap)) addMetonym(t, metonymLabels, orgs, cap, c.cca2, undefined);
  }
}

/** A metonym of a state or organisation; a building ("the White House") is no place of its own. */
function addMetonym(t: LabelTables, metonymLabels: Set<string>, orgs: OrgEntry[], label: string, state: string | undefined, org: string | undefined): void {
  const form = labelWords(label);
  const key = form.map(normWord).join(' ');
  if (metonymLabels.has(key)) return;
  metonymLabels.add(key);
  const isBuilding = /^the\s/i.test(label) || /House|Street|Palace|Pentagon|Kremlin|Hill|Bottom|Whitehall|Westminster|Zhongnanhai|Number|No\b|Quai/.test(label);
  const target = org
    ? { actorId: `org:${org}`, actorKind: 'organisation' as const, canonical: orgs.find((o) => o.id === org)?.names[0] ?? org }
    : { actorId: `state:${state}`, actorKind: 'state' as const, canonical: t.states.get(state!)?.canonical ?? state!, stateId: `state:${state}` };
  t.byKey.set(key, {
    role: 'metonym',
    ...target,
    labelType: 'metonym',
    form,
    ...(isBuilding ? {} : { placeId: `place:${kebab(form.join(' '))}`, placeCanonical: form.join(' ') }),
  });
}

/** name-heads.json: the head words by kind, the state-head blockers and the surname-like heads. */
function readHeads(): { set: (kind: string) => Set<string>; stateHeadBlockers: Set<string>; surnameLike: Set<string> } {
  const heads = readData<Provenanced & {
    groups: Array<Provenanced & { kind: string; words: string[] }>;
    stateHeadBlockers: Provenanced & { words: string[] };
    surnameLike: Provenanced & { words: string[] };
  }>('name-heads.json');
  validate('name-heads.json', heads.groups as never, ['kind', 'words']);
  const headSet = (kind: string): Set<string> => new Set(heads.groups.filter((x) => x.kind === kind).flatMap((x) => x.words.map(normWord)));
  for (const x of heads.groups) if (!['organisation', 'place', 'state', 'other'].includes(x.kind)) throw new Error(`name-heads.json: unknown kind ${x.kind}`);
  return { set: headSet, stateHeadBlockers: new Set(heads.stateHeadBlockers.words.map(normWord)), surnameLike: new Set(heads.surnameLike.words.map(normWord)) };
}

/** discovery.json: the cue lists discover() reads (state and organisation nouns join its demonym nouns). */
function readDiscovery(stateNouns: Set<string>, orgNouns: Set<string>): Gazetteer['discovery'] {
  const disc = readData<Provenanced & {
    ofStatePrefix: Provenanced & { strong: string[]; weak: string[] };
    possessed: Provenanced & { strong: string[]; weak: string[] };
    ambassadorTo: Provenanced & { words: string[] };
    stateVerbs: Provenanced & { words: string[] };
    demonymSuffixes: Provenanced & { rules: Array<{ drop: string; add: string }> };
    demonymNouns: Provenanced & { words: string[] };
    capitalCues: Provenanced & { words: string[] };
  }>('discovery.json');
  validate('discovery.json', [disc.ofStatePrefix, disc.possessed, disc.ambassadorTo, disc.stateVerbs, disc.demonymSuffixes, disc.demonymNouns, disc.capitalCues] as never, []);
  const possStrong = new Set(disc.possessed.strong.map(normWord));
  const possWeak = new Set(disc.possessed.weak.map(normWord));
  return {
    ofStrong: new Set(disc.ofStatePrefix.strong.map(normWord)),
    ofWeak: new Set(disc.ofStatePrefix.weak.map(normWord)),
    possStrong,
    possWeak,
    possMaxWords: Math.max(...[...possStrong, ...possWeak].map((x) => x.split(' ').length)),
    toState: new Set(disc.ambassadorTo.words.map(normWord)),
    stateVerbs: new Set(disc.stateVerbs.words.map(normWord)),
    demonymRules: disc.demonymSuffixes.rules,
    demonymNouns: new Set([...disc.demonymNouns.words.map(normWord), ...stateNouns, ...orgNouns]),
    capitalWords: new Set(disc.capitalCues.words.map(normWord)),
  };
}

/** people.json: well-known office holders by every form of their name (each state must be known). */
function readPeople(states: Map<string, { canonical: string }>): Map<string, { canonical: string; stateId: string; role: string }> {
  const people = readData<Provenanced & { entries: Array<Provenanced & { name: string; aliases?: string[]; state: string; role: string }> }>('people.json');
  validate('people.json', people.entries as never, ['name', 'state', 'role']);
  const peopleMap = new Map<string, { canonical: string; stateId: string; role: string }>();
  for (const p of people.entries) {
    if (!states.has(p.state)) throw new Error(`people.json: ${p.name}: unknown state ${p.state}`);
    for (const n of [p.name, ...(p.aliases ?? [])]) peopleMap.set(labelWords(n).map(normWord).join(' '), { canonical: p.name, stateId: `state:${p.state}`, role: p.role });
  }
  return peopleMap;
}
