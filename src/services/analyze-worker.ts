/**
 * Worker thread of AnalyzePool (piscina): runs the analyzer pipeline on one article per task, so analysis can use
 * several cores and a crash, an out-of-memory or a hang stays inside this thread (the pool replaces it).
 */
import { workerData } from 'node:worker_threads';
import type { Article } from '../core/article.js';
import { analyzeArticle, buildPipeline, prepareAnalysis } from './analyze.js';
import type { WorkerAnalysis, WorkerData } from './analyze-pool.js';

const { config, limits, pipelineModule } = workerData as WorkerData;
// Same construction as the main thread's, so versions and output are identical.
const pipeline = await buildPipeline({ config, limits, pipelineModule });

export default function analyzeTask(task: { article: Article; clock: SharedArrayBuffer }): WorkerAnalysis {
  // Tells the pool when this article started (its hard time limit counts from here, not from when it was queued).
  new Float64Array(task.clock)[0] = Date.now();
  const analysis = analyzeArticle(pipeline, task.article);
  // The finding rows are made here, so the main thread only writes them: it never serialises, parses or encodes
  // an analysis (it did, and with two workers it became the bottleneck).
  const { split, timings } = prepareAnalysis(analysis, task.article.text);
  return { split, timings, findings: analysis.findings.length, diagnostics: analysis.diagnostics };
}
