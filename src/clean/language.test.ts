import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageDetector } from './language.js';

// Short sentences written for this test (not taken from any corpus).
const SAMPLES: Array<[string, string]> = [
  ['en', 'The city council voted on Tuesday to close the old bridge until the repairs are finished.'],
  ['ru', 'В четверг министр заявил журналистам, что переговоры продолжатся на следующей неделе.'],
  ['fa', 'وزیر خارجه روز دوشنبه گفت که گفتگوها با کشورهای همسایه هفته آینده ادامه پیدا می‌کند.'],
  ['ar', 'قال المتحدث باسم الحكومة إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة.'],
  ['fr', 'Le gouvernement a annoncé mercredi une nouvelle aide pour les agriculteurs touchés par la sécheresse.'],
  ['de', 'Die Regierung hat am Mittwoch neue Hilfen für die Landwirte angekündigt, die unter der Dürre leiden.'],
  ['tr', 'Bakan salı günü yaptığı açıklamada görüşmelerin gelecek hafta devam edeceğini söyledi.'],
  ['az', 'Nazir çərşənbə axşamı bildirib ki, danışıqlar gələn həftə paytaxtda davam edəcək.'],
];

test('language detector identifies short news sentences in eight languages', async () => {
  const detector = await createLanguageDetector();
  for (const [lang, text] of SAMPLES) {
    const r = detector.detect(text);
    assert.equal(r.language, lang, `expected ${lang} for "${text}", got ${r.language} (${r.confidence.toFixed(2)})`);
    assert.ok(r.confidence >= 0.4 && r.confidence <= 1, `confidence in range for ${lang}: ${r.confidence}`);
  }
});

test('too little text is "und"', async () => {
  const detector = await createLanguageDetector();
  assert.deepEqual(detector.detect(''), { language: 'und', confidence: 0 });
  assert.equal(detector.detect('12:45 — 2023').language, 'und');
  assert.equal(detector.detect('OK').language, 'und');
});

test('long texts are truncated, newlines and URLs do not matter, the model is shared', async () => {
  const a = await createLanguageDetector();
  const b = await createLanguageDetector();
  const para = 'Die Regierung hat am Mittwoch neue Hilfen angekündigt.\nMehr unter https://example.org/x?y=1\n\n';
  const long = para.repeat(500);
  const t0 = performance.now();
  const r = a.detect(long);
  assert.ok(performance.now() - t0 < 200, 'a long text is classified quickly');
  assert.equal(r.language, 'de');
  assert.deepEqual(b.detect(long), r);
});

test('candidates are sorted and folded', async () => {
  const d = await createLanguageDetector();
  const c = d.candidates('قال المتحدث باسم الحكومة إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة.', 3);
  assert.ok(c.length >= 1 && c.length <= 3);
  for (let i = 1; i < c.length; i++) assert.ok(c[i - 1].confidence >= c[i].confidence);
  assert.equal(new Set(c.map((x) => x.language)).size, c.length, 'no language twice');
  assert.ok(!c.some((x) => x.language === 'arz'), 'Egyptian Arabic folded into ar');
});
