import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, StanceFinding } from '../core/finding.js';
import { testFinding } from '../core/test-findings.js';
import { stanceMatrix, type StanceCell, type StanceMatrixItem } from './stance.js';

let n = 0;
function st(actorId: string, score: number, sentence: [number, number], voice: Finding['voice'] = 'outlet'): StanceFinding {
  const span = { start: sentence[0] + 1, end: sentence[0] + 4 };
  return {
    id: `stance:stance:${n++}`,
    analyzer: 'stance',
    kind: 'stance',
    messageId: 'stance',
    span,
    evidence: 'Foo',
    voice,
    actorId,
    canonical: actorId.toUpperCase(),
    polarity: score < -1 / 3 ? 'negative' : score > 1 / 3 ? 'positive' : 'neutral',
    score,
    cues: [{ text: 'cue', span, pull: score }],
    related: [{ role: 'sentence', span: { start: sentence[0], end: sentence[1] }, evidence: `sentence ${sentence[0]}` }],
  };
}

const items: StanceMatrixItem[] = [
  { articleId: 'a1', outlet: 'A', group: 'G1', findings: [st('x', -0.9, [0, 10]), st('x', -0.7, [0, 10]), st('x', -0.8, [20, 30]), st('y', 0.6, [20, 30])] },
  { articleId: 'a2', outlet: 'A', group: 'G1', findings: [st('x', -0.6, [0, 10]), st('x', 0.9, [40, 50], { speaker: 'Q', actorId: 'q' })] },
  { articleId: 'b1', outlet: 'B', group: 'G2', findings: [st('x', 0.8, [0, 10]), testFinding('label', { actorId: 'z', span: { start: 1, end: 4 } })] },
];

test('one sentence is one observation; scores shrink toward neutral with few sentences', () => {
  const rows = stanceMatrix(items, { by: 'outlet', quoteWeight: 0 });
  const x = rows.find((r) => r.actorId === 'x')!;
  const a = x.columns.A;
  assert.equal(a.n, 3, 'two mentions in one sentence count once; the quoted one is left out');
  assert.equal(a.mean, -0.733); // (-0.8, -0.8, -0.6) / 3
  assert.equal(a.score, -0.367); // sum -2.2 / (3 + 3)
  assert.equal(a.lean, 'negative');
  assert.deepEqual(a.counts, { negative: 3, neutral: 0, positive: 0 });
  assert.ok(a.interval[0] < a.score && a.score < a.interval[1]);
  const b = x.columns.B;
  assert.equal(b.n, 1);
  assert.equal(b.score, 0.2);
  assert.ok(!b.clear, 'one sentence does not make a clear stance');
  assert.ok(b.interval[1] - b.interval[0] > a.interval[1] - a.interval[0]);
  assert.equal(x.spread, 0.567);
  assert.equal(rows.find((r) => r.actorId === 'z'), undefined, 'other kinds are ignored');
});

test('evidence: strongest sentences in the lean direction, traceable to article and span', () => {
  const [x] = stanceMatrix(items, { by: 'outlet', actors: ['x'] });
  const ev = x.columns.A.evidence;
  assert.equal(ev[0].score, -0.8);
  assert.equal(ev[0].articleId, 'a1');
  assert.deepEqual(ev.map((e) => e.span.start).sort(), [0, 0, 20]);
  assert.equal(ev.find((e) => e.articleId === 'a1' && e.span.start === 0)!.mentions.length, 2);
});

test('includeQuotes counts quoted speakers; by group and article', () => {
  const withQ = stanceMatrix(items, { by: 'group', includeQuotes: true, actors: ['x'] })[0];
  assert.equal(withQ.columns.G1.n, 4);
  assert.ok(withQ.columns.G1.evidence.length <= 3);
  const byArticle = stanceMatrix(items, { by: 'article', prior: 0, actors: new Set(['x']) })[0];
  assert.deepEqual(Object.keys(byArticle.columns).sort(), ['a1', 'a2', 'b1']);
  assert.equal(byArticle.columns.b1.score, 0.8, 'prior 0: the plain mean');
});

