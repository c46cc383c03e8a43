import { jsonErrorOffset, lineColumn } from './json-error.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import countries from 'i18n-iso-countries';
import { ParallaxError } from './errors.js';

/**
 * The user's `parallax.config.json`: perspective groups and their own outlet entries (docs/config.md).
 * `parseConfig` is pure; `loadConfig` only adds reading the file.
 */

/**
 * Who owns or controls an outlet. `state`: owned or directed by a government, ruling party or state body.
 * `public`: public-service media with a statutory guarantee of editorial independence. `private`: the rest.
 * Deliberately no left/right axis: which side an outlet is on is the user's call, made with groups.
 */
export const OWNERSHIPS = ['state', 'public', 'private'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export const OUTLET_TYPES = ['agency', 'newspaper', 'broadcaster', 'online', 'magazine'] as const;
export type OutletType = (typeof OUTLET_TYPES)[number];

/** An outlet entry as the user writes it in the config: a new outlet, or an override of a bundled one by id. */
export interface UserOutlet {
  id: string;
  name?: string;
  aliases?: string[];
  domains?: string[];
  country?: string;
  ownership?: Ownership;
  type?: OutletType;
  languages?: string[];
  source?: string;
  note?: string;
  syndication?: boolean;
}

/** One perspective group, in file order. Empty lists mean "no rule of that kind". */
export interface GroupRule {
  name: string;
  /** Outlet ids or names (case-, accent- and punctuation-insensitive). */
  outlets: string[];
  /** ISO 3166-1 alpha-2 codes (names in the file are mapped to codes when loaded). */
  countries: string[];
  ownership: Ownership[];
  note?: string;
}

export const ACTOR_KINDS = ['state', 'person', 'organisation', 'place'] as const;
export type ConfigActorKind = (typeof ACTOR_KINDS)[number];

/**
 * An actor the user names for the actors analyzer: states, people, organisations and places that no gazetteer
 * holds (an invented or little-known state, its capital and demonyms). See docs/config.md.
 */
export interface ConfigActor {
  id?: string;
  name: string;
  kind: ConfigActorKind;
  aliases?: string[];
  demonyms?: string[];
  capital?: string;
  metonyms?: string[];
  /** People, organisations and places: the state they belong to (a name, alias or id in this list, or a real country). */
  state?: string;
  source?: string;
  note?: string;
}

export interface ParallaxConfig {
  /** The file the config came from; null when defaults are used. */
  path: string | null;
  groups: GroupRule[];
  outlets: UserOutlet[];
  /** Extra actors for the actors analyzer (empty when the file has none). */
  actors: ConfigActor[];
}

export const CONFIG_FILE_NAME = 'parallax.config.json';

export function defaultConfig(): ParallaxConfig {
  return { path: null, groups: [], outlets: [], actors: [] };
}

// ---------------------------------------------------------------------------------------------------------
// Shared helpers (also used by the outlet registry in src/clean/outlets.ts)

/**
 * The comparison key for outlet names: case, diacritics, punctuation, spacing and the word "the" do not count,
 * so "The Times of Israel", "times of israel" and "Times-of-Israel" are one key, as are "Report.az" and "Report az".
 */
export function outletKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && w !== 'the')
    .join('');
}

// Common English names that the ISO list spells differently ("Syrian Arab Republic") or not at all.
const EXTRA_COUNTRY_NAMES: Record<string, string> = {
  syria: 'SY',
  laos: 'LA',
  moldova: 'MD',
  brunei: 'BN',
  macau: 'MO',
  macao: 'MO',
  vatican: 'VA',
  'vatican city': 'VA',
  burma: 'MM',
  bosnia: 'BA',
  britain: 'GB',
  holland: 'NL',
  macedonia: 'MK',
  'east timor': 'TL',
  'dr congo': 'CD',
  drc: 'CD',
  'palestinian territories': 'PS',
  swaziland: 'SZ',
  micronesia: 'FM',
  'ivory coast': 'CI',
  turkiye: 'TR',
};

let countryNameIndex: Map<string, string> | null = null;

function countryNameKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

