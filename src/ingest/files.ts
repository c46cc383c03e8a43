import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ParallaxError } from '../core/errors.js';
import { ByteReader } from './bytes.js';
import { resultsFromStream } from './content.js';
import { failed, fsError, skipped, type ReadResult } from './results.js';
import { innerExtension, kindFromName } from './sniff.js';

export interface FileReadOptions {
  maxBytes: number;
}

/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A path given on the command line: a file (any extension — an unknown one is sniffed) or a directory
 * (recursive, sorted, hidden entries and unsupported extensions skipped with a reason).
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
    yield* walk(input, opts, new Set([await realpath(input).catch(() => path.resolve(input))]));
  } else if (st.isFile()) {
    yield* readFile(input, opts);
  } else {
    yield failed(input, new ParallaxError('E_INPUT_READ', 'not a regular file or directory', { input }));
  }
}

async function* walk(dir: string, opts: FileReadOptions, visited: Set<string>): AsyncGenerator<ReadResult> {
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
    if (entry.isSymbolicLink()) {
      try {
        const st = await stat(child);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch (e) {
        const err = fsError(e, child);
        yield failed(child, err.code === 'E_INPUT_NOT_FOUND' ? new ParallaxError('E_INPUT_NOT_FOUND', 'broken symbolic link', { input: child }) : err);
        continue;
      }
    }
    if (isDir) {
      let real: string;
      try {
        real = await realpath(child);
      } catch (e) {
        yield failed(child, fsError(e, child));
        continue;
      }
      if (visited.has(real)) {
        yield skipped(child, 'directory already read (symbolic link loop)');
        continue;
      }
      visited.add(real);
      yield* walk(child, opts, visited);
    } else if (isFile) {
      if (!kindFromName(entry.name)) {
        const ext = innerExtension(entry.name);
        yield skipped(child, ext ? `unsupported file type "${ext}"` : 'no file extension');
        continue;
      }
      yield* readFile(child, opts);
    } else {
      yield skipped(child, 'not a regular file');
    }
  }
}

async function* readFile(file: string, opts: FileReadOptions): AsyncGenerator<ReadResult> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    yield failed(file, fsError(e, file));
    return;
  }
  const stream = handle.createReadStream({ highWaterMark: 64 * 1024 });
  const reader = new ByteReader(stream, () => stream.destroy());
  try {
    yield* resultsFromStream(reader, { input: file, kind: kindFromName(file), maxBytes: opts.maxBytes });
  } catch (e) {
    yield failed(file, fsError(e, file));
  } finally {
    reader.close();
    stream.destroy();
  }
}
