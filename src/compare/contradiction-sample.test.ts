import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';
import { openStore } from '../storage/index.js';
import { compareFromRows } from '../services/pipeline-run.js';
import { repoRoot, SEEDS_DIR, SEEDS_SKIP } from '../core/test-seeds.js';
import type { Comparison, Contradiction } from './index.js';

/**
 * Precision of reported contradictions over the hand-checked sample (fixtures/compare/contradictions.json; how it
 * was labelled is said there and in docs/compare.md). Each corpus is ingested, analysed and compared as the CLI
 * does; every reported contradiction is matched to a labelled pair. At least 80% of those reported must be real
 * (an unlabelled one counts as not real: label it in the fixture). Third-party corpora are read from ../shared
 * at run time and skipped with a message when it is absent.
 */

interface Ref {
  articleId: string;
  start: number;
  end: number;
}
interface Label {
  a: Ref;
  b: Ref;
  label: 'real' | 'false';
  mustFind?: boolean;
  note?: string;
}
interface Sample {
  corpora: Record<string, { thirdParty: boolean; labels: Label[]; neverUsed?: Array<Ref & { note: string }> }>;
}

const ROOT = repoRoot();
const SAMPLE = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'compare', 'contradictions.json'), 'utf8')) as Sample;
const POLNEAR = resolve(ROOT, '..', 'shared', 'data', 'polnear');
const POLNEAR_SKIP = existsSync(join(POLNEAR, 'dev', 'text')) ? false : `PolNeAR development texts not found at ${POLNEAR} (they are not part of the repository)`;

async function compared(ingests: string[][]): Promise<Comparison> {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-contra-'));
  try {
    const db = join(dir, 'p.db');
    const io = captureIO(ROOT);
    for (const args of ingests) assert.equal(await main(['ingest', ...args, '--db', db], io), 0, io.err());
    assert.equal(await main(['analyze', '--db', db], io), 0, io.err());
    const store = await openStore(db);
    try {
      return (await compareFromRows(store)).comparison;
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = (s: { articleId: string; span: { start: number; end: number } }, r: Ref) => s.articleId === r.articleId && s.span.start === r.start && s.span.end === r.end;

/** The label of a reported contradiction: an entry with a source of one side at a and of another side at b. */
function labelOf(x: Contradiction, labels: readonly Label[]): Label | undefined {
  const sideOf = (r: Ref) => x.sides.findIndex((sd) => sd.sources.some((s) => at(s, r)));
  return labels.find((l) => {
    const i = sideOf(l.a);
    const j = sideOf(l.b);
    return i >= 0 && j >= 0 && i !== j;
  });
}

interface Tally {
  reported: number;
  real: number;
  unlabelled: string[];
}

function check(name: string, c: Comparison, t: { diagnostic: (m: string) => void }): Tally {
  const fx = SAMPLE.corpora[name];
  const tally: Tally = { reported: c.contradictions.length, real: 0, unlabelled: [] };
  for (const x of c.contradictions) {
    const l = labelOf(x, fx.labels);
    if (!l) tally.unlabelled.push(`${x.description} — ${x.pair.a.articleId}@${x.pair.a.span.start}-${x.pair.a.span.end} vs ${x.pair.b.articleId}@${x.pair.b.span.start}-${x.pair.b.span.end}`);
    else if (l.label === 'real') tally.real++;
    // Both sides are statements of two outlets; the denial is never counted as support of what it denies.
    assert.notEqual(x.outlets[0], x.outlets[1], x.description);
    const cluster = c.claims.find((k) => k.id === x.clusterId)!;
    const supporting = new Set(cluster.sources.filter((s) => !s.hedged && s.asserted !== false).map((s) => s.origin));
    assert.equal(cluster.origins, supporting.size, `${cluster.label}: only firm, undenied statements count as support`);
  }
  for (const l of fx.labels.filter((y) => y.mustFind)) assert.ok(c.contradictions.some((x) => labelOf(x, [l])), `${name}: the real contradiction is found (${l.note})`);
  for (const r of fx.neverUsed ?? []) {
    const used = c.contradictions.filter((x) => x.sides.some((sd) => sd.sources.some((s) => s.articleId === r.articleId && s.span.start < r.end && s.span.end > r.start)));
    assert.equal(used.length, 0, `${name}: ${r.note} (used by ${used.map((x) => x.description).join('; ')})`);
  }
  t.diagnostic(`${name}: ${tally.reported} contradictions reported, ${tally.real} real by the labels, ${tally.unlabelled.length} unlabelled${tally.unlabelled.length ? `: ${tally.unlabelled.join(' | ')}` : ''}`);
  return tally;
}

const totals: Tally[] = [];

test('contradiction sample: example corpus', { timeout: 120_000 }, async (t) => {
  const c = await compared([[join(ROOT, 'examples', 'corpus'), '--config', join(ROOT, 'examples', 'parallax.config.json')]]);
  const tally = check('example', c, t);
  assert.ok(tally.reported > 0, 'the example corpus has contradictions to show');
  totals.push(tally);
});

test('contradiction sample: seeds (the real one found, the two false ones of issue 14 gone)', { skip: SEEDS_SKIP, timeout: 120_000 }, async (t) => {
  const dir = SEEDS_DIR ?? '';
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => join(dir, f));
  const c = await compared([
    [...files.slice(0, 3), '--group', 'Iranian state media'],
    [...files.slice(3), '--group', 'Other outlets'],
  ]);
  totals.push(check('seeds', c, t));
});

test('contradiction sample: PolNeAR development texts (7 outlets, Sept.–Nov. 2016)', { skip: POLNEAR_SKIP, timeout: 300_000 }, async (t) => {
  // The texts as records with the publisher, date and title of metadata.tsv (written to a temporary file only).
  const meta = new Map<string, Record<string, string>>();
  const [head, ...rows] = readFileSync(join(POLNEAR, 'metadata.tsv'), 'utf8').split('\n').filter(Boolean);
  const cols = head.split('\t');
  for (const r of rows) {
    const v = r.split('\t');
    meta.set(v[cols.indexOf('filename')], Object.fromEntries(cols.map((k, i) => [k, v[i]])));
  }
  const NAMES: Record<string, string> = { breitbart: 'Breitbart', 'huff-post': 'HuffPost', nyt: 'The New York Times', politico: 'Politico', 'usa-today': 'USA Today', 'wash-post': 'The Washington Post', 'west-journal': 'Western Journal' };
  const dir = join(POLNEAR, 'dev', 'text');
  const records = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const base = f.slice(0, -4);
      const [pub, date] = base.split('_');
      const title = meta.get(base)?.title;
      return JSON.stringify({ text: readFileSync(join(dir, f), 'utf8'), outlet: NAMES[pub] ?? pub, published: date, title: title && title !== 'None' ? title : null, url: `file://polnear/${base}` });
    });
  const tmp = mkdtempSync(join(tmpdir(), 'parallax-polnear-'));
  try {
    const file = join(tmp, 'polnear-dev.jsonl');
    writeFileSync(file, `${records.join('\n')}\n`);
    totals.push(check('polnear-dev', await compared([[file]]), t));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('contradiction sample: at least 80% of reported contradictions are real', (t) => {
  const reported = totals.reduce((s, x) => s + x.reported, 0);
  const real = totals.reduce((s, x) => s + x.real, 0);
  t.diagnostic(`precision ${real}/${reported} over ${totals.length} corpora`);
  assert.ok(reported > 0);
  assert.ok(real / reported >= 0.8, `precision ${real}/${reported}`);
});
