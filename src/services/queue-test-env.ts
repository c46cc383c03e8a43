/**
 * For the job-queue tests: the PostgreSQL server named by PARALLAX_TEST_PG (the same variable as the PostgreSQL
 * store's tests; .ci/run starts a throwaway cluster and sets it). Without it, the tests are skipped with a message
 * on a developer's machine and fail under CI=true. Each test file gets a database of its own, dropped afterwards.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openStore } from '../storage/index.js';
import { openSqliteStore } from '../storage/sqlite.js';
import type { Store } from '../storage/store.js';

export const PG_ENV = 'PARALLAX_TEST_PG';

/** The skip reason when there is no test server (undefined when there is one); throws under CI. */
export function pgSkipReason(): string | undefined {
  if (process.env[PG_ENV]) return undefined;
  const msg = `${PG_ENV} is not set: no PostgreSQL server to test the job queue against (e.g. ${PG_ENV}=postgres://postgres@127.0.0.1:5432/postgres)`;
  if (process.env.CI === 'true') throw new Error(`${msg}; CI must run these tests`);
  return msg;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates an empty database on the test server; `drop` removes it (ending its sessions first). */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env[PG_ENV]!;
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(base, name),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The store the queue tests use: the PostgreSQL store on `url` when this build has one, else (while it is being
 * built) a SQLite file `fallbackFile` beside a PostgreSQL queue. Returns the location that opens it again.
 */
export async function openTestStore(url: string, fallbackFile: string): Promise<{ store: Store; location: string }> {
  try {
    return { store: await openStore(url), location: url };
  } catch (e) {
    if (!/not built yet/.test(e instanceof Error ? e.message : '')) throw e;
    return { store: await openSqliteStore(fallbackFile), location: fallbackFile };
  }
}
