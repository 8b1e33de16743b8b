import { describe, expect, it } from 'vitest';
import { formatDateTime, formatLongDate, formatSpan, formatTime } from './clock-format';

const SH = 'Asia/Shanghai';
// 2026-11-27 is a Friday; 00:30 UTC is 08:30 in Shanghai.
const friday = Date.parse('2026-11-27T00:30:00Z');

describe('clock formatting', () => {
  it('shows the time and the long Chinese date in the hall time zone', () => {
    expect(formatTime(friday, SH)).toBe('08:30');
    expect(formatLongDate(friday, SH)).toBe('2026年11月27日 星期五');
  });

  it('uses the hall zone, not UTC, around midnight', () => {
    const lateUtc = Date.parse('2026-11-26T16:05:00Z');
    expect(formatLongDate(lateUtc, SH)).toBe('2026年11月27日 星期五');
    expect(formatTime(lateUtc, SH)).toBe('00:05');
  });

  it('names the end date of a span only when it differs', () => {
    const end = Date.parse('2026-11-27T10:00:00Z');
    expect(formatSpan(friday, end, SH, friday)).toBe('11月27日 08:30 至 18:00');
    const nextDay = Date.parse('2026-11-28T01:00:00Z');
    expect(formatSpan(friday, nextDay, SH, friday)).toBe('11月27日 08:30 至 11月28日 09:00');
  });

  it('adds the year when the date is not in the current year', () => {
    expect(formatDateTime(Date.parse('2027-01-02T02:00:00Z'), SH, friday)).toBe('2027年1月2日 10:00');
  });
});
