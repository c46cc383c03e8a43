import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseDocument, analyseText, readsIntl } from './index.js';
import { fastest } from '../../core/test-timing.js';

const slices = (text: string, spans: Array<{ start: number; end: number }>): string[] => spans.map((s) => text.slice(s.start, s.end));

test('the languages Parallax reads besides English get Intl.Segmenter sentences and tokens with exact spans', () => {
  const cases: Array<[string, string, string[]]> = [
    ['fa', 'سخنگوی دولت گفت: «نشست فردا برگزار می‌شود.» سپس جلسه پایان یافت.\nتیتر دوم', ['سخنگوی دولت گفت: «نشست فردا برگزار می‌شود.»', 'سپس جلسه پایان یافت.', 'تیتر دوم']],
    ['he', 'הדובר אמר כי הפגישה תתקיים מחר. אחר כך עזב.', ['הדובר אמר כי הפגישה תתקיים מחר.', 'אחר כך עזב.']],
    ['ru', 'Министр заявил, что встреча пройдёт завтра. Затем он уехал.', ['Министр заявил, что встреча пройдёт завтра.', 'Затем он уехал.']],
    ['tr', "Bakan, toplantının yarın Ankara'da yapılacağını söyledi. Sonra ayrıldı.", ["Bakan, toplantının yarın Ankara'da yapılacağını söyledi.", 'Sonra ayrıldı.']],
  ];
  for (const [lang, text, expected] of cases) {
    const r = analyseDocument(text, lang);
    assert.deepEqual(slices(text, r.sentences), expected, lang);
    for (const t of r.tokens) assert.equal(text.slice(t.span.start, t.span.end), t.text, `${lang}: token span`);
    assert.ok(r.tokens.every((t) => ['X', 'NUM', 'PUNCT', 'SYM'].includes(t.pos)), `${lang}: part of speech is unknown, never an English tag`);
    for (const t of r.tokens) assert.ok(r.sentences[t.sentence].start <= t.span.start && t.span.end <= r.sentences[t.sentence].end);
  }
  // one word for ZWNJ compounds, Hebrew acronyms and Turkish apostrophe suffixes
  assert.ok(analyseDocument('آنها می‌گویند', 'fa').tokens.some((t) => t.text === 'می‌گویند'));
  assert.ok(analyseDocument('חיילי צה״ל יצאו', 'he').tokens.some((t) => t.text === 'צה״ל'));
  assert.ok(analyseDocument("Türkiye'nin tutumu", 'tr').tokens.some((t) => t.text === "Türkiye'nin"));
  assert.equal(analyseDocument('Всего 12,5 тысячи', 'ru').tokens.find((t) => t.text === '12,5')?.pos, 'NUM');
});

test('quote regions in the languages read: « », „ “, ‹ ›, Hebrew ״ ״ (not inside an acronym), » «', () => {
  const quotes = (text: string, lang: string): string[] => analyseDocument(text, lang).quoteRegions.map((q) => text.slice(q.span.start, q.span.end));
  assert.deepEqual(quotes('او گفت: «ما آماده‌ایم» و رفت.', 'fa'), ['«ما آماده‌ایم»']);
  assert.deepEqual(quotes('Он сказал: „Мы готовы“ и ушёл.', 'ru'), ['„Мы готовы“']);
  assert.deepEqual(quotes('Bakan ‹hayır› dedi.', 'tr'), ['‹hayır›']);
  assert.deepEqual(quotes('הדובר אמר ״אנחנו מוכנים״ לחיילי צה״ל.', 'he'), ['״אנחנו מוכנים״']);
  assert.deepEqual(quotes('Er sagte »nein« dazu.', 'az'), ['»nein«']);
  // English keeps its own reading: the marks read only for the other languages do not open quotations there
  assert.deepEqual(analyseText('He said ‹no› twice.').quoteRegions, []);
});

test('English, unknown languages and region tags stay on the English path, byte for byte', () => {
  const text = 'Prime Minister Benjamin Netanyahu said on Monday that Israel would "respond". Then he left.';
  const english = analyseText(text);
  for (const lang of [undefined, null, 'en', 'en-GB', 'und']) assert.deepEqual(analyseDocument(text, lang), english, String(lang));
  assert.equal(readsIntl('FA-ir'), true);
  assert.equal(readsIntl('de'), false);
  assert.equal(readsIntl('en'), false);
});

test('segmentation grows linearly with the text: long lines are segmented in pieces (Intl.Segmenter is superlinear)', () => {
  const line = (n: number): string => 'Министр заявил что встреча пройдёт завтра '.repeat(n);
  const prose = (n: number): string => 'Министр заявил, что встреча пройдёт завтра. '.repeat(n);
  for (const make of [line, prose]) {
    const small = make(400);
    const big = make(1600);
    const t1 = fastest(() => analyseDocument(small, 'ru'), 7);
    const t4 = fastest(() => analyseDocument(big, 'ru'), 7);
    // linear would be 4×; in one piece a line grew about 20× per doubling
    assert.ok(t4 < 12 * Math.max(t1, 2), `4× the text took ${t4.toFixed(0)} ms against ${t1.toFixed(0)} ms`);
  }
  // pieces change nothing where the segmentation could not change: the same tokens as one long segmentation
  const text = prose(300);
  const r = analyseDocument(text, 'ru');
  assert.equal(r.sentences.length, 300);
  assert.equal(r.tokens.filter((t) => t.pos === 'X').length, 300 * 6);
  for (const t of r.tokens) assert.equal(text.slice(t.span.start, t.span.end), t.text);
});
