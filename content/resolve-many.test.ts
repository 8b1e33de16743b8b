import { describe, expect, it } from 'vitest';
import type { Area, Hall, Playlist, Schedule, Slide } from './model';
import type { Manifest } from './protocol';
import { resolveMany } from './resolve-many';
import { resolve } from './schedule';
import { targetsScreen } from './targeting';

const T0 = '2026-01-01T00:00:00.000Z';
const AREAS: Area[] = ['guide', 'waiting', 'counter', 'exhibition', 'selfService'];

/** A small deterministic generator, so a failure names a reproducible case. */
function rng(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
}

function district(seed: number) {
  const r = rng(seed);
  const halls: Hall[] = [
    { id: 'h0', name: '甲厅', timezone: 'Asia/Shanghai', createdAt: T0 },
    { id: 'h1', name: '乙厅', timezone: 'Europe/Berlin', createdAt: T0 },
  ];
  const screens: Manifest['screen'][] = Array.from({ length: 120 }, (_, i) => ({
    id: `s${i}`, name: `屏${i}`, hallId: `h${r(2)}`, area: AREAS[r(5)]!, kind: 'tv', resolution: { width: 1920, height: 1080 },
    counters: [], tags: r(4) === 0 ? ['vip'] : [], callDisplay: 'full', createdAt: T0,
  }));
  const slides: Slide[] = Array.from({ length: 30 }, (_, i) => ({ type: 'notice', id: `sl${i}`, title: `通知${i}`, body: '', level: 'info', status: r(6) === 0 ? 'draft' : 'approved', createdAt: T0, updatedAt: T0 }));
  const playlists: Playlist[] = Array.from({ length: 12 }, (_, i) => ({ id: `pl${i}`, name: `列表${i}`, items: Array.from({ length: 1 + r(4) }, () => ({ slideId: `sl${r(30)}` })), createdAt: T0, updatedAt: T0 }));
  const targets: Schedule['target'][] = [
    { hallIds: ['h0'] }, { areas: ['waiting'] }, { tags: ['vip'] }, { screenIds: ['s1', 's2', 's3', 's50'] },
    { hallIds: ['h1'], areas: ['counter', 'guide'] }, { all: true }, { screenIds: ['s7'], areas: ['waiting'] },
  ];
  const schedules: Schedule[] = Array.from({ length: 12 }, (_, i) => ({
    id: `e${i}`, name: `排期${i}`, target: targets[r(targets.length)]!, playlistId: `pl${r(12)}`, priority: r(3),
    createdAt: `2026-01-0${1 + r(9)}T00:00:00.000Z`, updatedAt: T0,
    ...(r(2) === 0 && { when: { windows: [{ start: '09:00', end: '12:00' }, { start: '22:00', end: '02:00' }], days: [1, 3, 5, 6] } }),
  }));
  return { halls, screens, slides, playlists, schedules };
}

describe('resolveMany() gives every screen the answer resolve() gives it alone', () => {
  it.each([1, 2, 3, 4, 5, 6])('district seed %i at several instants', (seed) => {
    const d = district(seed);
    for (const at of ['2026-11-23T10:00:00+08:00', '2026-11-28T01:00:00+08:00', '2026-03-29T02:30:00+02:00']) {
      const now = Date.parse(at);
      const many = resolveMany(d, d.screens, now);
      for (const screen of d.screens) {
        const hall = d.halls.find((h) => h.id === screen.hallId)!;
        const schedules = d.schedules.filter((s) => targetsScreen(s.target, screen));
        const alone = resolve({ version: '', generatedAt: '', screen, hall, schedules, playlists: d.playlists, slides: d.slides, overrides: [] }, now);
        const got = many.get(screen.id)!;
        expect({ items: got.items, next: got.nextChangeAt }, `${screen.id} at ${at}`).toEqual({ items: alone.items, next: alone.nextChangeAt });
      }
    }
  });
});
