/**
 * The golden corpus: which articles are pinned and how they are read. Two families:
 *  - our own texts (examples/corpus with its config, fixtures/clean and fixtures/html): their findings are kept
 *    in full, evidence included, under fixtures/golden/findings/;
 *  - third-party texts read from ../shared (the five seeds and a fixed selection of development articles of PTC
 *    and PolNeAR): only a digest without text is kept, under fixtures/golden/digest/.
 * Articles go through the same path as `parallax ingest` + `parallax analyze` (readInputs, cleanArticle with
 * language identification, the configured pipeline), in process and without a database.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Article } from '../core/article.js';
import type { Analysis } from '../core/finding.js';
import { defaultConfig, loadConfig, type ParallaxConfig } from '../core/config.js';
import { describeError, isParallaxError } from '../core/errors.js';
import type { Pipeline } from '../core/pipeline.js';
import { cleanArticle, type CleanContext } from '../clean/index.js';
import { loadOutletRegistry } from '../clean/outlets.js';
import type { LanguageDetector } from '../clean/language.js';
import { readInputs } from '../ingest/index.js';
import { analyzeArticle, createConfiguredPipeline } from '../services/analyze.js';

export type SetFamily = 'findings' | 'digest';

export interface GoldenSet {
  /** 'examples', 'multilingual', 'fixtures', 'seeds', 'ptc', 'polnear'. */
  name: string;
  family: SetFamily;
  /** Folder the article keys are relative to (the repository root for our texts, the data folder for the rest). */
  base: string;
  /** Absolute paths of the input files, sorted. */
  files: string[];
  /** Config file (relative to the repository) whose outlets and actors apply, or null for the defaults. */
  configPath: string | null;
  /** How the files were chosen, in words (recorded in the manifest). */
  selection: string;
}

/** A set whose data is not there (a clone without ../shared): skipped with this reason. */
export interface SkippedSet {
  name: string;
  family: SetFamily;
  reason: string;
}

/** Development articles taken from each third-party data set. */
export const DEV_ARTICLES_PER_SET = 20;

/** The shared folder beside the repository (../shared), found as src/core/test-seeds.ts finds the seeds. */
export function sharedDir(root: string): string {
  return resolve(root, '..', 'shared');
}

