import { describe, expect, it } from 'vitest';
import { clockText } from './clock-format';
import { textOf } from './font-loading';

describe('clockText', () => {
  it('shows the time, date and weekday in the hall time zone, not the device one', () => {
    const ms = Date.parse('2026-11-27T16:05:09Z');
    expect(clockText(ms, 'Asia/Shanghai', false)).toEqual(['00:05', '2026年11月28日 星期六']);
    expect(clockText(ms, 'Europe/Berlin', true)).toEqual(['17:05:09', '2026年11月27日 星期五']);
  });
});

describe('textOf', () => {
  it('collects every string of a slide, nested lists included, for the glyph preload', () => {
    expect(textOf({ title: '电价', tiers: [{ name: '第一档', price: 0.48 }], tags: ['a'] })).toBe('电价第一档a');
  });
});
