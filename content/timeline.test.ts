import { describe, expect, it } from 'vitest';
import type { Hall, Schedule, Slide, When } from './model';
import type { Manifest } from './protocol';
import { findConflicts } from './conflicts';
import { resolve } from './schedule';
import { timeline } from './timeline';

const T0 = '2026-01-01T00:00:00.000Z';
/** Shanghai wall-clock time as an instant. 2026-11-23 is a Monday. */
const sh = (local: string): number => Date.parse(`${local}+08:00`);
const hall: Hall = { id: 'h1', name: '示范营业厅', timezone: 'Asia/Shanghai', createdAt: T0 };
const screen: Manifest['screen'] = {
  id: 's1', name: '电视', hallId: 'h1', area: 'waiting', kind: 'tv', resolution: { width: 1920, height: 1080 },
  counters: [], tags: [], callDisplay: 'full', createdAt: T0,
};
const slide = (id: string): Slide => ({ type: 'notice', id, title: id, body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0 });
const entry = (id: string, priority: number, when?: When, target: Schedule['target'] = { hallIds: ['h1'] }): Schedule => ({
  id, name: `排期${id}`, target, playlistId: `pl-${id}`, priority, createdAt: T0, updatedAt: T0, ...(when && { when }),
});
function manifest(entries: Schedule[]): Manifest {
  return {
    version: 'v', generatedAt: T0, screen, hall, overrides: [], schedules: entries,
    playlists: entries.map((e) => ({ id: e.playlistId, name: e.name, items: [{ slideId: `${e.id}-1` }], createdAt: T0, updatedAt: T0 })),
    slides: entries.map((e) => slide(`${e.id}-1`)),
  };
}

describe('timeline() draws a screen calendar from the resolver', () => {
  const base = entry('base', 0);
  const evening = entry('eve', 5, { windows: [{ start: '18:00', end: '20:00' }] });

  it('splits a day at window edges and merges nothing that differs', () => {
    const segs = timeline(manifest([base, evening]), sh('2026-11-23T08:00:00'), sh('2026-11-24T08:00:00'));
    expect(segs.map((s) => [s.start, s.scheduleIds])).toEqual([
      [new Date(sh('2026-11-23T08:00:00')).toISOString(), ['base']],
      [new Date(sh('2026-11-23T18:00:00')).toISOString(), ['eve']],
      [new Date(sh('2026-11-23T20:00:00')).toISOString(), ['base']],
    ]);
    expect(segs.at(-1)!.end).toBe(new Date(sh('2026-11-24T08:00:00')).toISOString());
  });

  it('covers the span without gaps or overlaps', () => {
    const segs = timeline(manifest([base, evening]), sh('2026-11-23T00:00:00'), sh('2026-11-30T00:00:00'));
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.start).toBe(segs[i - 1]!.end);
    expect(segs.length).toBe(15);
  });

  it('marks idle stretches when nothing is scheduled', () => {
    const segs = timeline(manifest([evening]), sh('2026-11-23T12:00:00'), sh('2026-11-23T23:00:00'));
    expect(segs.map((s) => s.idle)).toEqual([true, false, true]);
  });

  it('agrees with resolve() at every segment start', () => {
    const m = manifest([base, evening, entry('night', 1, { days: [1, 2], windows: [{ start: '22:00', end: '06:00' }] })]);
    for (const seg of timeline(m, sh('2026-11-23T00:00:00'), sh('2026-11-27T00:00:00')))
      expect(resolve(m, Date.parse(seg.start)).items).toEqual(seg.items);
  });
});

describe('findConflicts() tells staff what a new entry will meet', () => {
  const screens = [screen, { ...screen, id: 's2', area: 'counter' as const }];
  const zone = () => 'Asia/Shanghai';
  const now = sh('2026-11-23T08:00:00');
  const existing = [
    entry('base', 0),
    entry('eve', 5, { windows: [{ start: '18:00', end: '20:00' }] }),
    entry('counterOnly', 9, undefined, { areas: ['counter'] }),
    entry('weekend', 3, { days: [6, 7] }),
  ];

  const cases: [string, { priority: number; when: When }, string, string][] = [
    ['equal priority shares the loop', { priority: 0, when: { windows: [{ start: '19:00', end: '21:00' }] } }, 'base', 'sharesLoop'],
    ['higher priority takes over', { priority: 7, when: { windows: [{ start: '19:00', end: '21:00' }] } }, 'eve', 'takesOver'],
    ['lower priority is taken over', { priority: 2, when: { windows: [{ start: '19:00', end: '21:00' }] } }, 'eve', 'isTakenOver'],
  ];
  it.each(cases)('%s', (_name, cand, otherId, relation) => {
    const c = findConflicts({ target: { areas: ['waiting'] }, ...cand }, existing, screens, zone, now);
    expect(c.find((x) => x.scheduleId === otherId)?.relation).toBe(relation);
  });

  it('ignores entries on other screens and at other times', () => {
    const c = findConflicts({ target: { areas: ['waiting'] }, priority: 1, when: { days: [1], windows: [{ start: '09:00', end: '10:00' }] } }, existing, screens, zone, now);
    expect(c.map((x) => x.scheduleId)).toEqual(['base']);
  });

  it('reports the first overlap instant and the shared screen count', () => {
    const c = findConflicts({ target: { hallIds: ['h1'] }, priority: 3, when: { days: [6] } }, existing, screens, zone, now);
    const weekend = c.find((x) => x.scheduleId === 'weekend')!;
    expect(weekend.firstOverlap).toBe(new Date(sh('2026-11-28T00:00:00')).toISOString());
    expect(weekend.screens).toBe(2);
    expect(weekend.message).toContain('排期weekend');
  });

  it('does not report an entry against itself when editing', () => {
    const c = findConflicts({ target: { hallIds: ['h1'] }, priority: 0 }, existing, screens, zone, now, 'base');
    expect(c.some((x) => x.scheduleId === 'base')).toBe(false);
  });
});
