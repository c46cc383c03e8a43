// Worker thread: runs the analyzer pipeline on articles sent by analyzeStored, so analysis uses every core.
import { parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../core/article.js';
import { createPipeline } from '../core/pipeline.js';
import { defaultAnalyzers } from '../analyzers/index.js';
import { analyzeArticle } from './analyze.js';

const { options } = workerData as { options: Record<string, unknown> };
const pipeline = createPipeline(defaultAnalyzers, options);

parentPort!.on('message', (job: { id: number; article: Article }) => {
  try {
    parentPort!.postMessage({ id: job.id, analysis: analyzeArticle(pipeline, job.article) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