function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (keep(name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * `count` files spread evenly over the sorted list (the i-th pick is at floor(i·n/count)), so the selection covers
 * every publisher of a folder sorted by name instead of the first one only, and is the same on every machine.
 */
export function spreadPick<T>(sorted: readonly T[], count: number): T[] {
  if (sorted.length <= count) return sorted.slice();
  return Array.from({ length: count }, (_, i) => sorted[Math.floor((i * sorted.length) / count)]);
}

/** Every golden set, and the third-party ones that are skipped because their folder is absent. */
export function goldenSets(root: string, shared: string = sharedDir(root)): { sets: GoldenSet[]; skipped: SkippedSet[] } {
  const sets: GoldenSet[] = [];
  const skipped: SkippedSet[] = [];
  sets.push({
    name: 'examples',
    family: 'findings',
    base: root,
    files: listFiles(join(root, 'examples', 'corpus'), () => true),
    configPath: 'examples/parallax.config.json',
    selection: 'every file of examples/corpus, read with examples/parallax.config.json',
  });
  sets.push({
    name: 'multilingual',
    family: 'findings',
    base: root,
    files: listFiles(join(root, 'examples', 'multilingual', 'corpus'), () => true),
    configPath: 'examples/multilingual/parallax.config.json',
    selection: 'every file of examples/multilingual/corpus (fa, ar, he, ru, tr, az, en, de), read with its config',
  });
  sets.push({
    name: 'fixtures',
    family: 'findings',
    base: root,
    files: [
      ...listFiles(join(root, 'fixtures', 'clean'), (n) => n.endsWith('.txt')),
      ...listFiles(join(root, 'fixtures', 'html'), (n) => n.endsWith('.html')),
    ],
    configPath: null,
    selection: 'the inputs of fixtures/clean (*.txt) and fixtures/html (*.html), default config',
  });

  const third: Array<{ name: string; dir: string; keep: (n: string) => boolean; pick: number | null; selection: string }> = [
    { name: 'seeds', dir: join(shared, 'seeds'), keep: (n) => n.endsWith('.txt'), pick: null, selection: 'every *.txt of ../shared/seeds' },
    {
      name: 'ptc',
      dir: join(shared, 'data', 'ptc', 'train-articles'),
      keep: (n) => n.endsWith('.txt'),
      pick: DEV_ARTICLES_PER_SET,
      selection: `${DEV_ARTICLES_PER_SET} of ../shared/data/ptc/train-articles (the development part), spread evenly over the files sorted by name`,
    },
    {
      name: 'polnear',
      dir: join(shared, 'data', 'polnear', 'dev', 'text'),
      keep: (n) => n.endsWith('.txt'),
      pick: DEV_ARTICLES_PER_SET,
      selection: `${DEV_ARTICLES_PER_SET} of ../shared/data/polnear/dev/text, spread evenly over the files sorted by name`,
    },
  ];
  for (const t of third) {
    if (!existsSync(t.dir)) {
      skipped.push({ name: t.name, family: 'digest', reason: `${t.dir} not found (third-party data is not part of the repository)` });
      continue;
    }
    const all = listFiles(t.dir, t.keep);
    sets.push({ name: t.name, family: 'digest', base: t.dir, files: t.pick ? spreadPick(all, t.pick) : all, configPath: null, selection: t.selection });
  }
  return { sets, skipped };
}

/** One golden article: read, cleaned and analysed, or the error that stopped it (kept: a failure is behaviour too). */
export interface GoldenArticle {
  set: string;
  family: SetFamily;
  /** Stable key: the source path relative to the set's base with '/' separators, plus "#n" for items of a feed or JSONL file. */
  key: string;
  article: Article | null;
  analysis: Analysis | null;
  error: { code: string; message: string } | null;
}

export interface RunContext {
  root: string;
  detector: LanguageDetector | null;
  /** Pipelines by config path ('' for the defaults), built once: building one costs about a second. */
  pipelines?: Map<string, { pipeline: Pipeline; config: ParallaxConfig }>;
}

function pipelineFor(ctx: RunContext, configPath: string | null): { pipeline: Pipeline; config: ParallaxConfig } {
  ctx.pipelines ??= new Map();
  const k = configPath ?? '';
  let p = ctx.pipelines.get(k);
  if (!p) {
    const config = configPath ? loadConfig(join(ctx.root, configPath)) : defaultConfig();
    p = { pipeline: createConfiguredPipeline(config), config };
    ctx.pipelines.set(k, p);
  }
  return p;
}

function keyOf(set: GoldenSet, source: string): string {
  const hash = source.indexOf('#', source.lastIndexOf(sep) + 1);
  const path = hash < 0 ? source : source.slice(0, hash);
  const item = hash < 0 ? '' : source.slice(hash);
  return relative(set.base, path).split(sep).join('/') + item;
}

/** Reads, cleans and analyses every article of a set, in input order. */
export async function runSet(set: GoldenSet, ctx: RunContext): Promise<GoldenArticle[]> {
  const { pipeline, config } = pipelineFor(ctx, set.configPath);
  const registry = loadOutletRegistry(config.outlets, { origin: config.path ?? undefined });
  const detector = ctx.detector;
  const clean: CleanContext = {
    registry,
    config,
    detectLanguage: detector ? (t) => detector.detect(t) : undefined,
    // Nothing the analysis reads depends on the ingest time; fixed so that the articles are identical too.
    now: () => new Date(0),
  };
  const out: GoldenArticle[] = [];
  const base = { set: set.name, family: set.family };
  for await (const r of readInputs(set.files)) {
    if (r.kind === 'skipped') continue;
    if (r.kind === 'failed') {
      out.push({ ...base, key: keyOf(set, r.source), article: null, analysis: null, error: errorOf(r.error, set) });
      continue;
    }
    const key = keyOf(set, r.raw.source);
    let article: Article;
    try {
      article = cleanArticle(r.raw, {}, clean);
    } catch (e) {
      out.push({ ...base, key, article: null, analysis: null, error: errorOf(e, set) });
      continue;
    }
    out.push({ ...base, key, article, analysis: analyzeArticle(pipeline, article), error: null });
  }
  return out;
}

/** An error as code + message, with the machine's paths taken out so the fixture is the same on every clone. */
function errorOf(e: unknown, set: GoldenSet): { code: string; message: string } {
  const code = isParallaxError(e) ? e.code : 'E_INTERNAL';
  const message = (e instanceof Error ? e.message : describeError(e)).split(set.base + sep).join('');
  return { code, message };
}
