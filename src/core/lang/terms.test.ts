import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTermTable, findTerms, quotations, ruStems, type TermSpec } from './index.js';

/** The words each match covers in the original text, with the listed form's value. */
function found(lang: string, specs: Array<TermSpec<string>>, text: string): Array<[string, string, string]> {
  return findTerms(text, compileTermTable(lang, specs)).map((m) => [text.slice(m.start, m.end), m.value, m.how]);
}

test('Persian: Arabic letter variants, tatweel, harakat and ZWNJ fold; suffixes on the last word; spans are the original words', () => {
  const specs = [{ form: 'رژیم صهیونیستی', value: 'IL' }, { form: 'صهیونیست‌ها', value: 'IL-pl' }];
  // Arabic yeh (ي) and a kasra in the first, tatweel in the second, no ZWNJ in the third, plural-oblique suffix in the fourth
  const text = 'سخنگو از رژیمِ صهيونيستي نام برد؛ رژیم صهیـونیستی؛ صهیونیستها؛ و رژیم صهیونیستی‌های دیگر.';
  assert.deepEqual(found('fa', specs, text), [
    ['رژیمِ صهيونيستي', 'IL', 'exact'],
    ['رژیم صهیـونیستی', 'IL', 'exact'],
    ['صهیونیستها', 'IL-pl', 'exact'],
    ['رژیم صهیونیستی‌های', 'IL', 'inflected'],
  ]);
});

test('Arabic: و/ف and ب/ك/ل prefixes come off the first word (لل for ل + ال); notFollowedBy cancels a match', () => {
  const specs = [
    { form: 'الكيان الصهيوني', value: 'entity' },
    { form: 'الاحتلال', value: 'IL', notFollowedBy: ['الروسي'] },
  ];
  const text = 'وأدان البيان الكيانَ الصهيوني، ثم قال إن للاحتلال أهدافا، وبالكيان الصهيونى علاقة. أما الاحتلال الروسي فلا.';
  assert.deepEqual(found('ar', [{ form: 'الكيان الصهيوني', value: 'entity' }], 'هاجم الكيانُ الصهيونيُّ القرية'), [['الكيانُ الصهيونيُّ', 'entity', 'exact']], 'final harakat stay in the span');
  assert.deepEqual(found('ar', specs, text), [
    ['الكيانَ الصهيوني', 'entity', 'exact'],
    ['للاحتلال', 'IL', 'clitic'],
    ['الكيان الصهيونى', 'entity', 'clitic'],
  ]);
});

test('Hebrew: niqqud folds, prefixes come off with the article elided after ב/כ/ל, gershayim inside a word is an abbreviation', () => {
  const specs = [{ form: 'המשטר האיראני', value: 'IR' }, { form: 'צה"ל', value: 'IDF' }, { form: 'חמאס', value: 'HAMAS' }];
  const text = 'דובר צה״ל אמר כי במשטר האיראני יש פילוג, וכי חֲמָאס ומחמאס נסוגו.';
  assert.deepEqual(found('he', specs, text), [
    ['צה״ל', 'IDF', 'exact'],
    ['משטר האיראני', 'IR', 'clitic'],
    ['חֲמָאס', 'HAMAS', 'exact'],
    ['חמאס', 'HAMAS', 'clitic'],
  ]);
});

test('Russian: case endings on every word, ё folds, a one-word name listed with a capital needs one', () => {
  const specs = [
    { form: 'сионистский режим', value: 'IL' },
    { form: 'Песков', value: 'peskov' },
    { form: 'Газа', value: 'gaza' },
    { form: 'Соединённые Штаты', value: 'US' },
  ];
  const text = 'Против сионистского режима выступил Пескова помощник; Соединенных Штатов нет; цены на газ и газа выросли, а Газа в огне.';
  assert.deepEqual(found('ru', specs, text), [
    ['сионистского режима', 'IL', 'inflected'],
    ['Пескова', 'peskov', 'inflected'],
    ['Соединенных Штатов', 'US', 'inflected'],
    ['Газа', 'gaza', 'exact'],
  ]);
  assert.ok(ruStems('сионистского').includes('сионистск') && ruStems('сионистский').includes('сионистск'));
  assert.deepEqual(ruStems('газ'), ['газ'], 'no stem shorter than four letters');
});

test('Turkish and Azerbaijani: suffixes on the last word, the span stops at an apostrophe; dotted İ folds', () => {
  const tr = [{ form: 'Siyonist rejim', value: 'IL' }, { form: 'İsrail', value: 'IL-name' }, { form: 'Bakü', value: 'AZ' }, { form: 'ABD', value: 'US' }];
  const text = "Gazeteye göre Siyonist rejimin saldırıları, İSRAİL'in ve ABD'nin tutumu Bakü'de konuşuldu; bakış açısı değişmedi.";
  assert.deepEqual(found('tr', tr, text), [
    ['Siyonist rejimin', 'IL', 'inflected'],
    ['İSRAİL', 'IL-name', 'exact'],
    ['ABD', 'US', 'exact'],
    ['Bakü', 'AZ', 'exact'],
  ]);
  const az = [{ form: 'Ermənistan', value: 'AM' }, { form: 'Bakı', value: 'AZ' }];
  assert.deepEqual(found('az', az, 'Ermənistanın nümayəndəsi Bakıda idi, bakının yox.'), [
    ['Ermənistanın', 'AM', 'inflected'],
    ['Bakıda', 'AZ', 'inflected'],
  ]);
});

test('quotation marks: guillemets, low-high quotes nested, Hebrew quotes versus abbreviations', () => {
  const ru = 'Он сказал: «Это „последний“ шанс». Потом ушёл.';
  const q = quotations(ru);
  assert.deepEqual(q.map((x) => [ru.slice(x.contentSpan.start, x.contentSpan.end), x.style, x.depth]), [
    ['Это „последний“ шанс', 'guillemets', 0],
    ['последний', 'low-high', 1],
  ]);
  const he = 'לדברי דובר צה״ל, "הכוחות נסוגו" מארה"ב.';
  assert.deepEqual(quotations(he).map((x) => he.slice(x.contentSpan.start, x.contentSpan.end)), ['הכוחות נסוגו']);
  const fa = 'او گفت: «جنگ تمام شد.»\n\n«این یکی بسته نمی‌شود';
  assert.deepEqual(quotations(fa).map((x) => fa.slice(x.contentSpan.start, x.contentSpan.end)), ['جنگ تمام شد.'], 'an unclosed quotation is none');
});
