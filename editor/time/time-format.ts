/**
 * Times as staff read and type them: always the hall's wall clock in Chinese format, never the
 * browser's (a district office or a PC left on UTC is not in the hall's zone). Every function takes
 * the zone; without one it is the district default (`hall-time.ts`). The API speaks ISO instants.
 */
import { addDays, formatWallClock, wallClock } from '../../content/wall-clock';
import { districtZone, fromHallInput, toHallInput } from './hall-time';

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    timeFormats.set(timeZone, f);
  }
  return f;
}

/** `2026-11-27 08:00` on the hall's clock (content's `formatWallClock`, as the resolver words it); '—' for nothing. */
export function formatDateTime(iso: string | undefined, timeZone: string = districtZone()): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return formatWallClock(ms, timeZone);
}

/**
 * A span on the hall's clock as staff say it: `2026-11-23 18:00–20:00`, across midnight
 * `2026-11-23 23:00 至次日 01:00`, longer `2026-11-23 08:00 至 2026-11-25 08:00`.
 */
export function formatSpan(startIso: string, endIso: string, timeZone: string = districtZone()): string {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  const from = formatWallClock(start, timeZone);
  const to = formatWallClock(end, timeZone);
  const startDate = wallClock(start, timeZone).date;
  const endDate = wallClock(end, timeZone).date;
  if (endDate === startDate) return `${from}–${to.slice(11)}`;
  if (endDate === addDays(startDate, 1)) return `${from} 至次日 ${to.slice(11)}`;
  return `${from} 至 ${to}`;
}

/** ISO instant → `YYYY-MM-DDTHH:MM` on the hall's clock, for a datetime-local input. */
export function toLocalInput(iso: string | undefined, timeZone: string = districtZone()): string {
  return toHallInput(iso, timeZone);
}

/**
 * datetime-local value, read on the hall's clock → ISO instant; empty → undefined. An unparsable value
 * passes through unchanged so the zod schema reports it next to the field instead of it vanishing.
 */
export function fromLocalInput(value: string, timeZone: string = districtZone()): string | undefined {
  return fromHallInput(value, timeZone);
}

/** `10 秒`, `1 分 30 秒`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} 分 ${s % 60} 秒` : `${m} 分钟`;
}

/** `刚刚`, `5 分钟前`, or the hall's date and time for anything older than a day. */
export function formatAgo(iso: string | undefined, now = Date.now(), timeZone: string = districtZone()): string {
  if (!iso) return '从未';
  const diff = now - new Date(iso).getTime();
  if (Number.isNaN(diff)) return '—';
  if (diff < 60_000) return '刚刚';
  if (diff < 3600_000) return `${Math.floor(diff / 60_000)} 分钟前`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3600_000)} 小时前`;
  return formatDateTime(iso, timeZone);
}

/** Seconds typed by staff → milliseconds; empty → undefined (server default). Keeps NaN for zod to flag. */
export function secondsToMs(value: string): number | undefined {
  const t = value.trim();
  if (!t) return undefined;
  return Math.round(Number(t) * 1000);
}

/** `14:03:27` on the hall's clock; '—' for nothing. Calls are read by the second. */
export function formatTime(iso: string | undefined, timeZone: string = districtZone()): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : timeFormat(timeZone).format(ms);
}
