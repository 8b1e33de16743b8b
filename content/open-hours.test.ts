import { describe, expect, it } from 'vitest';
import { ExceptionDays, type ExceptionDay } from './exception-days';
import type { AreaHours } from './model';
import type { Manifest } from './protocol';
import { closedText, effectiveExceptions, exceptionsForArea, hoursEdges, openAt, openMsWithin } from './open-hours';
import { STANDBY_SLIDE_ID, resolve } from './schedule';

const WEEKDAYS: AreaHours = { windows: [{ start: '08:30', end: '17:30' }], days: [1, 2, 3, 4, 5] };
const DAILY_BERLIN: AreaHours = { windows: [{ start: '08:00', end: '18:00' }] };
const SH = 'Asia/Shanghai';

// 2027-02-10 is a Wednesday; 2027-02-13 a Saturday.
const LIST: ExceptionDay[] = [
  { date: '2027-02-10', kind: 'closed', name: '春节' },
  { date: '2027-02-11', kind: 'hours', name: '春节', windows: [{ start: '09:00', end: '12:00' }] },
  { date: '2027-02-12', kind: 'hours', name: '元宵夜场', windows: [{ start: '20:00', end: '02:00', overnight: true }] },
  { date: '2027-02-15', kind: 'closed', name: '自助设备检修', areas: ['selfService'] },
];

describe('openAt() in the hall time zone', () => {
  it.each([
    ['a closed day is closed in business hours', WEEKDAYS, 'counter', '2027-02-10T02:00:00Z', SH, false],
    ['a 24 h area is not touched by an entry without areas', undefined, 'selfService', '2027-02-10T02:00:00Z', SH, true],
    ['special hours: inside the window (11:00) is open', WEEKDAYS, 'counter', '2027-02-11T03:00:00Z', SH, true],
    ['special hours: 13:00 is closed though the weekly hours are open', WEEKDAYS, 'counter', '2027-02-11T05:00:00Z', SH, false],
    ['an overnight special window keeps Saturday 01:30 open', WEEKDAYS, 'counter', '2027-02-12T17:30:00Z', SH, true],
    ['and closes at 02:00 the next morning', WEEKDAYS, 'counter', '2027-02-12T18:00:00Z', SH, false],
    ['a regular Saturday stays closed', WEEKDAYS, 'counter', '2027-02-13T04:00:00Z', SH, false],
    ['a regular weekday is open', WEEKDAYS, 'counter', '2027-02-09T02:00:00Z', SH, true],
    // The hall's date has turned (01:00 on the 15th) while UTC still reads the 14th.
    ['a listed 24 h area closes at the hall\'s midnight, not UTC\'s', undefined, 'selfService', '2027-02-14T17:00:00Z', SH, false],
    ['and is open a minute before the hall\'s midnight', undefined, 'selfService', '2027-02-14T15:59:00Z', SH, true],
    ['the same entry leaves areas it does not list alone', WEEKDAYS, 'counter', '2027-02-15T02:00:00Z', SH, true],
  ] as const)('%s', (_name, hours, area, iso, zone, open) => {
    const list = exceptionsForArea(LIST, area, hours);
    expect(openAt(hours, list, Date.parse(iso), zone).open).toBe(open);
  });

  // Berlin moves from UTC+1 to UTC+2 at 02:00 on 2027-03-28 (a Sunday).
  const DST: ExceptionDay[] = [{ date: '2027-03-28', kind: 'hours', name: '夏令时', windows: [{ start: '10:00', end: '12:00' }] }];
  it.each([
    ['09:30 CEST is before the special window', '2027-03-28T07:30:00Z', false],
    ['10:30 CEST is inside', '2027-03-28T08:30:00Z', true],
    ['12:30 CEST is after it (11:30 on the winter offset would be inside)', '2027-03-28T10:30:00Z', false],
    ['the day after, 08:30 CEST follows the weekly hours again', '2027-03-29T06:30:00Z', true],
  ] as const)('DST day in Europe/Berlin: %s', (_name, iso, open) => {
    expect(openAt(DAILY_BERLIN, DST, Date.parse(iso), 'Europe/Berlin').open).toBe(open);
  });

  it('lists the DST day\'s edges at the real instants (midnights on both offsets, windows on summer time)', () => {
    const from = Date.parse('2027-03-27T22:00:00Z');
    const until = Date.parse('2027-03-28T23:00:00Z');
    const edges = hoursEdges(DAILY_BERLIN, DST, 'Europe/Berlin', from, until).map((t) => new Date(t).toISOString());
    expect(edges).toEqual(['2027-03-27T23:00:00.000Z', '2027-03-28T08:00:00.000Z', '2027-03-28T10:00:00.000Z', '2027-03-28T22:00:00.000Z']);
  });
});

