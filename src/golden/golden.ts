/**
 * Runs the golden corpus and compares it with (or writes it to) fixtures/golden. Used by `npm run golden` and by
 * the golden test. docs/golden.md explains the layout and the review of an update.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { ANALYSIS_SCHEMA_VERSION } from '../core/pipeline.js';
import { createLanguageDetector } from '../clean/language.js';
import { createConfiguredPipeline } from '../services/analyze.js';
import { goldenSets, runSet, type GoldenArticle, type RunContext, type SetFamily, type SkippedSet } from './corpus.js';
import { diffDoc, type ArticleDiff } from './diff.js';
import { docFor, fixturePath, formatDoc, type GoldenDoc } from './snapshot.js';

export const GOLDEN_DIR = join('fixtures', 'golden');
const MANIFEST = 'manifest.json';

export interface GoldenManifest {
  about: string;
  schemaVersion: string;
  /** Analyzer versions of the default pipeline. */
  versions: Record<string, string>;
  sets: Record<string, { family: SetFamily; selection: string; articles: string[] }>;
}

export interface GoldenRun {
  root: string;
  families: SetFamily[];
  articles: GoldenArticle[];
  /** Fixture path (under fixtures/golden) -> document. */
  docs: Map<string, { doc: GoldenDoc; article: GoldenArticle }>;
  manifest: GoldenManifest;
  /** Sets that ran. */
  ran: string[];
  skipped: SkippedSet[];
  seconds: number;
}

export interface RunOptions {
  /** Only these families (default both). */
  families?: SetFamily[];
  /** The shared data folder (default ../shared beside the repository). */
  shared?: string;
}

/** Reads, cleans and analyses every golden article (about 70) and builds the documents the fixtures hold. */
export async function runGolden(root: string, opts: RunOptions = {}): Promise<GoldenRun> {
  const t0 = performance.now();
  const families = opts.families ?? ['findings', 'digest'];
  const all = goldenSets(root, opts.shared);
  const sets = all.sets.filter((s) => families.includes(s.family));
  const ctx: RunContext = { root, detector: await createLanguageDetector() };
  const articles: GoldenArticle[] = [];
  const manifest: GoldenManifest = {
    about: 'The golden findings corpus: see docs/golden.md. Regenerate with `npm run golden -- --update` and review the diff.',
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    versions: createConfiguredPipeline().versions,
    sets: {},
  };
  for (const set of sets) {
    const got = await runSet(set, ctx);
    articles.push(...got);
    manifest.sets[set.name] = { family: set.family, selection: set.selection, articles: got.map((a) => a.key) };
  }
  const docs = new Map<string, { doc: GoldenDoc; article: GoldenArticle }>();
  for (const a of articles) {
    const path = fixturePath(a);
    if (docs.has(path)) throw new Error(`two golden articles map to the same fixture ${path}`);
    docs.set(path, { doc: docFor(a), article: a });
  }
  return {
    root,
    families,
    articles,
    docs,
    manifest,
    ran: sets.map((s) => s.name),
    skipped: all.skipped.filter((s) => families.includes(s.family)),
    seconds: (performance.now() - t0) / 1000,
  };
}

