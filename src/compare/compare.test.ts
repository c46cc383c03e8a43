import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../core/article.js';
import type { ActorKind, Analysis, Connotation, Finding, FindingKind, FindingOf, LabelType, RelationFinding } from '../core/finding.js';
import { testFinding } from '../core/test-findings.js';
import { makeArticle } from '../storage/test-fixtures.js';
import { alignClaims } from './claims-align.js';
import { compare, type CompareItem } from './index.js';
import { findOmissions } from './omissions.js';
import { originOf, republicationMap } from './republications.js';
import { clusterStories } from './stories.js';

// Invented outlets, states and sentences (Ostrava Daily, Karst Herald, ...): nothing here is copied from anywhere.

let seq = 0;
function finding<K extends FindingKind>(text: string, words: string, kind: K, extra: Partial<FindingOf<K>> = {}, voice: Finding['voice'] = 'outlet'): FindingOf<K> {
  const start = text.indexOf(words);
  assert.ok(start >= 0, `"${words}" not in the text`);
  return testFinding(kind, { id: `t:${kind}:${seq++}`, analyzer: 't', messageId: kind, span: { start, end: start + words.length }, evidence: words, voice, ...extra });
}
function item(text: string, meta: Partial<Article>, findings: (text: string) => Finding[]): CompareItem {
  const article = makeArticle(text, meta);
  const analysis: Analysis = { schemaVersion: '1.0.0', articleId: article.id, textHash: article.textHash, findings: findings(text), diagnostics: [], versions: {}, timings: {} };
  return { article, analysis };
}
const mention = (text: string, words: string, actorId: string, canonical: string, kind: ActorKind = 'state') =>
  finding(text, words, 'actor-mention', { actorId, actorKind: kind, canonical, label: words, labelNormalized: words.toLowerCase(), labelType: 'name' });
const label = (text: string, words: string, actorId: string, canonical: string, connotation: Connotation, labelType: LabelType = 'name') =>
  finding(text, words, 'label', { actorId, actorKind: 'state', canonical, label: words, labelNormalized: words.toLowerCase().replace(/^the /, ''), labelType, connotation, cue: connotation === 'neutral' ? null : 'regime', linkedBy: 'gazetteer' });
const figure = (text: string, words: string, value: number, claimKey: string) => finding(text, words, 'figure', { value, unit: 'people', claimKey, measure: { text: 'people killed at the ford', span: { start: 0, end: 1 }, relation: 'counted' }, period: null });
const nameOf = (id: string) => id.replace('state:x-', '').replace(/^./, (c) => c.toUpperCase());
const party = (id: string): RelationFinding['source'] => ({ actorId: id, canonical: nameOf(id), actorKind: 'state', label: nameOf(id), span: { start: 0, end: 1 }, resolvedBy: 'mention' });
const relation = (text: string, words: string, a: string, b: string, polarity: RelationFinding['polarity'], extra: Partial<RelationFinding> = {}) =>
  finding(text, words, 'relation', {
    relation: 'relations',
    source: party(a),
    target: party(b),
    symmetric: true,
    polarity,
    negated: false,
    hedged: false,
    ...extra,
  });

const T1 = 'Ostrava said four people were killed at the ford. Ties between Ostrava and Karst are solid, the minister said.';
const T2 = 'Monitors counted two people killed at the ford. Relations between Karst and Ostrava remain badly strained.';
const T3 = 'Monitors counted two people killed at the ford, a wire report said. Relations between Karst and Ostrava remain badly strained.';
const T4 = 'The regime in Ostrava sent troops to the ford. The regime lies, and Karst knows it.';

