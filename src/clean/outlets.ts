import { readFileSync } from 'node:fs';
import { ParallaxError } from '../core/errors.js';
import {
  checkOutletFields,
  fieldPath,
  isCountryCode,
  outletKey,
  type FieldFail,
  type Ownership,
  type OutletType,
} from '../core/config.js';

/**
 * The outlet registry: who publishes what, from where, owned by whom — data with provenance
 * (src/clean/data/outlets.json, one `source` per entry), validated when loaded. docs/outlets.md describes it.
 */

export type { Ownership, OutletType } from '../core/config.js';

export interface OutletEntry {
  /** kebab-case, stable: stored with articles. */
  id: string;
  name: string;
  /** Other names and abbreviations ("IRNA", "Islamic Republic News Agency"). */
  aliases: string[];
  /** Registrable domains ("irna.ir" also covers "en.irna.ir"), optionally with a path prefix ("bbc.com/persian"). */
  domains: string[];
  /**
   * ISO 3166-1 alpha-2. Always set for bundled outlets; null only for a user's outlet that has no country
   * (an invented or unrecognised state, an international body), which no country rule in a group matches.
   */
  country: string | null;
  ownership: Ownership;
  type: OutletType;
  languages?: string[];
  /** Where the ownership classification can be checked: "Wikipedia: <article title>" or the outlet's about page. */
  source: string;
  note?: string;
  /** Not a news agency, but its copy is republished under its name ("republished from The Conversation"). */
  syndication?: boolean;
}

export interface OutletRegistry {
  entries: OutletEntry[];
  byId(id: string): OutletEntry | null;
  /** A URL or host name; "www." is dropped and subdomains fall back to the registrable domain. */
  byDomain(hostOrUrl: string): OutletEntry | null;
  /** Name, alias or id; case, diacritics, punctuation and "the" do not count. A domain-like name also tries byDomain. */
  byName(name: string): OutletEntry | null;
  /** The entry when `name` names a news agency or a syndication service, else null. */
  isWireAgency(name: string): OutletEntry | null;
}

export interface LoadRegistryOptions {
  /** Names the file the extra entries came from (the config path) in error messages. */
  origin?: string;
  /** Include the bundled registry (default true). */
  bundled?: boolean;
}

const DATA_URL = new URL('./data/outlets.json', import.meta.url);
const DATA_NAME = 'src/clean/data/outlets.json';

let bundledCache: readonly OutletEntry[] | null = null;

function freezeEntry(e: OutletEntry): OutletEntry {
  Object.freeze(e.aliases);
  Object.freeze(e.domains);
  if (e.languages) Object.freeze(e.languages);
  return Object.freeze(e);
}

function failWith(input: string, entryId: () => string | undefined): FieldFail {
  return (path, problem) => {
    const id = entryId();
    throw new ParallaxError('E_CONFIG', `${path}: ${problem}${id ? ` (outlet '${id}')` : ''}`, { input });
  };
}

function idOf(raw: unknown): string | undefined {
  return typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
}

/** A complete entry: checks the fields that a new outlet must have (country only when `requireCountry`). */
function completeEntry(raw: unknown, path: string, fail: FieldFail, defaults: Partial<OutletEntry>, requireCountry: boolean): OutletEntry {
  const o = checkOutletFields(raw, path, fail);
  for (const field of ['name', 'ownership', 'source', ...(requireCountry ? (['country'] as const) : [])] as const) {
    if (o[field] === undefined) fail(fieldPath(path, field), `required for a new outlet`);
  }
  const type = o.type ?? defaults.type;
  if (!type) fail(fieldPath(path, 'type'), 'required');
  const e: OutletEntry = {
    id: o.id,
    name: o.name as string,
    aliases: o.aliases ?? [],
    domains: o.domains ?? [],
    country: o.country ?? null,
    ownership: o.ownership as Ownership,
    type: type as OutletType,
    source: o.source as string,
  };
  if (o.languages) e.languages = o.languages;
  if (o.note) e.note = o.note;
  if (o.syndication) e.syndication = true;
  if (e.country !== null && !isCountryCode(e.country)) fail(fieldPath(path, 'country'), `expected an ISO 3166-1 alpha-2 code, got '${e.country}'`);
  return e;
}

