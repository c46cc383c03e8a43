import type { NormalizedDate } from '../core/article.js';
import { normalizeDate } from '../core/dates/index.js';

/**
 * What a saved HTML page says about itself, read from its markup before any extraction mutates the DOM.
 *
 * Precedence for every field: JSON-LD (the publisher's own structured claim) > OpenGraph > other meta tags
 * (Dublin Core, Parse.ly, Sailthru, itemprop) > markup guesses (`<time datetime>`). Readability's own guesses
 * come last and are merged by the caller (html.ts).
 */
export interface PageMetadata {
  title: string | null;
  /** Display byline built from the authors the page names. */
  byline: string | null;
  authors: string[];
  published: NormalizedDate | null;
  updated: NormalizedDate | null;
  publisher: string | null;
  siteName: string | null;
  section: string | null;
  /** Primary language subtag, lower case ("en", "ru", "fa"). */
  language: string | null;
  canonicalUrl: string | null;
  description: string | null;
  license: string | null;
  keywords: string[];
}

/** schema.org types that describe the article itself (not the page or the site). */
const ARTICLE_TYPES = new Set([
  'newsarticle',
  'article',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'opinionnewsarticle',
  'backgroundnewsarticle',
  'reviewnewsarticle',
  'askpublicnewsarticle',
  'satiricalarticle',
  'scholarlyarticle',
  'blogposting',
  'liveblogposting',
  'socialmediaposting',
  'report',
]);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * How deep a JSON-LD value is looked into (arrays in arrays, `{"name": {"@value": …}}`). Real markup nests two or
 * three levels; a hostile page nesting 100,000 arrays must not overflow the stack.
 */
const JSONLD_VALUE_DEPTH = 8;

function str(v: Json | undefined, depth = 0): string | null {
  if (typeof v === 'string') {
    const s = collapse(v);
    return s ? s : null;
  }
  if (typeof v === 'number') return String(v);
  if (depth >= JSONLD_VALUE_DEPTH) return null;
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = str(x, depth + 1);
      if (s) return s;
    }
  }
  if (isObject(v)) return str(v['@value'] ?? v.name, depth + 1);
  return null;
}

function types(node: JsonObject): string[] {
  const t = node['@type'];
  if (typeof t === 'string') return [t.toLowerCase()];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
  return [];
}

/** Some sites put raw newlines or tabs inside JSON-LD strings; JSON.parse refuses them, a space is harmless. */
function parseJsonLd(raw: string): Json | undefined {
  let s = raw.trim();
  if (s.startsWith('<!--')) s = s.slice(4);
  if (s.endsWith('-->')) s = s.slice(0, -3);
  s = s.replace(/^\s*\/\/\s*<!\[CDATA\[/, '').replace(/\/\/\s*\]\]>\s*$/, '');
  try {
    return JSON.parse(s) as Json;
  } catch {
    try {
      // eslint-disable-next-line no-control-regex
      return JSON.parse(s.replace(/[\u0000-\u001f]+/g, ' ')) as Json;
    } catch {
      return undefined;
    }
  }
}

interface JsonLdResult {
  article: JsonObject | null;
  byId: Map<string, JsonObject>;
  /** A WebSite/Organization node, for the site name when the article names no publisher. */
  site: JsonObject | null;
  webPage: JsonObject | null;
}

function collectNodes(v: Json | undefined, out: JsonObject[], depth = 0): void {
  if (depth > 6 || v === undefined || v === null) return;
  if (Array.isArray(v)) {
    for (const x of v) collectNodes(x, out, depth + 1);
    return;
  }
  if (!isObject(v)) return;
  out.push(v);
  if (v['@graph'] !== undefined) collectNodes(v['@graph'], out, depth + 1);
  // A WebPage often nests the article as mainEntity (or mainEntityOfPage on the article points back).
  if (isObject(v.mainEntity) || Array.isArray(v.mainEntity)) collectNodes(v.mainEntity, out, depth + 1);
}

