import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Parser } from 'htmlparser2';
import type { RelationGraph } from '../compare/graph.js';
import { dotString, formatGraph, toDot, toGexf, toGraphml, xmlEscape } from './graph-formats.js';

/**
 * A strict XML 1.0 well-formedness check written as a character scanner (htmlparser2 is lenient: it repairs what
 * it reads). Checks: one root, balanced tags, quoted attributes without raw < or &, no duplicate attributes, only
 * the five predefined entities and character references, no raw < or & in text, no forbidden control characters.
 */
export function assertWellFormedXml(s: string): void {
  let i = 0;
  const stack: string[] = [];
  let roots = 0;
  const fail = (msg: string): never => assert.fail(`${msg} at ${i}: …${s.slice(Math.max(0, i - 40), i)}[[${s.slice(i, i + 40)}]]`);
  const isNameStart = (c: string) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || c === ':';
  const isNameChar = (c: string) => isNameStart(c) || (c >= '0' && c <= '9') || c === '-' || c === '.';
  const name = (): string => {
    const start = i;
    if (!isNameStart(s[i] ?? '')) fail('expected a name');
    while (i < s.length && isNameChar(s[i])) i++;
    return s.slice(start, i);
  };
  const ws = () => {
    while (s[i] === ' ' || s[i] === '\n' || s[i] === '\t' || s[i] === '\r') i++;
  };
  const reference = () => {
    // at '&'
    const end = s.indexOf(';', i);
    if (end < 0 || end - i > 10) fail('unterminated reference');
    const ref = s.slice(i + 1, end);
    const ok = ['amp', 'lt', 'gt', 'quot', 'apos'].includes(ref) || (ref[0] === '#' && (ref[1] === 'x' ? ref.length > 2 && [...ref.slice(2)].every((c) => '0123456789abcdefABCDEF'.includes(c)) : ref.length > 1 && [...ref.slice(1)].every((c) => c >= '0' && c <= '9')));
    if (!ok) fail(`bad reference &${ref};`);
    i = end + 1;
  };
  const checkChar = (c: string) => {
    const code = c.charCodeAt(0);
    if (code < 0x20 && c !== '\n' && c !== '\t' && c !== '\r') fail('forbidden control character');
  };
  if (s.startsWith('<?xml')) {
    const end = s.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  while (i < s.length) {
    const c = s[i];
    if (c === '<') {
      if (s[i + 1] === '/') {
        i += 2;
        const n = name();
        ws();
        if (s[i] !== '>') fail('expected >');
        i++;
        if (stack.pop() !== n) fail(`mismatched </${n}>`);
        continue;
      }
      if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      i++;
      const n = name();
      if (!stack.length && roots++ > 0) fail('second root element');
      const seen = new Set<string>();
      for (;;) {
        const before = i;
        ws();
        if (s[i] === '/' && s[i + 1] === '>') {
          i += 2;
          break;
        }
        if (s[i] === '>') {
          i++;
          stack.push(n);
          break;
        }
        if (i === before) fail('expected whitespace before an attribute');
        const a = name();
        if (seen.has(a)) fail(`duplicate attribute ${a}`);
        seen.add(a);
        if (s[i] !== '=') fail('expected =');
        i++;
        const q = s[i];
        if (q !== '"' && q !== "'") fail('unquoted attribute');
        i++;
        while (s[i] !== q) {
          if (i >= s.length) fail('unterminated attribute');
          if (s[i] === '<') fail('raw < in attribute');
          if (s[i] === '&') reference();
          else checkChar(s[i++]);
        }
        i++;
      }
      continue;
    }
    if (!stack.length && !/\s/.test(c)) fail('text outside the root element');
    if (c === '&') reference();
    else {
      checkChar(c);
      i++;
    }
  }
  if (stack.length) fail(`unclosed <${stack.join('>, <')}>`);
  assert.equal(roots, 1, 'one root element');
}

/** Elements with their attributes, in document order (htmlparser2 in xmlMode, which decodes entities). */
function elements(xml: string): Array<{ name: string; attrs: Record<string, string>; text: string }> {
  const out: Array<{ name: string; attrs: Record<string, string>; text: string }> = [];
  const open: number[] = [];
  const p = new Parser(
    {
      onopentag(name, attrs) {
        out.push({ name, attrs, text: '' });
        open.push(out.length - 1);
      },
      ontext(t) {
        if (open.length) out[open[open.length - 1]].text += t;
      },
      onclosetag() {
        open.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  p.write(xml);
  p.end();
  return out;
}

const HOSTILE = 'Al "Quds" <Force> & Sons\nLtd \\ \'x\' \u0001';
const graph: RelationGraph = {
  by: 'outlet',
  level: 'actor',
  includeQuotes: false,
  columns: ['Wire & Co', 'The "Daily"'],
  nodes: [
    { id: 'state:IL', label: 'Israel', kind: 'state', mentions: 4, mentionsBy: { 'Wire & Co': 4 }, degree: 2 },
    { id: 'state:AZ', label: 'Azerbaijan', kind: 'state', mentions: 3, mentionsBy: {}, degree: 2 },
    { id: 'org:<hostile>', label: HOSTILE, kind: 'organisation', mentions: 1, mentionsBy: {}, degree: 1 },
  ],
  edges: [
    { id: 'e0', source: 'state:IL', target: 'state:AZ', type: 'supplies-arms', polarity: 1, negated: false, symmetric: false, weight: 2, weights: { 'Wire & Co': 1, 'The "Daily"': 1 }, outlets: ['The "Daily"', 'Wire & Co'], times: ['2016'], evidence: [] },
    { id: 'e1', source: 'org:<hostile>', target: 'state:AZ', type: 'threatens', polarity: -1, negated: false, symmetric: false, weight: 1, weights: { 'Wire & Co': 1 }, outlets: ['Wire & Co'], times: [], evidence: [] },
    { id: 'e2', source: 'state:AZ', target: 'state:IL', type: 'allies', polarity: 1, negated: true, symmetric: true, weight: 1, weights: { 'The "Daily"': 1 }, outlets: ['The "Daily"'], times: [], evidence: [] },
  ],
};

describe('graph formats', () => {
  test('escaping helpers', () => {
    assert.equal(xmlEscape('a<b>&"c\'\n'), 'a&lt;b&gt;&amp;&quot;c&apos;&#10;');
    assert.equal(xmlEscape('x\u0001y'), 'x\uFFFDy');
    assert.equal(dotString('say "hi"\\\nbye'), '"say \\"hi\\"\\\\\\nbye"');
  });

  test('GEXF 1.3 is well-formed, has the nodes, edges, weights per column and colours', () => {
    const xml = toGexf(graph);
    assertWellFormedXml(xml);
    const els = elements(xml);
    assert.equal(els.find((e) => e.name === 'gexf')!.attrs.version, '1.3');
    const nodes = els.filter((e) => e.name === 'node');
    assert.deepEqual(nodes.map((x) => x.attrs.id), ['state:IL', 'state:AZ', 'org:<hostile>']);
    assert.equal(nodes[2].attrs.label, HOSTILE.replace('\u0001', '\uFFFD'), 'hostile name round-trips');
    const edges = els.filter((e) => e.name === 'edge');
    assert.deepEqual(edges.map((x) => `${x.attrs.source}>${x.attrs.target}:${x.attrs.kind}:${x.attrs.weight}:${x.attrs.type}`), [
      'state:IL>state:AZ:supplies-arms:2:directed',
      'org:<hostile>>state:AZ:threatens:1:directed',
      'state:AZ>state:IL:allies:1:undirected',
    ]);
    const colTitles = els.filter((e) => e.name === 'attribute' && e.attrs.id.startsWith('w')).map((e) => e.attrs.title);
    assert.deepEqual(colTitles, ['weight: Wire & Co', 'weight: The "Daily"']);
    const colours = els.filter((e) => e.name === 'viz:color').map((e) => `${e.attrs.r},${e.attrs.g}`);
    assert.deepEqual(colours, ['34,153', '204,34', '128,128'], 'cooperative green, hostile red, negated grey');
  });

  test('GraphML is well-formed with typed keys and per-column weights', () => {
    const xml = toGraphml(graph);
    assertWellFormedXml(xml);
    const els = elements(xml);
    assert.equal(els.filter((e) => e.name === 'node').length, 3);
    const edges = els.filter((e) => e.name === 'edge');
    assert.deepEqual(edges.map((e) => e.attrs.directed), ['true', 'true', 'false']);
    const labels = els.filter((e) => e.name === 'data' && e.attrs.key === 'label').map((e) => e.text);
    assert.ok(labels.includes(HOSTILE.replace('\u0001', '\uFFFD')));
    assert.ok(els.some((e) => e.name === 'key' && e.attrs['attr.name'] === 'weight: The "Daily"'));
  });

  test('DOT: balanced braces, every quote escaped, coloured labelled edges', () => {
    const dot = toDot(graph);
    // Walk the file: outside strings braces balance; inside strings only escaped quotes and no raw newline.
    let depth = 0;
    let inStr = false;
    for (let i = 0; i < dot.length; i++) {
      const c = dot[i];
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
        else assert.notEqual(c, '\n', 'no raw newline inside a string');
      } else if (c === '"') inStr = true;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      assert.ok(depth >= 0);
    }
    assert.equal(inStr, false);
    assert.equal(depth, 0);
    assert.match(dot, /^digraph parallax \{/);
    assert.ok(dot.includes('"state:IL" -> "state:AZ" [label="supplies-arms ×2", color="#229944"'));
    assert.ok(dot.includes('"org:<hostile>" -> "state:AZ" [label="threatens ×1", color="#cc2222"'));
    assert.ok(dot.includes('dir=none, style=dashed'), 'symmetric and negated');
    assert.ok(dot.includes('label="Al \\"Quds\\" <Force> & Sons\\nLtd \\\\ \'x\'  "'), 'hostile name escaped, control character blanked');
  });

  test('JSON round-trips', () => {
    assert.deepEqual(JSON.parse(formatGraph(graph, 'json')), graph);
  });
});
