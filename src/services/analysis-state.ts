/**
 * Where each stored article stands with analysis, from the store alone (no queue): analysed with the current
 * analyzers, stale (text or an analyzer version/config changed since), never analysed; and which stored analyses
 * carry error diagnostics (an analyzer that failed or ran out of time budget on the article). `parallax status`
 * shows this on every database; `parallax analyze` on PostgreSQL enqueues the stale and never-analysed articles.
 */
import type { Store } from '../storage/store.js';
import { isCurrent } from './analyze.js';

export interface AnalysisState {
  articles: number;
  /** Analysed with the current analyzer versions and config. */
  current: number;
  /** Analysed, but the text or an analyzer version/config changed since: re-analysis pending. */
  stale: string[];
  /** No stored analysis. */
  never: string[];
}

/** Stale and never-analysed article ids in ingest order (streams the articles; holds only ids and hashes). */
export async function analysisState(store: Store, versions: Record<string, string>): Promise<AnalysisState> {
  const stamps = new Map((await store.listAnalysisStamps()).map((s) => [s.articleId, s]));
  const state: AnalysisState = { articles: 0, current: 0, stale: [], never: [] };
  for await (const article of store.iterateArticles()) {
    state.articles++;
    const stamp = stamps.get(article.id);
    if (!stamp) state.never.push(article.id);
    else if (isCurrent(stamp, article, versions)) state.current++;
    else state.stale.push(article.id);
  }
  return state;
}

export interface StoredFailure {
  articleId: string;
  /** "analyzer/code: message" of each error diagnostic. */
  reasons: string[];
}

/**
 * Stored analyses whose diagnostics include errors (severity "error": an analyzer threw, or the article's time
 * budget ran out and later analyzers were skipped). Reads every stored analysis's diagnostics, not its findings.
 */
export async function storedFailures(store: Store, limit = 100): Promise<{ total: number; list: StoredFailure[] }> {
  let total = 0;
  const list: StoredFailure[] = [];
  for await (const stored of store.iterateAnalysisDiagnostics()) {
    const diagnostics = stored.diagnostics as Array<{ analyzer: string; code: string; severity: string; message: string }>;
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!errors.length) continue;
    total++;
    if (list.length < limit) list.push({ articleId: stored.articleId, reasons: errors.map((d) => `${d.analyzer}/${d.code}: ${d.message}`) });
  }
  return { total, list };
}
