import type { Article, IngestOverrides, Republication } from '../core/article.js';
import { describeError, isParallaxError, ParallaxError } from '../core/errors.js';
import { cleanArticle, type CleanContext } from '../clean/index.js';
import { compareForRepublication, hamming } from '../clean/dedup.js';
import type { IngestItem, Store } from '../storage/store.js';
import { readInputs, type ReadOptions } from './index.js';

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

  for await (const r of readInputs(inputs, opts)) {
    done++;
    if (r.kind === 'failed') {
      fail(r.source, r.error);
    } else if (r.kind === 'skipped') {
      summary.skipped++;
      events.onSkip?.({ source: r.source, reason: r.reason });
    } else {
      try {
        const article = cleanArticle(r.raw, opts.overrides ?? {}, opts.clean);
        // Two inputs in one batch with the same text: keep the first, as the store would.
        const dup = batch.find((b) => b.article.textHash === article.textHash);
        if (dup) {
          summary.skipped++;
          events.onSkip?.({ source: article.source, reason: `duplicate of ${dup.article.id}`, duplicateOf: dup.article.id });
        } else {
          batch.push({
            raw: {
              source: r.raw.source,
              sourceKind: r.raw.sourceKind,
              format: r.raw.format,
              body: Buffer.from(r.raw.body, 'utf8'),
              meta: { ...r.raw.meta, overrides: opts.overrides ?? {} },
            },
            article,
          });
        }
      } catch (e) {
        if (!isParallaxError(e) && process.env.PARALLAX_DEBUG) throw e;
        fail(r.raw.source, isParallaxError(e) ? e : new ParallaxError('E_INPUT_FORMAT', `could not be cleaned: ${describeError(e)}`, { input: r.raw.source }));
      }
    }
    if (batch.length >= batchSize) await flush();
    events.onProgress?.(done);
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
  // Re-read: an earlier article of the same batch may already have linked this one.
  const article = (await store.getArticle(fresh.id)) ?? fresh;
  const candidates = await store.nearDuplicateCandidates(article.simhash, article.id);
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