function corpus(): CompareItem[] {
  const a = item(T1, { outlet: 'Ostrava Daily', group: 'Ostravan media', published: '2024-05-01', title: 'Four killed at the ford' }, (t) => [
    mention(t, 'Ostrava', 'state:x-ostrava', 'Ostrava'),
    label(t, 'Ostrava', 'state:x-ostrava', 'Ostrava', 'neutral'),
    mention(t, 'Karst', 'state:x-karst', 'Karst'),
    label(t, 'Karst', 'state:x-karst', 'Karst', 'neutral'),
    figure(t, 'four people', 4, 'killed|people|2024-05'),
    relation(t, 'Ties between Ostrava and Karst are solid', 'state:x-ostrava', 'state:x-karst', 1),
  ]);
  const b = item(T2, { outlet: 'Wire Service', group: 'Independent', published: '2024-05-01', title: 'Two killed at the ford, monitors say' }, (t) => [
    mention(t, 'Karst', 'state:x-karst', 'Karst'),
    mention(t, 'Ostrava', 'state:x-ostrava', 'Ostrava'),
    label(t, 'Ostrava', 'state:x-ostrava', 'Ostrava', 'neutral'),
    figure(t, 'two people', 2, 'killed|people|2024-05'),
    relation(t, 'Relations between Karst and Ostrava remain badly strained', 'state:x-karst', 'state:x-ostrava', -1),
  ]);
  // A copy of b (republished): its figure must not count as a second origin.
  const c = item(T3, { outlet: 'Karst Herald', group: 'Karst media', published: '2024-05-02', title: 'Monitors: two dead', byline: 'Wire Service' }, (t) => [
    mention(t, 'Karst', 'state:x-karst', 'Karst'),
    mention(t, 'Ostrava', 'state:x-ostrava', 'Ostrava'),
    label(t, 'Ostrava', 'state:x-ostrava', 'Ostrava', 'neutral'),
    figure(t, 'two people', 2, 'killed|people|2024-05'),
    relation(t, 'Relations between Karst and Ostrava remain badly strained', 'state:x-karst', 'state:x-ostrava', -1),
  ]);
  c.article.republishedFrom = b.article.id;
  c.article.republication = { from: b.article.id, similarity: 0.9, signals: ['near-duplicate', 'wire-byline:Wire Service'] };
  const d = item(T4, { outlet: 'Karst Herald', group: 'Karst media', published: '2024-05-02', title: 'Troops at the ford' }, (t) => [
    mention(t, 'Ostrava', 'state:x-ostrava', 'Ostrava'),
    label(t, 'The regime in Ostrava', 'state:x-ostrava', 'Ostrava', 'pejorative', 'epithet'),
    label(t, 'The regime lies', 'state:x-ostrava', 'Ostrava', 'pejorative', 'epithet'),
    mention(t, 'Karst', 'state:x-karst', 'Karst'),
  ]);
  return [a, b, c, d];
}

test('origins: a copy counts as its original; a wire byline without the original counts as the agency', () => {
  const items = corpus();
  const byId = new Map(items.map((i) => [i.article.id, i.article]));
  assert.equal(originOf(items[2].article, byId), items[1].article.id);
  const lone = makeArticle('Some text about the ford.', { republication: { from: null, similarity: null, signals: ['wire-byline:Wire Service'] } });
  assert.equal(originOf(lone, new Map([[lone.id, lone]])), 'wire:wire service');
  assert.equal(originOf(items[0].article, byId), items[0].article.id);
});

test('claims: different figures for one quantity are detected as a contradiction with both sides and their sources', () => {
  const { clusters, contradictions } = alignClaims(corpus());
  const killed = clusters.find((c) => c.kind === 'figure')!;
  assert.equal(killed.status, 'contested');
  assert.equal(killed.origins, 2, 'the republished copy is not an independent origin');
  assert.equal(killed.sources.length, 3);
  const x = contradictions.find((c) => c.clusterId === killed.id)!;
  assert.equal(x.type, 'different-figures');
  assert.deepEqual(x.sides.map((s) => s.position), ['2 people', '4 people']);
  assert.deepEqual(x.sides.map((s) => s.origins), [1, 1]);
  for (const s of killed.sources) assert.ok(s.evidence.endsWith('people'));
});

test('claims: opposite polarity for one symmetric relation is contested; agreement is corroborated; hedged is not a contradiction', () => {
  const items = corpus();
  const { clusters } = alignClaims(items);
  const rel = clusters.find((c) => c.kind === 'relation')!;
  assert.equal(rel.status, 'contested', 'solid vs strained');
  assert.deepEqual(rel.actorIds, ['state:x-karst', 'state:x-ostrava']);
  // Without the positive source, the two negative ones (one origin) are single-source.
  const only = alignClaims(items.slice(1, 3)).clusters.find((c) => c.kind === 'relation')!;
  assert.equal(only.status, 'single-source');
  // Same figure in two independent articles: corroborated.
  const two = alignClaims([items[1], items[2]].map((i, n) => (n === 1 ? { ...i, article: { ...i.article, republishedFrom: null, republication: null } } : i)));
  assert.equal(two.clusters.find((c) => c.kind === 'figure')!.status, 'corroborated');
  // A hedged positive ("ties are expected to improve") does not contest.
  const hedged = corpus();
  hedged[0].analysis.findings = hedged[0].analysis.findings.map((f) => (f.kind === 'relation' ? { ...f, hedged: true } : f));
  assert.notEqual(alignClaims(hedged).clusters.find((c) => c.kind === 'relation')!.status, 'contested');
});

