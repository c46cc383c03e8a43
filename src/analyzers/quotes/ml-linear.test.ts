/**
 * Labels and quotes in the other languages are linear in the text: hostile shapes timed at N and 4N characters
 * (the fastest of three runs, after a warm-up). Linear is x4; the tests allow x8, so they fail on a quadratic part
 * (x16) but not on a busy machine. As src/analyzers/linear.test.ts, for the term-table readers alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastest } from '../../core/test-timing.js';
import { extractMultilingualLabels } from '../labels/multilingual.js';
import { extractMultilingualQuotes } from './multilingual.js';

function scales(name: string, lang: string, unit: (i: number) => string, n = 25_000): void {
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
    once(make(n / 2));
    const small = fastest(() => once(make(n)));
    const large = fastest(() => once(make(n * 4)));
    assert.ok(large < small * 8, `${n} chars: ${small.toFixed(1)} ms, ${n * 4} chars: ${large.toFixed(1)} ms`);
  });
}

// One endless sentence of quotations, reporting verbs and speakers: every quotation and every cue looks for its
// sentence, its nearest verb and its nearest speaker.
scales('quotations, verbs and names without a sentence end', 'ru', (i) => `«слово ${i} и ещё», — заявил Лавров, по словам Пескова, `);
scales('epithets, names and according-to forms in one sentence', 'fa', (i) => `رژیم صهیونیستی و لاوروف گفت که به گفته پسکوف ${i} `);
// Openers never closed: the quotation scanner must not hold them all.
scales('unclosed quotation marks', 'he', (i) => `„ "מילה ${i} `);
