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

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The hall's date, weekday and minute of the day at instant `ms`. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const local = new Date(ms + zoneOffsetMs(ms, timeZone));
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const js = local.getUTCDay();
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes() + (local.getUTCSeconds() + local.getUTCMilliseconds() / 1000) / 60;
  return { date, weekday: js === 0 ? 7 : js, minutes };
}

function exactOffsetMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Offsets cached per time zone and 15-minute slice of UTC: `Intl` formatting costs microseconds and
 * the resolver asks thousands of times. A slice whose two ends disagree (it holds a transition) is
 * never cached, so the answer is always exact.
 */
const SLICE_MS = 15 * 60_000;
const MAX_SLICES = 100_000;
const offsetCache = new Map<string, Map<number, number>>();

/** Offset of local time from UTC at instant `ms`, in milliseconds (Shanghai: +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  const slice = Math.floor(ms / SLICE_MS);
  const cached = zone.get(slice);
  if (cached !== undefined) return cached;
  const start = exactOffsetMs(slice * SLICE_MS, timeZone);
  const end = exactOffsetMs(slice * SLICE_MS + SLICE_MS - 1000, timeZone);
  if (start !== end) return exactOffsetMs(ms, timeZone);
  if (zone.size >= MAX_SLICES) zone.clear();
  zone.set(slice, start);
  return start;
}

/**
 * The instant at which the hall's clock shows `date` + `minutes`. In a DST gap the result is the
 * instant just after the gap; in a repeated hour, the first occurrence.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const key = `${timeZone}|${date}|${minutes}`;
  const cached = instantCache.get(key);
  if (cached !== undefined) return cached;
  const t = computeZonedInstant(date, minutes, timeZone);
  if (instantCache.size >= MAX_INSTANTS) instantCache.clear();
  instantCache.set(key, t);
  return t;
}

/** Window edges repeat across entries, screens and probes: remember the last few thousand. */
const MAX_INSTANTS = 50_000;
const instantCache = new Map<string, number>();

function computeZonedInstant(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, 0, 0) + minutes * 60_000;
  const localOf = (t: number): number => t + zoneOffsetMs(t, timeZone);
  // Offsets a day either side bracket any transition near `naive`; keep guesses that read back right.
  const guesses = [...new Set([-DAY_MS, 0, DAY_MS].map((dt) => naive - zoneOffsetMs(naive + dt, timeZone)))].sort((a, b) => a - b);
  const exact = guesses.find((t) => localOf(t) === naive);
  if (exact !== undefined) return exact;
  // In a gap no instant reads `naive`: find the transition, the first instant whose clock is past it.
  let lo = guesses[0]!;
  let hi = guesses[guesses.length - 1]!;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (localOf(mid) >= naive) hi = mid;
    else lo = mid;
  }
  return hi;
}

const dayCache = new Map<string, string>();

/** Calendar arithmetic on `YYYY-MM-DD` (memoized: the resolver walks the same few days again and again). */
export function addDays(date: string, days: number): string {
  const key = `${date}|${days}`;
  let out = dayCache.get(key);
  if (out === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    out = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
    if (dayCache.size >= MAX_INSTANTS) dayCache.clear();
    dayCache.set(key, out);
  }
  return out;
}

/** ISO weekday of a calendar date, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** `HH:MM` → minutes since midnight. */
export function parseHhMm(hhmm: string): number {
  // `HH:MM` is validated by the schema; reading the digits directly avoids an allocation per probe.
  return (hhmm.charCodeAt(0) - 48) * 600 + (hhmm.charCodeAt(1) - 48) * 60 + (hhmm.charCodeAt(3) - 48) * 10 + (hhmm.charCodeAt(4) - 48);
}

/** `2026-12-05 12:00`: instant `ms` as the hall's clock reads it, the one way staff read a time. */
export function formatWallClock(ms: number, timeZone: string): string {
  const wc = wallClock(ms, timeZone);
  const m = Math.floor(wc.minutes);
  return `${wc.date} ${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}