test('claims: an asserted and a negated relation are asserted-denied between two outlets, never within one', () => {
  const items = corpus().slice(1, 2);
  const t = 'Karst does not supply arms to Ostrava. Karst supplies arms to Ostrava, the paper wrote.';
  const deny = (tx: string) => relation(tx, 'Karst does not supply arms to Ostrava', 'state:x-karst', 'state:x-ostrava', 1, { relation: 'supplies-arms', symmetric: false, negated: true });
  const assert_ = (tx: string) => relation(tx, 'Karst supplies arms to Ostrava, the paper wrote', 'state:x-karst', 'state:x-ostrava', 1, { relation: 'supplies-arms', symmetric: false });
  const rels = (tx: string) => [deny(tx), assert_(tx)];
  // One article reporting both (the denial and the claim it denies) is a dispute it reports, not two outlets disagreeing.
  const within = alignClaims([...items, item(t, { outlet: 'Other', group: 'Other' }, rels)]);
  assert.equal(within.clusters.find((c) => c.label.includes('supplies-arms'))!.status, 'single-source');
  assert.equal(within.contradictions.length, 0);
  const denies = item('Karst does not supply arms to Ostrava.', { outlet: 'Other', group: 'Other' }, (tx) => [deny(tx)]);
  const asserts = item('Karst supplies arms to Ostrava, the paper wrote.', { outlet: 'Third', group: 'Other' }, (tx) => [assert_(tx)]);
  const { clusters, contradictions } = alignClaims([...items, denies, asserts]);
  const arms = clusters.find((c) => c.label.includes('supplies-arms'))!;
  assert.equal(arms.status, 'contested');
  const x = contradictions.find((c) => c.clusterId === arms.id)!;
  assert.equal(x.type, 'asserted-denied');
  assert.deepEqual(x.outlets, ['Third', 'Other']);
  assert.equal(x.pair.a.sentence, 'Karst supplies arms to Ostrava, the paper wrote.');
  assert.equal(arms.statement, 'Karst supplies arms to Ostrava');
  assert.match(arms.label, /Karst → Ostrava/);
});

test('omissions: what other groups report with enough independent origins, and this one never mentions', () => {
  const items = corpus();
  const byId = new Map(items.map((i) => [i.article.id, i.article]));
  const { clusters } = alignClaims(items);
  const om = findOmissions(items, clusters, { by: 'group', minSupport: 2, originOf: (id) => originOf(byId.get(id)!, byId) });
  const karst = om.find((o) => o.column === 'Karst media')!;
  assert.equal(karst.items.length, 0, 'Karst media mentions everything');
  // Ostravan media never states the relation? It does. Drop its figure: now the figure is an omission of it.
  items[0].analysis.findings = items[0].analysis.findings.filter((f) => f.kind !== 'figure');
  const om2 = findOmissions(items, alignClaims(items).clusters, { by: 'group', minSupport: 2, originOf: (id) => originOf(byId.get(id)!, byId) });
  const ost = om2.find((o) => o.column === 'Ostravan media')!;
  assert.equal(ost.items.length, 0, 'the figure has one independent origin elsewhere (wire + its copy): below minSupport');
  const om3 = findOmissions(items, alignClaims(items).clusters, { by: 'group', minSupport: 1, originOf: (id) => originOf(byId.get(id)!, byId) });
  const fig = om3.find((o) => o.column === 'Ostravan media')!.items.find((i) => i.type === 'claim')!;
  assert.equal(fig.support, 1);
  assert.deepEqual(fig.reportedBy, ['Independent', 'Karst media']);
  assert.ok(fig.evidence.every((e) => e.evidence === 'two people'));
});

