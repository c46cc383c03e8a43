// Worker thread: runs the analyzer pipeline on articles sent by analyzeStored, so analysis uses every core.
import { parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../core/article.js';
import type { ParallaxConfig } from '../core/config.js';
import type { PipelineLimits } from '../core/pipeline.js';
import { analyzeArticle, createConfiguredPipeline, serializeAnalysis } from './analyze.js';

const { config, limits } = workerData as { config: Pick<ParallaxConfig, 'actors'> | undefined; limits: PipelineLimits | undefined };
// Same construction as the main thread's, so versions and output are identical.
const pipeline = createConfiguredPipeline(config, limits);

parentPort!.on('message', (job: { id: number; article: Article }) => {
  try {
    const analysis = analyzeArticle(pipeline, job.article);
    // A string crosses threads far more cheaply than a graph of a few hundred finding objects, and the store
    // writes it as is: the main thread never parses or re-serialises it.
    const { json, timings } = serializeAnalysis(analysis);
    parentPort!.postMessage({ id: job.id, json, timings, findings: analysis.findings.length, diagnostics: analysis.diagnostics });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