test('label and threat framing are evidence of their own, with weights and words a reader can see', () => {
  const mk = (actorId: string, score: number, sentence: [number, number], extra: Partial<StanceFinding>): Finding => ({ ...st(actorId, score, sentence), ...extra });
  const findings = [
    // the label prior pulled this one to -0.4; the model alone said +0.2
    mk('x', -0.4, [0, 10], { modelScore: 0.2, connotation: 'pejorative', evidence: 'the regime' }),
    mk('x', 0.2, [20, 30], { modelScore: 0.2, threat: { text: 'threat', span: { start: 22, end: 28 } } }),
    mk('x', 0.2, [40, 50], { modelScore: 0.2 }),
  ];
  const [x] = stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings }], { by: 'outlet', prior: 1 });
  const c = x.columns.A;
  // One observation per sentence: 0.2 + (0.2 - 0.5 threat) + 0.2 = 0.1; the label its own observation, -1 with
  // weight 2: (0.1 - 2) / (3 + 2 + 1)
  assert.equal(c.score, -0.317);
  assert.equal(c.mean, 0.2, 'sentences use the model score, so the label is counted once');
  assert.deepEqual(
    [c.parts.sentences.contribution, c.parts.labels.contribution, c.parts.threat.contribution],
    [0.1, -0.333, -0.083],
  );
  assert.equal(c.parts.labels.n, 1);
  assert.equal(c.parts.labels.weight, 2);
  assert.equal(c.framing.labels[0].text, 'the regime');
  assert.deepEqual(c.framing.threat[0].span, { start: 22, end: 28 });
  assert.equal(c.framing.threat[0].evidence, 'sentence 20');
  const off = stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings }], { by: 'outlet', prior: 1, labelWeight: 0, threatWeight: 0 })[0];
  // weights 0: the plain sentence scores as the analyzer gave them, label prior included
  assert.equal(off.columns.A.score, 0); // (-0.4 + 0.2 + 0.2) / 4
  assert.equal(off.columns.A.parts.labels.n, 0);
});

test('roles, quotes, category and reasons: every part adds up to the score and is said in words', () => {
  const mk = (actorId: string, score: number, sentence: [number, number], extra: Partial<StanceFinding>, voice: Finding['voice'] = 'outlet'): Finding => ({
    ...st(actorId, score, sentence, voice),
    ...extra,
  });
  const role = (r: NonNullable<StanceFinding['role']>['role'], at: number) => ({ role: { role: r, as: 'subject', text: r, span: { start: at, end: at + 3 } } });
  const findings: Finding[] = [
    // the outlet's own sentences: a hostile label, an aggressor role, a sentence naming x without judging it
    mk('x', -0.5, [0, 10], { directed: 0, modelScore: 0.1, connotation: 'pejorative', evidence: 'the occupying regime' }),
    mk('x', -0.5, [20, 30], { directed: -0.5, modelScore: -0.5, ...role('aggressor', 22) }),
    mk('x', 0.3, [40, 50], { directed: 0, modelScore: 0.3 }),
    // quoted: a critic twice, x's own official once (stateId from the actor mention)
    mk('x', -0.8, [60, 70], {}, { speaker: 'Critic', actorId: 'person:c' }),
    mk('x', -0.6, [80, 90], {}, { speaker: 'Critic', actorId: 'person:c' }),
    mk('x', 0, [100, 110], {}, { speaker: 'Minister', actorId: 'person:m' }),
    testFinding('actor-mention', { actorId: 'person:m', stateId: 'x', span: { start: 100, end: 108 } }),
    // y: hard news, never judged
    mk('y', 0, [0, 10], { directed: 0, modelScore: -0.3 }),
    mk('y', 0, [40, 50], { directed: 0, modelScore: -0.2 }),
  ];
  const rows = stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings }], { by: 'outlet', prior: 1 });
  const c = rows.find((r) => r.actorId === 'x')!.columns.A;
  // sentences: 0 + (-0.5 - 0.5 aggressor) + 0 = -1; the label 2 · -1; quotes 0.5 · (-1 - 1 + 1) = -0.5; over 3 + 2 + 1.5 + 1
  assert.equal(c.score, -0.467);
  assert.deepEqual(
    [c.parts.sentences.contribution, c.parts.labels.contribution, c.parts.roles.contribution, c.parts.quotes.contribution],
    [-0.067, -0.267, -0.067, -0.067],
  );
  assert.equal(c.category, 'hostile');
  const sum = Object.values(c.parts).reduce((a, p) => a + p.contribution, 0);
  assert.ok(Math.abs(sum - c.score) < 0.005, 'the parts add up to the score');
  assert.equal(c.mean, -0.167, 'sentences use the target-directed score');
  assert.deepEqual(c.quotes, { critics: ['Critic'], supporters: [], own: ['Minister'] });
  assert.equal(c.framing.roles[0].role, 'aggressor');
  assert.match(c.reasons, /^hostile: calls it “the occupying regime”; casts it as aggressor; .*quotes 1 critic \(Critic\), 1 of its own \(Minister\)$/);
  const y = rows.find((r) => r.actorId === 'y')!.columns.A;
  assert.equal(y.score, 0, 'a sentence the analyzer did not judge counts 0, whatever the model read in its tone');
  assert.equal(y.category, 'neutral');
  assert.equal(y.reasons, 'neutral: names it in 2 sentences without judging it');
});