test('republication map: kept share, added share, retitled, re-labelled', () => {
  const items = corpus();
  const [link] = republicationMap(items);
  assert.equal(link.articleId, items[2].article.id);
  assert.equal(link.originalId, items[1].article.id);
  assert.equal(link.wire, 'Wire Service');
  assert.equal(link.retitled, true);
  assert.ok(link.kept! > 0.6 && link.kept! < 1, `kept ${link.kept}`);
  assert.ok(link.added! > 0);
  assert.equal(link.trimmed, true);
  assert.deepEqual(link.relabelled, []);
  // Re-label Ostrava in the copy.
  items[2].analysis.findings = items[2].analysis.findings.map((f) => (f.kind === 'label' ? { ...f, labelNormalized: 'ostravan regime', connotation: 'pejorative' as const } : f));
  const [l2] = republicationMap(items);
  assert.deepEqual(l2.relabelled, [{ actorId: 'state:x-ostrava', canonical: 'Ostrava', onlyInCopy: ['ostravan regime'], onlyInOriginal: ['ostrava'] }]);
});

test('stories: a copy joins its original; overrides by article id or source path win', () => {
  const items = corpus();
  const stories = clusterStories(items);
  const withCopy = stories.find((s) => s.articleIds.includes(items[2].article.id))!;
  assert.ok(withCopy.articleIds.includes(items[1].article.id));
  items[3].article.source = '/data/herald/troops.txt';
  const over = clusterStories(items, { overrides: { [items[0].article.id]: 'ford', 'herald/troops.txt': 'ford' } });
  const ford = over.find((s) => s.id === 'ford')!;
  assert.equal(ford.override, true);
  assert.deepEqual(ford.articleIds, [items[0].article.id, items[3].article.id].sort());
  assert.ok(over.filter((s) => !s.override).every((s) => /^s\d+$/.test(s.id)));
});

test('compare(): pure, deterministic, label contrast between groups, story filter', () => {
  const items = corpus();
  const before = JSON.stringify(items);
  const a = compare({ items });
  const b = compare({ items });
  assert.deepEqual(a, b);
  assert.equal(JSON.stringify(items), before, 'input not mutated');
  assert.equal(a.by, 'group');
  assert.equal(a.counts.articles, 4);
  assert.equal(a.contradictions.length, 2);
  assert.equal(a.contrasts.find((c) => c.actorId === 'state:x-ostrava'), undefined, 'one label per column is below the default support');
  const ostrava = compare({ items }, { minSupport: 1 }).contrasts.find((c) => c.actorId === 'state:x-ostrava')!;
  assert.ok(ostrava.labels && ostrava.labels.contrast > 0, 'Karst media calls Ostrava "regime", the others "Ostrava"');
  assert.equal(ostrava.labels.distinctive['Karst media'][0].connotation, 'pejorative');
  const byOutlet = compare({ items }, { by: 'outlet' });
  assert.deepEqual(byOutlet.outlets.map((o) => o.name).sort(), ['Karst Herald', 'Ostrava Daily', 'Wire Service']);
  const story = a.stories[0].id;
  const one = compare({ items }, { story });
  assert.equal(one.story, story);
  assert.equal(one.counts.articles, a.stories[0].articleIds.length);
  assert.equal(compare({ items }, { story: 'nope' }).counts.articles, 0);
});

test('claims: a finding marked hypothetical or conditional (modality/status) is hedged: no support, no side', () => {
  const items = corpus();
  for (const modality of ['hypothetical', 'conditional']) {
    const t = 'Karst would supply arms to Ostrava if asked.';
    const cond = item(t, { outlet: 'Other', group: 'Other' }, (tx) => [relation(tx, 'Karst would supply arms to Ostrava if asked', 'state:x-karst', 'state:x-ostrava', 1, { relation: 'supplies-arms', symmetric: false, data: { modality } })]);
    const firm = item('Karst supplies arms to Ostrava.', { outlet: 'Third', group: 'Other' }, (tx) => [relation(tx, 'Karst supplies arms to Ostrava', 'state:x-karst', 'state:x-ostrava', 1, { relation: 'supplies-arms', symmetric: false })]);
    const arms = alignClaims([...items.slice(0, 1), cond, firm]).clusters.find((c) => c.label.includes('supplies-arms'))!;
    assert.equal(arms.origins, 1, modality);
    assert.ok(arms.sources.find((s) => s.outlet === 'Other')!.hedged, modality);
  }
});
