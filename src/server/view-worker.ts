/**
 * The worker thread of WorkerEngine (src/server/engine.ts): opens the SQLite file read-only, holds the corpus
 * snapshot and answers {type: 'run', id, op, params} with {id, ok, bytes} (UTF-8 JSON) or {id, ok: false, error}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isParallaxError } from '../core/errors.js';
import { openSqliteStore } from '../storage/sqlite.js';
import type { Store } from '../storage/store.js';
import { InProcessEngine, type WireError } from './engine.js';
import { HttpError } from './errors.js';
import type { CorpusCacheOptions } from './corpus-cache.js';
import type { ParamValues } from './params.js';
import type { ViewOp } from './views.js';

const { db, cache } = workerData as { db: string; cache: CorpusCacheOptions };

function toWire(e: unknown): WireError {
  if (e instanceof HttpError) return { code: e.code, message: e.message };
  if (isParallaxError(e)) return { code: e.code, message: e.message, input: e.input };
  return { code: 'E_INTERNAL', message: `internal error: ${e instanceof Error ? e.message : String(e)}` };
}

let engine: Promise<InProcessEngine> | null = null;
const open = () =>
  (engine ??= (async () => {
    let store: Store;
    try {
      store = await openSqliteStore(db, { readonly: true });
    } catch {
      store = await openSqliteStore(db);
    }
    return new InProcessEngine(store, cache);
  })());

parentPort!.on('message', async (m: { type: 'run'; id: number; op: ViewOp; params: ParamValues } | { type: 'invalidate' }) => {
  if (m.type === 'invalidate') {
    (await open()).invalidate();
    return;
  }
  try {
    const text = await (await open()).run(m.op, m.params);
    // UTF-8 bytes in a buffer of their own, moved (not copied) to the server thread: a 46 MB comparison crosses
    // as 46 MB once, instead of a UTF-16 copy of the string on the other side.
    const bytes = new TextEncoder().encode(text);
    parentPort!.postMessage({ id: m.id, ok: true, bytes }, [bytes.buffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: toWire(e) });
  }
});
