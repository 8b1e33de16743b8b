/**
 * Wall-clock arithmetic in a hall's IANA time zone with nothing but `Intl`, so the same code runs in
 * Node and in every player browser. Dates are `YYYY-MM-DD` strings; minutes count from local midnight.
 */

/** A moment as people in the hall read it. */
export interface WallClock {
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight, with seconds as a fraction. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const out = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 };
  for (const p of formatter(timeZone).formatToParts(ms)) {
    const v = Number(p.value);
    if (p.type === 'year') out.y = v;
    else if (p.type === 'month') out.mo = v;
    else if (p.type === 'day') out.d = v;
    else if (p.type === 'hour') out.h = v;
    else if (p.type === 'minute') out.mi = v;
    else if (p.type === 'second') out.s = v;
  }
  return out;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The hall's date, weekday and minute of the day at instant `ms`. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const p = localParts(ms, timeZone);
  const date = `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
  const subSecond = (((ms % 1000) + 1000) % 1000) / 1000;
  return { date, weekday: isoWeekday(date), minutes: p.h * 60 + p.mi + (p.s + subSecond) / 60 };
}

/** Offset of local time from UTC at instant `ms`, in milliseconds (Shanghai: +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the hall's clock shows `date` + `minutes`. In a DST gap the result is the
 * instant just after the gap; in a repeated hour, the first occurrence.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, 0, 0) + minutes * 60_000;
  const first = naive - zoneOffsetMs(naive, timeZone);
  const second = naive - zoneOffsetMs(first, timeZone);
  return Math.min(first, second);
}

/** Calendar arithmetic on `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** `HH:MM` → minutes since midnight. */
export function parseHhMm(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
