/**
 * Proof-of-play reports read straight from the daily `play-YYYY-MM-DD.ndjson` logs through
 * `day-logs.ts` (line by line; a play belongs to the day it started in its hall's time zone).
 */
import { addDays } from '../../content/wall-clock';
import { HttpError } from '../http-error';
import type { StoreReader } from '../store/store';
import { readDayLog, type DayLogQuery, type DayLogSource } from './day-logs';

/** Longest range one report covers. */
export const MAX_REPORT_DAYS = 92;
/** Years a report may ask about: keeps the day arithmetic (and the file names read) sane. */
const DATE = /^20\d{2}-\d{2}-\d{2}$/;

export type PlayQuery = DayLogQuery;

/** One play as the report sees it: where, what, when (local day and time) and how long. */
export interface PlayRow {
  screenId: string;
  hallId?: string;
  slideId: string;
  startedAt: string;
  durationMs: number;
  day: string;
  /** `HH:MM:SS` in the hall's time zone. */
  time: string;
}

/** Reads and checks `from`/`to`/`screenId`/`hallId` from a query string; a clear 400 otherwise. */
export function parsePlayQuery(q: Record<string, unknown>): PlayQuery {
  const str = (name: string): string | undefined => (typeof q[name] === 'string' && q[name] !== '' ? (q[name] as string) : undefined);
  const from = str('from');
  const to = str('to');
  const valid = (d: string | undefined): d is string => !!d && DATE.test(d) && addDays(d, 0) === d;
  if (!valid(from) || !valid(to)) throw new HttpError(400, 'bad_range', '参数 from 和 to 需要 2000–2099 年的日期，格式 YYYY-MM-DD，例如 from=2026-11-01&to=2026-11-30');
  if (from > to) throw new HttpError(400, 'bad_range', `开始日期 ${from} 晚于结束日期 ${to}`);
  if (daysBetween(from, to).length > MAX_REPORT_DAYS) throw new HttpError(400, 'bad_range', `一次最多查询 ${MAX_REPORT_DAYS} 天，请缩小日期范围`);
  const screenId = str('screenId');
  const hallId = str('hallId');
  if ((screenId?.length ?? 0) > 64 || (hallId?.length ?? 0) > 64) throw new HttpError(400, 'bad_filter', '参数 screenId / hallId 过长');
  return { from, to, screenId, hallId };
}

/** Every date from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= MAX_REPORT_DAYS; d = addDays(d, 1)) out.push(d);
  return out;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The plays matching `q`, in the order they were logged, in batches. */
export async function* readPlays(store: StoreReader, logDir: DayLogSource, q: PlayQuery): AsyncGenerator<PlayRow[]> {
  for await (const batch of readDayLog(store, logDir, 'play', q, parsePlayLine))
    yield batch.map(({ wall, ...r }) => {
      const secs = Math.floor(wall.minutes * 60);
      return { ...r, day: wall.date, time: `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}` };
    });
}

/** A log line, or undefined when it is not a play record (a torn last line after a crash, a hand edit). */
export function parsePlayLine(line: string): Omit<PlayRow, 'day' | 'time'> | undefined {
  if (!line) return undefined;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const { screenId, hallId, slideId, startedAt, durationMs } = v;
  if (typeof screenId !== 'string' || typeof slideId !== 'string' || typeof startedAt !== 'string' || typeof durationMs !== 'number') return undefined;
  if (Number.isNaN(Date.parse(startedAt))) return undefined;
  return { screenId, hallId: typeof hallId === 'string' ? hallId : undefined, slideId, startedAt, durationMs };
}

/** Plays per slide per day, for the editor's chart. `counts[i]` is the count on `days[i]`. */
export async function playsPerSlide(store: StoreReader, logDir: DayLogSource, q: PlayQuery) {
  const days = daysBetween(q.from, q.to);
  const index = new Map(days.map((d, i) => [d, i]));
  const bySlide = new Map<string, { counts: number[]; total: number; totalMs: number }>();
  for await (const batch of readPlays(store, logDir, q)) {
    for (const r of batch) {
      let s = bySlide.get(r.slideId);
      if (!s) bySlide.set(r.slideId, (s = { counts: days.map(() => 0), total: 0, totalMs: 0 }));
      s.counts[index.get(r.day)!]!++;
      s.total++;
      s.totalMs += r.durationMs;
    }
  }
  const slides = [...bySlide]
    .map(([slideId, s]) => ({ slideId, title: store.get('slides', slideId)?.title ?? `（已删除）${slideId}`, ...s }))
    .sort((a, b) => b.total - a.total || a.title.localeCompare(b.title));
  return { from: q.from, to: q.to, days, slides };
}
