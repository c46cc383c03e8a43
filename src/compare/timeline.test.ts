import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventFinding, TimeValue } from '../core/finding.js';
import { buildTimeline, type TimelineEntry } from './timeline.js';
import { main } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';

function ev(id: string, type: string, status: EventFinding['status'], parts: Array<[string, EventFinding['participants'][number]['role']]>, time: Partial<TimeValue> | null, reportedOn: string | null, voice: EventFinding['voice'] = 'outlet'): EventFinding {
  return {
    id,
    analyzer: 'events',
    kind: 'event',
    messageId: 'event',
    span: { start: 0, end: 5 },
    evidence: 'visit',
    voice,
    eventType: type,
    trigger: 'visit',
    triggerLemma: 'visit',
    participants: parts.map(([actorId, role]) => ({ actorId, role, canonical: actorId, actorKind: 'person', span: { start: 0, end: 1 } })),
    time: time ? ({ text: 't', span: { start: 0, end: 1 }, precision: 'day', anchor: 'absolute', ...time } as TimeValue) : null,
    timeSource: time ? 'text' : null,
    status,
    statusCue: null,
    reportedOn,
  };
}

test('reports of one event from several outlets merge; different times and agents stay apart; sorted by time', () => {
  const items = [
    { articleId: 'a1', outlet: 'North Daily', group: 'North', published: '2024-05-01', findings: [ev('e1', 'visit', 'planned', [['p:ann', 'agent'], ['place:oslo', 'location']], { precision: 'imprecise', from: '2024-05-01', direction: 'future' }, '2024-05-01')] },
    { articleId: 'a2', outlet: 'South Post', group: 'South', published: '2024-05-20', findings: [ev('e2', 'visit', 'happened', [['local-ann', 'agent'], ['place:oslo', 'location']], { value: '2024-05-19' }, '2024-05-20')] },
    { articleId: 'a3', outlet: 'Wire', group: 'Intl', published: '2024-05-21', findings: [
      ev('e3', 'visit', 'happened', [['p:ann', 'agent']], null, '2024-05-21'),
      ev('e4', 'visit', 'happened', [['p:bob', 'agent'], ['place:oslo', 'location']], { value: '2024-05-19' }, '2024-05-21'),
      ev('e5', 'visit', 'happened', [['p:ann', 'agent']], { precision: 'year', value: '2016' }, '2024-05-21'),
      ev('e6', 'attack', 'happened', [['p:ann', 'agent']], { value: '2024-05-02' }, '2024-05-21', { speaker: 'X' }),
    ] },
  ];
  const t = buildTimeline(items, { remap: { 'local-ann': 'p:ann' } });
  const visits = t.filter((e) => e.eventType === 'visit');
  assert.equal(visits.length, 3);
  assert.equal(visits[0].when.slice(0, 4), '2016');
  const ann = visits.find((e) => e.evidence.some((x) => x.findingId === 'e2'))!;
  assert.deepEqual(ann.evidence.map((x) => x.findingId).sort(), ['e1', 'e2', 'e3']);
  assert.deepEqual(ann.columns, { 'North Daily': 1, 'South Post': 1, Wire: 1 });
  assert.deepEqual(ann.statuses, { planned: 1, happened: 2 });
  assert.equal(ann.when, '2024-05-19');
  assert.ok(visits.some((e) => e.participants.some((p) => p.actorId === 'p:bob')), 'another agent is another event');
  assert.ok(!t.some((e) => e.eventType === 'attack'), 'quoted events are left out by default');
  assert.ok(buildTimeline(items, { includeQuotes: true }).some((e) => e.eventType === 'attack'));
  assert.deepEqual(Object.keys(buildTimeline(items, { by: 'group', remap: { 'local-ann': 'p:ann' } }).find((e) => e.evidence.length === 3)!.columns).sort(), ['Intl', 'North', 'South']);
  assert.ok(buildTimeline(items, { actorIds: ['p:bob'] }).every((e) => e.participants.some((p) => p.actorId === 'p:bob')));
});

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

test('the bundled example corpus: the contract, the OCSB vote and the embassy opening are reported across groups', async (t) => {
  const examples = join(repoRoot(), 'examples');
  if (!existsSync(examples) || readdirSync(examples).length < 3) return t.skip('examples/ not present');
  const dir = mkdtempSync(join(tmpdir(), 'parallax-timeline-'));
  const db = join(dir, 'p.db');
  const run = async (...argv: string[]) => {
    const io = captureIO(dir);
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err() };
  };
  await run('ingest', examples, '--db', db, '--config', join(examples, 'parallax.config.json'), '--no-language');
  assert.equal((await run('analyze', '--db', db)).code, 0);
  const r = await run('timeline', '--db', db, '--by', 'group', '--json');
  assert.equal(r.code, 0, r.err);
  const events = (JSON.parse(r.out) as { events: TimelineEntry[] }).events;
  const on = (day: string, type: string): TimelineEntry | undefined =>
    events.filter((e) => e.eventType === type && e.from === day && e.to === day).sort((a, b) => b.evidence.length - a.evidence.length)[0];
  const contract = on('2025-03-11', 'agreement');
  assert.ok(contract && Object.keys(contract.columns).length >= 3, 'the 11 March contract, in all three groups');
  const vote = on('2025-03-14', 'vote');
  assert.ok(vote && Object.keys(vote.columns).length >= 2, 'the OCSB vote on 14 March');
  const embassy = on('2025-03-18', 'embassy-opening');
  assert.ok(embassy && embassy.participants.some((p) => /tolmar/i.test(p.canonical)), 'Tolmar opens its embassy on 18 March');
  assert.ok(embassy.statuses.planned >= 1 && embassy.statuses.happened >= 1, 'announced before, reported after');
  const shooting = on('2025-03-08', 'attack');
  assert.ok(shooting && Object.keys(shooting.columns).length >= 2, 'the Kettle Ford shooting on 8 March');
  assert.ok(events.every((e) => e.evidence.every((x) => x.articleId && x.span.end > x.span.start)));
  const sorted = events.map((e) => e.from ?? e.to ?? '9999');
  assert.deepEqual(sorted, [...sorted].sort());
  const text = await run('timeline', '--db', db, '--actor', 'Tolmar');
  assert.equal(text.code, 0);
  assert.match(text.out, /embassy-opening/);
});
