import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';
import { captureIO } from './test-io.js';

// Original texts written for these tests; the outlets are set with --outlet or found in the title.
const HARBOUR = `Harbour talks stall again

The delegation left the harbour talks on Tuesday after negotiators failed to agree on the fishing quotas for the
northern bay, officials from both sides said. A new round could begin within two weeks, the ministry said.`;
const BRIDGE = `Bridge reopens after repairs

The old bridge over the river reopened on Monday after eight months of repairs, the city said. Traffic was heavy
in the first hours, and the mayor promised a second lane by the end of the year.`;
const CITING = `IRNA: The minister's real aim in the port city

The minister arrived in the port city on Sunday for talks that his office called routine, but the visit had other
motives, IRNA reported. The agency wrote that trade and the border were on the table.`;
const BYLINE = `What the port deal means

By: H. Someone

The port deal signed last week ties the two harbours together for twenty years, and both sides will feel it in
their budgets long before the first ship docks at the new quay.`;

async function run(cwd: string, ...argv: string[]) {
  const io = captureIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function corpus(): Promise<{ dir: string; db: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-groups-'));
  const db = join(dir, 'p.db');
  const files = { 'harbour.txt': HARBOUR, 'bridge.txt': BRIDGE, 'citing.txt': CITING, 'byline.txt': BYLINE };
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
  for (const [f, outlet] of [['harbour.txt', 'Mehr News Agency'], ['bridge.txt', 'Caliber.Az']] as const) {
    assert.equal((await run(dir, 'ingest', join(dir, f), '--db', db, '--no-language', '--outlet', outlet)).code, 0);
  }
  assert.equal((await run(dir, 'ingest', join(dir, 'citing.txt'), join(dir, 'byline.txt'), '--db', db, '--no-language')).code, 0);
  return { dir, db };
}

test('list shows the cited source and never makes it the outlet; unknown outlets are named apart', async () => {
  const { dir, db } = await corpus();
  const list = await run(dir, 'list', '--db', db);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /id\s+outlet\s+cites\s+group/);
  assert.match(list.out, /unknown outlet\s+IRNA\s/);
  const rows = JSON.parse((await run(dir, 'list', '--db', db, '--json')).out) as Array<{ id: string; outlet: string | null; citedSources: Array<{ id: string }> }>;
  const citing = rows.find((r) => r.citedSources.length)!;
  assert.equal(citing.outlet, null);
  assert.deepEqual(citing.citedSources.map((c) => c.id), ['irna']);
  const show = await run(dir, 'show', citing.id, '--db', db);
  assert.match(show.out, /outlet\s+unknown outlet \(citing IRNA: The minister's real aim in the…, [0-9a-f]{6}\)/);
  assert.match(show.out, /cites\s+Islamic Republic News Agency \("IRNA"\) — in the title/);
  const groups = await run(dir, 'groups', '--db', db);
  assert.match(groups.out, /unknown outlet \(by H\. Someone, [0-9a-f]{6}\)/);
});

test('groups --suggest proposes one group per country, lists unknown outlets as ungrouped and changes nothing', async () => {
  const { dir, db } = await corpus();
  const r = await run(dir, 'groups', '--suggest', '--db', db);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /No perspective groups are defined/);
  assert.match(r.out, /^ {2}Azerbaijan {2}countries AZ; 1 article$/m);
  assert.match(r.out, /^ {6}Mehr News Agency \(state\) {2}1$/m);
  assert.match(r.out, /ungrouped[\s\S]*unknown outlet \(citing IRNA[\s\S]*it cites IRNA, Iran: a source, not its outlet/);
  assert.match(r.out, /Nothing was changed/);
  const split = await run(dir, 'groups', '--suggest', '--ownership', '--db', db, '--json');
  const j = JSON.parse(split.out) as { groups: Array<{ name: string }>; ungrouped: unknown[]; fragment: { groups: Record<string, { countries: string[]; ownership?: string[] }> } };
  assert.deepEqual(j.groups.map((g) => g.name).sort(), ['Azerbaijan — private media', 'Iran — state media']);
  assert.deepEqual(j.fragment.groups['Iran — state media'], { countries: ['IR'], ownership: ['state'], note: 'suggested: Mehr News Agency (1)' });
  assert.equal(j.ungrouped.length, 2);
  assert.equal(split.err, '', 'no hint with --json');
  // Nothing stored changed.
  const stored = JSON.parse((await run(dir, 'list', '--db', db, '--json')).out) as Array<{ group: string | null }>;
  assert.ok(stored.every((a) => a.group === null));
});

test('groups --suggest --write writes an editable config fragment that --apply then uses; the hint points at it', async () => {
  const { dir, db } = await corpus();
  const file = join(dir, 'groups.json');
  const w = await run(dir, 'groups', '--suggest', '--write', file, '--db', db);
  assert.equal(w.code, 0, w.err);
  const fragment = JSON.parse(readFileSync(file, 'utf8')) as { groups: Record<string, unknown> };
  assert.deepEqual(Object.keys(fragment.groups).sort(), ['Azerbaijan', 'Iran']);
  const again = await run(dir, 'groups', '--suggest', '--write', file, '--db', db);
  assert.equal(again.code, 2);
  assert.match(again.err, /groups\.json.*already exists/);

  // A view by group says where to get groups, on stderr only.
  const stance = await run(dir, 'analyze', '--db', db);
  assert.equal(stance.code, 0, stance.err);
  const labels = await run(dir, 'labels', '--by', 'group', '--db', db);
  assert.match(labels.err, /hint: no perspective groups are defined.*parallax groups --suggest/);
  assert.doesNotMatch((await run(dir, 'labels', '--by', 'group', '--db', db, '--json')).err, /hint/);

  // The user edits the file (renames a group) and applies it.
  writeFileSync(file, JSON.stringify({ groups: { 'Iranian media': { countries: ['IR'] }, Azerbaijan: { countries: ['AZ'] } } }));
  const applied = await run(dir, 'groups', '--apply', '--config', file, '--db', db);
  assert.equal(applied.code, 0, applied.err);
  assert.match(applied.out, /2 changed group/);
  const groups = JSON.parse((await run(dir, 'groups', '--db', db, '--json')).out) as { groups: Array<{ group: string; articles: number }> };
  assert.deepEqual(Object.fromEntries(groups.groups.map((g) => [g.group, g.articles])), { 'Iranian media': 1, Azerbaijan: 1, '(no group)': 2 });
  assert.doesNotMatch((await run(dir, 'labels', '--by', 'group', '--db', db)).err, /hint/);
});

test('groups refuses mixed or misplaced options with a usage error', async () => {
  const { dir, db } = await corpus();
  assert.equal((await run(dir, 'groups', '--suggest', '--apply', '--db', db)).code, 2);
  assert.equal((await run(dir, 'groups', '--write', join(dir, 'x.json'), '--db', db)).code, 2);
  assert.ok(!existsSync(join(dir, 'x.json')));
  const noConfig = await run(dir, 'groups', '--apply', '--db', db);
  assert.equal(noConfig.code, 2);
  assert.match(noConfig.err, /--apply needs a config/);
});
