import { describe, expect, it } from 'vitest';
import type { Hall, Schedule, Slide, When } from './model';
import type { Manifest } from './protocol';
import { resolve } from './schedule';

const T0 = '2026-01-01T00:00:00.000Z';
const slide: Slide = { type: 'notice', id: 'n1', title: '通知', body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0 };

function manifest(timezone: string, when: When): Manifest {
  const hall: Hall = { id: 'h', name: '厅', timezone, createdAt: T0 };
  const entry: Schedule = { id: 'e', name: '节目', target: { hallIds: ['h'] }, playlistId: 'pl', priority: 0, createdAt: T0, updatedAt: T0, when };
  return {
    version: 'v', generatedAt: T0, hall, overrides: [], slides: [slide], schedules: [entry],
    screen: { id: 's', name: '屏', hallId: 'h', area: 'waiting', kind: 'tv', resolution: { width: 1920, height: 1080 }, counters: [], tags: [], callDisplay: 'full', createdAt: T0 },
    playlists: [{ id: 'pl', name: '列表', items: [{ slideId: 'n1' }], createdAt: T0, updatedAt: T0 }],
  };
}
const playing = (m: Manifest, iso: string): boolean => resolve(m, Date.parse(iso)).items[0]!.slideId === 'n1';
const nextChange = (m: Manifest, iso: string): string => resolve(m, Date.parse(iso)).nextChangeAt;

describe('Europe/Berlin on both DST change days (2026-03-29 02:00→03:00, 2026-10-25 03:00→02:00)', () => {
  const early = manifest('Europe/Berlin', { windows: [{ start: '01:00', end: '04:00' }] });

  it.each([
    ['spring: 01:30 CET is inside', '2026-03-29T00:30:00Z', true],
    ['spring: 03:30 CEST is inside (the clock skipped 02:xx)', '2026-03-29T01:30:00Z', true],
    ['spring: 04:00 CEST is outside', '2026-03-29T02:00:00Z', false],
    ['autumn: first 02:30 (CEST) is inside', '2026-10-25T00:30:00Z', true],
    ['autumn: second 02:30 (CET) is inside', '2026-10-25T01:30:00Z', true],
    ['autumn: 04:00 CET is outside', '2026-10-25T03:00:00Z', false],
  ])('%s', (_name, iso, expected) => {
    expect(playing(early, iso)).toBe(expected);
  });

  it('the spring window lasts two real hours and the autumn one four', () => {
    expect(nextChange(early, '2026-03-29T00:00:00Z')).toBe('2026-03-29T02:00:00.000Z');
    expect(nextChange(early, '2026-10-25T00:00:00Z')).toBe('2026-10-25T03:00:00.000Z');
  });

  it('a window starting in the skipped hour starts when the clock jumps', () => {
    const gap = manifest('Europe/Berlin', { windows: [{ start: '02:30', end: '05:00' }], from: '2026-03-29', until: '2026-03-29' });
    expect(nextChange(gap, '2026-03-28T23:00:00Z')).toBe('2026-03-29T01:00:00.000Z');
  });
});

describe('halls in different time zones read the same window in their own wall clock', () => {
  const when: When = { windows: [{ start: '09:00', end: '10:00' }] };
  it.each([
    ['Asia/Shanghai', '2026-11-27T01:00:00.000Z'],
    ['Asia/Urumqi', '2026-11-27T03:00:00.000Z'],
    ['Europe/Berlin', '2026-11-27T08:00:00.000Z'],
  ])('%s opens at %s', (tz, opensUtc) => {
    const m = manifest(tz, when);
    expect(nextChange(m, '2026-11-26T22:00:00Z')).toBe(opensUtc);
    expect(playing(m, opensUtc)).toBe(true);
  });
});
