import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseText, findParagraphs, findQuoteRegions, quoteRegionAt, nlpAnalyzer, MAX_TOKEN_CHARS, MAX_SENTENCE_TOKENS, MAX_SENTENCE_CHARS } from './index.js';
import { defaultAnalyzers } from '../index.js';
import { createPipeline } from '../../core/pipeline.js';
import { fastest } from '../../core/test-timing.js';

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

test("doubled apostrophes and backticks as double marks: ''…'' and ``…''", () => {
  assert.deepEqual(quotes("''We will wait,'' the mayor said. ''It's 'routine' now.''"), [
    { q: "''We will wait,''", c: 'We will wait,', d: 0 },
    { q: "''It's 'routine' now.''", c: "It's 'routine' now.", d: 0 },
    { q: "'routine'", c: 'routine', d: 1 },
  ]);
  assert.deepEqual(quotes("She said ``not yet'' twice."), [{ q: "``not yet''", c: 'not yet', d: 0 }]);
  const text = "''First paragraph of it.\n\n''And the end,'' he said.";
  const r = findQuoteRegions(text, findParagraphs(text));
  assert.equal(r.length, 1);
  assert.equal(r[0].paragraphs, 2);
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

// Random letters and digits (deterministic): the shape of a base64 blob or a hash glued into scraped text.
function blob(n: number, seed = 7): string {
  const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let s = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out += abc[s % abc.length];
  }
  return out;
}

test('a run of non-space characters longer than MAX_TOKEN_CHARS is one opaque token with exact spans', () => {
  const long = blob(MAX_TOKEN_CHARS + 1);
  const text = `The envoy said so. Code ${long}, then “the talks” resumed.\nNext line ${'x'.repeat(MAX_TOKEN_CHARS * 3)}`;
  const r = analyseText(text);
  for (const t of r.tokens) assert.equal(text.slice(t.span.start, t.span.end), t.text);
  const opaque = r.tokens.filter((t) => t.text.length > MAX_TOKEN_CHARS);
  assert.deepEqual(opaque.map((t) => [t.text.length, t.pos]), [[MAX_TOKEN_CHARS + 2, 'X'], [MAX_TOKEN_CHARS * 3, 'X']], 'the comma stays with the run: it is one run of non-space characters');
  assert.ok(r.tokens.some((t) => t.text === 'resumed' && t.pos === 'VERB'), 'words after the run are tagged as usual');
  assert.deepEqual(r.sentences.map((s) => text.slice(s.start, s.end).slice(0, 18)), ['The envoy said so.', `Code ${long.slice(0, 13)}`, `Next line ${'x'.repeat(8)}`]);
  assert.deepEqual(quotes(text).map((q) => q.c), ['the talks']);
  // A run exactly at the limit is still wink's.
  const atLimit = `Before ${'y'.repeat(MAX_TOKEN_CHARS)} after.`;
  assert.ok(analyseText(atLimit).tokens.some((t) => t.text.startsWith('yyy') && t.text.length <= MAX_TOKEN_CHARS));
});

test('tokenising is linear in token length: one 80,000-character token costs about 4x a 20,000-character one, not 16x', () => {
  analyseText(`Warm up ${blob(5000)} now.`);
  const cost = (n: number) => fastest(() => analyseText(`The minister said ${blob(n)} on Tuesday.`));
  const small = cost(20_000);
  const large = cost(80_000);
  // Before: 0.45 s and 8.5 s (x19, wink's regexes backtrack over the whole token). Linear is x4; allow x8.
  assert.ok(large < small * 8 + 20, `20,000 chars: ${small.toFixed(1)} ms, 80,000 chars: ${large.toFixed(1)} ms`);
});

test('sentences are cut after MAX_SENTENCE_TOKENS tokens or MAX_SENTENCE_CHARS characters, preferring a comma', () => {
  // 1,500 words with no sentence end, a comma every 37 words.
  const words = Array.from({ length: 1500 }, (_, i) => `${['officials', 'said', 'the', 'bridge', 'would', 'reopen'][i % 6]}${i % 37 === 36 ? ',' : ''}`);
  const text = words.join(' ');
  const r = analyseText(text);
  assert.ok(r.sentences.length >= 4, `${r.sentences.length} sentences`);
  let k = 0;
  r.sentences.forEach((s, i) => {
    const toks = r.tokens.filter((t) => t.sentence === i);
    assert.ok(toks.length > 0 && toks.length <= MAX_SENTENCE_TOKENS, `sentence ${i}: ${toks.length} tokens`);
    assert.ok(s.end - s.start <= MAX_SENTENCE_CHARS);
    assert.equal(s.start, toks[0].span.start);
    assert.equal(s.end, toks[toks.length - 1].span.end);
    for (const t of toks) assert.equal(r.tokens[k++], t, 'sentences cover the tokens in order');
    if (i < r.sentences.length - 1) assert.equal(toks[toks.length - 1].text, ',', 'cut after a comma');
  });
  assert.equal(k, r.tokens.length);
  // Long tokens: the character limit cuts too.
  const wide = Array.from({ length: 100 }, (_, i) => `${blob(120, i)}`).join(' ');
  const w = analyseText(wide);
  assert.ok(w.sentences.length >= 3);
  for (const s of w.sentences) assert.ok(s.end - s.start <= MAX_SENTENCE_CHARS);
});

test('the whole pipeline is linear on text without sentence ends: 4x the text costs well under 16x', () => {
  // Stance and claims weigh every token of a sentence for every target in it; one endless sentence was quadratic.
  const unit = 'Officials in Merrow said the Lorvan army shelled 3 villages in 2024 and the council called it a crime while the minister praised the brave soldiers of Merrow ';
  const make = (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  const pipeline = createPipeline(defaultAnalyzers);
  pipeline.run({ text: make(5000) });
  const small = fastest(() => pipeline.run({ text: make(25_000) }));
  const large = fastest(() => pipeline.run({ text: make(100_000) }));
  assert.ok(large < small * 8, `25,000 chars: ${small.toFixed(0)} ms, 100,000 chars: ${large.toFixed(0)} ms`);
});

test('a document is tokenised the same whatever the process read before it (wink caches words with clitics)', () => {
  const text = "Reporters asked about Velmaro's budget and Ostrakia's reply.";
  const before = analyseText(text).tokens.map((t) => `${t.text}/${t.pos}`);
  assert.ok(before.includes("'s/PART"), before.join(' '));
  // Sentence-final possessives are kept whole by wink, which then caches them: later "Velmaro's" stayed one token.
  analyseText("The budget is not Velmaro's. Nor is it Ostrakia's, officials said.");
  assert.deepEqual(analyseText(text).tokens.map((t) => `${t.text}/${t.pos}`), before);
});

test('a possessive before punctuation is split as anywhere else ("… is Velmaro\'s.")', () => {
  const toks = analyseText("The reply was Velmaro's, and the budget is Ostrakia’s.").tokens.map((t) => `${t.text}/${t.pos}`);
  assert.ok(toks.includes("'s/PART") && toks.includes('’s/PART'), toks.join(' '));
  assert.ok(toks.some((t) => t.startsWith('Velmaro/')) && toks.some((t) => t.startsWith('Ostrakia/')), toks.join(' '));
});
