/**
 * The PostgreSQL schema of cluster mode, as ordered migrations applied at start under a cluster-wide
 * advisory lock (instances starting together migrate once). The store is generic over the collections
 * of `data.ts`: one `hs_items` row per item, so a new collection needs no schema change.
 */
import type { Pool, PoolClient } from 'pg';

/** Advisory lock keys (one namespace per purpose, so a job never waits on a write). */
export const LOCKS = { setup: 0x6873_0001, write: 0x6873_0002, retention: 0x6873_0003 } as const;

const MIGRATIONS: string[] = [
  // 1: items (one row per store item, `json` keeps the writer's key order), a version counter, secrets.
  `create table hs_meta (id int primary key check (id = 1), version bigint not null, tomb_floor bigint not null default 0);
   insert into hs_meta values (1, 0, 0);
   create table hs_items (
     collection text not null, id text not null, seq bigserial not null, version bigint not null,
     deleted boolean not null default false, data json,
     primary key (collection, id));
   create index hs_items_version on hs_items (version);
   create table hs_secrets (name text primary key, value text not null);`,
  // 2: append-only records (audit, calls, play, kiosk, queue events), indexed for the reports.
  // `day` is the UTC day of writing, as the NDJSON file names are: reports read a range of days per log.
  `create table hs_log (id bigserial primary key, name text not null, day date not null, record json not null);
   create index hs_log_name_day on hs_log (name, day, id);`,
];

/** Applies the migrations not applied yet, all under the setup lock, each in its own transaction. */
export async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCKS.setup]);
    try {
      await client.query('create table if not exists hs_migrations (version int primary key, applied_at timestamptz not null default now())');
      const done = new Set((await client.query<{ version: number }>('select version from hs_migrations')).rows.map((r) => r.version));
      for (const [i, sql] of MIGRATIONS.entries()) {
        if (done.has(i + 1)) continue;
        await inTransaction(client, async () => {
          await client.query(sql);
          await client.query('insert into hs_migrations (version) values ($1)', [i + 1]);
        });
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCKS.setup]);
    }
  } finally {
    client.release();
  }
}

/** Runs `fn` between BEGIN and COMMIT on `client`; rolls back if it throws. */
export async function inTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await fn();
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}

/** Holds the cluster-wide setup lock (the same one migrations take) while `fn` runs: seeding happens once. */
export async function withSetupLock<T>(pool: Pool, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCKS.setup]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCKS.setup]);
    }
  } finally {
    client.release();
  }
}

/** Runs `fn` only if no other instance holds `key` right now (one-per-cluster jobs); false if skipped. */
export async function ifLockFree(pool: Pool, key: number, fn: () => Promise<void>): Promise<boolean> {
  const client = await pool.connect();
  try {
    const got = (await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key])).rows[0]?.ok;
    if (!got) return false;
    try {
      await fn();
      return true;
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}

/** The install secret shared by every instance: the first one to start creates it. */
export async function sharedSecret(pool: Pool, fresh: () => string): Promise<string> {
  await pool.query('insert into hs_secrets (name, value) values ($1, $2) on conflict (name) do nothing', ['install', fresh()]);
  const row = (await pool.query<{ value: string }>('select value from hs_secrets where name = $1', ['install'])).rows[0];
  if (!row) throw new Error('[pg] install secret missing after insert');
  return row.value;
}
