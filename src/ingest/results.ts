import type { RawArticle } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';

export type ReadResult =
  | { kind: 'article'; raw: RawArticle }
  | { kind: 'skipped'; source: string; reason: string }
  | { kind: 'failed'; source: string; error: ParallaxError };

export interface ReadOptions {
  /** Allow fetching from loopback, private and link-local addresses (metadata endpoints stay refused). */
  allowPrivate?: boolean;
  /** The stream `-` reads; defaults to process.stdin. */
  stdin?: NodeJS.ReadableStream;
  /** Whole-fetch deadline including redirects and the body; default 20000. */
  fetchTimeoutMs?: number;
  /** Largest input (file, URL body, stdin, one JSON Lines line) in bytes after decompression; default 20 MB. */
  maxBytes?: number;
  /** Redirects followed per URL; default 5. */
  maxRedirects?: number;
  /** In a folder, follow symbolic links that lead outside it (refused by default). */
  followSymlinks?: boolean;
}

export const article = (raw: RawArticle): ReadResult => ({ kind: 'article', raw });
export const skipped = (source: string, reason: string): ReadResult => ({ kind: 'skipped', source, reason });
export const failed = (source: string, error: ParallaxError): ReadResult => ({ kind: 'failed', source, error });

/** Maps a file-system error to a ParallaxError with one clear line. */
export function fsError(e: unknown, input: string): ParallaxError {
  if (e instanceof ParallaxError) return e;
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return new ParallaxError('E_INPUT_NOT_FOUND', 'no such file or directory', { input, cause: e });
    case 'ENOTDIR':
      return new ParallaxError('E_INPUT_NOT_FOUND', 'a part of the path is not a directory', { input, cause: e });
    case 'EACCES':
    case 'EPERM':
      return new ParallaxError('E_INPUT_READ', 'permission denied', { input, cause: e });
    case 'ELOOP':
      return new ParallaxError('E_INPUT_READ', 'too many levels of symbolic links', { input, cause: e });
    case 'EISDIR':
      return new ParallaxError('E_INPUT_READ', 'is a directory', { input, cause: e });
    case 'EMFILE':
    case 'ENFILE':
      return new ParallaxError('E_INPUT_READ', 'too many open files', { input, cause: e });
    default:
      return new ParallaxError('E_INPUT_READ', `could not be read: ${err?.message ?? String(e)}`, { input, cause: e });
  }
}

/** Any error → ParallaxError; unknown ones keep their message under E_INTERNAL so nothing is swallowed. */
export function asParallaxError(e: unknown, input: string): ParallaxError {
  if (e instanceof ParallaxError) return e;
  if ((e as NodeJS.ErrnoException)?.code) return fsError(e, input);
  return new ParallaxError('E_INTERNAL', e instanceof Error ? e.message : String(e), { input, cause: e });
}
