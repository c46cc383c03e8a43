import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingRecord, joinAnalysis, rebuildFinding, splitAnalysis } from './finding-rows.js';
import fc from 'fast-check';

const text = 'Velgrad said: “The regime must stop.” 😀 Karvenia "agreed": a:b.';
const at = (w: string) => ({ start: text.indexOf(w), end: text.indexOf(w) + w.length });

test('a finding survives the payload coding byte for byte, odd keys and values included', () => {
  const findings = [
    // keys that look like codes or escapes, a key with escapes, data keys, a non-default id, a quoted voice
    { id: 'custom-id', analyzer: 'x', kind: 'label', span: at('The regime'), evidence: 'The regime', a: 1, '~b': 2, '~': 3, 'k"ey:': 'v":"w', data: { start: 0, text: 0, evidence: 'not 0' }, voice: { speaker: 'Velgrad', actorId: null } },
    // evidence that is not the text under its span stays; a span with extra keys is not a column value
    { id: 'x:claim:0-7', analyzer: 'x', kind: 'claim', span: { start: 0, end: 7, extra: true }, evidence: 'Velgrad!', text: 'Velgrad', voice: 'outlet' },
    // nested spans with text, non-BMP characters, numbers that are 0
    { id: 'x:stance:38-40', analyzer: 'x', kind: 'stance', span: at('😀'), evidence: '😀', score: 0, cues: [{ text: 'Karvenia', span: at('Karvenia'), pull: 0 }], actorId: 'state:KV', canonical: 'Karvenia', voice: 'outlet' },
    // not an object at all
    'a bare string',
    null,
  ];
  const analysis = { schemaVersion: '1.0.0', articleId: 'a', findings, diagnostics: [], versions: { x: '2.0.0' } };
  const json = JSON.stringify(analysis);
  const split = splitAnalysis(json, text);
  assert.equal(split.rows!.length, findings.length);
  assert.ok(!split.json.includes('regime'), 'the analysis JSON keeps no findings');
  const back = joinAnalysis(split.json, split.rows!, text);
  assert.equal(JSON.stringify(back), json);
  for (const [i, r] of split.rows!.entries()) assert.equal(JSON.stringify(rebuildFinding(r.payload, r, text)), JSON.stringify(findings[i]));
  assert.equal(split.rows![0].voice, 'quote');
  assert.equal(split.rows![0].speaker, 'Velgrad');
  assert.equal(split.rows![2].score, 0);
  assert.equal(split.rows![2].version, '2.0.0');
  assert.ok(split.rows![2].payload.length < JSON.stringify(findings[2]).length / 2, split.rows![2].payload);
});

test('an analysis without a findings array, or not JSON, is kept whole', () => {
  assert.deepEqual(splitAnalysis('{"x":1}', text), { json: '{"x":1}', rows: null });
  assert.deepEqual(splitAnalysis('not json', text), { json: 'not json', rows: null });
  assert.equal(findingRecord(42, 0, text, null).payload, '42');
});

test('property: any JSON finding survives the payload coding byte for byte (keys and values that look like codes)', () => {
  // Keys and strings drawn from what could confuse the key decoder: codes, "~" forms, quotes, colons, backslashes.
  const tricky = fc.oneof(
    fc.constantFrom('a', 'b', 'ab', 'Zz', '~', '~a', '~~', 'span', 'evidence', 'text', 'start', 'end', '"a":', 'a":"b', '\\', '\\"a\\":', ':', 'x"', '"'),
    fc.string({ maxLength: 6 }),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), tricky, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(tricky, tie('node'), { maxKeys: 4 })),
  })).node;
  const finding = fc.record({ id: tricky, analyzer: tricky, kind: fc.constantFrom('label', 'quote', 'claim', 'x'), span: fc.constant(at('The regime')), evidence: fc.constantFrom('The regime', 'other'), extra: fc.dictionary(tricky, value, { maxKeys: 5 }) });
  fc.assert(
    fc.property(finding, (f) => {
      const json = JSON.stringify(f);
      const r = findingRecord(JSON.parse(json), 0, text, null);
      assert.equal(JSON.stringify(rebuildFinding(r.payload, r, text)), json);
    }),
    { numRuns: 400, seed: 20261207 },
  );
});
