import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import type { Analysis, LabelFinding, QuoteFinding } from '../../core/finding.js';
import { defaultAnalyzers } from '../index.js';
import { compileMlQuoteTable, extractMultilingualQuotes, type MlVerbFile } from './multilingual.js';

const pipeline = createPipeline(defaultAnalyzers as Analyzer[]);
const quotesOf = (a: Analysis): QuoteFinding[] => a.findings.filter((f): f is QuoteFinding => f.kind === 'quote');

// Original sentences (invented statements by real office holders' names, so the speaker resolves to a known actor).
const direct: Array<{ lang: string; text: string; content: string; verb: string; speaker: string; cue: string }> = [
  { lang: 'fa', text: 'عراقچی پس از دیدار گفت: «گفت‌وگوها سازنده بود.» سپس جلسه پایان یافت.', content: 'گفت‌وگوها سازنده بود.', verb: 'گفتن', speaker: 'person:abbas-araghchi', cue: 'گفت' },
  { lang: 'ar', text: '«لن نقبل بأي تسوية على حسابنا»، قال لافروف للصحفيين في الدوحة.', content: 'لن نقبل بأي تسوية على حسابنا', verb: 'قال', speaker: 'person:sergei-lavrov', cue: 'قال' },
  { lang: 'he', text: 'פסקוב טען: „הפגישה תתקיים בזמן”. הדוברים לא הגיבו.', content: 'הפגישה תתקיים בזמן', verb: 'טען', speaker: 'person:dmitry-peskov', cue: 'טען' },
  { lang: 'ru', text: '«Мы готовы к диалогу без условий», — заявил Лавров на брифинге.', content: 'Мы готовы к диалогу без условий', verb: 'заявить', speaker: 'person:sergei-lavrov', cue: 'заявил' },
  { lang: 'tr', text: 'Fidan, «Bölgede kalıcı barış istiyoruz» dedi.', content: 'Bölgede kalıcı barış istiyoruz', verb: 'demek', speaker: 'person:hakan-fidan', cue: 'dedi' },
  { lang: 'az', text: '«Sülh gündəliyi davam edir», - deyə Ceyhun Bayramov bildirib.', content: 'Sülh gündəliyi davam edir', verb: 'demək', speaker: 'person:jeyhun-bayramov', cue: 'deyə' },
];

for (const c of direct) {
  test(`${c.lang}: a quotation in its marks with a reporting verb is a direct quote of the nearest named speaker`, () => {
    const a = pipeline.run({ text: c.text, language: c.lang });
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
    const qs = quotesOf(a).filter((q) => q.quoteType === 'direct');
    assert.equal(qs.length, 1, JSON.stringify(quotesOf(a)));
    const q = qs[0]!;
    const content = q.related?.find((r) => r.role === 'content');
    assert.equal(content?.evidence, c.content);
    assert.equal(q.related?.find((r) => r.role === 'cue')?.evidence, c.cue);
    assert.equal(q.verb, c.verb);
    assert.equal(q.actorId, c.speaker);
    assert.equal(q.data?.language, c.lang);
    // the words inside the quotation are the speaker's in every analyzer
    for (const l of a.findings.filter((f): f is LabelFinding => f.kind === 'label')) {
      if (l.span.start >= content!.span.start && l.span.end <= content!.span.end) assert.notEqual(l.voice, 'outlet');
    }
  });
}

