/**
 * Append-only records in PostgreSQL (cluster mode), behind the same `AppendLog` interface as the
 * NDJSON files: one `hs_log` row per record, under the UTC day it was written (as the files are
 * named), so every instance's reports see every instance's records. Writes are buffered for a moment
 * and inserted together (a burst of proof-of-play lines is one statement), like a file stream's buffer.
 */
import type pg from 'pg';
import type { LogLines } from '../reports/day-logs';
import type { AppendLog } from './append-log';

/** Records waiting longer than this are inserted; so are this many at once. */
const FLUSH_MS = 200;
const FLUSH_ROWS = 500;
/** Rows read per query when a report reads a day. */
const PAGE = 2000;

/** Opens log `name` in the cluster's database. */
export function openPgAppendLog(pool: pg.Pool, name: string, clock: () => number = Date.now, onError: (err: unknown) => void = (err) => console.error(`[log:${name}]`, err)): AppendLog {
  let days: string[] = [];
  let docs: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (docs.length === 0) return flushing;
    const [d, r] = [days, docs];
    days = [];
    docs = [];
    flushing = flushing
      .then(() => pool.query('insert into hs_log (name, day, record) select $1, d::date, r::json from unnest($2::text[], $3::text[]) as t(d, r)', [name, d, r]))
      .then(
        () => {},
        (err) => onError(err),
      );
    return flushing;
  };
  return {
    write(record) {
      const now = clock();
      const at = new Date(now).toISOString();
      days.push(at.slice(0, 10));
      docs.push(JSON.stringify({ at, ...record }));
      if (docs.length >= FLUSH_ROWS) void flush();
      else timer ??= setTimeout(() => void flush(), FLUSH_MS);
    },
    close: () => flush(),
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
