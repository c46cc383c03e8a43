import { DomHandler, DomUtils, Parser, parseDocument } from 'htmlparser2';
import type { InputMeta, RawArticle } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';
import { lineColumn } from './records.js';
import { internalDtdAt, rootElementName } from './sniff.js';
import { xmlNesting } from '../clean/nesting.js';

/**
 * Deepest element nesting a feed may have. Feeds nest 4–6 levels, Atom XHTML content a few dozen more; the XML
 * parser's cost grows with depth per tag and the tree walks are recursive, so a document 100,000 levels deep is
 * refused before it is parsed.
 */
export const MAX_FEED_DEPTH = 256;

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds → one RawArticle per item. Parsed with htmlparser2 in XML mode
 * (CDATA and the XML entities decoded by the parser); well-formedness is checked by watching for elements
 * the parser had to close implicitly, which is how a truncated download or stray markup shows up.
 */

type Doc = ReturnType<typeof parseDocument>;
type El = Parameters<typeof DomUtils.getAttributeValue>[0];

export type FeedItemResult = { raw: RawArticle } | { error: ParallaxError; source: string };

export interface FeedOptions {
  /** Input name; items are named `<input>#<n>`. */
  input: string;
  /** Overrides 'rss' / 'atom' (e.g. 'url', 'stdin' when that is where the feed came from). */
  sourceKind?: RawArticle['sourceKind'];
  /** Base for resolving relative links (the feed's own URL when fetched). */
  baseUrl?: string;
}

/** Tracks implicit closes so a malformed document can be refused with a line number. */
class CheckingHandler extends DomHandler {
  problem: { name: string; at: number; atEnd: boolean } | null = null;
  /** Set once all input is written: closes implied from here on mean the document stopped early. */
  ending = false;
  source = '';
  private parserRef: Parser | null = null;
  private openedAt: number[] = [];
  attach(p: Parser, source: string) {
    this.parserRef = p;
    this.source = source;
  }
  override onopentag(name: string, attribs: Record<string, string>) {
    this.openedAt.push(this.parserRef?.startIndex ?? 0);
    super.onopentag(name, attribs);
  }
  override onclosetag(name?: string, implied?: boolean) {
    const at = this.openedAt.pop() ?? 0;
    if (implied && !this.problem && this.parserRef && name) {
      // A self-closing tag ("<link href=.../>") is reported as implied too; it is not a problem.
      const end = this.parserRef.endIndex;
      const selfClosing = this.source[end] === '>' && this.source[end - 1] === '/' && end > at;
      if (this.ending || !selfClosing) this.problem = { name, at, atEnd: this.ending };
    }
    super.onclosetag();
  }
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

function children(el: El | Doc): El[] {
  return (el.children as unknown[]).filter((c) => typeof c === 'object' && c !== null && 'attribs' in c && 'name' in c) as El[];
}

function child(el: El, ...names: string[]): El | undefined {
  for (const name of names) {
    const found = children(el).find((c) => c.name === name);
    if (found) return found;
  }
  return undefined;
}

/** Child elements matching a local name under any prefix (content:encoded, dc:creator, ...). */
function childrenByLocal(el: El, local: string, prefixed: boolean): El[] {
  return children(el).filter((c) => (prefixed ? c.name.includes(':') : true) && localName(c.name) === local);
}

/**
 * HTML entities are not XML entities, but feeds use "&nbsp;" or "&eacute;" in titles all the time. Decode
 * each leftover entity on its own through the HTML parser (so a literal "<" elsewhere is never taken as a tag).
 */
function decodeLeftoverEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g, (m) => DomUtils.textContent(parseDocument(m)));
}

function clean(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = decodeLeftoverEntities(s).replace(/\s+/g, ' ').trim();
  return t || undefined;
}

/** Plain text of a text construct (Atom title type="html" holds escaped markup: strip it). */
function plainText(el: El | undefined): string | undefined {
  if (!el) return undefined;
  const type = el.attribs.type;
  const raw = DomUtils.textContent(el);
  if (type === 'html' || type === 'text/html') return clean(DomUtils.textContent(parseDocument(raw)));
  return clean(raw);
}

