/**
 * Operational errors carry a code from this one table. The CLI maps codes to exit codes in one place
 * (src/cli/exit-codes.ts), the HTTP API to statuses in one place. A user never sees a stack trace for bad input.
 */
export const ERROR_CODES = {
  E_USAGE: 'bad command-line usage or option value',
  E_CONFIG: 'invalid configuration file',
  E_INPUT_NOT_FOUND: 'input path does not exist',
  E_INPUT_READ: 'input could not be read',
  E_INPUT_FORMAT: 'input is not in a supported or valid format',
  E_INPUT_EMPTY: 'input holds no article text',
  E_INPUT_TOO_LARGE: 'input exceeds the size limit',
  E_FETCH: 'URL could not be fetched',
  E_FETCH_BLOCKED: 'URL resolves to a private, loopback, link-local or metadata address',
  E_FETCH_TIMEOUT: 'URL fetch timed out',
  E_FETCH_REDIRECTS: 'too many redirects',
  E_STORE: 'database error',
  E_NOT_FOUND: 'no such record',
  E_INTERNAL: 'internal error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class ParallaxError extends Error {
  readonly code: ErrorCode;
  /** The input (path, URL, 'stdin', option name) the error is about, when there is one. */
  readonly input?: string;
  constructor(code: ErrorCode, message: string, options: { input?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParallaxError';
    this.code = code;
    this.input = options.input;
  }
}

export function isParallaxError(e: unknown): e is ParallaxError {
  return e instanceof ParallaxError;
}

/** One line a user can act on: "<input>: <problem>". */
export function describeError(e: unknown): string {
  if (isParallaxError(e)) return e.input ? `${e.input}: ${e.message}` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
