import { closeSync, constants, openSync, readSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ParallaxError } from '../core/errors.js';
import { ByteReader } from './bytes.js';
import { resultsFromStream } from './content.js';
import { failed, fsError, skipped, type ReadResult } from './results.js';
import { innerExtension, kindFromName } from './sniff.js';

export interface FileReadOptions {
  maxBytes: number;
  /** Follow symbolic links inside a folder that lead outside it (default: refuse them). */
  followSymlinks?: boolean;
}

/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `p` is `root` or lies below it (both real paths). */
function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

/**
 * A path given on the command line: a file (any extension — an unknown one is sniffed) or a directory
 * (recursive, sorted, hidden entries and unsupported extensions skipped with a reason). A path named on the
 * command line is followed if it is a symbolic link; inside a directory, a link is followed only while it stays
 * inside that directory, unless `followSymlinks` is set.
 */
export async function* readPath(input: string, opts: FileReadOptions): AsyncGenerator<ReadResult> {
  let st;
  try {
    st = await stat(input);
  } catch (e) {
    yield failed(input, fsError(e, input));
    return;
  }
  if (st.isDirectory()) {
    const root = await realpath(input).catch(() => path.resolve(input));
    yield* walk(input, opts, { root, visited: new Set([root]) });
  } else if (st.isFile()) {
    yield* readFile(input, opts);
  } else {
    yield failed(input, new ParallaxError('E_INPUT_READ', 'not a regular file or directory', { input }));
  }
}

interface Walk {
  /** Real path of the directory named on the command line. */
  root: string;
  /** Real paths of the directories read so far (symbolic link loops). */
  visited: Set<string>;
}

function outsideLink(child: string, target: string, root: string): ParallaxError {
  return new ParallaxError(
    'E_INPUT_READ',
    `symbolic link to ${target}, outside the folder ${root}: not followed (--follow-symlinks reads it)`,
    { input: child },
  );
}

async function* walk(dir: string, opts: FileReadOptions, ctx: Walk): AsyncGenerator<ReadResult> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    yield failed(dir, fsError(e, dir));
    return;
  }
  // Only names are held, never contents: files are opened one at a time as the caller pulls results.
  entries.sort((a, b) => byName(a.name, b.name));
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) {
      yield skipped(child, entry.isDirectory() ? 'hidden directory' : 'hidden file');
      continue;
    }
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    /** Where a symbolic link leads (its real path), opened instead of the link so a swapped link cannot redirect the read. */
    let target: string | null = null;
    if (entry.isSymbolicLink()) {
      try {
        target = await realpath(child);
        const st = await stat(target);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch (e) {
        const err = fsError(e, child);
        yield failed(child, err.code === 'E_INPUT_NOT_FOUND' ? new ParallaxError('E_INPUT_NOT_FOUND', 'broken symbolic link', { input: child }) : err);
        continue;
      }
      if (!opts.followSymlinks && !isInside(ctx.root, target)) {
        yield failed(child, outsideLink(child, target, ctx.root));
        continue;
      }
    }
    if (isDir) {
      let real: string;
      try {
        real = target ?? (await realpath(child));
      } catch (e) {
        yield failed(child, fsError(e, child));
        continue;
      }
      // A directory replaced by a link since it was listed leads where the link does: judged the same way.
      if (!opts.followSymlinks && !isInside(ctx.root, real)) {
        yield failed(child, outsideLink(child, real, ctx.root));
        continue;
      }
      if (ctx.visited.has(real)) {
        yield skipped(child, 'directory already read (symbolic link loop)');
        continue;
      }
      ctx.visited.add(real);
      yield* walk(child, opts, ctx);
    } else if (isFile) {
      if (!kindFromName(entry.name)) {
        const ext = innerExtension(entry.name);
        yield skipped(child, ext ? `unsupported file type "${ext}"` : 'no file extension');
        continue;
      }
      yield* readFile(child, opts, { target: target ?? undefined, noFollow: !opts.followSymlinks });
    } else {
      yield skipped(child, 'not a regular file');
    }
  }
}

/**
 * Reads `file` (the name results carry). `target` is the real path a symbolic link inside a folder resolved to;
 * it is opened instead of the link. With `noFollow` a final symbolic link is not followed when opening, so a
 * link swapped in after the folder was listed is refused rather than read.
 */
async function* readFile(file: string, opts: FileReadOptions, how: { target?: string; noFollow?: boolean } = {}): AsyncGenerator<ReadResult> {
  let fd: number;
  try {
    fd = openSync(how.target ?? file, how.noFollow ? constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) : 'r');
  } catch (e) {
    if (how.noFollow && (e as NodeJS.ErrnoException).code === 'ELOOP') {
      yield failed(file, new ParallaxError('E_INPUT_READ', 'became a symbolic link while the folder was read: not followed', { input: file, cause: e }));
    } else yield failed(file, fsError(e, file));
    return;
  }
  const reader = new ByteReader(fileChunks(fd));
  try {
    yield* resultsFromStream(reader, { input: file, kind: kindFromName(file), maxBytes: opts.maxBytes });
  } catch (e) {
    yield failed(file, fsError(e, file));
  } finally {
    reader.close();
    closeSync(fd);
  }
}

const CHUNK = 64 * 1024;

/**
 * The bytes of an open file in chunks of up to 64 KB, read synchronously and pulled one at a time (a JSON Lines file
 * is still streamed). A news file is a few kilobytes: one read, where a read stream took several round trips through
 * the thread pool per file, which bounded ingest at a few hundred files a second. The caller closes `fd`.
 */
async function* fileChunks(fd: number): AsyncGenerator<Buffer> {
  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) return;
    yield n === CHUNK ? buf : buf.subarray(0, n);
  }
}
