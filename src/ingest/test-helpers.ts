import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readInputs, type ReadOptions, type ReadResult } from './index.js';

/** Test-only helpers (imported by *.test.ts). */

export async function collect(inputs: string[], opts?: ReadOptions): Promise<ReadResult[]> {
  const out: ReadResult[] = [];
  for await (const r of readInputs(inputs, opts)) out.push(r);
  return out;
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parallax-ingest-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function articles(results: ReadResult[]) {
  return results.flatMap((r) => (r.kind === 'article' ? [r.raw] : []));
}

export function failures(results: ReadResult[]) {
  return results.flatMap((r) => (r.kind === 'failed' ? [r] : []));
}

/** Compact one-line view of each result, for order assertions. */
export function summary(results: ReadResult[], base = ''): string[] {
  const rel = (s: string) => (base && s.startsWith(base) ? s.slice(base.length + 1).split(path.sep).join('/') : s);
  return results.map((r) =>
    r.kind === 'article' ? `article ${rel(r.raw.source)}` : r.kind === 'skipped' ? `skipped ${rel(r.source)}` : `failed ${rel(r.source)} ${r.error.code}`,
  );
}
