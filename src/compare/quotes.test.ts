import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, QuoteFinding } from '../core/finding.js';
import { quoteMatrix } from './quotes.js';

let n = 0;
function quote(over: Partial<QuoteFinding>): QuoteFinding {
  const start = n++ * 10;
  return {
    id: `quotes:quote:${start}`,
    analyzer: 'quotes',
    kind: 'quote',
    messageId: 'direct',
    span: { start, end: start + 5 },
    evidence: '“Yes”',
    voice: 'outlet',
    quoteType: 'direct',
    speaker: 'Talia Verrin',
    actorId: 'person:talia-verrin',
    canonical: 'Talia Verrin',
    speakerKind: 'person',
    speakerVia: 'name',
    verb: 'say',
    verbStance: 'neutral',
    related: [{ role: 'speaker', span: { start: 0, end: 2 }, evidence: 'she' }],
    ...over,
  };
}
const other: Finding = {
  id: 'x', analyzer: 'actors', kind: 'actor-mention', messageId: 'm', span: { start: 0, end: 1 }, evidence: 'a', voice: 'outlet',
  actorId: 'state:XK', actorKind: 'state', canonical: 'Karvenia', label: 'a', labelNormalized: 'a', labelType: 'name',
};

test('quote matrix: counts per outlet and group with types, stances, verbs and evidence', () => {
  const items = [
    { articleId: 'a1', outlet: 'KSNA', group: 'Karvenian', findings: [quote({}), quote({ verb: 'claim', verbStance: 'distancing' }), other] },
    { articleId: 'a2', outlet: 'VNS', group: 'Vessanian', findings: [quote({ quoteType: 'indirect', verb: 'admit', verbStance: 'endorsing' })] },
    { articleId: 'a3', outlet: 'VNS', group: 'Vessanian', findings: [quote({ actorId: 'person:olu-barrett', canonical: 'Olu Barrett', speaker: 'Olu Barrett' }), quote({ actorId: null, canonical: undefined, speaker: 'Sources', speakerVia: 'unresolved' })] },
  ];
  const rows = quoteMatrix(items, { by: 'outlet' });
  assert.deepEqual(rows.map((r) => [r.speakerId, r.total]), [['person:talia-verrin', 3], ['person:olu-barrett', 1]]);
  const verrin = rows[0];
  assert.equal(verrin.columns.KSNA.count, 2);
  assert.deepEqual(verrin.columns.KSNA.byStance, { neutral: 1, distancing: 1, endorsing: 0, none: 0 });
  assert.deepEqual(verrin.columns.KSNA.verbs, { say: 1, claim: 1 });
  assert.equal(verrin.distancing.KSNA, 0.5);
  assert.equal(verrin.columns.VNS.byType.indirect, 1);
  assert.equal(verrin.columns.VNS.quotes[0].articleId, 'a2');
  assert.equal(verrin.columns.VNS.quotes[0].speakerWords, 'she');

  const byGroup = quoteMatrix(items, { by: 'group', includeUnresolved: true });
  assert.ok(byGroup.some((r) => r.speakerId === 'unresolved:sources' && !r.resolved && r.columns.Vessanian.count === 1));
  assert.deepEqual(Object.keys(byGroup[0].columns).sort(), ['Karvenian', 'Vessanian']);

  const only = quoteMatrix(items, { by: 'outlet', speakers: new Set(['person:olu-barrett']) });
  assert.deepEqual(only.map((r) => r.speaker), ['Olu Barrett']);
});