function readJsonLd(doc: Document): JsonLdResult {
  const nodes: JsonObject[] = [];
  for (const script of Array.from(doc.getElementsByTagName('script'))) {
    if ((script.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    const parsed = parseJsonLd(script.textContent ?? '');
    if (parsed !== undefined) collectNodes(parsed, nodes);
  }
  const byId = new Map<string, JsonObject>();
  for (const n of nodes) {
    const id = n['@id'];
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, n);
  }
  let article: JsonObject | null = null;
  let articleScore = -1;
  let site: JsonObject | null = null;
  let webPage: JsonObject | null = null;
  for (const n of nodes) {
    const t = types(n);
    if (t.some((x) => ARTICLE_TYPES.has(x))) {
      // Pages that list related stories carry several Article nodes; the one with a body or a date is ours.
      const score =
        (n.headline ? 2 : 0) + (n.datePublished ? 2 : 0) + (n.articleBody ? 1 : 0) + (t.includes('article') ? 0 : 1);
      if (score > articleScore) {
        article = n;
        articleScore = score;
      }
    } else if (!site && (t.includes('website') || t.includes('newsmediaorganization') || t.includes('organization'))) {
      site = n;
    } else if (!webPage && t.includes('webpage')) {
      webPage = n;
    }
  }
  return { article, byId, site, webPage };
}

function resolve(v: Json | undefined, byId: Map<string, JsonObject>): Json | undefined {
  if (isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length <= 2 && !v.name) {
    return byId.get(v['@id']) ?? v;
  }
  return v;
}

const URLISH = /^(?:https?:)?\/\/|^www\./i;

/** Split "A and B", "A, B & C" into names; keeps "Smith, John" whole (a comma between one-word parts). */
export function splitAuthors(s: string): string[] {
  const cleaned = cleanByline(s);
  if (!cleaned) return [];
  const parts = cleaned
    .split(/\s*[;&]\s*|\s+(?:and|и|und|et|ve|y|و)\s+/iu)
    .flatMap((p) => {
      const commaParts = p.split(/\s*,\s*/);
      return commaParts.every((c) => c.split(' ').length >= 2) ? commaParts : [p];
    })
    .map((p) => p.trim())
    .filter((p) => p && p.length <= 80 && !URLISH.test(p));
  return dedupe(parts);
}

function dedupe(xs: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of xs) {
    const k = x.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function jsonLdAuthors(v: Json | undefined, byId: Map<string, JsonObject>): string[] {
  const out: string[] = [];
  const visit = (x: Json | undefined, depth: number): void => {
    x = resolve(x, byId);
    if (typeof x === 'string') out.push(...splitAuthors(x));
    else if (Array.isArray(x)) {
      if (depth < JSONLD_VALUE_DEPTH) for (const y of x) visit(y, depth + 1);
    }
    else if (isObject(x)) {
      const name = str(x.name);
      if (name && !URLISH.test(name)) out.push(...splitAuthors(name));
    }
  };
  visit(v, 0);
  return dedupe(out);
}

const DATE_WORDS =
  /\b(?:updated|published|posted|modified|last\s+updated|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4})\b/i;

/**
 * Readability's byline is often the whole dateline row: "By Jane Roe | Updated 5:02 PM, Nov 3 2023".
 * Keep the names: drop the "By" lead-in, cut at the first separator followed by a date or status word, drop
 * e-mail addresses and a trailing role ("Staff Writer"). Returns null when nothing name-like is left.
 */
export function cleanByline(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = collapse(raw);
  if (!s) return null;
  // Cut at separators; keep the first chunk that does not look like a date or status.
  const chunks = s.split(/\s*(?:\||•|·|—|–|\s-\s|\n)\s*/);
  const kept = chunks.filter((c) => c && !DATE_WORDS.test(c));
  s = kept.length ? kept[0] : '';
  // A date glued to the name without a separator: "Jane Roe Updated Nov 3".
  const d = DATE_WORDS.exec(s);
  if (d) s = s.slice(0, d.index);
  s = s
    .replace(/^(?:(?:written|posted|reported|story|text|words|report)\s+)?by[:\s]+/i, '')
    .replace(/^(?:автор|авторы|von|par|por|di|door|yazar|نویسنده|بقلم)[:\s]+/iu, '')
    .replace(/\S+@\S+\.\S+/g, '')
    .replace(/,?\s*(?:staff|senior|chief|contributing)?\s*(?:writer|reporter|correspondent|editor|columnist)s?\s*$/i, '')
    .replace(/^[\s,:;|-]+|[\s,:;|-]+$/g, '');
  s = collapse(s);
  if (!s || s.length > 120 || URLISH.test(s) || !/\p{L}/u.test(s)) return null;
  return s;
}

function primaryLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const p = tag.trim().toLowerCase().split(/[-_]/)[0];
  return p && /^[a-z]{2,3}$/.test(p) ? p : null;
}

