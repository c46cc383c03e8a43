import { ERROR_CODES, isParallaxError, type ErrorCode } from '../core/errors.js';

/**
 * HTTP-only error codes (the core's table in src/core/errors.ts covers everything an operation can fail with;
 * these are about the request itself).
 */
export const HTTP_ERROR_CODES = {
  E_UNAUTHORIZED: 'missing or wrong access token',
  E_FORBIDDEN: 'request refused (cross-origin write or unexpected Host header)',
  E_TIMEOUT: 'the request took too long',
  E_BUSY: 'the server is busy with other heavy requests; retry later',
  E_METHOD: 'method not allowed on this path',
  E_ROUTE: 'no such API route',
} as const;

export type ApiErrorCode = ErrorCode | keyof typeof HTTP_ERROR_CODES;

/** The one place error codes become HTTP statuses (the CLI's twin is src/cli/exit-codes.ts). */
export function httpStatusFor(code: ApiErrorCode): 400 | 401 | 403 | 404 | 405 | 413 | 422 | 500 | 502 | 503 | 504 {
  switch (code) {
    case 'E_USAGE':
    case 'E_INPUT_FORMAT':
    case 'E_INPUT_EMPTY':
      return code === 'E_USAGE' ? 400 : 422;
    case 'E_INPUT_NOT_FOUND':
    case 'E_NOT_FOUND':
    case 'E_ROUTE':
      return 404;
    case 'E_INPUT_TOO_LARGE':
      return 413;
    case 'E_UNAUTHORIZED':
      return 401;
    case 'E_FORBIDDEN':
    case 'E_FETCH_BLOCKED':
      return 403;
    case 'E_METHOD':
      return 405;
    case 'E_FETCH':
    case 'E_FETCH_REDIRECTS':
      return 502;
    case 'E_FETCH_TIMEOUT':
    case 'E_TIMEOUT':
      return 504;
    case 'E_STORE':
    case 'E_BUSY':
      return 503;
    case 'E_INPUT_READ':
    case 'E_CONFIG':
    case 'E_INTERNAL':
    default:
      return 500;
  }
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; input?: string };
}

/** An error raised by the HTTP layer itself (auth, limits, routing). */
export class HttpError extends Error {
  constructor(
    readonly code: keyof typeof HTTP_ERROR_CODES,
    message?: string,
    /** Headers the answer carries (Retry-After on E_BUSY). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? HTTP_ERROR_CODES[code]);
    this.name = 'HttpError';
  }
}

/** Any thrown value → {status, body}. Internal errors keep their message short and never carry a stack. */
export function errorResponse(e: unknown): { status: ReturnType<typeof httpStatusFor>; body: ApiErrorBody; headers?: Record<string, string> } {
  if (e instanceof HttpError) return { status: httpStatusFor(e.code), body: { error: { code: e.code, message: e.message } }, headers: e.headers };
  if (isParallaxError(e)) {
    const error: ApiErrorBody['error'] = { code: e.code, message: e.message };
    if (e.input) error.input = e.input;
    return { status: httpStatusFor(e.code), body: { error } };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { status: 500, body: { error: { code: 'E_INTERNAL', message: `internal error: ${message}` } } };
}

/** Every code the API can answer with, for the OpenAPI document. */
export const ALL_API_ERROR_CODES = [...Object.keys(ERROR_CODES), ...Object.keys(HTTP_ERROR_CODES)] as ApiErrorCode[];
