import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCorpusActors } from './actors.js';

test('people merge by full name and by a unique surname across articles; states keep gazetteer ids', () => {
  const r = resolveCorpusActors([
    {
      articleId: 'a1',
      mentions: [
        { actorId: 'person:laleh-farzanegan', actorKind: 'person', canonical: 'Laleh Farzanegan', stateId: 'state:IR' },
        { actorId: 'state:IR', actorKind: 'state', canonical: 'Iran', stateId: 'state:IR' },
      ],
    },
    {
      articleId: 'a2',
      mentions: [
        { actorId: 'person:farzanegan', actorKind: 'person', canonical: 'Farzanegan' },
        { actorId: 'person:farzanegan', actorKind: 'person', canonical: 'Farzanegan' },
        { actorId: 'state:IR', actorKind: 'state', canonical: 'Iran', stateId: 'state:IR' },
        { actorId: 'person:okonkwo', actorKind: 'person', canonical: 'Okonkwo' },
      ],
    },
  ]);
  assert.equal(r.remap['person:farzanegan'], 'person:laleh-farzanegan');
  assert.equal(r.remap['person:okonkwo'], 'person:okonkwo');
  const laleh = r.actors.find((a) => a.id === 'person:laleh-farzanegan')!;
  assert.deepEqual({ n: laleh.mentionCount, arts: laleh.articleIds, state: laleh.stateId }, { n: 3, arts: ['a1', 'a2'], state: 'state:IR' });
  assert.equal(r.actors.find((a) => a.id === 'state:IR')?.mentionCount, 2);
});

test('an ambiguous surname stays separate', () => {
  const r = resolveCorpusActors([
    { articleId: 'a', mentions: [{ actorId: 'person:arif-demir', actorKind: 'person', canonical: 'Arif Demir' }] },
    { articleId: 'b', mentions: [{ actorId: 'person:selin-demir', actorKind: 'person', canonical: 'Selin Demir' }] },
    { articleId: 'c', mentions: [{ actorId: 'person:demir', actorKind: 'person', canonical: 'Demir' }] },
  ]);
  assert.equal(r.remap['person:demir'], 'person:demir');
  assert.equal(r.actors.length, 3);
});