describe('exception lists', () => {
  it("the hall's entry wins over the district's on its date; other district dates still count", () => {
    const district: ExceptionDay[] = [{ date: '2027-02-10', kind: 'closed', name: '春节' }, { date: '2027-10-01', kind: 'closed', name: '国庆' }];
    const own: ExceptionDay[] = [{ date: '2027-02-10', kind: 'hours', name: '值班', windows: [{ start: '09:00', end: '12:00' }] }];
    const list = effectiveExceptions(own, district);
    expect(list.map((d) => `${d.date} ${d.name}`)).toEqual(['2027-02-10 值班', '2027-10-01 国庆']);
    expect(openAt(WEEKDAYS, list, Date.parse('2027-02-10T02:00:00Z'), SH).open).toBe(true);
    expect(openAt(WEEKDAYS, list, Date.parse('2027-10-01T02:00:00Z'), SH).open).toBe(false);
  });

  it.each([
    ['a duplicate date', [{ date: '2027-02-10', kind: 'closed', name: '春节' }, { date: '2027-02-10', kind: 'closed' }], '2027-02-10 已有一条例外安排（第 1 条「春节」）'],
    ['an end before the start without 跨夜', [{ date: '2027-02-10', kind: 'hours', windows: [{ start: '17:30', end: '08:30' }] }], '如为跨夜时段'],
    ['跨夜 ticked on a same-day window', [{ date: '2027-02-10', kind: 'hours', windows: [{ start: '08:30', end: '17:30', overnight: true }] }], '请取消勾选'],
    ['equal start and end', [{ date: '2027-02-10', kind: 'hours', windows: [{ start: '09:00', end: '09:00' }] }], '不能与开始时间相同'],
    ['a bad date', [{ date: '2027-02-30', kind: 'closed' }], 'YYYY-MM-DD'],
    ['special hours without a window', [{ date: '2027-02-10', kind: 'hours', windows: [] }], '至少需要一个时段'],
    ['an unknown kind', [{ date: '2027-02-10', kind: 'opened' }], '安排只能是 闭馆（closed）、特殊营业时间（hours）或 照常营业（open）'],
  ] as const)('refuses %s with a message staff can act on', (_name, input, words) => {
    const r = ExceptionDays.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join('\n')).toContain(words);
  });

  it('counts open time across a closed day (the alerts\' "offline during business hours")', () => {
    const list = exceptionsForArea(LIST, 'counter', WEEKDAYS);
    // Tuesday 00:00 → Thursday 00:00 Shanghai: Tuesday's 9 h, nothing on the closed Wednesday.
    const open = openMsWithin(WEEKDAYS, list, SH, Date.parse('2027-02-08T16:00:00Z'), Date.parse('2027-02-10T16:00:00Z'));
    expect(open / 3_600_000).toBe(9);
  });

  it('words the reason the resolver shows', () => {
    const list = exceptionsForArea(LIST, 'counter', WEEKDAYS);
    expect(closedText(openAt(WEEKDAYS, list, Date.parse('2027-02-10T02:00:00Z'), SH), WEEKDAYS)).toBe('2027-02-10 春节闭馆');
    expect(closedText(openAt(WEEKDAYS, list, Date.parse('2027-02-11T05:00:00Z'), SH), WEEKDAYS)).toBe('2027-02-11 特殊营业时间（春节 09:00–12:00）以外');
    expect(closedText(openAt(WEEKDAYS, list, Date.parse('2027-02-13T04:00:00Z'), SH), WEEKDAYS)).toBe('本区域营业时间（08:30–17:30）以外');
  });
});

