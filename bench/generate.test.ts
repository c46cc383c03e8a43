import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, generateCorpus } from './generate.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'parallax-gen-'));
}

test('generateCorpus: same seed gives byte-identical files; another seed does not', async () => {
  const [a, b, c] = [tmp(), tmp(), tmp()];
  try {
    await generateCorpus(a, { count: 300, html: 0.4, seed: 7 });
    await generateCorpus(b, { count: 300, html: 0.4, seed: 7 });
    await generateCorpus(c, { count: 300, html: 0.4, seed: 8 });
    const names = readdirSync(a).sort();
    assert.deepEqual(readdirSync(b).sort(), names);
    for (const n of names) assert.equal(readFileSync(join(a, n), 'utf8'), readFileSync(join(b, n), 'utf8'), n);
    assert.notDeepEqual(readdirSync(c).sort(), names);
  } finally {
    for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true });
  }
});

test('generateCorpus: counts, formats and ground truth', async () => {
  const dir = tmp();
  try {
    const r = await generateCorpus(dir, { count: 1500, html: 0.3, seed: 42, republications: 0.05, duplicates: 0.03 });
    assert.equal(r.files, 1500);
    assert.equal(readdirSync(dir).length, 1500);
    assert.equal(r.txt + r.html, 1500);
    assert.ok(r.html > 300 && r.html < 600, `html ${r.html}`);
    assert.ok(r.republications > 20 && r.duplicates > 10, JSON.stringify({ rep: r.republications, dup: r.duplicates }));
    for (const e of r.manifest) {
      const body = readFileSync(join(dir, e.file), 'utf8');
      if (e.kind === 'duplicate') assert.equal(body, readFileSync(join(dir, e.of as string), 'utf8'));
      if (e.kind === 'republication') {
        assert.ok(e.of, 'a republication names its original');
        assert.match(body, /By (Northwire|Continental Press Agency|Atlas Wire Service)/);
      }
    }
    const html = r.manifest.find((e) => e.file.endsWith('.html'));
    assert.ok(html);
    assert.match(readFileSync(join(dir, html.file), 'utf8'), /<nav>[\s\S]*<footer>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generateCorpus: bodies are 300-800 words', async () => {
  const dir = tmp();
  try {
    const r = await generateCorpus(dir, { count: 300, html: 0, seed: 3, republications: 0, duplicates: 0 });
    for (const e of r.manifest) {
      const text = readFileSync(join(dir, e.file), 'utf8');
      // Body = between the byline line and the trailing "Read also"/"Latest news" list.
      const m = /\nBy: [^\n]+\n\n([\s\S]+?)\n\n(?:Read also|Latest news)\n/.exec(text);
      assert.ok(m, e.file);
      const words = m[1].split(/\s+/).filter(Boolean).length;
      assert.ok(words >= 300 && words <= 800, `${e.file}: ${words} words`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('createRng: deterministic, in [0, 1)', () => {
  const a = createRng(1);
  const b = createRng(1);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
});
