import type { Article } from '../core/article.js';
import type { Analysis } from '../core/finding.js';

/** One analysed article: the input of every comparison. Findings' actor ids should be corpus ids (loadCorpusView). */
export interface CompareItem {
  article: Article;
  analysis: Analysis;
}
