import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  articleId,
  bands,
  compareForRepublication,
  containment,
  findRepeatedParagraphs,
  hamming,
  jaccard,
  normalizeForHash,
  REPUBLICATION_THRESHOLD,
  shingleFingerprints,
  shingles,
  simhash64,
  textHash,
  wordTokens,
} from './dedup.js';

// An invented wire story (places and people do not exist), written for these tests.
const WIRE = [
  'The harbour authority of Lestria closed the northern grain terminal on Tuesday after a crane collapsed onto a moored freighter, injuring four dock workers.',
  'Officials said the crane, installed in 1998, had passed an inspection in March. An engineer with the port, who asked not to be named, said cracks had been reported twice since then.',
  'The freighter Amundine Star, registered in Polvar, was carrying 30,000 tonnes of barley bound for the southern coast. Its captain told reporters the hull had not been breached.',
  'Grain traders warned that a long closure would push up bread prices in the capital, where flour stocks are already low after a poor harvest.',
  'The dock workers union called a meeting for Thursday and demanded an independent inquiry into maintenance at the terminal, which was privatised six years ago.',
  'The transport minister, Hedda Varn, visited the site in the evening and promised that the injured men would receive full pay while they recover.',
  'A spokesman for the terminal operator said it was cooperating with investigators and expected partial operations to resume within ten days.',
  'Ships waiting to unload were diverted to the smaller port of Kessel, about 80 kilometres along the coast, where officials said they could handle the extra traffic.',
].join('\n\n');

function trimmedTo(text: string, fraction: number): string {
  const words = text.split(' ');
  return words.slice(0, Math.round(words.length * fraction)).join(' ');
}

const RETITLED = [
  'Four port workers were hurt in Lestria when a crane gave way and fell across a ship, forcing the closure of the city’s main grain terminal for at least a week.',
  ...WIRE.split('\n\n').slice(1),
].join('\n\n');

// Same event, same names and places, written independently: must not count as a copy.
const UNRELATED_SAME_TOPIC = [
  'A crane at Lestria’s northern grain terminal fell on Tuesday, and four workers were taken to hospital, the harbour authority confirmed.',
  'The Amundine Star, the vessel struck by the falling structure, had arrived from Polvar with barley. Port staff described a loud crack before the collapse.',
  'Hedda Varn, the transport minister, said an inquiry would look at how the terminal had been run since its sale to a private operator.',
  'Bakers in the capital said they feared flour shortages if the terminal stayed shut, and traders reported that wholesale barley prices rose sharply on Wednesday.',
  'Vessels due in Lestria this week were sent to Kessel instead. Union leaders will meet on Thursday to decide whether to call a strike.',
].join('\n\n');

test('textHash ignores case, whitespace and punctuation but not words', () => {
  const a = 'The minister said: “We will not resign.”\n\nShe left.';
  const b = 'the  minister said we will NOT resign\nshe left';
  assert.equal(textHash(a), textHash(b));
  assert.notEqual(textHash(a), textHash('The minister said: “We will resign.” She left.'));
  assert.match(textHash(a), /^[0-9a-f]{64}$/);
  assert.equal(normalizeForHash('Don’t — STOP!'), 'don t stop');
  assert.equal(articleId(textHash(a)), textHash(a).slice(0, 16));
  assert.throws(() => articleId('xyz'), TypeError);
});

test('word tokens cover non-Latin scripts', () => {
  assert.deepEqual(wordTokens('Erdoğan met Путин in تهران'), ['erdoğan', 'met', 'путин', 'in', 'تهران']);
  assert.deepEqual(wordTokens('東京で会議'), ['東', '京', 'で', '会', '議']);
});

test('shingles are 4-word windows; short texts give one shingle', () => {
  assert.deepEqual([...shingles('one two three four five')], ['one two three four', 'two three four five']);
  assert.deepEqual([...shingles('only two')], ['only two']);
  assert.equal(shingles('  ...  ').size, 0);
  assert.deepEqual([...shingles('a b c', 2)], ['a b', 'b c']);
});

