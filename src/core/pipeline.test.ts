import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, cutAt, defineAnalyzer, DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET_MS, PipelineError, renderMessage, type Analyzer } from './pipeline.js';
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

test('an article over limits.maxChars is analysed on its first characters, cut at a line or a space, with a warning', () => {
  const p = createPipeline([words, shouting] as Analyzer[], { shouting: { min: 2 } }, { maxChars: 100 });
  const line = 'We said NO to the plan. ';
  const text = `${line.repeat(3)}\n${line.repeat(3)}LATE SHOUTS HERE`; // 72 + 1 + 72 + 16 = 161; a space at 99
  const r = p.run({ text, articleId: 'big' });
  assert.deepEqual(r.diagnostics, [
    { analyzer: 'pipeline', severity: 'warning', code: 'article-truncated', message: 'article has 161 characters, more than the limit of 100: only the first 100 were analysed' },
  ]);
  assert.deepEqual(r.findings.map((f) => f.evidence), ['NO', 'NO', 'NO', 'NO'], 'findings from the first 100 characters only');
  for (const f of r.findings) assert.equal(text.slice(f.span.start, f.span.end), f.evidence, 'spans are offsets into the full text');
  assert.equal(r.textHash, createPipeline([words] as Analyzer[]).run({ text }).textHash, 'the hash is of the full text');
  assert.equal(createPipeline([words] as Analyzer[], {}, { maxChars: 0 }).run({ text: 'x'.repeat(DEFAULT_MAX_CHARS + 1) }).diagnostics.length, 0, '0 = no limit');
  assert.equal(createPipeline([words] as Analyzer[], {}, { maxChars: 161 }).run({ text }).diagnostics.length, 0, 'at the limit: whole');
});

test('cutAt prefers a line break, then a space, in the final tenth, and never splits a surrogate pair', () => {
  assert.equal(cutAt('aaaa\nbbbbbbbbbbbbbbbbbbbb', 20), 20, 'a line break before the final tenth does not count');
  assert.equal(cutAt(`${'a'.repeat(18)}\nbb cc`, 20), 19);
  assert.equal(cutAt(`${'a'.repeat(18)} bbbb`, 20), 19);
  assert.equal(cutAt(`${'a'.repeat(19)}😀`, 20), 19);
  assert.equal(cutAt('a'.repeat(30), 20), 20);
});

test('the time budget is checked between analyzers: the rest is skipped with an error diagnostic, earlier findings kept', () => {
  const slow = defineAnalyzer({
    meta: { id: 'slow', version: '1', requires: ['shouts'], provides: ['slow'], messages: {} },
    create: () => (ctx) => {
      const until = performance.now() + 60;
      while (performance.now() < until); // busy: an analyzer is never interrupted
      ctx.provide('slow', true);
    },
  });
  const after = defineAnalyzer({ meta: { id: 'after', version: '1', requires: ['slow'], provides: [], messages: { m: 'm' } }, create: () => (ctx) => void ctx.report({ kind: 'x', messageId: 'm', span: { start: 0, end: 1 } }) });
  const p = createPipeline([words, shouting, slow, after, counter] as Analyzer[], { shouting: { min: 2 } }, { timeBudgetMs: 30 });
  assert.deepEqual(p.limits, { maxChars: DEFAULT_MAX_CHARS, timeBudgetMs: 30 });
  const r = p.run({ text: 'We said NO and NO again.' });
  assert.deepEqual(r.findings.map((f) => f.analyzer), ['shouting', 'shouting'], 'shouting ran before the budget was spent');
  assert.deepEqual(r.diagnostics, [
    { analyzer: 'pipeline', severity: 'error', code: 'budget-exceeded', message: 'analysis budget of 0.03 s exceeded at analyzer slow; not run: after, counter' },
  ]);
  const fast = createPipeline([words, shouting, counter] as Analyzer[]);
  assert.equal(fast.limits.timeBudgetMs, DEFAULT_TIME_BUDGET_MS);
  assert.deepEqual(fast.run({ text: 'NO' }).diagnostics, []);
  assert.throws(() => createPipeline([words] as Analyzer[], {}, { timeBudgetMs: -1 }), /limits.timeBudgetMs must be a non-negative number/);
  assert.throws(() => createPipeline([words] as Analyzer[], {}, { maxChars: Number.NaN }), /limits.maxChars/);
});
