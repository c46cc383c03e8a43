import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, StanceFinding } from '../core/finding.js';
import { testFinding } from '../core/test-findings.js';
import { stanceMatrix, type StanceMatrixItem } from './stance.js';

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
  // One observation per sentence, its parts summed: (0.2 - 1 label) + (0.2 - 0.5 threat) + 0.2 = -0.9, over 3 + 1
  assert.equal(c.score, -0.225);
  assert.equal(c.mean, 0.2, 'sentences use the model score, so the label is counted once');
  assert.deepEqual(
    [c.parts.sentences.contribution, c.parts.labels.contribution, c.parts.threat.contribution],
    [0.15, -0.25, -0.125],
  );
  assert.equal(c.parts.labels.n, 1);
  assert.equal(c.parts.labels.weight, 1);
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
  // sentences: (0 - 1 label) + (-0.5 - 0.5 aggressor) + 0 = -2; quotes 0.5 · (-1 - 1 + 1) = -0.5; over 3 + 1.5 + 1
  assert.equal(c.score, -0.455);
  assert.deepEqual(
    [c.parts.sentences.contribution, c.parts.labels.contribution, c.parts.roles.contribution, c.parts.quotes.contribution],
    [-0.091, -0.182, -0.091, -0.091],
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