/** The bundled entries, parsed and validated once. */
export function bundledOutlets(): readonly OutletEntry[] {
  if (bundledCache) return bundledCache;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(DATA_URL, 'utf8'));
  } catch (cause) {
    throw new ParallaxError('E_INTERNAL', `outlet registry could not be read: ${(cause as Error).message}`, { input: DATA_NAME, cause });
  }
  const list = (data as { outlets?: unknown }).outlets;
  if (!Array.isArray(list)) throw new ParallaxError('E_CONFIG', 'expected {"outlets": [...]}', { input: DATA_NAME });
  const seen = new Set<string>();
  const entries = list.map((raw, i) => {
    const path = fieldPath('outlets', i);
    const fail = failWith(DATA_NAME, () => idOf(raw));
    // Bundled entries are strict: country must already be a code, type must be given.
    const country = (raw as { country?: unknown }).country;
    if (typeof country !== 'string' || !isCountryCode(country)) {
      fail(fieldPath(path, 'country'), `expected an ISO 3166-1 alpha-2 code, got ${JSON.stringify(country)}`);
    }
    const e = completeEntry(raw, path, fail, {}, true);
    if (seen.has(e.id)) fail(fieldPath(path, 'id'), `duplicate id '${e.id}'`);
    seen.add(e.id);
    return freezeEntry(e);
  });
  bundledCache = Object.freeze(entries);
  return bundledCache;
}

const union = (a: readonly string[] = [], b: readonly string[] = []): string[] => [...new Set([...a, ...b])];

/**
 * The registry: bundled entries plus `extra` (the config's `outlets`). An extra entry whose id is bundled
 * overrides that entry field by field (aliases, domains and languages are added to, not replaced), and must bring
 * its own `source` when it changes country, ownership or type. An extra entry with a new id adds an outlet and
 * needs name, ownership and source (type defaults to 'online'; country may be left out for an outlet that has
 * none, such as one from an invented state in a test corpus). When a name, alias or domain belongs
 * to a user entry and a bundled one, the user's wins; the same key on two bundled or two user entries is an error.
 */
