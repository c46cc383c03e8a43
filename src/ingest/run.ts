import type { Article, IngestOverrides, RawArticle, Republication } from '../core/article.js';
import { describeError, isParallaxError, ParallaxError } from '../core/errors.js';
import { cleanForIngest, type CleanContext } from '../clean/index.js';
import { compareForRepublication, hamming } from '../clean/dedup.js';
import type { IngestItem, Store } from '../storage/store.js';
import { readInputs, type ReadOptions, type ReadResult } from './index.js';
import { CleanPool, type CleanResult } from './clean-pool.js';

/** Similarity at or above which a near-duplicate counts as a republication (see compareForRepublication). */
export const REPUBLICATION_THRESHOLD = 0.6;
/** SimHash distance beyond which a candidate is not worth a full comparison. */
const MAX_SIMHASH_DISTANCE = 18;

export interface IngestFailure {
  source: string;
  error: string;
  code: string;
}
export interface IngestSkip {
  source: string;
  reason: string;
  duplicateOf?: string;
}

export interface IngestEvents {
  onArticle?(article: Article): void;
  onSkip?(skip: IngestSkip): void;
  onFailure?(failure: IngestFailure): void;
  onProgress?(done: number): void;
}

export interface IngestOptions extends ReadOptions {
  store: Store;
  clean: CleanContext;
  overrides?: IngestOverrides;
  batchSize?: number;
  events?: IngestEvents;
  /**
   * Worker threads that clean articles in parallel (0: clean on this thread). Output is identical either way:
   * results are consumed in input order.
   */
  workers?: number;
  /** Whether pool workers identify languages (defaults to whether clean.detectLanguage is set). */
  language?: boolean;
}

export interface IngestSummary {
  ingested: number;
  skipped: number;
  failed: number;
  republications: number;
}

/**
 * Reads every input, cleans each article and stores it in batched transactions. One bad input becomes a
 * failure entry and the batch carries on; a batch is all-or-nothing, so a killed run leaves whole batches and a
 * re-run completes the rest (exact duplicates are recognised by text hash and create nothing).
 * Memory stays flat: only the current batch is held.
 */
export async function runIngest(inputs: string[], opts: IngestOptions): Promise<IngestSummary> {
  const { store, events = {} } = opts;
  const batchSize = opts.batchSize ?? 200;
  const summary: IngestSummary = { ingested: 0, skipped: 0, failed: 0, republications: 0 };
  let batch: IngestItem[] = [];
  let done = 0;

  const fail = (source: string, e: unknown) => {
    summary.failed++;
    const failure: IngestFailure = {
      source,
      error: describeError(e),
      code: isParallaxError(e) ? e.code : 'E_INTERNAL',
    };
    events.onFailure?.(failure);
  };

  const flush = async () => {
    if (!batch.length) return;
    const items = batch;
    batch = [];
    const outcomes = await store.ingestBatch(items);
    const toLink: Article[] = [];
    outcomes.forEach((o, i) => {
      const article = items[i].article;
      if (o.status === 'inserted') {
        summary.ingested++;
        events.onArticle?.(article);
        toLink.push(article);
      } else {
        summary.skipped++;
        events.onSkip?.({ source: article.source, reason: `duplicate of ${o.id}`, duplicateOf: o.id });
      }
    });
    for (const a of toLink) summary.republications += await linkRepublication(store, a);
  };

  type Slot =
    | { kind: 'done'; r: ReadResult }
    | { kind: 'cleaning'; raw: RawArticle; result: Promise<CleanResult> };
  const pool = opts.workers && opts.workers > 0 ? new CleanPool(opts.workers, opts.clean.config, opts.language ?? Boolean(opts.clean.detectLanguage)) : null;
  const window: Slot[] = [];
  const windowSize = pool ? (opts.workers ?? 1) * 16 : 0;

  const handle = async (slot: Slot) => {
    done++;
    if (slot.kind === 'done') {
      const r = slot.r;
      if (r.kind === 'failed') fail(r.source, r.error);
      else if (r.kind === 'skipped') {
        summary.skipped++;
        events.onSkip?.({ source: r.source, reason: r.reason });
      }
    } else {
      const res = await slot.result;
      if ('error' in res) fail(slot.raw.source, res.error);
      else accept(slot.raw, res.article, res.fingerprints);
    }
    if (batch.length >= batchSize) await flush();
    events.onProgress?.(done);
  };

  const accept = (raw: RawArticle, article: Article, fingerprints: number[]) => {
    // Two inputs in one batch with the same text: keep the first, as the store would.
    const dup = batch.find((b) => b.article.textHash === article.textHash);
    if (dup) {
      summary.skipped++;
      events.onSkip?.({ source: article.source, reason: `duplicate of ${dup.article.id}`, duplicateOf: dup.article.id });
      return;
    }
    batch.push({
      raw: {
        source: raw.source,
        sourceKind: raw.sourceKind,
        format: raw.format,
        body: Buffer.from(raw.body, 'utf8'),
        meta: { ...raw.meta, overrides: opts.overrides ?? {} },
      },
      article,
      fingerprints,
    });
  };

  const cleanHere = async (raw: RawArticle): Promise<CleanResult> => {
    try {
      return cleanForIngest(raw, opts.overrides ?? {}, opts.clean);
    } catch (e) {
      if (!isParallaxError(e) && process.env.PARALLAX_DEBUG) throw e;
      return { error: isParallaxError(e) ? e : new ParallaxError('E_INPUT_FORMAT', `could not be cleaned: ${describeError(e)}`, { input: raw.source }) };
    }
  };

  try {
    for await (const r of readInputs(inputs, opts)) {
      if (r.kind !== 'article') {
        if (pool) window.push({ kind: 'done', r });
        else await handle({ kind: 'done', r });
      } else if (pool) {
        window.push({ kind: 'cleaning', raw: r.raw, result: pool.clean(r.raw, opts.overrides ?? {}) });
      } else {
        await handle({ kind: 'cleaning', raw: r.raw, result: cleanHere(r.raw) });
      }
      // Results are taken in input order, so a parallel run stores exactly what a sequential one would.
      while (window.length > windowSize) await handle(window.shift()!);
    }
    while (window.length) await handle(window.shift()!);
  } finally {
    await pool?.close();
  }
  await flush();
  return summary;
}

