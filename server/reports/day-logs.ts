/**
 * Reads the records of a daily append log (`<name>-YYYY-MM-DD.ndjson`) that belong to a report's range,
 * line by line (never a whole file in memory). A record belongs to the day it started in its hall's
 * time zone. Files are named by the day the server wrote them, so a range also reads the day before
 * (time zones) and LATE_DAYS after (records a screen uploaded after being offline). Proof of play and
 * kiosk sessions both read through here, and the 工作台's calls and plays of today.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { addDays, wallClock, type WallClock } from '../../content/wall-clock';
import type { StoreReader } from '../store/store';

/** Records uploaded up to this many days after they happened are still counted. */
export const LATE_DAYS = 14;
const DEFAULT_TZ = 'Asia/Shanghai';
/** Rows handed out per batch: one await per batch, not per row (an await per row doubled the time). */
const BATCH = 2000;

/** Where daily logs are read from: the NDJSON folder, or (cluster mode) a source of each log's lines per day. */
export type DayLogSource = string | LogLines;
/** A log store other than files: each log's lines of a day, and the days that have any (newest first). */
export interface LogLines {
  lines(name: string, day: string): AsyncIterable<string>;
  days(name: string): Promise<string[]>;
  /**
   * The same lines with a place that never changes (the database's row id; rising in written order),
   * only those placed before `before`: the audit trail's pages continue from one.
   */
  rows?(name: string, day: string, before?: number): AsyncIterable<{ pos: number; line: string }>;
}

export interface DayLogQuery {
  from: string;
  to: string;
  screenId?: string;
  hallId?: string;
}

/** What every logged record carries: who sent it (a screen, or for calls only a hall) and when it started. */
interface Logged {
  screenId?: string;
  hallId?: string;
  startedAt: string;
}

/**
 * The records of log `name` matching `q`, in the order they were logged, in batches; `parse` turns a
 * line into a record or undefined (a torn last line after a crash, a hand edit). Each comes with its
 * hall (from the record, else the screen's) and its wall-clock start in that hall's time zone.
 */
export async function* readDayLog<R extends Logged>(
  store: StoreReader,
  logDir: DayLogSource,
  name: string,
  q: DayLogQuery,
  parse: (line: string) => R | undefined,
): AsyncGenerator<(R & { hallId?: string; wall: WallClock })[]> {
  const tzOfHall = new Map(store.list('halls').map((h) => [h.id, h.timezone ?? DEFAULT_TZ]));
  const hallOfScreen = new Map(store.list('screens').map((s) => [s.id, s.hallId]));
  for (let fileDay = addDays(q.from, -1); fileDay <= addDays(q.to, LATE_DAYS); fileDay = addDays(fileDay, 1)) {
    let lines: AsyncIterable<string>;
    if (typeof logDir === 'string') {
      const file = path.join(logDir, `${name}-${fileDay}.ndjson`);
      if (!(await exists(file))) continue;
      lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    } else lines = logDir.lines(name, fileDay);
    let batch: (R & { hallId?: string; wall: WallClock })[] = [];
    for await (const line of lines) {
      const row = line ? parse(line) : undefined;
      if (!row) continue;
      if (q.screenId && row.screenId !== q.screenId) continue;
      const hallId = row.hallId ?? (row.screenId === undefined ? undefined : hallOfScreen.get(row.screenId));
      if (q.hallId && hallId !== q.hallId) continue;
      const wall = wallClock(Date.parse(row.startedAt), (hallId && tzOfHall.get(hallId)) || DEFAULT_TZ);
      if (wall.date < q.from || wall.date > q.to) continue;
      batch.push({ ...row, hallId, wall });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
