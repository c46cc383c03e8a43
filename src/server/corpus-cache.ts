import { compare, type CompareOptions, type Comparison } from '../compare/index.js';
import { ParallaxError } from '../core/errors.js';
import type { Story } from '../compare/stories.js';
import { loadCorpusView, type CorpusView } from '../services/corpus.js';
import { corpusStories, filterCorpusView, type CorpusFilter } from '../services/views.js';
import type { Store } from '../storage/store.js';

interface Snapshot {
  view: CorpusView;
  stories: Story[];
  articles: number;
  loadedAt: number;
  derived: Map<string, unknown>;
}

/**
 * The corpus view (every current analysis, corpus actor ids) held in memory between requests. It is reloaded
 * when the server's own jobs change the store, when the article count changes (another process ingested), or
 * after `maxAgeMs` (another process re-analysed). Results computed from it (comparisons, filtered views) are
 * memoised per snapshot.
 */
export class CorpusCache {
  private snap: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly opts: { maxAgeMs?: number; storyOverrides?: Record<string, string> } = {},
  ) {}

  invalidate(): void {
    this.generation++;
    this.snap = null;
  }

  async snapshot(): Promise<Snapshot> {
    const now = Date.now();
    const maxAge = this.opts.maxAgeMs ?? 60_000;
    if (this.snap && now - this.snap.loadedAt < maxAge && (await this.store.countArticles()) === this.snap.articles) return this.snap;
    if (!this.loading) {
      const gen = this.generation;
      this.loading = (async () => {
        const articles = await this.store.countArticles();
        const view = await loadCorpusView(this.store);
        const stories = corpusStories(view, { overrides: this.opts.storyOverrides });
        const s: Snapshot = { view, stories, articles, loadedAt: Date.now(), derived: new Map() };
        if (gen === this.generation) this.snap = s;
        return s;
      })().finally(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  /** Memoised per snapshot under `key`. */
  async derive<T>(key: string, fn: (s: Snapshot) => T): Promise<T> {
    const s = await this.snapshot();
    if (s.derived.has(key)) return s.derived.get(key) as T;
    const v = fn(s);
    if (s.derived.size > 64) s.derived.clear();
    s.derived.set(key, v);
    return v;
  }

  /** The view narrowed by a filter (story ids are those of the whole corpus). */
  view(filter: CorpusFilter): Promise<CorpusView> {
    return this.derive(`view:${JSON.stringify(filter)}`, (s) => filterCorpusView(s.view, filter, s.stories));
  }

  /** compare() over the filtered view; a story filter is passed to compare() itself so it keeps its story. */
  comparison(filter: CorpusFilter, opts: CompareOptions): Promise<Comparison> {
    return this.derive(`compare:${JSON.stringify([filter, opts])}`, (s) => {
      const { story, ...rest } = filter;
      const view = filterCorpusView(s.view, rest, s.stories);
      let storyIds: Set<string> | null = null;
      if (story) {
        const found = s.stories.find((x) => x.id === story);
        if (!found) throw new ParallaxError('E_NOT_FOUND', `no story "${story}"`, { input: story });
        storyIds = new Set(found.articleIds);
      }
      const items = storyIds ? view.items.filter((i) => storyIds.has(i.article.id)) : view.items;
      const c = compare({ items, remap: view.remap }, { ...opts, stories: this.opts.storyOverrides });
      return story ? { ...c, story } : c;
    });
  }
}
