import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Manifest } from '../content/protocol';
import { Scheduler } from './scheduler';
import { MIN_SCALED_SLIDE_MS, readTimeScale } from './screen-params';

const at = '2026-01-01T00:00:00.000Z';

function manifest(durationMs: number): Manifest {
  const notice = (id: string) => ({ id, type: 'notice' as const, title: id, body: '', level: 'info' as const, status: 'approved' as const, durationMs, createdAt: at, updatedAt: at });
  return {
    version: 'v1',
    generatedAt: at,
    hall: { id: 'h1', name: '城东营业厅', timezone: 'Asia/Shanghai', createdAt: at },
    screen: { id: 's1', name: '大屏', hallId: 'h1', area: 'waiting', kind: 'tv', resolution: { width: 1920, height: 1080 }, counters: [], tags: [], callDisplay: 'full', createdAt: at },
    schedules: [{ id: 'e1', name: '默认', target: { all: true }, playlistId: 'p1', priority: 0, createdAt: at, updatedAt: at }],
    playlists: [{ id: 'p1', name: '默认', items: [{ slideId: 'a' }, { slideId: 'b' }], createdAt: at, updatedAt: at }],
    slides: [notice('a'), notice('b')],
    overrides: [],
  } as Manifest;
}

describe('readTimeScale (soak test hook)', () => {
  it('is honoured only together with test=1, and only speeds up', () => {
    expect(readTimeScale('?test=1&timeScale=0.02')).toBe(0.02);
    expect(readTimeScale('?timeScale=0.02')).toBe(1);
    expect(readTimeScale('?test=1&timeScale=5')).toBe(1);
    expect(readTimeScale('?test=1&timeScale=0')).toBe(1);
    expect(readTimeScale('?test=1&timeScale=abc')).toBe(1);
    expect(readTimeScale('')).toBe(1);
  });
});

describe('Scheduler with a time scale', () => {
  afterEach(() => vi.useRealTimers());

  it('multiplies durations, never below the floor', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-27T01:00:00Z') });
    const shown: string[] = [];
    const scheduler = new Scheduler({ now: () => Date.now(), show: async (id) => (shown.push(id), true), played: () => {}, timeScale: 0.02 });
    scheduler.setManifest(manifest(10_000));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(shown).toEqual(['a', 'b']);
    scheduler.stop();

    const floored: string[] = [];
    const fast = new Scheduler({ now: () => Date.now(), show: async (id) => (floored.push(id), true), played: () => {}, timeScale: 0.001 });
    fast.setManifest(manifest(10_000));
    await vi.advanceTimersByTimeAsync(MIN_SCALED_SLIDE_MS - 1);
    expect(floored).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(floored).toEqual(['a', 'b']);
    fast.stop();
  });
});
