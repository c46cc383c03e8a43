import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArticle, createConfiguredPipeline } from '../../services/analyze.js';
import { makeArticle } from '../../storage/test-fixtures.js';

const pipeline = createConfiguredPipeline();
const codes = (a: ReturnType<typeof analyzeArticle>) => a.diagnostics.map((d) => `${d.analyzer}/${d.code}`);

test('events and relations say they are not computed for a language without their cues; claims say they read figures only', () => {
  // An invented report in Russian: a visit, an agreement and a figure.
  const ru = makeArticle(
    'Министр иностранных дел Вессании Арвид Толен посетил Карвению 12 марта 2025 года. Стороны подписали соглашение о поставках зерна на 40 миллионов долларов. Карвения и Вессания остаются союзниками.',
    { language: 'ru', published: '2025-03-13T08:00:00Z' },
  );
  const a = analyzeArticle(pipeline, ru);
  assert.deepEqual(a.findings.filter((f) => f.kind === 'event' || f.kind === 'relation'), []);
  for (const c of ['events/no-event-triggers', 'relations/no-relation-cues', 'claims/claims-figures-only']) assert.ok(codes(a).includes(c), c);
  assert.ok(a.diagnostics.find((d) => d.code === 'no-event-triggers')?.message.includes('"ru"'));
});

test('an English article gets its events and relations and none of these notes', () => {
  const en = makeArticle(
    'Vessanian Foreign Minister Arvid Tolen visited Karvenia on 12 March 2025. The two sides signed a grain supply agreement worth $40 million. Karvenia and Vessania remain allies.',
    { language: 'en', published: '2025-03-13T08:00:00Z' },
  );
  const a = analyzeArticle(pipeline, en);
  assert.ok(a.findings.some((f) => f.kind === 'event'), 'an event');
  assert.ok(!codes(a).some((c) => /no-event-triggers|no-relation-cues|claims-figures-only/.test(c)));
});
