/**
 * The storage layer's public surface: the Store port and `openStore`, which picks a dialect from a location.
 */
import { ParallaxError } from '../core/errors.js';
import { openSqliteStore } from './sqlite.js';
import { openPostgresStore, redactUrl } from './postgres.js';
import type { Store } from './store.js';

export type * from './store.js';
export { openSqliteStore, SqliteStore, toFtsQuery } from './sqlite.js';
export { openPostgresStore, PostgresStore, redactUrl } from './postgres.js';
export { LATEST_VERSION as SCHEMA_VERSION } from './migrations.js';
export { PG_LATEST_VERSION as PG_SCHEMA_VERSION } from './postgres-migrations.js';

/**
 * Opens the store at `location`:
 *   ":memory:"                         an in-memory SQLite database (gone on close)
 *   "sqlite:<path>", "sqlite://<path>"  a SQLite file
 *   "postgres://…", "postgresql://…"    a PostgreSQL database (schema created and migrated when needed)
 *   anything else without a scheme     a SQLite file path
 */
export async function openStore(location: string): Promise<Store> {
  const loc = location.trim();
  if (!loc) throw new ParallaxError('E_USAGE', 'no database location given (use a file path, "sqlite:<path>" or ":memory:")');
  if (/^postgres(ql)?:\/\//i.test(loc)) return openPostgresStore(loc);
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(loc);
  if (sqlite) return openSqliteStore(sqlite[1]);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(loc);
  if (scheme) {
    throw new ParallaxError('E_USAGE', `unsupported database scheme "${scheme[1]}:"; use a file path, "sqlite:<path>", ":memory:" or "postgres://…"`, {
      input: redactUrl(loc),
    });
  }
  return openSqliteStore(loc);
}