test('jaccard and containment', () => {
  const a = new Set([1, 2, 3, 4]);
  const b = new Set([3, 4, 5, 6]);
  assert.equal(jaccard(a, b), 2 / 6);
  assert.equal(containment(new Set([3, 4]), b), 1);
  assert.equal(containment(a, b), 0.5);
  assert.equal(jaccard(new Set(), new Set()), 1);
});

test('simhash64: 16 hex chars, deterministic, close for near copies, far for unrelated texts', () => {
  const h = simhash64(WIRE);
  assert.match(h, /^[0-9a-f]{16}$/);
  assert.equal(simhash64(WIRE), h);
  assert.equal(simhash64(''), '0000000000000000');
  const oneWordChanged = WIRE.replace('four dock workers', 'five dock workers');
  assert.ok(hamming(h, simhash64(oneWordChanged)) <= 6, `one changed word: distance ${hamming(h, simhash64(oneWordChanged))}`);
  assert.ok(hamming(h, simhash64(UNRELATED_SAME_TOPIC)) >= 16, `unrelated: distance ${hamming(h, simhash64(UNRELATED_SAME_TOPIC))}`);
  // order matters: the same words shuffled are a different text
  const shuffled = [...wordTokens(WIRE)].reverse().join(' ');
  assert.ok(hamming(h, simhash64(shuffled)) >= 16);
});

test('hamming and bands', () => {
  assert.equal(hamming('0000000000000000', 'ffffffffffffffff'), 64);
  assert.equal(hamming('0123456789abcdef', '0123456789abcdef'), 0);
  assert.equal(hamming('8000000000000001', '0000000000000000'), 2);
  assert.deepEqual(bands('0123456789abcdef'), [0x0123, 0x4567, 0x89ab, 0xcdef]);
  assert.throws(() => bands('123'), TypeError);
  assert.throws(() => hamming('zz23456789abcdef', '0123456789abcdef'), TypeError);
});

test('simhash64 is fast enough to run on every article', () => {
  const text = WIRE.repeat(4); // ~1,400 words
  const n = 300;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) simhash64(text + i);
  const perArticleMs = (performance.now() - t0) / n;
  assert.ok(perArticleMs < 5, `simhash64 took ${perArticleMs.toFixed(2)} ms per 1,400-word article`);
});

test('compareForRepublication separates copies from independent reporting (threshold pinned)', () => {
  const identical = compareForRepublication({ text: WIRE }, { text: WIRE.replace(/\n\n/g, '\n') });
  const trimmed = compareForRepublication({ text: WIRE }, { text: trimmedTo(WIRE, 0.6) });
  const retitled = compareForRepublication({ text: RETITLED }, { text: WIRE });
  const unrelated = compareForRepublication({ text: UNRELATED_SAME_TOPIC }, { text: WIRE });
  assert.equal(identical, 1);
  assert.ok(trimmed >= 0.95, `trimmed: ${trimmed}`);
  assert.ok(retitled >= 0.75 && retitled < 1, `retitled: ${retitled}`);
  assert.ok(unrelated < 0.1, `unrelated same-topic: ${unrelated}`);
  for (const s of [identical, trimmed, retitled]) assert.ok(s >= REPUBLICATION_THRESHOLD);
  assert.ok(unrelated < REPUBLICATION_THRESHOLD);
  // symmetric
  assert.equal(compareForRepublication({ text: WIRE }, { text: RETITLED }), retitled);
  // tiny texts are not called copies on a shared phrase
  assert.equal(compareForRepublication({ text: 'The port was closed on Tuesday.' }, { text: WIRE }), 0);
  assert.equal(compareForRepublication({ text: '' }, { text: WIRE }), 0);
});

