import { readFileSync } from 'node:fs';
import { compare, type CompareOptions, type Comparison } from '../compare/index.js';
import { ParallaxError } from '../core/errors.js';
import { buildReport, type ReportOptions } from '../report/index.js';
import type { Store } from '../storage/store.js';
import { loadCorpusView, type CorpusView } from './corpus.js';

/**
 * The glue between the stored corpus and the pure compare()/buildReport(): load the corpus view (corpus actor
 * ids), compare, render. The CLI's compare, report, run and export commands all go through here.
 */

export interface CorpusComparison {
  view: CorpusView;
  comparison: Comparison;
}

export async function compareStored(store: Store, opts: CompareOptions = {}): Promise<CorpusComparison> {
  const view = await loadCorpusView(store);
  if (opts.story) {
    const probe = compare(view, { ...opts, story: undefined });
    if (!probe.stories.some((s) => s.id === opts.story)) {
      throw new ParallaxError('E_NOT_FOUND', `no story "${opts.story}" (stories: ${probe.stories.slice(0, 12).map((s) => s.id).join(', ')}${probe.stories.length > 12 ? ', …' : ''})`, { input: opts.story });
    }
  }
  return { view, comparison: compare(view, opts) };
}

export async function reportStored(store: Store, compareOpts: CompareOptions = {}, reportOpts: ReportOptions = {}): Promise<CorpusComparison & { html: string }> {
  const r = await compareStored(store, compareOpts);
  const ids = new Set(r.comparison.articles.map((a) => a.id));
  const html = buildReport(r.view.items.filter((i) => ids.has(i.article.id)), r.comparison, reportOpts);
  return { ...r, html };
}

/**
 * Reads a story override file: a JSON object mapping an article id, or a suffix of the article's source path
 * ("corpus/ksna-2025-03-08.txt"), to a story id. Keys starting with "$" are comments.
 */
export function readStoryOverrides(path: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ParallaxError('E_CONFIG', `${path}: cannot read the story overrides: ${(e as Error).message}`, { input: path });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ParallaxError('E_CONFIG', `${path}: expected an object {"<article id or source path>": "<story id>"}`, { input: path });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k.startsWith('$')) continue;
    if (typeof v !== 'string' || !v.trim()) throw new ParallaxError('E_CONFIG', `${path}: "${k}" must map to a non-empty story id string`, { input: path });
    out[k] = v.trim();
  }
  return out;
}
