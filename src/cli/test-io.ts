import { Readable } from 'node:stream';
import type { CliIO } from './io.js';

export interface CapturedIO extends CliIO {
  out(): string;
  err(): string;
}

/** An in-memory CliIO for running commands in-process in tests. */
export function captureIO(cwd: string, stdinText = '', env: Record<string, string> = {}): CapturedIO {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => ((out += s), true), isTTY: false },
    stderr: { write: (s: string) => ((err += s), true), isTTY: false },
    stdin: Readable.from([Buffer.from(stdinText)]),
    env: { NO_COLOR: '1', ...env },
    cwd,
    out: () => out,
    err: () => err,
  };
}
