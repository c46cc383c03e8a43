/**
 * PostgreSQL for tests. The server comes from the environment: PARALLAX_TEST_PG is a connection URL whose user may
 * create databases (`.ci/run` starts a throwaway cluster and sets it). Each test file gets a database of its own,
 * uniquely named, dropped when the file ends; `freshSchemaUrl()` gives one new empty schema in it per call.
 *
 * Without PARALLAX_TEST_PG a developer's run skips the PostgreSQL tests and says why; under CI=true they fail
 * instead, because CI must never pass by skipping them.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ENV = 'PARALLAX_TEST_PG';

export const PG_MISSING =
  `${PG_ENV} is not set: the PostgreSQL tests need a server (e.g. ${PG_ENV}=postgres://postgres@127.0.0.1:5432/postgres; .ci/run starts one)`;

/** True on CI (CI=true or 1), where a missing PostgreSQL server is a failure, not a skip. */
export function onCi(): boolean {
  return /^(true|1)$/i.test(process.env.CI ?? '');
}

/**
 * The test server's URL, or null after registering the one test that says why the file's PostgreSQL tests do
 * not run: skipped on a developer's machine, failed on CI.
 */
export function pgTestUrl(what: string): string | null {
  const url = process.env[PG_ENV]?.trim();
  if (url) return url;
  if (onCi()) {
    test(`${what} (PostgreSQL)`, () => {
      assert.fail(`${PG_MISSING}; CI=true, so this is a failure rather than a skip`);
    });
  } else {
    test(`${what} (PostgreSQL)`, { skip: PG_MISSING }, () => undefined);
  }
  return null;
}

/** `url` with its database name replaced and extra query parameters set. */
export function withDatabase(url: string, database: string, params: Record<string, string> = {}): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

export interface TestDatabase {
  /** URL of the new database. */
  url: string;
  name: string;
  /** A URL whose search_path is a new, empty schema in the database (created now). */
  freshSchemaUrl(): Promise<string>;
  /** Runs SQL in the database as the test user (outside any Store). */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named database on the test server and drops it (with its connections) after the file's
 * tests, so runs never see each other's data and leave nothing behind.
 */
export async function createTestDatabase(baseUrl: string, tag: string): Promise<TestDatabase> {
  const name = `parallax_test_${tag.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(baseUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  let schemas = 0;
  let dropped = false;
  const db: TestDatabase = {
    url,
    name,
    async freshSchemaUrl() {
      const schema = `s${++schemas}`;
      await pool.query(`CREATE SCHEMA ${schema}`);
      return withDatabase(url, name, { options: `-c search_path=${schema}` });
    },
    async sql(text, params) {
      return (await pool.query(text, params)).rows;
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end().catch(() => undefined);
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
  after(() => db.drop());
  return db;
}
