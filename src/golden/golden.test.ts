// The golden findings corpus (docs/golden.md): today's findings of our own texts and the digest of the third-party
// ones must equal fixtures/golden. On a difference the test fails with the diff by article and kind; if the change
// is intended, `npm run golden -- --update` rewrites the fixtures and the diff is reviewed in the commit.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../core/test-seeds.js';
import { goldenSets, spreadPick } from './corpus.js';
import { around, diffDoc, formatDiffs } from './diff.js';
import { compareGolden, GOLDEN_DIR, runGolden, writeGolden, type GoldenRun } from './golden.js';
import { formatDoc, thirdPartySafe, wordCount, type GoldenDoc } from './snapshot.js';

const ROOT = repoRoot();
const { sets, skipped } = goldenSets(ROOT);
const digestSets = sets.filter((s) => s.family === 'digest');
const DIGEST_SKIP = digestSets.length ? false : `golden digest skipped: ${skipped.map((s) => s.reason).join('; ')}`;

let run: GoldenRun;
before(async () => {
  run = await runGolden(ROOT);
});

function failureMessage(families: string[]): string | null {
  const { diffs, manifest } = compareGolden(run);
  const mine = diffs.filter((d) => families.includes(d.path.split('/')[0]));
  if (!mine.length && !manifest.length) return null;
  return [
    `the findings differ from ${GOLDEN_DIR} in ${mine.length} article(s)`,
    ...manifest.map((m) => `manifest: ${m}`),
    formatDiffs(mine, { limit: 5 }),
    'if the change is intended: npm run golden -- --update, then review and commit the fixtures',
  ].join('\n');
}

test('golden: the findings of our own texts (examples/, fixtures/) equal fixtures/golden/findings', { timeout: 180_000 }, () => {
  assert.ok(run.ran.includes('examples') && run.ran.includes('multilingual') && run.ran.includes('fixtures'));
  assert.ok(run.articles.filter((a) => a.family === 'findings').length >= 20, 'the example corpus and the fixtures give at least 20 articles');
  const msg = failureMessage(['findings']);
  assert.equal(msg, null, msg ?? '');
});

test('golden: the digest of the seeds and the PTC / PolNeAR development articles equals fixtures/golden/digest', { skip: DIGEST_SKIP, timeout: 180_000 }, () => {
  for (const s of skipped) console.log(`# golden: set ${s.name} skipped: ${s.reason}`);
  const devArticles = run.articles.filter((a) => a.set === 'ptc' || a.set === 'polnear').length;
  if (run.ran.includes('ptc') && run.ran.includes('polnear')) assert.ok(devArticles >= 40, `at least 40 development articles, got ${devArticles}`);
  const msg = failureMessage(['digest']);
  assert.equal(msg, null, msg ?? '');
});

// --- No third-party text in the repository -------------------------------------------------------------------

function digestFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.json')) out.push(p);
    }
  };
  walk(join(ROOT, GOLDEN_DIR, 'digest'));
  return out;
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, strings(k, out));
  return out;
}

test('golden digest: no string in it is longer than a short label (checked on the committed files)', () => {
  const files = digestFiles();
  if (!DIGEST_SKIP) assert.ok(files.length >= 45, `expected the digests of the seeds and 40 development articles, found ${files.length}`);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.doesNotMatch(text, /"(evidence|message)":/, `${f}: the digest holds an evidence or message field`);
    // The source is the data set's own file name (PolNeAR's carry a slug of the headline): an identifier, not checked.
    const { source: _source, ...doc } = JSON.parse(text) as GoldenDoc;
    for (const s of strings(doc)) {
      assert.ok(wordCount(s) <= 6, `${f}: a string of more than six words: ${s.slice(0, 40)}…`);
    }
  }
});

test('golden digest: no run of seven words of a third-party article appears in its digest', { skip: DIGEST_SKIP }, () => {
  const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  let checked = 0;
  for (const a of run.articles) {
    if (a.family !== 'digest' || !a.article) continue;
    const path = join(ROOT, GOLDEN_DIR, 'digest', a.set, `${a.key.replace(/#(\d+)$/, '.$1')}.json`);
    if (!existsSync(path)) continue;
    const { source: _source, ...doc } = JSON.parse(readFileSync(path, 'utf8')) as GoldenDoc;
    const digest = ` ${words(JSON.stringify(doc)).join(' ')} `;
    const w = words(a.article.text);
    for (let i = 0; i + 7 <= w.length; i++) {
      const run7 = ` ${w.slice(i, i + 7).join(' ')} `;
      assert.ok(!digest.includes(run7), `${path} holds words of the article: "${run7.trim()}"`);
    }
    checked++;
  }
  assert.ok(checked >= 40, `checked ${checked} digests`);
});

// --- Units -------------------------------------------------------------------------------------------------------

