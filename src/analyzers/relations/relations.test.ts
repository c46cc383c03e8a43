import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testAnalyzer } from '../../core/tester.js';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import type { Finding, RelationFinding } from '../../core/finding.js';
import { nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer } from '../actors/index.js';
import { labelsAnalyzer } from '../labels/index.js';
import { relationsAnalyzer, compileLexicon, rawDefaults, LexiconError, clauseTimes } from './index.js';
import { SEEDS_DIR, SEEDS_SKIP } from '../../core/test-seeds.js';

// Every sentence here was written for these tests.
const upstream = [nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer, labelsAnalyzer as Analyzer];
const rel = (fs: Finding[]): RelationFinding[] => fs.filter((f): f is RelationFinding => f.kind === 'relation');
const edge = (r: RelationFinding): string =>
  `${r.source.actorId} ${r.relation}${r.polarity > 0 ? '+' : r.polarity < 0 ? '-' : '0'}${r.negated ? '!' : ''} ${r.target.actorId}`;
const edges = (fs: Finding[]): string[] => rel(fs).map(edge);

testAnalyzer(relationsAnalyzer as Analyzer, {
  requires: upstream,
  valid: [
    { text: 'The weather in Oslo was cold and wet all week.' },
    { name: 'a relation to something that is not an actor', text: 'Norway rejected the proposal after a long debate.' },
    { name: 'no second party', text: 'Brazil sells coffee and buys machines.' },
  ],
  invalid: [
    {
      name: 'X sells Y weapons: arms, seller is the source',
      text: 'Norway sells Chile advanced drones.',
      expect: [{ kind: 'relation', relation: 'supplies-arms', polarity: 1, negated: false, voice: 'outlet', evidence: 'Norway sells Chile advanced drones.' }],
    },
    {
      name: 'X bought weapons from Y: inverse, with the year',
      text: 'Peru bought missiles from Brazil in 2019.',
      expect: (fs) => {
        assert.deepEqual(edges(fs), ['state:BR supplies-arms+ state:PE']);
        const r = rel(fs)[0];
        assert.equal(r.time?.value, '2019');
        assert.deepEqual(r.related?.map((x) => x.role), ['source', 'target', 'cue', 'time']);
        assert.equal(r.related?.find((x) => x.role === 'cue')?.evidence, 'bought');
      },
    },
    {
      name: 'energy supply by class noun',
      text: 'Kenya supplies gas to Uganda through a pipeline.',
      expect: (fs) => assert.deepEqual(edges(fs), ['state:KE supplies-energy+ state:UG']),
    },
    {
      name: 'possessor and pipeline: X’s gas pipeline to Y',
      text: "Germany's gas pipeline to Austria reopened on Monday.",
      expect: (fs) => assert.deepEqual(edges(fs), ['state:DE supplies-energy+ state:AT']),
    },
    {
      name: 'X and Y are strategic partners (symmetric)',
      text: 'Canada and Mexico are strategic partners.',
      expect: [{ relation: 'allies', symmetric: true, polarity: 1 }],
    },
    {
      name: 'relations between X and Y are strained: hostile',
      text: 'Relations between Chile and Bolivia remain deeply strained.',
      expect: (fs) => {
        assert.deepEqual(edges(fs), ['state:CL relations- state:BO']);
        assert.equal(rel(fs)[0].data?.evaluation, 'strained');
      },
    },
    {
      name: 'X’s relations with Y are excellent: cooperative',
      text: "Iceland's relations with Norway are excellent.",
      expect: (fs) => assert.deepEqual(edges(fs), ['state:IS relations+ state:NO']),
    },
    {
      // "would never" is a firm denial (src/core/negation.ts), not a hedge: it must be able to contradict "allies".
      name: 'negated: ties would never lead to an alliance',
      text: 'Ties between Ghana and Togo would never lead to an alliance.',
      expect: (fs) => {
        const allies = rel(fs).find((r) => r.relation === 'allies')!;
        assert.equal(allies.negated, true);
        assert.equal(allies.hedged, false);
      },
    },
    {
      name: 'cannot be a strategic partner: a denial',
      text: 'Ghana cannot be a strategic partner of Togo.',
      expect: (fs) => {
        const allies = rel(fs).find((r) => r.relation === 'allies')!;
        assert.equal(allies.negated, true);
        assert.equal(allies.hedged, false);
      },
    },
    {
      name: 'could not supply: past ability, hedged and not a denial',
      text: 'At the time Ghana could not supply Togo with drones.',
      expect: (fs) => {
        const arms = rel(fs).find((r) => r.relation === 'supplies-arms')!;
        assert.equal(arms.negated, false);
        assert.equal(arms.hedged, true);
      },
    },
    {
      name: 'is not an ally of',
      text: 'Chad is not an ally of Libya.',
      expect: (fs) => assert.deepEqual(edges(fs), ['state:TD allies+! state:LY']),
    },
    {
      name: 'visit to a capital stands for the state; date normalised',
      text: 'Prime Minister Jonas Berg visited Lima on 3 March 2021.',
      expect: (fs) => {
        const r = rel(fs)[0];
        assert.equal(edge(r), 'person:jonas-berg visits+ state:PE');
        assert.equal(r.target.resolvedBy, 'place-state');
        assert.equal(r.target.label, 'Lima');
        assert.deepEqual(r.time, { text: '3 March 2021', span: r.time!.span, value: '2021-03-03' });
      },
    },
    {
      name: 'mediation: one edge to each party',
      text: 'Egypt mediated between Sudan and Ethiopia.',
      expect: (fs) => {
        assert.deepEqual(edges(fs), ['state:EG mediates0 state:SD', 'state:EG mediates0 state:ET']);
        assert.deepEqual(rel(fs)[0].data?.between, ['state:SD', 'state:ET']);
      },
    },
    {
      name: 'inside a quotation: the speaker’s voice',
      text: 'The minister said: "Kenya threatens Uganda every week."',
      expect: (fs) => {
        assert.deepEqual(edges(fs), ['state:KE threatens- state:UG']);
        assert.deepEqual(rel(fs)[0].voice, { speaker: null, actorId: null });
      },
    },
    {
      name: 'passive: Y was attacked by X',
      text: 'Georgia was attacked by Russia in August 2008.',
      expect: (fs) => {
        assert.deepEqual(edges(fs), ['state:RU attacks- state:GE']);
        assert.equal(rel(fs)[0].time?.value, '2008-08');
      },
    },
    {
      name: 'talks between X and Y',
      text: 'Talks between Japan and South Korea resumed on Monday.',
      expect: (fs) => assert.deepEqual(edges(fs), ['state:JP negotiates0 state:KR']),
    },
    {
      name: 'embassy in a capital',
      text: 'Argentina opened an embassy in Canberra.',
      expect: (fs) => assert.deepEqual(edges(fs), ['state:AR relations+ state:AU']),
    },
    {
      name: 'hyphenated compound of two capitals the actors analyzer left whole',
      text: 'Fortunately, Lisbon-Madrid relations have improved a lot.',
      expect: (fs) => {
        assert.deepEqual(edges(fs), ['state:PT relations+ state:ES']);
        assert.equal(rel(fs)[0].source.resolvedBy, 'compound');
      },
    },
    {
      name: '"the two neighbours" resolve to the last two states',
      text: 'Laos shares a border with Vietnam, and relations between the two neighbours remain tense.',
      expect: (fs) => {
        assert.deepEqual(edges(fs), ['state:LA relations- state:VN']);
        assert.equal(rel(fs)[0].source.resolvedBy, 'pair-anaphor');
        assert.ok(rel(fs)[0].confidence! < 0.7, 'anaphora lowers the confidence');
      },
    },
    {
      name: 'he = the last person; met with X and Y',
      text: 'Defence Minister Ana Costa visited Rome, where she met with President Marco Bellini and Foreign Minister Luca Ferri.',
      expect: (fs) => {
        const e = edges(fs);
        assert.ok(e.includes('person:ana-costa visits+ state:IT'), e.join('; '));
        assert.ok(e.includes('person:ana-costa meets0 person:marco-bellini'), e.join('; '));
        assert.ok(e.includes('person:ana-costa meets0 person:luca-ferri'), e.join('; '));
      },
    },
  ],
});