function listJson(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Fixture files (paths under fixtures/golden) that belong to the sets of this run. */
function existingFixtures(run: GoldenRun): string[] {
  const base = join(run.root, GOLDEN_DIR);
  const dirs = [
    ...(run.ran.some((s) => run.manifest.sets[s]?.family === 'findings') ? [join(base, 'findings')] : []),
    ...run.ran.filter((s) => run.manifest.sets[s].family === 'digest').map((s) => join(base, 'digest', s)),
  ];
  return dirs.flatMap(listJson).map((p) => relative(base, p).split(sep).join('/'));
}

/**
 * A fixture file, or why it cannot be read (say, git conflict markers left by a merge): never a stack trace, and
 * `--update` still rewrites it.
 */
export function readFixture<T = GoldenDoc>(file: string, field = 'findings'): { doc: T } | { unreadable: string } | null {
  if (!existsSync(file)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { unreadable: `${file} is not valid JSON (${(e as Error).message.split('\n')[0]})` };
  }
  const value = doc && typeof doc === 'object' ? (doc as Record<string, unknown>)[field] : undefined;
  if (value === undefined || (field === 'findings' && !Array.isArray(value))) return { unreadable: `${file} has no "${field}"${field === 'findings' ? ' array' : ''}` };
  return { doc: doc as T };
}

function readManifest(root: string): GoldenManifest | { unreadable: string } | null {
  const r = readFixture<GoldenManifest>(join(root, GOLDEN_DIR, MANIFEST), 'sets');
  return r && 'doc' in r ? r.doc : r;
}

/** The manifest as written: this run's sets plus, untouched, those of a set that did not run (its data absent). */
function mergedManifest(run: GoldenRun): GoldenManifest {
  const read = readManifest(run.root);
  const old = read && 'unreadable' in read ? null : read;
  const sets = { ...run.manifest.sets };
  for (const [name, s] of Object.entries(old?.sets ?? {})) if (!(name in sets)) sets[name] = s;
  const order = ['examples', 'fixtures', 'seeds', 'ptc', 'polnear'];
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return { ...run.manifest, sets: Object.fromEntries(Object.entries(sets).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1))) };
}

export interface GoldenComparison {
  diffs: ArticleDiff[];
  /** Lines saying how the manifest differs (analyzer versions, schema version, selections). */
  manifest: string[];
}

/** Compares this run with the fixtures on disk. */
export function compareGolden(run: GoldenRun): GoldenComparison {
  const base = join(run.root, GOLDEN_DIR);
  const diffs: ArticleDiff[] = [];
  for (const [path, { doc, article }] of run.docs) {
    const read = readFixture(join(base, path));
    const text = article.family === 'findings' ? article.article?.text : undefined;
    const d = read && 'unreadable' in read ? { ...diffDoc(path, null, doc, text)!, unreadable: read.unreadable } : diffDoc(path, read?.doc ?? null, doc, text);
    if (d) diffs.push(d);
  }
  for (const path of existingFixtures(run)) {
    if (run.docs.has(path)) continue;
    const read = readFixture(join(base, path))!;
    diffs.push('unreadable' in read ? { ...diffDoc(path, { source: path, findings: [] }, null)!, unreadable: read.unreadable } : diffDoc(path, read.doc, null)!);
  }
  const manifest: string[] = [];
  const old = readManifest(run.root);
  if (!old) manifest.push(`${GOLDEN_DIR}/${MANIFEST} is missing`);
  else if ('unreadable' in old) manifest.push(old.unreadable);
  else {
    if (old.schemaVersion !== run.manifest.schemaVersion) manifest.push(`schemaVersion: ${old.schemaVersion} → ${run.manifest.schemaVersion}`);
    for (const k of new Set([...Object.keys(old.versions), ...Object.keys(run.manifest.versions)])) {
      if (old.versions[k] !== run.manifest.versions[k]) manifest.push(`analyzer ${k}: version ${old.versions[k] ?? 'none'} → ${run.manifest.versions[k] ?? 'none'}`);
    }
    for (const name of run.ran) {
      const o = old.sets[name];
      const n = run.manifest.sets[name];
      if (!o) manifest.push(`set ${name}: not in the manifest`);
      else if (o.selection !== n.selection || JSON.stringify(o.articles) !== JSON.stringify(n.articles)) {
        manifest.push(`set ${name}: selection or article list changed (${o.articles.length} → ${n.articles.length} articles)`);
      }
    }
  }
  return { diffs, manifest };
}

/** Rewrites the fixtures of the sets that ran (and the manifest); fixtures of articles gone are deleted. */
export function writeGolden(run: GoldenRun): { written: number; deleted: number } {
  const base = join(run.root, GOLDEN_DIR);
  let written = 0;
  let deleted = 0;
  for (const path of existingFixtures(run)) {
    if (!run.docs.has(path)) {
      rmSync(join(base, path));
      deleted++;
    }
  }
  for (const [path, { doc }] of run.docs) {
    const file = join(base, path);
    const text = formatDoc(doc);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written++;
  }
  mkdirSync(base, { recursive: true });
  writeFileSync(join(base, MANIFEST), `${JSON.stringify(mergedManifest(run), null, 2)}\n`);
  return { written, deleted };
}
