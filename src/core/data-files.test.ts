import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../server/paths.js';
import { dataInventory, listDataFiles, readDataFile } from './data-files.js';

test('every shipped data file says what it is, where its entries come from and its licence; docs/data.md is current', () => {
  const root = packageRoot();
  const files = listDataFiles(join(root, 'src'));
  assert.ok(files.length >= 50, `found ${files.length} data files`);
  const infos = files.map((f) => readDataFile(f, root).info);
  for (const i of infos) assert.ok(i.licence.length > 2 && i.source.length > 10, i.path);
  assert.ok(infos.some((i) => i.path === 'src/analyzers/stance/data/model.json' && /NewsMTSC/.test(i.source)), 'the stance weights name their training data');
  const doc = readFileSync(join(root, 'docs', 'data.md'), 'utf8');
  assert.equal(doc, dataInventory(infos), 'docs/data.md is out of date: run `npm run data-docs`');
});

test('a data file without a licence, a source or a description, or not JSON, is refused naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-data-'));
  try {
    const write = (name: string, body: string): string => {
      const p = join(dir, name);
      writeFileSync(p, body);
      return p;
    };
    const refused = (p: string, why: RegExp) =>
      assert.throws(() => readDataFile(p, dir), (e: Error & { code?: string; input?: string }) => e.code === 'E_CONFIG' && e.input === p.slice(dir.length + 1) && why.test(e.message));
    refused(write('a.json', '{"note": "x", "source": "ours", "entries": [1,'), /not valid JSON/);
    refused(write('b.json', '{"note": "words", "source": "ours", "entries": []}'), /licence/);
    refused(write('c.json', '{"note": "words", "licence": "MIT", "entries": []}'), /source/);
    refused(write('d.json', '{"source": "ours", "licence": "MIT", "entries": []}'), /what it is/);
    refused(write('e.json', '[1, 2]'), /JSON object/);
    const ok = readDataFile(write('f.json', '{"$comment": "words", "sources": {"v": {"name": "VADER"}}, "licence": "MIT", "entries": [1, 2, 3], "x": {"a": 1}}'), dir);
    assert.deepEqual({ source: ok.info.source, entries: ok.info.entries, path: ok.info.path }, { source: 'VADER', entries: 3, path: 'f.json' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
