import type { Article, IngestOverrides, NormalizedDate, RawArticle } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';
import { resolveGroup, type ParallaxConfig } from '../core/config.js';
import { cleanPlainText } from './plaintext.js';
import { extractHtml, MAX_HTML_DEPTH } from './html.js';
import { normalizeText } from './normalize.js';
import { normalizeDate } from '../core/dates/index.js';
import { articleId, findRepeatedParagraphs, textHash, textSignatures } from './dedup.js';
import { resolveOutlet, wireFromByline, type OutletRegistry } from './outlets.js';
import { findCitedSources } from './cited.js';

export { normalizeText } from './normalize.js';
export { normalizeDate } from '../core/dates/index.js';

export interface LanguageGuess {
  language: string;
  confidence: number;
}

export interface CleanContext {
  registry: OutletRegistry;
  config: ParallaxConfig;
  /** Language ID; when absent, the language stays what the input declared (or null). */
  detectLanguage?: (text: string) => LanguageGuess;
  now?: () => Date;
}

/**
 * Flags that mean the cleaner had to change its way of working on a hostile input; ingest prints them as warnings.
 * (The page's own note, with the depth and the line, is in HtmlExtraction.notes.)
 */
export const CLEANING_WARNINGS: Record<string, string> = {
  'deep-markup': `markup nested deeper than ${MAX_HTML_DEPTH} levels: the deeper elements were unwrapped, their text kept`,
  'extraction-skipped':
    'page too large and deeply nested for article extraction: the text of its main paragraph container (else the whole body) was kept',
};

/** Below this a guess is kept but flagged: short or mixed texts fool every language identifier. */
const LANGUAGE_CONFIDENCE_FLOOR = 0.6;
const SHORT_TEXT_WORDS = 50;

function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return m ? m.length : 0;
}

function firstDate(...candidates: Array<string | NormalizedDate | null | undefined>): NormalizedDate | null {
  for (const c of candidates) {
    if (!c) continue;
    if (typeof c !== 'string') return c;
    const d = normalizeDate(c);
    if (d) return d;
  }
  return null;
}

