import { describe, expect, it } from 'vitest';
import { formatSpan } from './time-format';

const sh = (local: string) => new Date(Date.parse(`${local}+08:00`)).toISOString();

describe('formatSpan() words a span on the hall clock', () => {
  it.each([
    ['within a day', sh('2026-11-23T18:00:00'), sh('2026-11-23T20:00:00'), '2026-11-23 18:00–20:00'],
    ['across midnight', sh('2026-11-23T17:30:00'), sh('2026-11-24T08:30:00'), '2026-11-23 17:30 至次日 08:30'],
    ['over days', sh('2026-11-23T08:00:00'), sh('2026-11-25T08:00:00'), '2026-11-23 08:00 至 2026-11-25 08:00'],
  ])('%s', (_n, a, b, text) => expect(formatSpan(a, b, 'Asia/Shanghai')).toBe(text));
});
