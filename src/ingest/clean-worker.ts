// Worker thread: cleans raw articles so that ingest uses every core; the main thread reads and writes the store.
import { parentPort, workerData } from 'node:worker_threads';
import type { IngestOverrides, RawArticle } from '../core/article.js';
import { isParallaxError } from '../core/errors.js';
import type { ParallaxConfig } from '../core/config.js';
import { cleanArticle } from '../clean/index.js';
import { loadOutletRegistry } from '../clean/outlets.js';
import { createLanguageDetector } from '../clean/language.js';

interface Init {
  config: ParallaxConfig;
  language: boolean;
}
interface Job {
  id: number;
  raw: RawArticle;
  overrides: IngestOverrides;
}

const init = workerData as Init;
const registry = loadOutletRegistry(init.config.outlets, { origin: init.config.path ?? undefined });
const detectorReady = init.language ? createLanguageDetector() : Promise.resolve(null);

parentPort!.on('message', async (job: Job) => {
  const detector = await detectorReady;
  try {
    const article = cleanArticle(job.raw, job.overrides, {
      registry,
      config: init.config,
      detectLanguage: detector ? (t) => detector.detect(t) : undefined,
    });
    parentPort!.postMessage({ id: job.id, article });
  } catch (e) {
    parentPort!.postMessage({
      id: job.id,
      error: isParallaxError(e)
        ? { code: e.code, message: e.message, input: e.input }
        : { code: 'E_INPUT_FORMAT', message: `could not be cleaned: ${e instanceof Error ? e.message : String(e)}`, input: job.raw.source },
    });
  }
});