test('thirdPartySafe keeps tokens and short labels and hashes anything longer', () => {
  assert.equal(thirdPartySafe('cue', 'regime'), 'regime');
  assert.equal(thirdPartySafe('actorId', 'state:IL'), 'state:IL');
  assert.equal(thirdPartySafe('labelNormalized', 'the occupying regime'), 'the occupying regime');
  assert.match(thirdPartySafe('labelNormalized', 'review-journal editor-in-chief jane doe'), /^#/, 'seven words counted through hyphens');
  assert.match(thirdPartySafe('id', 'a-b-c-d-e-f-g'), /^#/);
  assert.match(thirdPartySafe('actorId', 'person:review-journal-editor-in-chief-jane-doe'), /^person:#[0-9a-f]{10}$/);
  const clause = 'the minister said that the talks would resume';
  assert.match(thirdPartySafe('text', 'two words'), /^#[0-9a-f]{10}$/);
  assert.match(thirdPartySafe('label', clause), /^#[0-9a-f]{10}$/, 'a label longer than six words is hashed too');
  assert.equal(thirdPartySafe('label', clause), thirdPartySafe('label', clause), 'the same text gives the same hash');
});

test('spreadPick takes evenly spaced items, all of a short list, and is deterministic', () => {
  const xs = Array.from({ length: 10 }, (_, i) => i);
  assert.deepEqual(spreadPick(xs, 5), [0, 2, 4, 6, 8]);
  assert.deepEqual(spreadPick(xs, 20), xs);
  assert.deepEqual(spreadPick(['a', 'b', 'c'], 2), ['a', 'b']);
});

const line = (id: string, start: number, end: number, extra: Record<string, unknown> = {}) => {
  const [, kind] = id.split(':');
  return { id, kind, span: { start, end }, evidence: 'x'.repeat(end - start), voice: 'outlet', ...extra };
};

test('formatDoc writes one finding per line and reads back as the same document', () => {
  const doc: GoldenDoc = { source: 'a.txt', counts: { label: 2 }, findings: [line('labels:label:0-3', 0, 3), line('labels:label:5-9', 5, 9)] };
  const text = formatDoc(doc);
  assert.deepEqual(JSON.parse(text), doc);
  assert.equal(text.split('\n').filter((l) => l.includes('"labels:label:')).length, 2);
});

test('diffDoc and formatDiffs: added, removed and changed findings by kind, with the text around the span', () => {
  const text = 'Alpha said the regime was weak. Beta agreed.';
  const before: GoldenDoc = {
    source: 'a.txt',
    findings: [line('labels:label:15-21', 15, 21, { connotation: 'neutral' }), line('stance:stance:0-5', 0, 5, { polarity: 'neutral' })],
  };
  const after: GoldenDoc = {
    source: 'a.txt',
    findings: [line('labels:label:15-21', 15, 21, { connotation: 'pejorative' }), line('stance:stance:32-36', 32, 36, { polarity: 'positive' })],
  };
  assert.equal(diffDoc('p.json', before, structuredClone(before), text), null, 'equal documents give no diff');
  const d = diffDoc('p.json', before, after, text)!;
  assert.equal(d.status, 'changed');
  assert.deepEqual([...d.kinds.keys()], ['label', 'stance']);
  assert.deepEqual(d.kinds.get('label')!.changed[0].fields, ['connotation']);
  assert.equal(d.kinds.get('stance')!.added.length, 1);
  assert.equal(d.kinds.get('stance')!.removed.length, 1);
  const out = formatDiffs([d]);
  assert.match(out, /label: \+0 −0 ~1/);
  assert.match(out, /stance: \+1 −1 ~0/);
  assert.match(out, /connotation: "neutral" → "pejorative"/);
  assert.match(out, /said the \[regime\] was weak/);
  assert.match(out, /\+ 32-36 stance polarity=positive/);
  assert.equal(diffDoc('p.json', null, after)!.status, 'added');
  assert.equal(diffDoc('p.json', before, null)!.status, 'removed');
});

test('around marks the span and folds line breaks', () => {
  assert.equal(around('one\ntwo three', 4, 7, 3), '…ne ⏎ [two] th…');
});

test('a fixture left unreadable by a merge (conflict markers) is reported by name, and --update rewrites it', () => {
  const root = mkdtempSync(join(tmpdir(), 'parallax-golden-'));
  try {
    const doc: GoldenDoc = { source: 'examples/a.txt', counts: {}, findings: [line('labels:label:0-3', 0, 3)] };
    const path = 'findings/examples/a.txt.json';
    const fake: GoldenRun = {
      root,
      families: ['findings'],
      articles: [],
      docs: new Map([[path, { doc, article: { set: 'examples', family: 'findings', key: 'examples/a.txt', article: null, analysis: null, error: null } }]]),
      manifest: { about: '', schemaVersion: '1.0.0', versions: { labels: '1.0.0' }, sets: { examples: { family: 'findings', selection: 'test', articles: ['examples/a.txt'] } } },
      ran: ['examples'],
      skipped: [],
      seconds: 0,
    };
    const dir = join(root, GOLDEN_DIR, 'findings', 'examples');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.txt.json'), `<<<<<<< HEAD\n${formatDoc(doc)}=======\n${formatDoc(doc)}>>>>>>> other\n`);
    writeFileSync(join(dir, 'gone.txt.json'), '{"source":"examples/gone.txt"}\n');
    writeFileSync(join(root, GOLDEN_DIR, 'manifest.json'), '<<<<<<< HEAD\n{}\n');
    const { diffs, manifest } = compareGolden(fake);
    assert.match(manifest.join('\n'), /manifest\.json is not valid JSON/);
    const text = formatDiffs(diffs);
    assert.match(text, /unreadable fixture: .*a\.txt\.json is not valid JSON/);
    assert.match(text, /unreadable fixture: .*gone\.txt\.json has no "findings" array/);

    writeGolden(fake);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'a.txt.json'), 'utf8')), doc);
    assert.equal(existsSync(join(dir, 'gone.txt.json')), false, 'the fixture of an article no longer in the corpus is deleted');
    assert.deepEqual(compareGolden(fake), { diffs: [], manifest: [] });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