describe('照常营业 (kind open)', () => {
  // District: 春节 closes 2027-02-10 (Wed) for every area with hours, and 2027-02-13 (Sat); 2027-02-15 closes 自助服务区 by name.
  const DISTRICT: ExceptionDay[] = [
    { date: '2027-02-10', kind: 'closed', name: '春节' },
    { date: '2027-02-13', kind: 'closed', name: '春节' },
    { date: '2027-02-15', kind: 'closed', name: '自助设备检修', areas: ['selfService'] },
  ];
  const NIGHT: AreaHours = { windows: [{ start: '20:00', end: '02:00' }] };
  it.each([
    ['hall open overrides the district closure: 10:00 inside the weekly hours', [{ date: '2027-02-10', kind: 'open' }], WEEKDAYS, 'counter', '2027-02-10T02:00:00Z', true],
    ['hall open overrides the district closure: 19:00 is outside the weekly hours', [{ date: '2027-02-10', kind: 'open' }], WEEKDAYS, 'counter', '2027-02-10T11:00:00Z', false],
    ['without the hall entry the district closure holds', [], WEEKDAYS, 'counter', '2027-02-10T02:00:00Z', false],
    ['hall open on a date with no district entry = weekly hours (open at 10:00)', [{ date: '2027-02-09', kind: 'open' }], WEEKDAYS, 'counter', '2027-02-09T02:00:00Z', true],
    ['hall open on a date with no district entry = weekly hours (closed at 08:00)', [{ date: '2027-02-09', kind: 'open' }], WEEKDAYS, 'counter', '2027-02-09T00:00:00Z', false],
    ['open on a weekday the weekly hours skip stays closed (Saturday)', [{ date: '2027-02-13', kind: 'open' }], WEEKDAYS, 'counter', '2027-02-13T02:00:00Z', false],
    ['areas subset: the named area opens as usual', [{ date: '2027-02-10', kind: 'open', areas: ['counter'] }], WEEKDAYS, 'counter', '2027-02-10T02:00:00Z', true],
    // Rule 4: the hall's entry replaces the district's for the whole date, so unnamed areas keep their weekly hours.
    ['areas subset: an unnamed area follows its weekly hours (the district entry is replaced)', [{ date: '2027-02-10', kind: 'open', areas: ['counter'] }], WEEKDAYS, 'waiting', '2027-02-10T02:00:00Z', true],
    ['24 h area named in a district closure opens all day when the hall names it open', [{ date: '2027-02-15', kind: 'open', areas: ['selfService'] }], undefined, 'selfService', '2027-02-14T17:00:00Z', true],
    ['24 h area: a hall open entry on another date leaves the district closure naming it in force', [{ date: '2027-02-10', kind: 'open' }], undefined, 'selfService', '2027-02-14T17:00:00Z', false],
    ['24 h area: an open entry without areas still runs 24 h', [{ date: '2027-02-10', kind: 'open' }], undefined, 'selfService', '2027-02-10T12:00:00Z', true],
    ['an overnight weekly window on an open date keeps the next morning open', [{ date: '2027-02-10', kind: 'open' }], NIGHT, 'counter', '2027-02-10T17:30:00Z', true],
  ] as const)('%s', (_name, own, hours, area, iso, open) => {
    const list = exceptionsForArea(effectiveExceptions(own as readonly ExceptionDay[], DISTRICT), area, hours);
    expect(openAt(hours, list, Date.parse(iso), SH).open).toBe(open);
  });

  it('old data stays valid and open entries parse', () => {
    expect(ExceptionDays.parse([{ date: '2027-02-10', kind: 'closed' }, { date: '2027-02-11', kind: 'open', name: '春节值班' }])).toHaveLength(2);
  });

  it('words the reason with the open entry', () => {
    const list = exceptionsForArea(effectiveExceptions([{ date: '2027-02-10', kind: 'open', name: '春节' }, { date: '2027-02-13', kind: 'open' }], DISTRICT), 'counter', WEEKDAYS);
    expect(closedText(openAt(WEEKDAYS, list, Date.parse('2027-02-10T11:00:00Z'), SH), WEEKDAYS)).toBe('2027-02-10 春节照常营业，本区域营业时间（08:30–17:30）以外');
    expect(closedText(openAt(WEEKDAYS, list, Date.parse('2027-02-13T02:00:00Z'), SH), WEEKDAYS)).toBe('2027-02-13 照常营业，但每周营业时间不含这一天');
  });

  it('counts the weekly hours on an open date as business time', () => {
    const list = exceptionsForArea(effectiveExceptions([{ date: '2027-02-10', kind: 'open' }], DISTRICT), 'counter', WEEKDAYS);
    expect(openMsWithin(WEEKDAYS, list, SH, Date.parse('2027-02-09T16:00:00Z'), Date.parse('2027-02-10T16:00:00Z')) / 3_600_000).toBe(9);
  });
});

