import { DOMParser } from 'linkedom';
import { Readability } from '@mozilla/readability';
import type { NormalizedDate } from '../core/article.js';
import { cleanByline, extractMetadata, splitAuthors, stripSiteSuffix } from './metadata.js';

export interface HtmlExtraction {
  /** Main article text, paragraphs separated by one blank line ("\n\n"), no markup, entities decoded. */
  text: string;
  title: string | null;
  byline: string | null;
  authors: string[];
  published: NormalizedDate | null;
  updated: NormalizedDate | null;
  publisher: string | null;
  siteName: string | null;
  section: string | null;
  /** Primary language subtag, lower case, as the page declares it (JSON-LD, <html lang>, og:locale, meta). */
  language: string | null;
  canonicalUrl: string | null;
  description: string | null;
  license: string | null;
  keywords: string[];
}

export interface ExtractHtmlOptions {
  /** The page's URL, when known (used only to resolve a relative canonical link). */
  url?: string;
}

/** Parse once with linkedom: a DOM good enough for Readability at a fraction of jsdom's cost. */
export function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody',
  'thead', 'tfoot', 'tr', 'ul',
]);
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'button',
  'select', 'option', 'textarea', 'input', 'head', 'title', 'meta', 'link',
]);
const CELL = new Set(['td', 'th']);

/**
 * DOM subtree -> plain text: one paragraph per block element, paragraphs joined by "\n\n", whitespace inside a
 * paragraph collapsed (except in <pre>), <br> kept as a line break inside its paragraph.
 */
export function domToText(root: Node): string {
  const paragraphs: string[] = [];
  let buf = '';
  const flush = (): void => {
    const p = buf
      .split('\n')
      .map((line) => line.replace(/[ \t\f\r\u00a0\u200b]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    if (p) paragraphs.push(p);
    buf = '';
  };
  const walk = (node: Node, pre: boolean): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      const type = child.nodeType;
      if (type === 3) {
        const data = (child as Text).data;
        buf += pre ? data.replace(/\n/g, '\u2028') : data.replace(/\s+/g, ' ');
      } else if (type === 1) {
        const tag = (child as Element).localName;
        if (SKIP.has(tag)) continue;
        if (tag === 'br') {
          buf += '\n';
          continue;
        }
        if (BLOCK.has(tag)) {
          flush();
          walk(child, pre || tag === 'pre');
          flush();
        } else if (CELL.has(tag)) {
          buf += ' ';
          walk(child, pre);
          buf += ' ';
        } else if (tag === 'img') {
          continue;
        } else {
          walk(child, pre);
        }
      }
    }
  };
  walk(root, false);
  flush();
  return paragraphs.map((p) => p.replace(/\u2028/g, '\n')).join('\n\n');
}

/**
 * Lines that Readability keeps inside the article container but that are page furniture, not the story.
 * Each pattern is anchored and matched against one short paragraph, so nothing backtracks over a big page.
 */
const FURNITURE: RegExp[] = [
  /^(?:share|share this|share this (?:article|story|post)|share on \w+|tweet|email|print|copy link|comments?)$/i,
  /^(?:advertisement|advertising|sponsored|sponsored content|ad|story continues below(?: advertisement)?|continue reading(?: below)?|scroll to continue(?: with content)?)$/i,
  /^(?:sign up|subscribe|subscribe now|sign up for (?:our|the) .{0,60}newsletter.{0,60}|get (?:our|the) .{0,40}newsletter.{0,60})$/i,
  /^(?:read more|read more:|more:|related:|related articles?|related stories|related coverage|recommended|recommended for you|most read|most popular|trending(?: now)?|see also:?|also read:?|read also:?|читайте также:?|смотрите также:?)$/i,
  /^(?:advertisement\s*-\s*scroll to continue|this article is more than \d+ (?:years?|months?) old)$/i,
];

function isFurniture(p: string): boolean {
  if (p.length > 120) return false;
  const s = p.replace(/[\s:.…»>→\-–—|]+$/u, '').trim();
  return FURNITURE.some((re) => re.test(s));
}

/** Post-Readability cleaning, one paragraph at a time. Measured on the article-extraction benchmark (eval/). */
export function cleanExtractedText(text: string): string {
  const out: string[] = [];
  for (const p of text.split('\n\n')) {
    if (isFurniture(p)) continue;
    out.push(p);
  }
  return out.join('\n\n');
}

/** When Readability gives up: the element whose direct <p> children hold the most text, else the body. */
function fallbackText(doc: Document): string {
  let best: Element | null = null;
  let bestLen = 0;
  for (const p of Array.from(doc.getElementsByTagName('p'))) {
    const parent = p.parentElement;
    if (!parent) continue;
    let len = 0;
    for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
      if (c.localName === 'p') len += (c.textContent ?? '').length;
    }
    if (len > bestLen) {
      bestLen = len;
      best = parent;
    }
  }
  if (best && bestLen >= 200) return domToText(best);
  const body = doc.body ?? doc.documentElement;
  if (!body) return '';
  for (const sel of ['nav', 'header', 'footer', 'aside']) {
    for (const el of Array.from(body.getElementsByTagName(sel))) el.remove();
  }
  return domToText(body);
}

function resolveUrl(href: string | null, base: string | undefined): string | null {
  if (!href) return null;
  try {
    return new URL(href, base).href;
  } catch {
    return /^https?:\/\//i.test(href) ? href : null;
  }
}

/** Readability over an already parsed DOM; returns the article element (or null). Mutates `doc`. */
export function runReadability(doc: Document): {
  root: Node | null;
  title: string | null;
  byline: string | null;
  textContent: string;
} {
  const reader = new Readability<Node>(doc, { serializer: (el) => el, disableJSONLD: true });
  const r = reader.parse();
  return {
    root: r?.content ?? null,
    title: r?.title ?? null,
    byline: r?.byline ?? null,
    textContent: r?.textContent ?? '',
  };
}

/**
 * Saved HTML page -> main text plus metadata. The page is parsed once; metadata is read before Readability,
 * which rewrites the DOM in place.
 */
export function extractHtml(html: string, opts: ExtractHtmlOptions = {}): HtmlExtraction {
  const doc = parseHtml(html);
  const meta = extractMetadata(doc);

  let root: Node | null = null;
  let rTitle: string | null = null;
  let rByline: string | null = null;
  try {
    const r = runReadability(doc);
    root = r.root;
    rTitle = r.title;
    rByline = r.byline;
  } catch {
    root = null;
  }
  let text = root ? domToText(root) : '';
  if (!text.trim()) text = fallbackText(doc);
  text = cleanExtractedText(text);

  const readabilityByline = cleanByline(rByline);
  const authors = meta.authors.length ? meta.authors : readabilityByline ? splitAuthors(readabilityByline) : [];
  const title =
    meta.title ?? (rTitle ? stripSiteSuffix(rTitle.replace(/\s+/g, ' ').trim(), [meta.siteName, meta.publisher]) : null);

  return {
    text,
    title: title || null,
    byline: meta.byline ?? readabilityByline,
    authors,
    published: meta.published,
    updated: meta.updated,
    publisher: meta.publisher,
    siteName: meta.siteName,
    section: meta.section,
    language: meta.language,
    canonicalUrl: resolveUrl(meta.canonicalUrl, opts.url),
    description: meta.description,
    license: meta.license,
    keywords: meta.keywords,
  };
}
