import { describe, expect, it } from 'vitest';
import { formatClockOffset, formatFps, formatMegabytes, formatUptime } from './screen-status-format';

describe('screen status figures', () => {
  it('formatMegabytes() shows one decimal below 10 MB and whole megabytes above', () => {
    expect(formatMegabytes(undefined)).toBe('—');
    expect(formatMegabytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatMegabytes(123.4 * 1024 * 1024)).toBe('123 MB');
  });

  it('formatUptime() reads in the largest two units', () => {
    expect(formatUptime(undefined)).toBe('—');
    expect(formatUptime(42)).toBe('42 秒');
    expect(formatUptime(12 * 60 + 5)).toBe('12 分钟');
    expect(formatUptime(3 * 3600 + 5 * 60)).toBe('3 小时 5 分');
    expect(formatUptime(3 * 3600)).toBe('3 小时');
    expect(formatUptime(2 * 86400 + 4 * 3600 + 59)).toBe('2 天 4 小时');
    expect(formatUptime(-1)).toBe('—');
  });

  it('formatClockOffset() keeps the sign and warns past two seconds', () => {
    expect(formatClockOffset(120)).toEqual({ text: '+120 ms', warn: false });
    expect(formatClockOffset(-3400)).toEqual({ text: '-3.4 秒', warn: true });
    expect(formatClockOffset(0)).toEqual({ text: '±0 ms', warn: false });
    expect(formatClockOffset(-65_000)).toEqual({ text: '-65 秒', warn: true });
    expect(formatClockOffset(undefined).text).toBe('—');
  });

  it('formatFps() rounds to whole frames', () => {
    expect(formatFps(59.6)).toBe('60 fps');
    expect(formatFps(undefined)).toBe('—');
  });
});
