import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, type Analyzer } from '../core/pipeline.js';
import { nlpAnalyzer } from '../analyzers/nlp/index.js';
import { actorsAnalyzer } from '../analyzers/actors/index.js';
import { labelsAnalyzer } from '../analyzers/labels/index.js';
import { relationsAnalyzer } from '../analyzers/relations/index.js';
import { eventsAnalyzer } from '../analyzers/events/index.js';
import { makeArticle } from '../storage/test-fixtures.js';
import { alignClaims } from './claims-align.js';
import type { CompareItem } from './types.js';

/**
 * Polarity of claims through the analyzers and the alignment (issue 14): a negated, hypothetical, conditional or
 * past-counterfactual statement is never support for the positive claim, and it is a denial only when it denies
 * the same proposition. Every sentence here was written for this test (invented pairing of real state names).
 */
const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer, labelsAnalyzer, relationsAnalyzer, eventsAnalyzer] as Analyzer[]);
const item = (text: string, outlet: string): CompareItem => {
  const article = makeArticle(text, { outlet, group: outlet, published: '2024-05-01' });
  return { article, analysis: pipeline.run({ text, articleId: article.id }) };
};
const ASSERTS = 'Norway sells drones to Chile, the ministry said.';
const arms = (items: CompareItem[]) => alignClaims(items).clusters.find((c) => c.kind === 'relation' && /supplies-arms/.test(c.label));

const NOT_SUPPORT = [
  'Norway could not have sold drones to Chile.',
  'Norway might sell drones to Chile.',
  'If Norway sold drones to Chile, Peru would protest.',
  'Had Norway sold drones to Chile, the war would have ended sooner.',
  'Were Norway to sell drones to Chile, Peru would protest.',
  'Supposing Norway sold drones to Chile, Peru would protest.',
  'Unless Norway sells drones to Chile, the deal will fail.',
  'Whether Norway sells drones to Chile is unclear.',
  'Norway was supposed to sell drones to Chile.',
  'Norway would have sold drones to Chile if Peru had agreed.',
  'Norway cannot simply sell drones to Chile.',
  'Norway does not merely sell drones to Chile.',
];

test('polarity: hypothetical, conditional, modal and counterfactual forms neither support nor deny', () => {
  for (const s of NOT_SUPPORT) {
    const c = arms([item(s, 'Other Daily'), item(ASSERTS, 'First Post')]);
    assert.ok(c, s);
    const mine = c.sources.filter((x) => x.outlet === 'Other Daily');
    assert.ok(mine.length && mine.every((x) => x.hedged === true), `${s}: hedged`);
    assert.equal(c.origins, 1, `${s}: only the firm statement supports`);
    assert.notEqual(c.status, 'contested', `${s}: no contradiction`);
  }
});

test('polarity: a denial of the same proposition contradicts it; of another proposition it does not', () => {
  for (const s of ['Norway does not sell drones to Chile.', 'It is not true that Norway sells drones to Chile.', 'Norway never sold drones to Chile.']) {
    const { clusters, contradictions } = alignClaims([item(s, 'Other Daily'), item(ASSERTS, 'First Post')]);
    const c = clusters.find((k) => k.kind === 'relation' && /supplies-arms/.test(k.label))!;
    assert.equal(c.status, 'contested', s);
    assert.equal(c.origins, 1, `${s}: the denial is no support`);
    assert.ok(contradictions.some((x) => x.clusterId === c.id && x.type === 'asserted-denied'), s);
  }
  // Denying a sale to Peru says nothing about a sale to Chile.
  const other = alignClaims([item('Norway does not sell drones to Peru.', 'Other Daily'), item(ASSERTS, 'First Post')]);
  assert.equal(other.contradictions.length, 0);
});

test('polarity: a statement about another time is not opposed (a 1990s inability against a present supply)', () => {
  const past = item('In 1995 Norway did not sell drones to Chile.', 'Other Daily');
  const now = { ...item(ASSERTS, 'First Post') };
  now.article = { ...now.article, published: '2024-05-01' };
  const { contradictions } = alignClaims([past, now]);
  assert.equal(contradictions.length, 0);
});
