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
}