function sortKey(a: { published: string | null; ingestedAt: string }): string {
  // Earliest published first; an undated copy sorts after dated ones, then by arrival.
  return `${a.published ?? '9999'}|${a.ingestedAt}`;
}

/**
 * Links `article` into its near-duplicate cluster: every member points at the cluster's earliest copy.
 * Returns the number of articles whose link was set.
 */
async function linkRepublication(store: Store, fresh: Article): Promise<number> {
  const candidates = await store.nearDuplicateCandidates(fresh.simhash, fresh.id);
  if (!candidates.length) return 0;
  // Re-read: an earlier article of the same batch may already have linked this one.
  const article = (await store.getArticle(fresh.id)) ?? fresh;
  const cluster: Array<{ article: Article; similarity: number }> = [];
  for (const c of candidates) {
    // Trimmed copies drift far in SimHash; the store's shingle fingerprints vouch for those.
    if (!c.sharedFingerprints && hamming(c.simhash, article.simhash) > MAX_SIMHASH_DISTANCE) continue;
    const other = await store.getArticle(c.id);
    if (!other) continue;
    const similarity = compareForRepublication(article, other);
    if (similarity >= REPUBLICATION_THRESHOLD) cluster.push({ article: other, similarity });
  }
  if (!cluster.length) return 0;
  const members = [article, ...cluster.map((c) => c.article)];
  members.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const origin = members[0];
  let linked = 0;
  for (const m of members) {
    if (m.id === origin.id) {
      if (m.republishedFrom) await store.setRepublication(m.id, keepSignals(m.republication, null, null));
      continue;
    }
    const similarity = m.id === article.id
      ? compareForRepublication(article, origin)
      : compareForRepublication(m, origin);
    if (m.republishedFrom === origin.id) continue;
    const rep: Republication = keepSignals(m.republication, origin.id, Math.round(similarity * 1000) / 1000);
    await store.setRepublication(m.id, rep);
    linked++;
  }
  return linked;
}

function keepSignals(prev: Republication | null, from: string | null, similarity: number | null): Republication {
  const signals = (prev?.signals ?? []).filter((s) => s !== 'near-duplicate');
  if (from) signals.push('near-duplicate');
  return { from, similarity, signals };
}