describe('resolve() with exception days', () => {
  const T0 = '2026-01-01T00:00:00.000Z';
  const manifest = (area: Manifest['screen']['area'], extra: Partial<Manifest> = {}): Manifest => ({
    version: 'v', generatedAt: T0,
    screen: { id: 's1', name: '电视', hallId: 'h1', area, kind: 'tv', resolution: { width: 1920, height: 1080 }, counters: [], tags: [], callDisplay: 'full', createdAt: T0 },
    hall: { id: 'h1', name: '示范营业厅', timezone: SH, createdAt: T0, hours: { counter: WEEKDAYS }, exceptions: [{ date: '2027-02-11', kind: 'hours', name: '春节', windows: [{ start: '09:00', end: '12:00' }] }] },
    schedules: [{ id: 'e1', name: '节目', target: { hallIds: ['h1'] }, playlistId: 'p1', priority: 0, createdAt: T0, updatedAt: T0 }],
    playlists: [{ id: 'p1', name: '列表', items: [{ slideId: 'n1' }], createdAt: T0, updatedAt: T0 }],
    slides: [{ type: 'notice', id: 'n1', title: '通知', body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0 } as Manifest['slides'][number]],
    overrides: [],
    districtExceptions: [{ date: '2027-02-10', kind: 'closed', name: '春节' }, { date: '2027-02-11', kind: 'closed' }],
    ...extra,
  });

  it('a district closed day puts the counter area in standby and says why; the hall\'s own entry wins the next day', () => {
    const r = resolve(manifest('counter'), Date.parse('2027-02-10T02:00:00Z'));
    expect(r.items.map((i) => i.slideId)).toEqual([STANDBY_SLIDE_ID]);
    expect(r.trace.at(-1)!.message).toBe('2027-02-10 春节闭馆，显示待机画面');
    // Closed until the hall's special window opens at 09:00 on the 11th.
    expect(r.nextChangeAt).toBe('2027-02-11T01:00:00.000Z');
    expect(resolve(manifest('counter'), Date.parse('2027-02-11T02:00:00Z')).items.map((i) => i.slideId)).toEqual(['n1']);
    expect(resolve(manifest('counter'), Date.parse('2027-02-11T02:00:00Z')).nextChangeAt).toBe('2027-02-11T04:00:00.000Z');
  });

  it('the 24 h self-service area keeps playing on the closed day unless an entry names it', () => {
    expect(resolve(manifest('selfService'), Date.parse('2027-02-10T02:00:00Z')).items.map((i) => i.slideId)).toEqual(['n1']);
    const named = manifest('selfService', { districtExceptions: [{ date: '2027-02-10', kind: 'closed', areas: ['selfService'] }] });
    const before = resolve(named, Date.parse('2027-02-09T12:00:00Z'));
    expect(before.items.map((i) => i.slideId)).toEqual(['n1']);
    // Changes at the hall's midnight (16:00 UTC the day before), not UTC's.
    expect(before.nextChangeAt).toBe('2027-02-09T16:00:00.000Z');
    expect(resolve(named, Date.parse('2027-02-09T16:00:00Z')).items.map((i) => i.slideId)).toEqual([STANDBY_SLIDE_ID]);
  });

  it('the hall\'s 照常营业 on the district\'s closed day plays the entry in business hours', () => {
    const open = manifest('counter', { hall: { ...manifest('counter').hall, exceptions: [{ date: '2027-02-10', kind: 'open', name: '春节值班' }] } });
    expect(resolve(open, Date.parse('2027-02-10T02:00:00Z')).items.map((i) => i.slideId)).toEqual(['n1']);
    const evening = resolve(open, Date.parse('2027-02-10T11:00:00Z'));
    expect(evening.items.map((i) => i.slideId)).toEqual([STANDBY_SLIDE_ID]);
    expect(evening.trace.at(-1)!.message).toBe('2027-02-10 春节值班照常营业，本区域营业时间（08:30–17:30）以外，显示待机画面');
  });
});
