/**
 * Runs kill-child (an ingest that reports each committed batch) as a child process, calling `onLine` for each line
 * of its stdout so a test can SIGKILL it mid-run. Works from the .ts sources (child run through the tsx loader)
 * and from the compiled dist/ (.js child).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const fromTs = import.meta.url.endsWith('.ts');
const childScript = join(dirname(fileURLToPath(import.meta.url)), fromTs ? 'kill-child.ts' : 'kill-child.js');
const childArgs = fromTs
  ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, childScript]
  : [childScript];

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** `db` is a SQLite path or a postgres:// URL; `args` are total, batch size and seed. */
export function runKillChild(db: string, args: number[], onLine?: (line: string, child: ChildProcess) => void): Promise<ChildResult> {
  const child = spawn(process.execPath, [...childArgs, db, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      onLine?.(line, child);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
}
