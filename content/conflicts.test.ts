/** findConflicts() with windows across midnight, read as one span (fixed clock, hall in Shanghai). */
import { describe, expect, it } from 'vitest';
import { findConflicts } from './conflicts';
import type { Schedule, When } from './model';

const T0 = '2026-01-01T00:00:00.000Z';
/** Shanghai wall-clock time as an ISO instant. 2026-11-23 is a Monday. */
const sh = (local: string): string => new Date(Date.parse(`${local}+08:00`)).toISOString();
const now = Date.parse('2026-11-23T08:00:00+08:00');
const screens = [{ id: 's1', hallId: 'h1', area: 'waiting' as const, tags: [] }];
const existing = (when: When): Schedule => ({
  id: 'other', name: '已有排期', target: { hallIds: ['h1'] }, playlistId: 'pl', priority: 0, when, createdAt: T0, updatedAt: T0,
});
const night = (start: string, end: string, days?: number[]): When => ({ windows: [{ start, end }], ...(days && { days }) });

describe('findConflicts() with overnight windows', () => {
  const cases: [string, When, When, [string, string] | undefined][] = [
    ['17:30–08:30 meets a morning entry in its after-midnight part, from now until 08:30', night('17:30', '08:30'), night('07:00', '09:00'), [sh('2026-11-23T08:00:00'), sh('2026-11-23T08:30:00')]],
    ['17:30–08:30 never meets 09:00–17:00', night('17:30', '08:30'), night('09:00', '17:00'), undefined],
    ['17:30–08:30 meets 18:00–20:00 in the evening', night('17:30', '08:30'), night('18:00', '20:00'), [sh('2026-11-23T18:00:00'), sh('2026-11-23T20:00:00')]],
    ['two overnight windows overlap as one span across midnight', night('17:30', '08:30'), night('23:00', '01:00'), [sh('2026-11-23T23:00:00'), sh('2026-11-24T01:00:00')]],
    ['weekday nights never meet a Saturday-only night (its after-midnight part is still Saturday)', night('17:30', '08:30', [1, 2, 3, 4, 5]), night('22:00', '02:00', [6]), undefined],
    ["Monday's 22:00–06:00 spills into Tuesday morning and meets a Tuesday 05:00–07:00", night('05:00', '07:00', [2]), night('22:00', '06:00', [1]), [sh('2026-11-24T05:00:00'), sh('2026-11-24T06:00:00')]],
    ['a Monday-only overnight window does not meet Tuesday evening', night('22:00', '06:00', [1]), night('18:00', '23:00', [2]), undefined],
  ];
  it.each(cases)('%s', (_name, mine, other, span) => {
    const [c] = findConflicts({ target: { hallIds: ['h1'] }, priority: 1, when: mine }, [existing(other)], screens, () => 'Asia/Shanghai', now);
    expect(c ? [c.firstOverlap, c.overlapEnd] : undefined).toEqual(span);
  });
});
