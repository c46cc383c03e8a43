import { DOMParser } from 'linkedom';
import { Readability } from '@mozilla/readability';
import type { NormalizedDate } from '../core/article.js';
import { cleanByline, extractMetadata, splitAuthors, stripSiteSuffix, type PageMetadata } from './metadata.js';
import { boundHtmlNesting } from './nesting.js';

/** The page's metadata (see PageMetadata: JSON-LD, OpenGraph, meta tags, <html lang>) plus its main text. */
export interface HtmlExtraction extends PageMetadata {
  /** Main article text, paragraphs separated by one blank line ("\n\n"), no markup, entities decoded. */
  text: string;
  /** What was done to a hostile page to keep extraction linear (empty for ordinary pages). */
  notes: HtmlNote[];
}

/** A page-level diagnostic: `code` becomes an article flag, `message` says what happened. */
export interface HtmlNote {
  code: 'deep-markup' | 'extraction-skipped';
  message: string;
}

export interface ExtractHtmlOptions {
  /** The page's URL, when known (used only to resolve a relative canonical link). */
  url?: string;
}

/**
 * linkedom does not build the implied <html>/<head>/<body> of the HTML spec: a fragment or a page that omits
 * its <body> tag (legal HTML) comes out as an empty body. Supply the missing skeleton so every input parses.
 */
export function ensureSkeleton(html: string): string {
  const hasHtml = /<html[\s>]/i.test(html);
  const hasHead = /<head[\s>]/i.test(html);
  const hasBody = /<body[\s>]/i.test(html);
  if (hasHtml && hasHead && hasBody) return html;
  let rest = html.replace(/^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype[^>]*>\s*)?/i, '');
  let attrs = '';
  const open = /<html(\s[^>]*)?>/i.exec(rest);
  if (open) {
    attrs = open[1] ?? '';
    rest = rest.slice(0, open.index) + rest.slice(open.index + open[0].length);
  }
  rest = rest.replace(/<\/html\s*>/gi, '');
  let head = '<head></head>';
  if (hasHead) {
    const start = rest.search(/<head[\s>]/i);
    const close = rest.slice(start).search(/<\/head\s*>/i);
    if (close >= 0) {
      const end = rest.indexOf('>', start + close) + 1;
      head = rest.slice(start, end);
      rest = rest.slice(0, start) + rest.slice(end);
    }
  } else if (hasBody) {
    // Whatever precedes <body> (title, meta, scripts) is head content.
    const b = rest.search(/<body[\s>]/i);
    head = `<head>${rest.slice(0, b)}</head>`;
    rest = rest.slice(b);
  }
  return `<!DOCTYPE html><html${attrs}>${head}${hasBody ? rest : `<body>${rest}</body>`}</html>`;
}

/** Parse once with linkedom: a DOM good enough for Readability at a fraction of jsdom's cost. */
export function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(ensureSkeleton(html), 'text/html') as unknown as Document;
}

const STRIP_OPEN = /<(script|style|svg|noscript|template|nav|footer|iframe|select|button)\b|<!--|>\s+</gi;

/** Tags next to which whitespace-only text can never separate two words: the text walker breaks there anyway. */
const WS_SAFE = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'col', 'colgroup', 'dd', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head',
  'header', 'hr', 'html', 'li', 'link', 'main', 'meta', 'nav', 'ol', 'p', 'section', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'title', 'tr', 'ul', 'option', 'select', 'script', 'style', 'iframe', 'input', 'button',
]);

function tagNameAt(html: string, lt: number): string {
  let i = lt + 1;
  if (html.charCodeAt(i) === 47 /* "/" */) i++;
  let j = i;
  while (j < html.length && j - i < 12) {
    const c = html.charCodeAt(j) | 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57 && j > i)) j++;
    else break;
  }
  return html.slice(i, j).toLowerCase();
}

function closingIndex(html: string, tag: string, from: number): number {
  const re = new RegExp(`</${tag}\\b`, 'gi');
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? m.index : -1;
}

