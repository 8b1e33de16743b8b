import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, parseHhMm, wallClock, zonedInstant, zoneOffsetMs } from './wall-clock';

const utc = (iso: string): number => Date.parse(iso);

describe('wallClock() reads an instant as people in the hall do', () => {
  it.each<[string, string, string, number, number]>([
    ['2026-11-23T02:00:00Z', 'Asia/Shanghai', '2026-11-23', 1, 600],
    ['2026-11-22T16:00:00Z', 'Asia/Shanghai', '2026-11-23', 1, 0],
    ['2026-11-22T15:59:00Z', 'Asia/Shanghai', '2026-11-22', 7, 23 * 60 + 59],
    ['2026-12-31T16:30:00Z', 'Asia/Shanghai', '2027-01-01', 5, 30],
    ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08', 7, 60 + 59],
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08', 7, 3 * 60],
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01', 7, 90],
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01', 7, 90],
    ['2026-06-01T12:00:00Z', 'UTC', '2026-06-01', 1, 720],
  ])('%s in %s is %s, weekday %i, minute %d', (iso, tz, date, weekday, minutes) => {
    expect(wallClock(utc(iso), tz)).toEqual({ date, weekday, minutes });
  });

  it('counts seconds and milliseconds as a fraction of a minute', () => {
    expect(wallClock(utc('2026-11-23T02:00:30.500Z'), 'Asia/Shanghai').minutes).toBeCloseTo(600 + 30.5 / 60, 9);
  });
});

describe('zonedInstant() turns a hall wall-clock time into an instant', () => {
  it.each<[string, number, string, string]>([
    ['2026-11-23', 600, 'Asia/Shanghai', '2026-11-23T02:00:00Z'],
    ['2026-11-23', 0, 'Asia/Shanghai', '2026-11-22T16:00:00Z'],
    ['2027-01-01', 0, 'Asia/Shanghai', '2026-12-31T16:00:00Z'],
    ['2026-03-07', 540, 'America/New_York', '2026-03-07T14:00:00Z'],
    ['2026-03-08', 540, 'America/New_York', '2026-03-08T13:00:00Z'],
    ['2026-03-08', 0, 'America/New_York', '2026-03-08T05:00:00Z'],
    ['2026-03-08', 180, 'America/New_York', '2026-03-08T07:00:00Z'],
    ['2026-11-01', 540, 'America/New_York', '2026-11-01T14:00:00Z'],
    ['2026-11-01', 90, 'America/New_York', '2026-11-01T05:30:00Z'], // repeated hour: the first occurrence
    ['2026-11-01', 0, 'America/New_York', '2026-11-01T04:00:00Z'],
  ])('%s minute %i in %s is %s', (date, minutes, tz, iso) => {
    expect(new Date(zonedInstant(date, minutes, tz)).toISOString()).toBe(new Date(iso).toISOString());
  });

  /** Every wall time (quarter hours) that exists on `date` in `tz`, with its first instant: found by brute force. */
  const existing = (date: string, tz: string): Map<number, number> => {
    const out = new Map<number, number>();
    const from = utc(`${date}T00:00:00Z`) - 86_400_000;
    for (let t = from; t < from + 3 * 86_400_000; t += 15 * 60_000) {
      const wc = wallClock(t, tz);
      if (wc.date === date && !out.has(wc.minutes)) out.set(wc.minutes, t);
    }
    return out;
  };
  const roundTrips = (tz: string, date: string): void => {
    const wrong: string[] = [];
    for (const [minutes, first] of existing(date, tz)) {
      const got = zonedInstant(date, minutes, tz);
      if (got !== first) wrong.push(`${minutes} → ${new Date(got).toISOString()} (want ${new Date(first).toISOString()})`);
    }
    expect(wrong).toEqual([]);
  };

  it.each([
    ['Asia/Shanghai', '2026-11-23'],
    ['Asia/Shanghai', '2026-12-31'],
    ['UTC', '2026-03-29'],
    ['America/New_York', '2026-01-15'],
    ['America/New_York', '2026-03-08'],
    ['Europe/London', '2026-03-29'],
  ])('maps every existing quarter hour in %s on %s to its (first) instant', roundTrips);

  it.each([
    ['America/New_York', '2026-11-01'],
    ['Australia/Lord_Howe', '2026-10-04'],
    ['Europe/London', '2026-10-25'],
  ])('maps every existing quarter hour in %s on %s to its (first) instant', roundTrips);

  it.each([
    ['2026-11-23T02:00:00Z', 'Asia/Shanghai'],
    ['2026-03-08T07:00:00Z', 'America/New_York'],
    ['2026-11-01T05:30:00Z', 'America/New_York'],
    ['2026-07-01T00:00:00Z', 'Australia/Lord_Howe'],
  ])('instant → wall clock → instant is the identity for %s in %s', (iso, tz) => {
    const wc = wallClock(utc(iso), tz);
    expect(zonedInstant(wc.date, wc.minutes, tz)).toBe(utc(iso));
  });

  it('a wall time inside the spring-forward gap maps to the instant just after the gap', () => {
    expect(new Date(zonedInstant('2026-03-08', 150, 'America/New_York')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('zoneOffsetMs()', () => {
  it.each<[string, string, number]>([
    ['2026-11-23T02:00:00Z', 'Asia/Shanghai', 8],
    ['2026-01-15T12:00:00Z', 'America/New_York', -5],
    ['2026-07-15T12:00:00Z', 'America/New_York', -4],
    ['2026-07-15T12:00:00Z', 'Asia/Kolkata', 5.5],
  ])('%s in %s is UTC%+d h', (iso, tz, hours) => {
    expect(zoneOffsetMs(utc(iso), tz)).toBe(hours * 3600_000);
  });
});

describe('addDays() does calendar arithmetic on YYYY-MM-DD', () => {
  it.each<[string, number, string]>([
    ['2026-11-23', 1, '2026-11-24'],
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-03-08', 1, '2026-03-09'],
    ['2026-01-31', 30, '2026-03-02'],
    ['2026-11-23', 0, '2026-11-23'],
    ['2026-11-23', -365, '2025-11-23'],
  ])('%s %+i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('isoWeekday() numbers days 1 = Monday … 7 = Sunday', () => {
  it.each<[string, number]>([
    ['2026-11-23', 1],
    ['2026-11-24', 2],
    ['2026-11-25', 3],
    ['2026-11-26', 4],
    ['2026-11-27', 5],
    ['2026-11-28', 6],
    ['2026-11-29', 7],
    ['2027-01-01', 5],
    ['2028-02-29', 2],
  ])('%s is %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });
});

describe('parseHhMm()', () => {
  it.each<[string, number]>([
    ['00:00', 0],
    ['06:30', 390],
    ['23:59', 1439],
  ])('%s is minute %i', (hhmm, minutes) => {
    expect(parseHhMm(hhmm)).toBe(minutes);
  });
});
