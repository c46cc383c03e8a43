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

test('a short given name and its formal name are one person ("Jim Mattis" / "James Mattis" / "Jim")', () => {
  const p = (id: string, canonical: string) => ({ actorId: id, actorKind: 'person' as const, canonical });
  const r = resolveCorpusActors([
    { articleId: 'a1', mentions: [p('person:james-mattis', 'James Mattis')] },
    { articleId: 'a2', mentions: [p('person:jim-mattis', 'Jim Mattis'), p('person:jim', 'Jim')] },
    { articleId: 'a3', mentions: [p('person:mattis', 'Mattis'), p('person:jim-baker', 'Jim Baker'), p('person:james-wolde', 'James Wolde')] },
  ]);
  assert.equal(r.remap['person:jim-mattis'], 'person:james-mattis');
  assert.equal(r.remap['person:mattis'], 'person:james-mattis');
  assert.equal(r.remap['person:jim-baker'], 'person:jim-baker', 'another surname stays apart');
  assert.equal(r.remap['person:jim'], 'person:jim', '"Jim" alone is ambiguous: three full names have it');
  const mattis = r.actors.find((a) => a.id === 'person:james-mattis')!;
  assert.deepEqual([mattis.mentionCount, mattis.canonical, mattis.articleIds], [3, 'James Mattis', ['a1', 'a2', 'a3']]);
});

test('one person named in Latin and Cyrillic script, in case forms, is one actor named in Latin script', () => {
  const p = (id: string, canonical: string, count = 1) => ({ actorId: id, actorKind: 'person' as const, canonical, count });
  const r = resolveCorpusActors([
    { articleId: 'en', language: 'en', mentions: [p('person:mirela-vosk', 'Mirela Vosk', 2), p('person:teodor-brannik', 'Teodor Brannik')] },
    // Russian: nominative and genitive; the slug has lost the й, the name as written keeps it
    { articleId: 'ru', language: 'ru', mentions: [p('person:мирела-воск', 'Мирела Воск'), p('person:иохан-браннике', 'Йохан Браннике'), p('person:теодора-бранника', 'Теодора Бранника')] },
    // Azerbaijani genitive, and a spelling with y for j
    { articleId: 'az', language: 'az', mentions: [p('person:mirela-voskun', 'Mirela Voskun'), p('person:yohan-brannik', 'Yohan Brannik')] },
    // English copy is not inflected: one more letter is another name there
    { articleId: 'en2', language: 'en', mentions: [p('person:johan-brannik', 'Johan Brannik'), p('person:mirela-voska', 'Mirela Voska'), p('person:voska', 'Voska')] },
  ]);
  for (const id of ['person:мирела-воск', 'person:mirela-voskun']) assert.equal(r.remap[id], 'person:mirela-vosk', id);
  assert.equal(r.remap['person:теодора-бранника'], 'person:teodor-brannik');
  assert.equal(r.remap['person:yohan-brannik'], 'person:johan-brannik', 'j and y are one sound; the Latin name mentioned first by id order stands');
  assert.equal(r.remap['person:иохан-браннике'], 'person:johan-brannik', 'Russian prepositional -e');
  assert.equal(r.remap['person:mirela-voska'], 'person:mirela-voska', 'two ASCII names differing by a letter stay apart');
  assert.equal(r.remap['person:voska'], 'person:mirela-voska', 'a surname joins the one full name with its sound');
  const vosk = r.actors.find((a) => a.id === 'person:mirela-vosk')!;
  assert.deepEqual([vosk.canonical, vosk.mentionCount, vosk.articleIds], ['Mirela Vosk', 4, ['az', 'en', 'ru']]);
});

test("the user's merge table joins actors the rules keep apart, follows chains and survives cycles", () => {
  const m = (id: string, kind: 'person' | 'organisation', canonical: string) => ({ actorId: id, actorKind: kind, canonical });
  const input = [
    { articleId: 'a1', mentions: [m('org:x-guard', 'organisation', 'Guard Corps'), m('person:abu-karim', 'person', 'Abu Karim')] },
    { articleId: 'a2', mentions: [m('org:irgc', 'organisation', 'IRGC'), m('person:karim-haddad', 'person', 'Karim Haddad')] },
  ];
  const merges = new Map([
    ['org:x-guard', 'org:irgc'],
    ['person:abu-karim', 'person:k-haddad'],
    ['person:k-haddad', 'person:karim-haddad'],
  ]);
  const r = resolveCorpusActors(input, merges);
  assert.equal(r.remap['org:x-guard'], 'org:irgc');
  assert.equal(r.remap['person:abu-karim'], 'person:karim-haddad', 'a chain is followed to its end');
  const irgc = r.actors.find((a) => a.id === 'org:irgc')!;
  assert.deepEqual([irgc.mentionCount, irgc.canonical], [2, 'IRGC'], 'the merged actor is named as the target');
  assert.equal(r.actors.length, 2);
  // a cycle (A -> B -> A) ends where it would repeat instead of looping
  const cyc = resolveCorpusActors(input, new Map([['org:x-guard', 'org:irgc'], ['org:irgc', 'org:x-guard']]));
  assert.equal(cyc.actors.filter((a) => a.kind === 'organisation').length, 1);
});