describe('relations: data and helpers', () => {
  test('the shipped lexicon validates; every cue, class and type has a note', () => {
    const lex = compileLexicon();
    assert.ok(lex.cuesByFirst.size > 100);
    for (const c of rawDefaults.cues) assert.ok(c.note.length > 10, c.id);
  });
  test('a cue without provenance or with an unknown relation is refused', () => {
    const bad = { ...rawDefaults, cues: [{ ...rawDefaults.cues[0], note: '' }] };
    assert.throws(() => compileLexicon(bad), LexiconError);
    const bad2 = { ...rawDefaults, cues: [{ ...rawDefaults.cues[6], relation: 'loves' }] };
    assert.throws(() => compileLexicon(bad2), /unknown relation/);
  });
  test('times: dates, years and ranges, not money or counts', () => {
    const t = 'Since 2010, on June 14, 2019 and between 2016 and 2020 it paid $2019 for 2,000 items in November 2022.';
    const found = clauseTimes(t, 0, t.length).map((x) => [x.text, x.value, x.qualifier ?? '']);
    assert.deepEqual(found, [
      ['2010', '2010', 'since'],
      ['June 14, 2019', '2019-06-14', ''],
      ['2016 and 2020', '2016/2020', 'between'],
      ['November 2022', '2022-11', ''],
    ]);
  });
  test('linear: a long document of repeated paragraphs takes proportional time', () => {
    const para = 'Norway sells Chile drones. Relations between Peru and Bolivia remain strained. Egypt mediated between Sudan and Ethiopia.\n';
    const p = createPipeline([...upstream, relationsAnalyzer as Analyzer]);
    const small = p.run({ text: para.repeat(20) });
    const big = p.run({ text: para.repeat(200) });
    assert.equal(rel(big.findings).length, rel(small.findings).length * 10);
  });
});

