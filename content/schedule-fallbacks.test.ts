import { describe, expect, it } from 'vitest';
import type { Hall, Schedule, Slide } from './model';
import type { Manifest } from './protocol';
import { IDLE_SLIDE_ID, STANDBY_SLIDE_ID, resolve } from './schedule';

const T0 = '2026-01-01T00:00:00.000Z';
const sh = (local: string): number => Date.parse(`${local}+08:00`);
const slide = (id: string, extra: Partial<Slide> = {}): Slide =>
  ({ type: 'notice', id, title: id, body: '', level: 'info', status: 'approved', createdAt: T0, updatedAt: T0, ...extra }) as Slide;

function manifest(opts: { hall?: Partial<Hall>; screenDefault?: string; area?: Manifest['screen']['area']; schedules?: Schedule[]; slides?: Slide[] } = {}): Manifest {
  const hall: Hall = { id: 'h1', name: '示范营业厅', timezone: 'Asia/Shanghai', createdAt: T0, ...opts.hall };
  const screen: Manifest['screen'] = {
    id: 's1', name: '电视', hallId: 'h1', area: opts.area ?? 'waiting', kind: 'tv', resolution: { width: 1920, height: 1080 },
    counters: [], tags: [], callDisplay: 'full', createdAt: T0, ...(opts.screenDefault && { defaultPlaylistId: opts.screenDefault }),
  };
  const slides = opts.slides ?? [slide('scr-1'), slide('area-1'), slide('hall-1'), slide('sched-1')];
  const playlists = ['scr', 'area', 'hall', 'sched'].map((p) => ({ id: `pl-${p}`, name: `列表${p}`, items: slides.filter((s) => s.id.startsWith(`${p}-`)).map((s) => ({ slideId: s.id })), createdAt: T0, updatedAt: T0 }));
  return { version: 'v', generatedAt: T0, screen, hall, schedules: opts.schedules ?? [], playlists, slides, overrides: [] };
}
const entry = (when?: Schedule['when']): Schedule => ({ id: 'e1', name: '节目', target: { hallIds: ['h1'] }, playlistId: 'pl-sched', priority: 0, createdAt: T0, updatedAt: T0, ...(when && { when }) });
const ids = (m: Manifest, at: number) => resolve(m, at).items.map((i) => i.slideId);
const NOON = sh('2026-11-23T12:00:00');

describe('resolve() falls back to default content when nothing is scheduled', () => {
  it.each([
    ['the screen default first', { screenDefault: 'pl-scr', hall: { areaDefaults: { waiting: 'pl-area' }, defaultPlaylistId: 'pl-hall' } }, ['scr-1'], '本屏'],
    ['then the area default', { hall: { areaDefaults: { waiting: 'pl-area' }, defaultPlaylistId: 'pl-hall' } }, ['area-1'], '本区域'],
    ['an area default of another area does not apply', { hall: { areaDefaults: { counter: 'pl-area' }, defaultPlaylistId: 'pl-hall' } }, ['hall-1'], '本营业厅'],
    ['then the hall default', { hall: { defaultPlaylistId: 'pl-hall' } }, ['hall-1'], '本营业厅'],
    ['else the idle slide', {}, [IDLE_SLIDE_ID], '待机画面'],
  ] as const)('%s', (_name, opts, expected, words) => {
    const m = manifest(opts as Parameters<typeof manifest>[0]);
    const r = resolve(m, NOON);
    expect(r.items.map((i) => i.slideId)).toEqual(expected);
    expect(r.trace.at(-1)!.message).toContain(words);
  });

  it('skips a default whose slides are unapproved or expired and takes the next one', () => {
    const m = manifest({ screenDefault: 'pl-scr', hall: { defaultPlaylistId: 'pl-hall' }, slides: [slide('scr-1', { status: 'draft' }), slide('hall-1', { validTo: '2026-11-01T00:00:00Z' }), slide('area-1')] });
    expect(ids(m, NOON)).toEqual([IDLE_SLIDE_ID]);
  });

  it('does not use defaults while an entry plays, and switches to them when its window ends', () => {
    const m = manifest({ hall: { defaultPlaylistId: 'pl-hall' }, schedules: [entry({ windows: [{ start: '09:00', end: '13:00' }] })] });
    expect(ids(m, NOON)).toEqual(['sched-1']);
    const r = resolve(m, NOON);
    expect(r.nextChangeAt).toBe(new Date(sh('2026-11-23T13:00:00')).toISOString());
    expect(ids(m, sh('2026-11-23T13:00:00'))).toEqual(['hall-1']);
  });
});

describe('resolve() shows standby outside the area business hours', () => {
  const hours = { waiting: { windows: [{ start: '08:30', end: '17:30' }], days: [1, 2, 3, 4, 5] } };

  it.each([
    ['inside hours plays the schedule', '2026-11-23T09:00:00', 'waiting', ['sched-1']],
    ['before opening is standby', '2026-11-23T08:29:00', 'waiting', [STANDBY_SLIDE_ID]],
    ['after closing is standby', '2026-11-23T17:30:00', 'waiting', [STANDBY_SLIDE_ID]],
    ['Saturday is standby', '2026-11-28T10:00:00', 'waiting', [STANDBY_SLIDE_ID]],
    ['the self-service area has no hours and runs 24 h', '2026-11-23T03:00:00', 'selfService', ['sched-1']],
  ] as const)('%s', (_name, local, area, expected) => {
    const m = manifest({ area, hall: { hours }, schedules: [entry()] });
    expect(ids(m, sh(local))).toEqual(expected);
  });

  it('says why in the trace and names blank mode', () => {
    const r = resolve(manifest({ hall: { hours, standby: 'blank' }, schedules: [entry()] }), sh('2026-11-23T20:00:00'));
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'outsideHours' });
    expect(r.trace.at(-1)!.message).toContain('黑屏');
  });

  it('changes exactly at opening and closing time', () => {
    const m = manifest({ hall: { hours }, schedules: [entry()] });
    expect(resolve(m, sh('2026-11-23T07:00:00')).nextChangeAt).toBe(new Date(sh('2026-11-23T08:30:00')).toISOString());
    expect(resolve(m, sh('2026-11-23T12:00:00')).nextChangeAt).toBe(new Date(sh('2026-11-23T17:30:00')).toISOString());
    expect(resolve(m, sh('2026-11-27T18:00:00')).nextChangeAt).toBe(new Date(sh('2026-11-30T08:30:00')).toISOString());
  });
});
