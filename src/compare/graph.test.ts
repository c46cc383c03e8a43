import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, RelationFinding } from '../core/finding.js';
import { testFinding } from '../core/test-findings.js';
import { relationGraph, type GraphItem } from './graph.js';

type End = { actorId: string; actorKind: 'state' | 'person'; canonical: string; stateId?: string };
const IL: End = { actorId: 'state:IL', actorKind: 'state', canonical: 'Israel', stateId: 'state:IL' };
const AZ: End = { actorId: 'state:AZ', actorKind: 'state', canonical: 'Azerbaijan', stateId: 'state:AZ' };
const IR: End = { actorId: 'state:IR', actorKind: 'state', canonical: 'Iran', stateId: 'state:IR' };
const PM: End = { actorId: 'person:netanyahu', actorKind: 'person', canonical: 'Netanyahu', stateId: 'state:IL' };

let n = 0;
function relation(source: End, relationType: string, target: End, o: Partial<RelationFinding> = {}): RelationFinding {
  n++;
  const party = (e: End) => ({ ...e, label: e.canonical, span: { start: 0, end: 1 }, resolvedBy: 'mention' });
  return {
    id: `relations:relation:${n}`,
    analyzer: 'relations',
    kind: 'relation',
    messageId: 'relation',
    span: { start: n, end: n + 10 },
    evidence: `sentence ${n}`,
    voice: 'outlet',
    confidence: 0.8,
    relation: relationType,
    source: party(source),
    target: party(target),
    symmetric: ['allies', 'relations'].includes(relationType),
    polarity: 1,
    negated: false,
    hedged: false,
    cue: 'cue',
    time: null,
    ...o,
  };
}
function mention(e: End, quoted = false): Finding {
  return testFinding('actor-mention', { id: `m${++n}`, analyzer: 'actors', messageId: 'mention', span: { start: 0, end: 1 }, evidence: 'x', voice: quoted ? { speaker: null } : 'outlet', ...e });
}

const items: GraphItem[] = [
  { articleId: 'a1', outlet: 'Wire', group: 'Independent', findings: [mention(IL), mention(AZ), mention(IL), relation(IL, 'supplies-arms', AZ), relation(AZ, 'relations', IR, { polarity: 1, time: { text: '2016', span: { start: 0, end: 4 }, value: '2016' } })] },
  { articleId: 'a2', outlet: 'Daily', group: 'Israeli', findings: [mention(AZ), relation(IL, 'supplies-arms', AZ), relation(IR, 'relations', AZ, { polarity: -1 }), relation(PM, 'visits', AZ)] },
  { articleId: 'a3', outlet: 'Agency', group: 'Iranian', findings: [relation(IL, 'threatens', IR, { voice: { speaker: null }, polarity: -1 }), relation(AZ, 'allies', IL, { negated: true })] },
];

test('edges: one per type, pair, polarity and negation; weights per outlet; evidence traced', () => {
  const g = relationGraph(items);
  const arms = g.edges.find((e) => e.type === 'supplies-arms')!;
  assert.equal(arms.source, 'state:IL');
  assert.equal(arms.target, 'state:AZ');
  assert.equal(arms.weight, 2);
  assert.deepEqual(arms.weights, { Wire: 1, Daily: 1 });
  assert.deepEqual(arms.outlets, ['Daily', 'Wire']);
  assert.deepEqual(arms.evidence.map((e) => e.articleId), ['a1', 'a2']);
  // Solid vs strained stay two edges, symmetric pairs in one order whatever the text order.
  const rels = g.edges.filter((e) => e.type === 'relations');
  assert.deepEqual(rels.map((e) => `${e.source}-${e.target}:${e.polarity}`).sort(), ['state:AZ-state:IR:-1', 'state:AZ-state:IR:1']);
  assert.deepEqual(rels.find((e) => e.polarity === 1)!.times, ['2016']);
  const neg = g.edges.find((e) => e.type === 'allies')!;
  assert.equal(neg.negated, true);
});

test('own voice by default; quotes on request', () => {
  assert.equal(relationGraph(items).edges.some((e) => e.type === 'threatens'), false);
  const g = relationGraph(items, { includeQuotes: true });
  const t = g.edges.find((e) => e.type === 'threatens')!;
  assert.equal(t.evidence[0].quoted, true);
});

test('by group; excludeNegated; nodes with kinds, mention counts and degree', () => {
  const g = relationGraph(items, { by: 'group', excludeNegated: true });
  assert.equal(g.edges.some((e) => e.negated), false);
  assert.deepEqual(g.edges.find((e) => e.type === 'supplies-arms')!.weights, { Independent: 1, Israeli: 1 });
  const il = g.nodes.find((x) => x.id === 'state:IL')!;
  assert.equal(il.kind, 'state');
  assert.equal(il.mentions, 2);
  assert.deepEqual(il.mentionsBy, { Independent: 2 });
  assert.ok(g.columns.includes('Israeli'));
});

test('actor level keeps people; state level folds them into their state; remap merges ids', () => {
  assert.ok(relationGraph(items).nodes.some((x) => x.id === 'person:netanyahu'));
  const s = relationGraph(items, { level: 'state' });
  assert.equal(s.nodes.some((x) => x.kind === 'person'), false);
  assert.ok(s.edges.some((e) => e.type === 'visits' && e.source === 'state:IL' && e.target === 'state:AZ'));
  const r = relationGraph(items, { remap: { 'person:netanyahu': 'person:benjamin-netanyahu' }, names: { 'person:benjamin-netanyahu': 'Benjamin Netanyahu' } });
  const node = r.nodes.find((x) => x.id === 'person:benjamin-netanyahu')!;
  assert.equal(node.label, 'Benjamin Netanyahu');
});

test('empty corpus gives an empty graph', () => {
  assert.deepEqual(relationGraph([]), { by: 'outlet', level: 'actor', includeQuotes: false, columns: [], nodes: [], edges: [] });
});
