/**
 * `JSON.stringify(value, null, 2)` written in pieces: the same bytes, without ever building the whole text as one
 * string. A large comparison's indented JSON can pass V8's maximum string length (about 512 MB), which made
 * `compare --json` fail with "Invalid string length" at 10,000 articles; written in pieces it has no such limit.
 */

/** Subtrees at this depth or deeper are small enough to stringify whole (an element of an array of the top object). */
const WHOLE_AT_DEPTH = 3;

type Json = unknown;

function toJsonValue(v: Json, key: string): Json {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return (v as { toJSON(k: string): unknown }).toJSON(key);
  }
  return v;
}

/** A value JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(v: Json): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function* chunks(value: Json, pad: string, depth: number): Generator<string> {
  if (value === null || typeof value !== 'object' || depth >= WHOLE_AT_DEPTH) {
    const s = JSON.stringify(value, null, 2);
    yield pad && s.includes('\n') ? s.replace(/\n/g, `\n${pad}`) : s;
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (!value.length) return yield '[]';
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      const item = toJsonValue(value[i], String(i));
      if (omitted(item)) yield 'null';
      else yield* chunks(item, inner, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    return yield `${pad}]`;
  }
  const entries: Array<[string, Json]> = [];
  for (const k of Object.keys(value)) {
    const v = toJsonValue((value as Record<string, Json>)[k], k);
    if (!omitted(v)) entries.push([k, v]);
  }
  if (!entries.length) return yield '{}';
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    yield `${inner}${JSON.stringify(entries[i][0])}: `;
    yield* chunks(entries[i][1], inner, depth + 1);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${pad}}`;
}

/**
 * Writes `JSON.stringify(value, null, 2)` plus a newline through `write`, in pieces of about `bufferChars`
 * characters. Throws what JSON.stringify throws (a BigInt, a cycle is refused by depth, not detected: do not pass one).
 */
export function writeIndentedJson(write: (s: string) => unknown, value: unknown, bufferChars = 1 << 16): void {
  let buf = '';
  const top = toJsonValue(value, '');
  if (omitted(top)) {
    write('undefined\n');
    return;
  }
  for (const piece of chunks(top, '', 0)) {
    buf += piece;
    if (buf.length >= bufferChars) {
      write(buf);
      buf = '';
    }
  }
  write(`${buf}\n`);
}
