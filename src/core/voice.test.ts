import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../index.js';
import type { Finding, LabelFinding, QuoteFinding, Voice } from './finding.js';
import { testFinding } from './test-findings.js';
import { repoRoot } from './test-seeds.js';
import { sameVoice, voiceAnchor, voiceAt, voiceRegions } from './voice.js';

const speaker = (v: Voice) => (v === 'outlet' ? 'outlet' : v.speaker);

test('voiceAt: inside a direct or partial quote is the speaker’s, indirect speech and containing sentences the outlet’s', () => {
  const q = (start: number, end: number, quoteType: QuoteFinding['quoteType'], who: string) =>
    testFinding('quote', { quoteType, span: { start, end }, speaker: who, actorId: `person:${who}` });
  const regions = voiceRegions([q(10, 50, 'direct', 'a'), q(20, 30, 'partial', 'b'), q(60, 90, 'indirect', 'c')]);
  assert.equal(speaker(voiceAt(regions, { start: 12, end: 18 })), 'a');
  assert.equal(speaker(voiceAt(regions, { start: 22, end: 28 })), 'b'); // innermost
  assert.equal(speaker(voiceAt(regions, { start: 5, end: 40 })), 'outlet'); // straddles the opening mark
  assert.equal(speaker(voiceAt(regions, { start: 65, end: 70 })), 'outlet'); // indirect speech: the outlet's wording
  assert.ok(sameVoice({ speaker: 'a', actorId: null }, { speaker: 'a' }));
});

test('a label inside a named speaker’s quote is the speaker’s, in labels, stance and techniques alike', () => {
  const text =
    'Foreign Minister Arno Velt of Vessany spoke in Ostrun on Monday. “The fake Karvenian regime is a gang of thieves and murderers,” Velt said. ' +
    'Karvenia rejected the remarks and recalled its envoy from Ostrun.';
  const a = analyze({ text, published: '2026-02-02' }, { actors: [{ name: 'Karvenia', kind: 'state', demonyms: ['Karvenian'] }, { name: 'Vessany', kind: 'state' }] });
  const inQuote = a.findings.filter((f) => f.kind !== 'quote' && f.span.start > text.indexOf('“') && f.span.end <= text.indexOf('”') + 1);
  assert.ok(inQuote.some((f) => f.kind === 'label' && /regime/.test(f.label)), 'the epithet is found');
  for (const f of inQuote) assert.match(String(speaker(f.voice)), /Velt/, `${f.kind} “${f.evidence}” is in ${JSON.stringify(f.voice)}`);
  const outside = a.findings.filter((f) => f.kind !== 'quote' && f.span.start >= text.indexOf('Karvenia rejected'));
  assert.ok(outside.length > 0);
  for (const f of outside) assert.equal(f.voice, 'outlet', `${f.kind} “${f.evidence}”`);
});

test('every finding of the example corpus carries the voice of the quote regions it lies in', (t) => {
  const dir = join(repoRoot(), 'examples', 'corpus');
  const config = JSON.parse(readFileSync(join(repoRoot(), 'examples', 'parallax.config.json'), 'utf8'));
  let checked = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
    const a = analyze(readFileSync(join(dir, name), 'utf8'), { actors: config.actors });
    const regions = voiceRegions(a.findings);
    for (const f of a.findings) {
      if (f.kind === 'quote') continue;
      checked++;
      assert.ok(sameVoice(f.voice, voiceAt(regions, voiceAnchor(f))), `${name}: ${f.kind} “${f.evidence}” ${JSON.stringify(f.voice)}`);
    }
  }
  if (!checked) t.skip('no plain-text example articles');
});

test('voiceAt and the claims analyzer’s regionAt are not quadratic in the number of quotations', async () => {
  // A text of thousands of short quotations (a JSON Lines file read as text, found by the long fuzz run) made both
  // scan every quotation for every finding. N against 4N quotations, every one queried: linear is x4, quadratic x16.
  const { regionAt } = await import('../analyzers/claims/voice.js');
  const { fastest } = await import('./test-timing.js');
  const cost = (n: number) => {
    const quotes: Finding[] = Array.from({ length: n }, (_, i) => testFinding('quote', { quoteType: 'direct', span: { start: i * 12, end: i * 12 + 8 }, speaker: null, actorId: null }));
    const index = voiceRegions(quotes);
    const regions = Array.from({ length: n }, (_, i) => ({ span: { start: i * 12, end: i * 12 + 8 }, contentSpan: { start: i * 12 + 1, end: i * 12 + 7 }, style: 'straight-double', depth: 0, paragraphs: 1 }));
    return fastest(() => {
      for (let i = 0; i < n; i++) {
        voiceAt(index, { start: i * 12 + 2, end: i * 12 + 5 });
        regionAt({ start: i * 12 + 2, end: i * 12 + 5 }, regions);
      }
    });
  };
  cost(2000);
  const small = cost(4000);
  const large = cost(16_000);
  assert.ok(large < Math.max(small, 1) * 8, `4,000 quotations ${small.toFixed(1)} ms, 16,000 quotations ${large.toFixed(1)} ms`);
});