/** Body of an Atom content/summary element or an RSS description, with its format. */
function bodyOf(el: El, atom: boolean): { body: string; format: RawArticle['format'] } | undefined {
  if (atom && el.attribs.src) return undefined; // out-of-line content: nothing here to read
  const type = (el.attribs.type ?? '').toLowerCase();
  let body: string;
  let format: RawArticle['format'] = 'html';
  if (type === 'xhtml' || type === 'application/xhtml+xml') {
    // Inline XHTML: serialise the markup inside the wrapper <div>.
    body = DomUtils.getInnerHTML(el, { xmlMode: false, decodeEntities: false });
  } else {
    body = DomUtils.textContent(el);
    if (atom && (type === 'text' || type === 'text/plain' || (type === '' && !/<[A-Za-z!][^>]*>/.test(body)))) {
      // RFC 4287: no type means text. Producers who omit it for HTML are common, so markup still decides.
      format = 'text';
    }
  }
  if (!body.trim()) return undefined;
  return { body, format };
}

function resolveLink(href: string | undefined, base: string | undefined): string | undefined {
  const h = clean(href);
  if (!h) return undefined;
  try {
    return new URL(h, base).href;
  } catch {
    return h;
  }
}

function atomLink(el: El, base: string | undefined): string | undefined {
  const links = children(el).filter((c) => c.name === 'link');
  const alt = links.find((l) => !l.attribs.rel || l.attribs.rel === 'alternate') ?? links.find((l) => l.attribs.rel !== 'self');
  return alt ? resolveLink(alt.attribs.href, base) : undefined;
}

/** "jo@example.org (Jo Bloggs)" → "Jo Bloggs": the RSS 2.0 author form. */
function rssAuthor(s: string | undefined): string | undefined {
  const t = clean(s);
  if (!t) return undefined;
  const m = /^\S+@\S+\s*\((.+)\)$/.exec(t);
  return m ? m[1].trim() : t;
}

function joinAll(values: Array<string | undefined>): string | undefined {
  const seen = [...new Set(values.filter((v): v is string => !!v))];
  return seen.length ? seen.join(', ') : undefined;
}

function atomAuthors(el: El): string | undefined {
  return joinAll(children(el).filter((c) => c.name === 'author').map((a) => clean(child(a, 'name') ? DomUtils.textContent(child(a, 'name')!) : undefined)));
}

function text(el: El | undefined): string | undefined {
  return el ? clean(DomUtils.textContent(el)) : undefined;
}

function dcValue(el: El, local: string): string | undefined {
  return text(childrenByLocal(el, local, true)[0]);
}

