/**
 * Deciding what an input holds: from its name (files), its Content-Type (URLs) or its first bytes (stdin,
 * unknown extensions, generic content types).
 */

export type ContentKind = 'text' | 'html' | 'json' | 'jsonl' | 'feed';

const EXTENSIONS: Record<string, ContentKind> = {
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.rss': 'feed',
  '.atom': 'feed',
  '.xml': 'feed',
};

/** Lower-case extension after removing a trailing ".gz": "a/b.JSONL.gz" → ".jsonl". */
export function innerExtension(name: string): string {
  let base = name.replace(/^.*[\\/]/, '').toLowerCase();
  if (base.endsWith('.gz')) base = base.slice(0, -3);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

/** The kind a file name implies, or null when its extension is not one we read. */
export function kindFromName(name: string): ContentKind | null {
  return EXTENSIONS[innerExtension(name)] ?? null;
}

/**
 * The kind a Content-Type implies, or null when it is generic (missing, octet-stream, text/plain — feeds and
 * JSON are often served as those) and the body must be sniffed.
 */
export function kindFromContentType(contentType: string | undefined): ContentKind | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (/^application\/(rss|atom|rdf)\+xml$/.test(type)) return 'feed';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (/^application\/(x-)?(ndjson|jsonl|json-lines|jsonlines|x-ndjson)$/.test(type)) return 'jsonl';
  return null;
}

/**
 * End of a `<!DOCTYPE …>` starting at `at`: after its internal subset (`[ … ]`) when it has one, whose entity
 * declarations contain ">" themselves. -1 when it never ends.
 */
function doctypeEnd(s: string, at: number): { end: number; subset: boolean } {
  const gt = s.indexOf('>', at);
  const open = s.indexOf('[', at);
  if (open === -1 || (gt !== -1 && gt < open)) return { end: gt, subset: false };
  const close = s.indexOf(']', open);
  if (close === -1) return { end: -1, subset: true };
  const end = s.indexOf('>', close);
  return { end, subset: true };
}

/** Skips a BOM (as decoded U+FEFF), whitespace, XML declaration, processing instructions, comments and doctype. */
function skipProlog(s: string): string {
  return s.slice(prologEnd(s).end);
}

/** Where the prolog ends, and where a doctype with an internal DTD subset starts (-1: none). */
function prologEnd(s: string): { end: number; subsetAt: number } {
  let at = s.startsWith('\uFEFF') ? 1 : 0;
  let subsetAt = -1;
  for (;;) {
    while (at < s.length && /\s/.test(s[at])) at++;
    if (s.startsWith('<?', at)) {
      const end = s.indexOf('?>', at);
      if (end === -1) return { end: s.length, subsetAt };
      at = end + 2;
    } else if (s.startsWith('<!--', at)) {
      const end = s.indexOf('-->', at);
      if (end === -1) return { end: s.length, subsetAt };
      at = end + 3;
    } else if (/^<!doctype/i.test(s.slice(at, at + 9)) && !/^<!doctype\s+html/i.test(s.slice(at, at + 64))) {
      const d = doctypeEnd(s, at);
      if (d.subset && subsetAt === -1) subsetAt = at;
      if (d.end === -1) return { end: s.length, subsetAt };
      at = d.end + 1;
    } else {
      return { end: at, subsetAt };
    }
  }
}

/**
 * Offset of a `<!DOCTYPE … [ … ]>` with an internal DTD subset before the root element, or -1. Entity
 * declarations there are how "billion laughs" and external-entity attacks are written; no feed needs one.
 */
export function internalDtdAt(text: string): number {
  return prologEnd(text).subsetAt;
}

/** Name of the first element, e.g. "rss", "feed", "rdf:RDF", "html"; null when the text does not start with markup. */
export function rootElementName(text: string): string | null {
  const m = /^<([A-Za-z_][\w:.-]*)/.exec(skipProlog(text));
  return m ? m[1] : null;
}

/** True when the markup's root element is an RSS 2.0, Atom or RSS 1.0 (RDF) feed. */
export function looksLikeFeed(text: string): boolean {
  const root = rootElementName(text);
  if (!root) return false;
  const local = root.includes(':') ? root.slice(root.indexOf(':') + 1) : root;
  return root === 'rss' || local === 'feed' || local === 'RDF';
}

/**
 * Sniffs decoded text. JSON vs JSON Lines is decided by the first line alone (so a stream can be sniffed from
 * its head): a complete JSON object on line 1 followed by more content is JSON Lines; anything else starting
 * with "{" or "[" is one JSON document (a pretty-printed object's first line is just "{").
 * Markup: feed root or HTML. Else text.
 */
export function sniffText(text: string): ContentKind {
  const start = text.replace(/^[\uFEFF\s]+/, '');
  const c = start[0];
  if (c === '[') return 'json';
  if (c === '{') {
    const nl = start.indexOf('\n');
    if (nl === -1 || !start.slice(nl + 1).trim()) return 'json';
    try {
      const first = JSON.parse(start.slice(0, nl)) as unknown;
      return typeof first === 'object' && first !== null ? 'jsonl' : 'json';
    } catch {
      return 'json'; // a pretty-printed or broken object: the JSON reader reports where it breaks
    }
  }
  if (c === '<') {
    if (looksLikeFeed(start)) return 'feed';
    return 'html';
  }
  return 'text';
}

/** Markers of a binary file: NUL bytes in the first KB (UTF-16 text is recognised by its BOM before this runs). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
