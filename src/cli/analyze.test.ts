import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';
import { captureIO } from './test-io.js';
import { openStore } from '../storage/index.js';

// Two original articles from invented outlets on opposite sides, written for this test.
const A = `Ostravan forces shell border villages

By: Mila Korsh

The Ostravan regime shelled three villages near the border on Sunday, the Interior Ministry in Kelm said.
Interior Minister Tomas Brandt called the attack "a crime that the occupying regime in Ostrava will pay for".
Ostrava denied the report and said its troops had only returned fire.
`;
const B = `Ostrava says it returned fire after provocation from Kelm

By: Yana Veld

Ostrava said on Sunday that its troops returned fire after units from Kelm crossed the border line.
President Aron Dahl said Ostrava would defend every village and called for talks under United Nations supervision.
The United Nations urged both sides to respect the ceasefire.
`;

async function run(cwd: string, ...argv: string[]) {
  const io = captureIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

test('analyze is incremental, and actors and labels trace every label to its words', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-analyze-'));
  writeFileSync(join(dir, 'kelm-herald.txt'), A);
  writeFileSync(join(dir, 'ostrava-today.txt'), B);
  const db = join(dir, 'p.db');
  assert.equal((await run(dir, 'ingest', join(dir, 'kelm-herald.txt'), '--db', db, '--outlet', 'Kelm Herald', '--group', 'Kelm side', '--no-language')).code, 0);
  assert.equal((await run(dir, 'ingest', join(dir, 'ostrava-today.txt'), '--db', db, '--outlet', 'Ostrava Today', '--group', 'Ostrava side', '--no-language')).code, 0);

  const first = JSON.parse((await run(dir, 'analyze', '--db', db, '--json')).out);
  assert.equal(first.analyzed, 2);
  assert.ok(first.findings > 5);
  const second = JSON.parse((await run(dir, 'analyze', '--db', db, '--json')).out);
  assert.equal(second.analyzed, 0, 'nothing is stale');
  assert.equal(second.current, 2);
  const forced = JSON.parse((await run(dir, 'analyze', '--db', db, '--json', '--force')).out);
  assert.equal(forced.analyzed, 2);

  // A changed analyzer version makes the stored analysis stale.
  const store = await openStore(db);
  const ids = (await store.listArticles()).map((a) => a.id);
  const stored = await store.getAnalysis(ids[0]);
  assert.ok(stored);
  await store.putAnalysis({ ...stored, versions: { ...stored.versions, actors: '0.0.0-old' } });
  await store.close();
  const third = JSON.parse((await run(dir, 'analyze', '--db', db, '--json')).out);
  assert.equal(third.analyzed, 1);

  const actors = JSON.parse((await run(dir, 'actors', '--db', db, '--json')).out).actors;
  const united = actors.find((a: { canonical: string }) => /United Nations/.test(a.canonical));
  assert.ok(united, `UN found among ${actors.map((a: { canonical: string }) => a.canonical).join(', ')}`);
  assert.ok(Object.keys(united.outlets).length >= 1);

  const labels = JSON.parse((await run(dir, 'labels', '--db', db, '--json', '--limit', '0')).out);
  assert.ok(labels.actors.length > 0);
  const texts = new Map<string, string>();
  const s2 = await openStore(db);
  for (const id of ids) texts.set(id, (await s2.getArticle(id))!.text);
  await s2.close();
  let traced = 0;
  for (const row of labels.actors) {
    for (const cells of Object.values(row.columns) as Array<Array<{ mentions: Array<{ articleId: string; span: { start: number; end: number }; evidence: string }> }>>) {
      for (const cell of cells) {
        for (const m of cell.mentions) {
          assert.equal(texts.get(m.articleId)!.slice(m.span.start, m.span.end), m.evidence);
          traced++;
        }
      }
    }
  }
  assert.ok(traced > 3);
  const pejorative = labels.actors.flatMap((r: { columns: Record<string, Array<{ connotation: string; label: string }>> }) =>
    Object.values(r.columns).flat().filter((c) => c.connotation === 'pejorative'),
  );
  assert.ok(pejorative.some((c: { label: string }) => /regime/.test(c.label)), 'the Kelm outlet\'s own "Ostravan regime" is a pejorative label');

  const bad = await run(dir, 'labels', '--db', db, '--by', 'party');
  assert.equal(bad.code, 2);
});