/** Parses a feed document into per-item results; throws E_INPUT_FORMAT / E_INPUT_EMPTY for the whole feed. */
export function parseFeed(xml: string, opts: FeedOptions): FeedItemResult[] {
  const { input } = opts;
  const dtd = internalDtdAt(xml);
  if (dtd !== -1) {
    const { line, column } = lineColumn(xml, dtd);
    throw new ParallaxError(
      'E_INPUT_FORMAT',
      `DTD declarations are not accepted (entity expansion risk): the feed has an internal DTD subset, <!DOCTYPE … [ … ]> at line ${line}, column ${column}`,
      { input },
    );
  }
  const root = rootElementName(xml);
  const rootLocal = root ? localName(root) : null;
  if (!root || !(root === 'rss' || rootLocal === 'feed' || rootLocal === 'RDF')) {
    throw new ParallaxError('E_INPUT_FORMAT', `not an RSS or Atom feed (root element ${root ? `<${root}>` : 'missing'})`, { input });
  }
  const nesting = xmlNesting(xml, MAX_FEED_DEPTH);
  if (nesting.firstOver) {
    const { line, column, name } = nesting.firstOver;
    throw new ParallaxError(
      'E_INPUT_FORMAT',
      `feed nested deeper than ${MAX_FEED_DEPTH} levels: <${name}> at line ${line}, column ${column} opens level ${MAX_FEED_DEPTH + 1} (${nesting.depth.toLocaleString('en-US')} levels in all)`,
      { input },
    );
  }
  const handler = new CheckingHandler(undefined, { withStartIndices: true });
  const parser = new Parser(handler, { xmlMode: true, decodeEntities: true });
  handler.attach(parser, xml);
  parser.write(xml);
  handler.ending = true;
  parser.end();
  if (handler.problem) {
    const { line, column } = lineColumn(xml, handler.problem.at);
    throw new ParallaxError(
      'E_INPUT_FORMAT',
      handler.problem.atEnd
        ? `malformed feed: <${handler.problem.name}> at line ${line}, column ${column} is never closed (truncated file?)`
        : `malformed feed: <${handler.problem.name}> at line ${line}, column ${column} is not closed properly`,
      { input },
    );
  }
  const doc = handler.root;
  const rootEl = children(doc).find((c) => c.name === root);
  if (!rootEl) throw new ParallaxError('E_INPUT_FORMAT', 'malformed feed: no root element', { input });

  const isAtom = rootLocal === 'feed';
  const sourceKind = opts.sourceKind ?? (isAtom ? 'atom' : 'rss');
  const channel = isAtom ? rootEl : child(rootEl, 'channel');
  if (!channel) throw new ParallaxError('E_INPUT_FORMAT', `malformed feed: <${root}> has no <channel>`, { input });
  const base = opts.baseUrl;

  const feedChannel = plainText(child(channel, 'title'));
  const feedLink = isAtom ? atomLink(channel, base) : resolveLink(text(child(channel, 'link')), base);
  const feedLanguage = isAtom ? clean(channel.attribs['xml:lang']) : text(child(channel, 'language')) ?? dcValue(channel, 'language');
  const feedAuthor = isAtom ? atomAuthors(channel) : undefined;

  // RSS 2.0 puts items inside <channel>; RSS 1.0 (RDF) puts them next to it.
  const items = isAtom
    ? children(channel).filter((c) => c.name === 'entry')
    : [...children(channel), ...(rootLocal === 'RDF' ? children(rootEl) : [])].filter((c) => c.name === 'item');
  if (!items.length) throw new ParallaxError('E_INPUT_EMPTY', 'feed has no items', { input });

  const results: FeedItemResult[] = [];
  items.forEach((item, k) => {
    const source = `${input}#${k + 1}`;
    const title = plainText(child(item, 'title'));
    let content: ReturnType<typeof bodyOf>;
    for (const el of [
      ...childrenByLocal(item, 'encoded', true),
      ...(isAtom ? [child(item, 'content')] : []),
      child(item, 'description'),
      child(item, 'summary'),
    ]) {
      content = el ? bodyOf(el, isAtom) : undefined;
      if (content) break;
    }
    if (!content) {
      results.push({
        source,
        error: new ParallaxError('E_INPUT_EMPTY', `feed item${title ? ` "${title}"` : ''} has no content, description or summary`, { input: source }),
      });
      return;
    }
    const meta: InputMeta = {};
    const guid = child(item, 'guid');
    const url = isAtom
      ? atomLink(item, base)
      : resolveLink(text(child(item, 'link')), base) ??
        (guid && guid.attribs.isPermaLink !== 'false' && /^https?:\/\//.test(text(guid) ?? '') ? text(guid) : undefined);
    const updated = text(child(item, 'updated')) ?? (isAtom ? undefined : dcValue(item, 'modified'));
    const published = text(child(item, 'pubDate')) ?? text(child(item, 'published')) ?? dcValue(item, 'date') ?? (isAtom ? updated : undefined);
    const byline = isAtom
      ? atomAuthors(item) ?? feedAuthor
      : joinAll([rssAuthor(text(child(item, 'author'))), ...childrenByLocal(item, 'creator', true).map(text)]);
    const language = dcValue(item, 'language') ?? clean(item.attribs['xml:lang']) ?? feedLanguage;
    if (url) meta.url = url;
    if (title) meta.title = title;
    if (byline) meta.byline = byline;
    if (published) meta.published = published;
    if (updated) meta.updated = updated;
    if (language) meta.language = language;
    if (feedChannel) meta.feedChannel = feedChannel;
    if (feedLink) meta.feedLink = feedLink;
    results.push({ raw: { source, sourceKind, format: content.format, body: content.body, meta } });
  });
  return results;
}