function nonEmpty(...values: Array<string | null | undefined>): string | null {
  for (const v of values) {
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

function primaryLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const p = tag.trim().toLowerCase().split(/[-_]/)[0];
  return p && /^[a-z]{2,3}$/.test(p) ? p : null;
}

/**
 * "Port opens new terminal | The Harbour Gazette" -> the outlet and the bare headline, when the part after the last
 * " | ", " - " or " — " is a registry outlet's name or alias (an unknown name there is left alone: it may be a
 * section or part of the headline) and the headline keeps at least three words.
 */
function titleSiteOutlet(reg: OutletRegistry, title: string): { title: string; outlet: string } | null {
  const m = /^(.+?)\s+(?:\||-|–|—)\s+([^|–—]{2,60})$/u.exec(title.trim());
  if (!m) return null;
  const head = m[1].trim();
  const e = reg.byName(m[2].trim());
  if (!e || head.split(/\s+/).length < 3) return null;
  return { title: head, outlet: e.name };
}

/**
 * One raw article in, one cleaned Article out. Pure apart from the injected language detector.
 * Precedence for every field: the user's command-line override, then what the container stated (JSON fields,
 * feed item), then what the page or text itself says.
 */
export function cleanArticle(raw: RawArticle, overrides: IngestOverrides, ctx: CleanContext): Article {
  return cleanForIngest(raw, overrides, ctx).article;
}

/** `cleanArticle` plus the article's shingle fingerprints (the store indexes them), from the same tokenisation. */
export function cleanForIngest(raw: RawArticle, overrides: IngestOverrides, ctx: CleanContext): { article: Article; fingerprints: number[] } {
  const meta = raw.meta;
  // HTML goes through Readability first; Readability leaves a page's own header and trailer lines in place often
  // enough that the plain-text cleaner runs over its output too. The page's metadata wins over what that pass guesses.
  const page = raw.format === 'html' ? extractHtml(raw.body, { url: meta.url }) : null;
  const pt = cleanPlainText(page ? page.text : raw.body, { title: (page ? nonEmpty(meta.title, page.title) : meta.title) ?? undefined });
  let text = pt.text;
  let title = nonEmpty(page?.title, pt.title);
  let byline = nonEmpty(page?.byline, pt.byline);
  let authors = page?.authors.length ? page.authors : pt.authors;
  let published = page?.published ?? pt.published;
  let updated = page?.updated ?? pt.updated;
  const section = nonEmpty(page?.section, pt.section);
  const license = nonEmpty(page?.license, pt.license);
  const pageLanguage = primaryLanguage(page?.language);
  const canonicalUrl = page?.canonicalUrl ?? null;
  const publisher = page?.publisher ?? null;
  const siteName = page?.siteName ?? null;
  const footerOutlet = pt.outletHint;
  const wireByline = pt.wireByline;
  const boilerplate = pt.boilerplate;

  text = normalizeText(text);
  if (!text.trim()) {
    throw new ParallaxError('E_INPUT_EMPTY', 'no article text left after cleaning', { input: raw.source });
  }

  title = nonEmpty(meta.title, title);
  byline = nonEmpty(meta.byline, byline);
  if (!authors.length && meta.byline) authors = [meta.byline.trim()];
  published = firstDate(overrides.published, meta.published, published);
  if (overrides.published && !normalizeDate(overrides.published)) {
    throw new ParallaxError('E_USAGE', `--published "${overrides.published}" is not a date`, { input: raw.source });
  }
  updated = firstDate(meta.updated, updated);
  // A plain-text article's own URL line ("https://…" first or last, "URL: …") is the lowest-priority address.
  const url = nonEmpty(overrides.url, meta.url, canonicalUrl, pt.url);
  // "Headline | The Outlet" in a plain text: a known outlet's name after the last separator is its site name.
  const titleSite = !page && !meta.title && title ? titleSiteOutlet(ctx.registry, title) : null;
  if (titleSite) title = titleSite.title;

  const outlet = resolveOutlet(ctx.registry, {
    user: nonEmpty(overrides.outlet, meta.outlet) ?? undefined,
    url: url ?? undefined,
    canonicalUrl: canonicalUrl ?? undefined,
    jsonLdPublisher: publisher ?? undefined,
    siteName: siteName ?? titleSite?.outlet ?? undefined,
    feedChannel: meta.feedChannel,
    feedLink: meta.feedLink,
    footerOutlet: footerOutlet ?? undefined,
  });

  const group =
    nonEmpty(overrides.group, meta.group) ??
    (outlet ? resolveGroup(ctx.config, { name: outlet.name, id: outlet.id, country: outlet.country, ownership: outlet.ownership }, ctx.registry) : null);

  const flags: string[] = [];
  let language = primaryLanguage(meta.language);
  let languageConfidence: number | null = language ? 1 : null;
  if (!language && ctx.detectLanguage) {
    const guess = ctx.detectLanguage(text);
    if (guess.language && guess.language !== 'und') {
      language = guess.language;
      languageConfidence = Math.round(guess.confidence * 1000) / 1000;
      if (guess.confidence < LANGUAGE_CONFIDENCE_FLOOR) flags.push('language-uncertain');
    }
  }
  if (!language && pageLanguage) {
    language = pageLanguage;
    languageConfidence = null;
  }
  if (language && language !== 'en') flags.push('non-english');
  const wordCount = countWords(text);
  if (wordCount < SHORT_TEXT_WORDS) flags.push('short-text');
  if (!title) flags.push('no-title');
  // A hostile page was made tractable (nesting unwrapped, extraction skipped): say so on the article.
  for (const note of page?.notes ?? []) if (!flags.includes(note.code)) flags.push(note.code);

  // A wire byline ("By JNS") on another outlet's page says the text was syndicated, even when the
  // original is not in the corpus; the near-duplicate pass adds the link to the earliest copy.
  let republication: Article['republication'] = null;
  const wireSource = nonEmpty(wireByline, byline);
  if (wireSource) {
    const wire = wireFromByline(ctx.registry, wireSource);
    if (wire && (!outlet || (outlet.id ?? outlet.name) !== wire.id)) {
      republication = { from: null, similarity: null, signals: [`wire-byline:${wire.name}`] };
    }
  }
  // A page whose JSON-LD publisher is a wire but whose outlet is the site (resolveOutlet): the site republished it.
  const wirePublisher = !republication && publisher ? ctx.registry.isWireAgency(publisher) : null;
  if (wirePublisher && outlet && outlet.via === 'site-name' && outlet.id !== wirePublisher.id) {
    republication = { from: null, similarity: null, signals: [`wire-publisher:${wirePublisher.name}`] };
  }

  // Another outlet's piece the article reports ("IRNA: …", "IRNA reported"): linked, never made the outlet.
  const citedSources = findCitedSources(ctx.registry, { title, text, outletId: outlet?.id ?? null, outletName: outlet?.name ?? null });

  const hash = textHash(text);
  const now = (ctx.now ?? (() => new Date()))();
  const signatures = textSignatures(text);
  const article: Article = {
    id: articleId(hash),
    source: raw.source,
    url,
    canonicalUrl,
    outlet: outlet?.name ?? null,
    outletId: outlet?.id ?? null,
    outletCountry: outlet?.country ?? null,
    group,
    title,
    byline,
    authors,
    published: published?.iso ?? null,
    publishedPrecision: published?.precision ?? null,
    updated: updated?.iso ?? null,
    updatedPrecision: updated?.precision ?? null,
    language,
    languageConfidence,
    license,
    section,
    text,
    wordCount,
    textHash: hash,
    simhash: signatures.simhash,
    republishedFrom: null,
    republication,
    citedSources,
    repeatedParagraphs: findRepeatedParagraphs(text),
    flags,
    boilerplate,
    ingestedAt: now.toISOString(),
  };
  return { article, fingerprints: signatures.fingerprints };
}