function countryIndex(): Map<string, string> {
  if (countryNameIndex) return countryNameIndex;
  const m = new Map<string, string>();
  const names = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  for (const [code, list] of Object.entries(names)) for (const n of list) m.set(countryNameKey(n), code);
  for (const [n, code] of Object.entries(EXTRA_COUNTRY_NAMES)) m.set(countryNameKey(n), code);
  countryNameIndex = m;
  return m;
}

/** True for an ISO 3166-1 alpha-2 code as stored: two upper-case letters that the standard assigns. */
export function isCountryCode(s: string): boolean {
  return /^[A-Z]{2}$/.test(s) && countries.isValid(s);
}

/**
 * An ISO 3166-1 alpha-2 code for what a user wrote: an alpha-2 or alpha-3 code in any case, or an English
 * country name ("Iran", "United Kingdom", "Türkiye"). Null when it names no country we know ("Persia").
 */
export function countryCode(value: string): string | null {
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v)) return isCountryCode(v.toUpperCase()) ? v.toUpperCase() : null;
  if (/^[A-Za-z]{3}$/.test(v)) {
    const a2 = countries.alpha3ToAlpha2(v.toUpperCase());
    if (a2) return a2;
  }
  return countryIndex().get(countryNameKey(v)) ?? null;
}

/** `groups.Iran`, `groups["Iranian state media"]`, `outlets[0].country`. */
export function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const prop = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return base ? `${base}${prop}` : prop.replace(/^\./, '');
}

export type FieldFail = (path: string, problem: string) => never;

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** "group" -> groups, "country" -> countries, "owner" -> ownership: near misses and stems of a known field. */
function suggest(key: string, allowed: readonly string[]): string {
  const k = key.toLowerCase();
  const hit = allowed.find((a) => {
    const f = a.toLowerCase();
    return editDistance(k, f) <= Math.max(1, Math.floor(f.length / 4)) || (k.length >= 4 && (f.startsWith(k.slice(0, -1)) || k.startsWith(f)));
  });
  return hit ? ` (did you mean '${hit}'?)` : ` (expected one of: ${allowed.join(', ')})`;
}

/** Keys starting with "$" ($schema, $comment) are ignored everywhere so files can carry comments. */
function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string, fail: FieldFail): void {
  for (const key of Object.keys(obj)) {
    if (key.startsWith('$') || allowed.includes(key)) continue;
    fail(fieldPath(path, key), `unknown field${suggest(key, allowed)}`);
  }
}

function nonEmptyString(v: unknown, path: string, fail: FieldFail, what = 'a non-empty string'): string {
  if (typeof v !== 'string' || !v.trim()) fail(path, `expected ${what}, got ${show(v)}`);
  return (v as string).trim();
}

/** A list of strings; a single string is taken as a list of one. */
function stringList(v: unknown, path: string, fail: FieldFail, each?: (s: string, path: string) => string): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list)) fail(path, `expected a list of strings, got ${show(v)}`);
  return (list as unknown[]).map((item, i) => {
    const p = fieldPath(path, i);
    const s = nonEmptyString(item, p, fail);
    return each ? each(s, p) : s;
  });
}

function countryField(v: string, path: string, fail: FieldFail): string {
  const code = countryCode(v);
  if (!code) fail(path, `expected an ISO 3166-1 country code or English country name, got '${v}'`);
  return code as string;
}

