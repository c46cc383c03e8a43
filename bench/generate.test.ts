import { test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, generateCorpus, selectOutlets } from './generate.js';

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

test('generateCorpus: the scale profile (20 outlets, 60 days, ~700 words) and articles that are not near-duplicates', async () => {
  const dir = tmp();
  try {
    const r = await generateCorpus(dir, { count: 400, html: 0, seed: 7, outlets: 20, days: 60, words: [640, 760], republications: 0, duplicates: 0 });
    const outlets = selectOutlets(20);
    assert.equal(outlets.length, 20);
    assert.equal(new Set(outlets.map((o) => o.name)).size, 20);
    assert.deepEqual([...new Set(outlets.map((o) => o.kind))].sort(), ['daily', 'independent', 'state', 'wire']);
    const seen = new Set<string>();
    const bodies: string[] = [];
    let total = 0;
    for (const e of r.manifest) {
      const text = readFileSync(join(dir, e.file), 'utf8');
      const when = /\n(\d\d) (\w{3}) (\d{4}) - /.exec(text);
      assert.ok(when, e.file);
      const t = Date.parse(`${when[1]} ${when[2]} ${when[3]} UTC`);
      assert.ok(t >= Date.UTC(2023, 0, 1) && t < Date.UTC(2023, 0, 1) + 60 * 86400_000, `${e.file}: ${when[0]}`);
      const m = /\nBy: [^\n]+\n\n([\s\S]+?)\n\n(?:Read also|Latest news)\n/.exec(text);
      assert.ok(m, e.file);
      const words = m[1].split(/\s+/).filter(Boolean).length;
      assert.ok(words >= 640 && words <= 800, `${e.file}: ${words} words`);
      total += words;
      bodies.push(m[1]);
      const outlet = outlets.find((o) => text.includes(o.name));
      assert.ok(outlet, `${e.file} names one of the 20 outlets`);
      seen.add(outlet.name);
    }
    const mean = total / r.manifest.length;
    assert.ok(mean > 670 && mean < 740, `mean ${mean} words`);
    assert.ok(seen.size >= 18, `${seen.size} outlets publish`);
    // Not near-duplicates: 4-word shingle Jaccard between bodies stays low on every pair of 60 articles.
    const shingles = bodies.slice(0, 60).map((b) => {
      const w = b.toLowerCase().split(/\s+/);
      const s = new Set<string>();
      for (let i = 0; i + 4 <= w.length; i++) s.add(w.slice(i, i + 4).join(' '));
      return s;
    });
    let max = 0;
    for (let i = 0; i < shingles.length; i++) {
      for (let j = i + 1; j < shingles.length; j++) {
        let inter = 0;
        for (const x of shingles[i]) if (shingles[j].has(x)) inter++;
        max = Math.max(max, inter / (shingles[i].size + shingles[j].size - inter));
      }
    }
    assert.ok(max < 0.3, `max body Jaccard ${max}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generateCorpus: the defaults did not move (byte-identical to the generator before the scale options)', async () => {
  const dir = tmp();
  try {
    await generateCorpus(dir, { count: 200, html: 0.3, seed: 42 });
    const h = createHash('sha256');
    for (const f of readdirSync(dir).sort()) {
      h.update(f);
      h.update(readFileSync(join(dir, f)));
    }
    // sha256 of the 200 files (names and bytes) written by bench/generate.ts at f8e2981, before outlets/days/words.
    assert.equal(h.digest('hex'), '167e2c821e3acf52c8db53f2b328b429547095d26faa027fb1b6e11f774cbaf3');
    assert.equal(selectOutlets().length, 39);
    assert.throws(() => selectOutlets(1), /at least 2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
