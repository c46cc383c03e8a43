import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import type { ActorMentionFinding } from '../../core/finding.js';
import { nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer } from './index.js';
import { insideOutletName } from './outlet-names.js';

const pipeline = createPipeline([nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer]);
const ids = (text: string): string[] =>
  pipeline.run({ text }).findings.filter((f): f is ActorMentionFinding => f.kind === 'actor-mention').map((m) => `${m.evidence}=${m.actorId}`);

test('a state named inside an outlet name is not a mention of the state', () => {
  const found = ids('A reporter for Voice of America asked about the talks, and Iran International aired the exchange.');
  assert.ok(!found.some((x) => x.endsWith('=state:US')), found.join(', '));
  assert.ok(!found.some((x) => x.endsWith('=state:IR')), found.join(', '));
});

test('the same states named on their own are still mentions', () => {
  const found = ids('Officials from America and Iran met on Monday, a reporter said.');
  assert.ok(found.includes('America=state:US'), found.join(', '));
  assert.ok(found.includes('Iran=state:IR'), found.join(', '));
});

test('insideOutletName: inside a name, not the whole name, not outside', () => {
  const names = [{ start: 10, end: 26 }, { start: 40, end: 55 }];
  assert.equal(insideOutletName({ start: 20, end: 26 }, names), true);
  assert.equal(insideOutletName({ start: 10, end: 26 }, names), false, 'the whole name is the outlet itself');
  assert.equal(insideOutletName({ start: 30, end: 35 }, names), false);
  assert.equal(insideOutletName({ start: 50, end: 60 }, names), false, 'crossing the end is not inside');
});
