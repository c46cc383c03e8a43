/**
 * Where the tests find the five real seed articles: ../shared/seeds next to the repository, read only and never
 * copied into it. Tests that use them skip with SEEDS_SKIP when they are absent (a clone without ../shared).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file with a package.json (from src/ and from dist/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test file');
    dir = up;
  }
  return dir;
}

const expected = resolve(repoRoot(), '..', 'shared', 'seeds');

/** The seed articles' folder, or null when it is not there. */
export const SEEDS_DIR: string | null = existsSync(expected) ? expected : null;

/** A test's `skip` option: false when the seeds are there, else why the test is skipped. */
export const SEEDS_SKIP: string | false = SEEDS_DIR ? false : `seed articles not found at ${expected} (they are not part of the repository)`;
