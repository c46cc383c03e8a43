/**
 * The analyzers are linear in the text (docs/pipeline.md#limits-what-one-article-may-cost): hostile shapes that
 * were quadratic, timed at N and 4N characters. Linear is x4; the tests allow x8 (the fastest of three runs each,
 * after a warm-up, at 25,000 and 100,000 characters: smaller texts were too noisy under load), so they fail on a quadratic part (x16) but not on a busy machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline } from '../core/pipeline.js';
import { defaultAnalyzers } from './index.js';
import { fastest } from '../core/test-timing.js';

const pipeline = createPipeline(defaultAnalyzers, {}, { maxChars: 0, timeBudgetMs: 0 });
pipeline.run({ text: 'Warm up: the minister said “we will wait” in Kessel on Monday.' });

function scales(name: string, unit: (i: number) => string, n = 25_000): void {
  test(`linear: ${name}`, () => {
    const make = (len: number) => {
      let t = '';
      for (let i = 0; t.length < len; i++) t += unit(i);
      return t.slice(0, len);
    };
    pipeline.run({ text: make(n / 2) });
    const small = fastest(() => pipeline.run({ text: make(n) }));
    const large = fastest(() => pipeline.run({ text: make(n * 4) }));
    assert.ok(large < small * 8, `${n} chars: ${small.toFixed(0)} ms, ${n * 4} chars: ${large.toFixed(0)} ms`);
  });
}

// One paragraph of short quotations and no period: every quotation read back to the paragraph's start for its
// speaker (claims, events) and scanned forward to the paragraph's end (quotes).
scales('a paragraph of quotations without periods', (i) => `“said ${i}” `);
// Attribution shapes without sentence ends: appositions, relative-pronoun speakers, parenthetical cues, colon
// turns and "asked whether" (quotes: each cue looks back and ahead a bounded number of tokens).
scales('attributions with appositions and colon turns without periods', (i) => `Ann Bo${i}, the aide, who said ${i}, told reporters on Friday he wants it, the plan, she said, and Cy: asked whether ${i} and `);
// Numbers and dates in one endless sentence: figures × time expressions per sentence (claims).
scales('figures and dates without sentence ends', (i) => `${i * 7}% of ${i} in ${1990 + (i % 30)} and on ${1 + (i % 28)} March `);
