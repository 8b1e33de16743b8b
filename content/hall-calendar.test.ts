import { describe, expect, it } from 'vitest';
import { HallCalendar, hallCalendar, type HallCalendarInput } from './hall-calendar';
import type { Hall, Schedule, Slide } from './model';
import type { Manifest } from './protocol';

const T0 = '2026-01-01T00:00:00.000Z';
const screen = (id: string, area: Manifest['screen']['area']): Manifest['screen'] => ({
  id, name: id, hallId: 'h1', area, kind: 'tv', resolution: { width: 1920, height: 1080 }, counters: [], tags: [], callDisplay: 'full', createdAt: T0,
});
const entry = (id: string, target: Schedule['target'], when?: Schedule['when']): Schedule => ({
  id, name: `排期${id}`, target, playlistId: `p-${id}`, priority: 0, createdAt: T0, updatedAt: T0, ...(when && { when }),
});
const slide = (id: string): Slide => ({ type: 'notice', id, title: id, body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0 }) as Slide;

function input(hall: Partial<Hall> = {}, extra: Partial<HallCalendarInput> = {}): HallCalendarInput {
  return {
    hall: { id: 'h1', name: '示范营业厅', timezone: 'Asia/Shanghai', createdAt: T0, hours: { counter: { windows: [{ start: '08:30', end: '17:30' }], days: [1, 2, 3, 4, 5] } }, ...hall },
    screens: [screen('c1', 'counter'), screen('c2', 'counter'), screen('w1', 'waiting'), screen('k1', 'selfService')],
    schedules: [entry('A', { hallIds: ['h1'] }, { windows: [{ start: '09:00', end: '12:00' }] }), entry('B', { hallIds: ['h1'], areas: ['waiting'] })],
    playlists: ['A', 'B'].map((x) => ({ id: `p-${x}`, name: `列表${x}`, items: [{ slideId: `s-${x}` }], createdAt: T0, updatedAt: T0 })),
    slides: [slide('s-A'), slide('s-B')],
    districtExceptions: [{ date: '2027-02-10', kind: 'closed', name: '春节' }],
    ...extra,
  };
}
const at = (cal: HallCalendar, date: string) => cal.days.find((d) => d.date === date)!;
const hourOf = (cal: HallCalendar, date: string, hour: number) => {
  const c = at(cal, date).hours[hour]!;
  return { ...Object.fromEntries(c.entries.map((e) => [e.scheduleId, e.screens])), standby: c.standby };
};

describe('hallCalendar()', () => {
  // 2027-02-08 is a Monday.
  const cal = hallCalendar(input(), '2027-02-08', 7);

  it('is a valid wire answer with one day per date and 24 hours each', () => {
    expect(HallCalendar.parse(cal).days.map((d) => d.date)).toEqual(['2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13', '2027-02-14']);
    expect(cal.days.every((d) => d.hours.length === 24)).toBe(true);
  });

  it.each([
    ['Monday 10:00: A on all four screens, B beside it in the waiting area', '2027-02-08', 10, { A: 4, B: 1, standby: 0 }],
    ['Monday 20:00: the counter screens sleep, B plays on', '2027-02-08', 20, { B: 1, standby: 2 }],
    ['closed day 10:00: counter screens in standby, the 24 h areas play', '2027-02-10', 10, { A: 2, B: 1, standby: 2 }],
    ['Saturday 10:00: counter closed by the weekly hours', '2027-02-13', 10, { A: 2, B: 1, standby: 2 }],
  ] as const)('%s', (_name, date, hour, expected) => {
    expect(hourOf(cal, date, hour)).toEqual(expected);
  });

  it('marks the exception day and the areas closed on it; 24 h areas are not closed', () => {
    expect(at(cal, '2027-02-10').exception).toMatchObject({ kind: 'closed', name: '春节' });
    expect(at(cal, '2027-02-10').closedAreas).toEqual(['counter']);
    expect(at(cal, '2027-02-09').exception).toBeUndefined();
    expect(at(cal, '2027-02-09').closedAreas).toEqual([]);
  });

  it('a hall 照常营业 on the district\'s closed date: the day is marked open, the counters play their weekly hours', () => {
    const own = hallCalendar(input({ exceptions: [{ date: '2027-02-10', kind: 'open', name: '春节值班' }] }), '2027-02-10', 1);
    expect(own.days[0]!.exception).toMatchObject({ kind: 'open', name: '春节值班' });
    expect(own.days[0]!.closedAreas).toEqual([]);
    expect(hourOf(own, '2027-02-10', 10)).toEqual({ A: 4, B: 1, standby: 0 });
    expect(hourOf(own, '2027-02-10', 20)).toEqual({ B: 1, standby: 2 });
    // On a Saturday the weekly hours are closed, so 照常营业 is closed too.
    const sat = hallCalendar(input({ exceptions: [{ date: '2027-02-13', kind: 'open' }] }), '2027-02-13', 1);
    expect(sat.days[0]!.closedAreas).toEqual(['counter']);
  });

  it('sums a day per entry: on how many screens and for how long', () => {
    expect(at(cal, '2027-02-08').entries).toEqual([
      { scheduleId: 'A', screens: 4, minutes: 180 },
      { scheduleId: 'B', screens: 1, minutes: 1440 },
    ]);
    expect(at(cal, '2027-02-10').entries).toEqual([
      { scheduleId: 'A', screens: 2, minutes: 180 },
      { scheduleId: 'B', screens: 1, minutes: 1440 },
    ]);
  });

  it('resolves alike screens once: both counter TVs share one row', () => {
    expect(cal.groups.map((g) => g.screenIds)).toEqual([['c1', 'c2'], ['w1'], ['k1']]);
    expect(cal.schedules.map((s) => s.id)).toEqual(['A', 'B']);
  });

  it("special hours of the hall's own win over the district's closed day", () => {
    const own = hallCalendar(input({ exceptions: [{ date: '2027-02-10', kind: 'hours', name: '值班', windows: [{ start: '10:00', end: '11:00' }] }] }), '2027-02-10', 1);
    expect(own.days[0]!.exception).toMatchObject({ kind: 'hours', name: '值班' });
    expect(hourOf(own, '2027-02-10', 10)).toEqual({ A: 4, B: 1, standby: 0 });
    expect(hourOf(own, '2027-02-10', 11)).toEqual({ A: 2, B: 1, standby: 2 });
    expect(own.days[0]!.closedAreas).toEqual([]);
  });

  it("starts at the hall's midnight, not UTC's", () => {
    const one = hallCalendar(input(), '2027-02-10', 1);
    expect(one.groups[0]!.segments[0]!.start).toBe('2027-02-09T16:00:00.000Z');
    expect(one.groups[0]!.segments.at(-1)!.end).toBe('2027-02-10T16:00:00.000Z');
  });

  it('on a DST day the missing local hour is an empty cell and the others are full (Europe/Berlin, 2027-03-28)', () => {
    const berlin = hallCalendar(input({ timezone: 'Europe/Berlin', hours: {} }, { districtExceptions: [] }), '2027-03-28', 1);
    const day = berlin.days[0]!;
    expect(day.hours[2]).toEqual({ entries: [], standby: 0 });
    expect(day.hours.filter((h) => h.entries.some((e) => e.scheduleId === 'B')).length).toBe(23);
    expect(day.entries.find((e) => e.scheduleId === 'B')!.minutes).toBe(23 * 60);
    // A plays 09:00–12:00 on summer time.
    expect(day.hours.flatMap((h, i) => (h.entries.some((e) => e.scheduleId === 'A') ? [i] : []))).toEqual([9, 10, 11]);
  });
});
