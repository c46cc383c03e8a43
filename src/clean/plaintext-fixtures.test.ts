// Golden fixtures for the plain-text cleaner: fixtures/clean/<name>.txt (original text we wrote, invented
// outlets) with the expected result in <name>.expected.json. UPDATE_FIXTURES=1 rewrites the expected files;
// review their diff before committing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanPlainText } from './plaintext.js';
import { normalizeText } from './normalize.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test file');
    dir = up;
  }
  return dir;
}

const DIR = join(repoRoot(), 'fixtures', 'clean');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const names = readdirSync(DIR).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();

test('there are fixtures', () => {
  assert.ok(names.length >= 6, `expected at least 6 fixtures in ${DIR}`);
});

const squash = (s: string) => s.replace(/\s+/g, '');

for (const name of names) {
  test(`fixture ${name}`, () => {
    const input = readFileSync(join(DIR, `${name}.txt`), 'utf8');
    const result = cleanPlainText(input);
    const expectedPath = join(DIR, `${name}.expected.json`);
    if (UPDATE || !existsSync(expectedPath)) {
      writeFileSync(expectedPath, JSON.stringify(result, null, 2) + '\n');
    }

    // Invariants that hold for any input.
    assert.equal(normalizeText(result.text), result.text, 'text is normalised');
    for (const b of result.boilerplate) assert.ok(b.kind && b.text.trim(), 'every removal has a kind and text');
    // Nothing is lost: every input line is in the body, in a removal, or split between the two (glued footer).
    const bodyLines = new Set(result.text.split('\n').map(squash));
    const removed = result.boilerplate.flatMap((b) => b.text.split('\n')).map(squash);
    for (const line of normalizeText(input).split('\n').filter(Boolean).map(squash)) {
      const kept = bodyLines.has(line) || removed.includes(line) || removed.some((r) => line.endsWith(r) && bodyLines.has(line.slice(0, -r.length)));
      assert.ok(kept, `input line neither kept nor reported: ${line}`);
    }

    const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
    assert.deepEqual(JSON.parse(JSON.stringify(result)), expected);
  });
}
