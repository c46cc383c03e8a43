import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, defineAnalyzer, PipelineError, renderMessage, type Analyzer } from './pipeline.js';
import { testAnalyzer } from './tester.js';

const words = defineAnalyzer({
  meta: { id: 'words', version: '1.0.0', requires: [], provides: ['words'], messages: {} },
  create() {
    return (ctx) => {
      const out: Array<{ start: number; end: number }> = [];
      for (const m of ctx.doc.text.matchAll(/\S+/g)) out.push({ start: m.index!, end: m.index! + m[0].length });
      ctx.provide('words', out);
    };
  },
});

const shouting = defineAnalyzer<{ min?: number }>({
  meta: { id: 'shouting', version: '1.0.0', requires: ['words'], provides: ['shouts'], messages: { shout: 'Shouts “{word}” ({n} letters)' } },
  create(options) {
    const min = options?.min ?? 3;
    return (ctx) => {
      const shouts: string[] = [];
      for (const w of ctx.get<Array<{ start: number; end: number }>>('words')) {
        const s = ctx.doc.text.slice(w.start, w.end);
        if (s.length >= min && /^[A-Z]+$/.test(s)) {
          shouts.push(s);
          ctx.report({ kind: 'shout', messageId: 'shout', span: w, voice: 'outlet', messageData: { word: s, n: s.length } });
        }
      }
      ctx.provide('shouts', shouts);
    };
  },
});

const counter = defineAnalyzer({
  meta: { id: 'counter', version: '2.0.0', requires: ['shouts'], provides: [], messages: { n: '{n} shouts' } },
  create() {
    return (ctx) => {
      const n = ctx.get<string[]>('shouts').length;
      if (n) ctx.report({ kind: 'count', messageId: 'n', span: { start: 0, end: 0 }, voice: 'outlet', messageData: { n } });
    };
  },
});

test('orders by requires/provides regardless of list order', () => {
  const p = createPipeline([counter, shouting, words] as Analyzer[]);
  assert.deepEqual(p.analyzers.map((a) => a.id), ['words', 'shouting', 'counter']);
  assert.deepEqual(p.versions, { words: '1.0.0', shouting: '1.0.0', counter: '2.0.0' });
});

test('refuses a missing provider, a cycle, duplicate ids and duplicate providers at build time', () => {
  assert.throws(() => createPipeline([shouting] as Analyzer[]), PipelineError);
  const a = defineAnalyzer({ meta: { id: 'a', version: '1', requires: ['y'], provides: ['x'], messages: {} }, create: () => () => {} });
  const b = defineAnalyzer({ meta: { id: 'b', version: '1', requires: ['x'], provides: ['y'], messages: {} }, create: () => () => {} });
  assert.throws(() => createPipeline([a, b] as Analyzer[]), /cycle/);
  assert.throws(() => createPipeline([words, words] as Analyzer[]), /duplicate analyzer id/);
  const w2 = defineAnalyzer({ meta: { id: 'w2', version: '1', requires: [], provides: ['words'], messages: {} }, create: () => () => {} });
  assert.throws(() => createPipeline([words, w2] as Analyzer[]), /provided by both/);
  assert.throws(() => createPipeline([words] as Analyzer[], { nope: {} }), /unknown analyzer/);
  assert.throws(() => defineAnalyzer({ meta: { id: 'Bad Id', version: '1', requires: [], provides: [], messages: {} }, create: () => () => {} }), PipelineError);
});

test('fills id, analyzer, evidence and message; ids are deterministic', () => {
  const p = createPipeline([words, shouting, counter] as Analyzer[], { shouting: { min: 2 } });
  const text = 'We said NO and NO again, LOUDLY.';
  const r = p.run({ text, articleId: 'x1' });
  assert.equal(r.articleId, 'x1');
  assert.equal(r.textHash.length, 64);
  const shouts = r.findings.filter((f) => f.analyzer === 'shouting');
  assert.deepEqual(shouts.map((f) => f.evidence), ['NO', 'NO'], '"LOUDLY." carries punctuation');
  assert.equal(shouts[0].message, 'Shouts “NO” (2 letters)');
  assert.equal(shouts[0].id, 'shouting:shout:8-10');
  assert.deepEqual(p.run({ text }).findings, r.findings);
  assert.equal(r.findings.find((f) => f.analyzer === 'counter')?.message, '2 shouts');
  assert.ok(typeof r.timings.words === 'number' && typeof r.timings.counter === 'number');
});

test('a throwing analyzer becomes a diagnostic and its dependents are skipped', () => {
  const boom = defineAnalyzer({
    meta: { id: 'shouting', version: '1', requires: ['words'], provides: ['shouts'], messages: { m: 'm' } },
    create: () => (ctx) => {
      ctx.report({ kind: 'k', messageId: 'm', span: { start: 0, end: 1 }, voice: 'outlet' });
      throw new Error('bad article');
    },
  });
  const other = defineAnalyzer({
    meta: { id: 'other', version: '1', requires: ['words'], provides: [], messages: { m: 'word' } },
    create: () => (ctx) => {
      ctx.report({ kind: 'w', messageId: 'm', span: ctx.get<Array<{ start: number; end: number }>>('words')[0], voice: 'outlet' });
    },
  });
  const r = createPipeline([words, boom, counter, other] as Analyzer[]).run({ text: 'Hello there' });
  assert.deepEqual(r.diagnostics.map((d) => [d.analyzer, d.severity, d.code]), [
    ['shouting', 'error', 'analyzer-failed'],
    ['counter', 'warning', 'analyzer-skipped'],
  ]);
  assert.match(r.diagnostics[0].message, /bad article/);
  assert.match(r.diagnostics[1].message, /shouting/);
  assert.deepEqual(r.findings.map((f) => f.analyzer), ['other'], 'partial output of the failed analyzer is dropped');
});

test('report refuses spans outside the text and unknown message ids; get refuses undeclared products', () => {
  const mk = (fn: Parameters<typeof defineAnalyzer>[0]['create']) =>
    createPipeline([words, defineAnalyzer({ meta: { id: 'x', version: '1', requires: ['words'], provides: [], messages: { ok: 'ok' } }, create: fn })] as Analyzer[]);
  const out = mk(() => (ctx) => void ctx.report({ kind: 'k', messageId: 'ok', span: { start: 0, end: 99 }, voice: 'outlet' })).run({ text: 'short' });
  assert.match(out.diagnostics[0].message, /outside the text/);
  const bad = mk(() => (ctx) => void ctx.report({ kind: 'k', messageId: 'nope', span: { start: 0, end: 1 }, voice: 'outlet' })).run({ text: 'short' });
  assert.match(bad.diagnostics[0].message, /unknown messageId/);
  const undeclared = mk(() => (ctx) => void ctx.get('shouts')).run({ text: 'short' });
  assert.match(undeclared.diagnostics[0].message, /without declaring/);
});

test('renderMessage keeps unknown placeholders visible', () => {
  assert.equal(renderMessage('{a} and {b}', { a: 1 }), '1 and {b}');
});

testAnalyzer(shouting as Analyzer, {
  requires: [words as Analyzer],
  valid: [{ text: 'Nothing loud here.' }, { text: 'Ok no.' }],
  invalid: [
    { text: 'Stop that NOISE now', expect: [{ kind: 'shout', evidence: 'NOISE', span: { start: 10, end: 15 } }] },
    { text: 'ABC and DEF', expect: (fs) => assert.equal(fs.length, 2) },
  ],
});
