import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseText, findParagraphs, findQuoteRegions, quoteRegionAt, nlpAnalyzer } from './index.js';
import { createPipeline } from '../../core/pipeline.js';

const quotes = (text: string) =>
  findQuoteRegions(text, findParagraphs(text)).map((q) => ({ q: text.slice(q.span.start, q.span.end), c: text.slice(q.contentSpan.start, q.contentSpan.end), d: q.depth }));

test('token spans are exact UTF-16 slices, also for non-Latin scripts and emoji', () => {
  const text = 'Минск заявил 😀 что 東京 — ok.\nالقاهرة قالت: نعم. Ми’ра said “yes”.';
  const r = analyseText(text);
  assert.ok(r.tokens.length > 10);
  for (const t of r.tokens) assert.equal(text.slice(t.span.start, t.span.end), t.text);
  assert.ok(r.tokens.some((t) => t.text === '東京'));
  assert.ok(r.tokens.some((t) => t.text === '😀'));
  for (let i = 1; i < r.tokens.length; i++) assert.ok(r.tokens[i].span.start >= r.tokens[i - 1].span.end);
});

test('sentences break at line ends as well as at punctuation', () => {
  const text = 'Headline without a stop\nThe minister spoke. Then she left.';
  const r = analyseText(text);
  assert.deepEqual(r.sentences.map((s) => text.slice(s.start, s.end)), ['Headline without a stop', 'The minister spoke.', 'Then she left.']);
  assert.equal(r.tokens.find((t) => t.text === 'left')?.sentence, 2);
  assert.equal(r.tokens.find((t) => t.text === 'spoke')?.pos, 'VERB');
});

test('paragraphs are non-blank lines', () => {
  const text = '  First one.\n\n\nSecond one.\nThird.  ';
  assert.deepEqual(findParagraphs(text).map((p) => text.slice(p.start, p.end)), ['First one.', 'Second one.', 'Third.']);
});

test('quote styles and apostrophes', () => {
  assert.deepEqual(quotes('The Shi’ite cleric’s aide said “we will wait” and left.'), [{ q: '“we will wait”', c: 'we will wait', d: 0 }]);
  assert.deepEqual(quotes('She called it ‘a dead end’ on Tuesday, the envoy’s office said.'), [{ q: '‘a dead end’', c: 'a dead end', d: 0 }]);
  assert.deepEqual(quotes('He said "not now" twice.'), [{ q: '"not now"', c: 'not now', d: 0 }]);
  assert.deepEqual(quotes('Le ministre a dit «jamais» hier.'), [{ q: '«jamais»', c: 'jamais', d: 0 }]);
  assert.deepEqual(quotes('Er sagte „nein“ dazu.'), [{ q: '„nein“', c: 'nein', d: 0 }]);
  assert.deepEqual(quotes("The '90s were calm, don't you think? Farmers' markets opened."), []);
});

test('nested quotes, including “ inside “ and mixed closing marks', () => {
  const got = quotes('“They sold the “Falcon-9” rockets and called it ‘routine’,” the report said. "It is over,” she said.');
  assert.deepEqual(got, [
    { q: '“They sold the “Falcon-9” rockets and called it ‘routine’,”', c: 'They sold the “Falcon-9” rockets and called it ‘routine’,', d: 0 },
    { q: '“Falcon-9”', c: 'Falcon-9', d: 1 },
    { q: '‘routine’', c: 'routine', d: 1 },
    { q: '"It is over,”', c: 'It is over,', d: 0 },
  ]);
});

test('a quotation running over paragraphs', () => {
  const text = 'The mayor spoke at length.\n\n“We will rebuild the bridge.\n\n“We will rebuild the school.\n\n“And we will do it this year,” she said.\n\nNothing else.';
  const r = findQuoteRegions(text, findParagraphs(text));
  assert.equal(r.length, 1);
  assert.equal(r[0].paragraphs, 3);
  assert.ok(text.slice(r[0].span.start, r[0].span.end).endsWith('this year,”'));
  const text2 = '“First part of a long statement\nand its end,” he said. Then "an unclosed one\nNext paragraph.';
  const r2 = findQuoteRegions(text2, findParagraphs(text2));
  assert.equal(text2.slice(r2[0].span.start, r2[0].span.end), '“First part of a long statement\nand its end,”');
  assert.equal(r2[1].unclosed, true);
  assert.equal(text2.slice(r2[1].span.start, r2[1].span.end), '"an unclosed one');
});

test('quoteRegionAt finds the innermost region', () => {
  const text = 'A said “b ‘c’ d” e.';
  const r = findQuoteRegions(text, findParagraphs(text));
  assert.equal(quoteRegionAt(r, { start: 11, end: 12 })?.depth, 1);
  assert.equal(quoteRegionAt(r, { start: 8, end: 9 })?.depth, 0);
  assert.equal(quoteRegionAt(r, { start: 0, end: 1 }), null);
});

test('the analyzer provides its four products', () => {
  const a = createPipeline([nlpAnalyzer]).run({ text: 'One. Two “three”.' });
  assert.deepEqual(a.diagnostics, []);
  assert.deepEqual(a.findings, []);
});
