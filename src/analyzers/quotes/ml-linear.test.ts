/**
 * Labels and quotes in the other languages are linear in the text: hostile shapes timed at N and 4N characters
 * (the fastest of fifteen interleaved runs each, after a warm-up, at 10,000 and 40,000 characters: runs in a row
 * were too noisy on a loaded machine). Linear is x4 (measured x3.8 to x6, the rest garbage collection); the
 * tests allow x10, so they fail on a quadratic part (x16). As src/analyzers/linear.test.ts, for these readers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastest } from '../../core/test-timing.js';
import { extractMultilingualLabels } from '../labels/multilingual.js';
import { extractMultilingualQuotes } from './multilingual.js';

function scales(name: string, lang: string, unit: (i: number) => string, n = 10_000): void {
  test(`linear (${lang}): ${name}`, () => {
    const make = (len: number): string => {
      let t = '';
      for (let i = 0; t.length < len; i++) t += unit(i);
      return t.slice(0, len);
    };
    const once = (text: string): void => {
      extractMultilingualLabels({ text, mentions: [] }, lang);
      extractMultilingualQuotes({ text, lang, mentions: [] });
    };
    const a = make(n);
    const b = make(n * 4);
    once(a);
    // small and large runs interleaved, the fastest of each kept: a burst of load on the machine hits both alike
    let small = Infinity;
    let large = Infinity;
    for (let k = 0; k < 15; k++) {
      small = Math.min(small, fastest(() => once(a), 1));
      large = Math.min(large, fastest(() => once(b), 1));
    }
    assert.ok(large < small * 10, `${n} chars: ${small.toFixed(1)} ms, ${n * 4} chars: ${large.toFixed(1)} ms`);
  });
}

// One endless sentence of quotations, reporting verbs and speakers: every quotation and every cue looks for its
// sentence, its nearest verb and its nearest speaker.
scales('quotations, verbs and names without a sentence end', 'ru', (i) => `«слово ${i} и ещё», — заявил Лавров, по словам Пескова, `);
scales('epithets, names and according-to forms in one sentence', 'fa', (i) => `رژیم صهیونیستی و لاوروف گفت که به گفته پسکوف ${i} `);
// Openers never closed: the quotation scanner must not hold them all.
scales('unclosed quotation marks', 'he', (i) => `„ "מילה ${i} `);
