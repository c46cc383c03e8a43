import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameNameWord, soundKey } from './translit.js';

test('sound keys: Cyrillic transliterated, Latin diacritics dropped, j/y w/v kh/x/h and doubled letters made one', () => {
  assert.equal(soundKey('Йенс'), 'yens');
  assert.equal(soundKey('Jens'), 'yens');
  assert.equal(soundKey('Пелль'), 'pel');
  assert.equal(soundKey('Pell'), 'pel');
  assert.equal(soundKey('Xəlilov'), 'helilov');
  assert.equal(soundKey('Халилов'), soundKey('Xalilov'));
  assert.equal(soundKey('Wladimir'), soundKey('Владимир'));
  assert.equal(soundKey('Şəhriyar'), 'sehriyar');
  assert.equal(soundKey("Aukland'ın"), 'auklandin');
});

test('no sound key for scripts without written vowels, mixed scripts or no letters', () => {
  assert.equal(soundKey('علی‌اف'), null);
  assert.equal(soundKey('אליעב'), null);
  assert.equal(soundKey('Ali未'), null);
  assert.equal(soundKey('1990'), null);
});

test('name words: a case ending counts only on the word from a language that inflects names, on a stem of three letters or more', () => {
  assert.ok(sameNameWord('aukland', 'auklanda', false, true));
  assert.ok(sameNameWord('auklandin', 'aukland', true, false));
  assert.ok(!sameNameWord('aukland', 'auklanda', true, false), 'the ending is on the English word');
  assert.ok(!sameNameWord('aukland', 'auklanda', false, false));
  assert.ok(!sameNameWord('aukland', 'auklandovich', false, true), 'not a case ending');
  assert.ok(!sameNameWord('li', 'lia', false, true), 'stem too short');
  assert.ok(sameNameWord('pel', 'pel', false, false));
});
