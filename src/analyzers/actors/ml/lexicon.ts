/**
 * The multilingual actor lexicon: for each language Parallax reads besides English (fa, ar, he, ru, tr, az), the
 * names of the same actors the English gazetteer knows — country names from i18n-iso-countries and world-countries,
 * and the hand-written data/ml/*.json files (people, organisations, seats of government, places, demonyms) — folded
 * with src/core/lang so spelling variants (ي/ی, ZWNJ, ё, dotted/dotless i) are one key.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { foldTerm } from '../../../core/lang/index.js';
import { gazetteer, kebab, type GazEntry } from '../gazetteer.js';

export const ML_LANGUAGES = ['fa', 'ar', 'he', 'ru', 'tr', 'az'] as const;
export type MlLang = (typeof ML_LANGUAGES)[number];

/** One name of an actor in one language: what a gazetteer label means (GazEntry), with its per-language matching. */
export interface MlEntry extends Omit<GazEntry, 'role' | 'form'> {
  /** Folded match keys of the name's words (Russian: stems; Arabic/Hebrew: also indexed without the article). */
  keys: string[];
  /** Per word: 0 any case, 1 must start with a capital, 2 must be all capitals (cased scripts only). */
  caps: number[];
  /** Russian, per word: the stem alone is a form of the word (Путин yes; Москв, Росс no: they need an ending). */
  bare: boolean[];
  /** The name as listed, folded: the normalised label of every inflected form (Россию, России -> россия). */
  form: string;
  /** A surname alone ("Путин") names the person only in this lexicon. */
  role: GazEntry['role'] | 'surname';
}

export interface LangRules {
  prefixes: string[];
  suffixes: string[];
  titles: string[];
  orgHeads: string[];
  placeHeads: string[];
  firstNames: string[];
  stop: string[];
  demonymNouns: string[];
  locatives: string[];
  /** Capitalised words that are never names: nationality adjectives, months, weekdays. */
  notNames: string[];
  /** Compass words that join a following place name ("Kuzey Irak"). */
  placeModifiers: string[];
  /** Titles followed directly by a name (آقای, السيد, מר); the others are roles with a complement (وزیر کشور). */
  honorifics: string[];
  /** Words that end a title in a capitalised run (Turkish Bakanı, Azerbaijani naziri). */
  titleHeads: string[];
  /** Arabic, Hebrew: reporting verbs whose subject follows them (وقال بوش، אמר לוי); optional in the file. */
  reportingVerbs?: string[];
  /** Words that follow a reporting verb and are not a name (مصدر، مسؤول، אתמול); optional in the file. */
  notSubjects?: string[];
  /** Turkish, Azerbaijani: honorifics written after a person's name (Mesut Bey, Aysel xanım); optional. */
  personAfter?: string[];
  /** Definite nouns that name one institution of the country on their own (Hebrew המשטרה, האוצר); optional. */
  institutions?: string[];
}

export interface MlLexicon {
  lang: MlLang;
  /** Key of the first word -> entries starting with it, longest first. */
  byFirst: Map<string, MlEntry[]>;
  rules: LangRules;
  /** Folded rule words, for quick membership tests. */
  titleKeys: Map<string, string[][]>;
  orgHeads: Set<string>;
  placeHeads: Set<string>;
  firstNames: Set<string>;
  stop: Set<string>;
  demonymNouns: Set<string>;
  prefixes: string[];
  suffixes: string[];
  locatives: Set<string>;
  notNames: Set<string>;
  placeModifiers: Set<string>;
  /** Folded honorifics, words joined by one space. */
  honorifics: Set<string>;
  titleHeads: Set<string>;
  reportingVerbs: Set<string>;
  notSubjects: Set<string>;
  personAfter: Set<string>;
}

type Names = Partial<Record<MlLang, string[]>>;
interface Provenanced {
  note?: string;
  source?: string;
}

const here = new URL('../data/ml/', import.meta.url);
function readData<T extends Provenanced>(name: string): T {
  const d = JSON.parse(readFileSync(new URL(name, here), 'utf8')) as T;
  if (!d.note && !d.source) throw new Error(`actors data/ml/${name}: needs a note or source (provenance)`);
  return d;
}

/** Russian endings stripped from a lexicon word to get its stem (the text word is then stem + any case ending). */
const RU_STEM_ENDINGS = ['ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ий', 'ый', 'ой', 'ых', 'их', 'ия', 'ии', 'ью', 'ь', 'й', 'а', 'я', 'о', 'е', 'ы', 'и'];
const CASED = new Set<MlLang>(['ru', 'tr', 'az']);