test('a sentence is capped at ±1 whatever its parts, and the parts keep adding up', () => {
  const f: StanceFinding = { ...st('x', -0.9, [0, 10]), directed: -0.9, connotation: 'pejorative', evidence: 'the regime', threat: { text: 'threat', span: { start: 2, end: 8 } } };
  const [x] = stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings: [f] }], { by: 'outlet', prior: 0 });
  const c = x.columns.A;
  assert.equal(c.score, -1, 'one hostile sentence is -1, not -2.4');
  const sum = Object.values(c.parts).reduce((a, p) => a + p.contribution, 0);
  assert.ok(Math.abs(sum - c.score) < 0.005, JSON.stringify(c.parts));
});

test('word choice: consistent pejorative naming is hostile on its own, a stray label among plain sentences is not', () => {
  // n sentences naming x: k of them with a pejorative label, nothing else judged in any of them
  const column = (n: number, k: number): StanceCell => {
    const findings: Finding[] = [];
    for (let i = 0; i < n; i++) {
      const extra: Partial<StanceFinding> = i < k ? { connotation: 'pejorative', evidence: 'the regime' } : {};
      findings.push({ ...st('x', 0, [i * 10, i * 10 + 9]), directed: 0, ...extra });
    }
    return stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings }], { by: 'outlet' })[0].columns.A;
  };
  const third = column(30, 10);
  assert.equal(third.category, 'hostile', `a label in a third of the sentences: ${third.score}`);
  assert.ok(third.clear, 'and the interval excludes 0');
  assert.equal(column(30, 3).category, 'critical', 'in a tenth of them: critical');
  const stray = column(25, 1);
  assert.equal(stray.category, 'neutral', `one stray label among 25 plain sentences: ${stray.score}`);
  assert.ok(!stray.clear);
  assert.equal(column(20, 0).score, 0, 'plain naming only: neutral');
});

test('the interval counts a weighted observation once: heavier label weights do not narrow it by themselves', () => {
  const findings = [0, 1, 2, 3].map((i): Finding => ({ ...st('x', 0, [i * 10, i * 10 + 9]), directed: i % 2 ? -0.5 : 0, connotation: 'pejorative', evidence: 'the regime' }));
  const at = (labelWeight: number): StanceCell => stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings }], { by: 'outlet', labelWeight })[0].columns.A;
  const w = (c: StanceCell): number => c.interval[1] - c.interval[0];
  // Every observation the same weight: n + prior observations, as before.
  const one = at(1);
  assert.ok(one.interval[0] < one.score && one.score < one.interval[1]);
  // Weight 10: the score moves toward the labels, but the effective count (Kish: (Σw)² / Σw² ≈ 5.4, not 47) stays
  // about the number of observations: counted as 40 label observations the interval would reach about 0.1 above the
  // score (the lower end is cut at -1).
  const ten = at(10);
  assert.ok(ten.score < one.score);
  assert.ok(ten.interval[1] - ten.score > 0.25, `interval ${JSON.stringify(ten.interval)} around ${ten.score}`);
  assert.ok(w(one) > 0.5);
});

test('a victim is not judged by what is done to it: its negative reading counts 0, its role counts', () => {
  const f: StanceFinding = { ...st('x', -0.5, [0, 10]), directed: -0.5, role: { role: 'victim', as: 'object', text: 'threats', span: { start: 2, end: 9 } } };
  const c = stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings: [f] }], { by: 'outlet', prior: 1 })[0].columns.A;
  assert.equal(c.score, 0.125, 'the victim role +0.25 over 1 + 1, the -0.5 not counted');
  const off = stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings: [f] }], { by: 'outlet', prior: 1, roleWeight: 0 })[0].columns.A;
  assert.equal(off.score, -0.25, 'with roles off, the sentence as the analyzer scored it');
});

test('the reasons quote the whole label when the mention sits inside it', () => {
  const f: StanceFinding = { ...st('x', -0.8, [0, 30]), evidence: 'Karvenian', directed: 0, connotation: 'pejorative', label: { text: 'the Karvenian junta', span: { start: 0, end: 19 } } };
  const c = stanceMatrix([{ articleId: 'a', outlet: 'A', group: 'G', findings: [f] }], { by: 'outlet' })[0].columns.A;
  assert.match(c.reasons, /calls it “the karvenian junta”/);
  assert.equal(c.framing.labels[0].text, 'the Karvenian junta');
});
