import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connotation, LabelFinding, LabelType, Voice } from '../core/finding.js';
import { jensenShannon, labelMatrix, type LabelMatrixItem } from './labels.js';

let n = 0;
function lab(actorId: string, canonical: string, evidence: string, labelNormalized: string, opts: { connotation?: Connotation; labelType?: LabelType; voice?: Voice; cue?: string; at?: number } = {}): LabelFinding {
  const start = opts.at ?? (n += 20);
  return {
    id: `labels:label:${start}`,
    analyzer: 'labels',
    kind: 'label',
    messageId: 'epithet',
    span: { start, end: start + evidence.length },
    evidence,
    voice: opts.voice ?? 'outlet',
    actorId,
    actorKind: 'state',
    canonical,
    label: evidence,
    labelNormalized,
    labelType: opts.labelType ?? 'name',
    connotation: opts.connotation ?? 'neutral',
    cue: opts.cue ?? null,
    linkedBy: 'gazetteer',
  };
}

const XV = (e: string, norm: string, o?: Parameters<typeof lab>[4]) => lab('state:XV', 'Velgrad', e, norm, o);
const XL = (e: string, norm: string, o?: Parameters<typeof lab>[4]) => lab('state:XL', 'Lorinia', e, norm, o);
const clique = { connotation: 'pejorative' as const, labelType: 'epithet' as const, cue: 'clique' };

// Two outlets in two groups. The Lorinia Herald calls Velgrad "the Velgrad clique"; the Velgrad Post names it.
// Both name Lorinia plainly, so Lorinia has no contrast.
const items: LabelMatrixItem[] = [
  { articleId: 'a1', outlet: 'Lorinia Herald', group: 'lorinian', findings: [XV('the Velgrad clique', 'velgrad clique', clique), XV('Velgrad', 'velgrad'), XV('the Velgrad clique', 'velgrad clique', clique), XL('Lorinia', 'lorinia')] },
  { articleId: 'a2', outlet: 'Lorinia Herald', group: 'lorinian', findings: [XV('The Velgrad clique', 'velgrad clique', clique), XL('Lorinia', 'lorinia'), XV('“the regime”', 'regime', { ...clique, cue: 'regime', voice: { speaker: null } })] },
  { articleId: 'b1', outlet: 'Velgrad Post', group: 'velgradian', findings: [XV('Velgrad', 'velgrad'), XV('Velgrad', 'velgrad'), XV('Velgrad', 'velgrad'), XL('Lorinia', 'lorinia'), XL('Lorinia', 'lorinia')] },
  { articleId: 'b2', outlet: 'Velgrad Daily', group: 'velgradian', findings: [XV('Velgrad', 'velgrad'), { kind: 'stance', id: 'x', analyzer: 'stance', messageId: 'm', span: { start: 0, end: 1 }, evidence: 'V', voice: 'outlet', actorId: 'state:XV', canonical: 'Velgrad', polarity: 'neutral', score: 0, cues: [] }] },
];

describe('labelMatrix', () => {
  test('the contrasting actor comes first; every label traces back to its mentions', () => {
    const rows = labelMatrix(items, { by: 'outlet' });
    assert.deepEqual(rows.map((r) => r.actorId), ['state:XV', 'state:XL']);
    const [v, l] = rows;
    assert.ok(v.contrast > 0.3, `Velgrad contrast ${v.contrast}`);
    assert.equal(l.contrast, 0, 'both outlets name Lorinia the same way');
    const herald = v.columns['Lorinia Herald'];
    assert.equal(herald[0].label, 'velgrad clique');
    assert.equal(herald[0].count, 3);
    assert.equal(herald[0].connotation, 'pejorative');
    assert.equal(herald[0].cue, 'clique');
    assert.deepEqual(herald[0].forms, { 'the Velgrad clique': 2, 'The Velgrad clique': 1 });
    assert.deepEqual(herald[0].mentions.map((m) => m.articleId), ['a1', 'a1', 'a2']);
    for (const m of herald[0].mentions) assert.equal(m.span.end - m.span.start, m.evidence.length);
    assert.ok(herald[0].distinctiveness > 0);
    assert.equal(v.columns['Velgrad Post'][0].label, 'velgrad');
  });

  test('quoted labels are left out unless asked for', () => {
    const own = labelMatrix(items, { by: 'outlet', actor: 'state:XV' })[0];
    assert.ok(!own.columns['Lorinia Herald'].some((c) => c.label === 'regime'));
    const all = labelMatrix(items, { by: 'outlet', actor: 'state:XV', includeQuotes: true })[0];
    const q = all.columns['Lorinia Herald'].find((c) => c.label === 'regime');
    assert.ok(q);
    assert.equal(q.mentions[0].quoted, true);
  });

  test('minimum support: a column with one label is shown but not compared', () => {
    const rows = labelMatrix(items, { by: 'outlet', actor: 'state:XV' });
    assert.deepEqual(rows[0].support, { 'Lorinia Herald': 4, 'Velgrad Daily': 1, 'Velgrad Post': 3 });
    assert.deepEqual(rows[0].compared, ['Lorinia Herald', 'Velgrad Post']);
    assert.ok(rows[0].columns['Velgrad Daily']);
    const lone = labelMatrix([items[0], { ...items[2], findings: [XV('Velgrad', 'velgrad')] }], { by: 'outlet', actor: 'state:XV' });
    assert.equal(lone[0].contrast, 0, 'one mention does not make a contrast');
  });

  test('by group merges outlets of one perspective', () => {
    const rows = labelMatrix(items, { by: 'group', actor: 'state:XV' });
    assert.deepEqual(Object.keys(rows[0].columns), ['lorinian', 'velgradian']);
    assert.equal(rows[0].columns.velgradian[0].count, 4);
    // lorinian: clique 3/4, velgrad 1/4; velgradian: velgrad 4/4. H(M) − mean H = 0.954 − 0.406.
    assert.equal(rows[0].divergence, 0.549);
  });

  test('deterministic and pure', () => {
    const snapshot = JSON.stringify(items);
    const a = labelMatrix(items, { by: 'outlet' });
    assert.deepEqual(labelMatrix(items, { by: 'outlet' }), a);
    assert.equal(JSON.stringify(items), snapshot);
  });
});

describe('jensenShannon', () => {
  test('identical distributions score 0, disjoint ones 1', () => {
    assert.equal(jensenShannon([new Map([['a', 2], ['b', 2]]), new Map([['a', 5], ['b', 5]])]), 0);
    assert.equal(jensenShannon([new Map([['a', 3]]), new Map([['b', 1]])]), 1);
    assert.equal(jensenShannon([new Map([['a', 1]]), new Map([['b', 1]]), new Map([['c', 1]])]), 1);
    const half = jensenShannon([new Map([['a', 1], ['b', 1]]), new Map([['a', 1]])]);
    assert.ok(half > 0 && half < 1);
  });
});
