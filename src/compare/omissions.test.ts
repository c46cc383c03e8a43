import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../core/article.js';
import type { Analysis, Finding } from '../core/finding.js';
import { makeArticle } from '../storage/test-fixtures.js';
import { alignClaims } from './claims-align.js';
import { centralityOf, findOmissions } from './omissions.js';
import type { CompareItem } from './types.js';

// Invented outlets, states and sentences: nothing here is copied from anywhere.

let seq = 0;
/** An article whose actor mentions are every occurrence of the given names in its text. */
function art(text: string, meta: Partial<Article>, actors: Array<[string, string, string?]>): CompareItem {
  const article = makeArticle(text, meta);
  const findings: Finding[] = [];
  for (const [name, id, kind] of actors) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
      findings.push({ id: `t:${seq++}`, analyzer: 't', kind: 'actor-mention', messageId: 'm', span: { start: i, end: i + name.length }, evidence: name, voice: 'outlet', actorId: id, actorKind: kind ?? 'state', canonical: name, label: name, labelNormalized: name.toLowerCase(), labelType: 'name' } as unknown as Finding);
    }
  }
  const analysis: Analysis = { schemaVersion: '1.0.0', articleId: article.id, textHash: article.textHash, findings, diagnostics: [], versions: {}, timings: {} };
  return { article, analysis };
}
const ACTORS: Array<[string, string, string?]> = [
  ['Ostrava', 'state:x-ostrava'],
  ['Karst', 'state:x-karst'],
  ['Velda', 'state:x-velda'],
  ['Lena Brod', 'person:lena-brod', 'person'],
  ['North Desk', 'org:north-desk', 'organisation'],
];
const opts = { by: 'outlet' as const, originOf: (id: string) => id };

function ford(): CompareItem[] {
  return [
    art('Velda shells the ford\n\nVelda shelled the ford at dawn, Ostrava said. Lena Brod, a nurse, counted the wounded. North Desk first reported the shelling.', { outlet: 'Ostrava Daily', title: 'Velda shells the ford', published: '2024-05-02' }, ACTORS),
    art('Velda accused over ford shelling\n\nOstrava blames Velda for the shelling of the ford. Velda denies it. Karst called for calm.', { outlet: 'Wire Service', title: 'Velda accused over ford shelling', published: '2024-05-03' }, ACTORS),
    art('Calm at the ford\n\nKarst called for calm at the ford after the night, officials said. Ostrava did not comment.', { outlet: 'Karst Herald', title: 'Calm at the ford', published: '2024-05-03' }, ACTORS),
  ];
}

test('omissions: ranked by centrality for the outlets that report them, with a why-line and headline places first', () => {
  const items = ford();
  const om = findOmissions(items, [], { ...opts, minSupport: 2 });
  const herald = om.find((o) => o.column === 'Karst Herald')!;
  const velda = herald.items.find((i) => i.ref === 'state:x-velda')!;
  assert.ok(velda, 'Velda: in both other outlets, in both headlines, never in the Herald');
  assert.equal(herald.items[0].ref, 'state:x-velda', 'the most central first');
  assert.deepEqual(velda.reach, { columns: 2, ofColumns: 2, articles: 2, ofArticles: 2, headlines: 2, ledes: 2, mentionsPerArticle: 2.5, mainActor: true });
  assert.equal(velda.why, "reported by 2 of 2 other outlets (2 of 2 of their articles, 2.5 mentions per article; 2 headlines, 2 in the lede), a main actor of the story there; absent from Karst Herald's 1 article");
  assert.ok(velda.evidence[0].sentence && velda.evidence.length === 2);
  assert.equal(velda.centrality, centralityOf(velda.reach));
  // Lena Brod: one article of one other outlet — one origin, below the default support of 2.
  assert.equal(herald.items.find((i) => i.ref === 'person:lena-brod'), undefined);
});

test('omissions: an outlet of the corpus named in a text is a source, not an omitted actor', () => {
  const items = ford();
  items[0].article.outlet = 'North Desk';
  const om = findOmissions(items, [], { ...opts, minSupport: 1 });
  assert.ok(om.every((o) => o.items.every((i) => i.label !== 'North Desk')));
  // Its acronym counts too, and registry names given by the caller.
  const om2 = findOmissions(ford(), [], { ...opts, minSupport: 1, outletNames: ['North Desk'] });
  assert.ok(om2.every((o) => o.items.every((i) => i.label !== 'North Desk')));
  assert.ok(findOmissions(ford(), [], { ...opts, minSupport: 1 }).some((o) => o.items.some((i) => i.label === 'North Desk')), 'without the outlet it is an actor');
});

test('omissions: only within a story and a comparable time window', () => {
  const items = ford();
  // Another story: a farm report naming Velda, in the Herald's outlet's absence.
  const farm = art('Velda harvest up\n\nVelda farmers report a record harvest. Velda exports rise.', { outlet: 'Farm Weekly', title: 'Velda harvest up', published: '2024-05-03' }, ACTORS);
  const stories = [
    { id: 'ford', articleIds: items.map((i) => i.article.id) },
    { id: 'farm', articleIds: [farm.article.id] },
  ];
  const om = findOmissions([...items, farm], [], { ...opts, minSupport: 2, stories });
  assert.equal(om.find((o) => o.column === 'Farm Weekly'), undefined, 'Farm Weekly covers no story with another outlet');
  const herald = om.find((o) => o.column === 'Karst Herald')!;
  assert.ok(herald.items.every((i) => i.storyId === 'ford'));
  // The same story a month later: the Herald's May article is not said to omit what others wrote in June.
  const late = ford().map((i, n) => (n < 2 ? { ...i, article: { ...i.article, published: '2024-06-10' } } : i));
  const om2 = findOmissions(late, [], { ...opts, minSupport: 2 });
  assert.equal(om2.find((o) => o.column === 'Karst Herald')!.items.length, 0);
  assert.ok(findOmissions(late, [], { ...opts, minSupport: 2, windowDays: 60 }).find((o) => o.column === 'Karst Herald')!.items.length > 0);
});

test('omissions: at most maxItems per column, the most central, with the total kept', () => {
  const items = ford();
  const all = findOmissions(items, alignClaims(items).clusters, { ...opts, minSupport: 1, minCentrality: 0 });
  const herald = all.find((o) => o.column === 'Karst Herald')!;
  assert.ok(herald.total >= 3);
  const cut = findOmissions(items, [], { ...opts, minSupport: 1, minCentrality: 0, maxItems: 2 }).find((o) => o.column === 'Karst Herald')!;
  assert.equal(cut.items.length, 2);
  assert.equal(cut.total, herald.total);
  assert.deepEqual(cut.items, herald.items.slice(0, 2));
});