function enumField<T extends string>(v: unknown, allowed: readonly T[], path: string, fail: FieldFail): T {
  if (typeof v !== 'string' || !allowed.includes(v.trim().toLowerCase() as T)) {
    fail(path, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(v)}`);
  }
  return (v as string).trim().toLowerCase() as T;
}

const DOMAIN_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:\/[^\s?#]*)?$/;

/**
 * A registrable domain, optionally with a path prefix for outlets that live under one
 * ("bbc.com/persian"). Scheme, "www." and a trailing slash are dropped.
 */
export function normalizeDomain(d: string): string {
  return d
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\d?\./, '')
    .replace(/\/+$/, '');
}

export const OUTLET_FIELDS = ['id', 'name', 'aliases', 'domains', 'country', 'ownership', 'type', 'languages', 'source', 'note', 'syndication'] as const;

/**
 * Checks the fields present on one outlet entry and returns it normalised (country code, lower-case domains).
 * Which fields are required depends on whether it adds or overrides an outlet; the registry decides that.
 */
export function checkOutletFields(raw: unknown, path: string, fail: FieldFail): UserOutlet {
  if (!isPlainObject(raw)) fail(path, `expected an object, got ${show(raw)}`);
  const o = raw as Record<string, unknown>;
  checkKeys(o, OUTLET_FIELDS, path, fail);
  const id = nonEmptyString(o.id, fieldPath(path, 'id'), fail, 'a kebab-case id');
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) fail(fieldPath(path, 'id'), `expected a kebab-case id (a-z, 0-9, single hyphens), got '${id}'`);
  const out: UserOutlet = { id };
  if (o.name !== undefined) out.name = nonEmptyString(o.name, fieldPath(path, 'name'), fail);
  if (o.aliases !== undefined) out.aliases = stringList(o.aliases, fieldPath(path, 'aliases'), fail);
  if (o.domains !== undefined) {
    out.domains = stringList(o.domains, fieldPath(path, 'domains'), fail, (s, p) => {
      const d = normalizeDomain(s);
      if (!DOMAIN_RE.test(d)) fail(p, `expected a domain such as 'irna.ir' (optionally with a path, 'bbc.com/persian'), got '${s}'`);
      return d;
    });
  }
  if (o.country !== undefined) {
    const p = fieldPath(path, 'country');
    out.country = countryField(nonEmptyString(o.country, p, fail), p, fail);
  }
  if (o.ownership !== undefined) out.ownership = enumField(o.ownership, OWNERSHIPS, fieldPath(path, 'ownership'), fail);
  if (o.type !== undefined) out.type = enumField(o.type, OUTLET_TYPES, fieldPath(path, 'type'), fail);
  if (o.languages !== undefined) {
    out.languages = stringList(o.languages, fieldPath(path, 'languages'), fail, (s, p) => {
      if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(s)) fail(p, `expected a language code such as 'fa' or 'pt-BR', got '${s}'`);
      return s;
    });
  }
  if (o.source !== undefined) out.source = nonEmptyString(o.source, fieldPath(path, 'source'), fail, 'a non-empty source (where the classification can be checked)');
  if (o.note !== undefined) out.note = nonEmptyString(o.note, fieldPath(path, 'note'), fail);
  if (o.syndication !== undefined) {
    if (typeof o.syndication !== 'boolean') fail(fieldPath(path, 'syndication'), `expected true or false, got ${show(o.syndication)}`);
    out.syndication = o.syndication as boolean;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

const ROOT_FIELDS = ['groups', 'outlets', 'actors'] as const;
const ACTOR_FIELDS = ['id', 'name', 'kind', 'aliases', 'demonyms', 'capital', 'metonyms', 'state', 'source', 'note'] as const;

function checkActorFields(raw: unknown, path: string, fail: FieldFail): ConfigActor {
  if (!isPlainObject(raw)) fail(path, `expected an object with at least name and kind, got ${show(raw)}`);
  const o = raw as Record<string, unknown>;
  checkKeys(o, ACTOR_FIELDS, path, fail);
  const name = nonEmptyString(o.name, fieldPath(path, 'name'), fail);
  if (o.kind === undefined) fail(fieldPath(path, 'kind'), `missing; expected one of ${ACTOR_KINDS.map((k) => `'${k}'`).join(', ')}`);
  const kind = enumField(o.kind, ACTOR_KINDS, fieldPath(path, 'kind'), fail);
  const out: ConfigActor = { name, kind };
  if (o.id !== undefined) out.id = nonEmptyString(o.id, fieldPath(path, 'id'), fail);
  for (const k of ['aliases', 'demonyms', 'metonyms'] as const) if (o[k] !== undefined) out[k] = stringList(o[k], fieldPath(path, k), fail);
  for (const k of ['capital', 'state', 'source', 'note'] as const) if (o[k] !== undefined) out[k] = nonEmptyString(o[k], fieldPath(path, k), fail);
  if (kind !== 'state') {
    for (const k of ['demonyms', 'capital'] as const) if (o[k] !== undefined) fail(fieldPath(path, k), `only a state has ${k} (this actor's kind is '${kind}')`);
  } else if (o.state !== undefined) fail(fieldPath(path, 'state'), "a state does not belong to a state; use 'state' on people, organisations and places");
  return out;
}
const GROUP_FIELDS = ['outlets', 'countries', 'ownership', 'note'] as const;

/**
 * Parses and validates config text. `origin` names the file in errors. Pure.
 * Every error is E_CONFIG with `input` = origin and a message that starts with the field path.
 */
export function parseConfig(text: string, origin: string = CONFIG_FILE_NAME): ParallaxConfig {
  const fail: FieldFail = (path, problem) => {
    throw new ParallaxError('E_CONFIG', path ? `${path}: ${problem}` : problem, { input: origin });
  };
  const body = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (cause) {
    const at = jsonErrorOffset(body);
    const where = at ? lineColumn(body, at.offset) : null;
    throw new ParallaxError(
      'E_CONFIG',
      where && at
        ? `invalid JSON at line ${where.line}, column ${where.column}: ${at.problem} (comments and trailing commas are not allowed)`
        : `invalid JSON: ${(cause as Error).message}`,
      { input: origin, cause },
    );
  }
  if (!isPlainObject(data)) fail('', `expected a JSON object at the top level, got ${show(data)}`);
  const root = data as Record<string, unknown>;
  checkKeys(root, ROOT_FIELDS, '', fail);

  const groups: GroupRule[] = [];
  if (root.groups !== undefined) {
    if (!isPlainObject(root.groups)) fail('groups', `expected an object of named groups, got ${show(root.groups)}`);
    for (const [name, raw] of Object.entries(root.groups as Record<string, unknown>)) {
      if (name.startsWith('$')) continue;
      const path = fieldPath('groups', name);
      if (!name.trim()) fail(path, 'a group needs a non-empty name');
      // JSON objects put integer-like keys first whatever the file says, which would silently break
      // "first matching group in file order".
      if (/^(?:0|[1-9]\d*)$/.test(name)) fail(path, `a group name cannot be a bare number (JSON reorders such keys); use e.g. 'Group ${name}'`);
      if (!isPlainObject(raw)) fail(path, `expected an object with outlets, countries and/or ownership, got ${show(raw)}`);
      const g = raw as Record<string, unknown>;
      checkKeys(g, GROUP_FIELDS, path, fail);
      const rule: GroupRule = {
        name,
        outlets: g.outlets === undefined ? [] : stringList(g.outlets, fieldPath(path, 'outlets'), fail),
        countries: g.countries === undefined ? [] : stringList(g.countries, fieldPath(path, 'countries'), fail, (s, p) => countryField(s, p, fail)),
        ownership: [],
      };
      if (g.ownership !== undefined) {
        const p = fieldPath(path, 'ownership');
        const list = typeof g.ownership === 'string' ? [g.ownership] : g.ownership;
        if (!Array.isArray(list)) fail(p, `expected a list of ownership kinds, got ${show(g.ownership)}`);
        rule.ownership = (list as unknown[]).map((v, i) => enumField(v, OWNERSHIPS, fieldPath(p, i), fail));
      }
      if (g.note !== undefined) rule.note = nonEmptyString(g.note, fieldPath(path, 'note'), fail);
      if (!rule.outlets.length && !rule.countries.length && !rule.ownership.length) {
        fail(path, 'a group needs at least one non-empty rule: outlets, countries or ownership');
      }
      groups.push(rule);
    }
  }

  const outlets: UserOutlet[] = [];
  if (root.outlets !== undefined) {
    if (!Array.isArray(root.outlets)) fail('outlets', `expected a list of outlet entries, got ${show(root.outlets)}`);
    const seen = new Map<string, number>();
    (root.outlets as unknown[]).forEach((raw, i) => {
      const path = fieldPath('outlets', i);
      const o = checkOutletFields(raw, path, fail);
      const prev = seen.get(o.id);
      if (prev !== undefined) fail(fieldPath(path, 'id'), `'${o.id}' is already used by outlets[${prev}]`);
      seen.set(o.id, i);
      outlets.push(o);
    });
  }
  const actors: ConfigActor[] = [];
  if (root.actors !== undefined) {
    if (!Array.isArray(root.actors)) fail('actors', `expected a list of actor entries, got ${show(root.actors)}`);
    const names = new Map<string, number>();
    (root.actors as unknown[]).forEach((raw, i) => {
      const path = fieldPath('actors', i);
      const a = checkActorFields(raw, path, fail);
      const key = (a.id ?? a.name).toLowerCase();
      const prev = names.get(key);
      if (prev !== undefined) fail(fieldPath(path, a.id ? 'id' : 'name'), `'${a.id ?? a.name}' is already used by actors[${prev}]`);
      names.set(key, i);
      actors.push(a);
    });
    // a person's, organisation's or place's state must be a state of this list or a real country
    const stateRefs = new Set<string>();
    for (const a of actors) if (a.kind === 'state') for (const r of [a.name, a.id, ...(a.aliases ?? [])]) if (r) stateRefs.add(r.toLowerCase());
    actors.forEach((a, i) => {
      if (a.state && !stateRefs.has(a.state.toLowerCase()) && !countryCode(a.state)) {
        fail(fieldPath(fieldPath('actors', i), 'state'), `'${a.state}' is neither a state in 'actors' nor a country code or English country name`);
      }
    });
  }
  return { path: origin, groups, outlets, actors };
}

/**
 * Reads the config. With no path, looks for ./parallax.config.json in `cwd` and falls back to defaults when
 * there is none. A path that was given but is missing, unreadable or invalid is an E_CONFIG error.
 */
export function loadConfig(path?: string, cwd: string = process.cwd()): ParallaxConfig {
  const explicit = path !== undefined;
  const file = explicit ? path : join(cwd, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return defaultConfig();
    const why = code === 'ENOENT' ? 'config file not found' : code === 'EISDIR' ? 'config path is a directory, not a file' : `config file could not be read (${code ?? (cause as Error).message})`;
    throw new ParallaxError('E_CONFIG', why, { input: file, cause });
  }
  return parseConfig(text, file);
}

// ---------------------------------------------------------------------------------------------------------
// Groups

export interface GroupCandidate {
  name: string | null;
  id: string | null;
  country: string | null;
  ownership: string | null;
}

/** Anything that can turn a name or alias into a registry id (the outlet registry does). */
export interface OutletNameResolver {
  byName(name: string): { id: string } | null;
}

/**
 * The perspective group of an outlet, or null. Rules, in order:
 * 1. An outlet listed by id or name in a group's `outlets` belongs to that group, whatever other groups' country or
 *    ownership rules say (first such group in file order). With a `registry`, aliases count too ("IRNA" → irna).
 * 2. Otherwise the first group in file order whose `countries` and `ownership` rules all hold: a group with both
 *    needs both; an empty list is no rule. A group with only `outlets` never matches by rule.
 */
export function resolveGroup(config: ParallaxConfig, outlet: GroupCandidate, registry?: OutletNameResolver): string | null {
  const id = outlet.id?.toLowerCase() ?? null;
  const nameKey = outlet.name ? outletKey(outlet.name) : null;
  const refers = (ref: string): boolean => {
    const r = ref.trim();
    if (id && r.toLowerCase() === id) return true;
    const k = outletKey(r);
    if (nameKey && k && k === nameKey) return true;
    if (id && registry) {
      const hit = registry.byName(r);
      if (hit && hit.id === id) return true;
    }
    return false;
  };
  for (const g of config.groups) if (g.outlets.some(refers)) return g.name;

  const country = outlet.country?.toUpperCase() ?? null;
  const ownership = outlet.ownership?.toLowerCase() ?? null;
  for (const g of config.groups) {
    if (!g.countries.length && !g.ownership.length) continue;
    if (g.countries.length && !(country && g.countries.includes(country))) continue;
    if (g.ownership.length && !(ownership && (g.ownership as string[]).includes(ownership))) continue;
    return g.name;
  }
  return null;
}