/** Russian case endings, for the ids of names no lexicon holds (Соколов, Соколова, Соколовым: one actor). */
const RU_CASE_ENDINGS = ['ами', 'ями', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ой', 'ей', 'ом', 'ем', 'ым', 'им', 'ах', 'ях', 'ам', 'ям', 'ую', 'юю', 'ь', 'а', 'я', 'у', 'ю', 'е', 'ы', 'и'];

/** A discovered Russian name word without its case ending (at least three letters kept). */
export function ruCaseStem(w: string): string {
  for (const e of RU_CASE_ENDINGS) if (w.endsWith(e) && w.length - e.length >= 3) return w.slice(0, -e.length);
  return w;
}

/** The stem of a folded Russian word: the longest listed ending removed when at least four letters remain. */
export function ruStem(w: string): string {
  for (const e of RU_STEM_ENDINGS) if (w.endsWith(e) && w.length - e.length >= 4) return w.slice(0, -e.length);
  return w;
}

function capOf(word: string, lang: MlLang): number {
  if (!CASED.has(lang)) return 0;
  const letters = word.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && letters === letters.toLocaleUpperCase(lang) && letters !== letters.toLocaleLowerCase(lang)) return 2;
  const c = letters[0];
  return c !== undefined && c !== c.toLocaleLowerCase(lang) ? 1 : 0;
}

/** Words of a name: white space and, for Russian, nothing else (hyphenated names stay one word). */
function nameWords(name: string): string[] {
  return name.trim().split(/\s+/u).filter(Boolean);
}

/** Hebrew gershayim and geresh are typed as ASCII quotes as often as not (ארה"ב, ג'ורג'): one key for both. */
export function heKey(k: string): string {
  return k.replace(/\u05F4/gu, '"').replace(/\u05F3/gu, "'");
}

function keyOf(word: string, lang: MlLang): string {
  const k = foldTerm(word, lang);
  if (lang === 'he') return heKey(k);
  return lang === 'ru' && !/^\p{Lu}+$/u.test(word) ? ruStem(k) : k;
}

type EntryBase = Omit<MlEntry, 'keys' | 'caps' | 'bare' | 'form'>;

class Builder {
  readonly byFirst = new Map<string, MlEntry[]>();
  private readonly seen = new Set<string>();
  constructor(readonly lang: MlLang, private readonly ambiguous: ReadonlySet<string>) {}

  add(name: string, base: EntryBase): void {
    const words = nameWords(name.replace(/\([^)]*\)/gu, ' '));
    if (!words.length || name.includes(',') || this.ambiguous.has(foldTerm(name, this.lang))) return;
    const keys = words.map((w) => keyOf(w, this.lang));
    if (keys.some((k) => !k)) return;
    const caps = words.map((w) => capOf(w, this.lang));
    const bare = words.map((w, i) => this.lang !== 'ru' || foldTerm(w, 'ru') === keys[i]);
    const form = foldTerm(name, this.lang);
    this.put({ ...base, keys, caps, bare, form });
    // "الأمم المتحدة" is also written after a preposition that swallows the article (للأمم); Hebrew ה after ב/ל/כ
    const first = keys[0];
    if (this.lang === 'ar' && first.startsWith('ال') && first.length > 4) this.put({ ...base, keys: [first.slice(2), ...keys.slice(1)], caps, bare, form });
    if (this.lang === 'he' && first.startsWith('ה') && first.length > 3) this.put({ ...base, keys: [first.slice(1), ...keys.slice(1)], caps, bare, form });
  }

  private put(e: MlEntry): void {
    const id = `${e.keys.join(' ')}`;
    if (this.seen.has(id)) return; // the first writer wins: people and organisations before country lists
    this.seen.add(id);
    const list = this.byFirst.get(e.keys[0]) ?? [];
    list.push(e);
    list.sort((a, b) => b.keys.length - a.keys.length);
    this.byFirst.set(e.keys[0], list);
  }
}

const WC_LANG: Partial<Record<MlLang, string>> = { fa: 'per', ar: 'ara', ru: 'rus', tr: 'tur' };

interface WorldCountry {
  cca2: string;
  translations: Record<string, { common: string; official: string }>;
}

function addCountries(b: Builder, lang: MlLang, stateName: (code: string) => string | undefined): void {
  const require = createRequire(import.meta.url);
  const iso = require('i18n-iso-countries') as { registerLocale(l: unknown): void; getNames(lang: string, o: { select: 'all' }): Record<string, string[]> };
  iso.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
  const names = iso.getNames(lang, { select: 'all' });
  const wc = require('world-countries') as WorldCountry[];
  const wcLang = WC_LANG[lang];
  for (const c of wc) {
    const canonical = stateName(c.cca2);
    if (!canonical) continue;
    const base: EntryBase = { role: 'actor', actorId: `state:${c.cca2}`, actorKind: 'state', canonical, labelType: 'name', stateId: `state:${c.cca2}` };
    const list = [...(names[c.cca2] ?? [])];
    const t = wcLang ? c.translations[wcLang] : undefined;
    if (t) list.push(t.common, t.official);
    // world-countries gives Israel's Persian "official" name as an epithet ("occupied Palestine"): that is a label, not a name
    for (const n of list) {
      if (!n || /اشغال/u.test(n)) continue;
      if (CASED.has(lang) && /^\p{Ll}/u.test(n.trim())) continue; // a lower-case typo in the data ("çin")
      b.add(n, base);
    }
  }
}

