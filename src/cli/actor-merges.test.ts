import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';
import { captureIO } from './test-io.js';

// Original fixture text: two invented outlets name one invented official differently.
const A = `Quay dispute reaches the council

Jonas Brekke, the harbourmaster, said on Monday that the quay would reopen in May, and the council agreed to pay
for the repairs. The ferry timetable would not change, he added.
`;
const B = `Vessa quay to reopen in May

Johan Brekke, who runs the harbour, told the Vessa Courier that the quay would reopen in May. Critics on the Tallis
side of the bay said the repairs cost too much.
`;

async function run(cwd: string, ...argv: string[]) {
  const io = captureIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

interface ActorRow {
  id: string;
  canonical: string;
  mentionCount: number;
  articleIds: string[];
}

test('actors --merge joins two actors in every view, --merges lists, --unmerge undoes; bad requests are one-line errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-merge-'));
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in', 'a.txt'), A);
  writeFileSync(join(dir, 'in', 'b.txt'), B);
  const db = join(dir, 'p.db');
  assert.equal((await run(dir, 'ingest', join(dir, 'in'), '--db', db, '--outlet', 'Quay Weekly')).code, 0);
  assert.equal((await run(dir, 'analyze', '--db', db)).code, 0);
  const actors = async (): Promise<ActorRow[]> => (JSON.parse((await run(dir, 'actors', '--db', db, '--json', '--kind', 'person', '--limit', '0')).out) as { actors: ActorRow[] }).actors;
  const before = await actors();
  const jonas = before.find((a) => a.id === 'person:jonas-brekke');
  const jo = before.find((a) => a.id === 'person:johan-brekke');
  assert.ok(jonas && jo, `both spellings found as two people: ${before.map((a) => a.id).join(', ')}`);

  const merged = await run(dir, 'actors', '--db', db, '--merge', 'Johan Brekke', 'person:jonas-brekke', '--note', 'same harbourmaster');
  assert.equal(merged.code, 0, merged.err);
  assert.match(merged.out, /merged “Johan Brekke” \(person:johan-brekke, \d+ mentions\) into “Jonas Brekke”/);
  const after = await actors();
  assert.equal(after.find((a) => a.id === 'person:johan-brekke'), undefined);
  const one = after.find((a) => a.id === 'person:jonas-brekke')!;
  assert.equal(one.mentionCount, jonas.mentionCount + jo.mentionCount);
  assert.deepEqual(one.articleIds, [...new Set([...jonas.articleIds, ...jo.articleIds])].sort());
  // other views see the merge too: the label matrix has no row for the merged id
  const labels = (await run(dir, 'labels', '--db', db, '--json')).out;
  assert.ok(!labels.includes('"person:johan-brekke"'), 'labels use the merged id');

  const list = await run(dir, 'actors', '--db', db, '--merges', '--json');
  assert.deepEqual(
    (JSON.parse(list.out) as { merges: Array<{ from: string; to: string; note: string }> }).merges.map((m) => [m.from, m.to, m.note]),
    [['person:johan-brekke', 'person:jonas-brekke', 'same harbourmaster']],
  );
  const cycle = await run(dir, 'actors', '--db', db, '--merge', 'person:jonas-brekke', 'person:jonas-brekke');
  assert.equal(cycle.code, 2);
  assert.match(cycle.err, /already one actor/);
  const unknown = await run(dir, 'actors', '--db', db, '--merge', 'Nobody Atall', 'person:jonas-brekke');
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.err, /no actor matches "Nobody Atall"/);
  assert.doesNotMatch(unknown.err, /\n\s+at /, 'no stack trace');
  const missing = await run(dir, 'actors', '--db', db, '--merge', 'person:jonas-brekke');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /usage: parallax actors --merge <actor> <into-actor>/);

  const undo = await run(dir, 'actors', '--db', db, '--unmerge', 'person:johan-brekke');
  assert.equal(undo.code, 0, undo.err);
  assert.deepEqual((await actors()).map((a) => [a.id, a.mentionCount]), before.map((a) => [a.id, a.mentionCount]));
  const again = await run(dir, 'actors', '--db', db, '--unmerge', 'person:johan-brekke');
  assert.notEqual(again.code, 0);
  assert.match(again.err, /no merge of "person:johan-brekke"; the merge table is empty/);
});