test('"according to" forms and complementizers give indirect quotes; the verb\'s stance is kept', () => {
  const cases: Array<[string, string, string, string, string]> = [
    ['ru', 'По словам Пескова, встреча в Баку переносится.', 'встреча в Баку переносится', 'по словам', 'person:dmitry-peskov'],
    ['fa', 'به گفته لاوروف، مذاکرات هفته آینده ادامه می‌یابد.', 'مذاکرات هفته آینده ادامه می‌یابد', 'به گفته', 'person:sergei-lavrov'],
    ['he', 'לדברי פידאן, השיחות יימשכו גם מחר.', 'השיחות יימשכו גם מחר', 'לדברי', 'person:hakan-fidan'],
    ['tr', "Lavrov'a göre görüşmeler gelecek hafta sürecek.", 'görüşmeler gelecek hafta sürecek', 'göre', 'person:sergei-lavrov'],
    ['ar', 'وزعم بيسكوف أن العقوبات لم تؤثر في الاقتصاد.', 'أن العقوبات لم تؤثر في الاقتصاد', 'زعم', 'person:dmitry-peskov'],
  ];
  for (const [lang, text, content, verb, speaker] of cases) {
    const qs = extractMultilingualQuotes({ text, lang, mentions: [] });
    assert.equal(qs.length, 1, `${lang}: ${JSON.stringify(qs)}`);
    const q = qs[0]!;
    assert.equal(q.type, 'indirect');
    assert.equal(text.slice(q.contentSpan.start, q.contentSpan.end), content, lang);
    assert.equal(q.verb, verb);
    assert.equal(q.speakerActorId, speaker, lang);
  }
  const claim = extractMultilingualQuotes({ text: 'وزعم بيسكوف أن العقوبات لم تؤثر في الاقتصاد.', lang: 'ar', mentions: [] })[0]!;
  assert.equal(claim.verbStance, 'distancing');
  assert.equal(claim.verbGloss, 'claim');
});

test('a quoted name held at arm\'s length, or a title, is not a quote', () => {
  assert.deepEqual(extractMultilingualQuotes({ text: 'Газета пишет о так называемом «Арцахе» уже неделю.', lang: 'ru', mentions: [] }), []);
  assert.deepEqual(extractMultilingualQuotes({ text: 'روزنامه «کیهان» امروز منتشر نشد.', lang: 'fa', mentions: [] }), []);
});

test('a bad verb file is refused with the file and the entry', () => {
  const bad: MlVerbFile = { note: 'n', source: 's', language: 'ru', complementizers: ['что'], entries: [{ lemma: 'сказать', gloss: 'say', kind: 'verb', stance: 'sceptical' as never, forms: ['сказал'], note: 'n' }] };
  assert.throws(() => compileMlQuoteTable(bad, 'ru'), /quotes\/data\/ml\/ru\.json entry 0 \(сказать\): stance/);
});

test('any text in any of the six languages: spans inside the text, content inside the quote, nothing thrown', async () => {
  const { default: fc } = await import('fast-check');
  const { extractMultilingualLabels, LABEL_LANGUAGES } = await import('../labels/multilingual.js');
  // Pieces that make the rules fire (marks, clitics, terms, verbs, ZWNJ, niqqud, surrogates) glued at random.
  const piece = fc.constantFrom(
    '«', '»', '„', '“', '”', '"', '״', '׳', "'", ' ', '\n\n', '.', '!', ':', '، ', '—', '\u200C', '\u0640', '\u05B8', '😀',
    'رژیم صهیونیستی', 'گفت', 'که', 'وقال', 'للاحتلال', 'إن', 'במשטר', 'האיראני', 'צה״ל', 'אמר', 'כי', 'сионистского', 'режима',
    'заявил', 'что', 'по словам', 'Лавров', "İsrail'in", 'dedi', 'göre', 'Bakıda', 'deyə', 'bildirib', 'Fidan,',
  );
  fc.assert(
    fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 40 }), fc.constantFrom(...LABEL_LANGUAGES), (parts, lang) => {
      const text = parts.join('');
      for (const l of extractMultilingualLabels({ text, mentions: [] }, lang).labels) {
        assert.ok(l.span.start >= 0 && l.span.end <= text.length && l.span.start < l.span.end);
        assert.equal(l.label, text.slice(l.span.start, l.span.end));
      }
      for (const q of extractMultilingualQuotes({ text, lang, mentions: [] })) {
        assert.ok(q.span.start >= 0 && q.span.end <= text.length && q.span.start <= q.contentSpan.start && q.contentSpan.end <= q.span.end, JSON.stringify(q));
        assert.ok(q.contentSpan.start <= q.contentSpan.end);
      }
    }),
    { numRuns: 300, seed: 16 },
  );
});
