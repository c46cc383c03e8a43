import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventFinding, Finding } from '../../core/finding.js';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import { testAnalyzer } from '../../core/tester.js';
import { nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer } from '../actors/index.js';
import { cleanPlainText } from '../../clean/plaintext.js';
import { eventsAnalyzer } from './index.js';
import { SEEDS_DIR, SEEDS_SKIP } from '../../core/test-seeds.js';

const upstream = [nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer];
const evs = (fs: Finding[]): EventFinding[] => fs.filter((f): f is EventFinding => f.kind === 'event');
const roles = (e: EventFinding): string[] => e.participants.map((p) => `${p.role}:${p.actorId}`);

testAnalyzer(eventsAnalyzer as Analyzer, {
  requires: upstream,
  valid: [{ text: 'The river was high and the fields were green.' }],
  invalid: [
    {
      name: 'a visit that happened, with a meeting in the same sentence and the time opening it',
      text: 'On Monday, Jonas Gahr Store visited Warsaw, where he met Donald Tusk.',
      published: '2024-06-05',
      expect: (fs) => {
        const [visit, meeting] = evs(fs);
        assert.equal(visit.eventType, 'visit');
        assert.equal(visit.status, 'happened');
        assert.deepEqual(roles(visit), ['agent:person:jonas-gahr-store', `location:${visit.participants[1].actorId}`]);
        assert.equal(visit.time?.value, '2024-06-03');
        assert.equal(meeting.eventType, 'meeting');
        assert.equal(meeting.participants[0].actorId, 'person:jonas-gahr-store', 'the agent carries over to "he met"');
        assert.ok(meeting.participants.some((p) => p.actorId === 'person:donald-tusk'));
      },
    },
    {
      name: 'planned: "is expected to travel" and "will visit"',
      text: 'Donald Tusk is expected to travel to Norway soon. Jonas Gahr Store will visit Poland in May 2025.',
      published: '2025-03-01',
      expect: (fs) => {
        const [a, b] = evs(fs);
        assert.deepEqual([a.eventType, a.status, a.statusCue], ['visit', 'planned', 'expected to']);
        assert.equal(a.time?.precision, 'imprecise');
        assert.equal(a.time?.direction, 'future');
        assert.deepEqual([b.status, b.time?.value, b.time?.anchor], ['planned', '2025-05', 'absolute']);
      },
    },
    {
      name: 'denied and hypothetical',
      text: 'Norway did not sell weapons to Poland. Poland could attack the depot.',
      expect: (fs) => {
        const [a, b] = evs(fs);
        assert.deepEqual([a.eventType, a.status], ['sale', 'denied']);
        assert.deepEqual([b.eventType, b.status], ['attack', 'hypothetical']);
      },
    },
    {
      // src/core/negation.ts: a negated ability and "not simply" grant or leave open the event; neither denies it.
      name: 'could not sell, cannot simply be to sell: hypothetical, not denied',
      text: 'In 1995 Norway could not sell drones to Poland. The aim of the trip cannot simply be to sell weapons to Poland. Its goal is not only to sell arms.',
      expect: (fs) => {
        const sales = evs(fs).filter((e) => e.eventType === 'sale');
        assert.equal(sales.length, 3);
        for (const e of sales) assert.equal(e.status, 'hypothetical', `${e.evidence}: ${e.status} (${e.statusCue})`);
        assert.deepEqual(sales.map((e) => e.statusCue), ['could not', 'cannot simply', 'is not only']);
      },
    },
    {
      name: 'a vote in a month, with the embassy opening it decides (planned, no time of its own)',
      text: 'The Norwegian parliament voted to open an embassy in Warsaw in November 2022.',
      expect: (fs) => {
        const [vote, embassy] = evs(fs);
        assert.deepEqual([vote.eventType, vote.status, vote.time?.value], ['vote', 'happened', '2022-11']);
        assert.deepEqual([embassy.eventType, embassy.status, embassy.time], ['embassy-opening', 'planned', null]);
      },
    },
    {
      name: 'relative time without a publication date stays relative',
      text: 'Talks were held in Oslo two weeks ago.',
      expect: (fs) => {
        const [e] = evs(fs);
        assert.equal(e.eventType, 'meeting');
        assert.equal(e.time?.anchor, 'unresolved');
        assert.equal(e.time?.relative, '2 week ago');
        assert.equal(e.reportedOn, null);
      },
    },
    {
      name: 'later mentions fold into the first ("the visit")',
      text: 'Jonas Gahr Store visited Warsaw on 3 June 2024. The visit was short.',
      expect: (fs) => {
        const es = evs(fs);
        assert.equal(es.length, 1);
        assert.ok(es[0].related?.some((r) => r.role === 'mention'));
      },
    },
    {
      name: 'an event inside a quotation belongs to the speaker',
      text: '“We will sign the treaty with Poland,” Jonas Gahr Store said.',
      expect: (fs) => {
        const [e] = evs(fs);
        assert.equal(e.eventType, 'agreement');
        assert.equal(e.status, 'planned');
        assert.deepEqual(e.voice, { speaker: 'Jonas Gahr Store', actorId: 'person:jonas-gahr-store' });
      },
    },
  ],
});

