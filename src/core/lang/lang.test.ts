import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, foldTerm, toOriginal, sentences, words, isRtl } from './index.js';

test('Arabic and Persian spellings of one word fold to one form', () => {
  // Arabic yeh/kaf vs Persian yeh/keheh, with tatweel, a harakah and a zero-width non-joiner in the way
  assert.equal(foldTerm('\u0643\u064A\u0627\u0646', 'ar'), foldTerm('\u06A9\u06CC\u0627\u0646', 'fa'));
  assert.equal(foldTerm('\u0631\u0640\u0698\u06CC\u0645', 'fa'), foldTerm('\u0631\u0698\u06CC\u0645', 'fa'));
  assert.equal(foldTerm('\u0645\u064F\u062D\u0645\u062F', 'ar'), foldTerm('\u0645\u062D\u0645\u062F', 'ar'));
  assert.equal(foldTerm('\u0639\u0644\u06CC\u200C\u0627\u0641', 'fa'), foldTerm('\u0639\u0644\u06CC\u0627\u0641', 'fa'));
});

test('Hebrew niqqud, Cyrillic yo and Turkic dotted/dotless i fold', () => {
  assert.equal(foldTerm('\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD', 'he'), foldTerm('\u05E9\u05DC\u05D5\u05DD', 'he'));
  assert.equal(foldTerm('Алёна', 'ru'), 'алена');
  assert.equal(foldTerm('Йемен', 'ru'), 'йемен', 'й is a letter, not и with a mark');
  assert.equal(foldTerm('İSTANBUL', 'tr'), 'istanbul');
  assert.equal(foldTerm('ISPARTA', 'tr'), 'ısparta');
  assert.equal(foldTerm('ISPARTA', 'en'), 'isparta');
  assert.equal(foldTerm('Əliyev', 'az'), 'əliyev', 'ə is kept');
  assert.equal(foldTerm('Erdoğan', 'tr'), foldTerm('Erdogan', 'en'));
});

test('a match in folded text maps back to the original offsets', () => {
  const text = 'Said \u0631\u0640\u0640\u0698\u06CC\u0645 here';
  const f = fold(text, 'fa');
  const needle = foldTerm('\u0631\u0698\u06CC\u0645', 'fa');
  const at = f.text.indexOf(needle);
  assert.ok(at >= 0);
  const span = toOriginal(f, at, at + needle.length);
  assert.equal(text.slice(span.start, span.end), '\u0631\u0640\u0640\u0698\u06CC\u0645');
  assert.equal(f.map[f.text.length], text.length);
});

test('sentences and words come from ICU in every script, with offsets into the text', () => {
  const text = 'Первое предложение. Второе!  Третье?';
  const s = sentences(text, 'ru');
  assert.deepEqual(s.map((x) => x.text), ['Первое предложение.', 'Второе!', 'Третье?']);
  for (const x of s) assert.equal(text.slice(x.start, x.end), x.text);
  const fa = 'این یک آزمایش است؟ بله.';
  assert.equal(sentences(fa, 'fa').length, 2);
  const w = words('\u05E8\u05D0\u05E9 \u05D4\u05DE\u05DE\u05E9\u05DC\u05D4 \u05D0\u05DE\u05E8.', 'he');
  assert.equal(w.length, 3);
  assert.ok(w.every((x) => x.wordLike));
  assert.equal(words('a, b', 'xx-unknown', true).length, 4, 'an unknown code falls back to the root rules');
});

test('right-to-left languages are named', () => {
  assert.equal(isRtl('fa'), true);
  assert.equal(isRtl('he'), true);
  assert.equal(isRtl('ru'), false);
  assert.equal(isRtl(null), false);
});