describe('relations on the shared seed articles (acceptance)', () => {
  const dir = SEEDS_DIR;
  const skip = SEEDS_SKIP;
  const pipeline = createPipeline([...upstream, relationsAnalyzer as Analyzer]);
  const seed = (prefix: string): RelationFinding[] => {
    const f = readdirSync(dir!).find((n) => n.startsWith(prefix) && n.endsWith('.txt'))!;
    const a = pipeline.run({ text: readFileSync(join(dir!, f), 'utf8'), articleId: f });
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
    return rel(a.findings);
  };
  const has = (rs: RelationFinding[], e: string): boolean => rs.some((r) => edge(r) === e);

  test('Israel supplies arms to Azerbaijan (001, 002, 004)', { skip }, () => {
    for (const p of ['001_', '002_', '004_']) assert.ok(has(seed(p), 'state:IL supplies-arms+ state:AZ'), p);
  });
  test('Azerbaijan supplies oil/energy to Israel (001, 004)', { skip }, () => {
    for (const p of ['001_', '004_']) assert.ok(has(seed(p), 'state:AZ supplies-energy+ state:IL'), p);
  });
  test('Israel and Azerbaijan maintain strategic ties (004); the Iranian editorial negates a strategic relationship (000)', { skip }, () => {
    assert.ok(has(seed('004_'), 'state:IL allies+ state:AZ'));
    const neg = seed('000_').filter((r) => r.relation === 'allies' && r.negated);
    assert.ok(neg.length >= 1 && neg.every((r) => [r.source.actorId, r.target.actorId].sort().join() === 'state:AZ,state:IL'));
  });
  test('Iran–Azerbaijan relations: solid in the Iranian editorial (000), highly strained in the Israeli wire (004)', { skip }, () => {
    const pair = (r: RelationFinding) => [r.source.actorId, r.target.actorId].sort().join();
    const r000 = seed('000_').filter((r) => r.relation === 'relations' && pair(r) === 'state:AZ,state:IR' && r.voice === 'outlet');
    const r004 = seed('004_').filter((r) => r.relation === 'relations' && pair(r) === 'state:AZ,state:IR' && r.voice === 'outlet');
    assert.ok(r000.some((r) => r.polarity === 1 && /solid/.test(r.evidence)), 'solid');
    assert.ok(r004.some((r) => r.polarity === -1 && /strained/.test(r.evidence)), 'strained');
    assert.ok(r004.every((r) => r.polarity !== 1));
  });
  test('visits: Netanyahu (000, 004), Gantz (002), Herzog (003) to Azerbaijan', { skip }, () => {
    assert.ok(has(seed('000_'), 'person:benjamin-netanyahu visits+ state:AZ'));
    assert.ok(has(seed('004_'), 'person:benjamin-netanyahu visits+ state:AZ'));
    assert.ok(has(seed('002_'), 'person:benny-gantz visits+ state:AZ'));
    assert.ok(has(seed('003_'), 'person:isaac-herzog visits+ state:AZ'));
  });
});
