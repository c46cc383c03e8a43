import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis, Finding } from '../core/finding.js';
import { outletColumn, UNKNOWN_OUTLET } from '../core/article.js';
import { makeArticle } from '../storage/test-fixtures.js';
import { compare, type CompareItem } from './index.js';

// Invented texts and outlets. Two articles whose outlet was not found must stay two columns, each named so a
// reader can tell them apart, and never shown as "?".

function mention(text: string, words: string): Finding {
  const start = text.indexOf(words);
  return {
    id: `m:${start}`, analyzer: 'actors', kind: 'actor-mention', messageId: 'mention', span: { start, end: start + words.length }, evidence: words,
    voice: 'outlet', actorId: 'state:x-tolmar', actorKind: 'state', canonical: 'Tolmar', label: words, labelNormalized: words.toLowerCase(), labelType: 'name',
  };
}
function item(text: string, meta: Parameters<typeof makeArticle>[1]): CompareItem {
  const article = makeArticle(text, meta);
  const analysis: Analysis = { schemaVersion: '1.0.0', articleId: article.id, textHash: article.textHash, findings: [mention(text, 'Tolmar')], diagnostics: [], versions: {}, timings: {} };
  return { article, analysis };
}

test('outletColumn: the outlet when known, else a column of its own named by title and id', () => {
  assert.equal(outletColumn({ id: 'abcdef0123', outlet: 'Karst Herald', title: 'x' }), 'Karst Herald');
  assert.equal(outletColumn({ id: 'abcdef0123', outlet: null, title: 'Tolmar  closes\nthe ford' }), `${UNKNOWN_OUTLET} (Tolmar closes the ford, abcdef)`);
  assert.equal(outletColumn({ id: 'abcdef0123', outlet: null, title: null }), `${UNKNOWN_OUTLET} (abcdef)`);
  const long = outletColumn({ id: 'abcdef0123', outlet: null, title: 'A very long headline about Tolmar that goes on and on for a while' });
  assert.ok(long.length < 70 && long.includes('…'), long);
});

test('compare: two articles of unknown outlet are two columns, not one "(unknown)"', () => {
  const items = [
    item('Tolmar closed the ford on Monday, officials in the capital said.', { outlet: null, title: 'Tolmar closes the ford' }),
    item('Analysts expect Tolmar to reopen the ford before the harvest.', { outlet: null, title: 'When will the ford reopen?' }),
    item('Tolmar says the ford stays shut.', { outlet: 'Karst Herald', title: 'Ford stays shut' }),
  ];
  const cmp = compare({ items }, { by: 'outlet' });
  const names = cmp.outlets.map((o) => o.name).sort();
  assert.equal(names.length, 3, names.join(' | '));
  assert.ok(names.includes('Karst Herald'));
  assert.equal(names.filter((n) => n.startsWith(`${UNKNOWN_OUTLET} (`)).length, 2, names.join(' | '));
  assert.ok(!names.some((n) => n === '?' || n === '(unknown)' || n === '(unknown outlet)'));
  // The article list names the same column as the outlet summaries, so the report can match them.
  for (const a of cmp.articles) assert.ok(names.includes(a.outlet ?? ''), `${a.outlet} not a column`);
});

test('compare names unknown outlets by cited source or byline the same way in every part, and keeps them apart', () => {
  const irna = { name: 'Islamic Republic News Agency', id: 'irna', via: 'title' as const, mention: 'IRNA' };
  const items = [
    item('Tolmar closed the ford on Monday, IRNA reported.', { outlet: null, title: 'IRNA: Tolmar closes the ford', citedSources: [irna] }),
    item('Analysts expect Tolmar to reopen the ford before the harvest.', { outlet: null, title: 'When will the ford reopen?', byline: 'H. Someone' }),
    item('Tolmar will keep the ford shut, the analyst argues.', { outlet: null, title: 'The ford stays shut', byline: 'H. Someone' }),
  ];
  const cmp = compare({ items }, { by: 'outlet' });
  const names = cmp.outlets.map((o) => o.name).sort();
  assert.equal(names.length, 3, names.join(' | '));
  assert.ok(names.some((n) => /^unknown outlet \(citing IRNA: Tolmar closes the ford, [0-9a-f]{6}\)$/.test(n)), names.join(' | '));
  assert.equal(names.filter((n) => /^unknown outlet \(by H\. Someone, [0-9a-f]{6}\)$/.test(n)).length, 2, names.join(' | '));
  for (const a of cmp.articles) assert.ok(names.includes(a.outlet ?? ''), `${a.outlet} not a column`);
  for (const o of cmp.omissions) assert.ok(names.includes(o.column), `omissions column ${o.column} not a column`);
});
