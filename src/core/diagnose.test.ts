import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, defineAnalyzer } from './pipeline.js';

const noting = defineAnalyzer<{ code?: string }>({
  meta: { id: 'noting', version: '1.0.0', description: 'records a diagnostic', requires: [], provides: ['n'], messages: {} },
  create: (o) => (ctx) => {
    ctx.diagnose(o?.code ?? 'no-lexicon', `nothing read in "${String(ctx.doc.language)}"`);
    ctx.provide('n', 1);
  },
});

test('ctx.diagnose adds an info diagnostic under the analyzer id; a bad code fails only that analyzer', () => {
  const a = createPipeline([noting]).run({ text: 'x', language: 'fa' });
  assert.deepEqual(a.diagnostics, [{ analyzer: 'noting', severity: 'info', code: 'no-lexicon', message: 'nothing read in "fa"' }]);
  const b = createPipeline([noting], { noting: { code: 'Bad Code' } }).run({ text: 'x' });
  assert.equal(b.diagnostics.length, 1);
  assert.equal(b.diagnostics[0]!.code, 'analyzer-failed');
  assert.match(b.diagnostics[0]!.message, /kebab-case/);
});
