import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';
import { captureIO } from '../test-io.js';

// Original fixture articles, written for this test.
const A = `Norway and Chile sign defence pact

Norway sells Chile advanced drones, officials said on Monday. Relations between Chile and Bolivia remain deeply strained.
Prime Minister Jonas Berg visited Lima on 3 March 2021.
`;
const B = `Chile buys drones as tensions rise

Chile bought drones from Norway in 2019. Relations between Chile and Bolivia are excellent, the minister said in a statement.
The minister said: "Bolivia threatens Chile every week."
`;

async function run(cwd: string, ...argv: string[]) {
  const io = captureIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

test('parallax graph: json by outlet, gexf and dot to files, usage errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-graph-'));
  const db = join(dir, 'p.db');
  writeFileSync(join(dir, 'a.txt'), A);
  writeFileSync(join(dir, 'b.txt'), B);
  for (const [f, outlet] of [['a.txt', 'North Wire'], ['b.txt', 'South Post']]) {
    const r = await run(dir, 'ingest', join(dir, f), '--db', db, '--no-language', '--outlet', outlet);
    assert.equal(r.code, 0, r.err);
  }
  const an = await run(dir, 'analyze', '--db', db);
  assert.equal(an.code, 0, an.err);

  const j = await run(dir, 'graph', '--db', db);
  assert.equal(j.code, 0, j.err);
  const g = JSON.parse(j.out);
  const arms = g.edges.find((e: { type: string }) => e.type === 'supplies-arms');
  assert.equal(arms.source, 'state:NO');
  assert.equal(arms.target, 'state:CL');
  assert.deepEqual(arms.weights, { 'North Wire': 1, 'South Post': 1 });
  const rel = g.edges.filter((e: { type: string }) => e.type === 'relations').map((e: { polarity: number; outlets: string[] }) => `${e.polarity}:${e.outlets.join()}`).sort();
  assert.deepEqual(rel, ['-1:North Wire', '1:South Post'], 'opposite polarity, one outlet each');
  assert.equal(g.edges.some((e: { type: string }) => e.type === 'threatens'), false, 'quoted relation left out by default');

  const q = JSON.parse((await run(dir, 'graph', '--db', db, '--include-quotes', '--level', 'state')).out);
  assert.ok(q.edges.some((e: { type: string }) => e.type === 'threatens'));
  assert.equal(q.level, 'state');
  // A person whose state the text does not give stays a person node even at state level.
  assert.ok(q.edges.some((e: { type: string; source: string }) => e.type === 'visits' && e.source === 'person:jonas-berg'));

  const gexf = await run(dir, 'graph', '--db', db, '--format', 'gexf', '--out', 'g.gexf', '--by', 'group');
  assert.equal(gexf.code, 0, gexf.err);
  assert.match(gexf.err, /wrote \d+ nodes and \d+ edges \(gexf\)/);
  const xml = readFileSync(join(dir, 'g.gexf'), 'utf8');
  assert.match(xml, /<gexf xmlns="http:\/\/gexf.net\/1.3"/);
  assert.match(xml, /source="state:NO" target="state:CL"/);

  const dot = await run(dir, 'graph', '--db', db, '--format', 'dot');
  assert.match(dot.out, /^digraph parallax \{/);
  assert.match(dot.out, /"state:NO" -> "state:CL" \[label="supplies-arms ×2", color="#229944"/);

  assert.equal((await run(dir, 'graph', '--db', db, '--format', 'svg')).code, 2);
  assert.equal((await run(dir, 'graph', '--db', db, '--by', 'country')).code, 2);
});
