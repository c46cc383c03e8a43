import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import type { Analysis, LabelFinding } from '../../core/finding.js';
import { defaultAnalyzers } from '../index.js';
import { gazetteer, kebab } from '../actors/index.js';
import { labelMatrix } from '../../compare/labels.js';
import { compileMlTables, extractMultilingualLabels, LABEL_LANGUAGES, rawMlTerms, type MlTermFile } from './multilingual.js';
import { LexiconError } from './lexicon.js';

const pipeline = createPipeline(defaultAnalyzers as Analyzer[]);
const labelsOf = (a: Analysis): LabelFinding[] => a.findings.filter((f): f is LabelFinding => f.kind === 'label');
const run = (text: string, language: string | null): Analysis => pipeline.run({ text, language, articleId: `t-${language}` });

describe('term files (data/ml/<lang>.json)', () => {
  test('every language has dozens of entries, and every actor id is the English gazetteer\'s, with its canonical name', () => {
    const g = gazetteer();
    const canonical = new Map<string, string>();
    for (const e of g.byKey.values()) if (!canonical.has(e.actorId)) canonical.set(e.actorId, e.canonical);
    for (const [code, s] of g.states) canonical.set(`state:${code}`, s.canonical);
    const people = JSON.parse(readFileSync(new URL('../actors/data/people.json', import.meta.url), 'utf8')) as { entries: Array<{ name: string }> };
    for (const p of people.entries) canonical.set(`person:${kebab(p.name)}`, p.name);
    for (const lang of LABEL_LANGUAGES) {
      const file = rawMlTerms[lang]!;
      assert.ok(file.terms.length >= 50, `${lang}: ${file.terms.length} entries`);
      assert.ok(file.terms.filter((t) => t.connotation !== 'neutral').length >= 10, `${lang}: epithets with a connotation`);
      for (const t of file.terms) {
        assert.equal(canonical.get(t.actorId), t.canonical, `${lang} "${t.term}": ${t.actorId} is not in the actors gazetteer as "${t.canonical}"`);
      }
    }
  });

  test('a bad entry is refused with the file, the entry and the problem', () => {
    const bad: MlTermFile = { language: 'fa', languageName: 'Persian', source: 'test', terms: [{ ...rawMlTerms.fa!.terms[0]!, connotation: 'hostile' as never, source: '' }] };
    assert.throws(() => compileMlTables({ fa: bad }), (e: unknown) => e instanceof LexiconError && /ml\/fa\.json term 0 .*connotation/.test(e.message) && /missing source/.test(e.message));
  });
});

