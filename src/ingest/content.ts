import type { RawArticle } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';
import { bomCharset, decodeBytes, type DecodeHints } from './charset.js';
import { ByteReader, byteLines, maybeGunzip, tooLarge } from './bytes.js';
import { parseFeed } from './feed.js';
import { jsonDocumentResults, jsonlLineToArticle } from './records.js';
import { article, asParallaxError, failed, type ReadResult } from './results.js';
import { looksBinary, looksLikeFeed, rootElementName, sniffText, type ContentKind } from './sniff.js';

/**
 * From bytes to results, shared by files, stdin and URLs. `kind` is what the name or Content-Type said; when
 * it is null the content is sniffed.
 */

export interface ContentContext {
  /** The input's name: path, "stdin", or the URL as given. Multi-item containers append "#<n>". */
  input: string;
  kind: ContentKind | null;
  /** 'url' / 'stdin' when that is where the content came from; otherwise derived from the content kind. */
  origin?: 'url' | 'stdin';
  maxBytes: number;
  /** Charset from a Content-Type header. */
  declaredCharset?: string;
  /** Final URL after redirects (URL inputs). */
  finalUrl?: string;
  /** Content-Type said text/plain: a feed is still recognised, but markup is not taken for HTML. */
  plainTextType?: boolean;
}

const SNIFF_BYTES = 64 * 1024;

function sourceKindFor(kind: ContentKind, ctx: ContentContext, feedKind?: 'rss' | 'atom'): RawArticle['sourceKind'] {
  if (ctx.origin) return ctx.origin;
  switch (kind) {
    case 'text':
      return 'txt';
    case 'html':
      return 'html';
    case 'json':
      return 'json';
    case 'jsonl':
      return 'jsonl';
    case 'feed':
      return feedKind ?? 'rss';
  }
}

function hintsFor(kind: ContentKind | null, declared?: string): DecodeHints {
  if (kind === 'html') return { declared, html: true };
  if (kind === 'feed') return { declared, xml: true };
  if (kind === null) return { declared, html: true, xml: true };
  return { declared };
}

function emptyError(ctx: ContentContext, what = 'holds no text'): ParallaxError {
  const noun = ctx.origin === 'url' ? 'response' : ctx.origin === 'stdin' ? 'stdin' : 'file';
  return new ParallaxError('E_INPUT_EMPTY', `${noun} ${what}`, { input: ctx.input });
}

/** Results for a fully read input. */
export function* resultsFromBytes(bytes: Buffer, ctx: ContentContext): Generator<ReadResult> {
  if (bytes.length === 0) throw emptyError(ctx, 'is empty (0 bytes)');
  let kind = ctx.kind;
  const decoded = decodeBytes(bytes, hintsFor(kind, ctx.declaredCharset));
  // UTF-16 (from a BOM, the Content-Type header or a declaration in the document) has NUL bytes by nature.
  if (kind !== 'jsonl' && kind !== 'json' && !decoded.charset.startsWith('utf-16') && looksBinary(bytes)) {
    throw new ParallaxError('E_INPUT_FORMAT', 'looks like binary data, not text, HTML, JSON or a feed', { input: ctx.input });
  }
  const text = decoded.text;
  if (!text.trim()) throw emptyError(ctx, 'holds only whitespace');
  if (kind === null) {
    kind = sniffText(text);
    if (ctx.plainTextType && kind !== 'feed') kind = 'text';
  }
  yield* resultsFromText(text, kind, ctx);
}

function* resultsFromText(text: string, kind: ContentKind, ctx: ContentContext): Generator<ReadResult> {
  const { input } = ctx;
  switch (kind) {
    case 'text':
    case 'html': {
      const meta = ctx.finalUrl ? { url: ctx.finalUrl } : {};
      yield article({ source: input, sourceKind: sourceKindFor(kind, ctx), format: kind, body: text, meta });
      return;
    }
    case 'feed': {
      if (!looksLikeFeed(text)) {
        throw new ParallaxError('E_INPUT_FORMAT', 'not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root element)', { input });
      }
      const isAtom = /^(?:[\w.-]+:)?feed$/.test(rootElementName(text) ?? '');
      const items = parseFeed(text, { input, sourceKind: sourceKindFor('feed', ctx, isAtom ? 'atom' : 'rss'), baseUrl: ctx.finalUrl });
      for (const r of items) yield 'raw' in r ? article(r.raw) : failed(r.source, r.error);
      return;
    }
    case 'json': {
      for (const r of jsonDocumentResults(text, input, sourceKindFor('json', ctx))) {
        yield 'raw' in r ? article(r.raw) : failed(r.source, r.error);
      }
      return;
    }
    case 'jsonl': {
      let any = false;
      const lines = text.split('\n');
      for (let k = 0; k < lines.length; k++) {
        const line = lines[k].replace(/\r$/, '');
        if (!line.trim()) continue;
        any = true;
        yield jsonlResult(line, `${input}#${k + 1}`, ctx);
      }
      if (!any) throw emptyError(ctx, 'has no JSON Lines records');
      return;
    }
  }
}

