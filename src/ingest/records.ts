import { jsonErrorOffset, lineColumn } from '../core/json-error.js';
export { jsonErrorOffset, lineColumn } from '../core/json-error.js';
import type { InputMeta, RawArticle } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';

/**
 * JSON and JSON Lines records: `{ text | html, url?, title?, outlet?, byline?, published?, updated?,
 * language?, group? }`. `text` wins over `html` when both are present: it is what the producer already
 * extracted, and re-extracting from the markup could only lose that work.
 */

const META_FIELDS = ['url', 'title', 'outlet', 'byline', 'published', 'updated', 'language', 'group'] as const;

export interface RecordContext {
  /** Source name for the article and the error, e.g. "a.jsonl#3". */
  source: string;
  sourceKind: RawArticle['sourceKind'];
}

/** An unpaired UTF-16 surrogate: only JSON escapes ("\ud800") can put one in a string; decoders never do. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Replaces unpaired surrogates with U+FFFD, as every decoder does with invalid input. SQLite stores UTF-8, which
 * cannot hold them: left in, an article read back differs from the one cleaned and hashed, and spans drift.
 */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns one parsed JSON value into a RawArticle, or throws a ParallaxError naming the problem. */
export function recordToArticle(value: unknown, ctx: RecordContext): RawArticle {
  const { source } = ctx;
  if (!isPlainObject(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new ParallaxError('E_INPUT_FORMAT', `expected a JSON object with "text" or "html", got ${what}`, { input: source });
  }
  const text = value.text;
  const html = value.html;
  let format: RawArticle['format'];
  let body: string;
  if (typeof text === 'string' && text.trim()) {
    format = 'text';
    body = wellFormed(text);
  } else if (typeof html === 'string' && html.trim()) {
    format = 'html';
    body = wellFormed(html);
  } else if (typeof text === 'string' || typeof html === 'string') {
    throw new ParallaxError('E_INPUT_EMPTY', `the "${typeof text === 'string' ? 'text' : 'html'}" field is empty`, { input: source });
  } else if (text !== undefined || html !== undefined) {
    throw new ParallaxError('E_INPUT_FORMAT', `the "${text !== undefined ? 'text' : 'html'}" field must be a string`, { input: source });
  } else {
    throw new ParallaxError('E_INPUT_FORMAT', 'record has no "text" or "html" field', { input: source });
  }
  const meta: InputMeta = {};
  for (const key of META_FIELDS) {
    const v = value[key];
    // Numbers are accepted for dates given as years or epoch values; anything else non-string is ignored.
    if (typeof v === 'string' && v.trim()) meta[key] = wellFormed(v.trim());
    else if (typeof v === 'number' && Number.isFinite(v)) meta[key] = String(v);
  }
  return { source, sourceKind: ctx.sourceKind, format, body, meta };
}

/** Parses JSON or throws E_INPUT_FORMAT "invalid JSON at line L, column C: <problem>". */
export function parseJsonOrThrow(text: string, input: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const where = jsonErrorOffset(text);
    if (where) {
      const { line, column } = lineColumn(text, where.offset);
      throw new ParallaxError('E_INPUT_FORMAT', `invalid JSON at line ${line}, column ${column}: ${where.problem}`, { input, cause: e });
    }
    throw new ParallaxError('E_INPUT_FORMAT', `invalid JSON: ${(e as Error).message}`, { input, cause: e });
  }
}

/**
 * Articles from a whole JSON document: one object → one article named `input`; an array → one per element,
 * named `input#<n>` (1-based). An element that is not a usable record becomes a per-element failure.
 */
export function* jsonDocumentResults(
  text: string,
  input: string,
  sourceKind: RawArticle['sourceKind'],
): Generator<{ raw: RawArticle } | { error: ParallaxError; source: string }> {
  if (!text.trim()) throw new ParallaxError('E_INPUT_EMPTY', 'file is empty', { input });
  const value = parseJsonOrThrow(text, input);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new ParallaxError('E_INPUT_EMPTY', 'JSON array has no records', { input });
    for (let k = 0; k < value.length; k++) {
      const source = `${input}#${k + 1}`;
      try {
        yield { raw: recordToArticle(value[k], { source, sourceKind }) };
      } catch (e) {
        if (e instanceof ParallaxError) yield { error: e, source };
        else throw e;
      }
    }
    return;
  }
  yield { raw: recordToArticle(value, { source: input, sourceKind }) };
}

/** One JSON Lines line (already decoded, without its newline) → article, or throws naming `input#line`. */
export function jsonlLineToArticle(line: string, source: string, sourceKind: RawArticle['sourceKind']): RawArticle {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    const where = jsonErrorOffset(line);
    const detail = where ? `at column ${where.offset + 1}: ${where.problem}` : (e as Error).message;
    throw new ParallaxError('E_INPUT_FORMAT', `invalid JSON ${detail}`, { input: source, cause: e });
  }
  return recordToArticle(value, { source, sourceKind });
}
