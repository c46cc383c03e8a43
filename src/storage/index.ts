/**
 * The storage layer's public surface: the Store port and `openStore`, which picks a dialect from a location.
 */
import { ParallaxError } from '../core/errors.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export type * from './store.js';
export { openSqliteStore, SqliteStore, toFtsQuery } from './sqlite.js';
export { LATEST_VERSION as SCHEMA_VERSION } from './migrations.js';

/**
 * Opens the store at `location`:
 *   ":memory:"                         an in-memory SQLite database (gone on close)
 *   "sqlite:<path>", "sqlite://<path>"  a SQLite file
 *   "postgres://…", "postgresql://…"    PostgreSQL — not built yet: E_USAGE
 *   anything else without a scheme     a SQLite file path
 */
export async function openStore(location: string): Promise<Store> {
  const loc = location.trim();
  if (!loc) throw new ParallaxError('E_USAGE', 'no database location given (use a file path, "sqlite:<path>" or ":memory:")');
  if (/^postgres(ql)?:\/\//i.test(loc)) {
    throw new ParallaxError(
      'E_USAGE',
      'PostgreSQL support is not built yet; use a SQLite file path (the default) or ":memory:"',
      { input: redactPassword(loc) },
    );
  }
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(loc);
  if (sqlite) return openSqliteStore(sqlite[1]);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(loc);
  if (scheme) {
    throw new ParallaxError('E_USAGE', `unsupported database scheme "${scheme[1]}:"; use a file path, "sqlite:<path>" or ":memory:"`, {
      input: redactPassword(loc),
    });
  }
  return openSqliteStore(loc);
}

/** Never echo a password from a connection string into an error message. */
function redactPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):[^@/]*@/i, '$1:***@');
}
