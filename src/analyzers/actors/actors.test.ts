import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testAnalyzer } from '../../core/tester.js';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import type { ActorMentionFinding, Finding } from '../../core/finding.js';
import { nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer, normalizeLabel } from './index.js';

const pipeline = createPipeline([nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer]);
const mentions = (text: string): ActorMentionFinding[] =>
  pipeline.run({ text }).findings.filter((f): f is ActorMentionFinding => f.kind === 'actor-mention');
const brief = (text: string): string[] => mentions(text).map((m) => `${m.evidence}=${m.actorId}/${m.labelType}`);

testAnalyzer(actorsAnalyzer as Analyzer, {
  requires: [nlpAnalyzer as Analyzer],
  valid: [
    { text: 'the weather was mild and the markets were quiet on the day.' },
    { text: 'He said they would come back later, and she agreed.' },
  ],
  invalid: [
    {
      text: 'Deputy Minister Laleh Farzanegan arrived in Baku on Tuesday.',
      expect: [
        { evidence: 'Laleh Farzanegan', actorId: 'person:laleh-farzanegan', actorKind: 'person', roles: ['Deputy Minister'], voice: 'outlet' },
        { evidence: 'Baku', actorId: 'place:baku', actorKind: 'place', stateId: 'state:AZ' },
      ],
    },
    {
      text: 'Tehran rejected the offer, and the Kremlin stayed silent.',
      expect: [
        { evidence: 'Tehran', actorId: 'state:IR', labelType: 'metonym', canonical: 'Iran' },
        { evidence: 'the Kremlin', actorId: 'state:RU', labelType: 'metonym' },
      ],
    },
  ],
});

test('people with titles, roles and a state from the demonym', () => {
  const ms = mentions('Veloran Foreign Minister Tomas Reyvik met Israeli Defense Minister Avi Carmeli. Pundit and historian Oded Lavan was not invited.');
  const carmeli = ms.find((m) => m.evidence === 'Avi Carmeli')!;
  assert.equal(carmeli.actorId, 'person:avi-carmeli');
  assert.equal(carmeli.stateId, 'state:IL');
  assert.deepEqual(carmeli.roles, ['Defense Minister']);
  assert.equal(carmeli.related?.[0].evidence, 'Defense Minister');
  // an unknown demonym stays in the role text
  assert.equal(ms.find((m) => m.evidence === 'Tomas Reyvik')?.roles?.[0], 'Veloran Foreign Minister');
  assert.deepEqual(ms.find((m) => m.evidence === 'Oded Lavan')?.roles, ['historian']);
});

test('states: short and official names, demonyms used as actors, not demonyms as adjectives', () => {
  assert.deepEqual(brief('The Islamic Republic of Iran and the Republic of Azerbaijan signed it.'), [
    'The Islamic Republic of Iran=state:IR/name',
    'the Republic of Azerbaijan=state:AZ/name',
  ]);
  assert.deepEqual(brief('Israeli officials spoke to the Azerbaijani side while Iranian forces waited.'), [
    'Israeli=state:IL/demonym',
    'Azerbaijani=state:AZ/demonym',
    'Iranian=state:IR/demonym',
  ]);
  assert.deepEqual(brief('They bought Israeli drones and Turkish coffee.'), []);
  assert.deepEqual(brief('The UN and NATO criticised the Armenian army and the Azerbaijani parliament.'), [
    'The UN=org:un/short-name',
    'NATO=org:nato/name',
    'the Armenian army=org:am-army/name',
    'the Azerbaijani parliament=org:az-parliament/name',
  ]);
  assert.deepEqual(brief('the US and the UK met'), ['US=state:US/short-name', 'UK=state:GB/short-name']);
});

test('a seat of government is a place after "in"/"visited" and the state elsewhere', () => {
  assert.deepEqual(brief('The envoy visited Yerevan. Yerevan said the talks went well.'), ['Yerevan=place:yerevan/name', 'Yerevan=state:AM/metonym']);
});

