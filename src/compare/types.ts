import type { Article } from '../core/article.js';
import type { Analysis } from '../core/finding.js';

/** One analysed article: the input of every comparison. Findings' actor ids should be corpus ids (loadCorpusView). */
export interface CompareItem {
  article: Article;
  analysis: Analysis;
  /**
   * Findings per kind of the whole analysis, in order of each kind's first finding, when `analysis.findings` holds
   * only what a comparison reads (the store's compact input, src/services/corpus-index.ts); absent: counted from
   * `analysis.findings`.
   */
  counts?: Record<string, number>;
  /**
   * The article's actors (corpus ids) with their mentions and the canonical name of the first mention, in order of
   * first mention, when `analysis.findings` holds no actor mentions (a comparison over the store reads them as one
   * aggregate row per article and actor); absent: counted from `analysis.findings`.
   */
  actors?: ArticleActorCounts;
}

/** Corpus actor id -> mentions in one article and the canonical name of its first mention, in order of first mention. */
export type ArticleActorCounts = ReadonlyMap<string, { mentions: number; canonical: string }>;

/** An item's actors: `item.actors`, else counted from its actor-mention findings. */
export function actorCountsOf(item: CompareItem): ArticleActorCounts {
  if (item.actors) return item.actors;
  const out = new Map<string, { mentions: number; canonical: string }>();
  for (const f of item.analysis.findings) {
    if (f.kind !== 'actor-mention') continue;
    const e = out.get(f.actorId);
    if (e) e.mentions++;
    else out.set(f.actorId, { mentions: 1, canonical: f.canonical });
  }
  return out;
}
