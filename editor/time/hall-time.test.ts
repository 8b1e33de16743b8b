import { afterEach, describe, expect, it } from 'vitest';
import {
  districtZone, fromHallInput, hallDayStart, hallToday, hallZone, lastHallDays, rememberHalls, toHallInput, utcOffsetLabel, zoneLabel,
} from './hall-time';
import { formatDateTime, formatTime, fromLocalInput, toLocalInput } from './time-format';

const at = (iso: string) => Date.parse(iso);

describe('hallToday() is the hall\'s date, whatever zone the machine is in', () => {
  it.each<[string, string, string, string]>([
    // The failure that started it: 23:20 UTC is already tomorrow in Shanghai.
    ['23:20 UTC in Shanghai', '2026-12-01T23:20:00Z', 'Asia/Shanghai', '2026-12-02'],
    ['15:59:59 UTC in Shanghai', '2026-12-01T15:59:59.999Z', 'Asia/Shanghai', '2026-12-01'],
    ['16:00 UTC in Shanghai (its midnight)', '2026-12-01T16:00:00Z', 'Asia/Shanghai', '2026-12-02'],
    ['UTC+14 is a day ahead of UTC from 10:00 UTC', '2026-12-01T10:00:00Z', 'Pacific/Kiritimati', '2026-12-02'],
    ['UTC+14 just before its midnight', '2026-12-01T09:59:59Z', 'Pacific/Kiritimati', '2026-12-01'],
    ['UTC−11 is a day behind UTC until 11:00 UTC', '2026-12-01T10:59:59Z', 'Pacific/Pago_Pago', '2026-11-30'],
    ['UTC−11 at its midnight', '2026-12-01T11:00:00Z', 'Pacific/Pago_Pago', '2026-12-01'],
    ['New Year in Shanghai', '2026-12-31T16:00:00Z', 'Asia/Shanghai', '2027-01-01'],
    ['Los Angeles in summer (UTC−7)', '2026-07-02T06:59:00Z', 'America/Los_Angeles', '2026-07-01'],
    ['Los Angeles in winter (UTC−8)', '2026-12-02T07:59:00Z', 'America/Los_Angeles', '2026-12-01'],
    ['Berlin on the night DST ends', '2026-10-24T22:00:00Z', 'Europe/Berlin', '2026-10-25'],
    ['Kathmandu (UTC+5:45) at its midnight', '2026-12-01T18:15:00Z', 'Asia/Kathmandu', '2026-12-02'],
  ])('%s', (_name, iso, tz, date) => {
    expect(hallToday(tz, at(iso))).toBe(date);
  });

  it('differs by two calendar days between UTC−11 and UTC+14 for an hour each day', () => {
    const now = at('2026-12-01T10:30:00Z');
    expect([hallToday('Pacific/Pago_Pago', now), hallToday('Pacific/Kiritimati', now)]).toEqual(['2026-11-30', '2026-12-02']);
  });
});

describe('lastHallDays() is the default report range on the hall\'s calendar', () => {
  it.each<[string, number, string, string, { from: string; to: string }]>([
    ['a week ending today in Shanghai, late UTC evening', 7, '2026-12-02T23:20:00Z', 'Asia/Shanghai', { from: '2026-11-27', to: '2026-12-03' }],
    ['across a month end', 7, '2026-12-03T02:00:00Z', 'Asia/Shanghai', { from: '2026-11-27', to: '2026-12-03' }],
    ['across a year end in UTC+14', 3, '2026-12-31T10:00:00Z', 'Pacific/Kiritimati', { from: '2026-12-30', to: '2027-01-01' }],
    ['one day is just today', 1, '2026-12-01T12:00:00Z', 'Pacific/Pago_Pago', { from: '2026-12-01', to: '2026-12-01' }],
    ['a week over the spring DST jump', 7, '2026-03-10T12:00:00Z', 'America/Los_Angeles', { from: '2026-03-04', to: '2026-03-10' }],
  ])('%s', (_name, days, iso, tz, range) => {
    expect(lastHallDays(days, tz, at(iso))).toEqual(range);
  });
});

