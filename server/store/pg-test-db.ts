/**
 * Throw-away PostgreSQL databases for tests: `create database hs_test_<random>` on the machine's
 * server (PG_TEST_URL, default the local trust-auth `postgres` user), dropped `with (force)` after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The maintenance database tests create their databases from. */
export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database; its URL points at it. */
export async function createTestDb(): Promise<TestDb> {
  const name = `hs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
