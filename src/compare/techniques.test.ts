import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, TechniqueFinding } from '../core/finding.js';
import { testFinding } from '../core/test-findings.js';
import { techniqueMatrix } from './techniques.js';

const tech = (technique: string, start: number, extra: Partial<TechniqueFinding> = {}): Finding => ({
  id: `techniques:technique:${start}-${start + 5}`,
  analyzer: 'techniques',
  kind: 'technique',
  messageId: 'technique',
  span: { start, end: start + 5 },
  evidence: 'words',
  voice: 'outlet',
  confidence: 0.6,
  technique,
  actorId: null,
  canonical: null,
  targetVia: null,
  cue: 'x',
  reason: 'because',
  ...extra,
});

test('rates per 1,000 words per outlet, own voice by default, targets with evidence', () => {
  const items = [
    {
      articleId: 'a1',
      outlet: 'Agency A',
      group: 'G1',
      words: 500,
      findings: [
        tech('Loaded_Language', 0),
        tech('Name_Calling,Labeling', 10, { actorId: 'state:XA', canonical: 'Xland', targetVia: 'label' }),
        tech('Name_Calling,Labeling', 20, { actorId: 'state:XA', canonical: 'Xland', targetVia: 'sentence' }),
        tech('Doubt', 30, { voice: { speaker: 'Someone', actorId: null } }),
        testFinding('bias-sentence', { id: 'b', analyzer: 'techniques', messageId: 'bias', span: { start: 0, end: 40 }, evidence: 'x', voice: 'outlet', score: 0.7, words: [] }),
      ],
    },
    { articleId: 'a2', outlet: 'Agency A', group: 'G1', words: 500, findings: [tech('Loaded_Language', 0)] },
    { articleId: 'b1', outlet: 'Wire B', group: 'G2', words: 1000, findings: [tech('Loaded_Language', 0)] },
  ];
  const cols = techniqueMatrix(items, { by: 'outlet' });
  assert.deepEqual(cols.map((c) => c.column), ['Agency A', 'Wire B']);
  const a = cols[0];
  assert.equal(a.words, 1000);
  assert.equal(a.total, 4);
  assert.equal(a.per1000, 4);
  assert.deepEqual(a.techniques.map((t) => [t.technique, t.count, t.per1000]), [['Loaded_Language', 2, 2], ['Name_Calling,Labeling', 2, 2]]);
  assert.deepEqual(a.targets.map((t) => [t.canonical, t.total]), [['Xland', 1]], 'a sentence-level link is not a target by default');
  assert.deepEqual(a.targets[0].evidence[0], { articleId: 'a1', span: { start: 10, end: 15 }, evidence: 'words', reason: 'because', confidence: 0.6 });
  assert.deepEqual(a.bias, { sentences: 1, mean: 0.7, biased: 1 });

  const withQuotes = techniqueMatrix(items, { by: 'group', includeQuotes: true, weakTargets: true });
  const g1 = withQuotes.find((c) => c.column === 'G1')!;
  assert.equal(g1.total, 5);
  assert.equal(g1.techniques.find((t) => t.technique === 'Doubt')!.evidence[0].quoted, true);
  assert.equal(g1.targets[0].total, 2);
  assert.equal(techniqueMatrix(items, { by: 'outlet', minConfidence: 0.9 })[0].total, 0);
});
