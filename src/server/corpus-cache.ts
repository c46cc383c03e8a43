import { createHash } from 'node:crypto';
import { compare, type CompareOptions, type Comparison } from '../compare/index.js';
import { ParallaxError } from '../core/errors.js';
import type { Story } from '../compare/stories.js';
import type { CorpusItem, CorpusView } from '../services/corpus.js';
import { loadCompactCorpusView } from '../services/corpus-index.js';
import { registryOutletNames } from '../services/pipeline-run.js';
import { corpusStories, filterCorpusView, type CorpusFilter } from '../services/views.js';
import type { Store } from '../storage/store.js';

export interface Snapshot {
  /** Which load this is (1, 2, …). */
  id: number;
  view: CorpusView;
  stories: Story[];
  byId: Map<string, CorpusItem>;
  articles: number;
  /** What the store held when it was loaded: article count and every analysis stamp, hashed. */
  fingerprint: string;
  loadedAt: number;
  derived: Map<string, unknown>;
  /** Finished answers (JSON text) by key, with their total length bounded by `maxResultBytes`. */
  results: Map<string, string>;
  resultBytes: number;
}

export interface CorpusCacheOptions {
  /** Check at least this often whether the store changed under the server (default 60 s). */
  maxAgeMs?: number;
  storyOverrides?: Record<string, string>;
  /** Derived values (filtered views, comparisons) kept per snapshot (default 16, oldest dropped first). */
  maxDerived?: number;
  /** Of those, comparisons (hundreds of MB each on thousands of articles; default 2). */
  maxComparisons?: number;
  /** Total length of cached JSON answers per snapshot (default 64 MB of text, oldest dropped first; a larger answer is not kept). */
  maxResultBytes?: number;
}

/**
 * The corpus view (every current analysis, corpus actor ids) held in memory between requests. It is reloaded
 * when the server's own jobs change the store (invalidate), or — checked at most every `maxAgeMs` — when the
 * store's article count or analysis stamps changed under it (another process ingested or re-analysed); an
 * unchanged store keeps the snapshot and everything computed from it. Results computed from it (filtered views,
 * comparisons, answers) are memoised per snapshot, bounded in number and size, and computed once even when
 * several requests ask at the same time (single flight). `release()` drops all of it (the server calls it after
 * an idle period, so an idle server gives its memory back).
 */
export class CorpusCache {
  private snap: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  private generation = 0;
  private checking: Promise<boolean> | null = null;
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Snapshots loaded so far (tests and diagnostics). */
  loads = 0;
  /** Answers computed from the store without a snapshot (resultFromStore), valid while the store's fingerprint is. */
  private direct: { fingerprint: string; articles: number; checkedAt: number; results: Map<string, string>; bytes: number } | null = null;

  constructor(
    private readonly store: Store,
    private readonly opts: CorpusCacheOptions = {},
  ) {}

  /** The store changed (a job of this server): the next request loads a new snapshot. */
  invalidate(): void {
    this.generation++;
    this.snap = null;
    this.direct = null;
    this.inflight.clear();
  }

  /** The story override table the stories are clustered with. */
  get storyOverrides(): Record<string, string> | undefined {
    return this.opts.storyOverrides;
  }

  /** Drops the snapshot and everything derived from it (the memory is freed once running requests finish). */
  release(): void {
    this.invalidate();
  }

  /** Whether a snapshot is held. */
  get loaded(): boolean {
    return this.snap !== null;
  }

  private async fingerprint(): Promise<{ articles: number; fingerprint: string }> {
    const articles = await this.store.countArticles();
    const h = createHash('sha256').update(String(articles));
    for (const s of await this.store.listAnalysisStamps()) h.update(`\n${s.articleId}\t${s.textHash}\t${JSON.stringify(s.versions)}`);
    // the user's actor merges change every view too (parallax actors --merge from another process)
    for (const m of await this.store.listActorMerges()) h.update(`\nmerge\t${m.from}\t${m.to}`);
    return { articles, fingerprint: h.digest('hex') };
  }

