import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  auc,
  babeLabel,
  classScores,
  macroF1,
  mentionCounts,
  mergeIntervals,
  newSpanCounts,
  perClassPrf,
  prfFrom,
  scoreSpans,
  setPrf,
  siScore,
  spanPrf,
  tcMicroF1,
  tcPredict,
} from './metrics.js';

const close = (a: number, b: number, msg?: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${msg ?? ''} ${a} != ${b}`);

test('PTC SI: overlapping spans merge per side, then partial credit by |s∩t|/|s| and |s∩t|/|t|', () => {
  // article A: predicted [0,10) and [5,20) merge to [0,20); gold [10,30). |s∩t| = 10.
  //   P contribution 10/20 = 0.5, R contribution 10/20 = 0.5.
  // article B: predicted [0,4), gold none: P contribution 0 over one more predicted span.
  // article C: gold [0,8), nothing predicted: R contribution 0 over one more gold span.
  const pred = new Map([['A', [{ start: 0, end: 10 }, { start: 5, end: 20 }]], ['B', [{ start: 0, end: 4 }]]]);
  const gold = new Map([['A', [{ start: 10, end: 30 }]], ['C', [{ start: 0, end: 8 }]]]);
  const s = siScore(pred, gold);
  assert.equal(s.predicted, 2);
  assert.equal(s.gold, 2);
  close(s.precision, 0.25);
  close(s.recall, 0.25);
  close(s.f1, 0.25);
  // touching spans are not merged (the scorer merges overlaps only)
  assert.deepEqual(mergeIntervals([{ start: 5, end: 9 }, { start: 0, end: 5 }]), [{ start: 0, end: 5 }, { start: 5, end: 9 }]);
});

test('PTC SI: one predicted span over two gold spans gets credit for both (sum), once under max', () => {
  const pred = new Map([['A', [{ start: 0, end: 20 }]]]);
  const gold = new Map([['A', [{ start: 0, end: 5 }, { start: 10, end: 20 }]]]);
  const sum = siScore(pred, gold, 'sum');
  close(sum.precision, 15 / 20);
  close(sum.recall, (5 / 5 + 10 / 10) / 2);
  const max = siScore(pred, gold, 'max');
  close(max.precision, 10 / 20);
});

test('PTC TC: the prediction overlapping a gold span most (IoU) answers it; micro-F1 is accuracy', () => {
  const preds = [
    { span: { start: 0, end: 100 }, technique: 'Loaded_Language', confidence: 0.9 },
    { span: { start: 10, end: 22 }, technique: 'Name_Calling,Labeling', confidence: 0.2 },
  ];
  assert.equal(tcPredict(preds, { start: 10, end: 20 })?.technique, 'Name_Calling,Labeling');
  assert.equal(tcPredict(preds, { start: 200, end: 210 }), null);
  close(tcMicroF1(['A', 'B', 'C', 'A'], ['A', null, 'C', 'B']), 0.5);
});

test('BABE: "No agreement" rows are left out; macro-F1 averages the two classes', () => {
  assert.equal(babeLabel('Biased'), true);
  assert.equal(babeLabel('Non-biased'), false);
  assert.equal(babeLabel('No agreement'), null);
  // gold  B B B N N ; pred B B N N B
  // biased: tp 2 fp 1 fn 1 -> F1 4/6; non-biased: tp 1 fp 1 fn 1 -> F1 2/4. macro = (0.6667 + 0.5) / 2
  const gold = [true, true, true, false, false];
  const pred = [true, true, false, false, true];
  close(macroF1(gold, pred), (4 / 6 + 2 / 4) / 2);
  close(auc([true, false], [0.9, 0.1]), 1);
  close(auc([true, false], [0.5, 0.5]), 0.5, 'ties count half');
});

test('MBIC words: micro P/R/F1 over (sentence, word) pairs', () => {
  const r = setPrf([
    { gold: new Set(['radical', 'mob']), pred: new Set(['radical', 'said']) },
    { gold: new Set(), pred: new Set(['slammed']) },
  ]);
  assert.deepEqual([r.tp, r.fp, r.fn], [1, 2, 1]);
  close(r.precision, 1 / 3);
  close(r.recall, 1 / 2);
  close(r.f1, 0.4);
});

test('PolNeAR spans: strict after white space, relaxed after edge punctuation and "that", overlap on a non-space character', () => {
  const text = 'He said that "the plan failed." Then left.';
  //            0123456789012345678901234567890
  const content = { frags: [{ start: 8, end: 31 }], env: { start: 8, end: 31 } }; // that "the plan failed."
  const c = newSpanCounts();
  scoreSpans(text, [{ start: 13, end: 31 }], [content], c); // "the plan failed."
  assert.deepEqual(c.tp.strict, [0, 0]);
  assert.deepEqual(c.tp.relaxed, [1, 1]);
  assert.deepEqual(c.tp.overlap, [1, 1]);
  const d = newSpanCounts();
  scoreSpans(text, [{ start: 31, end: 32 }, { start: 7, end: 31 }], [content], d); // a lone space; " that ... ."
  assert.deepEqual(d.tp.strict, [1, 1], 'white space around the span does not matter');
  assert.deepEqual(d.tp.overlap, [1, 1], 'a span sharing only a space does not overlap');
  close(spanPrf(d, 'overlap').precision, 0.5);
});

test('NewsMTSC: three-class macro-F1 and accuracy from a confusion matrix', () => {
  // gold 0 0 1 1 2 2 ; pred 0 1 1 1 2 0
  const s = classScores([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0]);
  assert.deepEqual(s.confusion, [[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
  close(s.accuracy, 4 / 6);
  close(s.macroF1, (2 / 4 + 4 / 5 + 2 / 3) / 3);
});

test('entity mentions: exact needs both offsets, overlap any shared character, per type', () => {
  const gold = [{ start: 0, end: 12, type: 'PER' }, { start: 20, end: 26, type: 'LOC' }];
  const pred = [{ start: 6, end: 12, type: 'PER' }, { start: 20, end: 26, type: 'LOC' }, { start: 30, end: 33, type: 'LOC' }];
  const c = mentionCounts(gold, pred, ['PER', 'LOC']);
  assert.deepEqual(c.PER.exact, [0, 0]);
  assert.deepEqual(c.PER.overlap, [1, 1]);
  const loc = prfFrom(c.LOC.exact, c.LOC.pred, c.LOC.gold);
  close(loc.precision, 0.5);
  close(loc.recall, 1);
});

test('PTC TC per technique: precision over predicted, recall over gold, null only costs recall', () => {
  // gold A A B B C; predicted A B B null A. A: predicted 2 (1 right), gold 2 -> P 0.5 R 0.5.
  // B: predicted 2 (1 right), gold 2 -> P 0.5 R 0.5. C: predicted 0, gold 1 -> P 0 R 0 F1 0.
  const r = perClassPrf(['A', 'A', 'B', 'B', 'C'], ['A', 'B', 'B', null, 'A']);
  close(r.get('A')!.precision, 0.5);
  close(r.get('A')!.recall, 0.5);
  close(r.get('B')!.precision, 0.5);
  close(r.get('B')!.recall, 0.5);
  close(r.get('B')!.f1, 0.5);
  assert.equal(r.get('C')!.gold, 1);
  assert.equal(r.get('C')!.f1, 0);
});
