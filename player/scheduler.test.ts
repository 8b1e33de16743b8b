import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Slide } from '../content/model';
import type { Manifest } from '../content/protocol';
import { Scheduler, SKIP_DELAY_MS, type PlayedReport } from './scheduler';

const T0 = Date.parse('2026-11-27T01:00:00Z'); // 09:00 in Shanghai, a Friday
const at = '2026-01-01T00:00:00.000Z';

function notice(id: string, durationMs?: number): Slide {
  return { id, type: 'notice', title: `通知 ${id}`, body: '', level: 'info', status: 'approved', durationMs, createdAt: at, updatedAt: at };
}

function manifest(version: string, slideIds: string[], extra: Partial<Manifest> = {}): Manifest {
  return {
    version,
    generatedAt: at,
    hall: { id: 'h1', name: '城东营业厅', timezone: 'Asia/Shanghai', createdAt: at },
    screen: { id: 's1', name: '大屏', hallId: 'h1', area: 'waiting', kind: 'tv', resolution: { width: 1920, height: 1080 }, counters: [], tags: [], callDisplay: 'full', createdAt: at },
    schedules: [{ id: 'e1', name: '默认', target: { all: true }, playlistId: 'p1', priority: 0, createdAt: at, updatedAt: at }],
    playlists: [{ id: 'p1', name: '默认', items: slideIds.map((slideId) => ({ slideId })), createdAt: at, updatedAt: at }],
    slides: slideIds.map((id) => notice(id, 5000)),
    overrides: [],
    ...extra,
  };
}

describe('Scheduler', () => {
  let shown: string[];
  let played: PlayedReport[];
  let showResult: (id: string) => boolean;
  let scheduler: Scheduler;

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    shown = [];
    played = [];
    showResult = () => true;
    scheduler = new Scheduler({
      now: () => Date.now(),
      show: async (id) => {
        shown.push(id);
        return showResult(id);
      },
      played: (r) => played.push(r),
    });
  });
  afterEach(() => {
    scheduler.stop();
    vi.useRealTimers();
  });

  it('plays items in order for their durations and loops', async () => {
    scheduler.setManifest(manifest('v1', ['a', 'b']));
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(shown).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(shown).toEqual(['a', 'b', 'a']);
  });

  it('reports proof of play after each slide with the time it was on screen', async () => {
    scheduler.setManifest(manifest('v1', ['a', 'b']));
    await vi.advanceTimersByTimeAsync(5000);
    expect(played).toEqual([{ slideId: 'a', startedAt: new Date(T0).toISOString(), durationMs: 5000 }]);
  });

  it('does not restart the loop when the same manifest version arrives again', async () => {
    scheduler.setManifest(manifest('v1', ['a', 'b']));
    await vi.advanceTimersByTimeAsync(3000);
    scheduler.setManifest(manifest('v1', ['a', 'b']));
    await vi.advanceTimersByTimeAsync(1000);
    expect(shown).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(shown).toEqual(['a', 'b']);
  });

  it('keeps the current slide when a new manifest still contains it', async () => {
    scheduler.setManifest(manifest('v1', ['a', 'b']));
    await vi.advanceTimersByTimeAsync(2000);
    scheduler.setManifest(manifest('v2', ['c', 'a', 'b']));
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.currentItem?.slideId).toBe('a');
    expect(played).toEqual([]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(shown.at(-1)).toBe('b');
  });

  it('switches at once when a new manifest drops the current slide', async () => {
    scheduler.setManifest(manifest('v1', ['a', 'b']));
    await vi.advanceTimersByTimeAsync(2000);
    scheduler.setManifest(manifest('v2', ['c']));
    await vi.advanceTimersByTimeAsync(0);
    expect(shown.at(-1)).toBe('c');
    expect(played).toEqual([{ slideId: 'a', startedAt: new Date(T0).toISOString(), durationMs: 2000 }]);
  });

  it('re-resolves exactly when a schedule window opens', async () => {
    const m = manifest('v1', ['a']);
    m.schedules.push({ id: 'e2', name: '午间', target: { all: true }, playlistId: 'p2', priority: 5, when: { windows: [{ start: '09:30', end: '12:00' }] }, createdAt: at, updatedAt: at });
    m.playlists.push({ id: 'p2', name: '午间', items: [{ slideId: 'noon' }], createdAt: at, updatedAt: at });
    m.slides.push(notice('noon', 60_000));
    scheduler.setManifest(m);
    await vi.advanceTimersByTimeAsync(30 * 60_000 - 1);
    expect(shown.includes('noon')).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(shown.at(-1)).toBe('noon');
  });

  it('plays the idle slide without proof of play when nothing is scheduled', async () => {
    scheduler.setManifest(manifest('v1', [], { schedules: [] }));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(shown.every((id) => id === 'idle')).toBe(true);
    expect(played).toEqual([]);
  });

  it('skip(slideId) moves on from that slide at once, and ignores a late report about another', async () => {
    scheduler.setManifest(manifest('v1', ['a', 'b', 'c']));
    await vi.advanceTimersByTimeAsync(1000);
    scheduler.skip('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(['a', 'b']);
    scheduler.skip('a'); // 'b' plays now: a stale stall report must not skip it
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(shown).toEqual(['a', 'b', 'c']);
  });

  it('skips a slide that fails to show, without proof of play', async () => {
    showResult = (id) => id !== 'a';
    scheduler.setManifest(manifest('v1', ['a', 'b']));
    await vi.advanceTimersByTimeAsync(SKIP_DELAY_MS);
    expect(shown).toEqual(['a', 'b']);
    expect(played).toEqual([]);
  });
});