let cache: Map<MlLang, MlLexicon> | null = null;

interface PeopleFile extends Provenanced { entries: Array<{ name: string; full: Names; short?: Names }> }
interface CityFile extends Provenanced { entries: Array<{ en: string; names: Names }> }
interface OrgFile extends Provenanced { entries: Array<{ id: string; names: Names }> }
interface PlaceFile extends Provenanced {
  metonyms: Array<{ en: string; state?: string; org?: string; building?: boolean; names: Names }>;
  places: Array<{ id: string; names: Names }>;
  stateAliases: Array<{ state: string; names: Names }>;
  notStates: Provenanced & { names: Names };
}
interface LangFile extends Provenanced {
  languages: Record<MlLang, LangRules>;
  demonyms: Provenanced & { entries: Array<{ state: string; names: Names }> };
}

const extraCache = new WeakMap<Map<string, GazEntry>, Map<MlLang, MlLexicon>>();

/**
 * The lexicon of `lang` with the configured actors (parallax.config.json `actors`, compiled by compileExtra) over
 * it: their names, aliases, demonyms, capitals and metonyms in whatever script the user wrote them, matched with the
 * same per-language rules; a configured name wins over a listed one of the same length.
 */
export function mlLexiconWith(lang: MlLang, extra: Map<string, GazEntry>): MlLexicon {
  const base = mlLexicon(lang);
  if (!extra.size) return base;
  let perLang = extraCache.get(extra);
  if (!perLang) extraCache.set(extra, (perLang = new Map()));
  const hit = perLang.get(lang);
  if (hit) return hit;
  const b = new Builder(lang, new Set());
  for (const e of extra.values()) {
    const { form, ...rest } = e;
    b.add(form.join(' '), { role: rest.role, actorId: rest.actorId, actorKind: rest.actorKind, canonical: rest.canonical, labelType: rest.labelType, stateId: rest.stateId, placeId: rest.placeId, placeCanonical: rest.placeCanonical });
  }
  const byFirst = new Map(base.byFirst);
  for (const [k, list] of b.byFirst) byFirst.set(k, [...list, ...(byFirst.get(k) ?? [])].sort((x, y) => y.keys.length - x.keys.length));
  const lex: MlLexicon = { ...base, byFirst };
  perLang.set(lang, lex);
  return lex;
}

/** The lexicon of one language, built once per process. */
export function mlLexicon(lang: MlLang): MlLexicon {
  if (!cache) cache = buildAll();
  return cache.get(lang)!;
}

