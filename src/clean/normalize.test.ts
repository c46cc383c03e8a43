import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeText, splitParagraphs } from './normalize.js';

test('line ends, Unicode spaces, invisible and control characters', () => {
  const raw = '\uFEFFFirst\u00A0line\u200B here\r\nsecond\u2003line\rthird\u2028fourth\u0007\tend\u00AD';
  assert.equal(normalizeText(raw), 'First line here\nsecond line\nthird\nfourth end');
});

test('lines are trimmed (indentation too) and blank runs collapse to one blank line', () => {
  const raw = '\n\n    Title line   \n\n\n\n    Para one.\n  Para two.  \n \t \n\n\nPara three.\n\n\n';
  assert.equal(normalizeText(raw), 'Title line\n\nPara one.\nPara two.\n\nPara three.');
  assert.deepEqual(splitParagraphs(normalizeText(raw)), ['Title line', 'Para one.', 'Para two.', 'Para three.']);
});

test('NFC composes decomposed letters; non-Latin-1 letters survive', () => {
  const decomposed = 'Zai\u0308m-Bashi met Erdog\u0306an';
  assert.equal(normalizeText(decomposed), 'Zaïm-Bashi met Erdoğan');
  const mixed = 'Çavuşoğlu — Тегеран — تهران — Zaïm';
  assert.equal(normalizeText(mixed), mixed);
});

test('ZWNJ inside a Persian word is kept, stray joiners go', () => {
  const persian = 'می\u200Cخواهم';
  assert.equal(normalizeText(persian), persian);
  assert.equal(normalizeText('word\u200C \u200Dnext'), 'word next');
});

test('idempotent', () => {
  const samples = [
    '\uFEFF  A\u00A0\u00A0b \r\n\r\n\r\n c\u200B\u0301d \n\u200C\u200C\n\ne\u0301\u200B\u0301',
    'Zai\u200B\u0308m \u2029\u2029 x\u0000y\t\tz',
    '  \n\n  ',
    'plain text.\nnext line.',
  ];
  for (const s of samples) {
    const once = normalizeText(s);
    assert.equal(normalizeText(once), once, JSON.stringify(s));
  }
});
