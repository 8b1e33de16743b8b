/**
 * Retention of the append-only records in PostgreSQL, once per cluster and day: every instance's
 * daily job tries, and an atomic claim of the day in `hs_secrets` (a row that only moves forward)
 * lets exactly one of them delete. Runs at start too, so a day missed while all were down is caught up.
 */
import cron from 'node-cron';
import type pg from 'pg';
import { deleteOldPgLogs } from '../logs/pg-append-log';

/** Claims today's retention run for this instance; false when another instance has it already. */
export async function claimRetentionDay(pool: pg.Pool, day: string): Promise<boolean> {
  const res = await pool.query(
    `insert into hs_secrets (name, value) values ('retention-day', $1) on conflict (name)
     do update set value = excluded.value where hs_secrets.value < excluded.value returning 1`,
    [day],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Deletes records older than `days` if this instance wins today's claim; resolves with rows deleted (undefined if skipped). */
export async function runRetention(pool: pg.Pool, days: number, now: number): Promise<number | undefined> {
  const today = new Date(now).toISOString().slice(0, 10);
  if (!(await claimRetentionDay(pool, today))) return undefined;
  return deleteOldPgLogs(pool, new Date(now - days * 86_400_000).toISOString().slice(0, 10));
}

/** Schedules the daily run (03:30 server time) and one now; returns the stop function. */
export function startRetention(pool: pg.Pool, days: number, clock: () => number, log: (msg: string, err?: unknown) => void): () => void {
  const run = (): void =>
    void runRetention(pool, days, clock()).then(
      (n) => n !== undefined && log(`[retention] deleted ${n} log records older than ${days} days`),
      (err) => log('[retention] failed', err),
    );
  const task = cron.schedule('30 3 * * *', run, { name: 'pg-log-retention', noOverlap: true });
  run();
  return () => void task.stop();
}