export function loadOutletRegistry(extra: Partial<OutletEntry>[] = [], options: LoadRegistryOptions = {}): OutletRegistry {
  const origin = options.origin ?? 'config outlets';
  const base = options.bundled === false ? [] : bundledOutlets();
  const byIdMap = new Map<string, OutletEntry>(base.map((e) => [e.id, e]));
  const userIds = new Set<string>();

  extra.forEach((raw, i) => {
    const path = fieldPath('outlets', i);
    const fail = failWith(origin, () => idOf(raw));
    const o = checkOutletFields(raw, path, fail);
    if (userIds.has(o.id)) fail(fieldPath(path, 'id'), `'${o.id}' appears twice among the user's outlets`);
    userIds.add(o.id);
    const old = byIdMap.get(o.id);
    if (!old) {
      byIdMap.set(o.id, freezeEntry(completeEntry(o, path, fail, { type: 'online' }, false)));
      return;
    }
    for (const field of ['country', 'ownership', 'type'] as const) {
      if (o[field] !== undefined && o[field] !== old[field] && o.source === undefined) {
        fail(fieldPath(path, 'source'), `changing ${field} of the bundled outlet '${o.id}' needs a source for the new classification`);
      }
    }
    const merged: OutletEntry = {
      ...old,
      ...(o.name !== undefined && { name: o.name }),
      ...(o.country !== undefined && { country: o.country }),
      ...(o.ownership !== undefined && { ownership: o.ownership }),
      ...(o.type !== undefined && { type: o.type }),
      ...(o.source !== undefined && { source: o.source }),
      ...(o.note !== undefined && { note: o.note }),
      ...(o.syndication !== undefined && { syndication: o.syndication }),
      aliases: union(old.aliases, o.aliases),
      domains: union(old.domains, o.domains),
    };
    // A renamed outlet keeps its old name as an alias, so earlier mentions still resolve.
    if (merged.name !== old.name) merged.aliases = union(merged.aliases, [old.name]);
    if (old.languages || o.languages) merged.languages = union(old.languages, o.languages);
    byIdMap.set(o.id, freezeEntry(merged));
  });

  const entries = [...byIdMap.values()];
  const names = new Map<string, OutletEntry>();
  const domains = new Map<string, OutletEntry>();
  /** host -> [path prefix, entry], longest prefix first. */
  const pathDomains = new Map<string, Array<[string, OutletEntry]>>();

  const claim = (map: Map<string, OutletEntry>, key: string, e: OutletEntry, what: string) => {
    const prev = map.get(key);
    if (!prev || prev === e) {
      map.set(key, e);
      return;
    }
    const eUser = userIds.has(e.id);
    const prevUser = userIds.has(prev.id);
    if (eUser && !prevUser) map.set(key, e);
    else if (!eUser && prevUser) return;
    else {
      throw new ParallaxError('E_CONFIG', `${what} is claimed by both '${prev.id}' and '${e.id}'`, { input: eUser ? origin : DATA_NAME });
    }
  };

  for (const e of entries) {
    for (const n of [e.name, ...e.aliases]) {
      const k = outletKey(n);
      if (k) claim(names, k, e, `name '${n}'`);
    }
    for (const d of e.domains) claim(domains, d, e, `domain '${d}'`);
  }
  // Domains with a path prefix ("bbc.com/persian") are looked up per host, longest prefix first.
  for (const [d, e] of domains) {
    const slash = d.indexOf('/');
    if (slash < 0) continue;
    const host = d.slice(0, slash);
    const list = pathDomains.get(host) ?? [];
    list.push([d.slice(slash), e]);
    list.sort((a, b) => b[0].length - a[0].length);
    pathDomains.set(host, list);
  }

  const byId = (id: string): OutletEntry | null => byIdMap.get(id.trim().toLowerCase()) ?? null;

  const byDomain = (hostOrUrl: string): OutletEntry | null => {
    const s = hostOrUrl.trim();
    if (!s) return null;
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`);
    } catch {
      return null;
    }
    const host = url.hostname.toLowerCase().replace(/\.$/, '').replace(/^www\d?\./, '');
    if (!host.includes('.') || /^[\d.]+$/.test(host) || host.startsWith('[')) return null;
    const path = url.pathname.toLowerCase();
    const labels = host.split('.');
    // Longest host first, so a listed subdomain ("abcnews.go.com") beats its parent; never a bare TLD.
    for (let i = 0; i <= labels.length - 2; i++) {
      const candidate = labels.slice(i).join('.');
      for (const [prefix, e] of pathDomains.get(candidate) ?? []) {
        if (path === prefix || path.startsWith(`${prefix}/`)) return e;
      }
      const e = domains.get(candidate);
      if (e) return e;
    }
    return null;
  };

  const byName = (name: string): OutletEntry | null => {
    const s = name.trim();
    if (!s) return null;
    const k = outletKey(s);
    const hit = (k && names.get(k)) || byIdMap.get(s.toLowerCase());
    if (hit) return hit;
    if (/^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\/?$/u.test(s)) return byDomain(s);
    return null;
  };

  const isWireAgency = (name: string): OutletEntry | null => {
    const e = byName(name);
    return e && (e.type === 'agency' || e.syndication) ? e : null;
  };

  return { entries, byId, byDomain, byName, isWireAgency };
}

// ---------------------------------------------------------------------------------------------------------
// Resolution

export interface OutletSignals {
  /** What the user said (--outlet, an "outlet" field in JSON input). Always wins. */
  user?: string;
  url?: string;
  canonicalUrl?: string;
  jsonLdPublisher?: string;
  /** og:site_name */
  siteName?: string;
  feedChannel?: string;
  feedLink?: string;
  /** An outlet named in a footer or licence line ("© 2025 Tehran Times"). */
  footerOutlet?: string;
}

export interface ResolvedOutlet {
  name: string;
  id: string | null;
  country: string | null;
  ownership: string | null;
  via: 'user' | 'url' | 'publisher' | 'site-name' | 'feed' | 'footer';
}

/** Feed and site titles carry sections ("BBC News - World", "World news | The Guardian"); these parts never name an outlet. */
const GENERIC_PARTS = new Set(
  [
    'news', 'world', 'world news', 'home', 'home page', 'homepage', 'latest', 'latest news', 'top stories', 'top news',
    'politics', 'business', 'economy', 'opinion', 'national', 'international', 'sport', 'sports', 'breaking news',
    'headlines', 'rss', 'feed', 'english', 'middle east', 'europe', 'asia', 'africa', 'americas', 'live', 'analysis',
    'region', 'local', 'all news', 'front page', 'official website', 'online',
  ].map(outletKey),
);

const MAX_RAW_NAME = 120;

/** A name signal matched as a whole, then part by part. */
function matchName(reg: OutletRegistry, signal: string): OutletEntry | null {
  const whole = reg.byName(signal);
  if (whole) return whole;
  const parts = signal.split(/\s+[|\-–—•·»]\s+|\s*[|•·»]\s*|:\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return null;
  for (const p of parts) {
    const k = outletKey(p);
    if (!k || GENERIC_PARTS.has(k)) continue;
    const e = reg.byName(p);
    if (e) return e;
  }
  return null;
}

function clean(s: string | undefined): string | null {
  if (typeof s !== 'string') return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t || null;
}

function hostOf(u: string): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? u : `http://${u}`);
    const h = url.hostname.toLowerCase().replace(/^www\d?\./, '');
    return h.includes('.') ? h : null;
  } catch {
    return null;
  }
}