test('findRepeatedParagraphs: exact repeat points at the earlier copy with exact spans', () => {
  const p1 = 'Officials closed the terminal on Tuesday.';
  const p2 = 'Traders expect bread prices to rise.';
  const text = `${p1}\n\n${p2}\n  ${p1.toUpperCase()}  \nSubscribe for updates`;
  const r = findRepeatedParagraphs(text);
  assert.equal(r.length, 1);
  const [rep] = r;
  assert.equal(rep.similarity, 1);
  assert.equal(text.slice(rep.repeatOf.start, rep.repeatOf.end), p1);
  assert.equal(text.slice(rep.span.start, rep.span.end), p1.toUpperCase());
  assert.ok(rep.span.start > rep.repeatOf.end);
});

test('findRepeatedParagraphs: near repeats by Jaccard or containment, only for paragraphs of 8+ words', () => {
  const a = 'The harbour authority closed the northern grain terminal after a crane collapsed onto a freighter.';
  const aEdited = 'The harbour authority closed the northern grain terminal after a crane collapsed onto a moored freighter.';
  const aCut = 'The harbour authority closed the northern grain terminal after a crane collapsed.';
  const other = 'Union leaders will meet on Thursday to decide whether to call a strike at the port.';
  const short = 'Crane collapse in Lestria';
  const shortEdit = 'Crane collapse in Lestria today';
  const text = [short, a, other, aEdited, shortEdit, aCut].join('\n');
  const r = findRepeatedParagraphs(text);
  const got = r.map((x) => [text.slice(x.span.start, x.span.end), text.slice(x.repeatOf.start, x.repeatOf.end)]);
  assert.deepEqual(got, [
    [aEdited, a],
    [aCut, a],
  ]);
  for (const x of r) {
    assert.ok(x.similarity > 0 && x.similarity < 1);
    assert.equal(x.similarity, Math.round(x.similarity * 1000) / 1000);
  }
  assert.ok(r[1].similarity < 0.9); // containment got it in; the reported number is the Jaccard
});

test('findRepeatedParagraphs: offsets are UTF-16 exact around astral and non-Latin text', () => {
  const p = 'Erdoğan ve Путин görüştü 😀 — تهران';
  const text = `😀😀\n\n${p}\r\n\r\nمتن دیگر\n${p}`;
  const r = findRepeatedParagraphs(text);
  assert.equal(r.length, 1);
  assert.equal(text.slice(r[0].span.start, r[0].span.end), p);
  assert.equal(text.slice(r[0].repeatOf.start, r[0].repeatOf.end), p);
  assert.equal(r[0].repeatOf.start, text.indexOf(p));
  assert.equal(r[0].span.start, text.lastIndexOf(p));
});

test('findRepeatedParagraphs: nothing to report in a clean text, dividers ignored', () => {
  assert.deepEqual(findRepeatedParagraphs(WIRE), []);
  assert.deepEqual(findRepeatedParagraphs('One.\n* * *\nTwo.\n* * *\nThree.'), []);
  assert.deepEqual(findRepeatedParagraphs(''), []);
});

test('findRepeatedParagraphs scales past pairwise comparison', () => {
  // Growth, not a wall-clock limit (a loaded CI machine is slow in absolute terms): 4x the paragraphs may cost
  // about 4x (measured ~5x with GC, 9.5x once on a machine at load 10), where pairwise comparison would cost 16x.
  // Best of five runs each, to damp scheduler noise; the bound sits between the two.
  const text = (n: number) => {
    const paras: string[] = [];
    for (let i = 0; i < n; i++) paras.push(`Paragraph number ${i} talks about item ${i * 7} and item ${i * 13} in some detail today.`);
    paras.push(paras[10]);
    return paras.join('\n');
  };
  const best = (t: string) => {
    let min = Infinity;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const r = findRepeatedParagraphs(t);
      min = Math.min(min, performance.now() - t0);
      assert.equal(r.filter((x) => x.similarity === 1).length, 1);
    }
    return min;
  };
  const small = best(text(2000));
  const large = best(text(8000));
  assert.ok(large / Math.max(small, 1) < 12, `2000 paragraphs ${small.toFixed(0)} ms, 8000 paragraphs ${large.toFixed(0)} ms`);
});

