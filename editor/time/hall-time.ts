/**
 * "Today in this hall" and the hall's calendar, whatever zone the browser is in: staff in a district
 * office, a kiosk PC left on UTC or a hall in another zone all see the dates the server counts in.
 * Pure functions take the zone; `hallZone()` / `districtZone()` name it from the halls the editor
 * loaded at login (`rememberHalls`). Built on `content/wall-clock.ts`, the resolver's own arithmetic.
 */
import { addDays, wallClock, zonedInstant, zoneOffsetMs } from '../../content/wall-clock';

/** The zone a hall has when it names none (content's Hall default), and the fallback before halls load. */
export const DEFAULT_HALL_ZONE = 'Asia/Shanghai';

let zones = new Map<string, string>();
let firstZone: string | undefined;

/** Remembers each hall's zone; the first hall's is the district default (a one-hall user: their hall). */
export function rememberHalls(halls: readonly { id: string; timezone?: string }[]): void {
  zones = new Map(halls.map((h) => [h.id, h.timezone || DEFAULT_HALL_ZONE]));
  firstZone = halls[0] ? halls[0].timezone || DEFAULT_HALL_ZONE : undefined;
}

/** The zone shown when no one hall is chosen ("全部营业厅"): the first hall's, else Asia/Shanghai. */
export function districtZone(): string {
  return firstZone ?? DEFAULT_HALL_ZONE;
}

/** The zone of hall `hallId`; no hall (or one this user cannot see) → the district default. */
export function hallZone(hallId?: string): string {
  return (hallId && zones.get(hallId)) || districtZone();
}

/** `YYYY-MM-DD` of instant `now` on the hall's calendar. */
export function hallToday(timeZone: string, now: number = Date.now()): string {
  return wallClock(now, timeZone).date;
}

/** The last `days` hall days including today: the default range of every report. */
export function lastHallDays(days: number, timeZone: string, now: number = Date.now()): { from: string; to: string } {
  const to = hallToday(timeZone, now);
  return { from: addDays(to, -(days - 1)), to };
}

/** The instant the hall's `date` begins (its local midnight). */
export function hallDayStart(date: string, timeZone: string): number {
  return zonedInstant(date, 0, timeZone);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Instant → `YYYY-MM-DDTHH:MM` as the hall's clock reads it, for a `datetime-local` input; '' for nothing. */
export function toHallInput(iso: string | undefined, timeZone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const wc = wallClock(ms, timeZone);
  const minutes = Math.floor(wc.minutes);
  return `${wc.date}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

const LOCAL_INPUT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * A `datetime-local` value read on the hall's clock → ISO instant; empty → undefined. Anything else
 * passes through unchanged so the zod schema reports it beside the field instead of it vanishing.
 * In a DST gap the time means the first instant after the gap; in a repeated hour, the first one.
 */
export function fromHallInput(value: string, timeZone: string): string | undefined {
  if (!value) return undefined;
  const m = LOCAL_INPUT.exec(value);
  if (!m) return value;
  const [, date, hh, mm, ss] = m as unknown as [string, string, string, string, string | undefined];
  if (Number(hh) > 23 || Number(mm) > 59 || addDays(date, 0) !== date) return value;
  const t = zonedInstant(date, Number(hh) * 60 + Number(mm), timeZone) + Number(ss ?? 0) * 1000;
  return new Date(t).toISOString();
}

/** `UTC+8`, `UTC-11`, `UTC+5:45`: the zone's offset at `now`. */
export function utcOffsetLabel(timeZone: string, now: number = Date.now()): string {
  const min = Math.round(zoneOffsetMs(now, timeZone) / 60_000);
  const abs = Math.abs(min);
  return `UTC${min < 0 ? '-' : '+'}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

/** Zones whose clocks read Beijing time, which staff call 北京时间. */
const BEIJING = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Chungking', 'Asia/Harbin', 'PRC']);

/** How a zone is named beside a time: `北京时间`, or `UTC+14（Pacific/Kiritimati）`. */
export function zoneLabel(timeZone: string, now: number = Date.now()): string {
  return BEIJING.has(timeZone) ? '北京时间' : `${utcOffsetLabel(timeZone, now)}（${timeZone}）`;
}
