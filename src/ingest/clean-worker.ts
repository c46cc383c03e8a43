// Worker thread of CleanPool (piscina): cleans raw articles so that ingest uses every core; the main thread reads
// and writes the store.
import { workerData } from 'node:worker_threads';
import type { Article, IngestOverrides, RawArticle } from '../core/article.js';
import { isParallaxError, type ErrorCode } from '../core/errors.js';
import type { ParallaxConfig } from '../core/config.js';
import { cleanForIngest } from '../clean/index.js';
import { loadOutletRegistry } from '../clean/outlets.js';
import { createLanguageDetector } from '../clean/language.js';

interface Init {
  config: ParallaxConfig;
  language: boolean;
}

const init = workerData as Init;
const registry = loadOutletRegistry(init.config.outlets, { origin: init.config.path ?? undefined });
const detector = init.language ? await createLanguageDetector() : null;

export default function cleanTask(
  job: { raw: RawArticle; overrides: IngestOverrides },
): { article: Article; fingerprints: number[] } | { error: { code: ErrorCode; message: string; input?: string } } {
  try {
    return cleanForIngest(job.raw, job.overrides, {
      registry,
      config: init.config,
      detectLanguage: detector ? (t) => detector.detect(t) : undefined,
    });
  } catch (e) {
    return {
      error: isParallaxError(e)
        ? { code: e.code, message: e.message, input: e.input }
        : { code: 'E_INPUT_FORMAT', message: `could not be cleaned: ${e instanceof Error ? e.message : String(e)}`, input: job.raw.source },
    };
  }
}
