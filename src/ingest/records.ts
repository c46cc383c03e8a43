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
    body = text;
  } else if (typeof html === 'string' && html.trim()) {
    format = 'html';
    body = html;
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
    if (typeof v === 'string' && v.trim()) meta[key] = v.trim();
    else if (typeof v === 'number' && Number.isFinite(v)) meta[key] = String(v);
  }
  return { source, sourceKind: ctx.sourceKind, format, body, meta };
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Offset of the first syntax error in `text`, or -1 if it is valid JSON. V8's JSON.parse messages do not
 * always give a position (and their wording changes between Node versions), so we find it ourselves.
 */
export function jsonErrorOffset(text: string): { offset: number; problem: string } | null {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(readonly offset: number, readonly problem: string) {}
  }
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (problem: string): never => {
    throw new Stop(i, i >= n ? 'unexpected end of input' : problem);
  };
  const str = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character in string (unescaped newline?)');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i++;
            fail('invalid \\u escape');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail(`invalid escape "\\${e ?? ''}"`);
        }
      } else i++;
    }
    fail('unterminated string');
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${show(text[i])}`);
        str();
        ws();
        if (text[i] !== ':') fail(`expected ":" after property name, found ${show(text[i])}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected "," or "}" in object, found ${show(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected "," or "]" in array, found ${show(text[i])}`);
      }
    }
    if (c === '"') return str();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (lit) {
      i += lit[0].length;
      return;
    }
    fail(`unexpected ${show(c)}`);
  };
  try {
    value();
    ws();
    if (i < n) fail(`unexpected ${show(text[i])} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, problem: e.problem };
    return null; // e.g. a RangeError from absurd nesting: fall back to V8's message

  }
}

function show(c: string | undefined): string {
  if (c === undefined) return 'end of input';
  if (c === '\n') return 'a line break';
  return JSON.stringify(c);
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
