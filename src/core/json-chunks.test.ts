import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeIndentedJson } from './json-chunks.js';

function written(value: unknown, bufferChars?: number): { text: string; pieces: number } {
  const out: string[] = [];
  writeIndentedJson((s) => out.push(s), value, bufferChars);
  return { text: out.join(''), pieces: out.length };
}

/** A deterministic pseudo-random JSON-ish value with the awkward cases JSON.stringify has rules for. */
function randomValue(seed: number, depth = 0): unknown {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const make = (d: number): unknown => {
    const r = next();
    if (d > 5 || r < 0.3) {
      const leaf = [0, -1.5, 1e21, Number.NaN, Infinity, true, false, null, '', 'a "quoted"\nline\u2028', 'Erdoğan', undefined, new Date(0)];
      return leaf[Math.floor(next() * leaf.length)];
    }
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 5) }, () => make(d + 1));
    const o: Record<string, unknown> = {};
    for (let i = 0, n = Math.floor(next() * 5); i < n; i++) o[i % 2 ? `k${i}` : `"key" ${i}\n`] = make(d + 1);
    if (next() < 0.1) o.fn = () => 1;
    return o;
  };
  return make(depth);
}

test('writes exactly the bytes of JSON.stringify(value, null, 2) and a newline', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const v = randomValue(seed);
    assert.equal(written(v, 8).text, `${JSON.stringify(v, null, 2)}\n`, `seed ${seed}`);
  }
  for (const v of [[], {}, [[]], { a: {} }, { a: undefined }, [undefined, () => 1], 'x', 3, null, { toJSON: () => ({ b: [1, 2] }) }]) {
    assert.equal(written(v).text, `${JSON.stringify(v, null, 2)}\n`, JSON.stringify(v));
  }
});

test('a large answer is written in pieces, none near the size of the whole', () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: `a${i}`, text: 'word '.repeat(40), spans: [{ start: i, end: i + 5 }] }));
  const value = { schemaVersion: '1.0.0', articles: rows, graph: { nodes: rows.slice(0, 100), edges: [] } };
  const out: string[] = [];
  writeIndentedJson((s) => out.push(s), value, 1 << 16);
  const whole = JSON.stringify(value, null, 2);
  assert.equal(out.join(''), `${whole}\n`);
  assert.ok(out.length > 50, `${out.length} pieces`);
  assert.ok(Math.max(...out.map((s) => s.length)) < (1 << 16) + 1000, 'no piece much over the buffer');
});
