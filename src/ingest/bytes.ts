import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ParallaxError } from '../core/errors.js';

/**
 * Byte streams with a look-ahead: enough to check gzip magic bytes and sniff content before deciding how to
 * read the rest, without reading a whole file first (JSON Lines files are streamed line by line).
 */
export class ByteReader {
  private buffered: Buffer[] = [];
  private bufferedLength = 0;
  private done = false;
  private readonly it: AsyncIterator<Buffer | Uint8Array | string>;

  constructor(
    private readonly source: AsyncIterable<Buffer | Uint8Array | string>,
    private readonly onClose?: () => void,
  ) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async pull(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    this.buffered.push(chunk);
    this.bufferedLength += chunk.length;
    return true;
  }

  /** At least `n` bytes from the start (fewer only at the end of the stream), without consuming them. */
  async peek(n: number): Promise<Buffer> {
    while (this.bufferedLength < n && (await this.pull()));
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered)];
    return (this.buffered[0] ?? Buffer.alloc(0)).subarray(0, n);
  }

  /** The remaining bytes chunk by chunk, starting with whatever was peeked. */
  async *chunks(): AsyncGenerator<Buffer> {
    try {
      while (this.buffered.length || (await this.pull())) {
        const chunk = this.buffered.shift()!;
        this.bufferedLength -= chunk.length;
        yield chunk;
      }
    } finally {
      this.close();
    }
  }

  /** Everything left, or E_INPUT_TOO_LARGE as soon as more than `maxBytes` arrive. */
  async readAll(maxBytes: number, input: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.chunks()) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(input, maxBytes);
      parts.push(chunk);
    }
    return Buffer.concat(parts);
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.buffered = [];
    void this.it.return?.();
    this.onClose?.();
  }
}

export function tooLarge(input: string, maxBytes: number): ParallaxError {
  return new ParallaxError('E_INPUT_TOO_LARGE', `larger than the ${formatBytes(maxBytes)} limit`, { input });
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Beyond the size limit, gzip data may expand at most this many times its compressed size (Apache POI's
 * zip-bomb guard uses the same 1:100). News text and JSON compress 3–10 fold; 2.5 MB that expands to 630 MB of
 * repeated lines (250 fold) is a decompression bomb.
 */
export const MAX_GZIP_RATIO = 100;

/**
 * If the stream starts with gzip magic bytes, a reader over the decompressed bytes; otherwise the same reader.
 * Corrupt data surfaces as E_INPUT_FORMAT when read. Whole inputs are bounded by the caller's limit, which counts
 * decompressed bytes; a streamed JSON Lines input has no total limit, so the decompressed total is bounded here:
 * past `maxBytes` it may grow only while it stays within MAX_GZIP_RATIO times the compressed bytes read. A gzip
 * input then costs no more than an uncompressed file a hundred times its size. Past the bound, reading stops
 * with E_INPUT_TOO_LARGE; what was read before stays read (JSON Lines records already yielded are kept).
 */
export async function maybeGunzip(reader: ByteReader, input: string, maxBytes = Infinity): Promise<{ reader: ByteReader; gzip: boolean }> {
  const head = await reader.peek(2);
  if (!isGzip(head)) return { reader, gzip: false };
  const gunzip = createGunzip();
  let compressed = 0;
  const counted = (async function* () {
    for await (const chunk of reader.chunks()) {
      compressed += chunk.length;
      yield chunk;
    }
  })();
  const src = Readable.from(counted);
  src.on('error', (e) => gunzip.destroy(e));
  src.pipe(gunzip);
  const wrapped = (async function* () {
    let out = 0;
    try {
      for await (const chunk of gunzip) {
        out += (chunk as Buffer).length;
        if (out > maxBytes && out > MAX_GZIP_RATIO * compressed) {
          throw new ParallaxError(
            'E_INPUT_TOO_LARGE',
            `gzip data expands more than ${MAX_GZIP_RATIO}-fold (${formatBytes(out)} from ${formatBytes(compressed)}) past the ${formatBytes(maxBytes)} limit: reading stopped (a decompression bomb?)`,
            { input },
          );
        }
        yield chunk as Buffer;
      }
    } catch (e) {
      if (e instanceof ParallaxError) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code.startsWith('Z_') || /incorrect header|unexpected end|invalid/i.test((e as Error).message)) {
        throw new ParallaxError('E_INPUT_FORMAT', `corrupt gzip data: ${(e as Error).message}`, { input, cause: e });
      }
      throw e;
    }
  })();
  return {
    reader: new ByteReader(wrapped, () => {
      src.destroy();
      gunzip.destroy();
    }),
    gzip: true,
  };
}

/**
 * Splits a byte stream on "\n" and yields each line's bytes with its 1-based number (a trailing "\r" is
 * removed). Splitting bytes rather than text is safe for UTF-8 and single-byte charsets, where 0x0A is always
 * a line feed. A line longer than `maxLineBytes` is yielded as `{ tooLong: true }` and its bytes discarded.
 */
export async function* byteLines(
  reader: ByteReader,
  maxLineBytes: number,
): AsyncGenerator<{ line: number; bytes: Buffer; tooLong: false } | { line: number; tooLong: true }> {
  let line = 1;
  let parts: Buffer[] = [];
  let partLength = 0;
  let overflow = false;
  const finish = (segment: Buffer) => {
    let bytes = parts.length ? Buffer.concat([...parts, segment]) : segment;
    parts = [];
    partLength = 0;
    if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    return bytes;
  };
  for await (const chunk of reader.chunks()) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) {
        const rest = chunk.subarray(start);
        if (!overflow) {
          partLength += rest.length;
          if (partLength > maxLineBytes) {
            overflow = true;
            parts = [];
          } else parts.push(rest);
        }
        break;
      }
      const segment = chunk.subarray(start, nl);
      if (overflow || partLength + segment.length > maxLineBytes) {
        parts = [];
        partLength = 0;
        overflow = false;
        yield { line, tooLong: true };
      } else {
        yield { line, bytes: finish(segment), tooLong: false };
      }
      line++;
      start = nl + 1;
    }
  }
  if (overflow) yield { line, tooLong: true };
  else if (partLength) yield { line, bytes: finish(Buffer.alloc(0)), tooLong: false };
}
