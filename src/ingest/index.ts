import { gunzipSync } from 'node:zlib';
import { ParallaxError } from '../core/errors.js';
import { ByteReader, isGzip, tooLarge } from './bytes.js';
import { charsetFromContentType } from './charset.js';
import { resultsFromBytes, resultsFromStream } from './content.js';
import { DEFAULT_MAX_BYTES, fetchUrl, type FetchOptions } from './fetch.js';
import { readPath } from './files.js';
import { asParallaxError, failed, type ReadOptions, type ReadResult } from './results.js';
import { kindFromContentType, kindFromName } from './sniff.js';

export type { ReadOptions, ReadResult } from './results.js';
export { blockedReason } from './address.js';
export { decodeBytes } from './charset.js';
export { fetchUrl, type FetchOptions, type FetchedResponse } from './fetch.js';
export { parseFeed } from './feed.js';

/** Streams that `-` has already drained: a second `-` gets a clear error rather than silence. */
const consumedStdin = new WeakSet<object>();

/**
 * Reads every input in order and yields one result per article, skipped entry or failure. Nothing throws: a
 * bad input is a 'failed' result and the next input is read. Directories are read recursively in sorted
 * order, one file at a time; JSON Lines are streamed line by line.
 */
export async function* readInputs(inputs: string[], opts: ReadOptions = {}): AsyncGenerator<ReadResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  for (const input of inputs) {
    try {
      if (input === '-') yield* readStdin(opts.stdin ?? process.stdin, maxBytes);
      else if (/^https?:\/\//i.test(input)) yield* readUrl(input, { ...opts, maxBytes });
      else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
        yield failed(input, new ParallaxError('E_INPUT_FORMAT', 'unsupported URL scheme (only http and https)', { input }));
      } else yield* readPath(input, { maxBytes, followSymlinks: opts.followSymlinks });
    } catch (e) {
      const source = input === '-' ? 'stdin' : input;
      yield failed(source, asParallaxError(e, source));
    }
  }
}

async function* readStdin(stream: NodeJS.ReadableStream, maxBytes: number): AsyncGenerator<ReadResult> {
  const input = 'stdin';
  if (consumedStdin.has(stream)) {
    yield failed(input, new ParallaxError('E_INPUT_READ', 'stdin was already read ("-" given twice)', { input }));
    return;
  }
  consumedStdin.add(stream);
  const reader = new ByteReader(stream as AsyncIterable<Buffer>);
  try {
    yield* resultsFromStream(reader, { input, kind: null, origin: 'stdin', maxBytes });
  } finally {
    reader.close();
  }
}

async function* readUrl(input: string, opts: FetchOptions & { maxBytes: number }): AsyncGenerator<ReadResult> {
  const res = await fetchUrl(input, opts);
  let body = res.body;
  if (isGzip(body)) {
    // A .gz file served without Content-Encoding (application/gzip, octet-stream).
    try {
      body = gunzipSync(body, { maxOutputLength: opts.maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(input, opts.maxBytes);
      throw new ParallaxError('E_INPUT_FORMAT', `corrupt gzip data: ${(e as Error).message}`, { input, cause: e });
    }
  }
  const type = (res.contentType ?? '').split(';')[0].trim().toLowerCase();
  let kind = kindFromContentType(res.contentType);
  // Generic types: let the URL's file name speak for JSON Lines (there is no registered type for it).
  if (!kind && (type === '' || type === 'application/octet-stream' || type === 'text/plain')) {
    const byName = kindFromName(new URL(res.finalUrl).pathname);
    if (byName === 'jsonl') kind = 'jsonl';
  }
  yield* resultsFromBytes(body, {
    input,
    kind,
    origin: 'url',
    maxBytes: opts.maxBytes,
    declaredCharset: charsetFromContentType(res.contentType),
    finalUrl: res.finalUrl,
    plainTextType: type === 'text/plain',
  });
}