describe('labels in Persian, Arabic, Hebrew, Russian, Turkish and Azerbaijani', () => {
  // Original sentences written for these tests (an invented statement, invented officials).
  const cases: Array<{ lang: string; text: string; label: string; actorId: string; gloss: string; connotation: string }> = [
    { lang: 'fa', text: 'سخنگوی وزارت خارجه روز شنبه گفت رژیمِ صهيونيستي مسئول حمله به بندر است.', label: 'رژیمِ صهيونيستي', actorId: 'state:IL', gloss: 'Zionist regime', connotation: 'pejorative' },
    { lang: 'ar', text: 'وأدانت الوزارة في بيانها ممارسات الكيان الصهيوني في المنطقة.', label: 'الكيان الصهيوني', actorId: 'state:IL', gloss: 'the Zionist entity', connotation: 'pejorative' },
    { lang: 'he', text: 'בישיבת הממשלה נאמר כי במשטר האיראני גוברים החששות מפני מחאה.', label: 'משטר האיראני', actorId: 'state:IR', gloss: 'the Iranian regime', connotation: 'pejorative' },
    { lang: 'ru', text: 'В заявлении министерства говорится, что действия киевского режима затягивают переговоры.', label: 'киевского режима', actorId: 'state:UA', gloss: 'the Kyiv regime', connotation: 'pejorative' },
    { lang: 'tr', text: 'Bakanlık, kardeş Azerbaycan ile ortak tatbikatın başarıyla tamamlandığını duyurdu.', label: 'kardeş Azerbaycan', actorId: 'state:AZ', gloss: 'brotherly Azerbaijan', connotation: 'favourable' },
    { lang: 'az', text: 'Nazirlik bəyan edib ki, molla rejiminin təxribatları cavabsız qalmayacaq.', label: 'molla rejiminin', actorId: 'state:IR', gloss: 'the mullah regime', connotation: 'pejorative' },
  ];
  for (const c of cases) {
    test(`${c.lang}: “${c.label}” → ${c.actorId} (${c.gloss}), span into the original text`, () => {
      const a = run(c.text, c.lang);
      assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
      const l = labelsOf(a).find((x) => x.actorId === c.actorId && x.connotation === c.connotation);
      assert.ok(l, JSON.stringify(labelsOf(a).map((x) => [x.evidence, x.actorId])));
      assert.equal(l.evidence, c.label);
      assert.equal(c.text.slice(l.span.start, l.span.end), c.label);
      assert.equal(l.span.start, c.text.indexOf(c.label));
      assert.equal(l.data?.gloss, c.gloss);
      assert.equal(l.data?.language, c.lang);
      assert.equal(l.linkedBy, 'term-table');
      assert.match(l.message ?? '', new RegExp(`${c.gloss}; ${c.connotation}, used by`));
    });
  }

  test('right-to-left text with a zero-width non-joiner and a clitic: the span keeps the marks and leaves the clitic out', () => {
    const text = 'خبرگزاری نوشت: صهیونیست‌ها و تل‌آویو پاسخی ندادند.';
    const out = extractMultilingualLabels({ text, mentions: [] }, 'fa').labels;
    assert.deepEqual(out.map((l) => [l.label, l.actorId, l.labelType]), [['صهیونیست‌ها', 'state:IL', 'epithet'], ['تل‌آویو', 'state:IL', 'metonym']]);
    const ar = 'وقال المتحدث إن للاحتلال مسؤولية، وإن بالكيان الصهيوني أزمة.';
    const arOut = extractMultilingualLabels({ text: ar, mentions: [] }, 'ar').labels;
    assert.deepEqual(arOut.map((l) => [l.label, l.data.match]), [['للاحتلال', 'clitic'], ['الكيان الصهيوني', 'clitic']]);
  });

  test('an epithet any side may use for someone else is linked only when the article names its actor otherwise', () => {
    // "the occupying regime of Miravel" (an invented state): not Israel
    const alone = 'سخنگو گفت رژیم اشغالگر میراول به کاروان حمله کرد.';
    assert.deepEqual(extractMultilingualLabels({ text: alone, mentions: [] }, 'fa').labels.map((l) => l.label), []);
    const named = 'سخنگو گفت رژیم اشغالگر به کاروان حمله کرد و اسرائیل پاسخی نداد.';
    assert.deepEqual(extractMultilingualLabels({ text: named, mentions: [] }, 'fa').labels.map((l) => [l.label, l.actorId]), [['رژیم اشغالگر', 'state:IL'], ['اسرائیل', 'state:IL']]);
    // an actors mention names it too
    const byMention = extractMultilingualLabels({ text: alone, mentions: [{ span: { start: 0, end: 5 }, actorId: 'state:IL', actorKind: 'state', canonical: 'Israel', label: 'سخنگو', labelType: 'name' }] }, 'fa').labels;
    assert.ok(byMention.some((l) => l.label === 'رژیم اشغالگر' && l.actorId === 'state:IL'));
  });

  test('a name next to the word for "regime" is a pejorative epithet of that actor, in every language', () => {
    const cases: Array<[string, string, string]> = [
      ['fa', 'منتقدان از رژیم پوتین انتقاد کردند.', 'رژیم پوتین'],
      ['ar', 'انتقد المعارضون ونظام بوتين يرد.', 'نظام بوتين'],
      ['he', 'מבקרי משטר פוטין התכנסו.', 'משטר פוטין'],
      ['tr', 'Uzmanlar Putin rejiminin geleceğini tartıştı.', 'Putin rejiminin'],
    ];
    for (const [lang, text, label] of cases) {
      const l = extractMultilingualLabels({ text, mentions: [] }, lang).labels.find((x) => x.linkedBy === 'regime-head');
      assert.ok(l, lang);
      assert.deepEqual([l.label, l.actorId, l.connotation, l.labelType, l.data.gloss], [label, 'person:vladimir-putin', 'pejorative', 'epithet', 'the Vladimir Putin regime'], lang);
    }
    const tr = extractMultilingualLabels({ text: 'Putin rejimi ve Putin rejiminin.', mentions: [] }, 'tr').labels.map((l) => l.labelNormalized);
    assert.deepEqual(tr, ['putin rejimi', 'putin rejimi'], 'inflected heads are one label');
  });

  test('an epithet inside a quotation is the speaker\'s; one that is the whole quotation is the outlet\'s scare quote', () => {
    const text = 'Лавров сказал: «Сионистский режим ответит за это». Газета пишет о так называемом «Арцах».';
    const ls = labelsOf(run(text, 'ru'));
    const z = ls.find((l) => l.labelNormalized === 'сионистский режим');
    assert.ok(z);
    assert.notEqual(z.voice, 'outlet');
    const art = ls.find((l) => l.evidence === 'Арцах');
    assert.ok(art);
    assert.equal(art.voice, 'outlet');
    assert.equal(art.data?.scareQuotes, true);
  });

  test('the label matrix lines up the original words, with their gloss, and the English labels of the same actor', () => {
    const en = run('Officials in Tehran said the Zionist regime was isolated. Israel rejected the claim.', 'en');
    const fa = run('مقام‌های تهران گفتند رژیم صهیونیستی منزوی شده است و رژیم صهیونیستی پاسخی نداد.', 'fa');
    const ru = run('Представитель Израиля заявил, что Израиль не получал предложения.', 'ru');
    const rows = labelMatrix(
      [
        { articleId: 'en', outlet: 'Wire (en)', group: 'x', findings: en.findings },
        { articleId: 'fa', outlet: 'Khabar (fa)', group: 'y', findings: fa.findings },
        { articleId: 'ru', outlet: 'Vestnik (ru)', group: 'z', findings: ru.findings },
      ],
      { by: 'outlet', minSupport: 1 },
    );
    const il = rows.find((r) => r.actorId === 'state:IL');
    assert.ok(il);
    const faCell = il.columns['Khabar (fa)']!.find((c) => c.label === 'رژیم صهیونیستی');
    assert.ok(faCell);
    assert.equal(faCell.gloss, 'Zionist regime');
    assert.equal(faCell.language, 'fa');
    assert.equal(faCell.count, 2);
    assert.equal(faCell.connotation, 'pejorative');
    const ruCell = il.columns['Vestnik (ru)']!.find((c) => c.label === 'израиль');
    assert.ok(ruCell, JSON.stringify(il.columns['Vestnik (ru)']));
    assert.deepEqual(ruCell.forms, { Израиля: 1, Израиль: 1 });
    const enCells = il.columns['Wire (en)']!;
    assert.ok(enCells.some((c) => c.label === 'zionist regime'));
    assert.ok(enCells.every((c) => c.gloss === undefined && c.language === undefined), 'English cells carry no gloss');
  });

  test('English is read by the English rules whether the language is given or not', () => {
    const text = 'Israel, the occupying regime, rejected the proposal. Officials in Tehran said the Zionist regime was isolated.';
    const strip = (a: Analysis): unknown => ({ ...a, articleId: '', timings: {} });
    assert.deepEqual(strip(run(text, 'en')), strip(run(text, null)));
    assert.ok(labelsOf(run(text, 'en')).every((l) => l.data?.gloss === undefined && l.linkedBy !== 'term-table'));
  });
});
