import { describe, expect, it } from 'vitest';
import { alertDuration, alertTime } from './alert-time';

describe('alert times', () => {
  it('reads the hall clock, not the browser zone', () => {
    expect(alertTime('2026-12-02T01:50:00.000Z', 'Asia/Shanghai')).toBe('2026-12-02 09:50');
    expect(alertTime('2026-12-02T01:50:00.000Z', 'Pacific/Pago_Pago')).toBe('2026-12-01 14:50');
    expect(alertTime(null, 'Asia/Shanghai')).toBe('—');
  });
  it.each([
    ['2026-12-02T01:00:00Z', '2026-12-02T01:00:30Z', '不到 1 分钟'],
    ['2026-12-02T01:00:00Z', '2026-12-02T01:12:00Z', '12 分钟'],
    ['2026-12-02T01:00:00Z', '2026-12-02T03:05:00Z', '2 小时 5 分钟'],
    ['2026-12-02T01:00:00Z', '2026-12-03T04:00:00Z', '1 天 3 小时'],
  ])('%s → %s lasts %s', (from, to, text) => {
    expect(alertDuration(from, to, 0)).toBe(text);
  });
  it('counts an open alert up to now', () => {
    expect(alertDuration('2026-12-02T01:00:00Z', null, Date.parse('2026-12-02T01:07:00Z'))).toBe('7 分钟');
  });
});
