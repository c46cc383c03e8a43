import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyCounts, lenientSame, prf, score } from './multilingual.js';

test('multilingual NER scoring: exact, clitic-lenient exact, overlap; MISC-only overlaps ignored', () => {
  // gold: "לישראל" LOC (with the clitic ל), "דני לוין" PER, a MISC span; invented sentence
  const gold = [
    { start: 0, end: 6, type: 'LOC' as const, text: 'לישראל' },
    { start: 10, end: 18, type: 'PER' as const, text: 'דני לוין' },
    { start: 25, end: 30, type: 'MISC' as const, text: 'xxxxx' },
  ];
  const preds = [
    { start: 1, end: 6, type: 'LOC' as const, text: 'ישראל' }, // exact only without the clitic
    { start: 10, end: 13, type: 'PER' as const, text: 'דני' }, // overlap only
    { start: 26, end: 29, type: 'ORG' as const, text: 'xxx' }, // inside MISC: ignored
    { start: 40, end: 44, type: 'ORG' as const, text: 'yyyy' }, // a false positive
  ];
  const c = emptyCounts();
  score(gold, preds, c, 'he');
  const all = prf(c);
  assert.deepEqual(all.exact.slice(0, 2), [0, 0]);
  assert.deepEqual(all.lenient.slice(0, 2), [1 / 3, 1 / 2]);
  assert.deepEqual(all.overlap.slice(0, 2), [2 / 3, 1]);
  assert.equal(prf(c, 'ORG').overlap[0], 0);
  assert.ok(lenientSame(gold[0], preds[0], 'he'));
  assert.ok(!lenientSame(gold[0], preds[0], 'ru'), 'no clitics outside Hebrew and Arabic');
  assert.ok(lenientSame({ start: 0, end: 7, type: 'LOC', text: 'بالعراق' }, { start: 1, end: 7, type: 'LOC', text: 'العراق' }, 'ar'));
  assert.ok(!lenientSame({ start: 0, end: 6, type: 'LOC', text: 'סלונדו' }, { start: 1, end: 6, type: 'LOC', text: 'לונדו' }, 'he'), 'ס is not a clitic');
});