function buildAll(): Map<MlLang, MlLexicon> {
  const g = gazetteer();
  const people = readData<PeopleFile>('people.json');
  const orgs = readData<OrgFile>('organisations.json');
  const places = readData<PlaceFile>('places.json');
  const langs = readData<LangFile>('language.json');
  const cities = readData<CityFile>('cities.json');
  const englishOrgs = new Map<string, string>();
  for (const [, e] of g.byKey) if (e.actorKind === 'organisation' && e.labelType === 'name') englishOrgs.set(e.actorId, e.canonical);
  const englishPlaces = new Map<string, string>();
  for (const [, e] of g.byKey) if (e.actorKind === 'place' && e.labelType === 'name') englishPlaces.set(e.actorId, e.canonical);
  const out = new Map<MlLang, MlLexicon>();
  for (const lang of ML_LANGUAGES) {
    const b = new Builder(lang, new Set((places.notStates.names[lang] ?? []).map((n) => foldTerm(n, lang))));
    for (const p of people.entries) {
      const known = g.people.get(p.name.toLowerCase().replace(/’/g, "'"));
      if (!known) throw new Error(`actors data/ml/people.json: ${p.name} is not in data/people.json`);
      const base: EntryBase = { role: 'actor', actorId: `person:${kebab(p.name)}`, actorKind: 'person', canonical: p.name, labelType: 'name', stateId: known.stateId };
      for (const n of p.full[lang] ?? []) b.add(n, base);
      for (const n of p.short?.[lang] ?? []) b.add(n, { ...base, role: 'surname', labelType: 'short-name' });
    }
    for (const o of orgs.entries) {
      const canonical = englishOrgs.get(`org:${o.id}`);
      if (!canonical) throw new Error(`actors data/ml/organisations.json: ${o.id} is not in data/organisations.json`);
      (o.names[lang] ?? []).forEach((n, i) => b.add(n, { role: 'actor', actorId: `org:${o.id}`, actorKind: 'organisation', canonical, labelType: i === 0 ? 'name' : 'short-name' }));
    }
    for (const a of places.stateAliases) {
      const canonical = g.states.get(a.state)?.canonical;
      if (!canonical) throw new Error(`actors data/ml/places.json: unknown state ${a.state}`);
      for (const n of a.names[lang] ?? []) b.add(n, { role: 'actor', actorId: `state:${a.state}`, actorKind: 'state', canonical, labelType: 'name', stateId: `state:${a.state}` });
    }
    addCountries(b, lang, (code) => g.states.get(code)?.canonical);
    for (const m of places.metonyms) {
      const target = m.org
        ? { actorId: `org:${m.org}`, actorKind: 'organisation' as const, canonical: englishOrgs.get(`org:${m.org}`) ?? m.org }
        : { actorId: `state:${m.state}`, actorKind: 'state' as const, canonical: g.states.get(m.state!)?.canonical ?? m.state!, stateId: `state:${m.state}` };
      const place = m.building ? {} : { placeId: `place:${kebab(m.en)}`, placeCanonical: m.en };
      for (const n of m.names[lang] ?? []) b.add(n, { role: 'metonym', ...target, labelType: 'metonym', ...place });
    }
    for (const p of places.places) {
      const canonical = englishPlaces.get(`place:${p.id}`);
      if (!canonical) throw new Error(`actors data/ml/places.json: ${p.id} is not in data/places.json`);
      (p.names[lang] ?? []).forEach((n, i) => b.add(n, { role: 'actor', actorId: `place:${p.id}`, actorKind: 'place', canonical, labelType: i === 0 ? 'name' : 'short-name' }));
    }
    // institutions named by a definite noun alone (Hebrew המשטרה): organisations no English list holds
    for (const n of langs.languages[lang].institutions ?? []) {
      const f = foldTerm(n, lang);
      b.add(n, { role: 'actor', actorId: `org:${kebab(f) || f.replace(/\s+/gu, '-')}`, actorKind: 'organisation', canonical: n, labelType: 'name' });
    }
    // cities.json: after places.json, so a place listed there keeps its entry (the first writer wins)
    for (const c of cities.entries) {
      const id = `place:${kebab(c.en)}`;
      (c.names[lang] ?? []).forEach((n, i) => b.add(n, { role: 'actor', actorId: id, actorKind: 'place', canonical: englishPlaces.get(id) ?? c.en, labelType: i === 0 ? 'name' : 'short-name' }));
    }
    for (const d of langs.demonyms.entries) {
      const canonical = g.states.get(d.state)?.canonical ?? d.state;
      for (const n of d.names[lang] ?? []) b.add(n, { role: 'demonym', actorId: `state:${d.state}`, actorKind: 'state', canonical, labelType: 'demonym', stateId: `state:${d.state}` });
    }
    out.set(lang, compile(lang, b.byFirst, langs.languages[lang]));
  }
  return out;
}

function compile(lang: MlLang, byFirst: Map<string, MlEntry[]>, rules: LangRules): MlLexicon {
  const fold = (w: string): string => foldTerm(w, lang);
  const titleKeys = new Map<string, string[][]>();
  for (const t of rules.titles) {
    const ws = nameWords(t).map(fold);
    const list = titleKeys.get(ws[0]) ?? [];
    list.push(ws);
    list.sort((a, b) => b.length - a.length);
    titleKeys.set(ws[0], list);
  }
  return {
    lang,
    byFirst,
    rules,
    titleKeys,
    orgHeads: new Set(rules.orgHeads.map(fold)),
    placeHeads: new Set(rules.placeHeads.map(fold)),
    firstNames: new Set(rules.firstNames.map(fold)),
    stop: new Set(rules.stop.map(fold)),
    demonymNouns: new Set(rules.demonymNouns.map(fold)),
    prefixes: [...new Set(rules.prefixes.map(fold))].sort((a, b) => a.length - b.length),
    suffixes: [...new Set(rules.suffixes.map(fold))].filter(Boolean).sort((a, b) => b.length - a.length),
    locatives: new Set(rules.locatives.map(fold)),
    notNames: new Set(rules.notNames.map(fold)),
    placeModifiers: new Set(rules.placeModifiers.map(fold)),
    honorifics: new Set(rules.honorifics.map((h) => nameWords(h).map(fold).join(' '))),
    titleHeads: new Set(rules.titleHeads.map(fold)),
    reportingVerbs: new Set((rules.reportingVerbs ?? []).map(fold)),
    notSubjects: new Set((rules.notSubjects ?? []).map(fold)),
    personAfter: new Set((rules.personAfter ?? []).map(fold)),
  };
}