test('shingleFingerprints: sampled, stable, shared by a trimmed copy, not by independent reporting', () => {
  const full = shingleFingerprints(WIRE);
  assert.ok(full.length >= 5 && full.length <= 40, `got ${full.length}`);
  assert.deepEqual(shingleFingerprints(WIRE.toUpperCase()), full);
  for (const f of full) assert.ok(Number.isInteger(f) && f >= 0 && f < 2 ** 32);
  assert.deepEqual([...full].sort((a, b) => a - b), full);
  const fullSet = new Set(full);
  const trimmed = shingleFingerprints(trimmedTo(WIRE, 0.6));
  assert.ok(trimmed.length >= 2 && trimmed.every((f) => fullSet.has(f)));
  assert.equal(shingleFingerprints(UNRELATED_SAME_TOPIC).filter((f) => fullSet.has(f)).length, 0);
  assert.deepEqual(shingleFingerprints('too short'), []);
});

test('a long paragraph restated in other words is flagged as a paraphrase; unrelated paragraphs and short repeats are not', () => {
  const quoted =
    '“Since the drought began, the valley has lost nearly half of its river water to the upstream reservoir, and the farmers of the lower plain have watched their wheat fields turn to dust while the dam operators filled the lake for summer,” the author wrote.';
  const paraphrase =
    'Since the drought began the valley has lost almost half of its river water to the reservoir upstream, and farmers of the lower plain watched their wheat fields turn to dust as the dam operators filled the lake.';
  const other =
    'The ministry of agriculture announced a new subsidy scheme on Tuesday for livestock owners in the northern districts, citing rising feed prices and a shortage of winter fodder across the region this year.';
  const text = [quoted, other, 'Share', 'Share', paraphrase].join('\n\n');
  const found = findRepeatedParagraphs(text);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].kind, 'paraphrase');
  assert.equal(text.slice(found[0].span.start, found[0].span.end), paraphrase);
  assert.equal(text.slice(found[0].repeatOf.start, found[0].repeatOf.end), quoted);
  assert.ok(found[0].similarity >= 0.5 && found[0].similarity < 1);
});

test('a 5 MB run without spaces is one token, not a stack overflow (issue 17)', () => {
  const run = 'a'.repeat(5_000_000);
  const tokens = wordTokens(`Harbour ${run} board`);
  assert.deepEqual(tokens.map((t) => t.length), [7, 5_000_000, 5]);
  assert.match(simhash64(`${run} x`), /^[0-9a-f]{16}$/);
  // Runs around the piece size and next to CJK characters split exactly as one unbounded match would.
  const text = `${'x'.repeat(255)} ${'y'.repeat(256)}東${'z'.repeat(257)}京${'w'.repeat(512)}`;
  assert.deepEqual(wordTokens(text), ['x'.repeat(255), 'y'.repeat(256), '東', 'z'.repeat(257), '京', 'w'.repeat(512)]);
});

test('findRepeatedParagraphs: the same answer with packed shingles and with word shingles (vocabulary past 8,192)', () => {
  const paras = [
    'The committee met on Tuesday to discuss the budget for the coming year and the new harbour works.',
    'Officials said the harbour works would start in spring and last for about three years in total.',
    'The committee met on Tuesday to discuss the budget for the coming year and the new harbour works.',
    'Officials said the harbour works would start in spring and last for about three years in all.',
  ];
  const text = paras.join('\n\n');
  const packed = findRepeatedParagraphs(text);
  assert.equal(packed.length, 2);
  // A last paragraph of 9,000 distinct invented words pushes the article past 2^13 distinct tokens (string keys).
  const words: string[] = [];
  for (let i = 0; i < 9000; i++) words.push(`w${i.toString(36)}q`);
  const big = findRepeatedParagraphs(`${text}\n\n${words.join(' ')}`);
  assert.deepEqual(big, packed);
});
