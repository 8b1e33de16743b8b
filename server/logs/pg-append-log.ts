/**
 * Append-only records in PostgreSQL (cluster mode), behind the same `AppendLog` interface as the
 * NDJSON files: one `hs_log` row per record, under the UTC day it was written (as the files are
 * named), so every instance's reports see every instance's records. Writes are buffered for a moment
 * and inserted together (a burst of proof-of-play lines is one statement), like a file stream's buffer.
 *
 * A failed insert (a database blip, a failover) loses nothing: its rows go back to the head of the
 * queue and are retried after 250 ms, doubling to 5 s, in write order and ahead of newer rows; one
 * insert per log is in flight at a time, so rows are stored once each and in order. While the database
 * is away they wait in memory under a budget shared by the instance's logs (`pg-log-backlog.ts`: past
 * 50,000 rows the oldest proof-of-play and kiosk rows are dropped first, audit and calls last, and the
 * drop is reported). `close()` keeps retrying for at most 5 s, then reports what it could not store.
 * Not covered: rows still in the 200 ms buffer when the process is killed, and an insert whose
 * connection drops after PostgreSQL committed it but before the answer came back (retried: a duplicate).
 */
import type pg from 'pg';
import type { LogLines } from '../reports/day-logs';
import type { AppendLog } from './append-log';
import { createPgLogBacklog, type PendingRow, type PgLogBacklogInternals } from './pg-log-backlog';

/** Records waiting longer than this are inserted; so are this many at once. */
const FLUSH_MS = 200;
const FLUSH_ROWS = 500;
/** Rows read per query when a report reads a day. */
const PAGE = 2000;

export interface PgAppendLogOptions {
  /** Shared by the instance's logs (one budget, least-needed rows dropped first); default: this log's own. */
  backlog?: PgLogBacklogInternals;
  /** First retry after a failed insert, doubling up to `retryMaxMs`. */
  retryFirstMs?: number;
  retryMaxMs?: number;
  /** How long `close()` keeps trying to store what is pending. */
  closeWaitMs?: number;
}

/** Opens log `name` in the cluster's database. */
export function openPgAppendLog(
  pool: Pick<pg.Pool, 'query'>,
  name: string,
  clock: () => number = Date.now,
  onError: (err: unknown) => void = (err) => console.error(`[log:${name}]`, err),
  options: PgAppendLogOptions = {},
): AppendLog {
  const { retryFirstMs = 250, retryMaxMs = 5000, closeWaitMs = 5000 } = options;
  const backlog = options.backlog ?? createPgLogBacklog();
  const queue = backlog.join(name);
  let timer: NodeJS.Timeout | undefined;
  /** 0 while inserts succeed; else the wait before the next retry. */
  let retryMs = 0;
  let inserting: Promise<boolean> | undefined;
  const schedule = (ms: number): void => {
    timer ??= setTimeout(() => void insertNext(), ms);
  };
  /** One insert of the queue's head; true when it was stored (or there was nothing to store). */
  const insertNext = (): Promise<boolean> => {
    clearTimeout(timer);
    timer = undefined;
    // The insert in flight schedules the next one when it settles.
    if (inserting) return inserting;
    if (queue.rows.length === 0) return Promise.resolve(true);
    const batch: PendingRow[] = queue.rows.splice(0, FLUSH_ROWS);
    inserting = pool
      .query('insert into hs_log (name, day, record) select $1, d::date, r::json from unnest($2::text[], $3::text[]) as t(d, r)', [name, batch.map((r) => r.day), batch.map((r) => r.doc)])
      .then(
        () => {
          backlog.stored(batch.length);
          retryMs = 0;
          queue.failing = false;
          return true;
        },
        (err: unknown) => {
          // Back to the head: older than anything written meanwhile.
          queue.rows.unshift(...batch);
          retryMs = retryMs === 0 ? retryFirstMs : Math.min(retryMs * 2, retryMaxMs);
          queue.failing = true;
          onError(err);
          return false;
        },
      )
      .then((ok) => {
        inserting = undefined;
        const drops = backlog.takeDropReport();
        if (drops) onError(new Error(drops));
        if (queue.rows.length > 0) schedule(retryMs);
        return ok;
      });
    return inserting;
  };
  /** Inserts until the rows queued now are stored (not those written meanwhile: a flood must not hold it); gives up after a failure or at `until`. */
  const drain = async (until: number | undefined): Promise<void> => {
    const last = queue.rows.at(-1)?.seq ?? 0;
    while (inserting || (queue.rows.length > 0 && queue.rows[0]!.seq <= last)) {
      if (await insertNext()) continue;
      if (until === undefined || Date.now() + retryMs >= until) return;
      clearTimeout(timer);
      timer = undefined;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  return {
    write(record) {
      const now = clock();
      const at = new Date(now).toISOString();
      queue.rows.push({ seq: backlog.nextSeq(), day: at.slice(0, 10), doc: JSON.stringify({ at, ...record }) });
      backlog.added();
      // While failing, the retry timer is already set: no insert before it.
      if (retryMs === 0 && queue.rows.length >= FLUSH_ROWS) void insertNext();
      else schedule(retryMs || FLUSH_MS);
    },
    /** Readers (reports) wait for what is written so far, but not through a failing database's retries. */
    flush: () => drain(undefined),
    async close() {
      await drain(Date.now() + closeWaitMs);
      if (queue.rows.length > 0 && retryMs > 0) {
        onError(new Error(`日志 ${name}：关闭时仍有 ${queue.rows.length} 条记录未能写入数据库`));
        // Nothing may keep a stopping process alive; a later write (close is also a flush) schedules again.
        clearTimeout(timer);
        timer = undefined;
      }
    },
  };
}

/** Reads what `openPgAppendLog` wrote: the JSON lines of log `name` written on UTC `day`, in order (with their row ids for `rows`). */
export function pgLogLines(pool: pg.Pool): LogLines {
  async function* rows(name: string, day: string, before?: number): AsyncGenerator<{ pos: number; line: string }> {
    let after = 0;
    for (;;) {
      const page = (await pool.query<{ id: string; line: string }>('select id, record::text as line from hs_log where name = $1 and day = $2 and id > $3 and ($5::bigint is null or id < $5) order by id limit $4', [name, day, after, PAGE, before ?? null])).rows;
      for (const r of page) yield { pos: Number(r.id), line: r.line };
      if (page.length < PAGE) return;
      after = Number(page.at(-1)!.id);
    }
  }
  return {
    async days(name) {
      const rows = (await pool.query<{ day: string }>("select distinct to_char(day, 'YYYY-MM-DD') as day from hs_log where name = $1 order by day desc", [name])).rows;
      return rows.map((r) => r.day);
    },
    async *lines(name, day) {
      for await (const r of rows(name, day)) yield r.line;
    },
    rows,
  };
}

/** Deletes records of days before `cutoffDay` (YYYY-MM-DD); returns how many went. */
export async function deleteOldPgLogs(pool: pg.Pool, cutoffDay: string): Promise<number> {
  return (await pool.query('delete from hs_log where day < $1::date', [cutoffDay])).rowCount ?? 0;
}