/**
 * Drop, before parsing, what Readability would throw away after paying to parse it: comments, the raw contents
 * of <script> (JSON-LD excepted: the metadata reader needs it), <style>, <svg>, <noscript>, <template>, the
 * page chrome of <nav>, <footer>, <iframe>, <select> and <button> (+0.001 F1 on the benchmark and a quarter
 * less Readability time), and whitespace-only text next to block tags (a third of a typical page's DOM nodes,
 * each costly in linkedom). A nested element of the same name ends the cut early; what is left is still
 * chrome. <form> is kept: some CMSs wrap the whole page in one. One forward scan; every pattern is anchored on
 * "<" or ">", so nothing backtracks over a big page.
 */
export function stripNonContent(html: string): string {
  const parts: string[] = [];
  let pos = 0;
  const re = new RegExp(STRIP_OPEN.source, 'gi');
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const start = m.index;
    const first = m[0];
    let cutFrom = start;
    let end: number;
    if (first.charCodeAt(0) === 62 /* ">" */) {
      // Whitespace between two tags.
      const lt = html.lastIndexOf('<', start);
      const next = start + first.length - 1;
      if (!(WS_SAFE.has(tagNameAt(html, lt)) || WS_SAFE.has(tagNameAt(html, next)))) {
        re.lastIndex = next;
        continue;
      }
      cutFrom = start + 1;
      end = next;
    } else if (first === '<!--') {
      const close = html.indexOf('-->', start + 4);
      end = close < 0 ? html.length : close + 3;
    } else {
      const tag = m[1].toLowerCase();
      const tagEnd = html.indexOf('>', start);
      if (tagEnd < 0) break;
      if (tag === 'script' && /type\s*=\s*["']?application\/ld\+json/i.test(html.slice(start, tagEnd))) {
        const close = closingIndex(html, 'script', tagEnd);
        re.lastIndex = close < 0 ? html.length : close + 8;
        continue;
      }
      if (tag === 'svg' && html.charCodeAt(tagEnd - 1) === 47 /* "/" */) {
        end = tagEnd + 1;
      } else {
        const close = closingIndex(html, tag, tagEnd);
        if (close < 0) {
          end = html.length;
        } else {
          const gt = html.indexOf('>', close);
          end = gt < 0 ? html.length : gt + 1;
        }
      }
    }
    parts.push(html.slice(pos, cutFrom));
    pos = end;
    re.lastIndex = end;
  }
  parts.push(html.slice(pos));
  return parts.join('');
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

/** One paragraph-level block of extracted text and what the markup said about it. */
export interface TextBlock {
  text: string;
  /** Characters of `text` that sat inside links. */
  linkChars: number;
  /** Inside <figure>/<figcaption> or an element whose class names a caption or credit. */
  caption: boolean;
  /** The block is (inside) a heading. */
  heading: boolean;
  /** The block is a list item. */
  listItem: boolean;
}

const CAPTION_CLASS = /(?:^|[\s_-])(?:caption|credit|figcaption|photo-?credit|image-?credit|media-?credit|copyright)(?:$|[\s_-])/i;

/**
 * DOM subtree -> blocks of text: one per block element, whitespace inside a block collapsed (except in <pre>),
 * <br> kept as a line break inside its block.
 */
export function domToBlocks(root: Node): TextBlock[] {
  const blocks: TextBlock[] = [];
  let buf = '';
  let linkChars = 0;
  let captionDepth = 0;
  let headingDepth = 0;
  let listDepth = 0;
  let linkDepth = 0;
  const flush = (): void => {
    if (!buf) return;
    const p = buf
      .split('\n')
      .map((line) => line.replace(/[ \t\f\r\u00a0\u200b]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    if (p) {
      blocks.push({
        text: p.replace(/\u2028/g, '\n'),
        linkChars: Math.min(linkChars, p.length),
        caption: captionDepth > 0,
        heading: headingDepth > 0,
        listItem: listDepth > 0,
      });
    }
    buf = '';
    linkChars = 0;
  };
  // An explicit stack instead of recursion: the walk is as deep as the markup, and markup can be hostile.
  const CAPTION = 1;
  const BLOCK_END = 2;
  const HEADING = 4;
  const LIST_ITEM = 8;
  const CELL_END = 16;
  const LINK = 32;
  interface Frame {
    next: Node | null;
    pre: boolean;
    exit: number;
  }
  const stack: Frame[] = [{ next: root.firstChild, pre: false, exit: 0 }];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const child = frame.next;
    if (!child) {
      stack.pop();
      const x = frame.exit;
      if (x & BLOCK_END) flush();
      if (x & HEADING) headingDepth--;
      if (x & LIST_ITEM) listDepth--;
      if (x & CELL_END) buf += ' ';
      if (x & LINK) linkDepth--;
      if (x & CAPTION) captionDepth--;
      continue;
    }
    frame.next = child.nextSibling;
    const pre = frame.pre;
    const type = child.nodeType;
    if (type === 3) {
      const data = (child as Text).data;
      const t = pre ? data.replace(/\n/g, '\u2028') : data.replace(/\s+/g, ' ');
      buf += t;
      if (linkDepth > 0) linkChars += t.trim().length;
      continue;
    }
    if (type !== 1) continue;
    const el = child as Element;
    const tag = el.localName;
    if (SKIP.has(tag)) continue;
    if (tag === 'br') {
      buf += '\n';
      continue;
    }
    if (tag === 'img') continue;
    const cls = el.getAttribute('class');
    let exit = 0;
    if (tag === 'figcaption' || tag === 'figure' || (cls !== null && CAPTION_CLASS.test(cls))) {
      captionDepth++;
      exit |= CAPTION;
    }
    if (BLOCK.has(tag)) {
      flush();
      exit |= BLOCK_END;
      if (tag.length === 2 && tag.charCodeAt(0) === 104 /* h */ && tag !== 'hr' && tag !== 'hgroup') {
        headingDepth++;
        exit |= HEADING;
      }
      if (tag === 'li' || tag === 'dd' || tag === 'dt') {
        listDepth++;
        exit |= LIST_ITEM;
      }
    } else if (CELL.has(tag)) {
      buf += ' ';
      exit |= CELL_END;
    } else if (tag === 'a') {
      linkDepth++;
      exit |= LINK;
    }
    stack.push({ next: child.firstChild, pre: pre || tag === 'pre', exit });
  }
  flush();
  return blocks;
}

/** DOM subtree -> plain text, blocks joined by one blank line. */
export function domToText(root: Node): string {
  return domToBlocks(root)
    .map((b) => b.text)
    .join('\n\n');
}

/**
 * Lines that Readability keeps inside the article container but that are page furniture, not the story.
 * Each pattern is anchored and matched against one short block, so nothing backtracks over a big page.
 */
const FURNITURE: RegExp[] = [
  /^(?:share|share this|share this (?:article|story|post)|share on \w+|tweet|email|print|copy link|comments?)$/i,
  /^(?:partager|partagez|teilen|compartir|condividi|поделиться|paylaş|paylaşın|مشاركة|اشتراک(?:\u200c| )?گذاری|هم‌رسانی)$/iu,
  /^(?:advertisement|advertising|advert|sponsored|sponsored content|ad|story continues below(?: advertisement)?|continue reading(?: below)?|scroll to continue(?: with content)?)$/i,
  /^(?:sign up|subscribe|subscribe now|sign up for (?:our|the) .{0,60}newsletter.{0,60}|get (?:our|the) .{0,40}newsletter.{0,60})$/i,
  /^(?:read more|read more:|more:|related:|related articles?|related stories|related coverage|recommended|recommended for you|most read|most popular|trending(?: now)?|see also:?|also read:?|read also:?|читайте также:?|смотрите также:?)$/i,
  /^(?:advertisement\s*-\s*scroll to continue|this article is more than \d+ (?:years?|months?) old)$/i,
];

function isFurniture(p: string): boolean {
  if (p.length > 120) return false;
  const s = p.replace(/[\s:.…»>→\-–—|]+$/u, '').trim();
  return FURNITURE.some((re) => re.test(s));
}

export interface CleanBlocksOptions {
  title?: string | null;
  section?: string | null;
  authors?: string[];
}

/**
 * Post-Readability filters. Each one was measured alone on the article-extraction benchmark's 102 development
 * pages (eval/extraction.ts) and kept because it raised F1; see docs/cleaning.md for the numbers and for the
 * ideas that were measured and dropped (identical repeated short blocks, copyright lines: both cost recall).
 */
const FILTERS = {
  /** Share/subscribe/"Read more"/advertisement labels. */
  furniture: true,
  /** <figure>, <figcaption>, and elements whose class names a caption or credit: +0.009 F1. */
  captions: true,
  /** Short blocks that are (almost) all link text: related headlines, tag lists: +0.003. */
  linkOnly: true,
  /** The headline repeated as the first block. */
  titleRepeat: true,
  /** "Posted: ... | Updated: ...", "By X - 11/18/19 ...": +0.002. */
  dateline: true,
  /** "(Image: GETTY)", "Credit: ..." caption lines that escaped <figcaption>: +0.001. */
  imageCredit: true,
  /** The section label or the byline repeated near the top. */
  metaEcho: true,
  /** Gallery counters ("6") and other number-only crumbs. */
  digits: true,
  /** "Sign up for our ... newsletter" promos: +0.001. */
  newsletter: true,
} as const;

const DATELINE =
  /^[|•·\s]*(?:posted|published|updated|last updated|last modified|modified|created|date|(?:первоначально )?опубликовано|обновлено)\b[\s:]*(?:at|on)?\s*[\p{L}\d]/iu;
const BY_DATE = /^by\s+[\p{L}.'’ -]{2,60}\s*(?:[|•·,-]|\bon\b)[^\d]{0,20}\d/iu;
const NEWSLETTER = /\b(?:sign up|subscribe)\b.{0,120}\bnewsletters?\b|\bnewsletters?\b.{0,80}\b(?:sign up|subscribe)\b/i;
const IMAGE_CREDIT = /\((?:image|photo|picture|pic|credit|source|foto|фото)s?\s*:[^()]{1,80}\)\s*$|\b(?:credit|photo|image)s?\s*:\s*[^.]{1,80}$/iu;

function isLinkOnly(b: TextBlock): boolean {
  return b.text.length < 160 && b.linkChars >= b.text.replace(/\s+/g, '').length * 0.9;
}

/** Post-Readability cleaning, one block at a time. Each rule is kept only because it raised F1 (eval/). */
export function cleanBlocks(blocks: TextBlock[], opts: CleanBlocksOptions = {}): TextBlock[] {
  const title = opts.title ? opts.title.replace(/\s+/g, ' ').trim().toLowerCase() : null;
  const linkOnly = blocks.map(isLinkOnly);
  const section = opts.section ? opts.section.trim().toLowerCase() : null;
  const authors = new Set((opts.authors ?? []).map((a) => a.toLowerCase()));
  return blocks.filter((b, i) => {
    if (FILTERS.furniture && isFurniture(b.text)) return false;
    if (FILTERS.captions && b.caption) return false;
    if (FILTERS.linkOnly && linkOnly[i]) return false;
    if (FILTERS.titleRepeat && title && i < 3 && b.text.toLowerCase() === title) return false;
    if (FILTERS.dateline && b.text.length < 100 && (DATELINE.test(b.text) || BY_DATE.test(b.text))) return false;
    if (FILTERS.imageCredit && b.text.length < 300 && IMAGE_CREDIT.test(b.text)) return false;
    if (FILTERS.metaEcho && i < 6 && b.text.length < 80) {
      const t = b.text.toLowerCase();
      if (section && t === section) return false;
      if (/^by\s/i.test(b.text) || authors.has(t)) return false;
      const named = authors.size ? cleanByline(b.text) : null;
      if (named && splitAuthors(named).every((a) => authors.has(a.toLowerCase()))) return false;
    }
    if (FILTERS.newsletter && b.text.length < 250 && NEWSLETTER.test(b.text)) return false;
    if (FILTERS.digits && /^[\d\s/.,:]+$/.test(b.text) && b.text.length < 12) return false;
    return true;
  });
}

/** Plain-text variant of cleanBlocks for text that no longer has its markup. */
export function cleanExtractedText(text: string): string {
  return text
    .split('\n\n')
    .filter((p) => !isFurniture(p))
    .join('\n\n');
}

/** When Readability gives up: the element whose direct <p> children hold the most text, else the body. */
function fallbackText(doc: Document): string {
  // One pass over the <p> elements, summing per parent (a page of 100,000 sibling paragraphs stays linear).
  const byParent = new Map<Element, number>();
  for (const p of Array.from(doc.getElementsByTagName('p'))) {
    const parent = p.parentElement;
    if (parent) byParent.set(parent, (byParent.get(parent) ?? 0) + (p.textContent ?? '').length);
  }
  let best: Element | null = null;
  let bestLen = 0;
  for (const [parent, len] of byParent) {
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

/**
 * Readability's cost grows with Σ depth over the nodes of the page (its scoring reads the text of each candidate
 * and of its ancestors): measured at 1.5–3 µs per unit. The 102 benchmark pages stay under 26,000; 100,000 flat
 * paragraphs (2.8 MB) come to 450,000. A page over this budget is not given to Readability: its text is taken by
 * the fallback (the element with the most paragraph text, else the body), in linear time.
 */
export const READABILITY_BUDGET = 1_000_000;

/** Σ depth over the nodes under `root`, counting stops once past `limit`. Iterative. */
export function domWork(root: Node, limit = Infinity): number {
  let work = 0;
  let depth = 0;
  let node: Node | null = root.firstChild;
  if (!node) return 0;
  depth = 1;
  while (node) {
    work += depth;
    if (work > limit) return work;
    if (node.firstChild) {
      node = node.firstChild;
      depth++;
      continue;
    }
    while (node && !node.nextSibling) {
      node = node.parentNode;
      depth--;
      if (node === root || depth <= 0) return work;
    }
    node = node ? node.nextSibling : null;
  }
  return work;
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
  const reader = new Readability<Node>(doc, { serializer: (el) => el, disableJSONLD: true, keepClasses: true });
  const r = reader.parse();
  return {
    root: r?.content ?? null,
    title: r?.title ?? null,
    byline: r?.byline ?? null,
    textContent: r?.textContent ?? '',
  };
}

/** Elements nested deeper than this are unwrapped before parsing (src/clean/nesting.ts; real pages nest ≤ ~50). */
export const MAX_HTML_DEPTH = 128;

/**
 * Saved HTML page -> main text plus metadata. The page is parsed once; metadata is read before Readability,
 * which rewrites the DOM in place.
 */
export function extractHtml(html: string, opts: ExtractHtmlOptions = {}): HtmlExtraction {
  const bounded = boundHtmlNesting(stripNonContent(html), MAX_HTML_DEPTH);
  const notes: HtmlNote[] = [];
  if (bounded.unwrapped) {
    const at = bounded.deepest;
    notes.push({
      code: 'deep-markup',
      message:
        `markup nested ${bounded.depth.toLocaleString('en-US')} levels deep` +
        (at ? ` (<${at.name}> at line ${at.line}, column ${at.column})` : '') +
        `: ${bounded.unwrapped.toLocaleString('en-US')} elements deeper than ${MAX_HTML_DEPTH} levels were unwrapped, their text kept`,
    });
  }
  const doc = parseHtml(bounded.html);
  const meta = extractMetadata(doc);

  let root: Node | null = null;
  let rTitle: string | null = null;
  let rByline: string | null = null;
  const work = domWork(doc.documentElement ?? doc, READABILITY_BUDGET);
  if (work > READABILITY_BUDGET) {
    notes.push({
      code: 'extraction-skipped',
      message: 'page too large and deeply nested for article extraction: the text of its main paragraph container (else the whole body) was kept',
    });
  } else {
    try {
      const r = runReadability(doc);
      root = r.root;
      rTitle = r.title;
      rByline = r.byline;
    } catch {
      root = null;
    }
  }
  let text = root ? cleanBlocks(domToBlocks(root), { title: meta.title ?? rTitle, section: meta.section, authors: meta.authors }).map((b) => b.text).join('\n\n') : '';
  if (!text.trim()) text = cleanExtractedText(fallbackText(doc));

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
    notes,
  };
}