  /** Whether the held snapshot still matches the store (cheap: counts and stamps, not the analyses). */
  private async stillCurrent(s: Snapshot): Promise<boolean> {
    this.checking ??= this.fingerprint()
      .then((f) => f.articles === s.articles && f.fingerprint === s.fingerprint)
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  async snapshot(): Promise<Snapshot> {
    const maxAge = this.opts.maxAgeMs ?? 60_000;
    const s = this.snap;
    if (s) {
      if (Date.now() - s.loadedAt < maxAge) return s;
      if (await this.stillCurrent(s)) {
        s.loadedAt = Date.now();
        return s;
      }
      // Changed under us: forget the old snapshot before loading the new one, so two are never held at once.
      if (this.snap === s) this.invalidate();
    }
    if (this.snap) return this.snap;
    if (!this.loading) {
      const gen = this.generation;
      this.loading = (async () => {
        const { articles, fingerprint } = await this.fingerprint();
        const view = await loadCompactCorpusView(this.store);
        const stories = corpusStories(view, { overrides: this.opts.storyOverrides });
        const byId = new Map(view.items.map((i) => [i.article.id, i]));
        const snap: Snapshot = { id: ++this.loads, view, stories, byId, articles, fingerprint, loadedAt: Date.now(), derived: new Map(), results: new Map(), resultBytes: 0 };
        if (gen === this.generation) this.snap = snap;
        return snap;
      })().finally(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  /**
   * Memoised per snapshot under `key`; concurrent callers with the same key share one computation. At most
   * `maxDerived` values are kept (the oldest is dropped).
   */
  async derive<T>(key: string, fn: (s: Snapshot) => T | Promise<T>): Promise<T> {
    const s = await this.snapshot();
    if (s.derived.has(key)) return s.derived.get(key) as T;
    const flightKey = `${s.id}:d:${key}`;
    const running = this.inflight.get(flightKey);
    if (running) return running as Promise<T>;
    const p = (async () => {
      const v = await fn(s);
      const max = this.opts.maxDerived ?? 16;
      while (s.derived.size >= max) s.derived.delete(s.derived.keys().next().value as string);
      if (key.startsWith('compare:')) {
        const kept = [...s.derived.keys()].filter((k) => k.startsWith('compare:'));
        const maxC = Math.max(1, this.opts.maxComparisons ?? 2);
        for (const k of kept.slice(0, Math.max(0, kept.length - maxC + 1))) s.derived.delete(k);
      }
      s.derived.set(key, v);
      return v;
    })().finally(() => this.inflight.delete(flightKey));
    this.inflight.set(flightKey, p);
    return p;
  }

  /**
   * A finished answer (JSON text) memoised per snapshot, computed once for concurrent callers; answers larger
   * than the budget are not kept, older ones are dropped to make room.
   */
  async result(key: string, fn: () => Promise<string>): Promise<string> {
    const s = await this.snapshot();
    const hit = s.results.get(key);
    if (hit !== undefined) return hit;
    const flightKey = `${s.id}:r:${key}`;
    const running = this.inflight.get(flightKey);
    if (running) return running as Promise<string>;
    const p = (async () => {
      const text = await fn();
      s.resultBytes = keepBounded(s.results, s.resultBytes, key, text, this.opts.maxResultBytes ?? 64 * 1024 * 1024);
      return text;
    })().finally(() => this.inflight.delete(flightKey));
    this.inflight.set(flightKey, p);
    return p;
  }

  /**
   * A finished answer computed from the store itself, in bounded memory (GET /api/compare: compareFiltered), never
   * from the snapshot, which this does not load. Memoised as `result` is (single flight, `maxResultBytes`) while
   * the store is unchanged: its fingerprint (article count, analysis stamps, merges) is checked at most every
   * `maxAgeMs`, and invalidate() forgets the answers.
   */
  async resultFromStore(key: string, fn: () => Promise<string>): Promise<string> {
    const maxAge = this.opts.maxAgeMs ?? 60_000;
    const gen = this.generation;
    let d = this.direct;
    if (!d || Date.now() - d.checkedAt >= maxAge) {
      const f = await this.fingerprint();
      if (gen !== this.generation) return fn();
      d = this.direct;
      if (d && d.fingerprint === f.fingerprint && d.articles === f.articles) d.checkedAt = Date.now();
      else this.direct = d = { ...f, checkedAt: Date.now(), results: new Map(), bytes: 0 };
    }
    const hit = d.results.get(key);
    if (hit !== undefined) return hit;
    const flightKey = `store:${d.fingerprint}:${key}`;
    const running = this.inflight.get(flightKey);
    if (running) return running as Promise<string>;
    const held = d;
    const p = (async () => {
      const text = await fn();
      if (this.direct === held) held.bytes = keepBounded(held.results, held.bytes, key, text, this.opts.maxResultBytes ?? 64 * 1024 * 1024);
      return text;
    })().finally(() => this.inflight.delete(flightKey));
    this.inflight.set(flightKey, p);
    return p;
  }

  /** The view narrowed by a filter (story ids are those of the whole corpus). */
  view(filter: CorpusFilter): Promise<CorpusView> {
    return this.derive(`view:${JSON.stringify(filter)}`, (s) => filterCorpusView(s.view, filter, s.stories));
  }

  /** compare() over the filtered view; a story filter is passed to compare() itself so it keeps its story. */
  async comparison(filter: CorpusFilter, opts: CompareOptions): Promise<Comparison> {
    const { story, ...rest } = filter;
    const view = await this.view(rest);
    const s = await this.snapshot();
    let storyIds: Set<string> | null = null;
    if (story) {
      const found = s.stories.find((x) => x.id === story);
      if (!found) throw new ParallaxError('E_NOT_FOUND', `no story "${story}"`, { input: story });
      storyIds = new Set(found.articleIds);
    }
    const items = storyIds ? view.items.filter((i) => storyIds.has(i.article.id)) : view.items;
    // compare()'s own default, resolved before keying: "by=group" and the default are one computation, not two.
    const resolved = { ...opts, by: opts.by ?? (items.some((i) => i.article.group) ? 'group' : 'outlet') };
    return this.derive(`compare:${JSON.stringify([filter, resolved])}`, () => {
      const c = compare({ items, remap: view.remap }, { ...resolved, stories: this.opts.storyOverrides, outletNames: registryOutletNames() });
      return story ? { ...c, story } : c;
    });
  }
}

/**
 * Keeps `text` under `key` in a map of answers bounded to `max` characters in all, dropping the oldest first; an
 * answer larger than `max` is not kept. Returns the map's new size in characters.
 */
function keepBounded(results: Map<string, string>, size: number, key: string, text: string, max: number): number {
  if (text.length > max) return size;
  let n = size;
  while (n + text.length > max && results.size) {
    const [k, v] = results.entries().next().value as [string, string];
    results.delete(k);
    n -= v.length;
  }
  results.set(key, text);
  return n + text.length;
}
