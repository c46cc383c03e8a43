import type { ErrorCode } from '../core/errors.js';

/** Documented exit codes (README "Exit codes"). The one place error codes become process exit codes. */
export const EXIT = {
  OK: 0,
  /** Some inputs failed (the rest were ingested), or an operation on a record failed. */
  PARTIAL: 1,
  /** Usage error: unknown command or option, bad option value, invalid config file. */
  USAGE: 2,
  /** Operational failure: the database could not be opened or written. */
  STORE: 3,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'E_USAGE':
    case 'E_CONFIG':
      return EXIT.USAGE;
    case 'E_STORE':
      return EXIT.STORE;
    default:
      return EXIT.PARTIAL;
  }
}