function jsonlResult(line: string, source: string, ctx: ContentContext): ReadResult {
  try {
    return article(jsonlLineToArticle(line, source, sourceKindFor('jsonl', ctx)));
  } catch (e) {
    return failed(source, asParallaxError(e, source));
  }
}

/**
 * Results for a byte stream: gunzips when the magic bytes say so, sniffs the head when `kind` is null, streams
 * JSON Lines line by line (only each line is bounded by maxBytes) and reads everything else whole (bounded).
 */
export async function* resultsFromStream(raw: ByteReader, ctx: ContentContext): AsyncGenerator<ReadResult> {
  const { reader } = await maybeGunzip(raw, ctx.input, ctx.maxBytes);
  try {
    let head = await reader.peek(SNIFF_BYTES);
    if (head.length === 0) throw emptyError(ctx, 'is empty (0 bytes)');
    let kind = ctx.kind;
    const utf16 = bomCharset(head)?.startsWith('utf-16') ?? false;
    if (kind === null && !utf16) {
      // JSON vs JSON Lines needs the whole first line; extend the look-ahead to it (bounded by maxBytes).
      const firstNonSpace = head.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf);
      if (firstNonSpace !== -1 && head[firstNonSpace] === 0x7b) {
        let want = head.length;
        while (head.indexOf(0x0a, firstNonSpace) === -1 && head.length === want && want <= ctx.maxBytes) {
          want = Math.min(want * 2, ctx.maxBytes + 1);
          head = await reader.peek(want);
        }
      }
      const headText = decodeBytes(head, hintsFor(null)).text;
      // Only JSON Lines is decided here; everything else is sniffed again on the whole text.
      if (sniffText(headText) === 'jsonl') kind = 'jsonl';
    }
    if (kind === 'jsonl' && !utf16) {
      yield* jsonlFromReader(reader, ctx);
      return;
    }
    const bytes = await reader.readAll(ctx.maxBytes, ctx.input);
    yield* resultsFromBytes(bytes, { ...ctx, kind });
  } finally {
    reader.close();
  }
}

async function* jsonlFromReader(reader: ByteReader, ctx: ContentContext): AsyncGenerator<ReadResult> {
  let any = false;
  let lastLine = 0;
  try {
    for await (const l of byteLines(reader, ctx.maxBytes)) {
      lastLine = l.line;
      yield* jsonlLine(l, ctx, () => (any = true));
    }
  } catch (e) {
    // The records read so far were yielded and stay ingested; say where reading stopped.
    if (e instanceof ParallaxError && e.code === 'E_INPUT_TOO_LARGE') {
      throw new ParallaxError(e.code, `${e.message}; the records on lines 1–${lastLine} were read`, { input: ctx.input });
    }
    throw e;
  }
  if (!any) throw emptyError(ctx, 'has no JSON Lines records');
}

function* jsonlLine(
  l: { line: number; bytes: Buffer; tooLong: false } | { line: number; tooLong: true },
  ctx: ContentContext,
  seen: () => void,
): Generator<ReadResult> {
  const source = `${ctx.input}#${l.line}`;
  if (l.tooLong) {
    seen();
    yield failed(source, tooLarge(source, ctx.maxBytes));
    return;
  }
  // Each line decoded on its own: UTF-8 when valid, else windows-1252 (0x0A is a line feed in both).
  const line = decodeBytes(l.bytes).text;
  if (!line.trim()) return;
  seen();
  yield jsonlResult(line, source, ctx);
}