const SEEDS = SEEDS_DIR ?? '';
const skip = SEEDS_SKIP;

describe('events on the shared seed articles: visits to Baku and their dates', () => {
  const pipeline = createPipeline([...upstream, eventsAnalyzer as Analyzer]);
  const run = (prefix: string): EventFinding[] => {
    const f = readdirSync(SEEDS).find((n) => n.startsWith(prefix) && n.endsWith('.txt'))!;
    const r = cleanPlainText(readFileSync(join(SEEDS, f), 'utf8'));
    const a = pipeline.run({ text: r.text, published: r.published?.iso ?? null });
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
    return evs(a.findings);
  };
  const visitBy = (es: EventFinding[], id: string): EventFinding[] => es.filter((e) => e.eventType === 'visit' && e.participants.some((p) => p.role === 'agent' && p.actorId === id));

  test('004: Netanyahu expected to travel (planned, soon); Cohen visited recently (happened); the 2016 visit', { skip }, () => {
    const es = run('004_');
    const net = visitBy(es, 'person:benjamin-netanyahu');
    const planned = net.find((e) => e.status === 'planned')!;
    assert.ok(planned, 'a planned Netanyahu visit');
    assert.ok(planned.participants.some((p) => p.role === 'location' && p.actorId === 'state:AZ'));
    assert.equal(planned.time?.direction ?? 'future', 'future');
    const past = net.find((e) => e.time?.value === '2016')!;
    assert.equal(past.status, 'happened');
    const cohen = visitBy(es, 'person:eli-cohen')[0];
    assert.equal(cohen.status, 'happened');
    assert.equal(cohen.time?.precision, 'imprecise');
    assert.equal(cohen.time?.anchor, 'unresolved', 'no publication date in the scrape: kept relative');
    assert.ok(es.some((e) => e.eventType === 'agreement' && e.status === 'happened' && e.participants.some((p) => p.actorId === 'person:eli-cohen')));
    const talks = es.find((e) => e.eventType === 'meeting' && e.time?.relative === '2 week ago');
    assert.ok(talks, 'the talks two weeks ago');
  });

  test('003: Herzog’s visit dated by the publication date (31 May 2023)', { skip }, () => {
    const es = run('003_');
    const h = visitBy(es, 'person:isaac-herzog')[0];
    assert.equal(h.status, 'happened');
    assert.equal(h.time?.value, '2023-05-31');
    assert.equal(h.timeSource, 'publication');
    assert.ok(h.participants.some((p) => p.role === 'location' && p.actorId === 'state:AZ'));
  });

  test('002: Gantz visited Baku and met Aliyev and Hasanov', { skip }, () => {
    const es = run('002_');
    const g = visitBy(es, 'person:benny-gantz')[0];
    assert.equal(g.status, 'happened');
    assert.ok(g.participants.some((p) => p.role === 'location' && /baku/.test(p.actorId)));
    const meet = es.find((e) => e.eventType === 'meeting' && e.participants.some((p) => p.actorId === 'person:ilham-aliyev'))!;
    assert.equal(meet.participants[0].actorId, 'person:benny-gantz');
    const buys = es.filter((e) => e.eventType === 'purchase' && e.time?.from === '2010');
    assert.ok(buys.length >= 1 && buys.every((b) => b.status === 'ongoing'));
  });

  test('001: the Azerbaijani parliament’s embassy vote in November 2022', { skip }, () => {
    const es = run('001_');
    const v = es.find((e) => e.eventType === 'vote')!;
    assert.equal(v.time?.value, '2022-11');
    assert.equal(v.status, 'happened');
    assert.ok(es.some((e) => e.eventType === 'embassy-opening' && e.status === 'planned'));
  });

  test('000: Netanyahu’s trip this year stays relative (the editorial has no date)', { skip }, () => {
    const es = run('000_');
    const n = visitBy(es, 'person:benjamin-netanyahu')[0];
    assert.ok(n.participants.some((p) => p.role === 'location' && /baku/.test(p.actorId)));
    assert.equal(n.time?.anchor, 'unresolved');
    assert.equal(n.time?.relative, 'this year');
  });
});
