/** Rule 6 of the resolver (which layout a screen uses) and zone playlists; the layout schema's rules. */
import { describe, expect, it } from 'vitest';
import { LAYOUT_TEMPLATES } from './layout-templates';
import { LayoutInput, type Hall, type Layout, type Schedule, type Slide } from './model';
import type { Manifest } from './protocol';
import { resolve, zonePlaylistItems } from './schedule';

const T0 = '2026-01-01T00:00:00.000Z';
const sh = (local: string): number => Date.parse(`${local}+08:00`);
const notice = (id: string, extra: Partial<Slide> = {}): Slide =>
  ({ type: 'notice', id, title: id, body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0, ...extra }) as Slide;
const layout = (id: string): Layout => ({ id, name: id, kind: 'tv', zones: [{ id: 'main', name: '主', x: 0, y: 0, w: 1, h: 1, content: { type: 'main' } }], createdAt: T0, updatedAt: T0 });
const entry = (id: string, extra: Partial<Schedule> = {}): Schedule => ({
  id, name: id, target: { hallIds: ['h'] }, playlistId: 'pl', priority: 0, createdAt: T0, updatedAt: T0, ...extra,
});

function manifest(schedules: Schedule[], screenLayout?: string, hall: Partial<Hall> = {}): Manifest {
  return {
    version: 'v', generatedAt: T0,
    hall: { id: 'h', name: '营业厅', timezone: 'Asia/Shanghai', createdAt: T0, ...hall },
    screen: {
      id: 's', name: '屏', hallId: 'h', area: 'waiting', kind: 'tv', resolution: { width: 1920, height: 1080 },
      counters: [], tags: [], callDisplay: 'full', createdAt: T0, ...(screenLayout && { layoutId: screenLayout }),
    },
    schedules,
    playlists: [
      { id: 'pl', name: 'p', items: [{ slideId: 'a' }], createdAt: T0, updatedAt: T0 },
      { id: 'side', name: 'side', items: [{ slideId: 'a' }, { slideId: 'draft' }, { slideId: 'later', durationMs: 5000 }], createdAt: T0, updatedAt: T0 },
    ],
    slides: [notice('a'), notice('draft', { status: 'draft' }), notice('later', { validFrom: '2026-11-24T00:00:00+08:00' })],
    overrides: [],
    layouts: [layout('L1'), layout('L2'), layout('LS')],
  };
}

const MON = sh('2026-11-23T10:00:00');

describe('resolve() picks the layout (rule 6)', () => {
  it.each<[string, Schedule[], string | undefined, string | undefined]>([
    ['no layout anywhere: the whole screen', [entry('e')], undefined, undefined],
    ['the screen layout when the entry names none', [entry('e')], 'LS', 'LS'],
    ['the entry layout beats the screen layout', [entry('e', { layoutId: 'L1' })], 'LS', 'L1'],
    ['among equal priorities, the first in loop order that names one', [entry('a1'), entry('b2', { layoutId: 'L2', createdAt: '2026-02-01T00:00:00Z' })], undefined, 'L2'],
    ['a more specific entry comes first in loop order', [entry('hall', { layoutId: 'L1' }), entry('scr', { layoutId: 'L2', target: { screenIds: ['s'] } })], undefined, 'L2'],
    ['a lower-priority entry never lends its layout', [entry('hi', { priority: 5 }), entry('lo', { layoutId: 'L1' })], 'LS', 'LS'],
    ['the default content plays in the screen layout', [], 'LS', 'LS'],
  ])('%s', (_name, schedules, screenLayout, expected) => {
    expect(resolve(manifest(schedules, screenLayout), MON).layoutId).toBe(expected);
  });

  it('standby fills the whole screen whatever the layout', () => {
    const m = manifest([entry('e', { layoutId: 'L1' })], 'LS', { hours: { waiting: { windows: [{ start: '09:00', end: '17:00' }] } } });
    expect(resolve(m, sh('2026-11-23T20:00:00')).layoutId).toBeUndefined();
    expect(resolve(m, MON).layoutId).toBe('L1');
  });

  it('an evening entry with its own layout: nextChangeAt stops at its start', () => {
    const m = manifest([entry('base'), entry('evening', { layoutId: 'L1', priority: 0, when: { windows: [{ start: '18:00', end: '20:00' }] }, playlistId: 'pl' })]);
    expect(resolve(m, MON).nextChangeAt).toBe(new Date(sh('2026-11-23T18:00:00')).toISOString());
  });
});

describe('zonePlaylistItems()', () => {
  it('keeps approved items valid now, with their durations', () => {
    expect(zonePlaylistItems(manifest([]), 'side', MON).map((i) => i.slideId)).toEqual(['a']);
    const later = zonePlaylistItems(manifest([]), 'side', sh('2026-11-24T10:00:00'));
    expect(later.map((i) => [i.slideId, i.durationMs])).toEqual([['a', 10_000], ['later', 5000]]);
  });
  it('an unknown playlist plays nothing', () => {
    expect(zonePlaylistItems(manifest([]), 'nope', MON)).toEqual([]);
  });
});

describe('LayoutInput', () => {
  it.each(LAYOUT_TEMPLATES.map((t) => [t.id, t] as const))('template %s is a valid layout of its kind', (_id, t) => {
    const parsed = LayoutInput.parse(t.build());
    expect(parsed.kind).toBe(t.kind);
    for (const z of parsed.zones) {
      expect(z.x + z.w).toBeLessThanOrEqual(1.0001);
      expect(z.y + z.h).toBeLessThanOrEqual(1.0001);
    }
  });
  it('template zones of a kind do not overlap', () => {
    for (const t of LAYOUT_TEMPLATES) {
      const zones = t.build().zones;
      for (const a of zones)
        for (const b of zones) {
          if (a === b) continue;
          const overlap = a.x < b.x + b.w - 1e-9 && b.x < a.x + a.w - 1e-9 && a.y < b.y + b.h - 1e-9 && b.y < a.y + a.h - 1e-9;
          expect(overlap, `${t.id}: ${a.id} overlaps ${b.id}`).toBe(false);
        }
    }
  });
  it.each([
    ['an uppercase zone id', { id: 'Main' }],
    ['a zero width', { w: 0 }],
    ['a negative x', { x: -0.1 }],
    ['a zone past the right edge', { x: 0.5, w: 0.6 }],
  ])('refuses %s', (_name, patch) => {
    const base = { name: 'L', kind: 'tv', zones: [{ id: 'main', name: '主', x: 0, y: 0, w: 1, h: 1, content: { type: 'main' }, ...patch }] };
    expect(LayoutInput.safeParse(base).success).toBe(false);
  });
});
