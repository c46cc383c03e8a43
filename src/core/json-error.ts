/**
 * Where a JSON text breaks: V8's JSON.parse messages do not always give a position (and their wording changes
 * between Node versions), so config files and JSON inputs are scanned here to name the line and column.
 */

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