test('surname carry-over, possessives, aliases and role references', () => {
  const ms = mentions(
    'President Marek Ostrava of Veloria met Israeli President Isaac Herzog. Ostrava’s aides were pleased, and the Israeli president thanked them. ' +
      'Rami al-Tawil (aka Abu Karim al-Shami) also spoke.',
  );
  const ids = ms.map((m) => `${m.evidence}=${m.actorId}`);
  assert.ok(ids.includes('Ostrava=person:marek-ostrava'), ids.join(', '));
  assert.ok(ids.includes('Isaac Herzog=person:isaac-herzog'));
  assert.ok(ids.includes('the Israeli president=person:isaac-herzog'), ids.join(', '));
  assert.ok(ids.includes('Rami al-Tawil=person:rami-al-tawil'));
  assert.ok(ids.includes('Abu Karim al-Shami=person:rami-al-tawil'), ids.join(', '));
  assert.ok(!ms.some((m) => m.evidence.endsWith('’s')), 'possessive excluded from the span');
});

test('mentions inside a quotation carry the quoted voice', () => {
  const ms = mentions('The minister said: “Iran will not stand alone.” Azerbaijan disagreed.');
  assert.deepEqual(ms.find((m) => m.evidence === 'Iran')?.voice, { speaker: null });
  assert.equal(ms.find((m) => m.evidence === 'Azerbaijan')?.voice, 'outlet');
});

test('capitalisation guards: "Who" is not WHO, "turkey" is not Turkey, headlines are not people', () => {
  assert.deepEqual(brief('Who knows what the turkey costs?'), []);
  assert.deepEqual(brief('the WHO said no'), ['the WHO=org:who/short-name']);
  assert.deepEqual(
    brief('Why Grain Prices Keep Rising Across Northern Markets').filter((x) => x.includes('person')),
    [],
  );
});

test('labelNormalized', () => {
  assert.equal(normalizeLabel('The Islamic Republic'), 'islamic republic');
  assert.equal(normalizeLabel('Israeli officials'), 'israeli official');
  assert.equal(normalizeLabel('Hamas'), 'hamas');
});

test('the actors product is sorted by span and matches the findings', () => {
  const text = 'Ankara and Baku agreed. Later Ankara said more.';
  let product: Array<{ span: { start: number } }> = [];
  const spy = { meta: { id: 'spy', version: '1', requires: ['actors'], provides: [], messages: {} }, create: () => (ctx: { get<T>(p: string): T }) => void (product = ctx.get('actors')) };
  const fs: Finding[] = createPipeline([nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer, spy as unknown as Analyzer]).run({ text }).findings;
  assert.equal(product.length, fs.length);
  for (let i = 1; i < product.length; i++) assert.ok(product[i].span.start >= product[i - 1].span.start);
});

const seeds = join('..', 'shared', 'seeds');
test('seeds: the main actors are found with the right kinds', { skip: existsSync(seeds) ? false : `${seeds} not found` }, () => {
  const all = new Map<string, string>();
  for (const f of readdirSync(seeds).filter((x) => x.endsWith('.txt') && x !== 'README.md')) {
    for (const m of mentions(readFileSync(join(seeds, f), 'utf8'))) all.set(m.actorId, m.actorKind);
  }
  const expected: Record<string, string> = {
    'state:IL': 'state',
    'state:IR': 'state',
    'state:AZ': 'state',
    'person:benjamin-netanyahu': 'person',
    'person:ilham-aliyev': 'person',
    'person:isaac-herzog': 'person',
    'person:benny-gantz': 'person',
  };
  for (const [id, kind] of Object.entries(expected)) assert.equal(all.get(id), kind, id);
});

test('throughput stays linear: 200 mid-size articles well under the time budget', () => {
  const para = 'Deputy Minister Laleh Farzanegan told the Veloran parliament that Tehran and Baku would talk. ';
  const text = para.repeat(40);
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) pipeline.run({ text });
  const perArticle = (performance.now() - t0) / 20;
  assert.ok(perArticle < 200, `per article ${perArticle.toFixed(1)} ms`);
});