/**
 * Which outlet published an article. Signals are tried in this order: what the user gave (always wins, known or
 * not), the URL's domain (then the canonical URL's), the JSON-LD publisher, the OpenGraph site name, the feed
 * (channel title, then channel link), and a footer or licence line.
 * A signal that matches the registry beats one that does not, so an unknown JSON-LD publisher does not hide a
 * known site name; among unknown names the same order holds. The footer is consulted only when no other signal
 * names an outlet (footers often credit a wire), and a bare host name is the last resort. A news agency named as
 * the JSON-LD publisher of a page whose site name is another outlet's does not win: the site republished its copy.
 * A match in the registry normalises the name ("IRNA" -> "Islamic Republic News Agency").
 */
export function resolveOutlet(reg: OutletRegistry, s: OutletSignals): ResolvedOutlet | null {
  const known = (e: OutletEntry, via: ResolvedOutlet['via']): ResolvedOutlet => ({ name: e.name, id: e.id, country: e.country, ownership: e.ownership, via });
  const unknown = (name: string, via: ResolvedOutlet['via']): ResolvedOutlet => ({ name, id: null, country: null, ownership: null, via });

  const user = clean(s.user);
  if (user) {
    const e = reg.byId(user) ?? matchName(reg, user) ?? (/^https?:\/\//i.test(user) ? reg.byDomain(user) : null);
    return e ? known(e, 'user') : unknown(user, 'user');
  }

  const url = clean(s.url);
  const canonical = clean(s.canonicalUrl);
  for (const u of [url, canonical]) {
    const e = u ? reg.byDomain(u) : null;
    if (e) return known(e, 'url');
  }

  const named: Array<[string | null, ResolvedOutlet['via']]> = [
    [clean(s.jsonLdPublisher), 'publisher'],
    [clean(s.siteName), 'site-name'],
    [clean(s.feedChannel), 'feed'],
  ];
  const siteName = clean(s.siteName);
  for (const [name, via] of named) {
    const e = name ? matchName(reg, name) : null;
    // A wire named as the publisher of a page whose site name is someone else's is that site republishing the wire's
    // copy (AP stories on a local paper's site): the site is the outlet; the cleaner marks the republication.
    if (e && via === 'publisher' && (e.type === 'agency' || e.syndication) && siteName && matchName(reg, siteName)?.id !== e.id) {
      const site = matchName(reg, siteName);
      if (site) return known(site, 'site-name');
      if (siteName.length <= MAX_RAW_NAME && /[\p{L}\p{N}]/u.test(siteName)) return unknown(siteName, 'site-name');
    }
    if (e) return known(e, via);
    if (via === 'feed') {
      const link = clean(s.feedLink);
      const byLink = link ? reg.byDomain(link) : null;
      if (byLink) return known(byLink, 'feed');
    }
  }
  for (const [name, via] of named) {
    if (name && name.length <= MAX_RAW_NAME && /[\p{L}\p{N}]/u.test(name)) return unknown(name, via);
  }

  const footer = clean(s.footerOutlet);
  if (footer) {
    const e = matchName(reg, footer);
    if (e) return known(e, 'footer');
    if (footer.length <= MAX_RAW_NAME) return unknown(footer, 'footer');
  }

  for (const [u, via] of [[url, 'url'], [canonical, 'url'], [clean(s.feedLink), 'feed']] as const) {
    const h = u ? hostOf(u) : null;
    if (h) return unknown(h, via);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Republication bylines

/** Trailing role words in wire bylines: "Reuters staff", "AP writer", "JNS Staff". Not "Photo": a photo credit is not the text's source. */
const ROLE_SUFFIX = /\s+(?:staff(?:\s+writers?)?|writers?|reporters?|correspondents?|(?:news\s+)?desk|wire|services?|report|contributed(?:\s+to\s+this\s+report)?)\.?$/i;
const LEAD_IN = /^(?:by|from|source|sources|via|credit|courtesy(?:\s+of)?|written\s+by|reporting\s+by)\s*[:\-–—]?\s+/i;

/**
 * The news agency or syndication service a byline credits: "By JNS", "JNS", "(Reuters)", "WASHINGTON (AP) —",
 * "Reuters/AFP" (the first one named), "By Jane Doe, Associated Press", "Reuters staff", "republished from The
 * Conversation under a Creative Commons licence". Only entries of type
 * 'agency' or flagged `syndication` count, and a name must be a whole part of the byline, so an author called
 * "Ap Nguyen" or "Tass Pickering" is not a wire.
 */
export function wireFromByline(reg: OutletRegistry, byline: string): OutletEntry | null {
  const s = byline.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  const candidates: string[] = [];
  for (const m of s.matchAll(/\(([^()]{1,80})\)/g)) candidates.push(m[1]);
  // "This article is republished from The Conversation under a Creative Commons license."
  const rep = /\b(?:republished|reprinted|reproduced|syndicated|originally\s+(?:published|appeared))\s+(?:from|by|in|on|with)\s+(.{1,80}?)(?:\s+(?:under|with|and|on|in)\b|[.,;:]\s|[.,;:]?$)/i.exec(s);
  if (rep) candidates.push(rep[1]);
  const bare = s.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim().replace(LEAD_IN, '');
  candidates.push(bare);
  for (const raw of bare.split(/\s*[/,;|+·•]\s*|\s+[–—-]\s+|\s+&\s+|\s+(?:and|with)\s+/i)) {
    const part = raw.trim().replace(LEAD_IN, '');
    if (!part) continue;
    candidates.push(part);
    // "By JON GAMBRELL Associated Press": a multi-word agency name at the end of a part.
    const words = part.split(' ');
    for (let n = Math.min(5, words.length - 1); n >= 2; n--) candidates.push(words.slice(-n).join(' '));
  }
  for (const c of candidates) {
    for (const v of [c, c.replace(ROLE_SUFFIX, '')]) {
      const e = reg.isWireAgency(v.trim().replace(/[.:;,\-–—]+$/, ''));
      if (e) return e;
    }
  }
  return null;
}
