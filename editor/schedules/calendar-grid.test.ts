import { describe, expect, it } from 'vitest';
import { addMonths, exceptionMark, shiftDate, viewSpan, viewTitle, weekStart } from './calendar-grid';

describe('the dates a calendar view covers', () => {
  it.each([
    ['a day is itself', 'day', '2027-02-10', { from: '2027-02-10', days: 1 }],
    ['a week starts on Monday', 'week', '2027-02-10', { from: '2027-02-08', days: 7 }],
    ['a Sunday belongs to the week before it', 'week', '2027-02-14', { from: '2027-02-08', days: 7 }],
    // February 2027 begins on a Monday and has 28 days: exactly 4 weeks.
    ['February 2027 is exactly four weeks', 'month', '2027-02-17', { from: '2027-02-01', days: 28 }],
    ['May 2027 needs six weeks (Saturday 1st to Monday 31st)', 'month', '2027-05-20', { from: '2027-04-26', days: 42 }],
    ['a month across the year end', 'month', '2026-12-05', { from: '2026-11-30', days: 35 }],
  ] as const)('%s', (_name, view, date, expected) => {
    expect(viewSpan(view, date)).toEqual(expected);
  });

  it.each([
    ['day', '2027-02-28', 1, '2027-03-01'],
    ['week', '2027-02-10', -1, '2027-02-03'],
    ['month', '2027-01-31', 1, '2027-02-01'],
    ['month', '2027-01-15', -1, '2026-12-01'],
  ] as const)('%s view: %s moved by %i is %s', (view, date, by, expected) => {
    expect(shiftDate(view, date, by)).toBe(expected);
  });

  it('names the span the way a Chinese calendar does', () => {
    expect(viewTitle('month', '2027-02-10')).toBe('2027年2月');
    expect(viewTitle('week', '2027-02-10')).toBe('2027年2月8日–14日');
    expect(viewTitle('week', '2027-03-31')).toBe('2027年3月29日–4月4日');
    expect(viewTitle('week', '2026-12-31')).toBe('2026年12月28日–2027年1月3日');
    expect(viewTitle('day', '2027-02-10')).toBe('2027年2月10日 周三');
    expect(weekStart('2027-01-03')).toBe('2026-12-28');
    expect(addMonths('2026-12-09', 1)).toBe('2027-01-01');
  });

  it('marks exception days 闭馆 or 特殊营业时间 with their name', () => {
    expect(exceptionMark({ date: '2027-02-10', kind: 'closed', name: '春节' })).toEqual({ kind: 'closed', text: '闭馆 · 春节' });
    expect(exceptionMark({ date: '2027-02-11', kind: 'hours', windows: [{ start: '20:00', end: '02:00', overnight: true }] })).toEqual({ kind: 'hours', text: '特殊营业时间 20:00–次日02:00' });
    expect(exceptionMark(undefined)).toBeUndefined();
  });
});