function firstDate(...candidates: Array<string | null | undefined>): NormalizedDate | null {
  for (const c of candidates) {
    if (!c) continue;
    const d = normalizeDate(c);
    if (d) return d;
  }
  return null;
}

function firstString(...values: Array<string | null | undefined>): string | null {
  for (const v of values) {
    if (typeof v === 'string') {
      const s = collapse(v);
      if (s) return s;
    }
  }
  return null;
}

function splitKeywords(v: string | null): string[] {
  if (!v) return [];
  return v
    .split(/\s*[,;،؛]\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** og:title and <title> often end in " | Site Name" or " - Site Name"; the headline does not. */
export function stripSiteSuffix(title: string, siteNames: Array<string | null>): string {
  for (const site of siteNames) {
    if (!site) continue;
    for (const sep of [' | ', ' - ', ' — ', ' – ', ' :: ', ' · ']) {
      const suffix = sep + site;
      if (title.length > suffix.length + 3 && title.toLowerCase().endsWith(suffix.toLowerCase())) {
        return title.slice(0, -suffix.length).trim();
      }
      const prefix = site + sep;
      if (title.length > prefix.length + 3 && title.toLowerCase().startsWith(prefix.toLowerCase())) {
        return title.slice(prefix.length).trim();
      }
    }
  }
  return title;
}

/** All <meta> values in one pass, keyed by lower-cased name/property/itemprop/http-equiv. First one wins. */
function readMeta(doc: Document): Map<string, string[]> {
  const meta = new Map<string, string[]>();
  for (const el of Array.from(doc.getElementsByTagName('meta'))) {
    const content = el.getAttribute('content');
    if (content === null) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = el.getAttribute(attr);
      if (!key) continue;
      // "property" may hold several space-separated keys (RDFa).
      for (const k of key.toLowerCase().split(/\s+/)) {
        if (!k) continue;
        const list = meta.get(k);
        if (list) list.push(content);
        else meta.set(k, [content]);
      }
    }
  }
  return meta;
}

/** Read the page's metadata. Pure with respect to `doc`: it only reads. */
/** The href of the first element of `tags` whose rel includes `rel`. */
function linkRel(doc: Document, rel: string, tags = ['link']): string | null {
  for (const tag of tags) {
    for (const el of Array.from(doc.getElementsByTagName(tag))) {
      const r = el.getAttribute('rel');
      if (r && r.toLowerCase().split(/\s+/).includes(rel)) {
        const href = el.getAttribute('href');
        if (href) return href;
      }
    }
  }
  return null;
}

export function extractMetadata(doc: Document): PageMetadata {
  const meta = readMeta(doc);
  const m = (...keys: string[]): string | null => {
    for (const k of keys) {
      const vs = meta.get(k);
      if (vs) for (const v of vs) if (v.trim()) return collapse(v);
    }
    return null;
  };
  const mAll = (...keys: string[]): string[] => keys.flatMap((k) => meta.get(k) ?? []);

  const { article, byId, site, webPage } = readJsonLd(doc);
  const a: JsonObject = article ?? {};
  const publisherNode = resolve(a.publisher, byId);
  const jsonLdPublisher = isObject(publisherNode) ? str(publisherNode.name) : str(publisherNode);
  const siteNode = site ? str(site.name) : null;

  const siteName = firstString(m('og:site_name'), m('application-name'), siteNode, jsonLdPublisher);
  const publisher = firstString(jsonLdPublisher, siteNode, m('og:site_name'), m('dc.publisher', 'dcterms.publisher'));

  // Title.
  // getElementsByTagName over querySelector: linkedom's CSS engine costs ~0.2 ms a call on a big page.
  const titleEl = doc.getElementsByTagName('title')[0];
  const rawTitle = firstString(
    str(a.headline),
    str(a.name),
    m('og:title'),
    m('twitter:title'),
    m('parsely-title', 'sailthru.title', 'dc.title', 'dcterms.title', 'headline'),
    titleEl?.textContent,
  );
  const title = rawTitle ? stripSiteSuffix(rawTitle, [siteName, publisher]) : null;

  // Authors.
  let authors = jsonLdAuthors(a.author ?? a.creator, byId);
  if (!authors.length) {
    const ogAuthors = mAll('article:author').filter((v) => !URLISH.test(v.trim()));
    authors = dedupe(ogAuthors.flatMap(splitAuthors));
  }
  if (!authors.length) {
    const metaAuthor = m('author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl', 'byline');
    if (metaAuthor && !URLISH.test(metaAuthor)) authors = splitAuthors(metaAuthor);
  }
  if (!authors.length) {
    // Microdata / rel=author links inside the page.
    const el = doc.querySelector('[itemprop="author"] [itemprop="name"], [itemprop="author"], a[rel="author"]');
    const t = el ? cleanByline(el.textContent) : null;
    if (t) authors = splitAuthors(t);
  }
  // A publisher's name sometimes fills the author slot; it is not a byline.
  if (authors.length === 1 && publisher && authors[0].toLowerCase() === publisher.toLowerCase()) authors = [];
  const byline = authors.length ? authors.join(', ') : null;

  // Dates.
  const timeEl = Array.from(doc.getElementsByTagName('time')).find((t) => t.hasAttribute('datetime'));
  const published = firstDate(
    str(a.datePublished),
    str(a.dateCreated),
    m('article:published_time', 'og:published_time'),
    m(
      'parsely-pub-date',
      'sailthru.date',
      'pubdate',
      'publishdate',
      'publish-date',
      'article.published',
      'datepublished',
      'dc.date.issued',
      'dcterms.issued',
      'dc.date',
      'dcterms.date',
      'date',
    ),
    webPage ? str(webPage.datePublished) : null,
    timeEl?.getAttribute('datetime'),
  );
  const updated = firstDate(
    str(a.dateModified),
    m('article:modified_time', 'og:updated_time'),
    m('datemodified', 'dc.date.modified', 'dcterms.modified', 'last-modified', 'article.updated'),
  );

  const section = firstString(
    str(a.articleSection),
    m('article:section'),
    m('parsely-section', 'section', 'category', 'dc.subject'),
  );

  const language = primaryLanguage(
    firstString(
      str(a.inLanguage),
      doc.documentElement?.getAttribute('lang'),
      doc.documentElement?.getAttribute('xml:lang'),
      m('og:locale'),
      m('content-language', 'language', 'dc.language', 'dcterms.language'),
    ),
  );

  const canonicalLink = linkRel(doc, 'canonical');
  const canonicalUrl = firstString(canonicalLink, m('og:url'), str(a.url), str(a.mainEntityOfPage));

  const description = firstString(str(a.description), m('og:description'), m('description', 'twitter:description'));

  const licenseNode = resolve(a.license, byId);
  const license = firstString(
    isObject(licenseNode) ? str(licenseNode.url ?? licenseNode.name) : str(licenseNode),
    linkRel(doc, 'license', ['link', 'a']),
    m('dc.rights', 'dcterms.license', 'dcterms.rights'),
  );

  let keywords: string[] = [];
  const ldKeywords = a.keywords;
  if (Array.isArray(ldKeywords)) keywords = ldKeywords.map((k) => str(k)).filter((k): k is string => !!k);
  else if (typeof ldKeywords === 'string') keywords = splitKeywords(ldKeywords);
  if (!keywords.length) keywords = mAll('article:tag').map(collapse).filter(Boolean);
  if (!keywords.length) keywords = splitKeywords(m('news_keywords', 'keywords', 'parsely-tags', 'sailthru.tags'));

  return {
    title,
    byline,
    authors,
    published,
    updated,
    publisher,
    siteName,
    section,
    language,
    canonicalUrl,
    description,
    license,
    keywords: dedupe(keywords),
  };
}