describe('datetime-local values are the hall\'s clock', () => {
  it.each<[string, string, string, string]>([
    ['Shanghai', '2026-12-05T04:00:00.000Z', 'Asia/Shanghai', '2026-12-05T12:00'],
    ['Shanghai past its midnight', '2026-12-05T16:30:00.000Z', 'Asia/Shanghai', '2026-12-06T00:30'],
    ['UTC+14', '2026-12-05T04:00:00.000Z', 'Pacific/Kiritimati', '2026-12-05T18:00'],
    ['UTC−11, the day before', '2026-12-05T04:00:00.000Z', 'Pacific/Pago_Pago', '2026-12-04T17:00'],
    ['Los Angeles in summer', '2026-07-01T15:00:00.000Z', 'America/Los_Angeles', '2026-07-01T08:00'],
    ['Kathmandu', '2026-12-05T04:00:00.000Z', 'Asia/Kathmandu', '2026-12-05T09:45'],
  ])('%s: an instant reads back the same both ways', (_name, iso, tz, local) => {
    expect(toHallInput(iso, tz)).toBe(local);
    expect(fromHallInput(local, tz)).toBe(iso);
  });

  it.each<[string, string, string, string]>([
    ['seconds typed are kept', '2026-12-05T12:00:30', 'Asia/Shanghai', '2026-12-05T04:00:30.000Z'],
    ['a time in the spring DST gap means the first instant after it', '2026-03-08T02:30', 'America/Los_Angeles', '2026-03-08T10:00:00.000Z'],
    ['a time in the repeated autumn hour means its first occurrence', '2026-11-01T01:30', 'America/Los_Angeles', '2026-11-01T08:30:00.000Z'],
    ['Berlin after DST ends', '2026-10-25T03:00', 'Europe/Berlin', '2026-10-25T02:00:00.000Z'],
  ])('%s', (_name, local, tz, iso) => {
    expect(fromHallInput(local, tz)).toBe(iso);
  });

  it.each<[string, string]>([
    ['not a date', 'morgen'],
    ['day 30 of February', '2026-02-30T10:00'],
    ['hour 24', '2026-02-03T24:00'],
  ])('passes %s through for the schema to flag', (_name, value) => {
    expect(fromHallInput(value, 'Asia/Shanghai')).toBe(value);
  });

  it('empty stays empty', () => {
    expect(fromHallInput('', 'Asia/Shanghai')).toBeUndefined();
    expect(toHallInput(undefined, 'Asia/Shanghai')).toBe('');
    expect(toHallInput('garbage', 'Asia/Shanghai')).toBe('');
  });

  it('hallDayStart() is the hall\'s local midnight', () => {
    expect(new Date(hallDayStart('2026-12-02', 'Asia/Shanghai')).toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(new Date(hallDayStart('2026-12-02', 'Pacific/Pago_Pago')).toISOString()).toBe('2026-12-02T11:00:00.000Z');
  });
});

describe('zone names beside times', () => {
  it.each<[string, string, string]>([
    ['Asia/Shanghai', '2026-12-01T00:00:00Z', '北京时间'],
    ['Pacific/Kiritimati', '2026-12-01T00:00:00Z', 'UTC+14（Pacific/Kiritimati）'],
    ['Pacific/Pago_Pago', '2026-12-01T00:00:00Z', 'UTC-11（Pacific/Pago_Pago）'],
    ['America/Los_Angeles', '2026-07-01T00:00:00Z', 'UTC-7（America/Los_Angeles）'],
    ['America/Los_Angeles', '2026-12-01T00:00:00Z', 'UTC-8（America/Los_Angeles）'],
    ['Asia/Kathmandu', '2026-12-01T00:00:00Z', 'UTC+5:45（Asia/Kathmandu）'],
    ['UTC', '2026-12-01T00:00:00Z', 'UTC+0（UTC）'],
  ])('%s at %s → %s', (tz, iso, label) => {
    expect(zoneLabel(tz, at(iso))).toBe(label);
  });

  it('utcOffsetLabel() follows DST', () => {
    expect(utcOffsetLabel('Europe/Berlin', at('2026-07-01T00:00:00Z'))).toBe('UTC+2');
    expect(utcOffsetLabel('Europe/Berlin', at('2026-12-01T00:00:00Z'))).toBe('UTC+1');
  });
});

describe('which hall\'s zone', () => {
  afterEach(() => rememberHalls([]));

  it('is Asia/Shanghai before any hall is known', () => {
    expect(districtZone()).toBe('Asia/Shanghai');
    expect(hallZone('nope')).toBe('Asia/Shanghai');
  });

  it('is the chosen hall\'s, and the first hall\'s when all halls are shown or the hall is unknown', () => {
    rememberHalls([{ id: 'h1', timezone: 'Pacific/Kiritimati' }, { id: 'h2', timezone: 'Pacific/Pago_Pago' }, { id: 'h3' }]);
    expect(hallZone('h2')).toBe('Pacific/Pago_Pago');
    expect(hallZone('h3')).toBe('Asia/Shanghai');
    expect(hallZone()).toBe('Pacific/Kiritimati');
    expect(hallZone('gone')).toBe('Pacific/Kiritimati');
    expect(districtZone()).toBe('Pacific/Kiritimati');
  });
});

describe('time-format speaks the hall\'s clock by default', () => {
  afterEach(() => rememberHalls([]));

  it.each<[string, string, string, string]>([
    ['Shanghai', 'Asia/Shanghai', '2026-12-05 12:00', '12:00:00'],
    ['UTC+14', 'Pacific/Kiritimati', '2026-12-05 18:00', '18:00:00'],
    ['UTC−11', 'Pacific/Pago_Pago', '2026-12-04 17:00', '17:00:00'],
  ])('%s', (_name, tz, dateTime, time) => {
    const iso = '2026-12-05T04:00:00.000Z';
    expect(formatDateTime(iso, tz)).toBe(dateTime);
    expect(formatTime(iso, tz)).toBe(time);
    rememberHalls([{ id: 'h', timezone: tz }]);
    expect(formatDateTime(iso)).toBe(dateTime);
    expect(toLocalInput(iso)).toBe(dateTime.replace(' ', 'T'));
    expect(fromLocalInput(dateTime.replace(' ', 'T'))).toBe(iso);
  });

  it('midnight reads 00:00, never 24:00', () => {
    expect(formatDateTime('2026-12-04T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-12-05 00:00');
    expect(formatTime('2026-12-04T16:00:00.000Z', 'Asia/Shanghai')).toBe('00:00:00');
  });

  it('leaves nothing and garbage readable', () => {
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('soon')).toBe('soon');
    expect(formatTime(undefined)).toBe('—');
  });
});
